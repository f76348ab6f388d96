package locks

import (
	"slices"
	"strings"

	"github.com/kdlint/kdlint/ir"
	"github.com/kdlint/kdlint/kmodel"
)

// Locks on a path: acquiring and releasing them, and matching a release
// to what the path holds.

// trySucceeded returns the locks conditional acquire c holds when its
// result is value.
func (x *explorer) trySucceeded(c *ir.Call, value bool) []*PathLock {
	if op, ok := x.r.Op(c); ok {
		if op.Model != nil && op.Model.TryHolds(value) {
			return []*PathLock{x.callLock(op, c)}
		}
		return nil
	}
	s := x.fl.summaryOf(c)
	if s == nil {
		return nil
	}
	g := x.fl.callee(c)
	var out []*PathLock
	for _, t := range s.TryAcquires {
		if o := t.Origin(); o != nil && o.Model != nil && o.Model.TryHolds(value) {
			out = append(out, x.throughLock(c, g, t))
		}
	}
	return out
}

// newLock is the PathLock that call c, taking a lock with op, gives.
func (x *explorer) newLock(op Op, c *ir.Call, via *Held) *PathLock {
	l := &PathLock{Op: op, At: c, Via: via}
	if op.Lock != nil {
		e, deps := x.v.canon(op.Lock)
		l.Expr, l.deps = e, deps
		l.ID, l.Key = pointerPath(e), ir.ObjectKey(e)
		l.Unstable = !x.v.stable(e, deps)
		for _, d := range deps {
			l.Loopy = l.Loopy || x.v.inLoop()[d]
		}
	}
	if op.Flags != nil {
		e, _ := x.v.canon(op.Flags)
		l.Flags = e.String()
	}
	if via == nil && c != nil {
		l.Under = x.underOf(c)
	}
	return l
}

// underOf returns the branch conditions that hold on every path to call
// c of the function.
func (x *explorer) underOf(c *ir.Call) []cond {
	if x.under == nil {
		x.under = map[*ir.Call][]cond{}
		d := x.r.dominatorsOf(x.f)
		for _, b := range x.f.Blocks {
			var cs []cond
			done := false
			for _, n := range b.Nodes {
				if call, ok := n.(*ir.Call); ok {
					if op, ok := x.r.Op(call); ok && op.Effect == Acquire {
						if !done {
							cs, done = d.conds(b, x.v, false), true
						}
						if len(cs) > 0 {
							x.under[call] = cs
						}
					}
				}
			}
		}
	}
	return x.under[c]
}

// excluded reports whether take t of g, which call c makes, cannot
// happen while h is held: t happens only when a condition has one value,
// and h was taken under the same condition with the other, unchanged
// since (if (multi) mutex_lock(l); ... helper(multi) where the helper
// locks only if (!multi)).
func (x *explorer) excluded(h *PathLock, t *Take, g *ir.Func, c *ir.Call) bool {
	for _, tc := range t.Conds {
		k := x.excludedText(c, g, tc.expr)
		for _, u := range h.Under {
			if u.value != tc.value && x.text(u.expr) == k {
				return true
			}
		}
	}
	return false
}

// throughLock is the lock h, which module function g returns holding,
// as its caller's call c holds it.
func (x *explorer) throughLock(c *ir.Call, g *ir.Func, h *Held) *PathLock {
	return x.lockOf(lockMemoKey{c: c, via: h}, func() *PathLock { return x.throughLock1(c, g, h) })
}

func (x *explorer) throughLock1(c *ir.Call, g *ir.Func, h *Held) *PathLock {
	op, private := x.r.opInCaller(g, c, h.Op)
	l := x.newLock(op, c, h)
	if private != "" {
		// g takes a lock of its own finding (platform_get_drvdata(...)):
		// only g's other calls name it.
		l.ID, l.Key, l.Private = private, private, true
	}
	return l
}

func (x *explorer) saveFlags(st *pstate, l *PathLock) {
	if l.Variant&kmodel.IRQSave != 0 && l.Flags != "" && !contains(st.saved, l.Flags) {
		st.saved = append(st.saved, l.Flags)
	}
}

