package cparse

import (
	"bytes"
	"github.com/kdlint/kdlint/kmodel"
	"go/token"
	"maps"
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/kdlint/kdlint/ir"
)

// The per-unit preparation's fast paths, each held against the plain way
// it replaces, on the sample drivers (and on the modules under
// KDLINT_PREP_DIR, a directory of driver modules such as a kernel tree's
// drivers/net/ethernet/intel, when set).

// prepModule is one module read and decided up to its units.
type prepModule struct {
	src    *moduleSources
	names  *moduleNames
	shared *moduleState
	units  []*translationUnit
}

func prepModules(t *testing.T) []prepModule {
	t.Helper()
	roots := []string{"../testdata/drivers"}
	if d := os.Getenv("KDLINT_PREP_DIR"); d != "" {
		roots = append(roots, d)
	}
	var dirs []string
	for _, root := range roots {
		filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err == nil && d.IsDir() {
				dirs = append(dirs, p)
			}
			return nil
		})
	}
	// And a module whose units share a header that pastes, has typedef'd
	// enums and macros some units use and others not.
	synth, _ := writeFiles(t, prepSynthetic)
	dirs = append(dirs, synth)
	var out []prepModule
	for _, dir := range dirs {
		var paths []string
		for _, pat := range []string{"*.c", "*.h"} {
			m, _ := filepath.Glob(filepath.Join(dir, pat))
			paths = append(paths, m...)
		}
		if len(paths) == 0 {
			continue
		}
		cfg := moduleConfig(&Config{Needs: ruleNeeds, ParseAll: dir == synth}, paths)
		src := readModule(token.NewFileSet(), dir, paths, cfg, ir.NewModule(dir))
		preprocess(src)
		noteBrokenText(src)
		names := collectNames(src)
		rel, needed := decideRelevance(src, names)
		if !needed {
			continue
		}
		pm := prepModule{src: src, names: names, shared: &moduleState{headerFuncsDone: map[string]bool{}, rel: rel}}
		for _, f := range src.files {
			if strings.HasSuffix(f.rel, ".c") {
				pm.units = append(pm.units, &translationUnit{main: f, src: src, names: names, cfg: src.cfg,
					module: ir.NewModule(src.dir), seen: map[itemKey]bool{}, shared: pm.shared})
			}
		}
		pm.shared.owner = headerOwners(pm.units)
		out = append(out, pm)
	}
	units := 0
	for _, pm := range out {
		units += len(pm.units)
	}
	t.Logf("%d modules, %d units", len(out), units)
	if len(out) < 10 {
		t.Fatalf("only %d modules: the test data was not found", len(out))
	}
	return out
}

var prepSynthetic = map[string]string{
	"regs.h": `#ifndef REGS_H
#define REGS_H
typedef enum foo_mode { FOO_A = 1, FOO_B, FOO_C } foo_mode_t;
typedef enum foo_speed { FOO_SLOW, FOO_FAST } foo_speed_t;
typedef struct foo_regs { int a; int b; } foo_regs_t;
typedef unsigned int foo_u32;
#define FOO_REG_CTRL 0x10
#define FOO_REG_STAT 0x14
#define FOO_REG_DATA 0x18
#define FOO_EN_BIT_0 1
#define BAR_EN_BIT_1 2
#define BAZ_EN_BIT_2 4
#define REG(n) FOO_REG_##n
#define REG_AGAIN(n) FOO_REG_##n
#define ENBIT(p, n) p##_EN_BIT_##n
#define CAT(a, b) a##b
#define GETBAR() ENBIT(BAR, 1)
#define UNUSED_THING 42
static inline int foo_helper(foo_regs_t *r) { return r->a + FOO_REG_DATA; }
#endif
`,
	"more.h": `#include "regs.h"
typedef struct more { foo_u32 x; } more_t;
typedef int BAZ;
typedef u32 more_reg_t;
#define MORE_SHIFT(x) ((x) << 2)
`,
	"a.c": `#include "regs.h"
#define STRIT(s) s "suffix"
static foo_u32 read_ctrl(void) { return REG(CTRL) + ENBIT(FOO, 0); }
int a_fn(foo_mode_t m) { return m + FOO_REG_STAT + read_ctrl(); }
`,
	"b.c": `#include "more.h"
int b_fn(more_t *m) { return REG_AGAIN(DATA) + CAT(FOO_, REG_CTRL) + MORE_SHIFT(m->x) + GETBAR(); }
`,
	"c.c": `#include "regs.h"
int c_fn(foo_regs_t *r, foo_speed_t s) { return r->b + s; }
`,
	"d.c": `#include "more.h"
int d_fn(foo_regs_t *r) { return r->b; }
`,
	"e.c": `#include "regs.h"
int e_fn(foo_regs_t *r, foo_speed_t s) { return r->b + s; }
`,
}

