package atomic

import (
	"github.com/kdlint/kdlint/analyzers/passes/callgraph"
	"github.com/kdlint/kdlint/analyzers/passes/entries"
	"github.com/kdlint/kdlint/analyzers/passes/locks"
	"github.com/kdlint/kdlint/ir"
	"github.com/kdlint/kdlint/kmodel"
)

// The analysis explores the module's functions from the roots of atomic
// context: the atomic callbacks, and every function that takes an atomic
// lock (a region root, atomic only where it holds one). Each function is
// explored in an instance: the function, the context it runs in (and the
// caller's lock that makes it atomic, when that is the reason), and what
// is known of its parameters and of the module's tracked struct members
// on entry (the bindings). The exploration is a conditional constant
// propagation over the function's control flow: branches, switches and
// early returns that the bindings, the local constants and the context
// decide are followed one way only, and a call that does not return ends
// its path. Every call that can run, in atomic context, to a function of
// the module (directly or through a function pointer member) gives the
// callee an instance of its own, with the call's constant arguments
// bound to its parameters. Instances are shared between callers with
// the same bindings of the parameters that matter (those that decide a
// branch in the function or below), so the work stays linear in
// practice; each records the first caller that reached it, which gives
// the shortest chain from a root.

// instance is one way a function runs: in a context, with bindings.
type instance struct {
	fn *ir.Func
	// ctx is the context fn runs in: an atomic one, or Process for a
	// region root (atomic only where fn holds a lock itself).
	ctx kmodel.Context
	// lock is the caller's lock that makes fn atomic (ctx is then Locked
	// or BHDisabled); nil when the context comes from a callback.
	lock *locks.Held
	// drops is set when fn may release lock (and take it again): then
	// only the calls before which it is still held are atomic through it.
	drops bool
	env   env
	// irqOff is set when the instance runs with interrupts off because
	// its callback root does (the panic notifier chain).
	irqOff bool
	// cb is the callback of a callback root.
	cb *entries.Callback

	// in holds the environment at the start of each block; reached says
	// which blocks can run.
	in      []env
	reached []bool

	parent *instance
	site   *ir.Call // the call of parent that reached it
	depth  int
	// callers are all the (instance, call) pairs that reach it.
	callers []edge
}

type edge struct {
	from *instance
	call *ir.Call
}

func (in *instance) root() *instance {
	for in.parent != nil {
		in = in.parent
	}
	return in
}

// maxInstances bounds the instances of one function; past it, callers
// share one without bindings.
const maxInstances = 48

// maxVisits bounds the block visits of one exploration, per block.
const maxVisits = 64

// The work of a module's exploration is bounded as a whole: a block
// visit costs its nodes times the facts it carries (each step may copy
// them), a call one unit per fact (binding the callee's entry), and a module may spend
// workBase units plus workPerBlock per block of its functions. The caps
// above keep each function's share linear, but with a large constant
// (maxInstances instances of maxVisits visits each, each carrying up to
// every tracked member); the budget keeps the sum near-linear in the
// module's size whatever its shape (on 6.12 drivers/ no module spends
// more than 31% of its budget: infiniband/hw/irdma, 0.69M units of
// 2.26M). Once it is spent the exploration
// goes on path-insensitively: the instances not yet explored run every
// block their graph reaches with nothing known, and the calls they make
// bind nothing, so each function gets at most one more instance per
// context. That answer holds every call the path-sensitive one would
// find atomic (a superset: findings are never dropped, only paths no
// longer told apart), and Result.Exhausted says it happened.
var (
	workBase     = 1 << 19
	workPerBlock = 512
)

type engine struct {
	r      *Result
	km     *kmodel.Model
	graph  *callgraph.Graph
	lk     *locks.Result
	insts  map[string]*instance
	queue  []*instance
	counts map[*ir.Func]int
	// work is the units spent, budget the units the module may spend.
	work, budget int
}

// exhausted reports whether the module's work budget is spent.
func (e *engine) exhausted() bool {
	if e.work <= e.budget {
		return false
	}
	if !e.r.Exhausted {
		e.r.Exhausted = true
		if onExhausted != nil {
			onExhausted(e.r.module)
		}
	}
	return true
}

