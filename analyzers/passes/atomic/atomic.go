// Package atomic defines the helper Analyzer that decides which calls of a
// driver module execute in atomic context, and why.
//
// A call is atomic when a spinlock-like lock is held at it on every path
// (the locks pass's must-held locks, in its Local view: the function's
// own lock calls; conditional locking does not produce guesses, and a
// trylock's region does not count), or when its function runs in atomic
// context: it is an atomic callback (tasklet, timer, hard IRQ, ...) or is
// called from an atomic call site of another function of the module. The
// reason is kept as a chain, shortest first, for messages.
package atomic

import (
	"fmt"
	"go/token"
	"reflect"

	"golang.org/x/tools/go/analysis"

	"github.com/kdlint/kdlint/analyzers/passes/callgraph"
	"github.com/kdlint/kdlint/analyzers/passes/entries"
	"github.com/kdlint/kdlint/analyzers/passes/input"
	"github.com/kdlint/kdlint/analyzers/passes/locks"
	"github.com/kdlint/kdlint/ir"
	"github.com/kdlint/kdlint/kmodel"
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

// LocksAt returns the atomic locks held at call c of f: those f holds, and
// the lock its caller holds when that is what makes f atomic.
func (r *Result) LocksAt(f *ir.Func, c *ir.Call) []*locks.Held {
	out := append([]*locks.Held(nil), r.held[c]...)
	if reason := r.Funcs[f]; reason != nil && reason.Lock != nil && r.inherited[f][c] {
		out = append(out, reason.Lock)
	}
	return out
}

// In reports whether call c of f can run in context ctx by way of an
// atomic callback that reaches f (not through a lock alone).
func (r *Result) In(f *ir.Func, c *ir.Call, ctx kmodel.Context) bool {
	return r.Funcs[f] != nil && r.atomicSite(f, c) && r.feasible.in(f, c, r.ctx[f])&contextSet(ctx) != 0
}

// Reason says why a function runs in atomic context: either it is an
// atomic callback (Callback set), or a caller calls it from an atomic call
// site (Caller, Site set; the caller's own reason continues the chain).
type Reason struct {
	Callback *entries.Callback
	Caller   *ir.Func
	Site     *ir.Call
	Lock     *locks.Held // lock held at Site, if that is what made the site atomic
	// Depth is the number of calls from the atomic context to the function.
	Depth int
}

// Result holds the atomic facts of a module.
type Result struct {
	// Funcs maps each function that runs in atomic context to why.
	Funcs map[*ir.Func]*Reason
	// Locked maps each call made while an atomic lock is held to the
	// innermost such lock.
	Locked map[*ir.Call]*locks.Held
	// inherited holds, for each function that is atomic because its caller
	// holds a lock, the calls at which that lock is still held.
	inherited map[*ir.Func]locks.CallSet
	// held holds every atomic lock held at each call, innermost last.
	held map[*ir.Call][]*locks.Held
	// callers holds the call sites of each function.
	callers map[*ir.Func][]callgraph.Site
	// ctx holds the atomic contexts each atomic function can run in.
	ctx      map[*ir.Func]contexts
	feasible *feasibility
}

// propagateContexts works out the atomic contexts each function can run
// in: those of the atomic callbacks that reach it, and process context
// with a lock held where a caller holds one, following only the calls
// that the context tests on the way allow (feasible.go).
func (r *Result) propagateContexts(m *ir.Module, g *callgraph.Graph, ents *entries.Entries) {
	var work []*ir.Func
	add := func(f *ir.Func, s contexts) {
		if r.ctx[f]|s != r.ctx[f] {
			r.ctx[f] |= s
			work = append(work, f)
		}
	}
	for _, f := range m.Funcs {
		for _, cb := range ents.Callbacks[f] {
			if cb.Context.Atomic() {
				add(f, contextSet(cb.Context))
			}
		}
		for _, s := range g.Callees[f] {
			if r.Locked[s.Call] != nil {
				add(s.Callee, contextSet(kmodel.Locked))
			}
		}
	}
	for len(work) > 0 {
		f := work[len(work)-1]
		work = work[:len(work)-1]
		for _, s := range g.Callees[f] {
			if r.atomicSite(f, s.Call) {
				add(s.Callee, r.feasible.in(f, s.Call, r.ctx[f]))
			}
		}
	}
}

// OnlyUnder reports whether call c of f, a wait that releases the lock
// lvalue lock while it sleeps (wait_event_lock_irq and friends), is in
// atomic context only because of that lock: every atomic lock held at c in
// f is that lock, f is not an atomic callback, and every caller that makes
// f atomic does so by holding that lock at the call and nothing else.
// Locks are matched by their whole access path (locks.LockPath), so a caller
// must name the lock as the callee does (udl->urbs.lock in both); when
// they differ the wait is still reported.
func (r *Result) OnlyUnder(f *ir.Func, c *ir.Call, lock ir.Expr) bool {
	path := locks.LockPath(lock)
	only := func(st []*locks.Held) bool {
		for _, h := range st {
			if p := h.Path(); p == "" || p != path {
				return false
			}
		}
		return true
	}
	if path == "" {
		return false
	}
	if !only(r.held[c]) {
		return false
	}
	reason := r.Funcs[f]
	if reason == nil {
		return true
	}
	if reason.Callback != nil {
		return false
	}
	for _, s := range r.callers[f] {
		if r.Funcs[s.Caller] != nil && r.atomicSite(s.Caller, s.Call) || !only(r.held[s.Call]) {
			return false
		}
	}
	return true
}

// atomicSite reports whether call c of atomic function f runs with f's
// atomic context still in force.
func (r *Result) atomicSite(f *ir.Func, c *ir.Call) bool {
	if set, ok := r.inherited[f]; ok {
		return set.Has(c) || r.Locked[c] != nil
	}
	return true
}

// Of returns the result of a pass that requires Analyzer.
func Of(pass *analysis.Pass) *Result { return pass.ResultOf[Analyzer].(*Result) }

func run(pass *analysis.Pass) (any, error) {
	m := input.Of(pass)
	g := callgraph.Of(pass)
	ents := entries.Of(pass)
	lk := locks.Of(pass)
	r := &Result{Funcs: map[*ir.Func]*Reason{}, Locked: map[*ir.Call]*locks.Held{}, inherited: map[*ir.Func]locks.CallSet{},
		held: map[*ir.Call][]*locks.Held{}, callers: map[*ir.Func][]callgraph.Site{},
		ctx: map[*ir.Func]contexts{}, feasible: newFeasibility(input.Model(pass))}
	for _, f := range m.Funcs {
		r.lockRegions(lk, f)
		for _, s := range g.Callees[f] {
			r.callers[s.Callee] = append(r.callers[s.Callee], s)
		}
	}
	// Breadth-first from the atomic callbacks, so each function gets the
	// shortest chain.
	var queue []*ir.Func
	for _, f := range m.Funcs {
		for i := range ents.Callbacks[f] {
			cb := &ents.Callbacks[f][i]
			if cb.Context.Atomic() && r.Funcs[f] == nil {
				r.Funcs[f] = &Reason{Callback: cb}
				queue = append(queue, f)
			}
		}
	}
	// Functions called under a lock are atomic too.
	for _, f := range m.Funcs {
		for _, s := range g.Callees[f] {
			if h := r.Locked[s.Call]; h != nil && r.Funcs[s.Callee] == nil {
				r.Funcs[s.Callee] = &Reason{Caller: f, Site: s.Call, Lock: h, Depth: 1}
				// The callee may release the lock (and take it again).
				r.inherited[s.Callee] = lk.Local.Inherited(s.Callee, h)
				queue = append(queue, s.Callee)
			}
		}
	}
	r.propagateContexts(m, g, ents)
	for len(queue) > 0 {
		f := queue[0]
		queue = queue[1:]
		for _, s := range g.Callees[f] {
			if r.Funcs[s.Callee] == nil && r.atomicSite(f, s.Call) && r.feasible.possible(f, s.Call, r.ctx[f]) {
				r.Funcs[s.Callee] = &Reason{Caller: f, Site: s.Call, Depth: r.Funcs[f].Depth + 1}
				queue = append(queue, s.Callee)
			}
		}
	}
	return r, nil
}

// lockRegions records, for every call of f made with an atomic lock held
// on all paths, the atomic locks held and the innermost of them. Only f's
// own lock calls count: a lock wrapper's region is not followed.
func (r *Result) lockRegions(lk *locks.Result, f *ir.Func) {
	for _, b := range f.Blocks {
		for _, n := range b.Nodes {
			c, ok := n.(*ir.Call)
			if !ok {
				continue
			}
			var held []*locks.Held
			for _, h := range lk.Local.Before(f, c).Must {
				if atomicLock(h) {
					held = append(held, h)
				}
			}
			if len(held) > 0 {
				r.Locked[c] = held[len(held)-1]
				r.held[c] = held
			}
		}
	}
}

// DefaultMaxDepth is the default of the rules' max-depth option.
const DefaultMaxDepth = 4

// MaxDepthName and MaxDepthDoc describe the max-depth option of the
// rules built on this analysis (KD101, KD102); each rule declares its own.
const (
	MaxDepthName = "max-depth"
	MaxDepthDoc  = "Report only when the atomic context is at most this many calls away from the " +
		"function that sleeps; 0 removes the limit. Long call chains are more often paths " +
		"that cannot happen at run time (kdlint does not follow the conditions on the way)."
)

// Why explains why call c of function f runs in atomic context, or returns
// ok=false when it does not, or only through more than maxDepth calls
// (long chains are more often paths that cannot happen; 0 means no limit). The text names the context and the chain that
// leads there; related lists the positions of each step, outermost first.
func (r *Result) Why(f *ir.Func, c *ir.Call, fset *token.FileSet, maxDepth int) (text string, related []Step, ok bool) {
	if reason := r.Funcs[f]; reason != nil && maxDepth > 0 && reason.Depth > maxDepth && r.Locked[c] == nil {
		return "", nil, false
	}
	if h := r.Locked[c]; h != nil {
		if reason := r.Funcs[f]; reason != nil && reason.Callback != nil && (maxDepth == 0 || reason.Depth <= maxDepth) {
			// A callback context is the more fundamental explanation.
			return r.chain(f, fset)
		}
		line := fset.Position(h.Acquire.P).Line
		return fmt.Sprintf("while %s is held (line %d)", h.Describe(), line),
			[]Step{{Pos: h.Acquire.P, Message: h.Describe() + " taken here"}}, true
	}
	if r.Funcs[f] == nil || !r.atomicSite(f, c) || !r.feasible.possible(f, c, r.ctx[f]) {
		return "", nil, false
	}
	return r.chain(f, fset)
}

// Step is one related location of an explanation.
type Step struct {
	Pos     token.Pos
	Message string
}

func (r *Result) chain(f *ir.Func, fset *token.FileSet) (string, []Step, bool) {
	var steps []Step
	path := []*ir.Func{f}
	reason := r.Funcs[f]
	for guard := 0; reason != nil && reason.Callback == nil && guard < 64; guard++ {
		if reason.Lock != nil {
			steps = append(steps, Step{Pos: reason.Site.P, Message: fmt.Sprintf("%s() called from %s() while %s is held", path[len(path)-1].Name, reason.Caller.Name, reason.Lock.Describe())})
			steps = append(steps, Step{Pos: reason.Lock.Acquire.P, Message: reason.Lock.Describe() + " taken here"})
			reverse(steps)
			return fmt.Sprintf("in %s(), called from %s while %s is held (line %d)",
				f.Name, joinPath(append(path, reason.Caller)), reason.Lock.Describe(), fset.Position(reason.Lock.Acquire.P).Line), steps, true
		}
		steps = append(steps, Step{Pos: reason.Site.P, Message: fmt.Sprintf("%s() calls %s()", reason.Caller.Name, path[len(path)-1].Name)})
		path = append(path, reason.Caller)
		reason = r.Funcs[reason.Caller]
	}
	if reason == nil || reason.Callback == nil {
		return "", nil, false
	}
	cb := reason.Callback
	steps = append(steps, Step{Pos: cb.Pos, Message: fmt.Sprintf("%s() registered as %s by %s", cb.Func.Name, cb.Kind, cb.By)})
	reverse(steps)
	ctx := fmt.Sprintf("in %s %s() (%s)", cb.Kind, cb.Func.Name, cb.Context)
	if len(path) > 1 {
		ctx = fmt.Sprintf("in %s(), reached from %s %s() (%s): %s", f.Name, cb.Kind, cb.Func.Name, cb.Context, joinPath(path))
	}
	return ctx, steps, true
}

// joinPath renders a callee-first path outermost first: a() -> b() -> c().
func joinPath(path []*ir.Func) string {
	s := ""
	for i := len(path) - 1; i >= 0; i-- {
		s += path[i].Name + "()"
		if i > 0 {
			s += " -> "
		}
	}
	return s
}

func reverse(s []Step) {
	for i, j := 0, len(s)-1; i < j; i, j = i+1, j-1 {
		s[i], s[j] = s[j], s[i]
	}
}
