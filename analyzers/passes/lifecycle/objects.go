package lifecycle

import (
	"slices"

	"github.com/kdlint/kdlint/ir"
	"github.com/kdlint/kdlint/kmodel"
)

// Object is one set-up of a deferred-work object.
type Object struct {
	Kind  kmodel.ObjectKind
	Setup *ir.Call
	// Op is the kernel set-up call; for an object made by a module
	// helper that returns one (Factory), the helper's.
	Op *kmodel.Setup
	In *ir.Func // nil for a file-scope DECLARE_*
	// Keys name the object (ir.ObjectKey): the variable or member it is
	// stored in, and any member a local holding it is copied to.
	Keys []string
	Expr ir.Expr // how the code names it, for messages
	// Path is its member path (MemberPath), for strict matching.
	Path []string
	// Factory is the module function whose result the object is, when
	// Setup is a call of it (wq = foo_create_wq(...)).
	Factory *ir.Func
	// Returned: the function that sets the object up returns it, so its
	// callers own it (the objects made at their calls, Factory).
	Returned bool
	// HandedToDevres: the helper that made it (Factory) registered a
	// devres action that tears it down (devm_add_action_or_reset(dev,
	// release, wq) before return wq).
	HandedToDevres bool
	// Guards are the tests whose branches lead to the set-up and only to
	// it (if (has_feature(dev)) { ... wq = alloc...; }), innermost first.
	Guards []*Guard

	file string
	unit *unit
}

// Guard is the branch that must be taken to reach a set-up.
type Guard struct {
	Block  *ir.Block
	Branch int // the successor taken
	text   string
}

// Excludes reports whether taking successor i of block b tells that
// the set-up guarded by g did not run: b tests the same condition (as
// written), in another block, and takes the other branch.
func (g *Guard) Excludes(b *ir.Block, i int) bool {
	return g != nil && b != g.Block && b.Cond != nil && len(b.Succs) == 2 && i != g.Branch && b.Cond.String() == g.text
}

// Excluded reports whether taking successor i of block b tells that
// o was not set up: b repeats one of o's guards and takes the other
// branch.
func (o *Object) Excluded(b *ir.Block, i int) bool {
	for _, g := range o.Guards {
		if g.Excludes(b, i) {
			return true
		}
	}
	return false
}

// Name is the object as the code names it.
func (o *Object) Name() string {
	if o.Expr != nil {
		return o.Expr.String()
	}
	return o.Setup.Name + "(...)"
}

// File is the file that sets the object up.
func (o *Object) File() string {
	if o.In != nil {
		return o.In.File
	}
	return o.file
}

// OnStack reports whether the object has automatic storage: set up by an
// _ONSTACK call, or a local variable of its function whose address is
// taken (struct tasklet_struct t; tasklet_init(&t, ...)). It lives until
// the function returns, not until exit or remove.
func (o *Object) OnStack() bool {
	if o.Op != nil && o.Op.OnStack {
		return true
	}
	if o.In == nil || o.Op == nil || o.Op.ObjArg < 0 || o.Op.ObjArg >= len(o.Setup.Args) {
		return false
	}
	u, ok := o.Setup.Args[o.Op.ObjArg].(*ir.Unary)
	if !ok || u.Op != "&" {
		return false
	}
	id, ok := u.X.(*ir.Ident)
	return ok && slices.Contains(o.In.Locals, id.Name)
}

// Devres reports whether devres tears the object down
// (devm_delayed_work_autocancel, or a helper that made it and handed it
// to a devres action).
func (o *Object) Devres() bool { return o.Op != nil && o.Op.Devres || o.HandedToDevres }

// Matches reports whether key names o.
func (o *Object) Matches(key string) bool {
	return key != "" && slices.Contains(o.Keys, key)
}

func (o *Object) matchesAny(keys []string) bool {
	for _, k := range keys {
		if o.Matches(k) {
			return true
		}
	}
	return false
}

// MatchesAny reports whether any of keys names o.
func (o *Object) MatchesAny(keys []string) bool { return o.matchesAny(keys) }

