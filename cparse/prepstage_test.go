package cparse

import (
	"go/token"

	"github.com/kdlint/kdlint/ir"
)

// PrepareStage runs ParseModule's module-level stages and then, for each
// unit in turn, the preparation of its text (prepareText, parserFiles),
// not cc/v4 nor lowering (BenchmarkPrepareStage). It returns the bytes
// of text prepared, so that the work cannot be left out.
func PrepareStage(fset *token.FileSet, dir string, paths []string, cfg *Config) int {
	cfg = moduleConfig(cfg, paths)
	m := ir.NewModule(dir)
	src := readModule(fset, dir, paths, cfg, m)
	preprocess(src)
	noteBrokenText(src)
	names := collectNames(src)
	rel, needed := decideRelevance(src, names)
	if !needed {
		return 0
	}
	shared := &moduleState{headerFuncsDone: map[string]bool{}, rel: rel}
	var units []*translationUnit
	for _, f := range src.files {
		if len(f.rel) > 2 && f.rel[len(f.rel)-2:] == ".c" {
			units = append(units, &translationUnit{main: f, src: src, names: names, cfg: src.cfg,
				module: ir.NewModule(src.dir), seen: map[token.Pos]bool{}, shared: shared})
		}
	}
	shared.owner = headerOwners(units)
	n := 0
	for _, tu := range units {
		n += len(tu.prepareText())
		for _, w := range tu.parserFiles() {
			n += len(w)
		}
	}
	return n
}