// onExhausted, when set (by tests), is called once per module whose
// budget is spent.
var onExhausted func(*ir.Module)

// moduleBudget returns the work budget of module m.
func moduleBudget(m *ir.Module) int {
	blocks := 0
	for _, f := range m.Funcs {
		blocks += len(f.Blocks)
	}
	return workBase + workPerBlock*blocks
}

func (e *engine) key(fn *ir.Func, ctx kmodel.Context, lock *locks.Held, drops bool, b env) string {
	k := fn.Name + "@" + fn.File + "#" + string(rune('0'+ctx))
	if drops && lock != nil {
		k += "!" + lock.Path()
	}
	if irqsOff(lock, drops) {
		k += "~irq"
	}
	return k + "|" + b.key()
}

// irqsOff reports whether interrupts are off throughout an instance held
// through lock: a lock that disables them, never dropped below.
func irqsOff(lock *locks.Held, drops bool) bool {
	return lock != nil && !drops && lock.Variant&kmodel.IRQ != 0
}

// instance returns the instance of fn for the context and bindings,
// creating and queueing it on first use; from and site are the caller.
func (e *engine) instance(fn *ir.Func, ctx kmodel.Context, lock *locks.Held, b env, from *instance, site *ir.Call) *instance {
	return e.instanceOff(fn, ctx, lock, b, from, site, from != nil && from.irqOff && lock == nil)
}

// instanceOff is instance, with interrupts known off throughout when
// irqOff is set.
func (e *engine) instanceOff(fn *ir.Func, ctx kmodel.Context, lock *locks.Held, b env, from *instance, site *ir.Call, irqOff bool) *instance {
	drops := lock != nil && e.mayDrop(fn, lock)
	k := e.key(fn, ctx, lock, drops, b)
	if irqOff {
		k = "~off" + k
	}
	if in := e.insts[k]; in != nil {
		in.callers = append(in.callers, edge{from, site})
		return in
	}
	if len(b) > 0 && (e.counts[fn] >= maxInstances || e.exhausted()) {
		return e.instanceOff(fn, ctx, lock, nil, from, site, irqOff)
	}
	e.counts[fn]++
	in := &instance{fn: fn, ctx: ctx, lock: lock, drops: drops, env: b, parent: from, site: site, irqOff: irqOff}
	if from != nil {
		in.depth = from.depth + 1
		in.callers = []edge{{from, site}}
	}
	e.insts[k] = in
	e.r.instsOf[fn] = append(e.r.instsOf[fn], in)
	e.queue = append(e.queue, in)
	return in
}

// mayDrop reports whether fn, called with h held, may release it: its
// lock summary (which composes those of its callees) releases a caller's
// lock of h's class and name (its last member or variable: sq_lock is
// not cq_lock), or one without a name (local_irq_restore).
func (e *engine) mayDrop(fn *ir.Func, h *locks.Held) bool {
	s := e.lk.Summary(fn)
	if s == nil {
		return false
	}
	for _, rs := range [][]locks.Ref{s.Releases, s.MayRelease, s.Drops} {
		for _, ref := range rs {
			if ref.Class != h.Class && ref.Class != kmodel.UnknownLock {
				continue
			}
			if ref.Lock == nil || h.Lock == nil || ir.ObjectKey(ref.Lock) == h.Key() {
				return true
			}
		}
	}
	return false
}

func (e *engine) run() {
	for len(e.queue) > 0 {
		in := e.queue[0]
		e.queue = e.queue[1:]
		e.explore(in)
	}
}

// evaluator returns the evaluator of in's function.
func (e *engine) evaluator(in *instance) *evaluator {
	ctxOK := in.lock == nil && in.ctx != kmodel.Process && in.ctx != kmodel.Locked ||
		in.lock != nil && in.ctx == kmodel.BHDisabled && !in.drops
	ev := &evaluator{km: e.km, enums: e.r.module.Enums, ctx: in.ctx, ctxOK: ctxOK,
		unions:  e.r.module.UnionMembers,
		irqsOff: irqsOff(in.lock, in.drops) || in.irqOff,
		vars:    e.r.facts.tracked(in.fn), locals: e.r.facts.localsOf(in.fn),
		mems: e.r.facts.members}
	// A do-once test decides on every atomic run but the first, which
	// the check made sure is probe's, in process context; a function's
	// own lock region is a run of its own, which may be that first one.
	if t, ok := e.r.once[in.fn]; ok && (in.parent != nil || in.cb != nil || in.ctx != kmodel.Process) {
		ev.once = t
	}
	return ev
}

