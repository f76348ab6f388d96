package cparse

import (
	"go/token"
)

// ModuleStage runs ParseModule's module-level stages (read, preprocess,
// names, relevance, and the scans of annotate and enumerate), not the
// units (BenchmarkModuleStage).
func ModuleStage(fset *token.FileSet, dir string, paths []string, cfg *Config) {
	fr := moduleFront(fset, dir, paths, cfg)
	if fr.needed {
		annotate(fr.m, fr.src)
		enumerate(fr.m, fr.src)
	}
}
