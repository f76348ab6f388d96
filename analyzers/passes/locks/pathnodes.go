package locks

import (
	"github.com/kdlint/kdlint/ir"
	"github.com/kdlint/kdlint/kmodel"
)

// What the path view does at each node of a block: assignments,
// returns and calls (module functions through their summaries).

// node applies n to the path; it returns false where the path ends.
func (x *explorer) node(st *pstate, n ir.Node) bool {
	switch n := n.(type) {
	case *ir.Call:
		return x.call(st, n)
	case *ir.Assign:
		x.assign(st, n)
	case *ir.Goto:
		st.via, st.gotoPos = n.Label, n.P
	case *ir.Return:
		x.ret(st, n)
		return false
	}
	return true
}

func (x *explorer) assign(st *pstate, a *ir.Assign) {
	switch lhs := a.LHS.(type) {
	case *ir.Ident:
		st.forget(lhs.Name, x.text)
		if c, ok := a.RHS.(*ir.Call); ok && x.fl.conditional(c) {
			st.results = append(st.results, presult{lhs.Name, c})
		}
		if x.retVars[lhs.Name] {
			class := assignedClass(a.RHS)
			if c, ok := a.RHS.(*ir.Call); ok && class == "" && !x.pointer && !x.fl.conditional(c) && !x.fl.mayFail(c) {
				class = callResult
			}
			st.setVal(lhs.Name, class)
		}
		if c, ok := a.RHS.(*ir.Call); ok && kmodel.In(c.Name, kmodel.NonNullCalls) {
			// root = debugfs_create_dir(...): not NULL from here on.
			st.setVal(lhs.Name, NonZeroValue)
		}
		st.saved = without(st.saved, lhs.Name)
	default:
		st.forgetText(x.text(a.LHS), x.text)
	}
	x.setBits(st, a)
}

// setBits records what a compound assignment says of the bit it sets or
// clears: after flags |= F, a test of flags & F is true; after
// flags &= ~F, false (a retry loop that sets the flag that takes the
// lock: if (gfp & F) mutex_lock(l); ... gfp |= F; goto retry;).
func (x *explorer) setBits(st *pstate, a *ir.Assign) {
	var bit ir.Expr
	var v bool
	switch a.Op {
	case "|=":
		bit, v = a.RHS, true
	case "&=":
		if u, ok := a.RHS.(*ir.Unary); ok && u.Op == "~" {
			bit = u.X
		}
	}
	if bit == nil {
		return
	}
	if k := x.setBitText(a, bit); x.tracked[k] {
		st.setFact(k, v)
	}
}

func without(s []string, x string) []string {
	for i, y := range s {
		if y == x {
			return append(s[:i:i], s[i+1:]...)
		}
	}
	return s
}

// assignedClass is the class of a value assigned to a returned variable,
// "" when it is not known.
func assignedClass(e ir.Expr) string {
	switch e := e.(type) {
	case *ir.Lit:
		if e.Text == "0" {
			return ZeroValue
		}
		return "text:" + e.Text
	case *ir.Ident:
		if isNull(e) {
			return ZeroValue
		}
		if e.Name == "true" {
			return "text:true"
		}
	case *ir.Unary:
		if e.Op == "-" {
			return ErrorValue
		}
	case *ir.Call:
		if kmodel.In(e.Name, kmodel.ErrorValueCalls) {
			return ErrorValue
		}
	}
	return ""
}

