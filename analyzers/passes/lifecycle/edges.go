package lifecycle

import (
	"slices"
	"strings"

	"github.com/kdlint/kdlint/ir"
	"github.com/kdlint/kdlint/kmodel"
)

// Calls a teardown can go through besides direct calls:
//
//   - release callbacks: kref_put(&x->kref, release) calls release when
//     the count drops to zero, put_device() the release function of the
//     struct device (dev->release, its type's or class's), kobject_put()
//     its ktype's; devm_release_action() runs its action now;
//   - operations tables: p->ops->destroy(p) calls one of the functions
//     the module stores in a member named destroy (in an initializer or
//     by assignment).
//
// Both are followed for teardowns only (a teardown found this way makes
// a report go away, never appear); the order of teardown (order.go)
// follows direct calls and release callbacks.
type edges struct {
	r *Result
	// stored maps a member name to the module functions stored in a
	// member of that name.
	stored map[string][]*ir.Func
	memo   map[*ir.Func][]*ir.Func
	direct map[*ir.Func][]*ir.Func
	// regs maps a registration call's argument to the module functions
	// passed in it (registered).
	regs map[kmodel.ArgOf][]*ir.Func
}

func newEdges(r *Result) *edges {
	e := &edges{r: r, stored: map[string][]*ir.Func{}, memo: map[*ir.Func][]*ir.Func{}, direct: map[*ir.Func][]*ir.Func{}}
	add := func(member string, fn *ir.Func) {
		if fn == nil {
			return
		}
		if i := strings.LastIndexByte(member, '.'); i >= 0 {
			member = member[i+1:]
		}
		for _, f := range e.stored[member] {
			if f == fn {
				return
			}
		}
		e.stored[member] = append(e.stored[member], fn)
	}
	for _, g := range r.module.Globals {
		if list, ok := g.Init.(*ir.InitList); ok {
			eachField(list, "", func(path string, v ir.Expr) {
				add(path, r.module.Resolve(ir.CalleeName(v), g.File))
			})
		}
	}
	for _, f := range r.module.Funcs {
		for _, b := range f.Blocks {
			for _, n := range b.Nodes {
				if a, ok := n.(*ir.Assign); ok {
					if m, ok := a.LHS.(*ir.Member); ok {
						add(m.Name, r.module.Resolve(ir.CalleeName(a.RHS), f.File))
					}
				}
			}
		}
	}
	return e
}

func eachField(list *ir.InitList, prefix string, visit func(path string, v ir.Expr)) {
	for _, el := range list.Elems {
		path := prefix + el.Field
		if sub, ok := el.Value.(*ir.InitList); ok {
			eachField(sub, path+".", visit)
			continue
		}
		if el.Field != "" {
			visit(path, el.Value)
		}
	}
}

// releases returns the module functions call c in f runs as release
// callbacks.
func (e *edges) releases(f *ir.Func, c *ir.Call) []*ir.Func {
	rc := e.r.km.ReleaseCallFor(c.Name)
	if rc == nil {
		return nil
	}
	if rc.FnArg >= 0 {
		if rc.FnArg < len(c.Args) {
			if fn := e.r.module.Resolve(ir.CalleeName(c.Args[rc.FnArg]), f.File); fn != nil {
				return []*ir.Func{fn}
			}
		}
		return nil
	}
	var out []*ir.Func
	for _, field := range rc.Fields {
		out = append(out, e.stored[field]...)
	}
	for _, a := range rc.RegisteredBy {
		out = append(out, e.registered(a)...)
	}
	return out
}

// registered returns the module functions passed as argument a.Arg of
// the module's calls of a.Func (the teardown callbacks of
// cpuhp_setup_state).
func (e *edges) registered(a kmodel.ArgOf) []*ir.Func {
	if e.regs == nil {
		e.regs = map[kmodel.ArgOf][]*ir.Func{}
		for _, f := range e.r.module.Funcs {
			for _, c := range f.Calls() {
				for _, rc := range e.r.km.ReleaseCalls() {
					for _, ra := range rc.RegisteredBy {
						if ra.Func != c.Name || ra.Arg >= len(c.Args) {
							continue
						}
						if fn := e.r.module.Resolve(ir.CalleeName(c.Args[ra.Arg]), f.File); fn != nil && !slices.Contains(e.regs[ra], fn) {
							e.regs[ra] = append(e.regs[ra], fn)
						}
					}
				}
			}
		}
	}
	return e.regs[a]
}

// callees returns what f calls, directly, through release callbacks and
// through operations tables.
func (e *edges) callees(f *ir.Func) []*ir.Func {
	if out, ok := e.memo[f]; ok {
		return out
	}
	out := append([]*ir.Func{}, e.calleesDirect(f)...)
	for _, c := range f.Calls() {
		if c.Name != "" {
			continue
		}
		if m, ok := c.Fun.(*ir.Member); ok {
			out = append(out, e.stored[m.Name]...)
		}
	}
	e.memo[f] = out
	return out
}

// calleesDirect returns what f calls directly and through release
// callbacks.
func (e *edges) calleesDirect(f *ir.Func) []*ir.Func {
	if out, ok := e.direct[f]; ok {
		return out
	}
	var out []*ir.Func
	for _, s := range e.r.graph.Callees[f] {
		out = append(out, s.Callee)
	}
	for _, c := range f.Calls() {
		out = append(out, e.releases(f, c)...)
	}
	e.direct[f] = out
	return out
}

// reach returns the functions reachable from roots through callees,
// roots included, staying in u when u is not nil.
func (r *Result) reach(roots []*ir.Func, u *unit) map[*ir.Func]bool {
	seen := map[*ir.Func]bool{}
	work := append([]*ir.Func{}, roots...)
	for len(work) > 0 {
		f := work[len(work)-1]
		work = work[:len(work)-1]
		if f == nil || seen[f] || u != nil && !r.inUnit(u, f) {
			continue
		}
		seen[f] = true
		work = append(work, r.edges.callees(f)...)
	}
	return seen
}

// Callees returns the module functions f calls: directly, through
// release callbacks (kref_put, put_device) and through operations
// tables (p->ops->destroy(p)).
func (r *Result) Callees(f *ir.Func) []*ir.Func { return r.edges.callees(f) }

// ReleasesOf returns the module functions call c of f runs as release
// callbacks (kref_put(&x->kref, release) runs release).
func (r *Result) ReleasesOf(f *ir.Func, c *ir.Call) []*ir.Func { return r.edges.releases(f, c) }
