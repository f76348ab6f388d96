package cparse

import (
	"bytes"
	"fmt"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/kdlint/kdlint/ir"
	"github.com/kdlint/kdlint/kmodel"
)

// The module stage's fast paths must decide exactly as the plain ones:
// each test holds the plain answer next to the fast one, on inputs where
// a careless fast path would differ.

func testGraph(t *testing.T) *mentionGraph {
	t.Helper()
	model := kmodel.Default()
	names := newModuleNames(model)
	names.macros["MY_MACRO"] = true
	return newMentionGraph(names, model.RelevantNames(ruleNeeds.Union(kmodel.Needs{Locks: []kmodel.LockClass{kmodel.Spin, kmodel.Mutex, kmodel.Semaphore}})))
}

func TestInternTokIsIntern(t *testing.T) {
	long := "abcdefghijklmnopqrstuvwxyz012345" // 32 bytes
	var words []string
	for n := 1; n <= 40; n++ {
		words = append(words, strings.Repeat("x", n))
	}
	words = append(words, long, long+"X", long+"Y", long[:31]+"A", long[:16]+"A", long[:8], long[:9], long[:16], long[:17], long[:24], long[:25], long[:31], "ab", "abc", "a_b", "a", "MY_MACRO", "mutex_lock", "spin_lock")
	for i := range 3000 { // past every growth of the table
		words = append(words, fmt.Sprintf("name_%d", i))
	}
	text := strings.Join(words, " ") + " " + strings.Join(words, "\n") + " x ab " + long
	s := scan([]byte(text))
	g := testGraph(t)
	g.short.init(4)
	ids := map[string]nameID{}
	for _, tk := range s.toks {
		if tk.kind != tIdent {
			continue
		}
		name := s.text(tk)
		id := g.internTok(s, tk)
		if want, ok := ids[name]; ok && id != want {
			t.Fatalf("%q: id %d, then %d", name, want, id)
		}
		ids[name] = id
		if plain := g.intern(name); plain != id {
			t.Fatalf("%q: internTok %d, intern %d", name, id, plain)
		}
		if g.names[id] != name {
			t.Fatalf("id %d of %q names %q", id, name, g.names[id])
		}
		if got, ok := g.lookup(name); !ok || got != id {
			t.Fatalf("%q: lookup %d %v, interned %d", name, got, ok, id)
		}
	}
	for _, absent := range []string{"y", "xy", long + "Z", long[:15] + "B", strings.Repeat("x", 41), "name_3000"} {
		if id, ok := g.lookup(absent); ok {
			t.Errorf("%q: lookup gives %d, never interned", absent, id)
		}
	}
	// Distinct names, distinct ids: those sharing their first 16 bytes
	// or differing only in length too.
	seen := map[nameID]string{}
	for name, id := range ids {
		if other, ok := seen[id]; ok {
			t.Errorf("%q and %q share id %d", name, other, id)
		}
		seen[id] = name
	}
	if len(ids) != len(words) {
		t.Errorf("%d names interned, want %d", len(ids), len(words))
	}
}

// Names interned before reserve keep their ids after it (the short ones
// are in the short names' table only, which reserve makes again).
func TestReserveKeepsNames(t *testing.T) {
	g := testGraph(t)
	words := []string{"a", "abc", "sixteen_bytes_ab", "seventeen_bytes_a", "spin_lock"}
	ids := map[string]nameID{}
	for _, w := range words {
		ids[w] = g.intern(w)
	}
	f := &srcFile{scan: scan([]byte(strings.Repeat("x y z ", 2000)))}
	g.reserve([]*srcFile{f})
	for _, w := range words {
		if id, ok := g.lookup(w); !ok || id != ids[w] {
			t.Errorf("%q: lookup %d %v after reserve, was %d", w, id, ok, ids[w])
		}
		if id := g.intern(w); id != ids[w] {
			t.Errorf("%q: interned again as %d, was %d", w, id, ids[w])
		}
	}
}

