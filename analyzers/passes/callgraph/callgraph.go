// Package callgraph defines the helper Analyzer that builds the call graph
// of a driver module: which functions of the module call which, and from
// where. Calls to functions outside the module (kernel APIs) are not edges.
package callgraph

import (
	"reflect"

	"golang.org/x/tools/go/analysis"

	"github.com/kdlint/kdlint/analyzers/passes/input"
	"github.com/kdlint/kdlint/ir"
)

// Analyzer builds the call graph.
var Analyzer = &analysis.Analyzer{
	Name:       "callgraph",
	Doc:        "build the call graph of a driver module",
	Run:        run,
	Requires:   []*analysis.Analyzer{input.Analyzer},
	ResultType: reflect.TypeOf((*Graph)(nil)),
}

// Site is a call from one module function to another.
type Site struct {
	Caller *ir.Func
	Call   *ir.Call
	Callee *ir.Func
}

// Graph is the module's call graph.
type Graph struct {
	Module  *ir.Module
	Callees map[*ir.Func][]Site
}

func run(pass *analysis.Pass) (any, error) {
	m := input.Of(pass)
	g := &Graph{Module: m, Callees: map[*ir.Func][]Site{}}
	for _, f := range m.Funcs {
		for _, c := range f.Calls() {
			if callee := m.Resolve(c.Name, f.File); callee != nil {
				g.Callees[f] = append(g.Callees[f], Site{Caller: f, Call: c, Callee: callee})
			}
		}
	}
	return g, nil
}

// Of returns the graph of a pass that requires Analyzer.
func Of(pass *analysis.Pass) *Graph { return pass.ResultOf[Analyzer].(*Graph) }

// Reachable returns the functions reachable from roots, roots included.
func (g *Graph) Reachable(roots []*ir.Func) map[*ir.Func]bool {
	seen := map[*ir.Func]bool{}
	var visit func(f *ir.Func)
	visit = func(f *ir.Func) {
		if f == nil || seen[f] {
			return
		}
		seen[f] = true
		for _, s := range g.Callees[f] {
			visit(s.Callee)
		}
	}
	for _, r := range roots {
		visit(r)
	}
	return seen
}
