// Package locks defines the helper Analyzer that works out which locks
// are held at each point of a driver module's functions, for every lock
// class of the kernel model: spinlocks (and their _bh, _irq and _irqsave
// forms), rwlocks, raw spinlocks, mutexes, semaphores, rwsems, guards,
// trylocks where they succeeded, and the sections that disable
// interrupts, bottom halves or preemption or read RCU. It reports
// nothing.
//
// The analysis is a forward dataflow over each function's control flow:
// Must is what is held on every path to a point, May what is held on
// some. Each function also gets a summary of what calling it does to its
// caller's locks (a lock or unlock wrapper, a helper that drops the
// caller's lock around a sleep), composed through the module's call
// graph; the Deep view applies the summaries at calls, the Local view
// sees a function's own lock calls only.
//
// The Result memoises as it is asked (the views, the path view):
// the analyses of one module, which run one after another, share it;
// it is not for concurrent use.
package locks

import (
	"reflect"
	"sync"

	"golang.org/x/tools/go/analysis"

	"github.com/kdlint/kdlint/analyzers/passes/callgraph"
	"github.com/kdlint/kdlint/analyzers/passes/input"
	"github.com/kdlint/kdlint/ir"
	"github.com/kdlint/kdlint/kmodel"
)

// Analyzer computes the locks held in a module.
var Analyzer = &analysis.Analyzer{
	Name:       "locks",
	Doc:        "find the locks held at each call and return of a driver module",
	Run:        run,
	Requires:   []*analysis.Analyzer{input.Analyzer, input.KernelModel, callgraph.Analyzer},
	ResultType: reflect.TypeOf((*Result)(nil)),
}

// Result holds the lock facts of a module.
type Result struct {
	// Local sees each function's own lock calls and guards only. It is
	// computed on first use (no rule asks it today).
	Local *View
	// Deep also sees the summaries of the module functions it calls and
	// the locks its annotations say its caller holds. It is computed on
	// first use.
	Deep *View

	module    *ir.Module
	km        *kmodel.Model
	graph     *callgraph.Graph
	deepOnce  sync.Once
	localOnce sync.Once
	summaries map[*ir.Func]*Summary
	calleeOf  map[*ir.Call]*ir.Func
	scc       map[*ir.Func]int // strongly connected component of the call graph
	sccs      [][]*ir.Func     // the components, callees' first (components)
	doms      map[*ir.Func]*dominators
	uses      map[*ir.Func]bool // usesLocks

	noReturnMu sync.Mutex
	noReturn   map[*ir.Func]bool
	halves     map[*ir.Call]bool // guardHalves

	// The path view (paths.go), computed on first use.
	pathsOnce      sync.Once
	src            map[string]*ir.File
	vars           map[*ir.Func]*vars
	takes          map[*ir.Func][]*Take
	enables        map[*ir.Func]*Take
	paths          map[*ir.Func]*FuncPaths
	callerReleased map[*ir.Call]bool
}

// Of returns the result of a pass that requires Analyzer.
func Of(pass *analysis.Pass) *Result { return pass.ResultOf[Analyzer].(*Result) }

// Summary returns what calling f does to its caller's locks; nil when it
// does nothing to them.
func (r *Result) Summary(f *ir.Func) *Summary {
	r.deepOnce.Do(r.computeDeep)
	return r.summaries[f]
}

func (r *Result) callee(c *ir.Call) *ir.Func { return r.calleeOf[c] }

// varsFor returns what the analyses know of the variables of f, a
// function with a body that makes lock calls or calls others; nil for
// any other. It is made when first asked for: most functions that call
// others are never analysed.
func (r *Result) varsFor(f *ir.Func) *vars {
	if v, ok := r.vars[f]; ok {
		return v
	}
	var v *vars
	if len(f.Blocks) > 0 && (r.usesLocks(f) || len(r.graph.Callees[f]) > 0) {
		v = newVars(f, funcText(r.src[f.File], f), func(c *ir.Call) bool { _, ok := r.opOf(c); return ok })
	}
	r.vars[f] = v
	return v
}

func run(pass *analysis.Pass) (any, error) {
	m := input.Of(pass)
	r := &Result{module: m, km: input.Model(pass), graph: callgraph.Of(pass), halves: map[*ir.Call]bool{}}
	r.Local = &View{r: r, facts: map[*ir.Func]*facts{}}
	r.Deep = &View{r: r, deep: true, facts: map[*ir.Func]*facts{}}
	r.src = map[string]*ir.File{}
	for _, file := range m.Files {
		r.src[file.Path] = file
	}
	r.vars = map[*ir.Func]*vars{}
	if uncached {
		for _, f := range m.Funcs {
			r.varsFor(f)
		}
	}
	for _, f := range m.Funcs {
		if len(f.Blocks) > 0 && r.usesLocks(f) {
			guardHalves(f, r.halves)
		}
	}
	if uncached {
		r.localOnce.Do(r.computeLocal)
	}
	return r, nil
}

// computeLocal works out the Local view's facts of every function that
// makes lock calls itself. Nothing it reads changes after run (the
// guards' halves, the variables, the lock operations), so when it runs
// does not change what it finds.
func (r *Result) computeLocal() {
	for _, f := range r.module.Funcs {
		if len(f.Blocks) > 0 && r.usesLocks(f) {
			r.Local.facts[f] = newFlow(r, f, false).run(nil)
		}
	}
}
