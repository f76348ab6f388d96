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
			if keys := t.r.lc.TeardownKeys(t.o.In, c, op.ObjArg); len(keys) == 0 || t.o.MatchesAny(keys) {
				return true
			}
		}
	}
	if t.r.lc.IsDevresTeardown(c, t.o) {
		return true // devres destroys it from now on
	}
	// A cleanup helper of the module that destroys it, called or run as
	// a release callback (kref_put(&x->kref, release)).
	helpers := t.r.lc.ReleasesOf(t.o.In, c)
	if f := t.r.calleeOf[c]; f != nil {
		helpers = append(helpers, f)
	}
	for _, f := range helpers {
		for key := range t.r.destroyers(t.o.Kind)[f] {
			if key == "" || t.o.Matches(key) {
				return true
			}
		}
	}
	return false
}

// returnedBy reports whether r returns the object itself (a helper that
// creates it for its caller).
func (t object) returnedBy(r *ir.Return) bool {
	if r.Value == nil {
		return false
	}
	if r.Value == ir.Expr(t.o.Setup) {
		return true
	}
	return t.o.Returned && t.o.Matches(ir.ObjectKey(r.Value))
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
					keys := r.lc.TeardownKeys(f, c, op.ObjArg)
					if len(keys) == 0 {
						keys = []string{""}
					}
					for _, k := range keys {
						add(f, k)
					}
				}
			}
		}
	}
	// Callers inherit their callees' keys (through release callbacks and
	// operations tables too), until nothing changes.
	for changed := true; changed; {
		changed = false
		for _, f := range r.module.Funcs {
			for _, g := range r.lc.Callees(f) {
				for k := range out[g] {
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
	if t.o.Excluded(b, i) {
		return true // created under the other branch of the same test
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