// TestSharedTextIsParserText: each unit's files as parserFiles hands them
// to the parser (headers shared by identity, sharedText) are those the
// plain way makes: every working text with its unread ranges blanked,
// includes renamed, compacted.
func TestSharedTextIsParserText(t *testing.T) {
	hits := 0
	for _, pm := range prepModules(t) {
		for _, tu := range pm.units {
			tu.prepareText()
			before := len(pm.shared.byText)
			got := tu.parserFiles()
			if len(pm.shared.byText) == before && len(tu.order) > 1 {
				hits++
			}
			for k, w := range tu.work {
				want := parserText(namingIncludes(tu.files[k], withEnumsBlanked(w, tu.unread[k])))
				if !bytes.Equal(got[k], want) {
					t.Errorf("%s, unit %s: parser text of %s differs from the plain way's", pm.src.dir, tu.main.rel, k)
				}
			}
		}
	}
	if hits == 0 {
		t.Error("no unit found its headers' texts made already: the shared path was not tried")
	}
}

// unitScans prepares tu as prepareText does and returns what it hands
// inference.
func unitScans(tu *translationUnit) ([]*scanned, [][]string, []*srcFile, [][]*kmodel.PreludeEntry) {
	tu.reset()
	tu.include(tu.main)
	tu.dropUnusedDefines()
	tu.stubExplosiveMacros()
	return tu.inferenceInput()
}

// TestInferTokNames: the distinct names handed to inference are those of
// the scans' tokens, and inference with them, the scans' files (whose
// #defines are parsed once) and the headers' prelude entries (found once
// per header, preludeEntries) renders what it renders reading every token
// and parsing every #define again; each header's scan (made once per
// shared text) holds the directives its text does.
func TestInferTokNames(t *testing.T) {
	given, entries := 0, 0
	for _, pm := range prepModules(t) {
		for _, tu := range pm.units {
			scans, tokNames, srcs, preludes := unitScans(tu)
			for i, f := range tu.order {
				if toks := tu.headerToks[f.rel]; toks != nil {
					// Shared texts' scans are made once (headerScan).
					want := withDirectives(toks, f.scan, tu.work[f.rel])
					if !slices.Equal(scans[i].directives, want.directives) || len(scans[i].toks) != len(want.toks) {
						t.Errorf("%s, unit %s: the scan of %s is not its text's", pm.src.dir, tu.main.rel, f.rel)
					}
				}
			}
			for _, pe := range preludes {
				entries += len(pe)
			}
			for i, names := range tokNames {
				if names == nil {
					continue
				}
				given++
				var want []string
				seen := map[string]bool{}
				for _, tk := range scans[i].toks {
					if n := scans[i].text(tk); tk.kind == tIdent && !seen[n] {
						seen[n] = true
						want = append(want, n)
					}
				}
				if !slices.Equal(names, want) {
					t.Errorf("%s, unit %s: file %d: token names %q, want %q", pm.src.dir, tu.main.rel, i, names, want)
				}
			}
			if got, want := inferWith(scans, tokNames, srcs, preludes, tu.names, moduleKnownNames(tu.names)).prefix(), infer(scans, tu.names).prefix(); got != want {
				t.Errorf("%s, unit %s: inference with token names renders\n%s\nwant\n%s", pm.src.dir, tu.main.rel, got, want)
			}
		}
	}
	if given == 0 {
		t.Error("no file had its token names: the fast path was not tried")
	}
	if entries == 0 {
		t.Error("no header had prelude entries: their fast path was not tried")
	}
}

// TestNameFacts: what inference caches of a name is what the unit's names
// say of it, with the module's known names looked up in one set
// (moduleKnownNames) or not.
func TestNameFacts(t *testing.T) {
	for _, pm := range prepModules(t) {
		for _, tu := range pm.units[:min(1, len(pm.units))] {
			scans, _, _, _ := unitScans(tu)
			for _, inf := range []*inference{infer(scans, tu.names), inferWith(scans, nil, nil, nil, tu.names, moduleKnownNames(tu.names))} {
				for name, f := range inf.facts {
					n := inf.factsOf
					unknown := !n.known(name) && !n.funcs[name] && !n.isVar(name)
					if f&factSet == 0 || (f&factUnknown != 0) != unknown || (f&factMacro != 0) != n.macros[name] {
						t.Errorf("%s: facts of %s = %b, want unknown %v, macro %v", pm.src.dir, name, f, unknown, n.macros[name])
					}
				}
			}
		}
	}
}

