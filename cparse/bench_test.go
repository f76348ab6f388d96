package cparse

import (
	"go/token"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkParseSamples parses the sample drivers. Set KDLINT_BENCH_DIR to
// a directory of driver modules (e.g. a kernel tree's drivers/net) to
// benchmark on real code.
func BenchmarkParseSamples(b *testing.B) {
	root := os.Getenv("KDLINT_BENCH_DIR")
	if root == "" {
		root = "../testdata/drivers"
	}
	mods := map[string][]string{}
	var bytes int64
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (filepath.Ext(p) == ".c" || filepath.Ext(p) == ".h") {
			mods[filepath.Dir(p)] = append(mods[filepath.Dir(p)], p)
			if fi, err := d.Info(); err == nil {
				bytes += fi.Size()
			}
		}
		return nil
	})
	b.SetBytes(bytes)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		for dir, files := range mods {
			ParseModule(token.NewFileSet(), dir, files, nil)
		}
	}
}
