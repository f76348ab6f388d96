// Package callgraph defines the helper Analyzer that builds the call graph
// of a driver module: which functions of the module call which, and from
// where. Calls to functions outside the module (kernel APIs) are not edges.
//
// Calls through function pointers held in struct members
// (priv->ops->reset(priv), dev->handler(dev)) are resolved separately,
// in Indirect: such a call may reach every function the module stores in
// a member of that name, in an initializer (an ops table, a local struct)
// or by assignment. Callees holds the direct calls only.
package callgraph

import (
	"reflect"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/kdlint/kdlint/analyzers/passes/input"
	"github.com/kdlint/kdlint/ir"
)

// Analyzer builds the call graph.
var Analyzer = &analysis.Analyzer{
	Name:       "callgraph",
	Doc:        "build the call graph of a driver module",
	Run:        run,
	Requires:   []*analysis.Analyzer{input.Analyzer},
	ResultType: reflect.TypeOf((*Graph)(nil)),
}

// Site is a call from one module function to another.
type Site struct {
	Caller *ir.Func
	Call   *ir.Call
	Callee *ir.Func
	// StoredIn is, for a call through a function pointer member, the
	// file that stores the callee in the member.
	StoredIn string
}

// Graph is the module's call graph.
type Graph struct {
	Module  *ir.Module
	Callees map[*ir.Func][]Site
	// Indirect holds each function's calls through function pointer
	// members, one Site per function the member may hold.
	Indirect map[*ir.Func][]Site
	// Callers and IndirectCallers invert Callees and Indirect: the sites
	// that call each function, in the module's function order.
	Callers, IndirectCallers map[*ir.Func][]Site
	rel                      relations
}

// Related reports whether files a and b are related: the same file, or
// one calls, stores or names a function or global of the other.
func (g *Graph) Related(a, b string) bool { return g.rel.related(a, b) }

func run(pass *analysis.Pass) (any, error) {
	m := input.Of(pass)
	g := &Graph{Module: m, Callees: map[*ir.Func][]Site{}, Indirect: map[*ir.Func][]Site{}}
	type pointerCall struct {
		f    *ir.Func
		c    *ir.Call
		path []string
		raw  []string // the path without its local aliases expanded
		root string
	}
	var calls []pointerCall
	for _, f := range m.Funcs {
		var aliases map[string][]string
		for _, c := range f.Calls() {
			if callee := m.Resolve(c.Name, f.File); callee != nil {
				g.Callees[f] = append(g.Callees[f], Site{Caller: f, Call: c, Callee: callee})
				continue
			}
			if mem := calledMember(c); mem != nil {
				if aliases == nil {
					aliases = localAliases(f)
				}
				calls = append(calls, pointerCall{f, c, memberPath(mem, aliases), memberPath(mem, nil), rootVar(mem)})
			}
		}
	}
	if len(calls) == 0 {
		g.invert()
		return g, nil
	}
	// The members above each function pointer member in the calls of the
	// module tell ops tables apart by their struct tag (below).
	discriminators := map[string]map[string]bool{}
	for _, pc := range calls {
		member := pc.path[len(pc.path)-1]
		for _, n := range pc.path[:len(pc.path)-1] {
			if !genericMember[n] {
				if discriminators[member] == nil {
					discriminators[member] = map[string]bool{}
				}
				discriminators[member][n] = true
			}
		}
	}
	stored := memberStores(m)
	rel := fileRelations(m, g)
	g.rel = rel
	for _, pc := range calls {
		member := pc.path[len(pc.path)-1]
		if tooMany(stored[member], pc.raw) {
			continue
		}
		var sites []Site
		byRoot := false
		for _, st := range stored[member] {
			if !rel.related(pc.f.File, st.fn.File) && !rel.related(pc.f.File, st.file) {
				continue
			}
			if st.nested && len(pc.path) < len(st.path) {
				continue
			}
			if compatible(pc.path, st.path) && tagFits(st.tag, pc.path, discriminators[member]) {
				sites = append(sites, Site{Caller: pc.f, Call: pc.c, Callee: st.fn, StoredIn: st.file})
				byRoot = byRoot || st.root != "" && st.root == pc.root
			}
		}
		if byRoot && len(sites) > 1 {
			// Stores that differ only by the variable they go through
			// (mgr->ch.ctrl = mgr_ctrl, l2->ch.ctrl = l2_ctrl): the
			// call's variable (l2->ch.ctrl(...)) picks its own.
			var same []Site
			for i, st := range matching(stored[member], pc.path, pc.f.File, rel, discriminators[member]) {
				if st.root == pc.root {
					same = append(same, sites[i])
				}
			}
			sites = same
		}
		g.Indirect[pc.f] = append(g.Indirect[pc.f], sites...)
	}
	g.invert()
	return g, nil
}

