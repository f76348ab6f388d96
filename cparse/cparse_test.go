package cparse

import (
	"fmt"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kdlint/kdlint/ir"
)

// parseSource parses one C file in a temporary module.
func parseSource(t testing.TB, src string) (*ir.Module, *token.FileSet) {
	t.Helper()
	dir := t.TempDir()
	p := filepath.Join(dir, "a.c")
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	return ParseModule(fset, dir, []string{p}, &Config{ParseAll: true}), fset
}

func funcNames(m *ir.Module) string {
	var names []string
	for _, f := range m.Funcs {
		names = append(names, f.Name)
	}
	return strings.Join(names, " ")
}

func TestUnknownNamesAreInferred(t *testing.T) {
	m, _ := parseSource(t, `
#include <linux/module.h>
static foo_t *global_ptr;
static int __devinit probe(struct pci_dev *pdev, my_id_t id)
{
	bar_t local = (bar_t)id;
	my_for_each(x, &head) {
		msleep(1);
	}
	DECLARE_THING(name) = {};
	pr_info(DRV_PREFIX "probed\n");
	return STRINGIFY_ME(x) ? 0 : 1;
}
MY_DECL_MACRO(probe, 3);
static void after(void) { }
`)
	if len(m.Skipped) != 0 {
		t.Fatalf("skipped %+v", m.Skipped)
	}
	if got := funcNames(m); got != "probe after" {
		t.Errorf("functions = %q", got)
	}
}

func TestRecoverySkipsOneItem(t *testing.T) {
	m, fset := parseSource(t, `static int good1(void) { return 0; }
static int bad(void) { return ]]]; }
static int good2(void) { return 1; }
`)
	if got := funcNames(m); got != "good1 good2" {
		t.Errorf("functions = %q, want good1 good2", got)
	}
	if len(m.Skipped) != 1 || m.Skipped[0].Name != "bad" || fset.Position(m.Skipped[0].Pos).Line != 2 {
		t.Errorf("skipped = %+v", m.Skipped)
	}
}

func TestConditionals(t *testing.T) {
	m, _ := parseSource(t, `
#ifdef CONFIG_PM
static int real_suspend(void) { return 0; }
#else
static int stub_suspend(void) { return 0; }
#endif
#if 0
static int dead(void) { this is not C }
#endif
#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 0, 0)
static int first_branch(void) { return 0; }
#else
static int second_branch(void) { return 0; }
#endif
#ifndef CONFIG_FOO
static int unset_stub(void) { return 0; }
#endif
`)
	if len(m.Skipped) != 0 {
		t.Fatalf("skipped %+v", m.Skipped)
	}
	if got := funcNames(m); got != "real_suspend first_branch" {
		t.Errorf("functions = %q, want real_suspend first_branch", got)
	}
}

// An #if on a name the file defines as a plain integer is decided as a
// compiler would (qla1280's "#define DUMP_IT_BACK 0" debug switch);
// other bodies, and a name #undef'd again, keep the first-branch policy.
// A directive quoted in a comment (qla1280's changelog) is none.
func TestConditionsOnIntegerMacros(t *testing.T) {
	m, _ := parseSource(t, `
/* Changes:
	  #ifdef QL_DEBUG_LEVEL_3/#endif around ENTER()/LEAVE() calls
 */
#define DUMP_IT_BACK 0		/* for debug */
#define VERBOSE 0x10UL
#define WRAPPED (0)
#define FUNC_LIKE(x) 0
#define GONE 0
#undef GONE
#if DUMP_IT_BACK
static int dump_dead(void) { this is not C }
#else
static int dump_off(void) { return 0; }
#endif
#if !DUMP_IT_BACK && VERBOSE
static int verbose_on(void) { return 0; }
#endif
#if WRAPPED
static int wrapped_first(void) { return 0; }
#endif
#if GONE
static int gone_first(void) { return 0; }
#endif
#if FUNC_LIKE
static int func_like_first(void) { return 0; }
#endif
`)
	if len(m.Skipped) != 0 {
		t.Fatalf("skipped %+v", m.Skipped)
	}
	want := "dump_off verbose_on wrapped_first gone_first func_like_first"
	if got := funcNames(m); got != want {
		t.Errorf("functions = %q, want %q", got, want)
	}
}

func TestNamedVariadicMacro(t *testing.T) {
	m, _ := parseSource(t, `#define dbg(fmt, args...) printk(fmt, ## args)
static void f(void) { dbg("a"); dbg("b %d", 1); }
`)
	if len(m.Skipped) != 0 || len(m.Funcs) != 1 {
		t.Fatalf("skipped %+v", m.Skipped)
	}
	var args []int
	for _, c := range m.Funcs[0].Calls() {
		args = append(args, len(c.Args))
	}
	if len(args) != 2 || args[0] != 1 || args[1] != 2 {
		t.Errorf("printk argument counts = %v, want [1 2]", args)
	}
}

