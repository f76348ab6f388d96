package sleepinatomic

import (
	"fmt"
	"slices"

	"golang.org/x/tools/go/analysis"

	"github.com/kdlint/kdlint/analyzers/passes/atomic"
	"github.com/kdlint/kdlint/analyzers/passes/callgraph"
	"github.com/kdlint/kdlint/analyzers/passes/entries"
	"github.com/kdlint/kdlint/analyzers/passes/locks"
	"github.com/kdlint/kdlint/ir"
	"github.com/kdlint/kdlint/kmodel"
)

// del_timer_sync() and its newer names do not sleep on a mainline
// kernel: they spin until the timer's callback has finished. That is
// wrong in three places only, which is where they are reported: in hard
// IRQ context, under a lock the callback takes, and in the timer's own
// callback.

// timers maps a timer's object key to the callbacks set up for it.
type timers map[string][]*ir.Func

// callbackLocks holds lockKeys of each timer callback, worked out once:
// every wait for a callback asks for it again for each lock its context
// holds.
type callbackLocks map[*ir.Func]map[string]bool

func (cl callbackLocks) of(g *callgraph.Graph, lk *locks.Result, fn *ir.Func) map[string]bool {
	if ks, ok := cl[fn]; ok {
		return ks
	}
	ks := lockKeys(g, lk, fn)
	cl[fn] = ks
	return ks
}

// moduleTimers collects the timers the module sets up and their
// callbacks, from the registrations entries found (but those no arming
// call can run).
func moduleTimers(m *ir.Module, ents *entries.Entries, at *atomic.Result) timers {
	out := timers{}
	for _, fn := range m.Funcs {
		for i := range ents.Callbacks[fn] {
			cb := &ents.Callbacks[fn][i]
			if cb.Object != nil && cb.ObjectKind == kmodel.Timer && !at.Dead[cb] {
				key := ir.ObjectKey(cb.Object)
				if !slices.Contains(out[key], fn) {
					out[key] = append(out[key], fn)
				}
			}
		}
	}
	return out
}

// lockKeys returns the object keys of the atomic locks that fn, or a
// function it calls, takes. A trylock does not count: a callback that
// only tries the lock gives up instead of waiting for it.
func lockKeys(g *callgraph.Graph, lk *locks.Result, fn *ir.Func) map[string]bool {
	out := map[string]bool{}
	for f := range g.Reachable([]*ir.Func{fn}) {
		for _, c := range f.Calls() {
			if op, ok := lk.Op(c); ok && op.Effect == locks.Acquire && !op.Try && op.Class.Atomic() && op.Lock != nil {
				out[ir.ObjectKey(op.Lock)] = true
			}
		}
	}
	return out
}

// checkCallbackWait reports a wait for a timer callback made where it
// cannot finish: in hard IRQ context, in the callback itself, or under a
// lock the callback takes.
// pendingTested reports whether f tests whether the timer obj is pending
// (if (timer_pending(&t)) del_timer_sync(&t)): in the timer's own
// callback the test is false unless something re-armed it meanwhile.
func pendingTested(km *kmodel.Model, f *ir.Func, obj ir.Expr) bool {
	want := ir.StripAddr(obj).String()
	for _, c := range f.Calls() {
		if km.IsTimerPendingTest(c.Name) && len(c.Args) > 0 && ir.StripAddr(c.Args[0]).String() == want {
			return true
		}
	}
	return false
}

func checkCallbackWait(pass *analysis.Pass, km *kmodel.Model, maxDepth int, at *atomic.Result, g *callgraph.Graph, lk *locks.Result, tm timers, cl callbackLocks, f *ir.Func, c *ir.Call, w *kmodel.CallbackWait) {
	if w.ObjArg >= len(c.Args) {
		return
	}
	obj := c.Args[w.ObjArg]
	callbacks := tm[ir.ObjectKey(obj)]
	report := func(msg string, steps []atomic.Step) {
		pass.Report(analysis.Diagnostic{Pos: c.P, End: c.E, Category: doc.ID, Message: msg, Related: related(steps)})
	}
	for _, cb := range callbacks {
		if cb == f && !pendingTested(km, f, obj) {
			report(fmt.Sprintf("%s() waits for the callback of %s, but it runs in that callback, %s(): it waits for itself",
				c.Name, obj, f.Name), nil)
			return
		}
	}
	reaches := at.Reaches(f, c)
	for _, x := range reaches {
		if maxDepth > 0 && x.Depth() > maxDepth {
			break
		}
		if x.Context == kmodel.HardIRQ {
			why, steps := x.Why(pass.Fset)
			report(fmt.Sprintf("%s() waits for a timer callback to finish, which must not be done in hard IRQ context, but it runs in atomic context %s",
				c.Name, why), steps)
			return
		}
	}
	for _, x := range reaches {
		for _, h := range x.Locks {
			for _, cb := range callbacks {
				if cl.of(g, lk, cb)[h.Key()] {
					acq := c.P
					if o := h.Origin(); o != nil && o.Acquire != nil {
						acq = o.Acquire.P
					}
					report(fmt.Sprintf("%s() waits for timer callback %s() to finish while %s is held, and the callback takes that lock: a deadlock",
						c.Name, cb.Name, h.Describe()),
						[]atomic.Step{{Pos: acq, Message: h.Describe() + " taken here"}, {Pos: cb.Pos, Message: cb.Name + "() takes it too"}})
					return
				}
			}
		}
	}
}