// objectsIn finds the set-up calls of f and the names their objects get.
func (r *Result) objectsIn(f *ir.Func) []*Object {
	var out []*Object
	byCall := map[*ir.Call]*Object{}
	for _, b := range f.Blocks {
		for _, n := range b.Nodes {
			switch n := n.(type) {
			case *ir.Call:
				s := r.km.SetupFor(n.Name)
				if s == nil {
					continue
				}
				o := &Object{Kind: s.Kind, Setup: n, Op: s, In: f, Guards: guardOf(f, b)}
				if s.ObjArg >= 0 && s.ObjArg < len(n.Args) {
					o.Expr = ir.StripAddr(n.Args[s.ObjArg])
					o.Keys = r.keysOf(f, o.Expr)
					o.Path = MemberPath(o.Expr)
				}
				byCall[n] = o
				out = append(out, o)
			case *ir.Assign:
				// wq = alloc_workqueue(...): the object is the LHS.
				if c, ok := n.RHS.(*ir.Call); ok {
					if o := byCall[c]; o != nil && o.Expr == nil {
						o.Expr = n.LHS
						o.Keys = []string{ir.ObjectKey(n.LHS)}
						o.Path = MemberPath(n.LHS)
					}
				}
			}
		}
	}
	copiesTo(f, out)
	for _, o := range out {
		o.Returned = returns(f, o)
		// INIT_WORK(&p->w, fn); devm_work_autocancel(dev, &p->w, fn):
		// the devres set-up of the same object cancels it.
		for _, d := range out {
			if d != o && d.Kind == o.Kind && d.Op != nil && d.Op.Devres && o.matchesAny(d.Keys) {
				o.HandedToDevres = true
			}
		}
	}
	return out
}

// copiesTo adds to each object the members a local holding it is copied
// to: wq = alloc_workqueue(...); priv->wq = wq.
func copiesTo(f *ir.Func, objs []*Object) {
	for _, b := range f.Blocks {
		for _, n := range b.Nodes {
			a, ok := n.(*ir.Assign)
			if !ok {
				continue
			}
			src := ir.ObjectKey(a.RHS)
			if src == "" {
				continue
			}
			for _, o := range objs {
				if len(o.Keys) > 0 && o.Keys[0] == src {
					if k := ir.ObjectKey(a.LHS); k != "" && !slices.Contains(o.Keys, k) {
						o.Keys = append(o.Keys, k)
					}
				}
			}
		}
	}
}

// returns reports whether f returns o: return wq, or return
// alloc_workqueue(...).
func returns(f *ir.Func, o *Object) bool {
	for _, b := range f.Blocks {
		for _, n := range b.Nodes {
			ret, ok := n.(*ir.Return)
			if !ok || ret.Value == nil {
				continue
			}
			if ret.Value == ir.Expr(o.Setup) {
				return true
			}
			if id, ok := ret.Value.(*ir.Ident); ok && len(o.Keys) > 0 && o.Keys[0] == id.Name && slices.Contains(f.Locals, id.Name) {
				return true
			}
		}
	}
	return false
}

// fileObjects adds the objects file-scope declarations define
// (DECLARE_TASKLET, DEFINE_TIMER, DECLARE_WORK).
func (r *Result) fileObjects() {
	for _, gl := range r.module.Globals {
		ir.WalkCalls(gl.Init, func(c *ir.Call) {
			if s := r.km.SetupFor(c.Name); s != nil && s.ObjArg >= 0 && s.ObjArg < len(c.Args) {
				arg := ir.StripAddr(c.Args[s.ObjArg])
				r.Objects = append(r.Objects, &Object{Kind: s.Kind, Setup: c, Op: s, Keys: []string{ir.ObjectKey(arg)}, Expr: arg, file: gl.File})
			}
		})
	}
}

// factories turns the objects module helpers return into objects of
// their callers, made where the caller stores the result
// (h->rescan_wq = hpsa_create_controller_wq(h, "rescan")), through
// helpers that return another's result too.
func (r *Result) factories() {
	makes := map[*ir.Func]*Object{}
	for _, o := range r.Objects {
		if o.Returned && o.In != nil && makes[o.In] == nil {
			makes[o.In] = o
		}
	}
	for round := 0; round < kmodel.SetupCallers && len(makes) > 0; round++ {
		next := map[*ir.Func]*Object{}
		for caller, sites := range r.graph.Callees {
			for _, s := range sites {
				inner := makes[s.Callee]
				if inner == nil {
					continue
				}
				o := &Object{Kind: inner.Kind, Setup: s.Call, Op: inner.Op, In: caller, Factory: s.Callee, Guards: guardAt(caller, s.Call),
					HandedToDevres: inner.Devres() || r.handedToDevres(inner)}
				for _, b := range caller.Blocks {
					for _, n := range b.Nodes {
						if a, ok := n.(*ir.Assign); ok && a.RHS == ir.Expr(s.Call) {
							o.Expr = a.LHS
							o.Keys = []string{ir.ObjectKey(a.LHS)}
							o.Path = MemberPath(a.LHS)
						}
					}
				}
				copiesTo(caller, []*Object{o})
				if o.Returned = returns(caller, o); o.Returned && next[caller] == nil {
					next[caller] = o
				}
				r.Objects = append(r.Objects, o)
			}
		}
		makes = next
	}
}

// handedToDevres reports whether o's function registers a devres action
// that tears o down.
func (r *Result) handedToDevres(o *Object) bool {
	for _, t := range r.Devres {
		if t.In == o.In && t.Op.Kind == o.Kind && t.Op.Destroy && o.matchesAny(t.Keys) {
			return true
		}
	}
	return false
}