// TestCommaTouchingPaste: cc/v4 pastes the comma of f(fmt,##__VA_ARGS__)
// onto the first variadic argument (see rewrite.go); written that way in
// thousands of kernel macros, the calls must still parse.
func TestCommaTouchingPaste(t *testing.T) {
	m, _ := parseSource(t, `#define dbg(fmt, ...) printk("[x] "fmt"\n", cur ,##__VA_ARGS__)
#define dbg2(fmt, args...) printk(fmt,##args)
#define str(x) ",##"
static void f(int x) { dbg("a"); dbg("b %d", x); dbg2("c", x, 2); }
`)
	if len(m.Skipped) != 0 || len(m.Funcs) != 1 {
		t.Fatalf("skipped %+v", m.Skipped)
	}
	var args []int
	for _, c := range m.Funcs[0].Calls() {
		args = append(args, len(c.Args))
	}
	if fmt.Sprint(args) != "[2 3 3]" {
		t.Errorf("printk argument counts = %v, want [2 3 3]", args)
	}
	if got, _ := rewriteDefine([]byte(`#define str(x) ",##" x,##y`)); string(got) != `#define str(x) ",##" x, ##y` {
		t.Errorf("rewritten %q", got)
	}
}

// TestPositionsSurviveRewrites checks that positions after rewritten
// directives still point at the right line and column.
func TestPositionsSurviveRewrites(t *testing.T) {
	m, fset := parseSource(t, `#define dbg(fmt, args...) printk(fmt, ## args)
#ifdef CONFIG_X
#endif
static void f(void)
{
	  msleep(1);
}
`)
	calls := m.Funcs[0].Calls()
	if len(calls) != 1 {
		t.Fatalf("calls = %v", calls)
	}
	if p := fset.Position(calls[0].P); p.Line != 6 || p.Column != 4 {
		t.Errorf("msleep at %v, want line 6 column 4", p)
	}
}

func TestBadFiles(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "bin.c")
	os.WriteFile(bin, []byte("int\x00x;"), 0o644)
	big := filepath.Join(dir, "big.c")
	os.WriteFile(big, []byte(strings.Repeat("int x;\n", 100)), 0o644)
	missing := filepath.Join(dir, "missing.c")
	m := ParseModule(token.NewFileSet(), dir, []string{bin, big, missing}, &Config{MaxFileSize: 100})
	want := []string{"binary file", "too large", "cannot read"}
	for i, f := range m.Files {
		if !strings.Contains(f.Failed, want[i]) {
			t.Errorf("%s: Failed = %q, want it to mention %q", f.Path, f.Failed, want[i])
		}
	}
}

func TestMacroBomb(t *testing.T) {
	src := "#define A0 x x x x x x x x x x\n"
	for i := 1; i < 12; i++ {
		src += "#define A" + string(rune('0'+i%10)) + string(rune('a'+i)) + " "
		src = src[:0]
	}
	// A classic exponential macro: each level doubles the previous one.
	src = "#define L0 1+1\n"
	for i := 1; i <= 40; i++ {
		src += "#define L" + itoa(i) + " L" + itoa(i-1) + "+L" + itoa(i-1) + "\n"
	}
	src += "static int f(void) { return L40; }\nstatic int g(void) { return 0; }\n"
	m, _ := parseSource(t, src)
	if got := funcNames(m); !strings.Contains(got, "g") {
		t.Errorf("functions = %q: the rest of the file was lost", got)
	}
	if len(m.Skipped) == 0 || m.Skipped[0].Reason != "macro expansion limit" {
		t.Errorf("skipped = %+v, want the bomb reported as the expansion limit", m.Skipped)
	}
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}

func TestDeepNesting(t *testing.T) {
	src := "static int f(int x) { return " + strings.Repeat("(", 5000) + "x" + strings.Repeat(")", 5000) + "; }\n" +
		"static void g(void) {" + strings.Repeat("{", 3000) + strings.Repeat("}", 3000) + "}\n"
	m, _ := parseSource(t, src)
	_ = m // must not crash or hang
}

