// Package atomic defines the helper Analyzer that decides which calls of a
// driver module execute in atomic context, along which path, and why.
//
// The roots of atomic context are the atomic callbacks the entries pass
// finds (a timer's only when the timer can be armed while that callback
// is set), and the lock regions of every function: the calls made while
// an atomic lock is held on every path, in the locks pass's Deep view
// (lock wrappers and __must_hold annotations count). From them the
// analysis follows the calls of the module, direct ones and those through
// the function pointer members of its own ops tables, path by path: the
// constant arguments of each call are bound to the callee's parameters
// and only the branches they allow are followed, at any depth (see
// engine.go). A callee that drops its caller's lock (by body or
// annotation, at any depth: the locks summaries) is atomic through it
// only where the lock is still held.
//
// Rules ask, for a call, the ways it runs in atomic context (Reaches),
// each with its context, its locks, its chain from a root and the
// values known at the call.
package atomic

import (
	"fmt"
	"go/token"
	"reflect"
	"slices"
	"sort"

	"golang.org/x/tools/go/analysis"

	"github.com/kdlint/kdlint/analyzers/passes/callgraph"
	"github.com/kdlint/kdlint/analyzers/passes/entries"
	"github.com/kdlint/kdlint/analyzers/passes/input"
	"github.com/kdlint/kdlint/analyzers/passes/locks"
	"github.com/kdlint/kdlint/ir"
	"github.com/kdlint/kdlint/kmodel"
	"github.com/kdlint/kdlint/report"
)

// Analyzer computes atomic call sites.
var Analyzer = &analysis.Analyzer{
	Name:       "atomic",
	Doc:        "find the calls of a driver module that run in atomic context",
	Run:        run,
	Requires:   []*analysis.Analyzer{input.Analyzer, input.KernelModel, callgraph.Analyzer, entries.Analyzer, locks.Analyzer},
	ResultType: reflect.TypeOf((*Result)(nil)),
}

// atomicLock reports whether holding h makes code atomic: a lock of an
// atomic class taken for certain (a trylock's region is not counted).
func atomicLock(h *locks.Held) bool { return h.Class.Atomic() && !h.Try }

// Result holds the atomic facts of a module.
type Result struct {
	module *ir.Module
	km     *kmodel.Model
	graph  *callgraph.Graph
	lk     *locks.Result
	facts  *moduleFacts
	reach  map[*ir.Func]bool // functions that reach a sleeping call
	// instsOf lists the instances of each function, first found first.
	instsOf map[*ir.Func][]*instance
	// callAt locates each call of the functions looked at.
	callAt map[*ir.Call]callPos
	sites  map[*ir.Func]map[*ir.Call][]callgraph.Site
	// unlocked holds, per function, the calls made with a lock released
	// by a wait around them (unlockedAt).
	unlocked map[*ir.Func]map[*ir.Call][]string
	// Dead lists the timer callbacks not counted as atomic roots: no
	// arming call of the module can run them.
	Dead map[*entries.Callback]bool
	// once holds the do-once tests of the module's functions (once.go).
	once map[*ir.Func]onceTest
	// Exhausted is set when the module's exploration spent its work
	// budget and finished path-insensitively (engine.go): the calls
	// found atomic are then a superset of the path-sensitive answer.
	Exhausted bool
}

// Notices says when the exploration spent its budget on the module, so
// that a user reading a finding it would have ruled out knows why.
func (r *Result) Notices() []report.Notice {
	if r == nil || !r.Exhausted {
		return nil
	}
	return []report.Notice{{Level: report.Note, Kind: report.NoticeBudget,
		Location: report.Location{Path: r.module.Dir},
		Message: "the atomic-context analysis spent its work budget on this module; the rest was " +
			"explored without path information, so KD101-KD104 may report paths that constant " +
			"arguments or members would rule out"}}
}

type callPos struct {
	fn    *ir.Func
	block int
	index int
}