// CallersOf returns the sites that call f, directly or through a
// function pointer member.
func (g *Graph) CallersOf(f *ir.Func) []Site {
	if len(g.IndirectCallers[f]) == 0 {
		return g.Callers[f]
	}
	return append(slices.Clip(g.Callers[f]), g.IndirectCallers[f]...)
}

// invert fills Callers and IndirectCallers.
func (g *Graph) invert() {
	g.Callers, g.IndirectCallers = map[*ir.Func][]Site{}, map[*ir.Func][]Site{}
	for _, f := range g.Module.Funcs {
		for _, s := range g.Callees[f] {
			g.Callers[s.Callee] = append(g.Callers[s.Callee], s)
		}
		for _, s := range g.Indirect[f] {
			g.IndirectCallers[s.Callee] = append(g.IndirectCallers[s.Callee], s)
		}
	}
}

// A directory often holds several drivers (drivers/clk, drivers/gpio):
// a call through a function pointer in one of them must not resolve to
// the functions another stores in a member of the same name. A call
// resolves to a stored function only when the call's file is related to
// the function's file or to the file that stores it: the same file, or
// one of the two calls or names a function of the other (a driver and
// the core it calls are related; two drivers that only share the core
// are not).

type relations map[[2]string]bool

func (r relations) related(a, b string) bool { return a == b || r[[2]string{a, b}] }

func fileRelations(m *ir.Module, g *Graph) relations {
	r := relations{}
	link := func(a, b string) {
		if a != b {
			r[[2]string{a, b}] = true
			r[[2]string{b, a}] = true
		}
	}
	for f, sites := range g.Callees {
		for _, s := range sites {
			link(f.File, s.Callee.File)
		}
	}
	// The bodies the front end did not parse relate files too.
	for _, l := range m.Links {
		link(l[0], l[1])
	}
	globalFile := map[string]string{}
	for _, gl := range m.Globals {
		if _, dup := globalFile[gl.Name]; !dup {
			globalFile[gl.Name] = gl.File
		}
	}
	for _, f := range m.Funcs {
		for _, b := range f.Blocks {
			for _, n := range b.Nodes {
				if a, ok := n.(*ir.Assign); ok {
					if fn := m.Resolve(ir.CalleeName(a.RHS), f.File); fn != nil {
						link(f.File, fn.File)
					}
					if file, ok := globalFile[ir.CalleeName(a.RHS)]; ok {
						link(f.File, file)
					}
				}
			}
		}
	}
	for _, gl := range m.Globals {
		walkNames(gl.Init, func(name string) {
			if fn := m.Resolve(name, gl.File); fn != nil {
				link(gl.File, fn.File)
			}
			if file, ok := globalFile[name]; ok {
				link(gl.File, file)
			}
		})
	}
	return r
}

// walkNames calls visit with the names an initializer holds.
func walkNames(e ir.Expr, visit func(string)) {
	switch e := e.(type) {
	case *ir.InitList:
		for _, el := range e.Elems {
			walkNames(el.Value, visit)
		}
	default:
		if n := ir.CalleeName(e); n != "" {
			visit(n)
		}
	}
}

// maxStores is the front end's MaxPointerStores: past it, a call through
// a function pointer is not resolved (the front end does not parse what
// such a call would reach either).
const maxStores = 3

// tooMany reports whether the stores compatible with a call's path, both
// taken as written (no alias expanded), hold more than maxStores
// functions.
func tooMany(stores []store, raw []string) bool {
	fns := map[*ir.Func]bool{}
	for _, st := range stores {
		if compatible(raw, st.raw) {
			fns[st.fn] = true
		}
	}
	return len(fns) > maxStores
}

