package atomic

import (
	"math/bits"
	"slices"
	"sort"
	"sync"

	"github.com/kdlint/kdlint/analyzers/passes/callgraph"
	"github.com/kdlint/kdlint/ir"
	"github.com/kdlint/kdlint/kmodel"
)

// moduleFacts are what the exploration needs to know of the module as a
// whole: which variables of each function it can follow, which of their
// parameters matter (decide a branch in the function or below), which
// struct members it follows and which functions may assign them.
type moduleFacts struct {
	km *kmodel.Model
	// texts reads the module's text once, for the facts that look at
	// what the front end did not parse (moduleTexts).
	texts func() ([]*moduleText, bool)
	// blind holds the files whose Kbuild object the front end could not
	// read whole (blindFiles), worked out once for the facts that ask;
	// the map is shared, not to be changed.
	blind func() map[string]bool
	graph *callgraph.Graph
	// members are the tracked members: tested in a branch somewhere in
	// the module, and never named by address (&p->flag), so that every
	// write to them is an assignment the analysis sees.
	members map[string]bool
	// relevant holds, per function, the parameters that matter.
	relevant map[*ir.Func]map[string]bool

	vars   map[*ir.Func]map[string]bool
	locals map[*ir.Func]map[string]bool
	reach  map[*ir.Func]bool
	wrote  map[*ir.Func]map[string]bool         // tracked members each function assigns, directly or below
	guards map[*ir.Func]map[*ir.Call][]armGuard // calls in the arms of ?:, &&, || (cond.go)
	// keyChangers are the functions that may change a static key,
	// directly or below (keys.go).
	keyChangers map[*ir.Func]bool
	wroteSet    bool
	// wroteBits holds wrote as bits, one per name of memberNames.
	wroteBits   map[*ir.Func][]uint64
	memberNames []string
	// unparsed are the module's records of what the bodies the front
	// end did not parse may write (ir.Module.Unparsed); unparsedBits
	// holds, per record, the tracked members it or what it calls may
	// write, and unparsedWrote those as names, made when asked.
	unparsed      map[string]*ir.Writes
	unparsedBits  map[string][]uint64
	unparsedWrote map[string]map[string]bool
}

func newModuleFacts(m *ir.Module, km *kmodel.Model, g *callgraph.Graph, reach map[*ir.Func]bool) *moduleFacts {
	mf := &moduleFacts{km: km, graph: g, members: map[string]bool{}, relevant: map[*ir.Func]map[string]bool{},
		vars: map[*ir.Func]map[string]bool{}, locals: map[*ir.Func]map[string]bool{}, reach: reach,
		texts: sync.OnceValues(func() ([]*moduleText, bool) { return moduleTexts(m) }),
		blind: sync.OnceValue(func() map[string]bool { return blindFiles(m) })}
	addressed := map[string]bool{}
	for _, f := range m.Funcs {
		if !reach[f] {
			continue
		}
		for _, b := range f.Blocks {
			if b.Cond != nil {
				testedMembers(b.Cond, mf.members)
			}
			if b.Switch != nil {
				testedMembers(b.Switch.Value, mf.members)
			}
		}
		mf.guardConds(f, func(c ir.Expr) { testedMembers(c, mf.members) })
	}
	if len(mf.members) > 0 {
		for _, f := range m.Funcs {
			for _, b := range f.Blocks {
				for _, n := range b.Nodes {
					eachExpr(n, func(e ir.Expr) { addressedMembers(e, addressed, mf.members) })
				}
			}
		}
	}
	for _, gl := range m.Globals {
		if gl.Init != nil && len(mf.members) > 0 {
			addressedMembers(gl.Init, addressed, mf.members)
		}
	}
	// So do the bodies the front end did not parse.
	mf.unparsed = m.Unparsed
	for _, rec := range m.Unparsed {
		for _, name := range rec.Addressed {
			if mf.members[name] {
				addressed[name] = true
			}
		}
	}
	for name := range addressed {
		delete(mf.members, name)
	}
	return mf
}

