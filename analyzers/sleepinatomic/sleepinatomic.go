package sleepinatomic

import (
	"fmt"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/kdlint/kdlint/analyzers/passes/atomic"
	"github.com/kdlint/kdlint/analyzers/passes/callgraph"
	"github.com/kdlint/kdlint/analyzers/passes/entries"
	"github.com/kdlint/kdlint/analyzers/passes/input"
	"github.com/kdlint/kdlint/analyzers/passes/locks"
	"github.com/kdlint/kdlint/analyzers/rule"
	"github.com/kdlint/kdlint/ir"
	"github.com/kdlint/kdlint/kmodel"
)

// Rule reports sleeping calls in atomic context (KD101).
var Rule = rule.New(rule.Spec{
	Doc:      doc,
	Run:      run,
	Requires: []*analysis.Analyzer{input.Analyzer, input.KernelModel, atomic.Analyzer, callgraph.Analyzer, entries.Analyzer, locks.Analyzer},
	Options:  []*rule.Option{maxDepth},
	Needs:    kmodel.Needs{InAtomic: []kmodel.CallFamily{kmodel.SleepingCalls, kmodel.TimerWaits}},
})

func run(pass *analysis.Pass) (any, error) {
	depth := maxDepth.Int(pass)
	km := input.Model(pass)
	m := input.Of(pass)
	at := atomic.Of(pass)
	var tm timers // built on first use
	for _, f := range m.Funcs {
		for _, c := range f.Calls() {
			if w := km.CallbackWaitFor(c.Name); w != nil {
				if tm == nil {
					tm = moduleTimers(m, entries.Of(pass))
				}
				checkCallbackWait(pass, depth, at, callgraph.Of(pass), locks.Of(pass), tm, f, c, w)
				continue
			}
			what, ok := sleeps(km, c)
			if !ok {
				continue
			}
			if s := km.SleeperFor(c.Name); s.DropsLock && at.OnlyUnder(f, c, droppedLock(s, c)) {
				continue // made under its own lock, which it drops while sleeping
			}
			why, steps, ok := at.Why(f, c, pass.Fset, depth)
			if !ok {
				continue
			}
			pass.Report(analysis.Diagnostic{
				Pos:      c.P,
				End:      c.E,
				Category: doc.ID,
				Message:  fmt.Sprintf("%s may sleep, but it runs in atomic context %s", what, why),
				Related:  related(steps),
			})
		}
	}
	return nil, nil
}

// droppedLock is the lock a DropsLock wait releases while it sleeps: its
// lock argument, or its wait queue's own lock.
func droppedLock(s *kmodel.Sleeper, c *ir.Call) ir.Expr {
	switch {
	case s.LockArg >= 0 && s.LockArg < len(c.Args):
		return c.Args[s.LockArg]
	case s.LockArg < 0 && len(c.Args) > 0:
		return &ir.Member{X: c.Args[0], Name: kmodel.WaitQueueLock}
	}
	return nil
}

// sleeps reports whether call c may sleep according to the kernel model,
// and describes the call for the message. Sleeping locks are not
// included: KD102 reports them.
func sleeps(km *kmodel.Model, c *ir.Call) (string, bool) {
	s := km.SleeperFor(c.Name)
	if s == nil {
		return "", false
	}
	if s.GFPArg < 0 {
		return c.Name + "()", true
	}
	if s.GFPArg >= len(c.Args) {
		return "", false
	}
	flag, ok := sleepingFlag(km, c.Args[s.GFPArg])
	if !ok {
		return "", false
	}
	return fmt.Sprintf("%s() with %s", c.Name, flag), true
}

// sleepingFlag finds a GFP flag allowing direct reclaim in a flags
// expression such as GFP_KERNEL | __GFP_ZERO. A flags variable passed in
// is not judged.
func sleepingFlag(km *kmodel.Model, e ir.Expr) (string, bool) {
	switch e := e.(type) {
	case *ir.Ident:
		if km.SleepingGFPFlag(e.Name) {
			return e.Name, true
		}
	case *ir.Binary:
		if e.Op == "|" {
			if f, ok := sleepingFlag(km, e.X); ok {
				return f, true
			}
			return sleepingFlag(km, e.Y)
		}
	}
	return "", false
}

func related(steps []atomic.Step) []analysis.RelatedInformation {
	out := make([]analysis.RelatedInformation, 0, len(steps))
	for _, s := range steps {
		out = append(out, analysis.RelatedInformation{Pos: s.Pos, Message: strings.TrimSpace(s.Message)})
	}
	return out
}