// ValueClass returns the class of the value e returned on a path.
func (x *explorer) valueClass(st *pstate, e ir.Expr) string {
	switch e := e.(type) {
	case nil:
		return VoidValue
	case *ir.Lit:
		if e.Text == "0" {
			return ZeroValue
		}
	case *ir.Ident:
		if isNull(e) {
			return ZeroValue
		}
		if c := st.val(e.Name); c == callResult {
			// ret = foo(); if (ret) goto out;: the error code of a call
			// that takes no lock.
			if v, ok := st.fact(e.Name); ok {
				if v {
					return ErrorValue
				}
				return ZeroValue
			}
			return "text:" + e.String()
		} else if c != "" {
			return c
		}
		if v, ok := st.fact(e.Name); ok {
			if v && x.pointer {
				// A pointer tested non-NULL and not an error pointer
				// (tty = lookup(); if (IS_ERR(tty)) ...; if (tty) ...):
				// an object, even where the variable also holds an
				// ERR_PTR() on other paths.
				for _, t := range kmodel.ErrorPointerTests {
					if isErr, ok := st.fact(t + "(" + e.Name + ")"); ok && !isErr {
						return NonZeroValue
					}
				}
			}
			if v && x.errVars[e.Name] {
				return ErrorValue // an error code variable, not 0
			}
			if v {
				return NonZeroValue
			}
			return ZeroValue
		}
		if v, ok := st.fact(e.Name + " < 0"); ok && v {
			return ErrorValue
		}
		for _, t := range kmodel.ErrorPointerTests {
			if v, ok := st.fact(t + "(" + e.Name + ")"); ok && v {
				return ErrorValue
			}
		}
	case *ir.Unary:
		if e.Op == "-" {
			return ErrorValue
		}
	case *ir.Call:
		if kmodel.In(e.Name, kmodel.ErrorValueCalls) {
			return ErrorValue
		}
	}
	return "text:" + e.String()
}

func (x *explorer) ret(st *pstate, r *ir.Return) {
	class := x.valueClass(st, r.Value)
	for _, h := range st.held {
		if h.Guard || h.Maybe || h.Kept {
			continue
		}
		e := x.event(HeldAtReturn, r, h, st)
		e.Return = r
		if e.Values == nil {
			e.Values = map[string]bool{}
		}
		e.Values[class] = true
	}
	for _, d := range st.done {
		m := x.out.AfterRelease[d]
		if m == nil {
			m = map[string]bool{}
			x.out.AfterRelease[d] = m
		}
		m[class] = true
	}
}

// event returns the event of kind at node n for lock l, made on first
// sight.
func (x *explorer) event(kind EventKind, n ir.Node, l *PathLock, st *pstate) *Event {
	var at *ir.Call
	if l != nil {
		at = l.At
	}
	k := evKey{kind, n, at}
	if e := x.events[k]; e != nil {
		return e
	}
	e := &Event{Kind: kind, Lock: l, Via: st.via, Goto: st.gotoPos}
	if c, ok := n.(*ir.Call); ok {
		e.Call = c
	}
	x.events[k] = e
	return e
}