// tracked returns the variables of f the exploration follows: its
// parameters and locals. A variable whose address a node takes is
// forgotten there (engine.step): what a callee writes through it is not
// seen.
func (mf *moduleFacts) tracked(f *ir.Func) map[string]bool {
	if v, ok := mf.vars[f]; ok {
		return v
	}
	v := map[string]bool{}
	for _, p := range f.Params {
		v[p] = true
	}
	for _, l := range f.Locals {
		v[l] = true
	}
	mf.vars[f] = v
	return v
}

// localsOf returns the variables declared in f's body (not its
// parameters).
func (mf *moduleFacts) localsOf(f *ir.Func) map[string]bool {
	if v, ok := mf.locals[f]; ok {
		return v
	}
	v := map[string]bool{}
	for _, l := range f.Locals {
		v[l] = true
	}
	mf.locals[f] = v
	return v
}

// writes returns the tracked members f, or a function it calls, assigns.
func (mf *moduleFacts) writes(f *ir.Func) map[string]bool {
	if !mf.wroteSet {
		mf.computeWrites()
	}
	if w, ok := mf.wrote[f]; ok {
		return w
	}
	var w map[string]bool
	for i, word := range mf.wroteBits[f] {
		for ; word != 0; word &= word - 1 {
			if w == nil {
				w = map[string]bool{}
			}
			w[mf.memberNames[i*64+bits.TrailingZeros64(word)]] = true
		}
	}
	mf.wrote[f] = w
	return w
}

// computeWrites works out, for every function, the tracked members it
// or a function it calls assigns: one bit per member, ORed up the call
// graph until nothing grows (writes turns a function's bits into names
// when asked).
func (mf *moduleFacts) computeWrites() {
	mf.wroteSet = true
	mf.wrote = map[*ir.Func]map[string]bool{}
	if len(mf.members) == 0 {
		return
	}
	index := map[string]int{}
	for name := range mf.members {
		index[name] = 0
	}
	mf.memberNames = make([]string, 0, len(index))
	for name := range index {
		mf.memberNames = append(mf.memberNames, name)
	}
	sort.Strings(mf.memberNames)
	for i, name := range mf.memberNames {
		index[name] = i
	}
	words := (len(mf.memberNames) + 63) / 64
	mf.wroteBits = map[*ir.Func][]uint64{}
	funcs := mf.graph.Module.Funcs
	for _, f := range funcs {
		for _, b := range f.Blocks {
			for _, n := range b.Nodes {
				if mem, ok := written(n).(*ir.Member); ok && mf.members[mem.Name] {
					w := mf.wroteBits[f]
					if w == nil {
						w = make([]uint64, words)
						mf.wroteBits[f] = w
					}
					i := index[mem.Name]
					w[i/64] |= 1 << (i % 64)
				}
			}
		}
	}
	mf.unparsedBits = map[string][]uint64{}
	for name, rec := range mf.unparsed {
		w := make([]uint64, words)
		for _, mem := range rec.Members {
			if i, ok := index[mem]; ok && mf.members[mem] {
				w[i/64] |= 1 << (i % 64)
			}
		}
		if rec.Any {
			for i := range mf.memberNames {
				w[i/64] |= 1 << (i % 64)
			}
		}
		mf.unparsedBits[name] = w
	}
	// Up the call graph: a caller writes what its callees write, the
	// unparsed bodies included, until nothing grows.
	var work []*ir.Func
	for f := range mf.wroteBits {
		work = append(work, f)
	}
	bitsOf := func(f *ir.Func) []uint64 {
		to := mf.wroteBits[f]
		if to == nil {
			to = make([]uint64, words)
			mf.wroteBits[f] = to
		}
		return to
	}
	var links *unparsedLinks
	for {
		for len(work) > 0 {
			g := work[len(work)-1]
			work = work[:len(work)-1]
			from := mf.wroteBits[g]
			for _, s := range mf.graph.CallersOf(g) {
				if orBits(bitsOf(s.Caller), from) {
					work = append(work, s.Caller)
				}
			}
		}
		if len(mf.unparsed) == 0 {
			return
		}
		if links == nil {
			links = mf.linkUnparsed(funcs)
		}
		if !mf.unparsedRound(links, bitsOf, func(f *ir.Func) { work = append(work, f) }) {
			return
		}
	}
}

