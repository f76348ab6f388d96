package cparse

import (
	"go/token"
)

// PrepareStage runs ParseModule's module-level stages and then, for each
// unit in turn, the preparation of its text (prepareText, parserFiles),
// not cc/v4 nor lowering (BenchmarkPrepareStage). It returns the bytes
// of text prepared, so that the work cannot be left out.
func PrepareStage(fset *token.FileSet, dir string, paths []string, cfg *Config) int {
	n := 0
	for _, tu := range moduleFront(fset, dir, paths, cfg).units {
		n += len(tu.prepareText())
		for _, w := range tu.parserFiles() {
			n += len(w)
		}
	}
	return n
}