func (x *explorer) call(st *pstate, c *ir.Call) bool {
	ci := x.callInfoOf(c)
	if !ci.irqOn || !ci.bhOn {
		irqOn, bhOn := true, true
		for _, h := range st.held {
			irqOn = irqOn && !h.DisablesIRQ()
			bhOn = bhOn && !h.DisablesBH()
		}
		if irqOn && !ci.irqOn {
			ci.irqOn = true
			x.out.IRQOn[c] = true
		}
		if bhOn && !ci.bhOn {
			ci.bhOn = true
			x.out.BHOn[c] = true
		}
	}
	for i, d := range st.decided {
		if d == c {
			st.decided = append(st.decided[:i:i], st.decided[i+1:]...)
			break
		}
	}
	if ci.isOp {
		op := ci.op
		switch op.Effect {
		case Acquire:
			if op.conditional() {
				return true // held on its success branch: successors
			}
			x.acquire(st, x.callLock(op, c), c, true)
		case Release:
			x.release(st, c, op)
		case EndGuard:
			for i := len(st.held) - 1; i >= 0; i-- {
				if st.held[i].Guard {
					st.held = append(st.held[:i:i], st.held[i+1:]...)
					break
				}
			}
		}
		return true
	}
	if ci.flagSave {
		// local_save_flags(flags): saved for a later restore, without
		// disabling anything.
		fe, _ := x.v.canon(c.Args[0])
		if fe != nil && !contains(st.saved, fe.String()) {
			st.saved = append(st.saved, fe.String())
		}
		return true
	}
	if ci.noReturn {
		return false
	}
	if ci.asserts {
		x.assume(st, c.Args[0], false)
	}
	for _, a := range c.Args {
		if u, ok := a.(*ir.Unary); ok && u.Op == "&" {
			if id, ok := u.X.(*ir.Ident); ok {
				st.forget(id.Name, x.text)
				// A helper may save the interrupt state through it.
				if !contains(st.saved, id.Name) {
					st.saved = append(st.saved, id.Name)
				}
			}
		}
	}
	x.callbackReleases(st, ci.callbackRels)
	g := ci.g
	if g == nil {
		return true
	}
	if g.NoReturn {
		return false
	}
	if ci.neverReturns == 0 {
		// Asked when first reached, as the memo of neverReturns
		// depends on the order it is asked in.
		ci.neverReturns = 1
		if x.r.neverReturns(g) {
			ci.neverReturns = 2
		}
	}
	if ci.neverReturns == 2 {
		return false
	}
	if ci.recursive {
		// A recursive call: its summary is made of this function's own
		// effects, and says nothing sure about this call.
		return true
	}
	if s := ci.summary; s != nil {
		for _, rel := range s.Releases {
			x.releaseBy(st, c, g, rel, false)
		}
		for _, rel := range s.MayRelease {
			// Released on some of g's paths: held Maybe.
			x.releaseBy(st, c, g, rel, true)
		}
		for _, h := range s.Acquires {
			x.acquire(st, x.throughLock(c, g, h), c, true)
		}
		for _, h := range s.MayAcquire {
			l := x.throughLock(c, g, h)
			l.Maybe = true
			x.acquire(st, l, c, false)
		}
	}
	if len(st.held) == 0 {
		// What follows reports what g does to the locks the path
		// holds, and changes nothing else.
		return true
	}
	for i, t := range ci.takes {
		if !x.takeHappens(st, ci.takeCheck(x, i, g, c)) {
			continue
		}
		lock := x.lockOf(lockMemoKey{c: c, take: t}, func() *PathLock {
			return x.newLock(Op{Class: t.Class, Variant: t.Variant, Lock: substitute(t.Lock, g.Params, c.Args)}, c, nil)
		})
		for _, h := range st.held {
			if h.Same(lock) && !h.Maybe && !x.excluded(h, t, g, c) {
				e := x.event(CallTakes, c, h, st)
				if e.Take == nil {
					e.Take = t
				}
			}
		}
	}
	if en := ci.enables; en != nil && en.Inner == nil && len(en.Conds) == 0 {
		// Only a callee that enables interrupts itself on every path:
		// deeper, or on a condition, the enabling call is most often on
		// a path the caller never takes (the path view does not follow
		// conditions into callees).
		//
		// The callee that drops the caller's own lock with
		// spin_unlock_irq() (to sleep) and takes it again does not
		// enable interrupts inside that lock's region, which it ends.
		var dropped *PathLock
		if en.Lock != nil {
			dropped = x.lockOf(lockMemoKey{c: c, take: en}, func() *PathLock {
				return x.newLock(Op{Class: en.Class, Variant: en.Variant, Lock: substitute(en.Lock, g.Params, c.Args)}, c, nil)
			})
		}
		for _, h := range st.held {
			if dropped != nil && dropped.ID != "" && dropped.ID == h.ID {
				continue
			}
			if h.DisablesIRQ() && !h.Maybe && h.Variant&kmodel.IRQSave != 0 {
				e := x.event(EnableInside, c, h, st)
				if e.Take == nil {
					e.Take = en
				}
			}
		}
	}
	return true
}

// callbackReleases applies what a module function handed to call c as a
// callback releases (kref_put(&p->ref, release) where release() unlocks
// its caller's lock): it may run, so the lock, matched by object key
// since the callback names it in its own terms, may be released after
// the call: it is then held Maybe.
func (x *explorer) callbackReleases(st *pstate, rels []callbackRel) {
	for _, rel := range rels {
		if i := x.match(st, rel.class, "", rel.key, rel.noLock); i >= 0 && !st.held[i].Maybe {
			l := *st.held[i]
			l.Maybe = true
			st.own(sharedHeld)
			st.held[i] = &l
		}
	}
}

// callbackRel is a release of a module function that a call hands as a
// callback (callbackReleases), as match takes it.
type callbackRel struct {
	class  kmodel.LockClass
	key    string
	noLock bool
}