// TestPasteTargetsAllMacros: the macros a pasting macro may build, found
// from the sorted names' ranges, are those every macro tried finds.
func TestPasteTargetsAllMacros(t *testing.T) {
	tried := 0
	for _, pm := range prepModules(t) {
		for _, f := range pm.src.all() {
			if f.scan == nil {
				continue
			}
			for _, def := range f.defines() {
				if def.globs == nil {
					continue
				}
				tried++
				ps := pm.shared.pasteTargets(pm.src, def.globs, pm.names.macros)
				var got []string
				for _, tg := range ps.targets {
					got = append(got, tg.name+" "+strings.Join(intsText(tg.globs), " "))
				}
				var want []string
				for m := range pm.names.macros {
					var gs []int
					for i, g := range def.globs {
						if globMatch(g, m) {
							gs = append(gs, i)
						}
					}
					if gs != nil {
						want = append(want, m+" "+strings.Join(intsText(gs), " "))
					}
				}
				sort.Strings(got)
				sort.Strings(want)
				if !slices.Equal(got, want) {
					t.Errorf("%s: %s builds %q, want %q", pm.src.dir, def.d.arg, got, want)
				}
			}
		}
	}
	if tried == 0 {
		t.Error("no macro pastes in the test modules")
	}
}

func intsText(is []int) []string {
	var out []string
	for _, i := range is {
		out = append(out, strconv.Itoa(i))
	}
	return out
}

// TestBlankRaw: blankRaw turns into spaces what the byte-at-a-time loop
// does, keeping newlines and carriage returns, on random texts and
// ranges (some beyond the text).
func TestBlankRaw(t *testing.T) {
	plain := func(b []byte, from, to int) {
		for i := from; i < to && i < len(b); i++ {
			if b[i] != '\n' && b[i] != '\r' {
				b[i] = ' '
			}
		}
	}
	r := rand.New(rand.NewSource(1))
	alphabet := []byte("ab \t\n\r\\x")
	for n := 0; n < 3000; n++ {
		size := r.Intn(700)
		b := make([]byte, size)
		for i := range b {
			if r.Intn(4) == 0 {
				b[i] = alphabet[r.Intn(len(alphabet))]
			} else {
				b[i] = 'a' + byte(r.Intn(26))
			}
		}
		if n%3 == 0 {
			b = bytes.ReplaceAll(b, []byte("\r"), []byte("z"))
		}
		from, to := r.Intn(size+10), r.Intn(size+300)
		got, want := append([]byte(nil), b...), append([]byte(nil), b...)
		blankRaw(got, from, to)
		plain(want, from, to)
		if !bytes.Equal(got, want) {
			t.Fatalf("blankRaw(%q, %d, %d) = %q, want %q", b, from, to, got, want)
		}
	}
}

// TestLazyVocabulary: the header macros a unit keeps, and the definitions
// it reads, are the same whether its vocabulary is filled when a used
// macro first pastes, with each header's names looked up once for all
// units (thinnedHeader.vocabIDs), or before any is used, a name at a time.
func TestLazyVocabulary(t *testing.T) {
	kept := func(tu *translationUnit) string {
		tu.order, tu.usedDefines = nil, nil
		tu.reset()
		tu.include(tu.main)
		tu.dropUnusedDefines()
		var out []string
		for _, f := range tu.order[1:] {
			w := tu.work[f.rel]
			for _, d := range f.scan.directives {
				if d.name == "define" && visible(w, int32(d.off)) {
					out = append(out, f.rel+":"+d.arg)
				}
			}
		}
		for _, def := range tu.usedDefines {
			out = append(out, "used "+def.d.arg)
		}
		sort.Strings(out)
		return strings.Join(out, " ")
	}
	pasted := 0
	for _, pm := range prepModules(t) {
		for _, tu := range pm.units {
			tu.shared.reference.vocab = false
			lazy := kept(tu)
			tu.shared.reference.vocab = true
			eager := kept(tu)
			tu.shared.reference.vocab = false
			if lazy != eager {
				t.Errorf("%s, unit %s: lazy vocabulary keeps\n%s\neager\n%s", pm.src.dir, tu.main.rel, lazy, eager)
			}
			// (BAZ_EN_BIT_2 is built of a name only more.h holds: its
			// vocabIDs.)
			for _, m := range []string{"FOO_EN_BIT_0", "BAR_EN_BIT_1", "BAZ_EN_BIT_2"} {
				if strings.Contains(lazy, ":"+m) {
					pasted++
				}
			}
		}
	}
	if pasted < 3 {
		t.Error("the units did not keep the macros only pasting builds")
	}
}