func TestNameTableIsNameFlags(t *testing.T) {
	g := testGraph(t)
	sets := g.sets
	var names []string
	for _, m := range []map[string]bool{g.model, sets.Anywhere, sets.InAtomic, sets.RegistersAtomic, sets.OpensAtomic, sets.AtomicFields, sets.Near} {
		for n := range m {
			names = append(names, n)
		}
	}
	for _, l := range sets.Locks {
		for n := range l {
			names = append(names, n)
		}
	}
	for _, p := range sets.InAtomicPrefixes {
		names = append(names, p+"_something", "x"+p)
	}
	names = append(names, "foo_probe", "", "->()ops.reset")
	if len(sets.InAtomicPrefixes) == 0 || len(sets.Locks) == 0 {
		t.Fatal("the needs have no prefixes or no locks: the test tests nothing")
	}
	flagged := 0
	for _, n := range names {
		want := nameInfo{nameFlags(n, g.model, sets), sets.LockGroups(n)}
		if got := g.table.info(n); got != want {
			t.Errorf("%q: table %+v, nameFlags %+v", n, got, want)
		}
		if want.flags != 0 {
			flagged++
		}
	}
	if flagged == 0 {
		t.Error("no name has a flag")
	}
}

func TestSetLinesIsSetLinesForContent(t *testing.T) {
	for _, text := range []string{"", "a", "\n", "a\n", "a\nb", "\n\n", "x\n\ny\n", "int x;\r\n\tint y;\n}"} {
		fs := token.NewFileSet()
		want := fs.AddFile("want", -1, len(text))
		want.SetLinesForContent([]byte(text))
		got := fs.AddFile("got", -1, len(text))
		setLines(got, []byte(text))
		if !reflect.DeepEqual(got.Lines(), want.Lines()) {
			t.Errorf("%q: setLines %v, SetLinesForContent %v", text, got.Lines(), want.Lines())
		}
		var plain []int
		plain = append(plain, 0)
		for i, c := range []byte(text) {
			if c == '\n' {
				plain = append(plain, i+1)
			}
		}
		if ls := lineStarts([]byte(text)); !reflect.DeepEqual(ls, plain) {
			t.Errorf("%q: lineStarts %v, want %v", text, ls, plain)
		}
	}
}

func TestScanCommentsKeepLines(t *testing.T) {
	cases := []struct {
		src  string
		line int32 // of the token "x"
		open bool
	}{
		{"/* a\nb\n*/ x", 3, false},
		{"/**/x", 1, false},
		{"/*/ */x", 1, false},
		{"// a \\\n b\nx", 3, false},
		{"// a \\\\\n b\nx", 3, false}, // a backslash before the newline continues the comment
		{"// a\n x", 2, false},
		{"x // at the end", 1, false},
		{"x /* open\n\n", 1, true},
	}
	for _, c := range cases {
		s := scan([]byte(c.src))
		var got []string
		for _, tk := range s.toks {
			got = append(got, s.text(tk))
		}
		if len(s.toks) != 1 || s.text(s.toks[0]) != "x" || s.toks[0].line != c.line {
			t.Errorf("%q: tokens %q (line %v), want x at line %d", c.src, got, s.toks, c.line)
		}
		if s.openComment != c.open || c.open && s.openCommentAt != strings.Index(c.src, "/*") {
			t.Errorf("%q: open comment %v at %d, want %v", c.src, s.openComment, s.openCommentAt, c.open)
		}
	}
	// After a comment, a directive still starts its line.
	s := scan([]byte("/* a\n */\n#define A 1\nint y;"))
	if len(s.directives) != 1 || s.directives[0].line != 3 || s.toks[0].line != 4 {
		t.Errorf("directives %+v, tokens %+v", s.directives, s.toks)
	}
}

func TestMayAnnotateByTokens(t *testing.T) {
	for src, want := range map[string]bool{
		"void f(void) __acquires(l);":                  true,
		"void g(void) __attribute__((noreturn));":      true,
		"#if 0\nvoid h(void) __releases(l);\n#endif\n": true, // alternative branches too
		"_Noreturn void k(void);":                      true,
		"/* __acquires(l) */ void f(void);":            false, // a comment holds no annotation
		"void my_noreturn_helper(void);":               false, // nor a longer name
		"int x;":                                       false,
	} {
		if got := mayAnnotate(scan([]byte(src))); got != want {
			t.Errorf("%q: mayAnnotate %v, want %v", src, got, want)
		}
	}
}

func TestMentionsAnyByToken(t *testing.T) {
	names := map[string]bool{"system_bh_wq": true, "WQ_BH": true}
	for src, want := range map[string]bool{
		"queue_work(system_bh_wq, &w);":     true,
		"alloc_workqueue(\"x\", WQ_BH, 0);": true,
		"queue_work(my_system_bh_wq, &w);":  false, // the name inside a longer one
		"/* system_bh_wq */ int x;":         false,
		"int WQ_BHX;":                       false,
	} {
		f := &srcFile{scan: scan([]byte(src))}
		if got := mentionsAny([]*srcFile{f}, names); got != want {
			t.Errorf("%q: mentionsAny %v, want %v", src, got, want)
		}
	}
}