// Of returns the result of a pass that requires Analyzer.
func Of(pass *analysis.Pass) *Result { return pass.ResultOf[Analyzer].(*Result) }

func run(pass *analysis.Pass) (any, error) {
	m := input.Of(pass)
	km := input.Model(pass)
	g := callgraph.Of(pass)
	ents := entries.Of(pass)
	r := &Result{module: m, km: km, graph: g, lk: locks.Of(pass), instsOf: map[*ir.Func][]*instance{},
		callAt: map[*ir.Call]callPos{}, sites: map[*ir.Func]map[*ir.Call][]callgraph.Site{},
		unlocked: map[*ir.Func]map[*ir.Call][]string{}}
	r.reach = r.reachesSink()
	r.facts = newModuleFacts(m, km, g, r.reach)
	r.Dead = deadTimerCallbacks(m, km, ents, r.facts)
	r.once = onceGuards(m, km, g, ents, r)
	// What a root starts with: its timer's arming tests, its store's
	// test, static keys.
	armed := armedFacts(m, km, ents, r.facts)
	for _, more := range []map[*entries.Callback]env{storedFacts(m, km, ents, r.facts), keyFacts(m, km, r.facts, ents)} {
		for cb, b := range more {
			if armed == nil {
				armed = map[*entries.Callback]env{}
			}
			for _, x := range b {
				armed[cb] = armed[cb].with(x.name, x.v, x.observed)
			}
		}
	}
	e := &engine{r: r, km: km, graph: g, lk: r.lk, insts: map[string]*instance{}, counts: map[*ir.Func]int{},
		budget: moduleBudget(m)}
	// Callback roots first, then the lock regions of functions that are
	// called or named somewhere (a live chain is preferred), then the
	// others.
	for _, f := range m.Funcs {
		for i := range ents.Callbacks[f] {
			cb := &ents.Callbacks[f][i]
			if !cb.Context.Atomic() || r.Dead[cb] || !r.reach[f] {
				continue
			}
			if in := e.instanceOff(f, cb.Context, nil, armed[cb], nil, nil, cb.IRQsOff); in.cb == nil {
				in.cb = cb
			}
		}
	}
	called := map[*ir.Func]bool{}
	for _, sites := range g.Callees {
		for _, s := range sites {
			called[s.Callee] = true
		}
	}
	for _, f := range m.Funcs {
		if len(ents.Callbacks[f]) > 0 {
			called[f] = true
		}
	}
	var orphans []*ir.Func
	for _, f := range m.Funcs {
		if !r.reach[f] || !r.locksItself(f) {
			continue
		}
		if !called[f] && f.Static {
			orphans = append(orphans, f)
			continue
		}
		e.instance(f, kmodel.Process, nil, nil, nil, nil)
	}
	for _, f := range orphans {
		e.instance(f, kmodel.Process, nil, nil, nil, nil)
	}
	// The parameters that matter, for the functions the roots reach.
	roots := []*ir.Func{}
	for _, in := range e.queue {
		roots = append(roots, in.fn)
	}
	r.facts.relevance(m, roots)
	e.run()
	return r, nil
}

// reachesSink returns the functions that make, or call a function that
// makes, a call the model says may sleep or wait: a sleeper, a sleeping
// lock, a wait for a timer callback. The others cannot matter and are not
// explored.
func (r *Result) reachesSink() map[*ir.Func]bool {
	out := map[*ir.Func]bool{}
	var work []*ir.Func
	for _, f := range r.module.Funcs {
		for _, c := range f.Calls() {
			if r.km.SleeperFor(c.Name) != nil || r.km.CallbackWaitFor(c.Name) != nil {
				out[f] = true
				break
			}
			if op, ok := r.lk.Op(c); ok && op.Effect == locks.Acquire && op.Class.Sleeping() {
				out[f] = true
				break
			}
		}
		if out[f] {
			work = append(work, f)
		}
	}
	for len(work) > 0 {
		f := work[len(work)-1]
		work = work[:len(work)-1]
		for _, s := range r.graph.CallersOf(f) {
			if !out[s.Caller] {
				out[s.Caller] = true
				work = append(work, s.Caller)
			}
		}
	}
	return out
}