func TestHeadersOutsideTheModule(t *testing.T) {
	root := t.TempDir()
	drv := filepath.Join(root, "drv")
	inc := filepath.Join(root, "inc")
	os.MkdirAll(drv, 0o755)
	os.MkdirAll(inc, 0o755)
	os.WriteFile(filepath.Join(root, "common.h"), []byte("typedef struct cdev cdev_t;\n#define CFOR(x) for (;;)\n"), 0o644)
	os.WriteFile(filepath.Join(inc, "extra.h"), []byte("typedef int extra_t;\n"), 0o644)
	os.WriteFile(filepath.Join(root, "pre.h"), []byte("#define PRE_SLEEP(x) msleep(x)\n"), 0o644)
	src := filepath.Join(drv, "a.c")
	os.WriteFile(src, []byte(`#include "../common.h"
#include "extra.h"
static int f(cdev_t *c, extra_t e) { PRE_SLEEP(1); return 0; }
`), 0o644)
	fset := token.NewFileSet()
	m := ParseModule(fset, drv, []string{src}, &Config{IncludeDirs: []string{inc}, Includes: []string{filepath.Join(root, "pre.h")}, ParseAll: true})
	if len(m.Skipped) != 0 || len(m.Funcs) != 1 {
		t.Fatalf("funcs %d, skipped %+v", len(m.Funcs), m.Skipped)
	}
	calls := m.Funcs[0].Calls()
	if len(calls) != 1 || calls[0].Name != "msleep" {
		t.Errorf("calls = %v, want msleep from the -include file's macro", calls)
	}
}

func TestCompileCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "compile_commands.json")
	os.WriteFile(db, []byte(`[{"directory": "`+dir+`", "file": "drv/a.c",
	  "command": "gcc -Wall -Iinclude -I /abs/inc -DFOO=1 -D BAR -include cfg.h -c -o a.o drv/a.c"}]`), 0o644)
	got, err := LoadCompileCommands(db)
	if err != nil {
		t.Fatal(err)
	}
	ff, ok := got[filepath.Join(dir, "drv/a.c")]
	if !ok {
		t.Fatalf("no entry for drv/a.c: %v", got)
	}
	want := FileFlags{
		IncludeDirs: []string{filepath.Join(dir, "include"), "/abs/inc"},
		Defines:     []string{"FOO=1", "BAR"},
		Includes:    []string{filepath.Join(dir, "cfg.h")},
	}
	if strings.Join(ff.IncludeDirs, " ") != strings.Join(want.IncludeDirs, " ") ||
		strings.Join(ff.Defines, " ") != strings.Join(want.Defines, " ") ||
		strings.Join(ff.Includes, " ") != strings.Join(want.Includes, " ") {
		t.Errorf("flags = %+v, want %+v", ff, want)
	}
	if _, err := LoadCompileCommands(filepath.Join(dir, "missing.json")); err == nil {
		t.Error("a missing database must be an error")
	}
}

