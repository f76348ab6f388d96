package teardownorder

import (
	"fmt"

	"golang.org/x/tools/go/analysis"

	"github.com/kdlint/kdlint/analyzers/passes/lifecycle"
	"github.com/kdlint/kdlint/analyzers/rule"
	"github.com/kdlint/kdlint/ir"
	"github.com/kdlint/kdlint/kmodel"
)

// Rule reports deferred work torn down while something that schedules
// it is still live (KD305).
var Rule = rule.New(rule.Spec{
	Doc:      doc,
	Run:      run,
	Requires: []*analysis.Analyzer{lifecycle.Analyzer},
	Needs:    kmodel.Needs{Objects: []kmodel.ObjectKind{kmodel.Workqueue, kmodel.Tasklet, kmodel.Timer, kmodel.Work, kmodel.Hrtimer}},
})

func run(pass *analysis.Pass) (any, error) {
	lc := lifecycle.Of(pass)
	seen := map[string]bool{} // one finding per teardown call and object
	report := func(d analysis.Diagnostic) {
		if k := fmt.Sprint(d.Pos, d.Message); !seen[k] {
			seen[k] = true
			pass.Report(d)
		}
	}
	for _, o := range lc.Objects {
		if lt := lc.LifetimeOf(o); o.OnStack() || o.Returned || !lt.Needed || lt.UnbindOnly {
			continue
		}
		if d, ok := selfRequeue(pass, lc, o); ok {
			report(d)
			continue
		}
		if d, ok := order(pass, lc, o); ok {
			report(d)
		}
	}
	return nil, nil
}

// verb says what a teardown does to an object of kind k.
func verb(k kmodel.ObjectKind) string {
	switch k {
	case kmodel.Workqueue:
		return "destroyed"
	case kmodel.Tasklet:
		return "killed"
	case kmodel.Work:
		return "cancelled"
	}
	return "stopped"
}

// stopVerb says what stopping a producer is.
func stopVerb(p lifecycle.Producer) string {
	if p.IRQ != nil {
		return "freed"
	}
	return verb(p.Obj.Kind)
}

func line(pass *analysis.Pass, c *ir.Call) int { return pass.Fset.Position(c.P).Line }

// order finds, on each exit and remove path of o, a teardown of o made
// while a producer of o is still live: stopped only later on the same
// path, or, for an interrupt requested with devm_*, freed by devres
// after remove returns.
func order(pass *analysis.Pass, lc *lifecycle.Result, o *lifecycle.Object) (analysis.Diagnostic, bool) {
	var all, producers []lifecycle.Producer
	if o.Kind == kmodel.Workqueue {
		all = lc.QueueProducers(o)
	} else {
		all = lifecycle.Others(lc.ProducersOf(o), o)
	}
	for _, p := range all {
		// Interrupts, timers and tasklets fire on their own; a work item
		// that queues another runs because something queued it, and the
		// order of cancels in a list of them is not checked.
		if p.Obj == nil || p.Obj.Kind != kmodel.Work {
			producers = append(producers, p)
		}
	}
	if len(producers) == 0 {
		return analysis.Diagnostic{}, false
	}
	roots, isRemove := lc.TeardownRoots(o)
	for ri, root := range roots {
		seq := lc.Sequence(o, root)
		first, last := -1, -1
		rearmProof := false
		for i, ev := range seq {
			if ev.Teardown == nil || ev.Teardown.Kind != o.Kind || !o.MatchesAny(ev.Keys) || !lifecycle.SamePath(o.Path, ev.Path) {
				continue
			}
			if ev.Teardown.Destroy && (o.Kind != kmodel.Work || ev.Teardown.Waits) {
				if first < 0 {
					first = i
				}
				last = i
				rearmProof = rearmProof || ev.Teardown.PreventsRearm
			}
		}
		if first < 0 || rearmProof {
			continue // not torn down here (other rules), or it cannot be scheduled again
		}
		// An interrupt stop, a register write that may mask one, or the
		// end of the requests an interrupt completes comes first.
		irqQuiet, stopped, noRequests := false, false, false
		for _, ev := range seq[:first] {
			irqQuiet = irqQuiet || ev.IRQStop != nil || ev.DeviceWrite || ev.RequestsStopped || ev.VFsRemoved
			stopped = stopped || ev.IRQStop != nil
			noRequests = noRequests || ev.RequestsStopped
		}
		kill := seq[last]
		for _, p := range producers {
			if lc.FlagGuarded(root, seq[first], p.Site) {
				continue // the producer tests a flag the path sets first
			}
			if p.IRQ != nil && (irqQuiet && !p.IRQ.External || stopped) {
				continue // another device's line: only an interrupt stop quiets it
			}
			if p.Obj != nil && p.Obj.Kind == kmodel.Timer && noRequests {
				continue // no request left for the timer to time out
			}
			stop := -1
			for i, ev := range seq {
				if p.IRQ != nil && ev.IRQStop != nil && lc.Stops(p.IRQ, ev.In, ev.Call) ||
					p.Obj != nil && ev.Teardown != nil && ev.Teardown.Kind == p.Obj.Kind && ev.Teardown.Destroy && p.Obj.MatchesAny(ev.Keys) && lifecycle.SamePath(p.Obj.Path, ev.Path) {
					stop = i
					break
				}
			}
			if p.IRQ != nil && (o.Kind == kmodel.Timer || o.Kind == kmodel.Hrtimer) && drainedBefore(seq, stop) && lc.StopsWhatItArms(p, o) {
				// A request timeout timer: the handler arms it for the
				// next command and stops it when a request completes,
				// and the path ends every request before the handler
				// can no longer run; nothing arms it after that.
				continue
			}
			rel := []analysis.RelatedInformation{
				{Pos: kill.Call.P, Message: fmt.Sprintf("%s here, in %s()", verb(o.Kind), kill.In.Name)},
				{Pos: p.Site.Call.P, Message: fmt.Sprintf("%s() schedules it here", p.Func.Name)},
			}
			switch {
			case stop > last:
				s := seq[stop]
				rel = append(rel, analysis.RelatedInformation{Pos: s.Call.P, Message: fmt.Sprintf("%s() here, in %s()", s.Call.Name, s.In.Name)})
				return analysis.Diagnostic{
					Pos: kill.Call.P, End: kill.Call.E, Category: doc.ID, Related: rel,
					Message: fmt.Sprintf("%s %s is %s at line %d while %s, which schedules it, is %s only at %s (%s()): it can be scheduled again in between; %s",
						o.Kind, o.Name(), verb(o.Kind), line(pass, kill.Call), p.Name(), stopVerb(p), lifecycle.LineRef(pass.Fset, kill.Call.P, s.Call.P), s.Call.Name, fix(o, p)),
				}, true
			case stop < 0 && p.IRQ != nil && p.IRQ.Op.Devres && !p.IRQ.NoAutoEnable && isRemove[ri]:
				rel = append(rel, analysis.RelatedInformation{Pos: p.IRQ.Request.P, Message: "requested here with " + p.IRQ.Request.Name + "()"})
				return analysis.Diagnostic{
					Pos: kill.Call.P, End: kill.Call.E, Category: doc.ID, Related: rel,
					Message: fmt.Sprintf("%s %s is %s at line %d in %s(), but %s, which schedules it, is requested with %s() (%s) and freed by devres only after %s() returns: it can be scheduled again in between; call devm_free_irq() or disable_irq() before %s it, or tear it down in a devm action registered before the IRQ",
						o.Kind, o.Name(), verb(o.Kind), line(pass, kill.Call), root.Name, p.Name(), p.IRQ.Request.Name, lifecycle.LineRef(pass.Fset, kill.Call.P, p.IRQ.Request.P), root.Name, gerund(o.Kind)),
				}, true
			}
		}
	}
	return analysis.Diagnostic{}, false
}