// locksItself reports whether f holds an atomic lock of its own at some
// call.
func (r *Result) locksItself(f *ir.Func) bool {
	takes := false
	for _, c := range f.Calls() {
		if op, ok := r.lk.Op(c); ok && op.Effect == locks.Acquire && op.Class.Atomic() {
			takes = true
			break
		}
	}
	if !takes {
		return false
	}
	for _, b := range f.Blocks {
		for _, n := range b.Nodes {
			if c, ok := n.(*ir.Call); ok && len(r.ownLocks(f, c)) > 0 {
				return true
			}
		}
	}
	return false
}

// ownLocks returns the atomic locks f itself holds at call c on every
// path, innermost last: those its own lock calls and guards take, as the
// locks pass's Deep view sees them (a helper that releases one is
// followed). A lock a called wrapper returns holding does not open a
// region here (the front end does not look for such regions either).
func (r *Result) ownLocks(f *ir.Func, c *ir.Call) []*locks.Held {
	var out []*locks.Held
	for _, h := range r.lk.Deep.Before(f, c).Must {
		if atomicLock(h) && h.Via == nil && h.Acquire != nil {
			out = append(out, h)
		}
	}
	return out
}

// directCallee returns the module function c calls directly, or nil.
func (r *Result) directCallee(f *ir.Func, c *ir.Call) *ir.Func {
	for _, s := range r.graph.Callees[f] {
		if s.Call == c {
			return s.Callee
		}
	}
	return nil
}

// calleesOf returns the module functions call c of f may call: its
// direct callee, or the functions a function pointer member it calls
// through may hold.
func (r *Result) calleesOf(f *ir.Func, c *ir.Call) []*ir.Func {
	var out []*ir.Func
	for _, s := range r.sitesOf(f, c) {
		out = append(out, s.Callee)
	}
	return out
}

func (r *Result) sitesOf(f *ir.Func, c *ir.Call) []callgraph.Site {
	m := r.sites[f]
	if m == nil {
		m = map[*ir.Call][]callgraph.Site{}
		for _, ss := range [][]callgraph.Site{r.graph.Callees[f], r.graph.Indirect[f]} {
			for _, s := range ss {
				m[s.Call] = append(m[s.Call], s)
			}
		}
		r.sites[f] = m
	}
	return m[c]
}

// optional reports whether f tests the function pointer call c calls
// through for NULL (if (ops->hook) ops->hook(x)).
func (r *Result) optional(f *ir.Func, c *ir.Call) bool {
	fun := c.Fun
	if u, ok := fun.(*ir.Unary); ok && u.Op == "*" {
		fun = u.X
	}
	want := fun.String()
	for _, b := range f.Blocks {
		if b.Cond == nil {
			continue
		}
		found := false
		walkExpr(b.Cond, func(x ir.Expr) {
			if m, ok := x.(*ir.Member); ok && !found && m.String() == want {
				found = true
			}
		})
		if found {
			return true
		}
	}
	return false
}

// lockContext is the context a set of held locks gives process code:
// BHDisabled when one of them disables bottom halves, Locked otherwise.
func lockContext(held []*locks.Held) kmodel.Context {
	for _, h := range held {
		if h.Variant&kmodel.BH != 0 || h.Class == kmodel.BHOff {
			return kmodel.BHDisabled
		}
	}
	return kmodel.Locked
}

// stateAt returns the context call c runs in within instance in, the
// atomic locks held at it (the caller's first, innermost last), and
// whether it is atomic at all.
func (r *Result) stateAt(in *instance, c *ir.Call) (kmodel.Context, []*locks.Held, bool) {
	own := r.ownLocks(in.fn, c)
	released := r.unlockedAt(in.fn, c)
	if len(released) > 0 {
		own = withoutPaths(own, released)
	}
	if in.lock == nil && in.ctx != kmodel.Process {
		return in.ctx, own, true
	}
	var held []*locks.Held
	if in.lock != nil && (!in.drops || r.lk.Deep.Inherited(in.fn, in.lock).Has(c)) &&
		len(withoutPaths([]*locks.Held{in.lock}, released)) > 0 {
		held = append(held, in.lock)
	}
	held = append(held, own...)
	if len(held) == 0 {
		return kmodel.Process, nil, false
	}
	return lockContext(held), held, true
}