// callbackRelsOf lists what the module functions call c hands as
// callbacks release, in the order of c's arguments.
func (x *explorer) callbackRelsOf(c *ir.Call) []callbackRel {
	var out []callbackRel
	for _, a := range c.Args {
		name := ir.CalleeName(a)
		if name == "" {
			continue
		}
		g := x.r.module.Resolve(name, x.f.File)
		s := x.r.summaries[g]
		if g == nil || s == nil {
			continue
		}
		for _, rs := range [][]Ref{s.Releases, s.MayRelease} {
			for _, rel := range rs {
				out = append(out, callbackRel{rel.Class, ir.ObjectKey(rel.Lock), rel.Lock == nil})
			}
		}
	}
	return out
}

// callInfo is what the path view needs to know of one call that does not
// depend on the path, looked up once per explorer: the paths reach a
// call in many states.
type callInfo struct {
	op       Op
	isOp     bool
	flagSave bool // local_save_flags(flags)
	noReturn bool // the model says the call never returns
	asserts  bool
	// g is the module function called, with what the locks pass knows
	// of it.
	g            *ir.Func
	recursive    bool
	summary      *Summary
	takes        []*Take
	enables      *Take
	callbackRels []callbackRel
	checks       []*takeCheck
	// neverReturns is 0 until asked, then 1 (returns) or 2 (never).
	neverReturns uint8
	// irqOn and bhOn say the call is recorded in IRQOn and BHOn.
	irqOn, bhOn bool
}

func (x *explorer) callInfoOf(c *ir.Call) *callInfo {
	if ci := x.calls[c]; ci != nil && !uncached {
		return ci
	}
	ci := &callInfo{asserts: x.asserts[c]}
	if x.calls == nil {
		x.calls = map[*ir.Call]*callInfo{}
	}
	x.calls[c] = ci
	if uncached {
		// Recorded anew each time (the memo test).
		ci.irqOn, ci.bhOn = false, false
	}
	if op, ok := x.r.Op(c); ok {
		ci.op, ci.isOp = op, true
		return ci
	}
	if kmodel.In(c.Name, kmodel.FlagSaves) && len(c.Args) == 1 {
		ci.flagSave = true
		return ci
	}
	if nr := x.r.km.NoReturnFor(c.Name); nr != nil && nr.CondArg < 0 {
		ci.noReturn = true
		return ci
	}
	ci.callbackRels = x.callbackRelsOf(c)
	g := x.fl.callee(c)
	if g == nil {
		return ci
	}
	ci.g = g
	ci.recursive = g == x.f || x.r.scc[g] == x.r.scc[x.f]
	ci.summary = x.fl.summaryOf(c)
	ci.takes, ci.enables = x.r.takes[g], x.r.enables[g]
	return ci
}

// takeHappens reports whether take t of g can happen when c calls g on
// this path: no condition it depends on is known to be false.
func (x *explorer) takeHappens(st *pstate, tc *takeCheck) bool {
	for _, cond := range tc.conds {
		if v, known := x.eval(st, cond.expr); known && v != cond.value {
			return false
		}
	}
	return !tc.contradicted
}

// takeCheck is what takeHappens needs of a take of g, called at c: its
// conditions in the caller's terms, and whether c's arguments contradict
// them.
type takeCheck struct {
	conds        []cond
	contradicted bool
}

// takeCheck returns the check of the i-th take of ci's callee g, made
// once per call.
func (ci *callInfo) takeCheck(x *explorer, i int, g *ir.Func, c *ir.Call) *takeCheck {
	if ci.checks == nil || uncached {
		ci.checks = make([]*takeCheck, len(ci.takes))
	}
	if tc := ci.checks[i]; tc != nil {
		return tc
	}
	t := ci.takes[i]
	tc := &takeCheck{conds: make([]cond, len(t.Conds)), contradicted: x.contradictedAt(t, g, c)}
	for j, cd := range t.Conds {
		tc.conds[j] = cond{x.substituted(c, g, cd.expr), cd.value}
	}
	ci.checks[i] = tc
	return tc
}