// explore works out which blocks of in can run and with what known, then
// gives an instance to each module function called in atomic context.
func (e *engine) explore(in *instance) {
	fn := in.fn
	n := len(fn.Blocks)
	if n == 0 {
		return
	}
	ev := e.evaluator(in)
	in.in = make([]env, n)
	in.reached = make([]bool, n)
	in.in[0], in.reached[0] = in.env, true
	work := []int{0}
	visits := 0
	if e.exhausted() {
		// The module's budget is spent: path-insensitively.
		e.giveUp(in)
		work = nil
	}
	for len(work) > 0 {
		if visits++; visits > maxVisits*n+64 || e.exhausted() {
			// Too long to settle: every block that the graph reaches can
			// run, nothing known.
			e.giveUp(in)
			break
		}
		bi := work[len(work)-1]
		work = work[:len(work)-1]
		b := fn.Blocks[bi]
		e.work += (1 + len(b.Nodes)) * (1 + len(in.in[bi]))
		st, alive := e.transfer(ev, in, b, in.in[bi], -1)
		if !alive {
			continue
		}
		for _, s := range e.successors(ev, b, st) {
			si := s.to.Index
			if si < 0 || si >= n || fn.Blocks[si] != s.to {
				continue
			}
			if !in.reached[si] {
				in.reached[si], in.in[si] = true, s.env
				work = append(work, si)
				continue
			}
			if m := in.in[si].meet(s.env); !m.equal(in.in[si]) {
				in.in[si] = m
				work = append(work, si)
			}
		}
	}
	// The calls that run, in atomic context, to module functions.
	for bi, b := range fn.Blocks {
		if !in.reached[bi] {
			continue
		}
		st := in.in[bi]
		for _, nd := range b.Nodes {
			c, ok := nd.(*ir.Call)
			if !ok {
				var alive bool
				st, alive = e.step(ev, in, nd, st)
				if !alive {
					break
				}
				continue
			}
			e.work += 1 + len(st)
			if runs, _ := e.selected(ev, in.fn, c, st); runs {
				e.calls(ev, in, c, st)
			}
			var alive bool
			if st, alive = e.step(ev, in, c, st); !alive {
				break
			}
		}
	}
}

// giveUp marks every block the graph reaches from the entry as running,
// with nothing known.
func (e *engine) giveUp(in *instance) {
	fn := in.fn
	for i := range in.reached {
		in.reached[i], in.in[i] = false, nil
	}
	in.reached[0] = true
	work := []*ir.Block{fn.Blocks[0]}
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		for _, s := range b.Succs {
			if s.Index >= 0 && s.Index < len(fn.Blocks) && fn.Blocks[s.Index] == s && !in.reached[s.Index] {
				in.reached[s.Index] = true
				work = append(work, s)
			}
		}
	}
}

// calls gives an instance to each module function that call c, made with
// st known, reaches when it runs in atomic context.
func (e *engine) calls(ev *evaluator, in *instance, c *ir.Call, st env) {
	sites := e.r.sitesOf(in.fn, c)
	if len(sites) == 0 || e.modelled(c) {
		return
	}
	ctx, held, atomic := e.r.stateAt(in, c)
	if !atomic {
		return
	}
	rootFile := in.root().fn.File
	sites = e.pointerTargets(sites, rootFile, in.fn)
	for _, site := range sites {
		g := site.Callee
		if !e.r.reach[g] {
			continue
		}
		b := e.bind(ev, g, c, st)
		if in.lock == nil && in.ctx != kmodel.Process {
			e.instance(g, in.ctx, nil, b, in, c)
			continue
		}
		// Through a lock: the outermost lock g keeps, else the innermost.
		lock := held[len(held)-1]
		for _, h := range held {
			if !e.mayDrop(g, h) {
				lock = h
				break
			}
		}
		e.instance(g, ctx, lock, b, in, c)
	}
}