func TestReadSourceSaysWhy(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a.c")
	text := strings.Repeat("int x;\n", 1000)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, failed := readSource(p, 1<<20); failed != "" || string(got) != text {
		t.Errorf("read %d bytes, failed %q; want %d bytes", len(got), failed, len(text))
	}
	if _, failed := readSource(p, 100); !strings.HasPrefix(failed, "file too large") {
		t.Errorf("over the limit: %q", failed)
	}
	if _, failed := readSource(filepath.Join(dir, "none.c"), 1<<20); failed != "cannot read: no such file or directory" {
		t.Errorf("missing: %q", failed)
	}
	if _, failed := readSource(dir, 1<<20); failed != "cannot read: is a directory" {
		t.Errorf("a directory: %q", failed)
	}
	if got := absPath("x/../y.c"); got != mustAbs(t, "y.c") {
		t.Errorf("absPath %q, want %q", got, mustAbs(t, "y.c"))
	}
	if got := absPath("/a/./b.c"); got != "/a/b.c" {
		t.Errorf("absPath %q", got)
	}
	src := readModule(token.NewFileSet(), dir, []string{p}, moduleConfig(&Config{}, []string{p}), ir.NewModule(dir))
	for _, q := range []string{"x/../y.c", "/a/./b.c", "a.c", ".", "../z/", p} {
		if got, want := src.abs(q), absPath(q); got != want {
			t.Errorf("abs(%q) %q, absPath %q", q, got, want)
		}
	}
}

func mustAbs(t *testing.T, p string) string {
	t.Helper()
	a, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// eachDirectivePlain is eachDirective as it was, with bytes.IndexAny.
func eachDirectivePlain(src []byte, fn func(start, end int)) {
	for i := 0; i < len(src); {
		j := bytes.IndexAny(src[i:], "#/\"'")
		if j < 0 {
			return
		}
		j += i
		switch src[j] {
		case '/':
			i = commentEnd(src, j)
		case '"', '\'':
			_, i = scanQuoted(src, j)
		default:
			k := j - 1
			for k >= 0 && (src[k] == ' ' || src[k] == '\t') {
				k--
			}
			if k >= 0 && src[k] != '\n' {
				i = j + 1
				continue
			}
			end := directiveEnd(src, j)
			fn(j, end)
			i = max(end, j+1)
			if open := bytes.LastIndex(src[j:end], []byte("/*")); open >= 0 && !bytes.Contains(src[j+open+2:end], []byte("*/")) {
				i = commentEnd(src, j+open)
			}
		}
	}
}

func TestEachDirectiveIsPlain(t *testing.T) {
	texts := []string{
		"#define A 1 /* open\n#define B */ 2\n#if A\n# endif\n",
		"x = '#'; /* #if 0 */ s = \"#x\"; // #if 1\n#include \"a.h\"\n",
		"  #  ifdef X \\\n Y\n#endif",
		"a # b\n#\n#define C \"unterminated\n#endif",
		"/* never closed #if\n#define D",
		"#define E(x) #x // c\n\t#undef E",
	}
	paths, _ := filepath.Glob("../testdata/drivers/*/*.[ch]")
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(b))
	}
	if len(paths) == 0 {
		t.Fatal("no sample drivers")
	}
	for _, text := range texts {
		var got, want [][2]int
		eachDirective([]byte(text), func(s, e int) { got = append(got, [2]int{s, e}) })
		eachDirectivePlain([]byte(text), func(s, e int) { want = append(want, [2]int{s, e}) })
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%.40q: directives %v, want %v", text, got, want)
		}
	}
}

func TestSplitMayBuildIsPasteMayBuild(t *testing.T) {
	globs := []string{"foo_*_probe", "*_isr", "bar*", "exact"}
	split := make([][]string, len(globs))
	for i, g := range globs {
		split[i] = strings.Split(g, "*")
	}
	matched := 0
	for _, name := range []string{"foo_x_probe", "foo__probe", "foo_probe", "my_isr", "_isr", "isr", "bar", "barx", "xbar", "exact", "exactly", ""} {
		want := pasteMayBuild(globs, name)
		if got := splitMayBuild(split, name); got != want {
			t.Errorf("%q: splitMayBuild %v, pasteMayBuild %v", name, got, want)
		}
		if want {
			matched++
		}
	}
	if matched == 0 {
		t.Error("no name matches: the test tests nothing")
	}
}
