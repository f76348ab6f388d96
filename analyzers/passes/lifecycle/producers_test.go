package lifecycle

import (
	"go/token"
	"path/filepath"
	"testing"

	"github.com/kdlint/kdlint/analyzers/passes/internal/passtest"
	"github.com/kdlint/kdlint/cparse"
	"github.com/kdlint/kdlint/ir"
)

// eachFixture runs the pass on every rule fixture and sample driver.
func eachFixture(t *testing.T, fn func(fset *token.FileSet, r *Result)) {
	dirs, _ := filepath.Glob("../../*/testdata/src/*")
	drivers, _ := filepath.Glob("../../../testdata/drivers/*")
	for _, dir := range append(dirs, drivers...) {
		if files, _ := filepath.Glob(filepath.Join(dir, "*.c")); len(files) == 0 {
			continue
		}
		fset := token.NewFileSet()
		m := cparse.ParseModule(fset, dir, passtest.Files(t, dir), &cparse.Config{ParseAll: true})
		fn(fset, passtest.Run(t, fset, m, Analyzer).(*Result))
	}
}

// TestExternalIRQMemo checks that membersFromSource, worked out once for
// the module, answers for the member each installation passes as a walk
// of every function's assignments does.
func TestExternalIRQMemo(t *testing.T) {
	members := 0
	eachFixture(t, func(fset *token.FileSet, r *Result) {
		for _, q := range r.IRQs {
			if q.Op.IRQArg >= len(q.Request.Args) {
				continue
			}
			e, ok := q.Request.Args[q.Op.IRQArg].(*ir.Member)
			if !ok {
				continue
			}
			members++
			key := ir.ObjectKey(e)
			all, some := true, false
			for _, g := range r.module.Funcs {
				eachAssign(g, func(a *ir.Assign) {
					if _, ok := a.LHS.(*ir.Member); ok && ir.ObjectKey(a.LHS) == key {
						some = true
						all = all && r.fromIRQSource(a.RHS)
					}
				})
			}
			if got, want := r.membersFromSource()[key], some && all; got != want {
				t.Errorf("%v: member %s only from external sources: %v, a walk says %v", fset.Position(q.Request.P), key, got, want)
			}
		}
	})
	if members == 0 {
		t.Error("no installation passes a member: the test compares nothing")
	}
}

// TestHoldsReferenceMemo checks that HoldsReference, kept for each
// callback, answers for every object of the fixtures and sample drivers
// as the callback's own walk does, asked again or not.
func TestHoldsReferenceMemo(t *testing.T) {
	holds := 0
	eachFixture(t, func(fset *token.FileSet, r *Result) {
		for round := 0; round < 2; round++ {
			for _, o := range r.Objects {
				cb := r.Callback(o)
				want := cb != nil && r.holdsReference(cb)
				if got := r.HoldsReference(o); got != want {
					t.Errorf("%v: round %d: HoldsReference %v, the walk says %v", fset.Position(o.Setup.P), round, got, want)
				}
				if want && round == 0 {
					holds++
				}
			}
		}
	})
	if holds == 0 {
		t.Error("no object's callback holds a reference: the test compares nothing")
	}
}