// TestHeaderMacroIdents: the names of a thinned header a unit tries as
// macro uses are all those of its names that some file of the module
// defines as a macro, each with the module's definitions of it.
func TestHeaderMacroIdents(t *testing.T) {
	tried := 0
	for _, pm := range prepModules(t) {
		for _, tu := range pm.units {
			tu.prepareText()
		}
		md := pm.shared.moduleDefines(pm.src)
		for _, f := range pm.src.all() {
			for _, th := range f.thinned {
				if th == nil {
					continue
				}
				var want []string
				for _, id := range th.idents {
					if len(md.byName[id]) > 0 {
						want = append(want, id)
					}
				}
				tried += len(want)
				if !slices.Equal(th.macroIdents, want) {
					t.Errorf("%s: %s: macro names %q, want %q", pm.src.dir, f.rel, th.macroIdents, want)
				}
				for i, id := range th.macroIdents {
					if i >= len(th.macroDefs) || !slices.Equal(th.macroDefs[i], md.byName[id]) {
						t.Errorf("%s: %s: the definitions of %s are not the module's", pm.src.dir, f.rel, id)
					}
				}
			}
		}
	}
	if tried == 0 {
		t.Error("no header names a macro")
	}
}

// TestVisibleMacros: the #defines a unit's working texts leave, shared by
// the units that share a header's text, are those each text leaves; and
// the bounds' macros are those of the plain way.
func TestVisibleMacros(t *testing.T) {
	shared := 0
	for _, pm := range prepModules(t) {
		for _, tu := range pm.units {
			tu.prepareText()
			for _, f := range tu.order {
				w := tu.work[f.rel]
				var want []*macroDef
				for _, m := range f.macroDefs() {
					if w == nil || visible(w, int32(m.d.off)) {
						want = append(want, m)
					}
				}
				if got := tu.visibleMacros(f); !slices.Equal(got, want) {
					t.Errorf("%s, unit %s: %d macros of %s visible, want %d", pm.src.dir, tu.main.rel, len(got), f.rel, len(want))
				}
			}
			plain := map[string]*define{}
			for _, f := range tu.order {
				w := tu.work[f.rel]
				for _, def := range f.defines() {
					if !def.d.alt && visible(w, int32(def.d.off)) && !tu.stubbed[def.d.arg] {
						plain[def.d.arg] = def
					}
				}
			}
			if got := tu.newBounds(tu.stubbed).defs; !maps.Equal(got, plain) {
				t.Errorf("%s, unit %s: bounds read %d macros, want %d", pm.src.dir, tu.main.rel, len(got), len(plain))
			}
		}
		shared += len(pm.shared.visibleDefs.m)
	}
	if shared == 0 {
		t.Error("no header text's macros were shared")
	}
}

// TestPlainPrepSame: each unit's prefix, the header macros it uses and
// its files as the parser reads them are the same with the per-header
// and per-module shortcuts of the preparation (prelude entries, shared
// scans, the module's known names, headers' macro definitions) as
// without them (referencePrep.prelude).
func TestPlainPrepSame(t *testing.T) {
	prep := func(tu *translationUnit) string {
		tu.order, tu.usedDefines = nil, nil
		var b strings.Builder
		b.WriteString(tu.prepareText())
		for _, def := range tu.usedDefines {
			b.WriteString("\nused " + def.d.arg)
		}
		files := tu.parserFiles()
		keys := make([]string, 0, len(files))
		for k := range files {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			b.WriteString("\n== " + k + "\n")
			b.Write(files[k])
		}
		return b.String()
	}
	units := 0
	for _, pm := range prepModules(t) {
		for _, tu := range pm.units {
			tu.shared.reference.prelude = false
			fast := prep(tu)
			tu.shared.reference.prelude = true
			plain := prep(tu)
			tu.shared.reference.prelude = false
			if fast != plain {
				t.Errorf("%s, unit %s: the preparation differs from the plain way's", pm.src.dir, tu.main.rel)
			}
			units++
		}
	}
	if units == 0 {
		t.Error("no units")
	}
}
