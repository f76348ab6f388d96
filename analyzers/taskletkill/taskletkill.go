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
	if !lc.HasTeardownPath {
		return nil, nil // the module cannot be unloaded
	}
	for _, o := range lc.Objects {
		if o.Kind != kmodel.Tasklet {
			continue
		}
		destroys := func(t *kmodel.Teardown) bool { return t.Destroy }
		if _, ok := lc.TornDown(o, destroys); ok || lc.TornDownSomewhere(o, destroys) {
			continue
		}
		pass.Report(analysis.Diagnostic{
			Pos:      o.Setup.P,
			End:      o.Setup.E,
			Category: doc.ID,
			Message: fmt.Sprintf("tasklet %s is never killed: tasklet_kill(&%s) is not called on the exit or remove path (%s), so it can still run after the module is gone",
				o.Name(), o.Name(), lc.PathName(o)),
		})
	}
	return nil, nil
}
