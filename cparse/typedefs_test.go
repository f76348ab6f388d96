package cparse

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/kdlint/kdlint/ir"
)

// unitParserText returns the prefix and the text of file rel as the
// parser reads them in the unit of main.
func unitParserText(t *testing.T, files map[string]string, main, rel string) (prefix, text string) {
	t.Helper()
	src := readSources(t, files, &Config{Needs: ruleNeeds})
	names := collectNames(src)
	rel0, _ := decideRelevance(src, names)
	tu := &translationUnit{main: src.byRel[main], src: src, names: names, cfg: src.cfg,
		module: ir.NewModule(src.dir), seen: map[itemKey]bool{},
		shared: &moduleState{headerFuncsDone: map[string]bool{}, rel: rel0}}
	tu.shared.owner = headerOwners([]*translationUnit{tu})
	prefix = tu.prepareText()
	if _, err := tu.ccParse(prefix); err != nil {
		t.Fatalf("unit %s does not parse: %v", main, err)
	}
	return prefix, string(tu.parserFiles()[rel])
}

// hasWord reports whether text spells name as a whole word.
func hasWord(text, name string) bool {
	return regexp.MustCompile(`\b` + regexp.QuoteMeta(name) + `\b`).MatchString(text)
}

// TestHeaderEnumsReadAsFirstEnumerator: a header's typedef'd enumerator
// list is handed to the parser as its first enumerator; one whose first
// enumerator is a module macro is handed whole, as is a .c file's own;
// code using every enumerator still parses.
func TestHeaderEnumsReadAsFirstEnumerator(t *testing.T) {
	files := map[string]string{
		"hw.h": `
#define KEPT 1
#define MODE_LIST MODE_X, MODE_Y
typedef enum { MODE_A = KEPT, MODE_B, MODE_C } mode_t;
typedef enum color { RED, GREEN = 2 } color_t;
typedef enum { MODE_LIST, MODE_Z } listed_t;
`,
		"drv.c": `#include "hw.h"
typedef enum { OWN_A, OWN_B } own_t;
int f(mode_t m, color_t c, listed_t l, own_t o) { return m + MODE_C + GREEN + MODE_Z + OWN_B + c + l + o; }
`}
	_, h := unitParserText(t, files, "drv.c", "hw.h")
	for _, name := range []string{"MODE_A", "RED", "MODE_LIST", "MODE_Z", "mode_t", "color_t", "listed_t"} {
		if !hasWord(h, name) {
			t.Errorf("header text handed to the parser lacks %s:\n%s", name, h)
		}
	}
	for _, name := range []string{"MODE_B", "MODE_C", "GREEN"} {
		if hasWord(h, name) {
			t.Errorf("header text handed to the parser has %s:\n%s", name, h)
		}
	}
	_, c := unitParserText(t, files, "drv.c", "drv.c")
	if !hasWord(c, "OWN_B") {
		t.Errorf("the .c file's own enum lost OWN_B:\n%s", c)
	}
	m := parseFilesFor(t, files, &Config{ParseAll: true})
	if len(m.Funcs) != 1 || m.Funcs[0].Name != "f" || len(m.Skipped) > 0 {
		t.Errorf("functions %v, skipped %v; want f, none skipped", m.Funcs, m.Skipped)
	}
}

// typedefPadding returns n typedefs no unit names, enough for the unit's
// headers to be worth thinning (minTypedefBytes).
func typedefPadding(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "typedef struct pad%d { int a; } pad%d_t;\n", i, i)
	}
	return b.String()
}

// TestUnreadHeaderTypedefsLeftOut: the typedefs of a unit's headers that
// nothing the parser reads names are not handed to it; those its code,
// a used macro's body, a kept typedef or a used macro's pasting may name
// are, and the unit parses.
func TestUnreadHeaderTypedefsLeftOut(t *testing.T) {
	hw := typedefPadding(200) + `
typedef struct inner { int v; } inner_t;
typedef inner_t *used_t;
typedef struct mac { int m; } mac_t;
#define MK(x) ((mac_t *)(x))
typedef struct tpo { int o; } tp_one;
#define TP(n) tp_##n
typedef unsigned long unused_t;
typedef struct unused2 { int u; } unused2_t;
`
	files := map[string]string{
		"hw.h": hw,
		"drv.c": `#include "hw.h"
int f(used_t u, void *p) { TP(one) *q = 0; return u->v + MK(p)->m + (q != 0); }
`}
	_, h := unitParserText(t, files, "drv.c", "hw.h")
	for _, name := range []string{"used_t", "inner_t", "mac_t", "tp_one"} {
		if !hasWord(h, name) {
			t.Errorf("header text handed to the parser lacks typedef %s", name)
		}
	}
	for _, name := range []string{"unused_t", "unused2_t", "pad7_t", "pad199_t"} {
		if hasWord(h, name) {
			t.Errorf("header text handed to the parser has typedef %s", name)
		}
	}
	m := parseFilesFor(t, files, &Config{ParseAll: true})
	if len(m.Funcs) != 1 || m.Funcs[0].Name != "f" || len(m.Skipped) > 0 {
		t.Errorf("functions %v, skipped %v; want f, none skipped", m.Funcs, m.Skipped)
	}

	// A main file that pastes may build any name: every typedef is read.
	files["drv.c"] = `#include "hw.h"
#define PAD(n) pad##n##_t
int f(used_t u) { PAD(7) x; return u->v + x.a; }
`
	_, h = unitParserText(t, files, "drv.c", "hw.h")
	for _, name := range []string{"unused_t", "pad7_t", "pad199_t"} {
		if !hasWord(h, name) {
			t.Errorf("main file pastes, but the header text handed to the parser lacks typedef %s", name)
		}
	}

	// Headers with few typedefs are handed whole.
	files["hw.h"] = strings.Replace(hw, typedefPadding(200), "", 1)
	files["drv.c"] = "#include \"hw.h\"\nint f(used_t u) { return u->v; }\n"
	_, h = unitParserText(t, files, "drv.c", "hw.h")
	if !hasWord(h, "unused_t") {
		t.Errorf("small header: the text handed to the parser lacks typedef unused_t")
	}
}
