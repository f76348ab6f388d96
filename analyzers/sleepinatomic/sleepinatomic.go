package sleepinatomic

import (
	"fmt"
	"go/token"
	"path/filepath"
	"slices"

	"golang.org/x/tools/go/analysis"

	"github.com/kdlint/kdlint/analyzers/passes/atomic"
	"github.com/kdlint/kdlint/analyzers/passes/callgraph"
	"github.com/kdlint/kdlint/analyzers/passes/entries"
	"github.com/kdlint/kdlint/analyzers/passes/input"
	"github.com/kdlint/kdlint/analyzers/passes/locks"
	"github.com/kdlint/kdlint/analyzers/passes/regmaps"
	"github.com/kdlint/kdlint/analyzers/rule"
	"github.com/kdlint/kdlint/ir"
	"github.com/kdlint/kdlint/kmodel"
)

// Rule reports sleeping calls in atomic context (KD101).
var Rule = rule.New(rule.Spec{
	Doc:      doc,
	Run:      run,
	Requires: []*analysis.Analyzer{input.Analyzer, input.KernelModel, atomic.Analyzer, callgraph.Analyzer, entries.Analyzer, locks.Analyzer, regmaps.Analyzer},
	Options:  []*rule.Option{maxDepth},
	Needs:    kmodel.Needs{InAtomic: []kmodel.CallFamily{kmodel.SleepingCalls, kmodel.TimerWaits}},
})

func run(pass *analysis.Pass) (any, error) {
	depth := maxDepth.Int(pass)
	km := input.Model(pass)
	m := input.Of(pass)
	at := atomic.Of(pass)
	var tm timers // built on first use
	cl := callbackLocks{}
	var sinks []atomic.Sink
	var calls map[string]bool // built on first use (Sleeper.Unless)
	for _, f := range m.Funcs {
		for _, c := range f.Calls() {
			if w := km.CallbackWaitFor(c.Name); w != nil {
				if tm == nil {
					tm = moduleTimers(m, entries.Of(pass), at)
				}
				checkCallbackWait(pass, km, depth, at, callgraph.Of(pass), locks.Of(pass), tm, cl, f, c, w)
				continue
			}
			s := km.SleeperFor(c.Name)
			if s == nil || s.IsAllocation() || s.UserCopy {
				continue
			}
			var rm *regmaps.Evidence
			if s.Regmap {
				if rm = regmaps.Of(pass).Sleeping(f.File); rm == nil {
					continue // a regmap that may not sleep
				}
			}
			if s.Unless != "" {
				if calls == nil {
					calls = moduleCalls(m)
				}
				if calls[s.Unless] {
					continue
				}
			}
			quiet := km.QuietSleepFor(c.Name)
			for _, x := range at.ReachesWithin(f, c, depth) {
				if slices.Contains(s.SafeIn, x.Context) {
					continue
				}
				if s.DropsLock && x.OnlyUnder(droppedLock(s, c)) {
					continue // made under its own lock, which it drops while sleeping
				}
				if q := quiet; q != nil && q.Arg < len(c.Args) {
					if v, ok := x.Value(c.Args[q.Arg]).IsConst(); ok && v <= q.UpTo {
						continue // a short delay: it busy-waits
					}
				}
				why, steps := x.Why(pass.Fset)
				sinks = append(sinks, atomic.Sink{Reach: x, Pos: c.P, End: c.E, What: c.Name + "()",
					Message: fmt.Sprintf("%s, but it runs in atomic context %s", describe(pass.Fset, s, c, f, rm), why), Steps: steps})
				break
			}
		}
	}
	for _, d := range atomic.Diagnostics(pass.Fset, doc.ID, sinks) {
		pass.Report(d)
	}
	return nil, nil
}

// describe says how call c in f, of model row s, sleeps; rm is why the
// regmaps of f sleep, for an access through a regmap.
func describe(fset *token.FileSet, s *kmodel.Sleeper, c *ir.Call, f *ir.Func, rm *regmaps.Evidence) string {
	switch {
	case rm != nil:
		at := fset.Position(rm.Pos)
		whose, where := "this file's", fmt.Sprintf("line %d", at.Line)
		if at.Filename != f.File {
			whose, where = "the module's", fmt.Sprintf("%s:%d", filepath.Base(at.Filename), at.Line)
		}
		made := rm.Init + "()"
		if rm.Config != "" && len(rm.Config) <= 40 {
			made = fmt.Sprintf("%s(..., %s)", rm.Init, rm.Config)
		}
		switch {
		case rm.OwnBus == "NULL":
			return fmt.Sprintf("%s() may sleep (it takes the regmap's mutex: %s regmaps are made by %s at %s, with no bus and without fast I/O)",
				c.Name, whose, made, where)
		case rm.OwnBus != "":
			return fmt.Sprintf("%s() may sleep (it takes the regmap's mutex: %s regmaps are made by %s at %s, on the driver's own bus %s, without fast I/O)",
				c.Name, whose, made, where, rm.OwnBus)
		}
		return fmt.Sprintf("%s() may sleep (it takes the regmap's mutex and waits for the %s bus: %s regmaps are made by %s at %s, without fast I/O)",
			c.Name, rm.Bus, whose, made, where)
	case s.Annotation:
		return c.Name + "() annotates this code as sleeping"
	case s.Why != "":
		return fmt.Sprintf("%s() may sleep (it %s)", c.Name, s.Why)
	}
	return c.Name + "() may sleep"
}

// moduleCalls returns the names of the functions the module calls.
func moduleCalls(m *ir.Module) map[string]bool {
	out := map[string]bool{}
	for _, f := range m.Funcs {
		for _, c := range f.Calls() {
			out[c.Name] = true
		}
	}
	return out
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

func related(steps []atomic.Step) []analysis.RelatedInformation {
	out := make([]analysis.RelatedInformation, 0, len(steps))
	for _, s := range steps {
		out = append(out, analysis.RelatedInformation{Pos: s.Pos, Message: s.Message})
	}
	return out
}
