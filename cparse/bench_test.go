package cparse_test

import (
	"github.com/kdlint/kdlint/analyzers"
	"go/token"
	"os"
	"testing"

	"github.com/kdlint/kdlint/cparse"
	"github.com/kdlint/kdlint/driver"
	"github.com/kdlint/kdlint/kmodel"
)

// BenchmarkParseSamples parses the sample drivers. Set KDLINT_BENCH_DIR to
// a directory of driver modules (e.g. a kernel tree's drivers/net) to
// benchmark on real code.
func BenchmarkParseSamples(b *testing.B) {
	mods := benchModules(b)
	// Everything the model can be asked for, as a default run of every
	// rule (and more) would.
	cfg := &cparse.Config{Needs: kmodel.Needs{
		Objects:  []kmodel.ObjectKind{kmodel.Workqueue, kmodel.Tasklet, kmodel.Timer, kmodel.Work},
		InAtomic: []kmodel.CallFamily{kmodel.SleepingCalls, kmodel.SleepingLocks, kmodel.TimerWaits},
	}}
	b.SetBytes(driver.SourceBytes(mods))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		for _, m := range mods {
			cparse.ParseModule(token.NewFileSet(), m.Dir, m.Files, cfg)
		}
	}
}

// BenchmarkModuleStage runs the module-level stages of ParseModule (not
// the units) with every rule's needs, on the modules of
// BenchmarkParseSamples.
func BenchmarkModuleStage(b *testing.B) {
	mods := benchModules(b)
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

// benchModules returns the modules of KDLINT_BENCH_DIR (a directory of
// driver modules, e.g. a kernel tree's drivers/net), or of the sample
// drivers.
func benchModules(b *testing.B) []driver.Module {
	root := os.Getenv("KDLINT_BENCH_DIR")
	if root == "" {
		root = "../testdata/drivers"
	}
	mods, notices := driver.Discover([]string{root})
	if len(notices) > 0 {
		b.Fatal(notices)
	}
	return mods
}

// BenchmarkPrepareStage runs the module stage and then each unit's text
// preparation (prepareText, parserFiles), serially, with every rule's
// needs, on the modules of BenchmarkParseSamples; cc/v4 is not run.
func BenchmarkPrepareStage(b *testing.B) {
	mods := benchModules(b)
	var needs kmodel.Needs
	for _, r := range analyzers.All {
		needs = needs.Union(r.Needs)
	}
	cfg := &cparse.Config{Needs: needs}
	b.SetBytes(driver.SourceBytes(mods))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		for _, m := range mods {
			cparse.PrepareStage(token.NewFileSet(), m.Dir, m.Files, cfg)
		}
	}
}
