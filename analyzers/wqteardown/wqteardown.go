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
		if lc.HasTeardownPath {
			checkExitPath(pass, lc, o, requireFlush.Bool(pass))
		}
		if o.In != nil && setup[o.In] && !sharedByDevices(ents, o) {
			checkErrorPaths(pass, errpaths.Of(pass), o)
		}
	}
	return nil, nil
}

func checkExitPath(pass *analysis.Pass, lc *lifecycle.Result, o *lifecycle.Object, requireFlush bool) {
	path := lc.PathName(o)
	destroys := func(t *kmodel.Teardown) bool { return t.Destroy }
	destroy, ok := lc.TornDown(o, destroys)
	if !ok && lc.TornDownSomewhere(o, destroys) {
		return // destroyed in code the call graph cannot connect to exit/remove
	}
	if !ok {
		pass.Report(analysis.Diagnostic{
			Pos: o.Setup.P, End: o.Setup.E, Category: doc.ID,
			Message: fmt.Sprintf("workqueue %s is never destroyed: destroy_workqueue(%s) is not called on the exit or remove path (%s)", o.Name(), o.Name(), path),
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

// checkErrorPaths reports the error returns of o's creating function
// that can be reached with the workqueue created and not destroyed. A
// return of another call's result (return foo_register(...)) is not
// counted: whether that call can fail is not known.
func checkErrorPaths(pass *analysis.Pass, ep *errpaths.Result, o *lifecycle.Object) {
	var leaks []errpaths.Leak
	for _, l := range ep.Leaks(o) {
		if l.Kind != errpaths.Propagated {
			leaks = append(leaks, l)
		}
	}
	if len(leaks) == 0 {
		return
	}
	first := leaks[0]
	where := fmt.Sprintf("at line %d", pass.Fset.Position(first.Return.P).Line)
	if first.Label != "" {
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
		rel = append(rel, analysis.RelatedInformation{Pos: l.Return.P, Message: "returns here without destroy_workqueue(" + o.Name() + ")"})
	}
	pass.Report(analysis.Diagnostic{
		Pos: o.Setup.P, End: o.Setup.E, Category: doc.ID,
		Message: fmt.Sprintf("workqueue %s is not destroyed when %s() returns %s%s", o.Name(), o.In.Name, where, more),
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
