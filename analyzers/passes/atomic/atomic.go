// Package atomic defines the helper Analyzer that decides which calls of a
// driver module execute in atomic context, and why.
//
// A call is atomic when a spinlock-like lock is held at it on every path
// (a must-held analysis over the function's control flow, so conditional
// locking does not produce guesses), or when its function runs in atomic
// context: it is an atomic callback (tasklet, timer, hard IRQ, ...) or is
// called from an atomic call site of another function of the module. The
// reason is kept as a chain, shortest first, for messages.
package atomic

import (
	"fmt"
	"go/token"
	"reflect"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/kdlint/kdlint/analyzers/passes/callgraph"
	"github.com/kdlint/kdlint/analyzers/passes/entries"
	"github.com/kdlint/kdlint/analyzers/passes/input"
	"github.com/kdlint/kdlint/ir"
	"github.com/kdlint/kdlint/kmodel"
)

// Analyzer computes atomic call sites.
var Analyzer = &analysis.Analyzer{
	Name:       "atomic",
	Doc:        "find the calls of a driver module that run in atomic context",
	Run:        run,
	Requires:   []*analysis.Analyzer{input.Analyzer, callgraph.Analyzer, entries.Analyzer},
	ResultType: reflect.TypeOf((*Result)(nil)),
}

// Held is a lock held at a call.
type Held struct {
	Acquire *ir.Call // the call that took it
	Class   kmodel.LockClass
	key     string
}

// Describe names the lock for messages: "spin_lock(&priv->lock)".
func (h *Held) Describe() string {
	if h.Acquire.Name == ir.GuardCall && len(h.Acquire.Args) > 0 {
		return "guard(" + h.Acquire.Args[0].String() + ")"
	}
	return h.Acquire.String()
}

// lockExpr is the lock argument of the call that took h.
func (h *Held) lockExpr() ir.Expr { return LockArg(h.Acquire) }

// LockArg returns the lock argument of a lock call or guard (for a guard,
// the argument after the lock type), or nil.
func LockArg(c *ir.Call) ir.Expr {
	if c.Name == ir.GuardCall {
		if len(c.Args) > 1 {
			return c.Args[1]
		}
		return nil
	}
	if op := kmodel.LockOpFor(c.Name); op != nil && op.Arg >= 0 && op.Arg < len(c.Args) {
		return c.Args[op.Arg]
	}
	return nil
}

// TakesAtomicLock reports whether c takes an atomic lock for certain: an
// atomic lock operation that is not a trylock, or a guard of an atomic
// lock type.
func TakesAtomicLock(c *ir.Call) bool {
	if c.Name == ir.GuardCall {
		if len(c.Args) == 0 {
			return false
		}
		class, ok := kmodel.GuardClasses[c.Args[0].String()]
		return ok && class.Atomic()
	}
	op := kmodel.LockOpFor(c.Name)
	return op != nil && op.Acquire && !op.Try && op.Class.Atomic()
}

// lockPath names the lock an lvalue designates by its whole access path,
// so that p->lock and q->lock differ: "p.wq.lock" for p->wq.lock, and the
// same for *(&p->wq.lock). It is "" when e is nil.
func lockPath(e ir.Expr) string {
	if u, ok := e.(*ir.Unary); ok && u.Op == "*" {
		return lockPointerPath(u.X)
	}
	if e == nil {
		return ""
	}
	return strings.ReplaceAll(e.String(), "->", ".")
}

// lockPointerPath is lockPath for a pointer to the lock, as lock calls
// take it: &p->lock names p.lock, hash_locks + i names *(hash_locks + i).
func lockPointerPath(e ir.Expr) string {
	if u, ok := e.(*ir.Unary); ok && u.Op == "&" {
		return lockPath(u.X)
	}
	if e == nil {
		return ""
	}
	return "*(" + strings.ReplaceAll(e.String(), "->", ".") + ")"
}

// Key is the object key of the lock h holds (ir.ObjectKey): the member or
// variable name.
func (h *Held) Key() string { return ir.ObjectKey(h.lockExpr()) }

// LocksAt returns the atomic locks held at call c of f: those f holds, and
// the lock its caller holds when that is what makes f atomic.
func (r *Result) LocksAt(f *ir.Func, c *ir.Call) []*Held {
	out := append([]*Held(nil), r.held[c]...)
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
	Lock     *Held // lock held at Site, if that is what made the site atomic
	// Depth is the number of calls from the atomic context to the function.
	Depth int
}

