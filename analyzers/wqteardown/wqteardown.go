package wqteardown

import (
	"fmt"

	"golang.org/x/tools/go/analysis"

	"github.com/kdlint/kdlint/analyzers/passes/entries"
	"github.com/kdlint/kdlint/analyzers/passes/errpaths"
	"github.com/kdlint/kdlint/analyzers/passes/lifecycle"
	"github.com/kdlint/kdlint/analyzers/rule"
	"github.com/kdlint/kdlint/ir"
	"github.com/kdlint/kdlint/kmodel"
)

// Rule reports workqueues not destroyed on the exit/remove path or on an
// error path of the function that creates them (KD301).
var Rule = rule.New(rule.Spec{
	Doc:      doc,
	Run:      run,
	Requires: []*analysis.Analyzer{lifecycle.Analyzer, entries.Analyzer, errpaths.Analyzer},
	Options:  []*rule.Option{requireFlush},
	Needs:    kmodel.Needs{Objects: []kmodel.ObjectKind{kmodel.Workqueue}},
})

func run(pass *analysis.Pass) (any, error) {
	lc := lifecycle.Of(pass)
	ents := entries.Of(pass)
	setup := map[*ir.Func]bool{}
	for _, f := range ents.Setup() {
		setup[f] = true
	}
	for _, o := range lc.Objects {
		if o.Kind != kmodel.Workqueue {
			continue
		}
		if !o.Returned && !o.Devres() && lc.LifetimeOf(o).Needed {
			checkExitPath(pass, lc, o, requireFlush.Bool(pass))
		}
		if o.In != nil && setup[o.In] && !sharedByDevices(ents, o) {
			checkErrorPaths(pass, errpaths.Of(pass), o)
		}
	}
	return nil, nil
}

func checkExitPath(pass *analysis.Pass, lc *lifecycle.Result, o *lifecycle.Object, requireFlush bool) {
	destroys := func(t *kmodel.Teardown) bool { return t.Destroy }
	destroy, ok := lc.TornDown(o, destroys)
	if !ok && lc.TornDownSomewhere(o, destroys) {
		return // destroyed in code the analysis cannot connect to exit/remove
	}
	if !ok {
		pass.Report(analysis.Diagnostic{
			Pos: o.Setup.P, End: o.Setup.E, Category: doc.ID,
			Message: fmt.Sprintf("workqueue %s is never destroyed: %s(%s) is not called on the exit or remove path (%s)%s",
				o.Name(), o.Op.Stop, o.Name(), lc.PathName(o), madeBy(o)),
		})
		return
	}
	if !requireFlush {
		return
	}
	if _, ok := lc.TornDown(o, func(t *kmodel.Teardown) bool { return !t.Destroy && t.Waits }); !ok {
		pass.Report(analysis.Diagnostic{
			Pos: o.Setup.P, End: o.Setup.E, Category: doc.ID,
			Message: fmt.Sprintf("workqueue %s is destroyed without flush_workqueue(%s) first (require-flush)", o.Name(), o.Name()),
			Related: []analysis.RelatedInformation{{Pos: destroy.Call.P, Message: "destroyed here"}},
		})
	}
}

// madeBy names the helper that made the workqueue, for messages.
func madeBy(o *lifecycle.Object) string {
	if o.Factory != nil {
		return fmt.Sprintf("; it is created by %s()", o.Factory.Name)
	}
	return ""
}

// checkErrorPaths reports the error returns of o's creating function
// that can be reached with the workqueue created and not destroyed,
// return call() included when the call can fail.
func checkErrorPaths(pass *analysis.Pass, ep *errpaths.Result, o *lifecycle.Object) {
	leaks := ep.Leaks(o)
	if len(leaks) == 0 {
		return
	}
	first := leaks[0]
	where := fmt.Sprintf("at line %d", pass.Fset.Position(first.Return.P).Line)
	if c, ok := first.Return.Value.(*ir.Call); ok && first.Kind == errpaths.Propagated {
		where += fmt.Sprintf(" (when %s() fails)", c.Name)
	} else if first.Label != "" {
		where += fmt.Sprintf(" (goto %s)", first.Label)
	}
	more := ""
	if n := len(leaks) - 1; n == 1 {
		more = " and on 1 other error path"
	} else if n > 1 {
		more = fmt.Sprintf(" and on %d other error paths", n)
	}
	rel := make([]analysis.RelatedInformation, 0, len(leaks))
	for _, l := range leaks {
		msg := "returns here without " + o.Op.Stop + "(" + o.Name() + ")"
		if l.Label != "" {
			msg += " (goto " + l.Label + ")"
		}
		rel = append(rel, analysis.RelatedInformation{Pos: l.Return.P, Message: msg})
	}
	pass.Report(analysis.Diagnostic{
		Pos: o.Setup.P, End: o.Setup.E, Category: doc.ID,
		Message: fmt.Sprintf("workqueue %s is not destroyed when %s() returns %s%s%s", o.Name(), o.In.Name, where, more, madeBy(o)),
		Related: rel,
	})
}

// sharedByDevices reports whether o is a module-wide workqueue (a global
// variable) created in a probe function: probe creates it for the first
// device and module exit destroys it, so a failed probe may leave it.
func sharedByDevices(ents *entries.Entries, o *lifecycle.Object) bool {
	id, ok := o.Expr.(*ir.Ident)
	if !ok {
		return false
	}
	isProbe := false
	for _, p := range ents.Probes {
		isProbe = isProbe || p == o.In
	}
	if !isProbe {
		return false
	}
	for _, name := range append(append([]string{}, o.In.Params...), o.In.Locals...) {
		if name == id.Name {
			return false // a local of probe, not module-wide
		}
	}
	return true
}
