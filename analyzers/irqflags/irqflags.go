package irqflags

import (
	"fmt"

	"golang.org/x/tools/go/analysis"

	"github.com/kdlint/kdlint/analyzers/passes/input"
	"github.com/kdlint/kdlint/analyzers/passes/locks"
	"github.com/kdlint/kdlint/analyzers/rule"
	"github.com/kdlint/kdlint/ir"
	"github.com/kdlint/kdlint/kmodel"
)

// Rule reports misused interrupt flags (KD204).
var Rule = rule.New(rule.Spec{
	Doc:      doc,
	Run:      run,
	Requires: []*analysis.Analyzer{input.Analyzer, locks.Analyzer},
	Needs:    kmodel.Needs{Locks: []kmodel.LockClass{kmodel.Spin, kmodel.IRQOff}},
})

func run(pass *analysis.Pass) (any, error) {
	m := input.Of(pass)
	lk := locks.Of(pass)
	line := func(c *ir.Call) int { return pass.Fset.Position(c.P).Line }
	for _, f := range m.Funcs {
		p := lk.Paths(f)
		if p == nil {
			continue
		}
		assigned := assignedVars(f)
		for _, e := range p.Events {
			h := e.Lock
			switch e.Kind {
			case locks.NestedSave:
				op, _ := lk.Op(e.Call)
				pass.Report(analysis.Diagnostic{
					Pos: e.Call.P, End: e.Call.E, Category: doc.ID,
					Message: fmt.Sprintf("%s() saves the interrupt state into %s, which still holds the state saved at line %d by %s: restoring them restores the wrong state",
						e.Call.Name, op.Flags, line(h.At), h.At),
					Related: []analysis.RelatedInformation{{Pos: h.At.P, Message: fmt.Sprintf("%s saved into %s here, still held", locks.Describe(h.Op), h.Flags)}},
				})
			case locks.RestoreUnsaved:
				op, _ := lk.Op(e.Call)
				id, ok := op.Flags.(*ir.Ident)
				if !ok || !isLocal(f, id.Name) || assigned[id.Name] || volatileArg(f, id.Name) {
					continue
				}
				msg := fmt.Sprintf("%s() restores interrupt flags from %s, but no irqsave saved them on this path%s", e.Call.Name, id.Name, e.ViaText())
				var rel []analysis.RelatedInformation
				if h != nil {
					msg = fmt.Sprintf("%s() restores interrupt flags from %s, but the %s was taken at line %d by %s(), which saves none%s",
						e.Call.Name, id.Name, locks.Describe(h.Op), line(h.At), h.At.Name, e.ViaText())
					rel = append(rel, analysis.RelatedInformation{Pos: h.At.P, Message: locks.Describe(h.Op) + " taken here"})
				}
				pass.Report(analysis.Diagnostic{Pos: e.Call.P, End: e.Call.E, Category: doc.ID, Message: msg, Related: rel})
			case locks.EnableInside:
				what := e.Call.Name + "()"
				var rel []analysis.RelatedInformation
				if e.Take != nil {
					o := e.Take.Origin()
					what = fmt.Sprintf("%s(), through %s() at line %d,", e.Call.Name, o.At.Name, line(o.At))
					rel = append(rel, analysis.RelatedInformation{Pos: o.At.P, Message: fmt.Sprintf("%s() enables interrupts here", o.Func.Name)})
				}
				rel = append([]analysis.RelatedInformation{{Pos: h.At.P, Message: fmt.Sprintf("interrupts disabled here by %s", h.At)}}, rel...)
				pass.Report(analysis.Diagnostic{
					Pos: e.Call.P, End: e.Call.E, Category: doc.ID,
					Message: fmt.Sprintf("%s enables interrupts while %s, taken at line %d by %s(), is still held: interrupts come back on too early",
						what, locks.Describe(h.Op), line(h.At), h.At.Name),
					Related: rel,
				})
			}
		}
	}
	return nil, nil
}

func isLocal(f *ir.Func, name string) bool {
	for _, p := range f.Params {
		if p == name {
			return false
		}
	}
	for _, l := range f.Locals {
		if l == name {
			return true
		}
	}
	return false
}

// assignedVars are the variables f assigns other than by an irqsave.
func assignedVars(f *ir.Func) map[string]bool {
	out := map[string]bool{}
	for _, b := range f.Blocks {
		for _, n := range b.Nodes {
			if a, ok := n.(*ir.Assign); ok {
				if id, ok := a.LHS.(*ir.Ident); ok {
					out[id.Name] = true
				}
			}
		}
	}
	return out
}

// volatileArg reports whether f passes the address of variable name to
// a call: a helper may save the flags through it.
func volatileArg(f *ir.Func, name string) bool {
	for _, c := range f.Calls() {
		for _, a := range c.Args {
			if u, ok := a.(*ir.Unary); ok && u.Op == "&" {
				if id, ok := u.X.(*ir.Ident); ok && id.Name == name {
					return true
				}
			}
		}
	}
	return false
}