// acquire takes l on the path, at call c; check says whether taking it
// again, or saving flags again, is an event (not for a trylock).
func (x *explorer) acquire(st *pstate, l *PathLock, c *ir.Call, check bool) {
	if l.Via == nil && c != nil {
		// mutex_lock(lock) says lock is not NULL: if (lock) unlock(lock);
		if op, ok := x.r.Op(c); ok && op.Lock != nil {
			if k := x.lockText(c, op); x.tracked[k] {
				st.setFact(k, true)
			}
		}
	}
	for i := len(st.held) - 1; i >= 0; i-- {
		h := st.held[i]
		if h.At == l.At && h.Guard {
			// A guard's scope entered again (a loop the front end left
			// without its end): the same guard.
			st.held = append(st.held[:i:i], st.held[i+1:]...)
			continue
		}
		if !check {
			continue
		}
		if h.Same(l) && !h.Maybe && x.arms(h.At, c) {
			// w ? down_write(l) : down_read(l): the IR lists both arms
			// of a conditional expression as calls; one of them runs.
			st.held = append(st.held[:i:i], st.held[i+1:]...)
			continue
		}
		if h.Same(l) && !h.Maybe {
			e := x.event(Reacquire, c, h, st)
			if e.New == nil {
				e.New = l
			}
		}
		if l.Variant&kmodel.IRQSave != 0 && h.Variant&kmodel.IRQSave != 0 && l.Flags != "" && l.Flags == h.Flags && !h.Lost && !h.Maybe {
			x.event(NestedSave, c, h, st)
		}
	}
	x.saveFlags(st, l)
	if l.ID != "" && contains(st.entryRel, l.ID) {
		l.Retake = true
	}
	for i := len(st.held) - 1; i >= 0; i-- {
		if st.held[i].At == l.At && st.held[i].ID == l.ID {
			// The same acquisition again, around a loop: one lock.
			st.held = append(st.held[:i:i], st.held[i+1:]...)
		}
	}
	st.done = deleteFunc(st, sharedDone, st.done, func(d *ir.Call) bool { return d == l.At || l.ID != "" && x.doneID[d] == l.ID })
	if l.ID != "" {
		st.released = deleteFunc(st, sharedReleased, st.released, func(r prelease) bool { return r.id == l.ID })
	}
	st.held = append(st.held, l)
}

// arms reports whether calls a and b are the two arms of one
// conditional expression (c ? a(...) : b(...)): in the source, only a
// colon separates a's end from b's start.
func (x *explorer) arms(a, b *ir.Call) bool {
	if a == nil || b == nil || a == b || !a.E.IsValid() || b.P <= a.E {
		return false
	}
	file := x.r.src[x.f.File]
	if file == nil || file.Src == nil || file.Tok == nil {
		return false
	}
	base := file.Tok.Base()
	from, to := int(a.E)-base, int(b.P)-base
	if from < 0 || to > len(file.Src) || to-from > 64 {
		return false
	}
	return strings.TrimSpace(string(file.Src[from:to])) == ":"
}

// match finds the held lock an unlock of class, with canonical lock e,
// releases: by name, else by object key, else one whose name was lost,
// else for the sections without a lock argument the innermost of the
// class. It returns -1 when none.
func (x *explorer) match(st *pstate, class kmodel.LockClass, id, key string, noArg bool) int {
	same := func(h *PathLock) bool {
		return !h.Guard && (h.Class == class || h.Class == kmodel.UnknownLock || class == kmodel.UnknownLock)
	}
	if noArg {
		for i := len(st.held) - 1; i >= 0; i-- {
			if h := st.held[i]; !h.Guard && h.Class == class {
				return i
			}
		}
		for i := len(st.held) - 1; i >= 0; i-- {
			if same(st.held[i]) {
				return i
			}
		}
		return -1
	}
	for i := len(st.held) - 1; i >= 0; i-- {
		if h := st.held[i]; same(h) && id != "" && h.ID == id {
			return i
		}
	}
	for i := len(st.held) - 1; i >= 0; i-- {
		if h := st.held[i]; same(h) && key != "" && h.Key == key {
			return i
		}
	}
	for i := len(st.held) - 1; i >= 0; i-- {
		if h := st.held[i]; same(h) && !h.Private && (h.Lost || h.Unstable) {
			return i
		}
	}
	return -1
}

