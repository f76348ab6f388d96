package driver

import (
	"os"
	"testing"

	"github.com/kdlint/kdlint/analyzers"
)

// BenchmarkRun runs every rule over the sample drivers, or over the
// directory named by KDLINT_BENCH_DIR (e.g. a kernel tree's
// drivers/net/ethernet/intel), without the cache. It reports MB/s.
func BenchmarkRun(b *testing.B) {
	root := os.Getenv("KDLINT_BENCH_DIR")
	if root == "" {
		root = "../testdata/drivers"
	}
	mods, notices := Discover([]string{root})
	if len(notices) > 0 {
		b.Fatal(notices)
	}
	b.SetBytes(SourceBytes(mods))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		Run(mods, Options{Rules: analyzers.All, Version: "bench"})
	}
}
