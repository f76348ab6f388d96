package cparse

import (
	"fmt"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/kdlint/kdlint/ir"
	"github.com/kdlint/kdlint/kmodel"
)

// The scan's marks (scanned.structs, unions, enums, annot), the line
// tables decisions share and the memory of header resolution must give
// exactly what the passes over every token, lineStarts and the plain
// search give. Each test holds the plain way next to the fast one.

// preprocessedDirs reads and preprocesses the sample drivers' modules, a
// module of texts where a fast path could differ, and the modules of
// KDLINT_PLAIN_DIR (a kernel tree's directory, optional).
func preprocessedDirs(t *testing.T) []*moduleSources {
	t.Helper()
	root := writeTree(t, map[string]string{
		"m/a.c": "#include \"a.h\"\n#if\\\n X\nstruct s { int a; };\n#endif\n#if 0\nenum { A = 1, B };\n#endif\n" +
			"enum e { C = 2, D, E = C + 4 };\nenum { F } x; enum g y;\nunion u { int i; long l[2]; struct s s; };\n" +
			"void f(void) __acquires(l);\n#ifdef\\\nX\nunion { int k; };\n#endif\nstruct\nt\n{ int b; };\n" +
			"#include \"a.h\"\n#define Y 1\n#include \"a.h\"\n",
		"m/a.h":   "#ifndef Y\nstruct h { int c; };\n#else\nenum { G = 3 };\n#endif\nstatic void __noreturn die(void);\n",
		"m/b.c":   "#include \"../inc/c.h\"\n#include \"../inc/c.h\"\n#include \"nowhere.h\"\n#include \"nowhere.h\"\nint b;\n",
		"inc/c.h": "struct c { int d; }; enum { H } __packed;\n",
		// t.h's second decision shares its text (only v.h's differs),
		// and is named after u.h's typedef: then x is a variable.
		"n/main.c": "#include \"t.h\"\n#define Z 1\n#include \"t.h\"\n",
		"n/t.h":    "#include \"v.h\"\nfoo_t x;\n",
		"n/u.h":    "typedef int foo_t;\n",
		"n/v.h":    "#ifdef Z\n#endif\n",
		// h.h's second decision shares its text, and its REG, defined
		// after k.h's, is the one that registers foo_irq; g.h's has its
		// own text, which alone defines g1.
		"p/p.c": "#include \"h.h\"\n#include \"k.h\"\n#define FOO\n#include \"h.h\"\n" +
			"static int foo_irq(int i, void *d) { g1(); return 0; }\nint probe(void) { return REG(foo); }\n",
		"p/h.h": "#include \"g.h\"\n#define REG(x) request_irq(0, x##_irq, 0, \"\", 0)\n",
		"p/g.h": "#ifdef FOO\nstatic inline void g1(void) { msleep(1); }\n#endif\n",
		"p/k.h": "#define REG(x) x##_other\n",
	})
	dirs := []string{filepath.Join(root, "m"), filepath.Join(root, "n"), filepath.Join(root, "p")}
	samples, _ := filepath.Glob("../testdata/drivers/*")
	dirs = append(dirs, samples...)
	if d := os.Getenv("KDLINT_PLAIN_DIR"); d != "" {
		filepath.WalkDir(d, func(p string, e os.DirEntry, err error) error {
			if err == nil && e.IsDir() {
				dirs = append(dirs, p)
			}
			return nil
		})
	}
	var out []*moduleSources
	for _, d := range dirs {
		paths, _ := filepath.Glob(filepath.Join(d, "*.[ch]"))
		if len(paths) == 0 {
			continue
		}
		cfg := moduleConfig(&Config{}, paths)
		src := readModule(token.NewFileSet(), d, paths, cfg, ir.NewModule(d))
		preprocess(src)
		out = append(out, src)
	}
	if len(out) < 10 {
		t.Fatalf("%d modules", len(out))
	}
	return out
}