// matching returns the stores the loop above keeps for a call, in order.
func matching(stores []store, path []string, file string, rel relations, disc map[string]bool) []store {
	var out []store
	for _, st := range stores {
		if !rel.related(file, st.fn.File) && !rel.related(file, st.file) {
			continue
		}
		if st.nested && len(path) < len(st.path) {
			continue
		}
		if compatible(path, st.path) && tagFits(st.tag, path, disc) {
			out = append(out, st)
		}
	}
	return out
}

// rootVar returns the variable a member access starts from (l2 in
// l2->ch.ctrl), "" when it starts otherwise.
func rootVar(e ir.Expr) string {
	for {
		switch x := e.(type) {
		case *ir.Member:
			e = x.X
			continue
		case *ir.Unary:
			e = x.X
			continue
		case *ir.Ident:
			return x.Name
		}
		return ""
	}
}

// genericMember are member names that say nothing of which table a
// function pointer belongs to.
var genericMember = map[string]bool{"ops": true, "op": true, "fops": true, "funcs": true, "cb": true, "callbacks": true}

// tagFits reports whether an ops table of struct tag tag can be the one a
// call through path reaches: a tag whose words name one of the members
// the module's calls of that function pointer go through (nvm in
// e1000_nvm_operations, of the calls hw->nvm.ops.write and
// hw->mbx.ops.write) fits only the calls through that member.
func tagFits(tag string, path []string, discriminators map[string]bool) bool {
	if tag == "" || len(discriminators) == 0 {
		return true
	}
	var named []string
	for _, w := range strings.Split(tag, "_") {
		if discriminators[w] {
			named = append(named, w)
		}
	}
	if len(named) == 0 {
		return true
	}
	for _, n := range path[:len(path)-1] {
		for _, w := range named {
			if n == w {
				return true
			}
		}
	}
	return false
}

// PointerMember returns the member a call goes through when it calls a
// function pointer held in a struct member (p->ops->reset(p),
// (*dev->cb)(dev)), "" otherwise.
func PointerMember(c *ir.Call) string {
	if mem := calledMember(c); mem != nil {
		return mem.Name
	}
	return ""
}

func calledMember(c *ir.Call) *ir.Member {
	if c.Name != "" {
		return nil
	}
	fun := c.Fun
	if u, ok := fun.(*ir.Unary); ok && u.Op == "*" {
		fun = u.X
	}
	mem, _ := fun.(*ir.Member)
	return mem
}

// A function pointer member is told apart by the members that lead to
// it: hw->mbx.ops.write and hw->nvm.ops.write are different slots. A
// path is the list of member names from the outermost in, with a local
// that points into a structure (mbx = &hw->mbx) standing for the members
// it was taken from. Two paths are compatible when they agree on the
// members both have, counted from the function pointer out: a store
// .write = fn in an ops table initializer has no members above it and
// fits any call of a write member.

// store is a function stored in a member, with the member's path and,
// for a global's initializer, the global's struct tag.
type store struct {
	fn   *ir.Func
	path []string
	tag  string
	file string // where it is stored
	root string // the variable an assignment stores it through
	raw  []string
	// nested marks a store in a nested initializer (.fops = { .read = fn }):
	// its path says which inner structure holds the pointer, and a call
	// through a shorter path does not reach it.
	nested bool
}

// memberPath returns the member path of mem, expanding a local alias at
// its root.
func memberPath(mem *ir.Member, aliases map[string][]string) []string {
	var rev []string
	var e ir.Expr = mem
	for {
		switch x := e.(type) {
		case *ir.Member:
			rev = append(rev, x.Name)
			e = x.X
			continue
		case *ir.Unary:
			if x.Op == "*" || x.Op == "&" {
				e = x.X
				continue
			}
		case *ir.Ident:
			for i := len(aliases[x.Name]) - 1; i >= 0; i-- {
				rev = append(rev, aliases[x.Name][i])
			}
		}
		break
	}
	out := make([]string, len(rev))
	for i, n := range rev {
		out[len(rev)-1-i] = n
	}
	return out
}

