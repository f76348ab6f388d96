// Package passtest runs helper passes over C fixtures without the
// driver, for the passes' own tests: given a module the test parsed (the
// tests call the front end themselves), it runs an analyzer and what it
// requires as the driver would, and reads the fixtures' expectation
// comments.
package passtest

import (
	"go/token"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/kdlint/kdlint/analyzers/passes/input"
	"github.com/kdlint/kdlint/ir"
	"github.com/kdlint/kdlint/kmodel"
)

// Files returns the .c and .h files of dir, to parse as one module.
func Files(t testing.TB, dir string) []string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(dir, "*.[ch]"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no C files in %s: %v", dir, err)
	}
	return paths
}

// Parsed fails the test for every item the front end skipped in m.
func Parsed(t testing.TB, fset *token.FileSet, m *ir.Module) {
	t.Helper()
	for _, s := range m.Skipped {
		t.Errorf("%v: the front end skipped %s: %s (%s)", fset.Position(s.Pos), s.Name, s.Reason, s.Detail)
	}
}

// Run runs a and the analyzers it requires over m and returns a's
// result.
func Run(t testing.TB, fset *token.FileSet, m *ir.Module, a *analysis.Analyzer) any {
	t.Helper()
	results := map[*analysis.Analyzer]any{input.Analyzer: m, input.KernelModel: kmodel.Default()}
	var run func(a *analysis.Analyzer) any
	run = func(a *analysis.Analyzer) any {
		if r, ok := results[a]; ok {
			return r
		}
		pass := &analysis.Pass{Analyzer: a, Fset: fset, ResultOf: map[*analysis.Analyzer]any{},
			Report: func(d analysis.Diagnostic) {
				t.Errorf("%v: helper pass %s reported %q", fset.Position(d.Pos), a.Name, d.Message)
			}}
		for _, r := range a.Requires {
			pass.ResultOf[r] = run(r)
		}
		res, err := a.Run(pass)
		if err != nil {
			t.Fatalf("%s: %v", a.Name, err)
		}
		results[a] = res
		return res
	}
	return run(a)
}

// Comment is an expectation comment of a fixture: /* WORD text */ or
// // WORD text.
type Comment struct {
	Pos  token.Position // of the line it is on
	Text string         // after the word
}

// Comments returns the comments of m's files that start with word, in
// file and line order.
func Comments(t testing.TB, m *ir.Module, word string) []Comment {
	t.Helper()
	re := regexp.MustCompile(`(?:/\*\s*` + regexp.QuoteMeta(word) + `\s(.*?)\*/|//\s*` + regexp.QuoteMeta(word) + `\s(.*)$)`)
	var out []Comment
	for _, f := range m.Files {
		for i, line := range strings.Split(string(f.Src), "\n") {
			for _, mm := range re.FindAllStringSubmatch(line, -1) {
				text := mm[1] + mm[2]
				out = append(out, Comment{Pos: token.Position{Filename: f.Path, Line: i + 1}, Text: strings.TrimSpace(text)})
			}
		}
	}
	return out
}

// Line returns the line of pos.
func Line(fset *token.FileSet, pos token.Pos) (string, int) {
	p := fset.Position(pos)
	return p.Filename, p.Line
}