// maxPointerTargets bounds the functions a call through a function
// pointer may reach: past it the call is a dispatch (a state machine's
// state, a core's callback into its drivers) the analysis cannot
// resolve, and it is not followed.
const maxPointerTargets = 2

// pointerTargets keeps, of the sites of one call, the direct callee and
// the targets of a function pointer that belong with the chain: the file
// that stores the target must be related to the root's (a subsystem
// core's dispatch to its drivers' callbacks, gpiolib calling
// gc->direction_input, reaches the root driver's own, not those every
// driver of the directory stores). An optional callback, tested for NULL
// in the caller (if (ring->funcs->begin_use) ...), is not followed: the
// tables that leave it out are not told apart from those that set it.
// More than maxPointerTargets targets are not followed either.
func (e *engine) pointerTargets(sites []callgraph.Site, rootFile string, caller *ir.Func) []callgraph.Site {
	if len(sites) == 0 || sites[0].StoredIn == "" {
		return sites
	}
	if e.r.optional(caller, sites[0].Call) {
		return nil
	}
	var out []callgraph.Site
	for _, s := range sites {
		if e.graph.Related(rootFile, s.StoredIn) {
			out = append(out, s)
		}
	}
	if len(out) > maxPointerTargets {
		return nil
	}
	return out
}

func isConst(v Value) bool {
	_, ok := v.IsConst()
	return ok
}

// modelled reports whether the kernel model says what call c does, so
// that the module's own definition of it (the USB core defining
// usb_submit_urb) is not looked into: the model's row decides.
func (e *engine) modelled(c *ir.Call) bool {
	if c.Name == "" {
		return false
	}
	if _, ok := e.lk.Op(c); ok {
		return true
	}
	return e.km.SleeperFor(c.Name) != nil || e.km.CallbackWaitFor(c.Name) != nil
}

// bind returns the bindings of g's entry for call c made with st known:
// its parameters that matter given the constant arguments, and the
// module's tracked members.
func (e *engine) bind(ev *evaluator, g *ir.Func, c *ir.Call, st env) env {
	// The bindings are gathered in order and sorted once (envOf), as
	// with for each in turn would leave them.
	var out []binding
	rel := e.r.facts.relevant[g]
	for i, p := range g.Params {
		if i >= len(c.Args) || !rel[p] {
			continue
		}
		if v := ev.eval(c.Args[i], st); v.Known() {
			out = append(out, binding{p, v, false})
		}
	}
	// Member facts keep their path; one whose path starts from a variable
	// passed as an argument is also known under the parameter's name.
	// So are zero defaults and their write markers.
	for _, b := range st {
		if len(b.name) == 0 {
			continue
		}
		prefix, path := "", b.name
		switch {
		case isKeyBinding(b.name):
			out = append(out, binding{b.name, b.v, false}) // a module global
			continue
		case isZeroBase(b.name) || isMarker(b.name):
			prefix, path = b.name[:1], b.name[1:]
		case b.name[0] != '.':
			continue
		}
		out = append(out, binding{b.name, b.v, b.observed})
		root := rootOf(path)
		if root == "" || prefix == "" && memberRoot(path) == "" {
			continue
		}
		for i, a := range c.Args {
			// p->m or, for a structure passed by address (&cmd), cmd.m.
			if id, ok := ir.StripAddr(a).(*ir.Ident); ok && id.Name == root && i < len(g.Params) && g.Params[i] != root {
				out = append(out, binding{prefix + "." + g.Params[i] + path[1+len(root):], b.v, b.observed})
			}
		}
	}
	return envOf(out)
}

// transfer applies the nodes of b to st, up to node stop (all when
// stop < 0); alive is false when a call that does not return ends it.
func (e *engine) transfer(ev *evaluator, in *instance, b *ir.Block, st env, stop int) (env, bool) {
	for i, nd := range b.Nodes {
		if i == stop {
			break
		}
		var alive bool
		if st, alive = e.step(ev, in, nd, st); !alive {
			return st, false
		}
	}
	return st, true
}