// compatible reports whether two member paths agree on the members both
// have, from the last one out.
func compatible(a, b []string) bool {
	for i, j := len(a)-1, len(b)-1; i >= 0 && j >= 0; i, j = i-1, j-1 {
		if a[i] != b[j] {
			return false
		}
	}
	return true
}

// localAliases returns the locals of f assigned once, from the address or
// value of a member (nvm = &hw->nvm), with the member path they stand
// for.
func localAliases(f *ir.Func) map[string][]string {
	count := map[string]int{}
	out := map[string][]string{}
	for _, b := range f.Blocks {
		for _, n := range b.Nodes {
			a, ok := n.(*ir.Assign)
			if !ok {
				continue
			}
			id, ok := a.LHS.(*ir.Ident)
			if !ok {
				continue
			}
			count[id.Name]++
			if mem, ok := ir.StripAddr(a.RHS).(*ir.Member); ok {
				out[id.Name] = memberPath(mem, nil)
			}
		}
	}
	for name := range out {
		if count[name] != 1 {
			delete(out, name)
		}
	}
	return out
}

// memberStores returns, by member name, the module's functions stored in
// a member of that name: designated initializers of globals and locals
// (.reset = foo_reset, nested ones too) and assignments (p->reset =
// foo_reset), each with the member's path. Each function is listed once
// per member and path, in module order.
func memberStores(m *ir.Module) map[string][]store {
	out := map[string][]store{}
	seen := map[string]bool{}
	add := func(path, raw []string, name, file, tag, root string, nested bool) {
		if name == "" || len(path) == 0 {
			return
		}
		fn := m.Resolve(name, file)
		if fn == nil {
			return
		}
		member := path[len(path)-1]
		k := member + "\x00" + strings.Join(path, ".") + "\x00" + fn.Name + "\x00" + fn.File + "\x00" + file + "\x00" + root
		if !seen[k] {
			seen[k] = true
			out[member] = append(out[member], store{fn: fn, path: path, raw: raw, tag: tag, file: file, root: root, nested: nested})
		}
	}
	var walk func(e ir.Expr, file, tag string, above []string)
	walk = func(e ir.Expr, file, tag string, above []string) {
		list, ok := e.(*ir.InitList)
		if !ok {
			return
		}
		for _, el := range list.Elems {
			var path []string
			if el.Field != "" {
				path = append(append([]string(nil), above...), strings.Split(el.Field, ".")...)
			}
			if _, nested := el.Value.(*ir.InitList); nested {
				walk(el.Value, file, tag, path)
				continue
			}
			add(path, path, ir.CalleeName(el.Value), file, tag, "", len(above) > 0)
		}
	}
	for _, gl := range m.Globals {
		// The kernel calls the members of its own structures (a
		// file_operations, a phy_driver), not the module.
		if gl.StructTag != "" && !m.Structs[gl.StructTag] {
			continue
		}
		walk(gl.Init, gl.File, gl.StructTag, nil)
	}
	for _, f := range m.Funcs {
		var aliases map[string][]string
		for _, b := range f.Blocks {
			for _, n := range b.Nodes {
				a, ok := n.(*ir.Assign)
				if !ok {
					continue
				}
				if mem, ok := a.LHS.(*ir.Member); ok {
					if name := ir.CalleeName(a.RHS); name != "" && m.Resolve(name, f.File) != nil {
						if aliases == nil {
							aliases = localAliases(f)
						}
						add(memberPath(mem, aliases), memberPath(mem, nil), name, f.File, "", rootVar(mem), false)
					}
				} else {
					walk(a.RHS, f.File, "", nil)
				}
			}
		}
	}
	return out
}

// Of returns the graph of a pass that requires Analyzer.
func Of(pass *analysis.Pass) *Graph { return pass.ResultOf[Analyzer].(*Graph) }

// Reachable returns the functions reachable from roots, roots included.
func (g *Graph) Reachable(roots []*ir.Func) map[*ir.Func]bool {
	seen := map[*ir.Func]bool{}
	var visit func(f *ir.Func)
	visit = func(f *ir.Func) {
		if f == nil || seen[f] {
			return
		}
		seen[f] = true
		for _, s := range g.Callees[f] {
			visit(s.Callee)
		}
	}
	for _, r := range roots {
		visit(r)
	}
	return seen
}