// release applies unlock operation op at call c.
func (x *explorer) release(st *pstate, c *ir.Call, op Op) {
	own := x.ownReleaseOf(c, op)
	e, id, key, unstable := own.e, own.id, own.key, own.unstable
	i := x.match(st, op.Class, id, key, op.Lock == nil)
	var matched *PathLock
	if i >= 0 {
		matched = st.held[i]
	}
	if op.Variant&kmodel.IRQSave != 0 && op.Flags != nil {
		if !contains(st.saved, own.flags) {
			ev := x.event(RestoreUnsaved, c, matched, st)
			_ = ev
		}
	}
	if op.Variant&kmodel.IRQ != 0 && op.Variant&kmodel.IRQSave == 0 {
		for j, h := range st.held {
			if j != i && h.DisablesIRQ() && !h.Maybe && !h.Guard {
				x.event(EnableInside, c, h, st)
			}
		}
	}
	if i < 0 && op.Lock != nil && !x.takesItself(id, key) {
		// Another lock of the class, by another name?
		var other *PathLock
		for j := len(st.held) - 1; j >= 0; j-- {
			if h := st.held[j]; !h.Guard && h.Class == op.Class && !h.Maybe {
				other = h
				i = j
				break
			}
		}
		if other != nil && !unstable {
			ev := x.event(ReleaseOther, c, other, st)
			if ev.New == nil {
				ev.New = &PathLock{Op: op, At: c, ID: id, Key: key, Expr: e}
			}
		}
	}
	if i < 0 {
		again := false
		for _, r := range st.released {
			if id != "" && r.id == id && !unstable && r.held && !x.arms(r.at, c) {
				ev := x.event(ReleaseAgain, c, nil, st)
				if ev.Prior == nil {
					ev.Prior = r.at
				}
				again = true
				break
			}
		}
		first := true
		for _, r := range st.released {
			first = first && r.id != id
		}
		if !again && first && !contains(st.entryRel, id) {
			// The first this path does with the lock.
			ev := x.event(ReleaseUntaken, c, nil, st)
			if ev.New == nil {
				ev.New = &PathLock{Op: op, At: c, ID: id, Key: key, Expr: e, Unstable: unstable}
			}
		}
		if id != "" && !contains(st.entryRel, id) {
			st.entryRel = append(st.entryRel, id)
		}
		if id != "" {
			st.addReleased(id, c, false)
		}
		return
	}
	h := st.held[i]
	x.releaseAt(st, i, c, id)
	if op.Variant&kmodel.IRQ != 0 {
		x.restoreResidues(st, own.flags)
	} else if h.DisablesIRQ() && h.Class != kmodel.IRQOff && !h.Residue && !slices.ContainsFunc(st.held, func(o *PathLock) bool { return o.Residue && o.At == h.At }) {
		// xa_lock_irqsave(xa, flags); ... xa_unlock(xa); spin_lock(l);
		// ... xa_unlock_irqrestore(xa, flags): interrupts are still off.
		st.held = append(st.held, &PathLock{Op: Op{Class: kmodel.IRQOff, Variant: h.Variant & (kmodel.IRQ | kmodel.IRQSave)},
			At: h.At, Flags: h.Flags, Maybe: true, Residue: true})
	}
}

// restoreResidues drops the interrupts-off states that an unlock which
// enables or restores interrupts ends: those saved into its flags (the
// canonical text of its flags argument), or all for the _irq forms
// (flags "").
func (x *explorer) restoreResidues(st *pstate, flags string) {
	out := st.held[:0:0]
	for _, h := range st.held {
		if h.Residue && (flags == "" || h.Flags == flags) {
			continue
		}
		out = append(out, h)
	}
	st.held = out
}

