package cparse_test

import (
	"go/token"
	"os"
	"testing"

	"github.com/kdlint/kdlint/analyzers"
	"github.com/kdlint/kdlint/cparse"
	"github.com/kdlint/kdlint/driver"
	"github.com/kdlint/kdlint/kmodel"
)

// BenchmarkModuleStage runs the module-level stages of ParseModule (not
// the units) with every rule's needs, on KDLINT_BENCH_DIR (a directory
// of modules, e.g. a kernel tree's drivers/net) or the sample drivers.
func BenchmarkModuleStage(b *testing.B) {
	root := os.Getenv("KDLINT_BENCH_DIR")
	if root == "" {
		root = "../testdata/drivers"
	}
	mods, notices := driver.Discover([]string{root})
	if len(notices) > 0 {
		b.Fatal(notices)
	}
	var needs kmodel.Needs
	for _, r := range analyzers.All {
		needs = needs.Union(r.Needs)
	}
	cfg := &cparse.Config{Needs: needs}
	b.SetBytes(driver.SourceBytes(mods))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		for _, m := range mods {
			cparse.ModuleStage(token.NewFileSet(), m.Dir, m.Files, cfg)
		}
	}
}
