package lifecycle

import (
	"sort"

	"github.com/kdlint/kdlint/ir"
	"github.com/kdlint/kdlint/kmodel"
)

// Event is a teardown or interrupt stop an exit or remove function makes,
// itself or in a function it calls.
type Event struct {
	Call *ir.Call
	In   *ir.Func
	// Teardown is set for a teardown (tasklet_kill, cancel_work_sync,
	// del_timer, destroy_workqueue, ...) with the keys of its object;
	// IRQStop for free_irq, disable_irq and the like.
	Teardown *kmodel.Teardown
	Keys     []string
	IRQStop  *kmodel.IRQStop
}

const (
	maxOrderDepth  = 6
	maxOrderEvents = 4000
)

// Sequence returns the teardowns and interrupt stops root makes, in the
// order they run: the calls of each function in source order, the calls
// of a module function (or of a release callback) in place of the call.
// Branches are not told apart: a teardown on one branch and an interrupt
// stop after the branches come in source order.
func (r *Result) Sequence(root *ir.Func) []Event {
	var out []Event
	onPath := map[*ir.Func]bool{}
	var visit func(f *ir.Func, depth int)
	visit = func(f *ir.Func, depth int) {
		if onPath[f] || depth > maxOrderDepth || len(out) > maxOrderEvents {
			return
		}
		onPath[f] = true
		defer delete(onPath, f)
		calls := f.Calls()
		sort.SliceStable(calls, func(i, j int) bool { return calls[i].P < calls[j].P })
		for _, c := range calls {
			for _, op := range r.km.TeardownsFor(c.Name) {
				var keys []string
				if op.ObjArg < len(c.Args) {
					keys = r.keysOf(f, c.Args[op.ObjArg])
				}
				out = append(out, Event{Call: c, In: f, Teardown: op, Keys: keys})
			}
			if op := r.km.IRQStopFor(c.Name); op != nil {
				out = append(out, Event{Call: c, In: f, IRQStop: op})
			}
			if callee := r.module.Resolve(c.Name, f.File); callee != nil && c.Name != "" {
				visit(callee, depth+1)
			}
			for _, rel := range r.edges.releases(f, c) {
				visit(rel, depth+1)
			}
		}
	}
	visit(root, 0)
	return out
}

// TeardownRoots returns the exit and remove functions that run for o,
// with whether each is a remove callback (after which devres frees what
// the driver's probe requested with devm_*).
func (r *Result) TeardownRoots(o *Object) (roots []*ir.Func, isRemove []bool) {
	u := o.unit
	if u == nil {
		return nil, nil
	}
	if u.exitRuns {
		for _, f := range u.exits {
			roots, isRemove = append(roots, f), append(isRemove, false)
		}
	}
	if u.removeRuns {
		for _, f := range u.removes {
			roots, isRemove = append(roots, f), append(isRemove, true)
		}
	}
	return roots, isRemove
}