// unparsedRound moves the bits of what unparsed bodies may write one
// step: a record takes those of the functions it calls (records and
// parsed functions), a function with an unparsed body those of its
// record, and a parsed function those of the records it calls where
// the call graph knows no callee. It reports whether anything grew;
// grown calls it with each function that did.
func (mf *moduleFacts) unparsedRound(links *unparsedLinks, bitsOf func(*ir.Func) []uint64, grown func(*ir.Func)) bool {
	moved := false
	for name, rec := range mf.unparsed {
		to := mf.unparsedBits[name]
		for _, callee := range rec.Calls {
			if from, ok := mf.unparsedBits[callee]; ok && callee != name {
				moved = orBits(to, from) || moved
			}
			for _, g := range links.byName[callee] {
				if len(g.Blocks) > 0 {
					moved = orBits(to, mf.wroteBits[g]) || moved
				}
			}
		}
	}
	for _, l := range links.calls {
		if orBits(bitsOf(l.f), mf.unparsedBits[l.rec]) {
			moved = true
			grown(l.f)
		}
	}
	return moved
}

// unparsedLinks are the edges between functions and the records of
// unparsed bodies, made once for computeWrites.
type unparsedLinks struct {
	byName map[string][]*ir.Func
	// calls pairs a function with a record whose writes are its own: its
	// own unparsed body, or one it calls where the call graph knows no
	// callee.
	calls []struct {
		f   *ir.Func
		rec string
	}
}

func (mf *moduleFacts) linkUnparsed(funcs []*ir.Func) *unparsedLinks {
	l := &unparsedLinks{byName: map[string][]*ir.Func{}}
	add := func(f *ir.Func, rec string) {
		l.calls = append(l.calls, struct {
			f   *ir.Func
			rec string
		}{f, rec})
	}
	for _, f := range funcs {
		l.byName[f.Name] = append(l.byName[f.Name], f)
		if len(f.Blocks) == 0 {
			if _, ok := mf.unparsed[f.Name]; ok {
				add(f, f.Name)
			}
			continue
		}
		var sites map[*ir.Call]bool
		for _, c := range f.Calls() {
			if _, ok := mf.unparsed[c.Name]; !ok || ir.CalleeName(c.Fun) != c.Name {
				continue
			}
			if sites == nil {
				sites = map[*ir.Call]bool{}
				for _, s := range mf.graph.Callees[f] {
					sites[s.Call] = true
				}
			}
			if !sites[c] {
				add(f, c.Name)
			}
		}
	}
	return l
}

// orBits ORs from into to and reports whether to grew.
func orBits(to, from []uint64) bool {
	grew := false
	for i, word := range from {
		if word&^to[i] != 0 {
			to[i] |= word
			grew = true
		}
	}
	return grew
}

// unparsedWrites returns the tracked members call c may write when it
// calls, by name, a function of the module whose body the front end did
// not parse, and whether it does.
func (mf *moduleFacts) unparsedWrites(c *ir.Call) (map[string]bool, bool) {
	if c.Name == "" || ir.CalleeName(c.Fun) != c.Name {
		return nil, false
	}
	if _, ok := mf.unparsed[c.Name]; !ok {
		return nil, false
	}
	if !mf.wroteSet {
		mf.computeWrites()
	}
	if w, ok := mf.unparsedWrote[c.Name]; ok {
		return w, true
	}
	if mf.unparsedWrote == nil {
		mf.unparsedWrote = map[string]map[string]bool{}
	}
	w := map[string]bool{}
	for i, word := range mf.unparsedBits[c.Name] {
		for ; word != 0; word &= word - 1 {
			w[mf.memberNames[i*64+bits.TrailingZeros64(word)]] = true
		}
	}
	mf.unparsedWrote[c.Name] = w
	return w, true
}

// allRelevance makes relevance look at every function (the tests'
// reference).
var allRelevance = false

// argUse is a use of variables of a function in the argument of a call
// to a module function.
type argUse struct {
	callee *ir.Func
	param  string
	names  []string
}

