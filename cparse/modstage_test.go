package cparse

import (
	"go/token"

	"github.com/kdlint/kdlint/ir"
)

// ModuleStage runs ParseModule's module-level stages (read, preprocess,
// names, relevance, and the scans of annotate and enumerate), not the
// units (BenchmarkModuleStage).
func ModuleStage(fset *token.FileSet, dir string, paths []string, cfg *Config) {
	cfg = moduleConfig(cfg, paths)
	m := ir.NewModule(dir)
	src := readModule(fset, dir, paths, cfg, m)
	preprocess(src)
	noteBrokenText(src)
	countFuncs(src)
	sets, needed := relevanceGate(src)
	if !needed {
		return
	}
	names, sets := namesAndSets(src, sets)
	relevanceOf(src, names, sets)
	annotate(m, src)
	enumerate(m, src)
}