// drainedBefore reports whether an event of seq before index stop (any,
// when stop is negative) ends every request in flight.
func drainedBefore(seq []lifecycle.Event, stop int) bool {
	for i, ev := range seq {
		if stop >= 0 && i >= stop {
			break
		}
		if ev.RequestsDrained {
			return true
		}
	}
	return false
}

func gerund(k kmodel.ObjectKind) string {
	switch k {
	case kmodel.Workqueue:
		return "destroying"
	case kmodel.Tasklet:
		return "killing"
	case kmodel.Work:
		return "cancelling"
	}
	return "stopping"
}

// fix says how to order the teardown.
func fix(o *lifecycle.Object, p lifecycle.Producer) string {
	if p.IRQ != nil {
		return "free the IRQ (or disable it) first"
	}
	return fmt.Sprintf("stop %s %s first", p.Obj.Kind, p.Obj.Name())
}

// selfRequeue reports a work item that re-queues itself and is cancelled
// on a teardown path only with a call that neither waits for it nor
// keeps it from queueing itself again.
func selfRequeue(pass *analysis.Pass, lc *lifecycle.Result, o *lifecycle.Object) (analysis.Diagnostic, bool) {
	if o.Kind != kmodel.Work {
		return analysis.Diagnostic{}, false
	}
	self := lc.SelfRequeue(o)
	if self == nil || len(lc.TeardownsOnPath(o, func(t *kmodel.Teardown) bool { return t.Waits })) > 0 {
		return analysis.Diagnostic{}, false
	}
	for _, t := range lc.TeardownsOnPath(o, func(t *kmodel.Teardown) bool { return t.Destroy && !t.Waits }) {
		if t.Devres != nil || t.Op.Sync == "" || lc.NoWaitHere(t.In, t.Call) || lc.UnderRTNL(t.In) {
			continue
		}
		return analysis.Diagnostic{
			Pos: t.Call.P, End: t.Call.E, Category: doc.ID,
			Message: fmt.Sprintf("work item %s re-queues itself in %s() (line %d), but is cancelled in %s() with %s(), which neither waits for a running instance nor keeps it from queueing itself again: it can run after %s; use %s()",
				o.Name(), lifecycle.RequeueName(self), line(pass, self.Site.Call), t.In.Name, t.Call.Name, lc.Gone(o), t.Op.Sync),
			Related:        []analysis.RelatedInformation{{Pos: self.Site.Call.P, Message: "re-queued here"}},
			SuggestedFixes: lc.RenameFix(pass.Fset, t.Call, t.Op.Sync),
		}, true
	}
	return analysis.Diagnostic{}, false
}