// unlockedAt returns the paths of the locks that call c of f runs with
// released: c is in an argument that a lock-dropping wait runs after
// dropping its lock (the cmd of wait_event_lock_irq_cmd, kmodel
// Sleeper.Unlocked).
func (r *Result) unlockedAt(f *ir.Func, c *ir.Call) []string {
	m, ok := r.unlocked[f]
	if !ok {
		for _, w := range f.Calls() {
			s := r.km.SleeperFor(w.Name)
			if s == nil || !s.DropsLock || len(s.Unlocked) == 0 || s.LockArg < 0 || s.LockArg >= len(w.Args) {
				continue
			}
			path := locks.LockPath(w.Args[s.LockArg])
			if path == "" {
				continue
			}
			for _, i := range s.Unlocked {
				if i >= len(w.Args) {
					continue
				}
				walkExpr(w.Args[i], func(x ir.Expr) {
					if inner, ok := x.(*ir.Call); ok {
						if m == nil {
							m = map[*ir.Call][]string{}
						}
						m[inner] = append(m[inner], path)
					}
				})
			}
		}
		r.unlocked[f] = m
	}
	return m[c]
}

// withoutPaths returns the locks of hs whose path is not one of paths.
func withoutPaths(hs []*locks.Held, paths []string) []*locks.Held {
	var out []*locks.Held
	for _, h := range hs {
		p := h.Path()
		if p == "" || !slices.Contains(paths, p) {
			out = append(out, h)
		}
	}
	return out
}

// position returns where call c is in its function.
func (r *Result) position(fn *ir.Func, c *ir.Call) (callPos, bool) {
	if p, ok := r.callAt[c]; ok {
		return p, true
	}
	for bi, b := range fn.Blocks {
		for ni, n := range b.Nodes {
			if x, ok := n.(*ir.Call); ok {
				r.callAt[x] = callPos{fn, bi, ni}
			}
		}
	}
	p, ok := r.callAt[c]
	return p, ok
}

// Reach is one way a call runs in atomic context: in an instance of its
// function, reached from a root by a chain of calls.
type Reach struct {
	r    *Result
	in   *instance
	Call *ir.Call
	// ev and st are the evaluator and the state just before the call,
	// kept from runs for Value.
	ev *evaluator
	st env
	// Context is the context the call runs in, and Locks the atomic
	// locks held at it (a caller's first, innermost last).
	Context kmodel.Context
	Locks   []*locks.Held
}

// Reaches returns the ways call c of f runs in atomic context, the
// shortest chain first (a callback's before a lock's at equal length).
func (r *Result) Reaches(f *ir.Func, c *ir.Call) []*Reach {
	var out []*Reach
	p, ok := r.position(f, c)
	if !ok {
		return nil
	}
	for _, in := range r.instsOf[f] {
		if in.reached == nil || !in.reached[p.block] {
			continue
		}
		ev, st, ok := r.runs(in, p, c)
		if !ok {
			continue
		}
		ctx, held, atomic := r.stateAt(in, c)
		if !atomic {
			continue
		}
		out = append(out, &Reach{r: r, in: in, Call: c, ev: ev, st: st, Context: ctx, Locks: held})
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.in.depth != b.in.depth {
			return a.in.depth < b.in.depth
		}
		return a.in.root().cb != nil && b.in.root().cb == nil
	})
	return out
}