func TestScanMarksArePlain(t *testing.T) {
	km := kmodel.Default()
	for _, src := range preprocessedDirs(t) {
		files := append(src.all(), src.config()...)
		for _, f := range files {
			if got, want := f.structTags(), structTagsPlain(f.scan); !reflect.DeepEqual(got, want) {
				t.Errorf("%s: structTags %q, want %q", f.rel, got, want)
			}
			if got, want := mayAnnotate(f.scan), mayAnnotatePlain(f.scan); got != want {
				t.Errorf("%s: mayAnnotate %v, want %v", f.rel, got, want)
			}
			vals, bad := map[string]int64{}, map[string]bool{}
			if len(f.scan.enums) > 0 {
				fileEnums(f.scan, vals, bad, km)
			}
			pvals, pbad := map[string]int64{}, map[string]bool{}
			fileEnumsPlain(f.scan, pvals, pbad, km)
			if !reflect.DeepEqual(vals, pvals) || !reflect.DeepEqual(bad, pbad) {
				t.Errorf("%s: enums %v %v, want %v %v", f.rel, vals, bad, pvals, pbad)
			}
		}
		if got, want := unionMembers(files), unionMembersPlain(files); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: unionMembers %v, want %v", src.dir, got, want)
		}
	}
}

// TestDecisionsShareLines: a decision's line table is its text's, shared
// with the file as read when no newline moved.
func TestDecisionsShareLines(t *testing.T) {
	moved := false
	for _, src := range preprocessedDirs(t) {
		for _, f := range src.all() {
			if want := lineStarts(f.src); !reflect.DeepEqual(f.lines, want) {
				t.Errorf("%s: lines %v, want %v", f.rel, f.lines, want)
			}
			if f.rawDirs != nil && !reflect.DeepEqual(f.rawDirs, directiveRanges(f.raw)) {
				t.Errorf("%s: directives %v, want %v", f.rel, f.rawDirs, directiveRanges(f.raw))
			}
			if f.rel == "a.c" {
				// "#if\\\n X" rewritten to "#if 1 " moves a newline.
				moved = len(f.lines) != len(lineStarts(f.raw))
			}
		}
	}
	if !moved {
		t.Error("a.c: no newline moved")
	}
}

// TestResolveIsFind: what resolve remembers is what a new search finds.
func TestResolveIsFind(t *testing.T) {
	for _, src := range preprocessedDirs(t) {
		for k, f := range src.headers.resolved {
			from := &srcFile{rel: k.rel + "/x.c", path: filepath.Join(k.dir, "x.c")}
			if k.rel == "." {
				from.rel = "x.c"
			}
			if got := src.headers.find(from, k.name); got != f {
				t.Errorf("%s: %+v: resolve %v, find %v", src.dir, k, f, got)
			}
		}
	}
}

func structTagsPlain(s *scanned) []string {
	var out []string
	for i := 0; i+2 < len(s.toks); i++ {
		t := s.toks[i]
		if t.kind == tIdent && t.end-t.off == 6 && !t.alt && s.text(t) == "struct" && s.toks[i+1].kind == tIdent && s.is(i+2, "{") {
			out = append(out, strings.Clone(s.text(s.toks[i+1])))
		}
	}
	return out
}

func mayAnnotatePlain(s *scanned) bool {
	for _, t := range s.toks {
		if t.kind != tIdent || t.end-t.off < 8 || t.end-t.off > 12 {
			continue
		}
		switch s.text(t) {
		case "__acquires", "__releases", "__must_hold", "noreturn", "__noreturn", "_Noreturn", "__noreturn__":
			return true
		}
	}
	return false
}

func unionMembersPlain(files []*srcFile) map[string]bool {
	var out map[string]bool
	for _, f := range files {
		s := f.scan
		if s == nil {
			continue
		}
		for i := 0; i+1 < len(s.toks); i++ {
			t := s.toks[i]
			if t.kind != tIdent || t.alt || s.text(t) != "union" {
				continue
			}
			j := i + 1
			if s.toks[j].kind == tIdent {
				j++
			}
			if !s.is(j, "{") {
				continue
			}
			depth := 0
			for k := j; k < len(s.toks); k++ {
				switch {
				case s.is(k, "{"):
					depth++
				case s.is(k, "}"):
					depth--
				case depth == 1 && s.toks[k].kind == tIdent && (s.is(k+1, ";") || s.is(k+1, ",") || s.is(k+1, ":") || s.is(k+1, "[")):
					if out == nil {
						out = map[string]bool{}
					}
					out[strings.Clone(s.text(s.toks[k]))] = true
				}
				if depth == 0 {
					break
				}
			}
		}
	}
	return out
}

