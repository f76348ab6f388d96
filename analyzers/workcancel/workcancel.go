package workcancel

import (
	"fmt"

	"golang.org/x/tools/go/analysis"

	"github.com/kdlint/kdlint/analyzers/passes/lifecycle"
	"github.com/kdlint/kdlint/analyzers/rule"
	"github.com/kdlint/kdlint/ir"
	"github.com/kdlint/kdlint/kmodel"
)

// Rule reports work items queued on a system workqueue that the exit or
// remove path does not cancel, or cancels without waiting (KD304).
var Rule = rule.New(rule.Spec{
	Doc:      doc,
	Run:      run,
	Requires: []*analysis.Analyzer{lifecycle.Analyzer},
	Needs:    kmodel.Needs{Objects: []kmodel.ObjectKind{kmodel.Work}},
})

func run(pass *analysis.Pass) (any, error) {
	lc := lifecycle.Of(pass)
	for _, o := range lc.Objects {
		if o.Kind != kmodel.Work || o.OnStack() || o.Returned || o.Devres() {
			continue
		}
		var queued *lifecycle.ScheduleSite
		for _, s := range lc.SchedulesOf(o) {
			if s.System {
				queued = &s
				break
			}
		}
		lt := lc.LifetimeOf(o)
		if queued == nil || !lt.Needed || !lt.FromEntry || lt.UnbindOnly {
			continue // only on the driver's own workqueue (KD301), nothing can unload it, or a request's
		}
		if lt.InitOnly && o.Op != nil && !o.Op.Delayed() && lc.QueuedOnlyByOtherModules(o) {
			continue // module-wide, queued (without delay) only by modules unloaded before this one
		}
		cb := lc.Callback(o)
		if cb == nil || lc.Synchronous(o) || lc.SelfFreeing(o) {
			continue // its work function is not known, it is waited for where queued, or it frees what it lives in
		}
		fn := " " + cb.Name + "()"
		waits := lc.TeardownsOnPath(o, func(t *kmodel.Teardown) bool { return t.Waits })
		if sysFlush := lc.FlushesSystemWork(o); len(waits) > 0 || sysFlush != nil {
			if d, ok := flushedOnly(pass, lc, o, waits, sysFlush, fn); ok && !lc.FreedByHelper(o) {
				pass.Report(d)
			}
			continue
		}
		nowait := lc.TeardownsOnPath(o, func(t *kmodel.Teardown) bool { return t.Destroy && !t.Waits })
		if len(nowait) > 0 {
			if lc.SelfRequeue(o) != nil {
				continue // KD305 reports a work item that re-queues itself
			}
			var t lifecycle.TeardownCall
			for _, x := range nowait {
				if x.Devres == nil && x.Op.Sync != "" && !lc.NoWaitHere(x.In, x.Call) && !lc.UnderRTNL(x.In) {
					t = x
					break
				}
			}
			if t.Call == nil || lc.FreedByHelper(o) {
				continue // the waiting form cannot be used where it is cancelled, or it frees what it lives in
			}
			pass.Report(analysis.Diagnostic{
				Pos: t.Call.P, End: t.Call.E, Category: doc.ID,
				Message: fmt.Sprintf("work item %s is cancelled with %s() in %s(), which does not wait for a running instance of%s: it can still run after %s; use %s()",
					o.Name(), t.Call.Name, t.In.Name, fn, lc.Gone(o), t.Op.Sync),
				Related:        []analysis.RelatedInformation{{Pos: queued.Call.P, Message: "queued on the system workqueue here"}},
				SuggestedFixes: lc.RenameFix(pass.Fset, t.Call, t.Op.Sync),
			})
			continue
		}
		if lc.TornDownSomewhere(o, func(t *kmodel.Teardown) bool { return t.Destroy || t.Waits }) {
			continue // cancelled in code the analysis cannot connect to exit/remove
		}
		if lc.Pinned(o) || lc.HoldsReference(o) {
			continue // a reference held until the work function ran pins it
		}
		if lc.HoldsDrainedReference(o) != "" {
			continue // what it works on holds a reference the teardown drains and waits for
		}
		if lc.FreedByHelper(o) {
			continue // it hands what it lives in to a helper that frees it: a deferred last put
		}
		if lc.ForeignDevres(o) != nil {
			continue // the probe hands it over to another module's managed function, whose devres action may cancel it
		}
		stop := o.Op.Stop
		pass.Report(analysis.Diagnostic{
			Pos: o.Setup.P, End: o.Setup.E, Category: doc.ID,
			Message: fmt.Sprintf("work item %s is queued on the system workqueue (%s() at %s) but never cancelled: no %s(&%s) on the exit or remove path (%s), so%s can run after %s",
				o.Name(), queued.Call.Name, lifecycle.LineRef(pass.Fset, o.Setup.P, queued.Call.P), stop, o.Name(), lc.PathName(o), fn, lc.Gone(o)),
			Related: []analysis.RelatedInformation{{Pos: queued.Call.P, Message: "queued here"}},
		})
	}
	return nil, nil
}

// flushedOnly reports a work item that queues itself again, under no
// test, and that the teardown path only flushes (flush_work,
// flush_delayed_work, flush_scheduled_work): a flush waits for the last
// queued instance, which queues the next one, so the work item is
// pending again when the flush returns.
// sysFlush is the teardown path's flush of the system workqueue, if any.
func flushedOnly(pass *analysis.Pass, lc *lifecycle.Result, o *lifecycle.Object, waits []lifecycle.TeardownCall, sysFlush *ir.Call, fn string) (analysis.Diagnostic, bool) {
	var flush *lifecycle.TeardownCall
	for i, t := range waits {
		if t.Op.Destroy {
			return analysis.Diagnostic{}, false // cancelled, or disabled, and waited for
		}
		if flush == nil && t.Devres == nil {
			flush = &waits[i]
		}
	}
	self := lc.SelfRequeue(o)
	if self == nil {
		return analysis.Diagnostic{}, false
	}
	var call *ir.Call
	var where, stop string
	var fixes []analysis.SuggestedFix
	switch {
	case flush != nil:
		call, where, stop = flush.Call, flush.In.Name+"()", o.Op.Stop
		if flush.Op.Stop != "" {
			stop = flush.Op.Stop
			fixes = lc.RenameFix(pass.Fset, flush.Call, flush.Op.Stop)
		}
	case sysFlush != nil:
		call, where, stop = sysFlush, lc.PathName(o), o.Op.Stop
	default:
		return analysis.Diagnostic{}, false
	}
	return analysis.Diagnostic{
		Pos: call.P, End: call.E, Category: doc.ID,
		Message: fmt.Sprintf("work item %s re-queues itself in %s() (%s), but is only flushed with %s() in %s: the flush waits for the instance queued last, which queues the next, so%s can run after %s; use %s()",
			o.Name(), lifecycle.RequeueName(self), lifecycle.LineRef(pass.Fset, call.P, self.Site.Call.P), call.Name, where, fn, lc.Gone(o), stop),
		Related:        []analysis.RelatedInformation{{Pos: self.Site.Call.P, Message: "re-queued here"}},
		SuggestedFixes: fixes,
	}, true
}
