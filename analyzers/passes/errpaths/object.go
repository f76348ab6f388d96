package errpaths

import (
	"github.com/kdlint/kdlint/analyzers/passes/lifecycle"
	"github.com/kdlint/kdlint/ir"
	"github.com/kdlint/kdlint/kmodel"
)

// object follows one set-up object through its function: created by
// its set-up call, torn down by a teardown of its kind that destroys it
// (the kernel's, a module helper's however deep, or a devres action's).
type object struct {
	r *Result
	o *lifecycle.Object
}

func (t object) createdBy(c *ir.Call) bool { return c == t.o.Setup }

func (t object) destroyedBy(c *ir.Call) bool {
	for _, op := range t.r.km.TeardownsFor(c.Name) {
		if op.Kind == t.o.Kind && op.Destroy && op.ObjArg < len(c.Args) {
			if k := ir.ObjectKey(c.Args[op.ObjArg]); k == "" || t.o.Matches(k) {
				return true
			}
		}
	}
	if t.r.lc.IsDevresTeardown(c, t.o) {
		return true // devres destroys it from now on
	}
	// A cleanup helper of the module that destroys it.
	for key := range t.r.destroyers(t.o.Kind)[t.r.calleeOf[c]] {
		if key == "" || t.o.Matches(key) {
			return true
		}
	}
	return false
}

// destroyers maps each module function to the keys of the objects of
// kind it destroys, directly or through the functions it calls.
func (r *Result) destroyers(kind kmodel.ObjectKind) map[*ir.Func]map[string]bool {
	if d, ok := r.destroys[kind]; ok {
		return d
	}
	out := map[*ir.Func]map[string]bool{}
	add := func(f *ir.Func, key string) bool {
		if out[f][key] {
			return false
		}
		if out[f] == nil {
			out[f] = map[string]bool{}
		}
		out[f][key] = true
		return true
	}
	for _, f := range r.module.Funcs {
		for _, c := range f.Calls() {
			for _, op := range r.km.TeardownsFor(c.Name) {
				if op.Kind == kind && op.Destroy && op.ObjArg < len(c.Args) {
					add(f, ir.ObjectKey(c.Args[op.ObjArg]))
				}
			}
		}
	}
	// Callers inherit their callees' keys, until nothing changes.
	for changed := true; changed; {
		changed = false
		for f, sites := range r.graph.Callees {
			for _, s := range sites {
				for k := range out[s.Callee] {
					changed = add(f, k) || changed
				}
			}
		}
	}
	r.destroys[kind] = out
	return out
}

// failedOn reports whether taking successor i of b means the object was
// not created: if (!wq), if (wq == NULL), if (IS_ERR(wq)).
func (t object) failedOn(b *ir.Block, i int) bool {
	if b.Cond == nil || len(b.Succs) != 2 {
		return false
	}
	nullWhenTrue, ok := nullTest(b.Cond, t.o)
	if !ok {
		return false
	}
	return (i == 0) == nullWhenTrue
}

// nullTest reports whether cond tests o for NULL (or an error pointer),
// and whether cond is true when o is NULL.
func nullTest(cond ir.Expr, o *lifecycle.Object) (nullWhenTrue, ok bool) {
	switch e := cond.(type) {
	case *ir.Unary:
		if e.Op == "!" {
			if o.Matches(ir.ObjectKey(e.X)) {
				return true, true
			}
			if n, ok := nullTest(e.X, o); ok {
				return !n, true
			}
		}
	case *ir.Ident, *ir.Member:
		if o.Matches(ir.ObjectKey(e)) {
			return false, true
		}
	case *ir.Binary:
		zero := func(x ir.Expr) bool {
			l, ok := x.(*ir.Lit)
			return ok && l.Text == "0" || ir.ObjectKey(x) == "NULL"
		}
		if (e.Op == "==" || e.Op == "!=") && (o.Matches(ir.ObjectKey(e.X)) && zero(e.Y) || o.Matches(ir.ObjectKey(e.Y)) && zero(e.X)) {
			return e.Op == "==", true
		}
	case *ir.Call:
		if len(e.Args) == 1 {
			if kmodel.In(e.Name, kmodel.BranchHints) {
				return nullTest(e.Args[0], o)
			}
			if kmodel.In(e.Name, kmodel.ErrorPointerTests) && o.Matches(ir.ObjectKey(e.Args[0])) {
				return true, true
			}
		}
	}
	return false, false
}