// step applies one node.
func (e *engine) step(ev *evaluator, in *instance, nd ir.Node, st env) (env, bool) {
	if len(st) > 0 {
		// A variable whose address is taken may be written through it.
		eachExpr(nd, func(x ir.Expr) {
			addressedVars(x, func(name string) { st = st.with(name, unknown, false) })
		})
	}
	switch nd := nd.(type) {
	case *ir.Assign:
		return e.assign(ev, nd, st), true
	case *ir.IncDec:
		switch x := nd.X.(type) {
		case *ir.Ident:
			// Counting up a loop would take as many rounds as the loop:
			// nothing is known after an increment.
			if ev.vars[x.Name] {
				st = st.with(x.Name, unknown, false)
			}
		case *ir.Member:
			if ev.mems[x.Name] {
				st = st.with(memberKey(x), unknown, false)
			}
			if st.hasZero() {
				st = st.written(memberKey(x), unknown)
			}
		}
	case *ir.Call:
		runs, sure := e.selected(ev, in.fn, nd, st)
		if !runs {
			return st, true // in an arm of ?:, && or || not taken
		}
		if sure && e.noReturn(ev, in, nd, st) {
			return st, false
		}
		st = e.afterCall(in, nd, st)
		if base, ok := zeroing(ev, nd, st); ok {
			st = st.zeroed(base)
		}
		return st, true
	}
	return st, true
}

func (e *engine) assign(ev *evaluator, a *ir.Assign, st env) env {
	name, observed := "", false
	switch x := a.LHS.(type) {
	case *ir.Ident:
		if list, ok := a.RHS.(*ir.InitList); ok && ev.locals[x.Name] {
			return e.initList(ev, "."+x.Name, list, st)
		}
		if st.hasZero() {
			// A structure assigned whole: what was zero is no more.
			st = st.unzeroed(func(base string) bool { return base == "."+x.Name })
		}
		if !ev.vars[x.Name] {
			return st
		}
		name = x.Name
	case *ir.Member:
		if st.hasZero() {
			st = st.written(memberKey(x), ev.eval(a.RHS, st))
		}
		if !ev.mems[x.Name] {
			return st
		}
		name = memberKey(x)
	default:
		return st
	}
	v := ev.eval(a.RHS, st)
	if a.Op != "" {
		op := a.Op[:len(a.Op)-1]
		v = binaryValue(op, ev.eval(a.LHS, st), v)
	}
	if mem, ok := a.LHS.(*ir.Member); ok {
		// Another path may name the same member: forget those.
		st = st.without(func(b binding) bool {
			return b.name != name && len(b.name) > 0 && b.name[0] == '.' && memberName(b.name) == mem.Name
		})
	}
	return st.with(name, v, observed)
}

// initList applies the initializer list of the variable at base: the
// members it does not name are 0, the ones it names have their values.
// A list with elements it cannot place (positional ones that are not 0)
// zeroes nothing.
func (e *engine) initList(ev *evaluator, base string, list *ir.InitList, st env) env {
	if !placeable(ev, list, st) {
		return st.unzeroed(func(b string) bool { return underBase(b, base) })
	}
	st = st.zeroed(base)
	var set func(prefix string, l *ir.InitList)
	set = func(prefix string, l *ir.InitList) {
		for _, el := range l.Elems {
			if el.Field == "" {
				continue // placeable: 0
			}
			key := prefix + "." + el.Field
			if sub, ok := el.Value.(*ir.InitList); ok {
				set(key, sub)
				continue
			}
			v := ev.eval(el.Value, st)
			if ev.mems[memberName(key)] {
				st = st.with(key, v, false)
			}
			st = st.written(key, v)
		}
	}
	set(base, list)
	return st
}

// placeable reports whether each element of list names its member, or is
// 0 (or a list of such).
func placeable(ev *evaluator, list *ir.InitList, st env) bool {
	for _, el := range list.Elems {
		if sub, ok := el.Value.(*ir.InitList); ok {
			if !placeable(ev, sub, st) {
				return false
			}
			continue
		}
		if el.Field == "" {
			if c, ok := ev.eval(el.Value, st).IsConst(); !ok || c != 0 {
				return false
			}
		}
	}
	return true
}