// relevance works out the parameters that matter: those a branch
// condition, a switch, a conditional noreturn call, an allocation's
// flags or a gfp test of the function mentions, directly or through the
// locals assigned from them, or that the function passes to a parameter
// that matters of a function it calls. Only the engine's bindings ask
// (bind, for the functions it reaches from its roots by the calls
// sitesOf knows), so only the functions reached from roots that way are
// looked at; all of them when roots is nil. What matters in a function
// depends only on the functions it calls (the fixpoint below), which
// are reached too, so the answer for each is the same either way.
func (mf *moduleFacts) relevance(m *ir.Module, roots []*ir.Func) {
	var reached map[*ir.Func]bool
	if roots != nil && !allRelevance {
		reached = map[*ir.Func]bool{}
		work := slices.Clone(roots)
		for _, f := range roots {
			reached[f] = true
		}
		for len(work) > 0 {
			f := work[len(work)-1]
			work = work[:len(work)-1]
			for _, ss := range [][]callgraph.Site{mf.graph.Callees[f], mf.graph.Indirect[f]} {
				for _, s := range ss {
					if !reached[s.Callee] {
						reached[s.Callee] = true
						work = append(work, s.Callee)
					}
				}
			}
		}
	}
	type summary struct {
		seeds   []string
		assigns map[string][]string // local -> names its assigned values mention
		uses    []argUse
	}
	sums := map[*ir.Func]*summary{}
	callers := map[*ir.Func][]*ir.Func{}
	for _, f := range m.Funcs {
		if len(f.Blocks) == 0 || !mf.reach[f] || reached != nil && !reached[f] {
			continue
		}
		s := &summary{assigns: map[string][]string{}}
		sums[f] = s
		sites := map[*ir.Call][]*ir.Func{}
		for _, ss := range [][]callgraph.Site{mf.graph.Callees[f], mf.graph.Indirect[f]} {
			for _, site := range ss {
				sites[site.Call] = append(sites[site.Call], site.Callee)
			}
		}
		mf.guardConds(f, func(c ir.Expr) { s.seeds = names(c, s.seeds) })
		for _, b := range f.Blocks {
			if b.Cond != nil {
				s.seeds = names(b.Cond, s.seeds)
			}
			if b.Switch != nil {
				s.seeds = names(b.Switch.Value, s.seeds)
			}
			for _, n := range b.Nodes {
				switch n := n.(type) {
				case *ir.Assign:
					if id, ok := n.LHS.(*ir.Ident); ok {
						s.assigns[id.Name] = names(n.RHS, s.assigns[id.Name])
					}
				case *ir.Call:
					if nr := mf.km.NoReturnFor(n.Name); nr != nil && nr.CondArg >= 0 && nr.CondArg < len(n.Args) {
						s.seeds = names(n.Args[nr.CondArg], s.seeds)
					}
					if sl := mf.km.SleeperFor(n.Name); sl != nil && sl.IsAllocation() && sl.GFPArg < len(n.Args) {
						s.seeds = names(n.Args[sl.GFPArg], s.seeds)
					}
					if t := mf.km.GFPTestFor(n.Name); t != nil && t.Arg < len(n.Args) {
						s.seeds = names(n.Args[t.Arg], s.seeds)
					}
					if q := mf.km.QuietSleepFor(n.Name); q != nil && q.Arg < len(n.Args) {
						s.seeds = names(n.Args[q.Arg], s.seeds)
					}
					for _, g := range sites[n] {
						for i, a := range n.Args {
							if i < len(g.Params) {
								s.uses = append(s.uses, argUse{g, g.Params[i], names(a, nil)})
							}
						}
						// Once per caller: f's calls are all visited here,
						// so a repeated caller is the last one listed.
						if cs := callers[g]; len(cs) == 0 || cs[len(cs)-1] != f {
							callers[g] = append(cs, f)
						}
					}
				}
			}
		}
	}
	// need[f] are the variables of f that matter; relevant the
	// parameters among them.
	need := map[*ir.Func]map[string]bool{}
	var work []*ir.Func
	add := func(f *ir.Func, names []string) bool {
		grew := false
		for _, n := range names {
			if !need[f][n] {
				if need[f] == nil {
					need[f] = map[string]bool{}
				}
				need[f][n] = true
				grew = true
			}
		}
		return grew
	}
	for f, s := range sums {
		add(f, s.seeds)
		work = append(work, f)
	}
	for len(work) > 0 {
		f := work[len(work)-1]
		work = work[:len(work)-1]
		s := sums[f]
		grew := false
		for changed := true; changed; {
			changed = false
			for l, ns := range s.assigns {
				if need[f][l] && add(f, ns) {
					changed, grew = true, true
				}
			}
			for _, u := range s.uses {
				if need[u.callee][u.param] && add(f, u.names) {
					changed, grew = true, true
				}
			}
		}
		params := map[string]bool{}
		for _, p := range f.Params {
			if need[f][p] {
				params[p] = true
			}
		}
		if len(params) != len(mf.relevant[f]) || grew {
			mf.relevant[f] = params
			work = append(work, callers[f]...)
		}
	}
}