func fileEnumsPlain(s *scanned, vals map[string]int64, bad map[string]bool, km *kmodel.Model) {
	toks := s.toks
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.kind != tIdent || t.alt || s.text(t) != "enum" {
			continue
		}
		j := i + 1
		if j < len(toks) && toks[j].kind == tIdent {
			j++
		}
		if !s.is(j, "{") {
			continue
		}
		next, known := int64(0), true
		for j++; j < len(toks) && !s.is(j, "}"); {
			if toks[j].kind != tIdent {
				break
			}
			name := strings.Clone(s.text(toks[j]))
			j++
			val := next
			if s.is(j, "=") {
				end := j + 1
				for depth := 0; end < len(toks); end++ {
					if depth == 0 && (s.is(end, ",") || s.is(end, "}")) {
						break
					}
					if s.is(end, "(") {
						depth++
					} else if s.is(end, ")") {
						depth--
					}
				}
				ev := &enumEval{s: s, toks: toks[j+1 : end], vals: vals, km: km}
				v, ok := ev.expr(0)
				known = ok && ev.pos == len(ev.toks)
				val = v
				j = end
			}
			if known {
				if old, dup := vals[name]; dup && old != val {
					bad[name] = true
				}
				vals[name] = val
				next = val + 1
			}
			if s.is(j, ",") {
				j++
			}
		}
		i = j
	}
}

// TestMacrosInternedFirst: with the macros given their ids first, every
// name is a macro exactly when the module defines it, and relevance
// decides as with the names looked up one by one.
func TestMacrosInternedFirst(t *testing.T) {
	all := 0
	for _, src := range preprocessedDirs(t) {
		names := collectNames(src)
		sets := src.cfg.model().RelevantNames(ruleNeeds)
		files := append(src.all(), src.config()...)
		g := newMentionGraph(names, sets)
		g.reserve(files)
		g.internMacros(files)
		if g.allMacros {
			all++
		}
		for _, f := range files {
			for _, it := range f.scan.items {
				g.add(fileScope, f.scan, it.first, it.last+1)
			}
		}
		for id, name := range g.names {
			if g.isMacro[id] != names.macros[name] {
				t.Fatalf("%s: %q: isMacro %v", src.dir, name, g.isMacro[id])
			}
		}
		got := moduleRelevance(files, names, sets)
		want := graphRelevance(files, names, sets, graphShortcuts{skipShared: true})
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: relevance %+v, want %+v", src.dir, got, want)
		}
	}
	if all == 0 {
		t.Error("no module had all its macros interned first")
	}
}

