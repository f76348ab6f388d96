package lifecycle

import (
	"go/token"
	"path/filepath"
	"testing"

	"github.com/kdlint/kdlint/analyzers/passes/internal/passtest"
	"github.com/kdlint/kdlint/cparse"
	"github.com/kdlint/kdlint/ir"
)

// TestExternalIRQMemo checks that externalIRQ, which works out once for
// the module which members only ever hold an external interrupt source,
// answers as a walk of every function for each installation did, on the
// fixtures and sample drivers.
func TestExternalIRQMemo(t *testing.T) {
	dirs, _ := filepath.Glob("../../*/testdata/src/*")
	drivers, _ := filepath.Glob("../../../testdata/drivers/*")
	members := 0
	for _, dir := range append(dirs, drivers...) {
		if files, _ := filepath.Glob(filepath.Join(dir, "*.c")); len(files) == 0 {
			continue
		}
		fset := token.NewFileSet()
		m := cparse.ParseModule(fset, dir, passtest.Files(t, dir), &cparse.Config{ParseAll: true})
		r := passtest.Run(t, fset, m, Analyzer).(*Result)
		for _, q := range r.IRQs {
			if q.Op.IRQArg >= len(q.Request.Args) {
				continue
			}
			e := q.Request.Args[q.Op.IRQArg]
			if _, ok := e.(*ir.Member); ok {
				members++
			}
			if want := externalIRQWalk(r, q.In, e); q.External != want {
				t.Errorf("%v: external interrupt %v, a walk says %v", fset.Position(q.Request.P), q.External, want)
			}
		}
	}
	if members == 0 {
		t.Error("no installation passes a member: the test compares nothing")
	}
}

// externalIRQWalk is externalIRQ as it was before its memo: every
// function of the module walked for each installation.
func externalIRQWalk(r *Result, f *ir.Func, e ir.Expr) bool {
	fromSource := func(rhs ir.Expr) bool {
		c, ok := rhs.(*ir.Call)
		return ok && r.km.IsExternalIRQSource(c.Name)
	}
	if fromSource(e) {
		return true
	}
	root := e
	for {
		m, ok := root.(*ir.Member)
		if !ok {
			break
		}
		root = m.X
	}
	key := ir.ObjectKey(e)
	rootKey := ""
	if id, ok := root.(*ir.Ident); ok && root != e {
		rootKey = id.Name
	}
	assigns := func(g *ir.Func, visit func(a *ir.Assign)) {
		for _, b := range g.Blocks {
			for _, n := range b.Nodes {
				if a, ok := n.(*ir.Assign); ok && a.Op == "" {
					visit(a)
				}
			}
		}
	}
	found := false
	assigns(f, func(a *ir.Assign) {
		k := ir.ObjectKey(a.LHS)
		if fromSource(a.RHS) && (k == key || rootKey != "" && k == rootKey) {
			found = true
		}
	})
	if found {
		return true
	}
	if _, ok := e.(*ir.Member); !ok || key == "" {
		return false
	}
	all, some := true, false
	for _, g := range r.module.Funcs {
		assigns(g, func(a *ir.Assign) {
			if _, ok := a.LHS.(*ir.Member); ok && ir.ObjectKey(a.LHS) == key {
				some = true
				all = all && fromSource(a.RHS)
			}
		})
	}
	return some && all
}

// TestHoldsReferenceMemo checks that HoldsReference, kept for each
// callback, answers for every object of the fixtures and sample drivers
// as the callback's own walk does, asked again or not.
func TestHoldsReferenceMemo(t *testing.T) {
	dirs, _ := filepath.Glob("../../*/testdata/src/*")
	drivers, _ := filepath.Glob("../../../testdata/drivers/*")
	holds := 0
	for _, dir := range append(dirs, drivers...) {
		if files, _ := filepath.Glob(filepath.Join(dir, "*.c")); len(files) == 0 {
			continue
		}
		fset := token.NewFileSet()
		m := cparse.ParseModule(fset, dir, passtest.Files(t, dir), &cparse.Config{ParseAll: true})
		r := passtest.Run(t, fset, m, Analyzer).(*Result)
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
	}
	if holds == 0 {
		t.Error("no object's callback holds a reference: the test compares nothing")
	}
}