// names appends the variable names e mentions (not through members: a
// member's value is not its base's).
func names(e ir.Expr, out []string) []string {
	switch e := e.(type) {
	case *ir.Ident:
		return append(out, e.Name)
	case *ir.Unary:
		return names(e.X, out)
	case *ir.Binary:
		return names(e.Y, names(e.X, out))
	case *ir.Call:
		for _, a := range e.Args {
			out = names(a, out)
		}
	case *ir.Cond:
		return names(e.Else, names(e.Then, names(e.C, out)))
	}
	return out
}

// testedMembers adds the members a condition tests.
func testedMembers(e ir.Expr, out map[string]bool) {
	switch e := e.(type) {
	case *ir.Member:
		out[e.Name] = true
	case *ir.Unary:
		testedMembers(e.X, out)
	case *ir.Binary:
		testedMembers(e.X, out)
		testedMembers(e.Y, out)
	case *ir.Call:
		for _, a := range e.Args {
			testedMembers(a, out)
		}
	case *ir.Cond:
		testedMembers(e.C, out)
		testedMembers(e.Then, out)
		testedMembers(e.Else, out)
	}
}

// addressedMembers adds the members of among that e takes the address
// of.
func addressedMembers(e ir.Expr, out, among map[string]bool) {
	walkExpr(e, func(x ir.Expr) {
		if u, ok := x.(*ir.Unary); ok && u.Op == "&" {
			if m, ok := u.X.(*ir.Member); ok && among[m.Name] {
				out[m.Name] = true
			}
		}
	})
}

// addressedVars calls visit with the variables e takes the address of.
func addressedVars(e ir.Expr, visit func(string)) {
	walkExpr(e, func(x ir.Expr) {
		if u, ok := x.(*ir.Unary); ok && u.Op == "&" {
			if id, ok := u.X.(*ir.Ident); ok {
				visit(id.Name)
			}
		}
	})
}

// eachExpr calls visit with the expressions of a node.
func eachExpr(n ir.Node, visit func(ir.Expr)) {
	switch n := n.(type) {
	case *ir.Call:
		visit(n.Fun)
		for _, a := range n.Args {
			visit(a)
		}
	case *ir.Assign:
		visit(n.LHS)
		visit(n.RHS)
	case *ir.Return:
		if n.Value != nil {
			visit(n.Value)
		}
	case *ir.IncDec:
		visit(n.X)
	}
}

// walkExpr calls visit for e and every expression inside it.
func walkExpr(e ir.Expr, visit func(ir.Expr)) {
	if e == nil {
		return
	}
	visit(e)
	switch e := e.(type) {
	case *ir.Unary:
		walkExpr(e.X, visit)
	case *ir.Binary:
		walkExpr(e.X, visit)
		walkExpr(e.Y, visit)
	case *ir.Member:
		walkExpr(e.X, visit)
	case *ir.Call:
		walkExpr(e.Fun, visit)
		for _, a := range e.Args {
			walkExpr(a, visit)
		}
	case *ir.InitList:
		for _, el := range e.Elems {
			walkExpr(el.Value, visit)
		}
	case *ir.Other:
		for _, c := range e.Calls {
			walkExpr(c, visit)
		}
	case *ir.Cond:
		walkExpr(e.C, visit)
		walkExpr(e.Then, visit)
		walkExpr(e.Else, visit)
	}
}