func TestScanJoinsTwoBytePunctuators(t *testing.T) {
	join := []string{"->", "++", "--", "&&", "||", "==", "!=", "<=", ">=", "<<", ">>", "##",
		"+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "..."}
	for _, op := range join {
		if s := scan([]byte("a" + op + "b")); len(s.toks) != 3 || s.text(s.toks[1]) != op {
			t.Errorf("%q: %d tokens", op, len(s.toks))
		}
	}
	for _, two := range []string{"+-", "=>", "-<", "..", "#=", "=!", "&|", "^^"} {
		if s := scan([]byte("a" + two + "b")); len(s.toks) != 4 {
			t.Errorf("%q: %d tokens, want 4", two, len(s.toks))
		}
	}
	// Denser than the room first made: a table of one-byte numbers.
	text := "int t[] = {" + strings.Repeat("1,2,", 5000) + "};"
	if s := scan([]byte(text)); len(s.toks) != 8+4*5000 {
		t.Errorf("table: %d tokens", len(s.toks))
	}
}

// TestVariantsShareTheirFirstText: a header decided again only because
// what it includes is (h.h under FOO) shares its first decision's text
// and scan; one whose text differs (g.h) does not.
func TestVariantsShareTheirFirstText(t *testing.T) {
	root := writeTree(t, map[string]string{
		"m/a.c": "#include \"h.h\"\n#define FOO\n#include \"h.h\"\nvoid f(void) { h(); }\n",
		"m/h.h": "#include \"g.h\"\nstatic inline void h(void) { }\n",
		"m/g.h": "#ifdef FOO\nint g1;\n#else\nint g2;\n#endif\n",
	})
	d := filepath.Join(root, "m")
	paths, _ := filepath.Glob(filepath.Join(d, "*.[ch]"))
	src := readModule(token.NewFileSet(), d, paths, moduleConfig(&Config{}, paths), ir.NewModule(d))
	preprocess(src)
	var got []string
	for _, v := range src.variants {
		got = append(got, v.rel+" "+map[bool]string{true: "shared", false: "own"}[v.sameAsFirst()])
		if v.sameAsFirst() && (!sameText(v.src, v.variantOf.src) || !reflect.DeepEqual(v.lines, lineStarts(v.src))) {
			t.Errorf("%s: text or lines not the first decision's", v.rel)
		}
	}
	if want := []string{"h.h<2> shared", "g.h<2> own"}; !reflect.DeepEqual(got, want) {
		t.Errorf("variants %q, want %q", got, want)
	}
	if n := len(src.code()); n != len(src.all())-1 {
		t.Errorf("code: %d files of %d", n, len(src.all()))
	}
}

// TestCodeIsAll: relevance is the same with the variants that share
// their file's text left out (but for which ## macro comes last), and
// the writes of pruned bodies over code as over all.
func TestCodeIsAll(t *testing.T) {
	shared := 0
	for _, src := range preprocessedDirs(t) {
		for _, v := range src.variants {
			if v.sameAsFirst() {
				shared++
			}
		}
		names := collectNames(src)
		sets := src.cfg.model().RelevantNames(ruleNeeds)
		got := moduleRelevance(append(src.all(), src.config()...), names, sets)
		want := graphRelevance(append(src.all(), src.config()...), names, sets, graphShortcuts{internMacros: true})
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: relevance differs: %s", src.dir, relevanceDiff(got, want))
		}
		records := func(files []*srcFile) map[string]*ir.Writes {
			w := newWriteRecorder(src, names)
			// The macros of the same files (writeRecorder.macro reads code).
			w.macros, w.macroWrites = map[string][]*define{}, map[string]*ir.Writes{}
			for _, f := range append(files, src.config()...) {
				for _, d := range f.defines() {
					w.macros[d.d.arg] = append(w.macros[d.d.arg], d)
				}
			}
			m := &ir.Module{}
			for _, f := range files {
				for _, it := range f.scan.items {
					if prunable(f.scan, it, names, got) {
						w.add(f.scan, it)
						m.Funcs = append(m.Funcs, &ir.Func{Name: it.name})
					}
				}
			}
			return w.done(m)
		}
		if got, want := records(src.code()), records(src.all()); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: writes %v, want %v", src.dir, got, want)
		}
	}
	if shared == 0 && os.Getenv("KDLINT_PLAIN_DIR") != "" {
		t.Error("no variant shares its file's text")
	}
}

func relevanceDiff(a, b *relevance) string {
	var out []string
	for _, m := range []struct {
		name string
		a, b map[string]bool
	}{{"bodies", a.bodies, b.bodies}, {"declMacros", a.declMacros, b.declMacros}, {"referenced", a.referenced, b.referenced}} {
		for k := range m.a {
			if !m.b[k] {
				out = append(out, m.name+" +"+k)
			}
		}
		for k := range m.b {
			if !m.a[k] {
				out = append(out, m.name+" -"+k)
			}
		}
	}
	if !reflect.DeepEqual(a.links, b.links) {
		out = append(out, fmt.Sprintf("links %v, want %v", a.links, b.links))
	}
	return strings.Join(out, "; ")
}

