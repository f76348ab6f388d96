package usercopyinatomic

import (
	"fmt"

	"golang.org/x/tools/go/analysis"

	"github.com/kdlint/kdlint/analyzers/passes/atomic"
	"github.com/kdlint/kdlint/analyzers/passes/input"
	"github.com/kdlint/kdlint/analyzers/rule"
	"github.com/kdlint/kdlint/ir"
	"github.com/kdlint/kdlint/kmodel"
)

// Rule reports user-memory accesses in atomic context (KD104).
var Rule = rule.New(rule.Spec{
	Doc:      doc,
	Run:      run,
	Requires: []*analysis.Analyzer{input.Analyzer, input.KernelModel, atomic.Analyzer},
	Options:  []*rule.Option{maxDepth},
	Needs:    kmodel.Needs{InAtomic: []kmodel.CallFamily{kmodel.UserCopies}},
})

func run(pass *analysis.Pass) (any, error) {
	depth := maxDepth.Int(pass)
	km := input.Model(pass)
	m := input.Of(pass)
	at := atomic.Of(pass)
	var sinks []atomic.Sink
	for _, f := range m.Funcs {
		if disablesFaults(km, f) {
			continue
		}
		for _, c := range f.Calls() {
			s := km.SleeperFor(c.Name)
			if s == nil || !s.UserCopy {
				continue
			}
			reaches := at.ReachesWithin(f, c, depth)
			if len(reaches) == 0 {
				continue
			}
			x := reaches[0]
			why, steps := x.Why(pass.Fset)
			msg := fmt.Sprintf("%s() accesses user memory, which may fault and sleep, but it runs in atomic context %s", c.Name, why)
			if !km.OnBehalfOfTask(x.Context) {
				msg += "; there, the current task is not the one whose memory the pointer names"
			}
			sinks = append(sinks, atomic.Sink{Reach: x, Pos: c.P, End: c.E, What: c.Name + "()", Message: msg, Steps: steps})
		}
	}
	for _, d := range atomic.Diagnostics(pass.Fset, doc.ID, sinks) {
		pass.Report(d)
	}
	return nil, nil
}

// disablesFaults reports whether f disables page faults itself
// (pagefault_disable, kmap_atomic): user accesses then return an error
// instead of sleeping.
func disablesFaults(km *kmodel.Model, f *ir.Func) bool {
	for _, c := range f.Calls() {
		if km.DisablesPagefaults(c.Name) {
			return true
		}
	}
	return false
}