// takesItself reports whether the function takes the lock of canonical
// path id (or object key) itself somewhere: an unlock of it is then of
// that lock, not of another by another name.
func (x *explorer) takesItself(id, key string) bool {
	if x.ownIDs == nil {
		x.ownIDs, x.ownKeys = map[string]bool{}, map[string]bool{}
		for _, c := range x.f.Calls() {
			if op, ok := x.r.Op(c); ok && op.Effect == Acquire && op.Lock != nil {
				e, _ := x.v.canon(op.Lock)
				x.ownIDs[pointerPath(e)] = true
				x.ownKeys[ir.ObjectKey(e)] = true
			}
		}
	}
	return id != "" && x.ownIDs[id] || key != "" && x.ownKeys[key] && false
}

// releaseAt drops held lock i, released by call c.
func (x *explorer) releaseAt(st *pstate, i int, c *ir.Call, id string) {
	h := st.held[i]
	st.held = append(st.held[:i:i], st.held[i+1:]...)
	x.out.Released[h.At] = true
	x.out.Releasing[c] = true
	if len(st.done) < 8 && !containsCall(st.done, h.At) {
		x.doneID[h.At] = h.ID
		st.done = append(st.done, h.At)
	}
	if id == "" {
		id = h.ID
	}
	if id != "" {
		st.addReleased(id, c, true)
	}
	for v := h.Via; v != nil; v = v.Via {
		if v.Acquire != nil {
			x.callerReleased[v.Acquire] = true
		}
	}
}

func containsCall(s []*ir.Call, c *ir.Call) bool {
	for _, x := range s {
		if x == c {
			return true
		}
	}
	return false
}

// releaseBy applies a called function's release of lock (in the
// caller's terms), quietly: a lock not held is the called function's
// business.
func (x *explorer) releaseBy(st *pstate, c *ir.Call, g *ir.Func, rel Ref, maybe bool) {
	m := x.releasedBy(c, g, rel)
	id := m.id
	i := x.match(st, rel.Class, m.id, m.key, m.noLock)
	switch {
	case i < 0:
	case maybe:
		l := *st.held[i]
		l.Maybe = true
		st.own(sharedHeld)
		st.held[i] = &l
	default:
		x.releaseAt(st, i, c, id)
	}
}

// neverReturns reports whether every path of module function f ends in
// a call that never returns (panic(), or a function of the module that
// never returns).
func (r *Result) neverReturns(f *ir.Func) bool {
	r.noReturnMu.Lock()
	defer r.noReturnMu.Unlock()
	return r.neverReturns1(f, 0)
}

func (r *Result) neverReturns1(f *ir.Func, depth int) bool {
	if v, ok := r.noReturn[f]; ok {
		return v
	}
	if f.NoReturn {
		return true
	}
	if len(f.Blocks) == 0 || depth > 4 {
		return false
	}
	if r.noReturn == nil {
		r.noReturn = map[*ir.Func]bool{}
	}
	r.noReturn[f] = false // while deciding: recursion returns
	seen := make([]bool, len(f.Blocks))
	work := []*ir.Block{f.Blocks[0]}
	seen[0] = true
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		ends := false
		for _, n := range b.Nodes {
			switch n := n.(type) {
			case *ir.Return:
				return false
			case *ir.Call:
				if nr := r.km.NoReturnFor(n.Name); nr != nil && nr.CondArg < 0 {
					ends = true
				} else if g := r.calleeOf[n]; g != nil && g != f && r.neverReturns1(g, depth+1) {
					ends = true
				}
			}
			if ends {
				break
			}
		}
		if ends {
			continue
		}
		for _, s := range b.Succs {
			if s.Index >= 0 && s.Index < len(seen) && !seen[s.Index] {
				seen[s.Index] = true
				work = append(work, s)
			}
		}
	}
	r.noReturn[f] = true
	return true
}