func TestIntLiteralIsPlain(t *testing.T) {
	plain := func(body string) (uint64, bool) {
		if i := strings.Index(body, "/*"); i >= 0 {
			body = body[:i]
		}
		if i := strings.Index(body, "//"); i >= 0 {
			body = body[:i]
		}
		body = strings.TrimRight(strings.TrimSpace(body), "uUlL")
		if body == "" {
			return 0, false
		}
		v, err := strconv.ParseUint(body, 0, 64)
		if err != nil || (len(body) > 1 && body[0] == '0' && body[1] != 'x' && body[1] != 'X') {
			return 0, false
		}
		return v, true
	}
	for _, body := range []string{"", " ", " 1", "\t0x10", " 0", " 07", " 1 /* one */", "/* c */ 2", " // 3", " 4 // four",
		" BIT(3)", " (1 << 2)", "\v\f\r 5", "\u00a05", "\u00856", " -1", " +1", " 1_000", " 0b11", " 0o7", " 12UL", " x1", " 1x"} {
		v, ok := intLiteral(body)
		pv, pok := plain(body)
		if v != pv || ok != pok {
			t.Errorf("%q: %d %v, want %d %v", body, v, ok, pv, pok)
		}
	}
}

func TestModuleCanReportByLength(t *testing.T) {
	long := strings.Repeat("x", 70)
	sets := &kmodel.NameSets{Gate: map[string]bool{"request_irq": true, long: true}}
	for src, want := range map[string]bool{
		"int f(void) { return request_irq(1); }":  true,
		"int f(void) { return request_irqs(1); }": false,
		"int " + long + ";":                       true,
		"int " + long + "y;":                      false,
		"#define R(n) request_irq(n)\n":           true, // in a macro
		"/* request_irq */ int x;":                false,
	} {
		f := &srcFile{scan: scan([]byte(src))}
		if got := moduleCanReport([]*srcFile{f}, sets); got != want {
			t.Errorf("%q: %v, want %v", src, got, want)
		}
	}
}

// addPlain is moduleNames.add as it was, with is() at every name.
func (m *moduleNames) addPlain(s *scanned) {
	for _, d := range s.directives {
		if d.name == "define" && d.arg != "" && !d.alt {
			m.macros[d.arg] = true
		}
	}
	for _, it := range s.items {
		if it.funcDef {
			if it.name != "" && !macroBeforeDef(s, it) && !definedByMacro(s, it) {
				m.funcs[it.name] = true
			}
			continue
		}
		addTypedef(s, it, m.typedefs)
	}
	for i := 0; i+1 < len(s.toks); i++ {
		t := s.toks[i]
		if t.kind != tIdent || i == 0 {
			continue
		}
		if s.is(i+1, "(") {
			j := i - 1
			for j > 0 && s.is(j, "*") {
				j--
			}
			if s.toks[j].kind == tIdent && m.isTypeWord(s, j) {
				m.funcs[s.text(t)] = true
			}
			continue
		}
		if n := s.toks[i+1]; n.kind == tPunct && !t.alt {
			j := i - 1
			for j > 0 && s.is(j, "*") {
				j--
			}
			switch s.src[n.off] {
			case ';', '=', ',', '[', ')':
				if n.end-n.off == 1 && s.toks[j].kind == tIdent && m.isTypeWord(s, j) {
					m.vars[s.text(t)] = true
				}
			}
		}
	}
}

// TestItemsArePlain: the items scan finds as it makes the tokens are
// those of a pass over the tokens after it.
func TestItemsArePlain(t *testing.T) {
	files := 0
	for _, src := range preprocessedDirs(t) {
		for _, f := range append(src.all(), src.config()...) {
			if want := findItemsPlain(f.scan); !reflect.DeepEqual(f.scan.items, want) {
				t.Errorf("%s: scan's items differ from a pass after it", f.path)
			}
			files++
		}
	}
	for _, text := range []string{"", ";", "int f(void) {", "int f(void) { return 1; }", "int x", "struct s { int a; } v;",
		"#if 0\nint g(void) {\n#else\nint g(int a) {\n#endif\nreturn 0; }\n", "int (*fp(void))(int) { }", "} } int y;"} {
		s := scan([]byte(text))
		if want := findItemsPlain(s); !reflect.DeepEqual(s.items, want) {
			t.Errorf("%q: items %v, a pass after the scan %v", text, s.items, want)
		}
	}
	if files < 10 {
		t.Errorf("%d files", files)
	}
}

