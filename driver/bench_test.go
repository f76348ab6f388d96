package driver

import (
	"go/token"
	"os"
	"testing"

	"github.com/kdlint/kdlint/analyzers"
	"github.com/kdlint/kdlint/ir"
)

// BenchmarkRun runs every rule over the sample drivers, or over the
// directory named by KDLINT_BENCH_DIR (e.g. a kernel tree's
// drivers/net/ethernet/intel), without the cache. It reports MB/s.
func BenchmarkRun(b *testing.B) {
	mods := benchModules(b)
	b.SetBytes(SourceBytes(mods))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		Run(mods, Options{Rules: analyzers.All, Version: "bench"})
	}
}

// BenchmarkAnalyses runs every rule's analyses, and nothing else, over
// the modules of the sample drivers or of KDLINT_BENCH_DIR, parsed once
// before the timer starts: the analysis side's own cost, which a whole
// run's profile mixes with parsing's.
func BenchmarkAnalyses(b *testing.B) {
	mods := benchModules(b)
	pl := newPlan(&Options{Rules: analyzers.All, Version: "bench"})
	type parsed struct {
		fset *token.FileSet
		mod  Module
		m    *ir.Module
	}
	var ps []parsed
	for _, mod := range mods {
		fset := token.NewFileSet()
		m, err := parse(fset, mod, &pl.frontend)
		if err != nil {
			b.Fatal(err)
		}
		ps = append(ps, parsed{fset, mod, m})
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		n := 0
		for _, p := range ps {
			n += len(pl.analyseParsed(p.fset, p.mod, p.m).Findings)
		}
		if i == 0 {
			b.ReportMetric(float64(n), "findings")
		}
	}
}

// benchModules discovers the modules of KDLINT_BENCH_DIR, or of the
// sample drivers when it is not set.
func benchModules(b *testing.B) []Module {
	root := os.Getenv("KDLINT_BENCH_DIR")
	if root == "" {
		root = "../testdata/drivers"
	}
	mods, notices := Discover([]string{root})
	if len(notices) > 0 {
		b.Fatal(notices)
	}
	return mods
}