// zeroing returns the base a memset(&v, 0, sizeof(...)) zeroes.
func zeroing(ev *evaluator, c *ir.Call, st env) (string, bool) {
	z := ev.km.ZeroerFor(c.Name)
	if z == nil || z.Dst >= len(c.Args) || z.Val >= len(c.Args) || z.Len >= len(c.Args) {
		return "", false
	}
	if v, ok := ev.eval(c.Args[z.Val], st).IsConst(); !ok || v != 0 {
		return "", false
	}
	if o, ok := c.Args[z.Len].(*ir.Other); !ok || o.Text != "sizeof(...)" {
		return "", false
	}
	// Only a local structure, cleared through its address: memory a
	// pointer leads to may be written by others (the device, for DMA
	// memory).
	if u, ok := c.Args[z.Dst].(*ir.Unary); ok && u.Op == "&" {
		if x, ok := u.X.(*ir.Ident); ok && ev.locals[x.Name] {
			return "." + x.Name, true
		}
	}
	return "", false
}

// noReturn reports whether call c, made with st known, does not return.
func (e *engine) noReturn(ev *evaluator, in *instance, c *ir.Call, st env) bool {
	if nr := e.km.NoReturnFor(c.Name); nr != nil {
		if nr.CondArg < 0 {
			return true
		}
		if nr.CondArg < len(c.Args) {
			t, known := ev.eval(c.Args[nr.CondArg], st).truth()
			return known && t
		}
		return false
	}
	g := e.r.directCallee(in.fn, c)
	return g != nil && g.NoReturn
}

// afterCall forgets what call c may change: the tracked members the
// module functions it calls may assign, and, for a call out of the
// module, the members known only from a test.
func (e *engine) afterCall(in *instance, c *ir.Call, st env) env {
	// The env is sorted by name and key bindings ("$...") sort first.
	keys := len(st) > 0 && isKeyBinding(st[0].name)
	members := false
	for _, b := range st {
		if b.name[0] == '.' || isZeroBase(b.name) {
			members = true
			break
		}
	}
	if !members && !keys {
		return st
	}
	callees := e.r.calleesOf(in.fn, c)
	if keys {
		st = e.keysAfterCall(c, callees, st)
	}
	if !members {
		return st
	}
	if len(callees) == 0 {
		if w, ok := e.r.facts.unparsedWrites(c); ok {
			// A module function whose body the front end did not
			// parse: what its tokens may write (ir.Module.Unparsed).
			return e.forgetWritten(st, []map[string]bool{w})
		}
		if _, isLock := e.lk.Op(c); isLock || e.km.ConstMacroFor(c.Name) != nil || kmodel.In(c.Name, kmodel.BranchHints) ||
			e.km.IsReader(c.Name) {
			return st
		}
		// A call out of the module may change a member it is given a
		// way to (tcp_set_state(sk, ...) changes sk->sk_state): what a
		// test found of a member whose base it is passed is forgotten.
		passed := map[string]bool{}
		for _, a := range c.Args {
			for _, n := range names(a, nil) {
				passed[n] = true
			}
			walkExpr(a, func(x ir.Expr) {
				if id, ok := x.(*ir.Ident); ok {
					passed[id.Name] = true
				}
			})
		}
		st = st.unzeroed(func(base string) bool {
			root := rootOf(base)
			return root == "" || passed[root]
		})
		return st.without(func(b binding) bool {
			if !b.observed {
				return false
			}
			root := memberRoot(b.name)
			return root == "" || passed[root]
		})
	}
	sets := make([]map[string]bool, 0, len(callees))
	for _, g := range callees {
		if w := e.r.facts.writes(g); len(w) > 0 {
			sets = append(sets, w)
		}
	}
	return e.forgetWritten(st, sets)
}

// forgetWritten returns st without what it knew of the members that a
// call writing the tracked members in sets (one set per function it may
// call) writes: their facts, and their zero defaults. The markers of
// every written member under every zero base are added in one merge
// (env.withAll), not one copy of st per marker.
func (e *engine) forgetWritten(st env, sets []map[string]bool) env {
	if len(sets) == 0 {
		return st
	}
	wrote := func(m string) bool {
		for _, w := range sets {
			if w[m] {
				return true
			}
		}
		return false
	}
	if st.hasZero() {
		// Members the called functions may write are no longer known 0.
		var bases []string
		for _, b := range st {
			if isZeroBase(b.name) {
				bases = append(bases, b.name[1:])
			}
		}
		var marks []string
		for _, w := range sets {
			for m, ok := range w {
				if ok && e.r.facts.members[m] {
					for _, base := range bases {
						marks = append(marks, "1"+base+"|"+m)
					}
				}
			}
		}
		st = st.withAll(marks, Const(1), false)
	}
	return st.without(func(b binding) bool {
		return b.name[0] == '.' && wrote(memberName(b.name))
	})
}

