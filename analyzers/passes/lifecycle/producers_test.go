package lifecycle

import (
	"go/token"
	"path/filepath"
	"slices"
	"testing"

	"github.com/kdlint/kdlint/analyzers/passes/internal/passtest"
	"github.com/kdlint/kdlint/cparse"
	"github.com/kdlint/kdlint/ir"
	"github.com/kdlint/kdlint/kmodel"
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

// TestZeroWaitKeys checks which wait conditions are read as a count
// reaching zero, side by side with ones that are not.
func TestZeroWaitKeys(t *testing.T) {
	for _, c := range []struct {
		text string
		want []string
	}{
		{"wait_event(q->wq, atomic_read(&q->pending) == 0);", []string{".pending"}},
		{"wait_event_timeout(wq, !atomic_read(&d->busy), HZ);", []string{".busy"}},
		{"wait_event(wq, 0 == refcount_read(&d->users));", []string{".users"}},
		{"wait_var_event(&s->refs, percpu_ref_is_zero(&s->refs));", []string{".refs"}},
		{"wait_event_idle(wq, kref_read(&d->kref) == 0 && d->dead);", []string{".kref"}},
		{"wait_event(wq, atomic_read(&q->pending));", nil},                   // until non-zero
		{"wait_event(wq, atomic_read(&q->pending) == 0x10);", nil},           // another value
		{"wait_event(wq, !percpu_ref_is_zero(&s->refs));", nil},              // until not zero
		{"if (atomic_read(&q->pending) == 0) wait_for_completion(&c);", nil}, // no wait on a condition
	} {
		r := &Result{km: kmodel.Default()}
		if got := r.zeroWaitKeys("f", c.text); !slices.Equal(got, c.want) {
			t.Errorf("%s: %q, want %q", c.text, got, c.want)
		}
	}
}