// ReachesWithin is Reaches cut to the chains of at most maxDepth calls
// (0: no limit), as the rules' max-depth options ask.
func (r *Result) ReachesWithin(f *ir.Func, c *ir.Call, maxDepth int) []*Reach {
	out := r.Reaches(f, c)
	if maxDepth <= 0 {
		return out
	}
	for i, x := range out {
		if x.Depth() > maxDepth {
			return out[:i]
		}
	}
	return out
}

// runs reports whether call c, at p, is not after a call that does not
// return in its block.
func (r *Result) runs(in *instance, p callPos, c *ir.Call) (*evaluator, env, bool) {
	e := &engine{r: r, km: r.km, lk: r.lk}
	ev := e.evaluator(in)
	b := in.fn.Blocks[p.block]
	st, alive := e.transfer(ev, in, b, in.in[p.block], p.index)
	if !alive {
		return nil, nil, false
	}
	runs, _ := e.selected(ev, in.fn, c, st)
	return ev, st, runs
}

// Value returns what is known of e, an expression of the call's function,
// where the call is made.
func (x *Reach) Value(e ir.Expr) Value { return x.ev.eval(e, x.st) }

// Depth is the number of calls from the root to the call's function.
func (x *Reach) Depth() int { return x.in.depth }

// Callback returns the atomic callback the chain starts from, or nil for
// a lock region.
func (x *Reach) Callback() *entries.Callback { return x.in.root().cb }

// Func is the function that makes the call.
func (x *Reach) Func() *ir.Func { return x.in.fn }

// Group names the root cause of the reach: the root (a callback, or the
// lock held where the region calls out) and the first call out of it on
// the chain (the call itself when it is made in the root). Reaches of
// one group are one finding.
func (x *Reach) Group() (root string, out *ir.Call) {
	in := x.in
	out = x.Call
	for in.parent != nil {
		out = in.site
		in = in.parent
	}
	if in.cb != nil {
		return fmt.Sprintf("cb %s %d", in.fn.Name, in.cb.Pos), out
	}
	// A region: the innermost lock of the root function held at out.
	held := x.r.ownLocks(in.fn, out)
	if len(held) > 0 {
		h := held[len(held)-1]
		if o := h.Origin(); o != nil && o.Acquire != nil {
			return fmt.Sprintf("lock %s %d", in.fn.Name, o.Acquire.P), out
		}
		return fmt.Sprintf("lock %s %s", in.fn.Name, h.Path()), out
	}
	return "fn " + in.fn.Name, out
}

// Chain returns the chain of calls from the root to the call's function:
// the functions, outermost first, and each call between them.
func (x *Reach) Chain() (funcs []*ir.Func, calls []*ir.Call) {
	for in := x.in; in != nil; in = in.parent {
		funcs = append(funcs, in.fn)
		if in.parent != nil {
			calls = append(calls, in.site)
		}
	}
	slices.Reverse(funcs)
	slices.Reverse(calls)
	return funcs, calls
}

// Origin follows the value of parameter param of the call's function up
// the chain, through the parameters it is passed on as, to the call that
// passes it as an expression of its own: that call, its function and the
// argument. ok is false when the value does not come from a parameter.
func (x *Reach) Origin(param string) (call *ir.Call, in *ir.Func, arg ir.Expr, ok bool) {
	cur := x.in
	name := param
	for cur.parent != nil {
		idx := -1
		for i, p := range cur.fn.Params {
			if p == name {
				idx = i
			}
		}
		if idx < 0 || idx >= len(cur.site.Args) {
			return nil, nil, nil, false
		}
		a := cur.site.Args[idx]
		id, isIdent := a.(*ir.Ident)
		isParam := false
		if isIdent {
			for _, p := range cur.parent.fn.Params {
				isParam = isParam || p == id.Name
			}
		}
		if !isParam {
			return cur.site, cur.parent.fn, a, true
		}
		name = id.Name
		cur = cur.parent
	}
	return nil, nil, nil, false
}

// IsParam reports whether name is a parameter of the call's function.
func (x *Reach) IsParam(name string) bool {
	for _, p := range x.in.fn.Params {
		if p == name {
			return true
		}
	}
	return false
}