// Result holds the atomic facts of a module.
type Result struct {
	// Funcs maps each function that runs in atomic context to why.
	Funcs map[*ir.Func]*Reason
	// Locked maps each call made while an atomic lock is held to the
	// innermost such lock.
	Locked map[*ir.Call]*Held
	// inherited holds, for each function that is atomic because its caller
	// holds a lock, the calls at which that lock is still held.
	inherited map[*ir.Func]map[*ir.Call]bool
	// held holds every atomic lock held at each call, innermost last.
	held map[*ir.Call]lockState
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
// Locks are matched by their whole access path (lockPath), so a caller
// must name the lock as the callee does (udl->urbs.lock in both); when
// they differ the wait is still reported.
func (r *Result) OnlyUnder(f *ir.Func, c *ir.Call, lock ir.Expr) bool {
	path := lockPath(lock)
	only := func(st lockState) bool {
		for _, h := range st {
			if p := lockPointerPath(h.lockExpr()); p == "" || p != path {
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
		return set[c] || r.Locked[c] != nil
	}
	return true
}

// Of returns the result of a pass that requires Analyzer.
func Of(pass *analysis.Pass) *Result { return pass.ResultOf[Analyzer].(*Result) }

func run(pass *analysis.Pass) (any, error) {
	m := input.Of(pass)
	g := callgraph.Of(pass)
	ents := entries.Of(pass)
	r := &Result{Funcs: map[*ir.Func]*Reason{}, Locked: map[*ir.Call]*Held{}, inherited: map[*ir.Func]map[*ir.Call]bool{},
		held: map[*ir.Call]lockState{}, callers: map[*ir.Func][]callgraph.Site{},
		ctx: map[*ir.Func]contexts{}, feasible: newFeasibility()}
	for _, f := range m.Funcs {
		lockRegions(f, r.Locked, r.held)
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
				r.inherited[s.Callee] = stillHeld(s.Callee, h)
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

// lockState is the set of atomic locks held, innermost last.
type lockState []*Held

func (s lockState) with(h *Held) lockState {
	out := make(lockState, len(s), len(s)+1)
	copy(out, s)
	return append(out, h)
}

// without drops the innermost lock matching key (or, when none matches,
// the innermost of the same class: an unlock through another name for
// the same lock).
func (s lockState) without(class kmodel.LockClass, key string) lockState {
	idx := -1
	for i := len(s) - 1; i >= 0; i-- {
		if s[i].Class == class && s[i].key == key {
			idx = i
			break
		}
	}
	if idx < 0 {
		for i := len(s) - 1; i >= 0; i-- {
			if s[i].Class == class {
				idx = i
				break
			}
		}
	}
	if idx < 0 {
		return s
	}
	out := make(lockState, 0, len(s)-1)
	out = append(out, s[:idx]...)
	return append(out, s[idx+1:]...)
}

// meet keeps the locks held on both paths.
func meet(a, b lockState) lockState {
	var out lockState
	for _, h := range a {
		for _, k := range b {
			if h == k {
				out = append(out, h)
				break
			}
		}
	}
	return out
}

// lockRegions records, for every call of f made with an atomic lock held
// on all paths, the innermost such lock.
func lockRegions(f *ir.Func, locked map[*ir.Call]*Held, all map[*ir.Call]lockState) {
	if !usesLocks(f) {
		return
	}
	walkLocks(f, nil, func(c *ir.Call, st lockState) {
		if len(st) > 0 {
			locked[c] = st[len(st)-1]
			all[c] = st
		}
	})
}

// stillHeld returns the calls of f at which lock h, held by f's caller
// when it called f, is still held on all paths: f may release it (and
// take it again) itself.
func stillHeld(f *ir.Func, h *Held) map[*ir.Call]bool {
	out := map[*ir.Call]bool{}
	walkLocks(f, lockState{h}, func(c *ir.Call, st lockState) {
		for _, x := range st {
			if x == h {
				out[c] = true
				return
			}
		}
	})
	return out
}

// walkLocks runs the must-held lock analysis over f, starting with the
// locks in initial held, and calls visit for every call with the locks
// held before it.
func walkLocks(f *ir.Func, initial lockState, visit func(*ir.Call, lockState)) {
	in := make([]lockState, len(f.Blocks))
	visited := make([]bool, len(f.Blocks))
	held := map[*ir.Call]*Held{} // one Held per acquiring call
	work := []*ir.Block{f.Blocks[0]}
	visited[0] = true
	in[0] = initial
	for iter := 0; len(work) > 0 && iter < 50*len(f.Blocks)+100; iter++ {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		st := in[b.Index]
		for _, n := range b.Nodes {
			c, ok := n.(*ir.Call)
			if !ok {
				continue
			}
			st = transfer(st, c, held)
		}
		for _, s := range b.Succs {
			next := st
			if visited[s.Index] {
				next = meet(in[s.Index], st)
				if len(next) == len(in[s.Index]) {
					continue
				}
			}
			visited[s.Index] = true
			in[s.Index] = next
			work = append(work, s)
		}
	}
	for _, b := range f.Blocks {
		if !visited[b.Index] {
			continue
		}
		st := in[b.Index]
		for _, n := range b.Nodes {
			c, ok := n.(*ir.Call)
			if !ok {
				continue
			}
			visit(c, st)
			st = transfer(st, c, held)
		}
	}
}

func usesLocks(f *ir.Func) bool {
	for _, c := range f.Calls() {
		if kmodel.LockOpFor(c.Name) != nil || c.Name == ir.GuardCall {
			return true
		}
	}
	return false
}

func transfer(st lockState, c *ir.Call, held map[*ir.Call]*Held) lockState {
	switch c.Name {
	case ir.GuardCall:
		if len(c.Args) == 0 {
			return st
		}
		class, ok := kmodel.GuardClasses[c.Args[0].String()]
		if !ok || !class.Atomic() {
			// A sleeping guard still needs a slot so guard.end pops it.
			class = kmodel.Mutex
		}
		h := held[c]
		if h == nil {
			h = &Held{Acquire: c, Class: class, key: "guard"}
			held[c] = h
		}
		if !class.Atomic() {
			return st
		}
		return st.with(h)
	case ir.GuardEnd:
		for i := len(st) - 1; i >= 0; i-- {
			if st[i].key == "guard" {
				return st.without(st[i].Class, "guard")
			}
		}
		return st
	}
	op := kmodel.LockOpFor(c.Name)
	if op == nil || !op.Class.Atomic() || op.Try {
		return st
	}
	key := ir.ObjectKey(LockArg(c))
	if !op.Acquire {
		return st.without(op.Class, key)
	}
	h := held[c]
	if h == nil {
		h = &Held{Acquire: c, Class: op.Class, key: key}
		held[c] = h
	}
	return st.with(h)
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
