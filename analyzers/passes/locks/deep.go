package locks

import (
	"github.com/kdlint/kdlint/analyzers/passes/callgraph"
	"github.com/kdlint/kdlint/ir"
)

// maxRounds bounds the fixpoint over each set of mutually recursive
// functions; a summary still changing after that keeps its last value.
const maxRounds = 8

// computeDeep works out every function's summary and the deep view's
// facts, callees before callers: each strongly connected component of
// the call graph in turn, iterated to a fixpoint, so that summaries
// compose however many calls deep.
func (r *Result) computeDeep() {
	r.calleeOf = map[*ir.Call]*ir.Func{}
	for _, sites := range r.graph.Callees {
		for _, s := range sites {
			r.calleeOf[s.Call] = s.Callee
		}
	}
	r.summaries = map[*ir.Func]*Summary{}
	r.scc = map[*ir.Func]int{}
	for i, scc := range r.components() {
		for _, f := range scc {
			r.scc[f] = i
		}
		for round := 0; round < maxRounds; round++ {
			changed := false
			for _, f := range scc {
				fs, s := r.analyseDeep(f)
				if s.signature() != r.summaries[f].signature() {
					changed = true
				}
				r.summaries[f] = s
				if fs != nil {
					r.Deep.facts[f] = fs
				} else {
					delete(r.Deep.facts, f)
				}
			}
			if !changed || len(scc) == 1 && !callsItself(scc[0], r.graph) {
				break
			}
		}
	}
}

// analyseDeep analyses f with the current summaries of its callees and
// returns its facts (nil when nothing in it touches a lock) and summary.
func (r *Result) analyseDeep(f *ir.Func) (*facts, *Summary) {
	if len(f.Blocks) == 0 {
		fl := &flow{f: f, r: r}
		return nil, fl.summarize(nil, nil)
	}
	if !r.usesLocks(f) && len(f.Annotations) == 0 && !r.callsSummarised(f) {
		return nil, nil
	}
	fl := newFlow(r, f, true)
	initial := fl.entries()
	fs := fl.run(initial)
	return fs, fl.summarize(initial, fs)
}

func (r *Result) callsSummarised(f *ir.Func) bool {
	for _, s := range r.graph.Callees[f] {
		if r.summaries[s.Callee] != nil {
			return true
		}
	}
	return false
}

func callsItself(f *ir.Func, g *callgraph.Graph) bool {
	for _, s := range g.Callees[f] {
		if s.Callee == f {
			return true
		}
	}
	return false
}

// components returns the module's strongly connected components of the
// call graph, callees' before their callers', worked out once (the deep
// view's summaries and the takes are both made in that order).
func (r *Result) components() [][]*ir.Func {
	if r.sccs == nil {
		r.sccs = components(r.module.Funcs, r.graph)
	}
	return r.sccs
}

// components returns the strongly connected components of the call graph
// (Tarjan), callees' components before their callers'.
func components(funcs []*ir.Func, g *callgraph.Graph) [][]*ir.Func {
	index := map[*ir.Func]int{}
	low := map[*ir.Func]int{}
	onStack := map[*ir.Func]bool{}
	var stack []*ir.Func
	var out [][]*ir.Func
	var visit func(f *ir.Func)
	visit = func(f *ir.Func) {
		index[f] = len(index)
		low[f] = index[f]
		stack = append(stack, f)
		onStack[f] = true
		for _, s := range g.Callees[f] {
			if _, seen := index[s.Callee]; !seen {
				visit(s.Callee)
				low[f] = min(low[f], low[s.Callee])
			} else if onStack[s.Callee] {
				low[f] = min(low[f], index[s.Callee])
			}
		}
		if low[f] == index[f] {
			var scc []*ir.Func
			for {
				x := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				onStack[x] = false
				scc = append(scc, x)
				if x == f {
					break
				}
			}
			out = append(out, scc)
		}
	}
	for _, f := range funcs {
		if _, seen := index[f]; !seen {
			visit(f)
		}
	}
	return out
}
