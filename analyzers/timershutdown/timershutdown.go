package timershutdown

import (
	"fmt"

	"golang.org/x/tools/go/analysis"

	"github.com/kdlint/kdlint/analyzers/passes/lifecycle"
	"github.com/kdlint/kdlint/analyzers/rule"
	"github.com/kdlint/kdlint/kmodel"
)

// Rule reports timers and hrtimers that are armed but not stopped, or
// stopped without waiting, on the exit or remove path (KD303).
var Rule = rule.New(rule.Spec{
	Doc:      doc,
	Run:      run,
	Requires: []*analysis.Analyzer{lifecycle.Analyzer},
	Needs:    kmodel.Needs{Objects: []kmodel.ObjectKind{kmodel.Timer, kmodel.Hrtimer}},
})

func run(pass *analysis.Pass) (any, error) {
	lc := lifecycle.Of(pass)
	for _, o := range lc.Objects {
		if o.Kind != kmodel.Timer && o.Kind != kmodel.Hrtimer || o.OnStack() || o.Returned {
			continue
		}
		arms := lc.SchedulesOf(o)
		if lt := lc.LifetimeOf(o); len(arms) == 0 || !lt.Needed || !lt.FromEntry || lt.UnbindOnly {
			continue // never armed, nothing can unload or unbind it, or a request's
		}
		if len(lc.TeardownsOnPath(o, func(t *kmodel.Teardown) bool { return t.Destroy && t.Waits })) > 0 {
			continue
		}
		if lc.Synchronous(o) || lc.HoldsReference(o) {
			continue // idle once its arming function returns, or pinned by a reference it holds
		}
		what, stop := "timer", "del_timer_sync() (timer_delete_sync() or timer_shutdown_sync() since 6.2)"
		if o.Kind == kmodel.Hrtimer {
			what, stop = "hrtimer", "hrtimer_cancel()"
		}
		cb := ""
		if f := lc.Callback(o); f != nil {
			cb = " " + f.Name + "()"
		}
		nowait := lc.TeardownsOnPath(o, func(t *kmodel.Teardown) bool { return t.Destroy && !t.Waits })
		if len(nowait) > 0 {
			var t lifecycle.TeardownCall
			for _, x := range nowait {
				if x.Devres == nil && x.Op.Sync != "" && !lc.NoWaitHere(x.In, x.Call) {
					t = x
					break
				}
			}
			if t.Call == nil {
				continue // the waiting form cannot be used where it is stopped
			}
			pass.Report(analysis.Diagnostic{
				Pos: t.Call.P, End: t.Call.E, Category: doc.ID,
				Message: fmt.Sprintf("%s %s is stopped with %s() in %s(), which does not wait for a running callback%s: it can still run after %s; use %s()",
					what, o.Name(), t.Call.Name, t.In.Name, cb, lc.Gone(o), t.Op.Sync),
				Related:        []analysis.RelatedInformation{{Pos: o.Setup.P, Message: "set up here"}},
				SuggestedFixes: lc.RenameFix(pass.Fset, t.Call, t.Op.Sync),
			})
			continue
		}
		if lc.TornDownSomewhere(o, func(t *kmodel.Teardown) bool { return t.Destroy }) {
			continue // stopped in code the analysis cannot connect to exit/remove
		}
		a := arms[0]
		pass.Report(analysis.Diagnostic{
			Pos: o.Setup.P, End: o.Setup.E, Category: doc.ID,
			Message: fmt.Sprintf("%s %s is armed (%s() at %s) but never stopped: no %s on the exit or remove path (%s), so its callback%s can run after %s",
				what, o.Name(), a.Call.Name, lifecycle.LineRef(pass.Fset, o.Setup.P, a.Call.P), stop, lc.PathName(o), cb, lc.Gone(o)),
			Related: []analysis.RelatedInformation{{Pos: a.Call.P, Message: "armed here"}},
		})
	}
	return nil, nil
}
