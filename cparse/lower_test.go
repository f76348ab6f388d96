package cparse

import (
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/kdlint/kdlint/kmodel"
)

// benchDirs returns, per directory under root with C files, its .c and
// .h files (driver.Discover's modules, near enough for benchmarks; the
// driver imports this package).
func benchDirs(tb testing.TB, root string) map[string][]string {
	dirs := map[string][]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && (strings.HasSuffix(p, ".c") || strings.HasSuffix(p, ".h")) {
			dirs[filepath.Dir(p)] = append(dirs[filepath.Dir(p)], p)
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return dirs
}

// benchConfig asks for everything the model can be asked for, as a
// default run of every rule (and more) would.
func benchConfig() *Config {
	return &Config{Needs: kmodel.Needs{
		Objects:  []kmodel.ObjectKind{kmodel.Workqueue, kmodel.Tasklet, kmodel.Timer, kmodel.Work},
		InAtomic: []kmodel.CallFamily{kmodel.SleepingCalls, kmodel.SleepingLocks, kmodel.TimerWaits},
	}}
}

func sortedKeys(m map[string][]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// BenchmarkLower lowers the parsed units of KDLINT_BENCH_DIR (or the
// sample drivers) to IR; parsing is not timed.
func BenchmarkLower(b *testing.B) {
	root := os.Getenv("KDLINT_BENCH_DIR")
	if root == "" {
		root = "../testdata/drivers"
	}
	mods := benchDirs(b, root)
	cfg := benchConfig()
	b.ReportAllocs()
	b.StopTimer()
	for _, dir := range sortedKeys(mods) {
		units := parsedUnits(token.NewFileSet(), dir, mods[dir], cfg)
		b.StartTimer()
		for i := 0; i < b.N; i++ {
			for _, u := range units {
				u.lowerAgain()
			}
		}
		b.StopTimer()
	}
}
