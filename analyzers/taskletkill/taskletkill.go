package taskletkill

import (
	"fmt"

	"golang.org/x/tools/go/analysis"

	"github.com/kdlint/kdlint/analyzers/passes/lifecycle"
	"github.com/kdlint/kdlint/analyzers/rule"
	"github.com/kdlint/kdlint/kmodel"
)

// Rule reports tasklets not killed on the exit or remove path (KD302).
var Rule = rule.New(rule.Spec{
	Doc:      doc,
	Run:      run,
	Requires: []*analysis.Analyzer{lifecycle.Analyzer},
	Needs:    kmodel.Needs{Objects: []kmodel.ObjectKind{kmodel.Tasklet}},
})

func run(pass *analysis.Pass) (any, error) {
	lc := lifecycle.Of(pass)
	for _, o := range lc.Objects {
		if o.Kind != kmodel.Tasklet || o.OnStack() || o.Returned {
			continue
		}
		if lt := lc.LifetimeOf(o); !lt.Needed || lt.UnbindOnly || lc.Synchronous(o) {
			continue // nothing can unload or unbind it, or it is waited for where scheduled
		}
		kills := func(t *kmodel.Teardown) bool { return t.Destroy }
		if _, ok := lc.TornDown(o, kills); ok || lc.TornDownSomewhere(o, kills) {
			continue
		}
		if lc.Pinned(o) {
			continue // a reference held until the handler ran pins it
		}
		producer := ""
		var rel []analysis.RelatedInformation
		if ps := lc.ProducersOf(o); len(ps) > 0 {
			p := ps[0]
			producer = fmt.Sprintf("; %s() schedules it (line %d)", p.Name(), pass.Fset.Position(p.Site.Call.P).Line)
			rel = append(rel, analysis.RelatedInformation{Pos: p.Site.Call.P, Message: "scheduled here, by " + p.Name() + "()"})
		}
		final := func(dis []lifecycle.TeardownCall) []lifecycle.TeardownCall {
			var out []lifecycle.TeardownCall
			for _, d := range dis {
				if !lc.EnabledAgain(d) {
					out = append(out, d)
				}
			}
			return out
		}
		disabled := func(t *kmodel.Teardown) bool { return t.Disable }
		if dis := final(lc.TeardownsOnPath(o, disabled)); len(dis) > 0 {
			d := dis[0]
			rel = append(rel, analysis.RelatedInformation{Pos: d.Call.P, Message: d.Call.Name + "() here leaves a pending tasklet queued"})
			pass.Report(analysis.Diagnostic{
				Pos: o.Setup.P, End: o.Setup.E, Category: doc.ID, Related: rel,
				Message: fmt.Sprintf("tasklet %s is only disabled, never killed: %s(&%s) in %s() (line %d) stops it running but leaves a pending instance queued, so it can run after %s%s; once whatever schedules it is stopped, call %s(&%s) before the final %s(), or instead of it (%s() on a disabled, pending tasklet waits forever)",
					o.Name(), d.Call.Name, o.Name(), d.In.Name, pass.Fset.Position(d.Call.P).Line, lc.Gone(o), producer, o.Op.Stop, o.Name(), d.Call.Name, o.Op.Stop),
			})
			continue
		}
		if dis := final(lc.TeardownsSomewhere(o, disabled)); len(dis) > 0 {
			// Disabled by a stop function the exit or remove path does
			// not reach (called through a pointer, or by another
			// module): the same problem, and the same fix.
			d := dis[0]
			rel = append(rel, analysis.RelatedInformation{Pos: d.Call.P, Message: d.Call.Name + "() here leaves a pending tasklet queued"})
			pass.Report(analysis.Diagnostic{
				Pos: o.Setup.P, End: o.Setup.E, Category: doc.ID, Related: rel,
				Message: fmt.Sprintf("tasklet %s is never killed, only disabled: %s(&%s) in %s() (%s), which the exit or remove path (%s) does not reach directly, stops it running but leaves a pending instance queued, so it can run after %s%s; once whatever schedules it is stopped, call %s(&%s) before the final %s(), or instead of it (%s() on a disabled, pending tasklet waits forever)",
					o.Name(), d.Call.Name, o.Name(), d.In.Name, lifecycle.LineRef(pass.Fset, o.Setup.P, d.Call.P), lc.PathName(o), lc.Gone(o), producer, o.Op.Stop, o.Name(), d.Call.Name, o.Op.Stop),
			})
			continue
		}
		pass.Report(analysis.Diagnostic{
			Pos: o.Setup.P, End: o.Setup.E, Category: doc.ID, Related: rel,
			Message: fmt.Sprintf("tasklet %s is never killed: %s(&%s) is not called on the exit or remove path (%s), so it can still run after %s%s",
				o.Name(), o.Op.Stop, o.Name(), lc.PathName(o), lc.Gone(o), producer),
		})
	}
	return nil, nil
}
