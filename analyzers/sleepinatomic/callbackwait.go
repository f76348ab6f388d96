package sleepinatomic

import (
	"fmt"

	"golang.org/x/tools/go/analysis"

	"github.com/kdlint/kdlint/analyzers/atomic"
	"github.com/kdlint/kdlint/analyzers/callgraph"
	"github.com/kdlint/kdlint/analyzers/entries"
	"github.com/kdlint/kdlint/cparse"
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

// moduleTimers finds the timers of the module and their callbacks:
// timer_setup(&t, fn, ...), DEFINE_TIMER(t, fn), t.function = fn.
func moduleTimers(m *ir.Module) timers {
	out := timers{}
	add := func(obj ir.Expr, fn string, file string) {
		if f := m.Resolve(fn, file); f != nil {
			key := ir.ObjectKey(obj)
			out[key] = append(out[key], f)
		}
	}
	call := func(c *ir.Call, file string) {
		s := kmodel.SetupFor(c.Name)
		if s == nil || s.Kind != kmodel.Timer || s.ObjArg < 0 || s.ObjArg >= len(c.Args) {
			return
		}
		for _, r := range kmodel.RegistrationsFor(c.Name) {
			if r.Arg < len(c.Args) {
				add(c.Args[s.ObjArg], ir.CalleeName(c.Args[r.Arg]), file)
			}
		}
	}
	for _, f := range m.Funcs {
		for _, b := range f.Blocks {
			for _, n := range b.Nodes {
				switch n := n.(type) {
				case *ir.Call:
					call(n, f.File)
				case *ir.Assign:
					if mem, ok := n.LHS.(*ir.Member); ok && kmodel.FieldCallbackFor(mem.Name) != nil {
						add(mem.X, ir.CalleeName(n.RHS), f.File)
					}
				}
			}
		}
	}
	for _, g := range m.Globals {
		entries.WalkCalls(g.Init, func(c *ir.Call) { call(c, g.File) })
	}
	return out
}

// lockKeys returns the object keys of the atomic locks that fn, or a
// function it calls, takes. A trylock does not count: a callback that
// only tries the lock gives up instead of waiting for it.
func lockKeys(g *callgraph.Graph, fn *ir.Func) map[string]bool {
	out := map[string]bool{}
	for f := range g.Reachable([]*ir.Func{fn}) {
		for _, c := range f.Calls() {
			if c.Name == cparse.GuardCall && len(c.Args) > 1 {
				out[ir.ObjectKey(c.Args[1])] = true
			}
			if op := kmodel.LockOpFor(c.Name); op != nil && op.Acquire && !op.Try && op.Class.Atomic() && op.Arg >= 0 && op.Arg < len(c.Args) {
				out[ir.ObjectKey(c.Args[op.Arg])] = true
			}
		}
	}
	return out
}

// checkCallbackWait reports a wait for a timer callback made where it
// cannot finish: in hard IRQ context, in the callback itself, or under a
// lock the callback takes.
func checkCallbackWait(pass *analysis.Pass, at *atomic.Result, g *callgraph.Graph, tm timers, f *ir.Func, c *ir.Call, w *kmodel.CallbackWait) {
	if w.ObjArg >= len(c.Args) {
		return
	}
	obj := c.Args[w.ObjArg]
	callbacks := tm[ir.ObjectKey(obj)]
	report := func(msg string, steps []atomic.Step) {
		pass.Report(analysis.Diagnostic{Pos: c.P, End: c.E, Category: Rule.ID, Message: msg, Related: related(steps)})
	}
	for _, cb := range callbacks {
		if cb == f {
			report(fmt.Sprintf("%s() waits for the callback of %s, but it runs in that callback, %s(): it waits for itself",
				c.Name, obj, f.Name), nil)
			return
		}
	}
	if at.In(f, c, kmodel.HardIRQ) {
		if why, steps, ok := at.Why(f, c, pass.Fset, maxDepth); ok {
			report(fmt.Sprintf("%s() waits for a timer callback to finish, which must not be done in hard IRQ context, but it runs in atomic context %s",
				c.Name, why), steps)
			return
		}
	}
	for _, h := range at.LocksAt(f, c) {
		for _, cb := range callbacks {
			if lockKeys(g, cb)[h.Key()] {
				report(fmt.Sprintf("%s() waits for timer callback %s() to finish while %s is held, and the callback takes that lock: a deadlock",
					c.Name, cb.Name, h.Describe()),
					[]atomic.Step{{Pos: h.Acquire.P, Message: h.Describe() + " taken here"}, {Pos: cb.Pos, Message: cb.Name + "() takes it too"}})
				return
			}
		}
	}
}