// Step is one related location of an explanation.
type Step struct {
	Pos     token.Pos
	Message string
}

// Why explains the reach: the text names the context and the chain from
// the root, steps give the registration or lock and each call on the way,
// outermost first.
func (x *Reach) Why(fset *token.FileSet) (string, []Step) {
	funcs, calls := x.Chain()
	root := x.in.root()
	var steps []Step
	for i, c := range calls {
		msg := fmt.Sprintf("%s() calls %s()", funcs[i].Name, funcs[i+1].Name)
		if c.Name == "" {
			msg += " through " + c.Fun.String() + ", which the module sets to it"
		}
		steps = append(steps, Step{Pos: c.P, Message: msg})
	}
	path := joinPath(funcs)
	fn := x.in.fn
	if cb := root.cb; cb != nil && x.in.lock == nil && x.in.ctx != kmodel.Process {
		steps = append([]Step{{Pos: cb.Pos, Message: fmt.Sprintf("%s() registered as %s by %s", cb.Func.Name, cb.Kind, cb.By)}}, steps...)
		where := cb.Where
		if where == "" {
			where = cb.Context.String()
		}
		if len(funcs) == 1 {
			return fmt.Sprintf("in %s %s() (%s)", cb.Kind, fn.Name, where), steps
		}
		return fmt.Sprintf("in %s(), reached from %s %s() (%s): %s", fn.Name, cb.Kind, root.fn.Name, where, path), steps
	}
	// Through a lock: the caller's that the chain carries, else the
	// innermost one the function takes itself.
	h := x.Locks[len(x.Locks)-1]
	if x.in.lock != nil && x.Locks[0] == x.in.lock {
		h = x.in.lock
	}
	line := 0
	if o := h.Origin(); o != nil && o.Acquire != nil {
		line = fset.Position(o.Acquire.P).Line
		steps = append([]Step{{Pos: o.Acquire.P, Message: h.Describe() + " taken here"}}, steps...)
	} else if h.Acquire != nil {
		line = fset.Position(h.Acquire.P).Line
		steps = append([]Step{{Pos: h.Acquire.P, Message: h.Describe() + " taken here"}}, steps...)
	}
	held := fmt.Sprintf("while %s is held", h.Describe())
	if line > 0 {
		held += fmt.Sprintf(" (line %d)", line)
	}
	if len(funcs) == 1 {
		return held, steps
	}
	return fmt.Sprintf("in %s(), called from %s %s", fn.Name, path, held), steps
}

// joinPath renders a path outermost first: a() -> b() -> c().
func joinPath(path []*ir.Func) string {
	s := ""
	for i, f := range path {
		if i > 0 {
			s += " -> "
		}
		s += f.Name + "()"
	}
	return s
}

// OnlyUnder reports whether the reach is atomic only because of the lock
// lvalue lock (a wait that drops it while it sleeps: wait_event_lock_irq
// and friends): not from a callback, and every lock held is that lock,
// matched by its whole access path (locks.LockPath), so a caller must
// name the lock as the callee does.
func (x *Reach) OnlyUnder(lock ir.Expr) bool {
	path := locks.LockPath(lock)
	if path == "" || x.in.lock == nil && x.in.ctx != kmodel.Process {
		return false
	}
	for _, h := range x.Locks {
		if p := h.Path(); p == "" || p != path {
			return false
		}
	}
	return true
}

// DefaultMaxDepth is the default of the rules' max-depth option.
const DefaultMaxDepth = 4

// MaxDepthName and MaxDepthDoc describe the max-depth option of the
// rules built on this analysis (KD101 to KD104); each rule declares its
// own.
const (
	MaxDepthName = "max-depth"
	MaxDepthDoc  = "Report only when the atomic context is at most this many calls away from the " +
		"function that sleeps; 0 removes the limit. Long call chains are more often paths " +
		"that cannot happen at run time, for reasons kdlint does not follow (the state of the device)."
)
