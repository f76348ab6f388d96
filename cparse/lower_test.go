package cparse

import (
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"modernc.org/cc/v4"

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

// TestPositionerByLine holds the positioner, which asks cc/v4 once per
// source line, to cc/v4's Token.Position for every token of the sample
// drivers' units, in source order and in a scrambled one.
func TestPositionerByLine(t *testing.T) {
	if !tokenLayout.ok {
		t.Fatal("cc/v4's Token fields are not where tokpos.go looks: every position goes through Token.Position")
	}
	mods := benchDirs(t, "../testdata/drivers")
	cfg := benchConfig()
	tokens, lines := 0, map[[2]int]bool{}
	for _, dir := range sortedKeys(mods) {
		for _, u := range parsedUnits(token.NewFileSet(), dir, mods[dir], cfg) {
			var toks []cc.Token
			for l := u.ast.TranslationUnit; l != nil; l = l.TranslationUnit {
				toks = append(toks, cc.NodeTokens(l.ExternalDeclaration)...)
			}
			want := u.tu.lineResolver()
			for pass := 0; pass < 2; pass++ {
				got := u.tu.positioner()
				for i := range toks {
					tk := toks[i]
					if pass == 1 {
						tk = toks[(i*7919)%len(toks)]
					}
					w, _, _ := want(tk)
					if g := got(tk); g != w {
						p := tk.Position()
						t.Fatalf("%s: %s:%d:%d %q: positioner %d, Token.Position %d", dir, p.Filename, p.Line, p.Column, tk.SrcStr(), g, w)
					}
					if pass == 0 {
						p := tk.Position()
						lines[[2]int{len(p.Filename), p.Line}] = true
					}
				}
				tokens += len(toks)
			}
		}
	}
	t.Logf("%d tokens on %d lines", tokens, len(lines))
	if tokens < 10000 || len(lines) < 500 {
		t.Fatalf("only %d tokens on %d lines compared", tokens, len(lines))
	}
}
