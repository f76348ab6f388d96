// Package errpaths defines the helper Analyzer that finds, for each
// function of a driver module, which of its returns report failure, and
// which set-up objects (workqueues, tasklets, timers, work items, as the
// lifecycle pass finds them) are still live on each: created and not torn
// down. It reports nothing.
//
// A return reports failure by its value (return -ENOMEM, return
// PTR_ERR(p), return dev_err_probe(...), return foo_register(...)) or, for
// the variable the function returns most often (ret, err), by what the
// path to it assigned and tested: "out: return ret;" reached with ret = 0
// is a success. An object is live from its set-up call until a teardown
// of its kind that destroys it (the kernel's, or a module function's that
// reaches one however deep, or a devres action's), except on the branch
// that found the creation failed (if (!wq), if (IS_ERR(wq))).
//
// Results are computed on first use; the Result is safe for concurrent
// use.
package errpaths

import (
	"reflect"
	"sort"
	"sync"

	"golang.org/x/tools/go/analysis"

	"github.com/kdlint/kdlint/analyzers/passes/callgraph"
	"github.com/kdlint/kdlint/analyzers/passes/input"
	"github.com/kdlint/kdlint/analyzers/passes/lifecycle"
	"github.com/kdlint/kdlint/ir"
	"github.com/kdlint/kdlint/kmodel"
)

// Analyzer finds error returns and the objects live on them.
var Analyzer = &analysis.Analyzer{
	Name:       "errpaths",
	Doc:        "find the error returns of a driver module's functions and the objects still live on them",
	Run:        run,
	Requires:   []*analysis.Analyzer{input.Analyzer, input.KernelModel, callgraph.Analyzer, lifecycle.Analyzer},
	ResultType: reflect.TypeOf((*Result)(nil)),
}

// ErrorReturn is a return of a function that reports failure.
type ErrorReturn struct {
	Return *ir.Return
	Kind   Kind
	// Label is the first label a path to the return entered ("err_free"
	// for a goto ladder), with the object live for a Leak; "" when none.
	Label string
}

// Leak is an error return reached with an object live.
type Leak struct {
	Object *lifecycle.Object
	ErrorReturn
}

// Result answers for the module's functions and objects.
type Result struct {
	module   *ir.Module
	km       *kmodel.Model
	graph    *callgraph.Graph
	lc       *lifecycle.Result
	calleeOf map[*ir.Call]*ir.Func

	mu       sync.Mutex
	info     map[*ir.Func]*funcInfo
	succeeds map[*ir.Func]bool // alwaysSucceeds, per module function
	destroys map[kmodel.ObjectKind]map[*ir.Func]map[string]bool
}

// Of returns the result of a pass that requires Analyzer.
func Of(pass *analysis.Pass) *Result { return pass.ResultOf[Analyzer].(*Result) }

func run(pass *analysis.Pass) (any, error) {
	r := &Result{module: input.Of(pass), km: input.Model(pass), graph: callgraph.Of(pass), lc: lifecycle.Of(pass),
		calleeOf: map[*ir.Call]*ir.Func{}, info: map[*ir.Func]*funcInfo{}, succeeds: map[*ir.Func]bool{},
		destroys: map[kmodel.ObjectKind]map[*ir.Func]map[string]bool{}}
	for _, sites := range r.graph.Callees {
		for _, s := range sites {
			r.calleeOf[s.Call] = s.Callee
		}
	}
	return r, nil
}

func (r *Result) infoOf(f *ir.Func) *funcInfo {
	fi := r.info[f]
	if fi == nil {
		fi = newFuncInfo(f)
		fi.neverFails = func(c *ir.Call) bool {
			callee := r.module.Resolve(c.Name, f.File)
			if callee == nil {
				return false
			}
			if callee.BodyUnneeded || len(callee.Blocks) == 0 {
				// A module helper whose body was not parsed: what it
				// returns is not known, and a path that returns it
				// untested is not taken as a failure.
				return true
			}
			return r.alwaysSucceeds(callee)
		}
		r.info[f] = fi
	}
	return fi
}

// ErrorReturns returns the returns of f that report failure on some path
// to them, in position order.
func (r *Result) ErrorReturns(f *ir.Func) []ErrorReturn {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.returns(f, walk(f, r.infoOf(f), nil, true))
}

// Leaks returns the error returns of the function that sets o up which
// some path reaches with o live, in position order. A file-scope object
// (DECLARE_TASKLET) has none, nor has one devres tears down.
func (r *Result) Leaks(o *lifecycle.Object) []Leak {
	if o.In == nil || o.Devres() {
		return nil // devres tears it down on any failure
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []Leak
	for _, ret := range r.returns(o.In, walk(o.In, r.infoOf(o.In), object{r, o}, false)) {
		out = append(out, Leak{Object: o, ErrorReturn: ret})
	}
	return out
}

// neverFails reports whether return ret of f (return call(...)) returns
// the result of a module function that never fails: one whose every
// return is return 0, or that returns nothing.
func (r *Result) neverFails(f *ir.Func, ret *ir.Return) bool {
	c, ok := ret.Value.(*ir.Call)
	return ok && r.neverFailsCall(f, c)
}

// neverFailsCall reports whether call c of f is of a module function
// that never fails (neverFails).
func (r *Result) neverFailsCall(f *ir.Func, c *ir.Call) bool {
	callee := r.module.Resolve(c.Name, f.File)
	if callee == nil || callee.BodyUnneeded || len(callee.Blocks) == 0 {
		return false
	}
	return r.alwaysSucceeds(callee)
}

// alwaysSucceeds reports whether every return of the parsed function f
// is return 0 or returns nothing; worked out once per function, as the
// error-path walks ask at every call on every pass.
func (r *Result) alwaysSucceeds(f *ir.Func) bool {
	if v, ok := r.succeeds[f]; ok {
		return v
	}
	v := true
	for _, b := range f.Blocks {
		for _, n := range b.Nodes {
			if rr, ok := n.(*ir.Return); ok && rr.Value != nil {
				if l, ok := rr.Value.(*ir.Lit); !ok || l.Text != "0" {
					v = false
				}
			}
		}
	}
	r.succeeds[f] = v
	return v
}

// LeaksIn returns the leaks of every object f sets up, in position order.
func (r *Result) LeaksIn(f *ir.Func) []Leak {
	var out []Leak
	for _, o := range r.lc.Objects {
		if o.In == f {
			out = append(out, r.Leaks(o)...)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Return.P < out[j].Return.P })
	return out
}

func (r *Result) returns(f *ir.Func, fs []found) []ErrorReturn {
	out := make([]ErrorReturn, 0, len(fs))
	for _, x := range fs {
		if x.kind == Propagated && r.neverFails(f, x.ret) {
			continue
		}
		out = append(out, ErrorReturn{Return: x.ret, Kind: x.kind, Label: x.label})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Return.P < out[j].Return.P })
	return out
}