type succ struct {
	to  *ir.Block
	env env
}

// successors returns the successors of b that can be taken with st known
// at its end, each with what is known on the edge.
func (e *engine) successors(ev *evaluator, b *ir.Block, st env) []succ {
	if b.Cond != nil && len(b.Succs) == 2 {
		t, known := ev.eval(b.Cond, st).truth()
		if b == ev.once.block {
			t, known = ev.once.done, true
		}
		var out []succ
		for i, s := range b.Succs {
			truth := i == 0
			if known && t != truth {
				continue
			}
			out = append(out, succ{s, e.refine(ev, b.Cond, truth, st)})
		}
		return out
	}
	if sw := b.Switch; sw != nil && len(sw.Cases) == len(b.Succs) {
		if out, ok := e.switchSuccs(ev, b, sw, st); ok {
			return out
		}
	}
	out := make([]succ, len(b.Succs))
	for i, s := range b.Succs {
		out[i] = succ{s, st}
	}
	return out
}

// switchSuccs returns the cases a known value selects; ok is false when
// the value or a label is not known.
func (e *engine) switchSuccs(ev *evaluator, b *ir.Block, sw *ir.Switch, st env) ([]succ, bool) {
	v := ev.eval(sw.Value, st)
	if _, ok := v.IsConst(); !ok && v.sym == "" {
		return nil, false
	}
	var out, none []succ
	for i, label := range sw.Cases {
		if label == nil {
			none = append(none, succ{b.Succs[i], st})
			continue
		}
		if r, isRange := label.(*ir.Binary); isRange && r.Op == "..." {
			c, vok := v.IsConst()
			lo, lok := ev.eval(r.X, st).IsConst()
			hi, hok := ev.eval(r.Y, st).IsConst()
			if !vok || !lok || !hok {
				return nil, false
			}
			if lo <= c && c <= hi {
				out = append(out, succ{b.Succs[i], st})
			}
			continue
		}
		eq, known := same(v, ev.eval(label, st))
		if !known {
			return nil, false
		}
		if eq {
			out = append(out, succ{b.Succs[i], st})
		}
	}
	if len(out) == 0 {
		return none, true
	}
	return out, true
}

// refine adds to st what cond having the truth value truth says of a
// tracked variable or member: x == C, x != C, !x.
func (e *engine) refine(ev *evaluator, cond ir.Expr, truth bool, st env) env {
	switch c := cond.(type) {
	case *ir.Unary:
		if c.Op == "!" {
			return e.refine(ev, c.X, !truth, st)
		}
	case *ir.Call:
		if kmodel.In(c.Name, kmodel.BranchHints) && len(c.Args) == 1 {
			return e.refine(ev, c.Args[0], truth, st)
		}
		if k, ok := keyTested(e.km, c); ok {
			return st.with(keyBinding(k), boolValue(truth), false)
		}
	case *ir.Binary:
		switch {
		case c.Op == "&&" && truth, c.Op == "||" && !truth:
			return e.refine(ev, c.Y, truth, e.refine(ev, c.X, truth, st))
		case c.Op == "==" && truth, c.Op == "!=" && !truth:
			if v := ev.eval(c.Y, st); v.sym != "" || isConst(v) {
				return e.bindTo(ev, c.X, v, st)
			}
			if v := ev.eval(c.X, st); v.sym != "" || isConst(v) {
				return e.bindTo(ev, c.Y, v, st)
			}
		}
	case *ir.Ident, *ir.Member:
		if !truth {
			return e.bindTo(ev, c, Const(0), st)
		}
	}
	return st
}

func (e *engine) bindTo(ev *evaluator, x ir.Expr, v Value, st env) env {
	switch x := x.(type) {
	case *ir.Ident:
		if ev.vars[x.Name] {
			return st.with(x.Name, v, false)
		}
	case *ir.Member:
		if ev.mems[x.Name] {
			return st.with(memberKey(x), v, true)
		}
	}
	return st
}
