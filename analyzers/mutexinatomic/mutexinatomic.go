package mutexinatomic

import (
	"fmt"

	"golang.org/x/tools/go/analysis"

	"github.com/kdlint/kdlint/analyzers/passes/atomic"
	"github.com/kdlint/kdlint/analyzers/passes/input"
	"github.com/kdlint/kdlint/analyzers/passes/locks"
	"github.com/kdlint/kdlint/analyzers/rule"
	"github.com/kdlint/kdlint/ir"
	"github.com/kdlint/kdlint/kmodel"
)

// Rule reports sleeping locks taken in atomic context (KD102).
var Rule = rule.New(rule.Spec{
	Doc:      doc,
	Run:      run,
	Requires: []*analysis.Analyzer{input.Analyzer, atomic.Analyzer, locks.Analyzer},
	Options:  []*rule.Option{maxDepth},
	Needs:    kmodel.Needs{InAtomic: []kmodel.CallFamily{kmodel.SleepingLocks}},
})

func run(pass *analysis.Pass) (any, error) {
	depth := maxDepth.Int(pass)
	m := input.Of(pass)
	at := atomic.Of(pass)
	lk := locks.Of(pass)
	var sinks []atomic.Sink
	for _, f := range m.Funcs {
		for _, c := range f.Calls() {
			what, ok := sleepingLock(lk, c)
			if !ok {
				continue
			}
			reaches := at.ReachesWithin(f, c, depth)
			if len(reaches) == 0 {
				continue
			}
			why, steps := reaches[0].Why(pass.Fset)
			sinks = append(sinks, atomic.Sink{Reach: reaches[0], Pos: c.P, End: c.E, What: what,
				Message: fmt.Sprintf("%s takes a sleeping lock in atomic context %s", what, why), Steps: steps})
		}
	}
	for _, d := range atomic.Diagnostics(pass.Fset, doc.ID, sinks) {
		pass.Report(d)
	}
	return nil, nil
}

// sleepingLock reports whether c acquires a sleeping lock (not a trylock).
func sleepingLock(lk *locks.Result, c *ir.Call) (string, bool) {
	op, ok := lk.Op(c)
	if !ok || op.Effect != locks.Acquire || op.Try || !op.Class.Sleeping() {
		return "", false
	}
	if op.Guard {
		return "guard(" + c.Args[0].String() + ")", true
	}
	return c.Name + "()", true
}