// TestEndOfInputGuards: inputs on which cc/v4 itself loops forever must
// come back, with the rest of the file analysed.
func TestEndOfInputGuards(t *testing.T) {
	for _, src := range []string{
		"static void ok(void) { msleep(1); }\nint *;",
		"static void ok(void) { msleep(1); }\n/* unterminated\n#include <x.h>\nint *p",
		"static void ok(void) { msleep(1); }\nstatic void f(void) { g(\"cut \\",
		"static void ok(void) { msleep(1); }\nstatic void f(void) { g('x",
	} {
		done := make(chan *ir.Module)
		go func() { m, _ := parseSource(t, src); done <- m }()
		select {
		case m := <-done:
			if len(m.Funcs) == 0 || m.Funcs[0].Name != "ok" {
				t.Errorf("%q: ok() was lost", src)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("hangs on %q", src)
		}
	}
}

// TestModulesThatCannotReport: a module that mentions no lock, callback
// registration, workqueue or tasklet is not parsed, and says so.
func TestModulesThatCannotReport(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a.c")
	os.WriteFile(p, []byte("static int f(int x) { msleep(x); return x; }\nstatic int g(void) { return f(1); }\n"), 0o644)
	m := ParseModule(token.NewFileSet(), dir, []string{p}, &Config{Needs: ruleNeeds})
	if len(m.Funcs) != 0 || m.Unneeded != 2 {
		t.Errorf("funcs %d, unneeded %d; want 0 and 2", len(m.Funcs), m.Unneeded)
	}
	os.WriteFile(p, []byte("static int f(int x) { msleep(x); return x; }\nstatic int g(void) { spin_lock(&l); f(1); spin_unlock(&l); return 0; }\n"), 0o644)
	m = ParseModule(token.NewFileSet(), dir, []string{p}, &Config{Needs: ruleNeeds})
	if len(m.Funcs) != 2 || m.Unneeded != 0 {
		t.Errorf("with a spinlock: funcs %d, unneeded %d; want 2 and 0", len(m.Funcs), m.Unneeded)
	}
}

// TestExplosiveMacros: a macro whose expansion doubles at every level is
// defined as 0 when it mentions nothing a rule uses, and kept otherwise.
func TestExplosiveMacros(t *testing.T) {
	src := `#define F2(x) __builtin_choose_expr((x) & 1, 0, 1)
#define F4(x) __builtin_choose_expr((x) & 3, (F2(x)), (F2((x) >> 2) + 2))
#define F8(x) __builtin_choose_expr((x) & 15, (F4(x)), (F4((x) >> 4) + 4))
#define F16(x) __builtin_choose_expr((x) & 255, (F8(x)), (F8((x) >> 8) + 8))
#define F32(x) __builtin_choose_expr((x) & 65535, (F16(x)), (F16((x) >> 16) + 16))
#define F64(x) __builtin_choose_expr((x) & 1, (F32(x)), (F32((x) >> 32) + 32))
#define SLEEPY(x) (msleep(F2(x)), F64(x) + F64(x) + F64(x))
static int f(int v) { return set_field(v, F64(0x10)); }
static void g(void) { SLEEPY(1); }
`
	dir := t.TempDir()
	p := filepath.Join(dir, "a.c")
	os.WriteFile(p, []byte(src), 0o644)
	m := ParseModule(token.NewFileSet(), dir, []string{p}, &Config{ParseAll: true})
	if len(m.Skipped) != 0 || len(m.Funcs) != 2 {
		t.Fatalf("funcs %d, skipped %+v", len(m.Funcs), m.Skipped)
	}
	for _, fn := range m.Funcs {
		var names []string
		for _, c := range fn.Calls() {
			names = append(names, c.Name)
		}
		got := strings.Join(names, " ")
		switch fn.Name {
		case "f":
			if got != "set_field" {
				t.Errorf("f calls %q: F64 should have become 0", got)
			}
		case "g":
			if !strings.Contains(got, "msleep") {
				t.Errorf("g calls %q: SLEEPY mentions msleep and must be kept", got)
			}
		}
	}
}

// TestStructAfterMacroCalls: a struct's '{' after file-scope macro
// calls with no ';' opens no function body, so the whole is one
// declaration, and a header thinned to its functions does not keep half
// of it (bcachefs's LE32_BITMASK lines before a struct).
func TestStructAfterMacroCalls(t *testing.T) {
	s := scan([]byte(`LE32_BITMASK(A, struct x, flags, 0, 1)
LE32_BITMASK(B, struct x, flags, 1, 2)

struct y {
	int v;
} __packed;
SYSCALL_DEFINE1(f, int, x)
{
	return x;
}
static inline int g(void) { return 0; }
`))
	var got []string
	for _, it := range s.items {
		d := "decl"
		if it.funcDef {
			d = "func " + it.name
		}
		got = append(got, s.text(s.toks[it.first])+":"+d)
	}
	want := "LE32_BITMASK:decl SYSCALL_DEFINE1:func SYSCALL_DEFINE1 static:func g"
	if strings.Join(got, " ") != want {
		t.Errorf("items %q, want %q", strings.Join(got, " "), want)
	}
}

// TestParserCrashCostsOneItem: cc/v4 panics on "f(a) { struct ( a = a;
// }" (a K&R definition with a broken struct specifier). The item is found
// and skipped, and the rest of the file is analysed.
func TestParserCrashCostsOneItem(t *testing.T) {
	m, fset := parseSource(t, "static int good1(void) { return 0; }\nint f();\nf(a) { struct ( a = a; }\nstatic int good2(void) { return 1; }\n")
	if m.Files[0].Failed != "" || funcNames(m) != "good1 good2" {
		t.Fatalf("failed %q, functions %q", m.Files[0].Failed, funcNames(m))
	}
	if len(m.Skipped) != 1 || m.Skipped[0].Reason != "parser crash" || m.Skipped[0].Name != "f" || fset.Position(m.Skipped[0].Pos).Line != 3 {
		t.Errorf("skipped %+v", m.Skipped)
	}
}

// TestSameMacroFailingIsSkippedInOnePass: errors inside a macro's
// expansion are placed on the macro's name, at the start of its item;
// later errors of a pass there, failing as the first did, are no echoes:
// every such item is skipped at once, not one parse each.
func TestSameMacroFailingIsSkippedInOnePass(t *testing.T) {
	src := "#define BROKEN(n) int n = (;\nstatic int good1(void) { return 0; }\n"
	for i := 0; i < 50; i++ {
		src += "BROKEN(x" + itoa(i) + ");\n"
	}
	src += "static int good2(void) { return 1; }\n"
	m, _ := parseSource(t, src)
	if funcNames(m) != "good1 good2" || len(m.Skipped) != 50 || m.Files[0].Failed != "" {
		t.Errorf("functions %q, %d skipped, failed %q", funcNames(m), len(m.Skipped), m.Files[0].Failed)
	}
}
