// Package cparse is kdlint's C front end. It reads the files of one driver
// module as they are, without kernel headers, and builds the ir.Module the
// analyzers work on.
//
// It works in stages, each in its own file, each handing a small result to
// the next (ParseModule):
//
//	read         source.go    the module's files, -include files, -D; what was read
//	preprocess   cond.go      #if decided as a compiler would, each file scanned (scan.go)
//	             headers.go   quoted headers found
//	names        names.go     what the module defines: macros, typedefs, functions
//	relevance    relevance.go what of the module can matter to the needs (mentions.go)
//	per unit, in parallel:
//	  rewriting  unit.go      each file's working text, what cannot matter blanked
//	  inference  infer.go     what each unknown name must be, as C (prefix.go)
//	  parsing    parse.go     cc/v4, skipping what it rejects (recover.go)
//	  lowering   lower.go     IR (build.go), then merged in position order
//	annotations  annot.go     lock annotations and noreturn, from the scan
//	enumerations enums.go     the values of enumeration constants, from the scan
//
// Parsing is done by modernc.org/cc/v4. Because cc/v4 stops at the first
// name it cannot make sense of, the front end declares the kernel names a
// file uses from the kernel model's prelude and infers what every other
// unknown name must be. When cc/v4 still rejects a top-level item, that
// item alone is blanked out (its bytes replaced by spaces, so positions do
// not move) and the file is parsed again; the skipped item is recorded in
// the module, never silently lost.
package cparse

import (
	"go/token"
	"sort"
	"strings"
	"sync"

	"github.com/kdlint/kdlint/ir"
)

// ParseModule parses the files of one driver module. Paths are the module's
// .c and .h files; .h files are parsed where .c files include them. Every
// file is added to fset. Files that cannot be read or parsed are recorded
// in the returned module (File.Failed, Module.Skipped), not returned as
// errors: one bad file never stops the rest.
func ParseModule(fset *token.FileSet, dir string, paths []string, cfg *Config) *ir.Module {
	fr := moduleFront(fset, dir, paths, cfg)
	m := fr.m
	if !fr.needed {
		return m
	}
	parseUnits(fr.units)
	mergeUnits(m, fr.units, fset)
	markUnneeded(m, fr.src, fr.names, fr.shared)
	annotate(m, fr.src)
	enumerate(m, fr.src)
	countHeaderDefinitions(m, fr.src)
	return m
}

// front is a module after the stages that come before its units are
// parsed (moduleFront).
type front struct {
	m      *ir.Module
	src    *moduleSources
	names  *moduleNames
	shared *moduleState
	units  []*translationUnit // the module's .c files, to be parsed
	// needed is false when nothing of the module can matter: then only
	// m (its functions counted unneeded) and src are set.
	needed bool
}

// moduleFront runs ParseModule's stages up to its units: read,
// conditional compilation, names and relevance, and the units made. It
// is the one way in for ParseModule and the stage benchmarks, so that
// they measure what runs.
func moduleFront(fset *token.FileSet, dir string, paths []string, cfg *Config) *front {
	cfg = moduleConfig(cfg, paths)
	m := ir.NewModule(dir)
	src := readModule(fset, dir, paths, cfg, m)
	preprocess(src)
	noteBrokenText(src)
	countFuncs(src)
	fr := &front{m: m, src: src}
	// Whether anything of the module can matter needs no names: a
	// module that cannot report is not named at all.
	sets, needed := relevanceGate(src)
	if !needed {
		for _, f := range src.files {
			m.Unneeded += f.ir.Funcs
		}
		return fr
	}
	names, sets := namesAndSets(src, sets)
	fr.names = names
	fr.shared = &moduleState{headerFuncsDone: map[string]bool{}, rel: relevanceOf(src, names, sets)}
	for _, f := range src.files {
		if strings.HasSuffix(f.rel, ".c") {
			fr.units = append(fr.units, &translationUnit{main: f, src: src, names: names, cfg: src.cfg,
				module: ir.NewModule(src.dir), seen: map[itemKey]bool{}, shared: fr.shared})
		}
	}
	fr.shared.owner = headerOwners(fr.units)
	fr.needed = true
	return fr
}