// keysOf returns the keys an expression of f names: its own
// (ir.ObjectKey), and when it is a local (or a parameter) of f, the keys
// of what it is assigned from in f (wq = p->fw_event_q, wq =
// READ_ONCE(p->wq), if ((wq = p->wq))), so that destroy_workqueue(wq)
// destroys p->fw_event_q.
func (r *Result) keysOf(f *ir.Func, e ir.Expr) []string {
	k := ir.ObjectKey(e)
	if k == "" {
		return nil
	}
	keys := []string{k}
	if id, ok := ir.StripAddr(e).(*ir.Ident); ok {
		for _, a := range r.aliasesOf(f)[id.Name] {
			if !slices.Contains(keys, a) {
				keys = append(keys, a)
			}
		}
	}
	return keys
}

// aliasesOf maps each local of f to the keys of what it is assigned.
func (r *Result) aliasesOf(f *ir.Func) map[string][]string {
	if al, ok := r.aliases[f]; ok {
		return al
	}
	al := map[string][]string{}
	for _, b := range f.Blocks {
		for _, n := range b.Nodes {
			a, ok := n.(*ir.Assign)
			if !ok {
				continue
			}
			id, ok := a.LHS.(*ir.Ident)
			if !ok || !slices.Contains(f.Locals, id.Name) && !slices.Contains(f.Params, id.Name) {
				continue
			}
			rhs := a.RHS
			if c, ok := rhs.(*ir.Call); ok {
				if vc := r.km.ValueCopyFor(c.Name); vc != nil && vc.Arg < len(c.Args) {
					rhs = c.Args[vc.Arg]
				}
			}
			if k := ir.ObjectKey(rhs); k != "" && k != id.Name && !slices.Contains(al[id.Name], k) {
				al[id.Name] = append(al[id.Name], k)
			}
		}
	}
	r.aliases[f] = al
	return al
}

// guardOf returns the branches a set-up in block b of f runs under: the
// tests that end the blocks above b, through blocks with a single
// predecessor, except a loop's (reachable again from b) or one whose
// value can change (stable).
func guardOf(f *ir.Func, b *ir.Block) []*Guard {
	preds := map[*ir.Block][]*ir.Block{}
	for _, x := range f.Blocks {
		for _, s := range x.Succs {
			preds[s] = append(preds[s], x)
		}
	}
	var out []*Guard
	cur := b
	for guard := 0; guard < 32; guard++ {
		ps := preds[cur]
		if len(ps) != 1 {
			break
		}
		p := ps[0]
		if p.Cond != nil && len(p.Succs) == 2 {
			branch := 0
			if p.Succs[1] == cur {
				branch = 1
			}
			if p.Succs[0] != p.Succs[1] && !reaches(b, p) && stable(f, p.Cond) {
				out = append(out, &Guard{Block: p, Branch: branch, text: p.Cond.String()})
			}
		}
		cur = p
	}
	return out
}

// stable reports whether cond, a test in f, keeps its value after it is
// made: nothing it reads is assigned later in f (if (ret) tests a
// different value each time), and it is made of names, members, literals
// and calls alone.
func stable(f *ir.Func, cond ir.Expr) bool {
	names := map[string]bool{}
	ok := true
	var walk func(e ir.Expr)
	walk = func(e ir.Expr) {
		switch e := e.(type) {
		case *ir.Ident:
			names[e.Name] = true
		case *ir.Member:
			names[ir.ObjectKey(e)] = true
			walk(e.X)
		case *ir.Unary:
			walk(e.X)
		case *ir.Binary:
			walk(e.X)
			walk(e.Y)
		case *ir.Call:
			for _, a := range e.Args {
				walk(a)
			}
		case *ir.Lit:
		default:
			ok = false
		}
	}
	walk(cond)
	if !ok {
		return false
	}
	for _, b := range f.Blocks {
		for _, n := range b.Nodes {
			if a, isAssign := n.(*ir.Assign); isAssign && a.P > cond.Pos() && names[ir.ObjectKey(a.LHS)] {
				return false
			}
		}
	}
	return true
}

// guardAt is guardOf for the block holding call c.
func guardAt(f *ir.Func, c *ir.Call) []*Guard {
	for _, b := range f.Blocks {
		for _, n := range b.Nodes {
			if n == ir.Node(c) {
				return guardOf(f, b)
			}
		}
	}
	return nil
}

// reaches reports whether block to can be reached from block from.
func reaches(from, to *ir.Block) bool {
	seen := map[*ir.Block]bool{}
	work := []*ir.Block{from}
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		for _, s := range b.Succs {
			if s == to {
				return true
			}
			if !seen[s] {
				seen[s] = true
				work = append(work, s)
			}
		}
	}
	return false
}
