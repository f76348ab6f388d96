package cparse

import (
	"sort"
	"strings"
	"testing"

	"github.com/kdlint/kdlint/ir"
)

// unitDefines returns the macros of the module headers left defined in
// the working text of the unit of main, after the unit's rewriting.
func unitDefines(t *testing.T, files map[string]string, main string) []string {
	t.Helper()
	src := readSources(t, files, &Config{Needs: ruleNeeds})
	cfg, dir := src.cfg, src.dir
	names := collectNames(src)
	rel, _ := decideRelevance(src, names)
	tu := &translationUnit{main: src.byRel[main], src: src, names: names, cfg: cfg,
		module: ir.NewModule(dir), seen: map[itemKey]bool{},
		shared: &moduleState{headerFuncsDone: map[string]bool{}, rel: rel}}
	tu.reset()
	tu.include(tu.main)
	tu.dropUnusedDefines()
	var out []string
	for _, f := range tu.order[1:] {
		w := tu.work[f.rel]
		for _, d := range f.scan.directives {
			if d.name == "define" && w[d.off] != ' ' {
				out = append(out, d.arg)
			}
		}
	}
	sort.Strings(out)
	return out
}

// TestPastedMacrosKept: a header macro that a used macro may build by
// pasting stays defined when the unit has the names to build it, and
// only then: a parameter's part of the built name must be made of names
// the unit spells (or numbers, or nothing).
func TestPastedMacrosKept(t *testing.T) {
	got := unitDefines(t, map[string]string{
		"regs.h": `
#define REG(n) HW_##n##_OFF
#define HW_A_OFF 1
#define HW_B_OFF 2
#define CAT(a, b) a##b
#define PRE_X 3
#define PRE_Y 4
#define FIELD(f) OUTER(f)
#define OUTER(x) MC_##x##_LEN
#define MC_FOO_LEN 5
#define MC_BAR_LEN 6
#define BIT_N(n) BIT_##n
#define BIT_3 7
#define BIT_Q 8
#define TWO(x, y) ONE(x##y)
#define ONE(z) R_##z
#define R_LOW_HIGH 9
#define R_LOW_MID 10
#define UNUSED(n) U_##n
#define U_A 11
`,
		"drv.c": `#include "regs.h"
int f(void) { return REG(A) + CAT(PRE_, X) + FIELD(FOO) + BIT_N(3) + TWO(LOW_, HIGH); }
`}, "drv.c")
	want := "BIT_3 BIT_N CAT FIELD HW_A_OFF MC_FOO_LEN ONE OUTER PRE_X REG R_LOW_HIGH TWO"
	if g := strings.Join(got, " "); g != want {
		t.Errorf("header macros kept = %q, want %q", g, want)
	}
}

// TestTypedefMembersBlanked: the member lists of the structs and unions a
// header's typedefs define are not read (their type names are), so the
// macros only the members use are not defined either; a .c file's own
// typedefs keep their members, and code using the types still parses.
func TestTypedefMembersBlanked(t *testing.T) {
	files := map[string]string{
		"hw.h": `
#define FOO_LEN 4
#define BAR_BITS 3
#define KEPT 1
typedef struct foo { int a; unsigned char buf[FOO_LEN]; } foo_t;
typedef union { struct { int lo, hi; } w; long l; } bar_t;
typedef enum { MODE_A = KEPT } mode_t;
`,
		"drv.c": `#include "hw.h"
#define OWN_LEN 2
typedef struct own { char c[OWN_LEN]; } own_t;
static int f(foo_t *p, bar_t *b, own_t *o, mode_t m) { return p->a + b->w.lo + o->c[0] + m; }
int g(void) { return f(0, 0, 0, MODE_A); }
`}
	if got, want := strings.Join(unitDefines(t, files, "drv.c"), " "), "KEPT"; got != want {
		t.Errorf("header macros kept = %q, want %q", got, want)
	}
	m := parseFilesFor(t, files, &Config{ParseAll: true})
	var fns []string
	for _, fn := range m.Funcs {
		fns = append(fns, fn.Name)
	}
	if got := strings.Join(fns, " "); got != "f g" || len(m.Skipped) > 0 {
		t.Errorf("functions = %q, skipped %v; want f g, none skipped", got, m.Skipped)
	}
}

// TestHeaderDefinesAreTheUnitsOwn: the module's definitions are indexed
// once for all its units (moduleDefines), and each unit reads those of
// its own headers only. Two headers define M, each with a body that uses
// another macro of a third header: each unit keeps the macro its own
// M uses, not the one the other header's M uses, whichever unit runs
// first.
func TestHeaderDefinesAreTheUnitsOwn(t *testing.T) {
	files := map[string]string{
		"a.h": "#define M(x) (C_ONE + (x))\n",
		"b.h": "#define M(x) (C_TWO + (x))\n",
		"c.h": "#define C_ONE 1\n#define C_TWO 2\n#define C_THREE 3\n",
		"x.c": "#include \"a.h\"\n#include \"c.h\"\nint fx(void) { return M(1); }\n",
		"y.c": "#include \"b.h\"\n#include \"c.h\"\nint fy(void) { return M(2); }\n",
		"z.c": "#include \"c.h\"\nint fz(void) { return C_THREE; }\n",
		"w.c": "#include \"a.h\"\n#include \"b.h\"\n#include \"c.h\"\nint fw(void) { return 0; }\n",
	}
	want := map[string]string{
		"x.c": "a.h:M c.h:C_ONE",
		"y.c": "b.h:M c.h:C_TWO",
		"z.c": "c.h:C_THREE",
		"w.c": "",
	}
	for _, order := range [][]string{{"x.c", "y.c", "z.c", "w.c"}, {"w.c", "z.c", "y.c", "x.c"}} {
		got := unitsDefines(t, files, order)
		for _, main := range order {
			if got[main] != want[main] {
				t.Errorf("units in order %v: %s keeps %q, want %q", order, main, got[main], want[main])
			}
		}
	}
}

// unitsDefines is unitDefines for several units of one module, in order,
// sharing the module's state; each entry lists header:macro pairs.
func unitsDefines(t *testing.T, files map[string]string, mains []string) map[string]string {
	t.Helper()
	src := readSources(t, files, &Config{ParseAll: true})
	cfg, dir := src.cfg, src.dir
	names := collectNames(src)
	rel, _ := decideRelevance(src, names)
	shared := &moduleState{headerFuncsDone: map[string]bool{}, rel: rel}
	out := map[string]string{}
	for _, main := range mains {
		tu := &translationUnit{main: src.byRel[main], src: src, names: names, cfg: cfg,
			module: ir.NewModule(dir), seen: map[itemKey]bool{}, shared: shared}
		tu.reset()
		tu.include(tu.main)
		tu.dropUnusedDefines()
		var kept []string
		for _, f := range tu.order[1:] {
			w := tu.work[f.rel]
			for _, d := range f.scan.directives {
				if d.name == "define" && w[d.off] != ' ' {
					kept = append(kept, f.rel+":"+d.arg)
				}
			}
		}
		sort.Strings(kept)
		out[main] = strings.Join(kept, " ")
	}
	return out
}