func TestTypeKeywordIsTheSet(t *testing.T) {
	for _, w := range []string{"char", "int", "long", "short", "signed", "unsigned", "void", "float", "double", "_Bool",
		"bool", "u32", "struct", "Int", "in", "intx", "", "_Complex"} {
		if isTypeKeyword(w) != typeKeywords[w] {
			t.Errorf("%q: isTypeKeyword %v, typeKeywords %v", w, isTypeKeyword(w), typeKeywords[w])
		}
	}
	if len(typeKeywords) != 10 {
		t.Errorf("typeKeywords has %d words: isTypeKeyword compares 10", len(typeKeywords))
	}
}

func TestNamesAreAddPlain(t *testing.T) {
	for _, src := range preprocessedDirs(t) {
		got := moduleNamesOf(src)
		want := newModuleNames(src.cfg.model())
		for _, f := range append(src.config(), src.all()...) {
			want.addPlain(f.scan)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: names differ", src.dir)
		}
	}
}

// TestNamesWatchIsMentionsAny: the names stage finds a BH name exactly
// when mentionsAny does, first and last tokens of a file included.
func TestNamesWatchIsMentionsAny(t *testing.T) {
	few := map[string]bool{"system_bh_wq": true, "WQ_BH": true}
	many := map[string]bool{"system_bh_wq": true, "WQ_BH": true} // past the compared list: looked up
	for i := range 10 {
		many[fmt.Sprintf("other_%d", i)] = true
	}
	for _, watch := range []map[string]bool{few, many} {
		for src, want := range map[string]bool{
			"system_bh_wq": true, "x system_bh_wq": true, "system_bh_wq x": true, "f(WQ_BH);": true,
			"x WQ_BHX y": false, "x WQ_BG y": false, "x xQ_BH y": false, "/* WQ_BH */ int x;": false, "": false,
		} {
			f := &srcFile{scan: scan([]byte(src))}
			m := newModuleNames(kmodel.Default())
			m.watchFor(watch)
			m.add(f.scan)
			if m.watched != want || mentionsAny([]*srcFile{f}, watch) != want {
				t.Errorf("%q: watched %v, mentionsAny %v, want %v", src, m.watched, mentionsAny([]*srcFile{f}, watch), want)
			}
		}
	}
	found := 0
	for _, src := range preprocessedDirs(t) {
		sets := src.cfg.model().RelevantNames(ruleNeeds)
		names := moduleNamesWatching(src, sets.BHWork)
		if want := mentionsAny(append(src.code(), src.config()...), sets.BHWork); names.watched != want {
			t.Errorf("%s: watched %v, mentionsAny %v", src.dir, names.watched, want)
		}
		if names.watched {
			found++
		}
	}
	if found == 0 {
		t.Error("no module mentions a BH name")
	}
}

// TestUsersInOneArray: index's users, counted into one array, are those
// appended name by name, in the same order.
func TestUsersInOneArray(t *testing.T) {
	for _, src := range preprocessedDirs(t) {
		names := collectNames(src)
		g := newMentionGraph(names, src.cfg.model().RelevantNames(ruleNeeds))
		files := append(src.all(), src.config()...)
		g.reserve(files)
		for _, f := range files {
			for _, it := range f.scan.items {
				if it.funcDef && it.name != "" {
					g.add(g.id(it.name), f.scan, it.bodyOpen, it.last+1)
				}
			}
			for _, def := range f.defines() {
				g.add(g.id(def.d.arg), def.body, 0, len(def.body.toks))
			}
		}
		g.index()
		want := make([][]nameID, len(g.names))
		for n, ms := range g.mentions {
			if nameID(n) == fileScope {
				continue
			}
			for _, m := range ms {
				want[m.id] = append(want[m.id], nameID(n))
			}
		}
		for id := range want {
			if len(want[id]) != len(g.users[id]) || len(want[id]) > 0 && !reflect.DeepEqual(want[id], g.users[id]) {
				t.Fatalf("%s: users of %q %v, want %v", src.dir, g.names[id], g.users[id], want[id])
			}
		}
	}
}
