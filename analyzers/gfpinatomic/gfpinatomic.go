package gfpinatomic

import (
	"fmt"
	"go/token"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/kdlint/kdlint/analyzers/passes/atomic"
	"github.com/kdlint/kdlint/analyzers/passes/input"
	"github.com/kdlint/kdlint/analyzers/rule"
	"github.com/kdlint/kdlint/ir"
	"github.com/kdlint/kdlint/kmodel"
)

// Rule reports allocations whose flags allow direct reclaim in atomic
// context (KD103).
var Rule = rule.New(rule.Spec{
	Doc:      doc,
	Run:      run,
	Requires: []*analysis.Analyzer{input.Analyzer, input.KernelModel, atomic.Analyzer},
	Options:  []*rule.Option{maxDepth},
	Needs:    kmodel.Needs{InAtomic: []kmodel.CallFamily{kmodel.GFPAllocations}},
})

// atomicFlag is what the fix puts in place of a reclaiming flag.
const atomicFlag = "GFP_ATOMIC"

func run(pass *analysis.Pass) (any, error) {
	depth := maxDepth.Int(pass)
	km := input.Model(pass)
	m := input.Of(pass)
	at := atomic.Of(pass)
	src := sources(m)
	var sinks []atomic.Sink
	origins := map[token.Pos]bool{}
	for _, f := range m.Funcs {
		for _, c := range f.Calls() {
			s := km.SleeperFor(c.Name)
			if s == nil || !s.IsAllocation() || s.GFPArg >= len(c.Args) {
				continue
			}
			flags := c.Args[s.GFPArg]
			for _, x := range at.ReachesWithin(f, c, depth) {
				if !x.Value(flags).Has(kmodel.GFPDirectReclaim) {
					continue
				}
				why, steps := x.Why(pass.Fset)
				sink := atomic.Sink{Reach: x, Pos: c.P, End: c.E, What: c.Name + "()"}
				if id, ok := flags.(*ir.Ident); ok && x.IsParam(id.Name) {
					// Passed down: report where the caller passes the flag.
					call, caller, arg, ok := x.Origin(id.Name)
					if !ok || origins[arg.Pos()] {
						continue
					}
					origins[arg.Pos()] = true
					names := reclaiming(km, arg, nil)
					sink.Pos, sink.End = arg.Pos(), end(arg)
					sink.Message = fmt.Sprintf("%s passed by %s() to %s() lets %s() sleep in direct reclaim (gfp_t %s), but it runs in atomic context %s",
						arg, caller.Name, ir.CalleeName(call.Fun), c.Name, id.Name, why)
					sink.Steps = append(steps, atomic.Step{Pos: c.P, Message: fmt.Sprintf("%s() allocates with %s here", c.Name, id.Name)})
					sink.Fix, sink.FixMessage = fix(pass.Fset, src, names)
				} else {
					names := reclaiming(km, flags, nil)
					var flag string
					if len(names) > 0 {
						flag = names[0].Name
					} else if name := flagName(km, x.Value(flags)); name != "" {
						flag = fmt.Sprintf("%s (%s here)", flags, name)
					} else {
						flag = fmt.Sprintf("%s (flags that allow direct reclaim here)", flags)
					}
					sink.Message = fmt.Sprintf("%s() with %s may sleep in direct reclaim, but it runs in atomic context %s", c.Name, flag, why)
					sink.Steps = steps
					sink.Fix, sink.FixMessage = fix(pass.Fset, src, names)
				}
				sinks = append(sinks, sink)
				break
			}
		}
	}
	for _, d := range atomic.Diagnostics(pass.Fset, doc.ID, sinks) {
		pass.Report(d)
	}
	return nil, nil
}

// flagName names a known flags value by the gfp_t constant that holds
// exactly its bits (GFP_KERNEL), or "".
func flagName(km *kmodel.Model, v atomic.Value) string {
	if c, ok := v.IsConst(); ok {
		return km.GFPFlagWithBits(uint64(c))
	}
	return ""
}

// reclaiming appends the flag names in a flags expression that allow
// direct reclaim: GFP_KERNEL in GFP_KERNEL | __GFP_ZERO.
func reclaiming(km *kmodel.Model, e ir.Expr, out []*ir.Ident) []*ir.Ident {
	switch e := e.(type) {
	case *ir.Ident:
		if km.SleepingGFPFlag(e.Name) {
			return append(out, e)
		}
	case *ir.Binary:
		if e.Op == "|" {
			return reclaiming(km, e.Y, reclaiming(km, e.X, out))
		}
	}
	return out
}

// fix replaces each reclaiming flag by GFP_ATOMIC, where the source at its
// position reads as the flag (not a macro's expansion).
func fix(fset *token.FileSet, src map[string][]byte, names []*ir.Ident) ([]analysis.TextEdit, string) {
	var edits []analysis.TextEdit
	var replaced []string
	for _, id := range names {
		p := fset.Position(id.P)
		text := src[p.Filename]
		if p.Offset < 0 || p.Offset+len(id.Name) > len(text) || string(text[p.Offset:p.Offset+len(id.Name)]) != id.Name {
			continue
		}
		// The flags of GFP_KERNEL | __GFP_ZERO become GFP_ATOMIC | __GFP_ZERO.
		edits = append(edits, analysis.TextEdit{Pos: id.P, End: id.P + token.Pos(len(id.Name)), NewText: []byte(atomicFlag)})
		if !slices.Contains(replaced, id.Name) {
			replaced = append(replaced, id.Name)
		}
	}
	if len(edits) == 0 {
		return nil, ""
	}
	return edits, "replace " + strings.Join(replaced, " and ") + " with " + atomicFlag +
		", which does not sleep but may fail: handle a NULL return, or allocate before the atomic section"
}

// end is the end of an argument expression.
func end(e ir.Expr) token.Pos {
	if id, ok := e.(*ir.Ident); ok {
		return id.P + token.Pos(len(id.Name))
	}
	return token.NoPos
}

// sources returns the text of the module's files by path.
func sources(m *ir.Module) map[string][]byte {
	out := map[string][]byte{}
	for _, f := range m.Files {
		out[f.Path] = f.Src
	}
	return out
}
