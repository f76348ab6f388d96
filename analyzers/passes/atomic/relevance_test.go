package atomic

import (
	"fmt"
	"go/token"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/kdlint/kdlint/analyzers/passes/internal/passtest"
	"github.com/kdlint/kdlint/cparse"
)

// TestRelevanceReachedChangesNothing runs the pass over the atomic
// rules' fixtures and the sample drivers with the parameters that
// matter worked out only for the functions the roots reach (relevance)
// and for every function, and wants the same instances (function,
// context, bindings) and the same parameters that matter in each
// instantiated function; and wants some fixture to have a function the
// restriction leaves out, or the test compares nothing.
func TestRelevanceReachedChangesNothing(t *testing.T) {
	dirs := []string{}
	for _, rule := range []string{"sleepinatomic", "gfpinatomic", "mutexinatomic", "usercopyinatomic"} {
		dirs = append(dirs, filepath.Join("..", "..", rule, "testdata", "src", "a"))
	}
	drivers, _ := filepath.Glob(filepath.Join("..", "..", "..", "testdata", "drivers", "*"))
	for _, d := range drivers {
		if files, _ := filepath.Glob(filepath.Join(d, "*.c")); len(files) > 0 {
			dirs = append(dirs, d)
		}
	}
	left, insts := 0, 0
	for _, dir := range dirs {
		reached, nReached := dumpInstances(t, dir)
		allRelevance = true
		all, nAll := dumpInstances(t, dir)
		allRelevance = false
		if reached != all {
			t.Errorf("%s: the instances differ with relevance worked out only where reached:\n--- reached\n%s\n--- all\n%s", dir, reached, all)
		}
		left += nAll - nReached
		insts += strings.Count(reached, "\n")
	}
	if left == 0 || insts == 0 {
		t.Errorf("%d functions left out, %d instances: the test compares nothing", left, insts)
	}
}

// dumpInstances parses dir afresh, runs the pass and prints its
// instances and the relevant parameters of their functions; n is the
// number of functions relevance worked out.
func dumpInstances(t *testing.T, dir string) (string, int) {
	t.Helper()
	fset := token.NewFileSet()
	m := cparse.ParseModule(fset, dir, passtest.Files(t, dir), &cparse.Config{ParseAll: true})
	r := passtest.Run(t, fset, m, Analyzer).(*Result)
	var lines []string
	for _, f := range m.Funcs {
		for _, in := range r.instsOf[f] {
			var rel []string
			for p := range r.facts.relevant[f] {
				rel = append(rel, p)
			}
			sort.Strings(rel)
			lines = append(lines, fmt.Sprintf("%s ctx=%v irqoff=%v depth=%d env=%v relevant=%v", f.Name, in.ctx, in.irqOff, in.depth, in.env, rel))
		}
	}
	return strings.Join(lines, "\n") + "\n", len(r.facts.relevant)
}