// parseUnits parses each unit (a .c file with the headers it includes)
// in parallel, each into its own module.
func parseUnits(units []*translationUnit) {
	var wg sync.WaitGroup
	for _, tu := range units {
		wg.Add(1)
		go func() {
			defer wg.Done()
			slot := parseSlots()
			slot <- struct{}{}
			defer func() { <-slot }()
			tu.parse()
		}()
	}
	wg.Wait()
}

// headerOwners returns, per file the units include, the first unit in
// file order whose includes (transitively, as translationUnit.include
// follows them) reach it.
func headerOwners(units []*translationUnit) map[string]*srcFile {
	owner := map[string]*srcFile{}
	for _, tu := range units {
		seen := map[string]bool{}
		var walk func(f *srcFile)
		walk = func(f *srcFile) {
			if seen[f.rel] {
				return
			}
			seen[f.rel] = true
			if f != tu.main && owner[f.rel] == nil {
				owner[f.rel] = tu.main
			}
			for _, d := range f.scan.directives {
				if h := f.incl[d.off]; h != nil && isInclude(d) {
					walk(h)
				}
			}
		}
		walk(tu.main)
	}
	return owner
}

// mergeUnits adds what the units lowered to m, in file order, each item
// once (a header's functions are lowered by one unit, its globals may be
// by several).
func mergeUnits(m *ir.Module, units []*translationUnit, fset *token.FileSet) {
	seen := map[itemKey]bool{}
	first := func(k itemKey) bool {
		if seen[k] {
			return false
		}
		seen[k] = true
		return true
	}
	for _, tu := range units {
		for _, fn := range tu.module.Funcs {
			if first(itemKey{'f', fn.Pos, fn.Name}) {
				m.Funcs = append(m.Funcs, fn)
			}
		}
		for _, g := range tu.module.Globals {
			if first(itemKey{'g', g.Pos, g.Name}) {
				m.Globals = append(m.Globals, g)
			}
		}
		for _, sk := range tu.module.Skipped {
			if first(itemKey{'s', sk.Pos, ""}) {
				m.Skipped = append(m.Skipped, sk)
			}
		}
	}
	// Which unit lowers a header's functions depends on which finishes
	// first; order by position so that the module, and so every chain the
	// rules report, does not.
	sort.Slice(m.Funcs, func(i, j int) bool {
		a, b := m.Funcs[i], m.Funcs[j]
		return a.Pos < b.Pos || a.Pos == b.Pos && a.Name < b.Name
	})
	sort.Slice(m.Globals, func(i, j int) bool {
		a, b := m.Globals[i], m.Globals[j]
		return a.Pos < b.Pos || a.Pos == b.Pos && a.Name < b.Name
	})
	sort.Slice(m.Skipped, func(i, j int) bool { return m.Skipped[i].Pos < m.Skipped[j].Pos })
	for _, fn := range m.Funcs {
		if tf := fset.File(fn.Pos); tf != nil {
			fn.File = tf.Name()
		}
	}
	for _, g := range m.Globals {
		if tf := fset.File(g.Pos); tf != nil {
			g.File = tf.Name()
		}
	}
}

// countHeaderDefinitions counts the function definitions of the module's
// headers, once, when they were analysed (those of .c files are counted
// by countFuncs).
func countHeaderDefinitions(m *ir.Module, src *moduleSources) {
	analysed := map[string]map[string]bool{} // file -> function names
	for _, fn := range m.Funcs {
		if analysed[fn.File] == nil {
			analysed[fn.File] = map[string]bool{}
		}
		analysed[fn.File][fn.Name] = true
	}
	for _, f := range src.files {
		if strings.HasSuffix(f.rel, ".h") {
			for _, it := range f.scan.items {
				if it.funcDef && analysed[f.path][it.name] {
					f.ir.Funcs++
				}
			}
		}
	}
}
