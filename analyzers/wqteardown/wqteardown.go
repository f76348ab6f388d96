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
		var leaks []errpaths.Leak
		if o.In != nil && setup[o.In] && !sharedByDevices(ents, o) {
			leaks = errpaths.Of(pass).Leaks(o)
		}
		// A workqueue destroyed nowhere leaks on its creator's error
		// paths for the same reason: one finding, the returns as notes.
		if !o.Returned && !o.Devres() && lc.LifetimeOf(o).Needed && checkExitPath(pass, lc, o, leaks, requireFlush.Bool(pass)) {
			continue
		}
		reportErrorPaths(pass, o, leaks)
	}
	return nil, nil
}

// checkExitPath reports o when exit or remove does not destroy it, with
// the error returns that leak it (leaks) as notes, and reports whether
// it said that o is never destroyed.
func checkExitPath(pass *analysis.Pass, lc *lifecycle.Result, o *lifecycle.Object, leaks []errpaths.Leak, requireFlush bool) bool {
	destroys := func(t *kmodel.Teardown) bool { return t.Destroy }
	destroy, ok := lc.TornDown(o, destroys)
	if !ok && lc.TornDownSomewhere(o, destroys) {
		return false // destroyed in code the analysis cannot connect to exit/remove
	}
	if !ok {
		also := ""
		if len(leaks) > 0 {
			also = fmt.Sprintf(", nor when %s() returns %s%s", o.In.Name, where(pass, leaks[0]), others(len(leaks)-1))
		}
		pass.Report(analysis.Diagnostic{
			Pos: o.Setup.P, End: o.Setup.E, Category: doc.ID,
			Message: fmt.Sprintf("workqueue %s is never destroyed: %s(%s) is not called on the exit or remove path (%s)%s%s",
				o.Name(), o.Op.Stop, o.Name(), lc.PathName(o), also, madeBy(o)),
			Related: leakNotes(o, leaks),
		})
		return true
	}
	if !requireFlush {
		return false
	}
	if _, ok := lc.TornDown(o, func(t *kmodel.Teardown) bool { return !t.Destroy && t.Waits }); !ok {
		pass.Report(analysis.Diagnostic{
			Pos: o.Setup.P, End: o.Setup.E, Category: doc.ID,
			Message: fmt.Sprintf("workqueue %s is destroyed without flush_workqueue(%s) first (require-flush)", o.Name(), o.Name()),
			Related: []analysis.RelatedInformation{{Pos: destroy.Call.P, Message: "destroyed here"}},
		})
	}
	return false
}

// madeBy names the helper that made the workqueue, for messages.
func madeBy(o *lifecycle.Object) string {
	if o.Factory != nil {
		return fmt.Sprintf("; it is created by %s()", o.Factory.Name)
	}
	return ""
}

// reportErrorPaths reports the error returns of o's creating function
// that can be reached with the workqueue created and not destroyed
// (leaks), return call() included when the call can fail.
func reportErrorPaths(pass *analysis.Pass, o *lifecycle.Object, leaks []errpaths.Leak) {
	if len(leaks) == 0 {
		return
	}
	pass.Report(analysis.Diagnostic{
		Pos: o.Setup.P, End: o.Setup.E, Category: doc.ID,
		Message: fmt.Sprintf("workqueue %s is not destroyed when %s() returns %s%s%s",
			o.Name(), o.In.Name, where(pass, leaks[0]), others(len(leaks)-1), madeBy(o)),
		Related: leakNotes(o, leaks),
	})
}

// where names an error return for messages: its line, and the failing
// call it returns or the label it was reached through.
func where(pass *analysis.Pass, l errpaths.Leak) string {
	w := fmt.Sprintf("at line %d", pass.Fset.Position(l.Return.P).Line)
	if c, ok := l.Return.Value.(*ir.Call); ok && l.Kind == errpaths.Propagated {
		w += fmt.Sprintf(" (when %s() fails)", c.Name)
	} else if l.Label != "" {
		w += fmt.Sprintf(" (goto %s)", l.Label)
	}
	return w
}

// others counts the error paths after the first, for messages.
func others(n int) string {
	switch {
	case n == 1:
		return " and on 1 other error path"
	case n > 1:
		return fmt.Sprintf(" and on %d other error paths", n)
	}
	return ""
}

// leakNotes points at each error return that leaks o.
func leakNotes(o *lifecycle.Object, leaks []errpaths.Leak) []analysis.RelatedInformation {
	var rel []analysis.RelatedInformation
	for _, l := range leaks {
		msg := "returns here without " + o.Op.Stop + "(" + o.Name() + ")"
		if l.Label != "" {
			msg += " (goto " + l.Label + ")"
		}
		rel = append(rel, analysis.RelatedInformation{Pos: l.Return.P, Message: msg})
	}
	return rel
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
