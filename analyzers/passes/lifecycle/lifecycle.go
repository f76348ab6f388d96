// Package lifecycle defines the helper Analyzer that finds a driver
// module's deferred-work objects (workqueues, tasklets, timers, work items),
// where each is set up, and which teardown calls the module's exit and
// remove paths make. The setup and teardown calls come from the kernel API
// model; rules decide what is missing.
package lifecycle

import (
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/kdlint/kdlint/analyzers/passes/callgraph"
	"github.com/kdlint/kdlint/analyzers/passes/entries"
	"github.com/kdlint/kdlint/analyzers/passes/input"
	"github.com/kdlint/kdlint/ir"
	"github.com/kdlint/kdlint/kmodel"
)

// Analyzer finds objects and teardowns.
var Analyzer = &analysis.Analyzer{
	Name:       "lifecycle",
	Doc:        "find deferred-work objects and the teardown calls on exit and remove paths",
	Run:        run,
	Requires:   []*analysis.Analyzer{input.Analyzer, input.KernelModel, callgraph.Analyzer, entries.Analyzer},
	ResultType: reflect.TypeOf((*Result)(nil)),
}

// Object is one set-up of a deferred-work object.
type Object struct {
	Kind  kmodel.ObjectKind
	Setup *ir.Call
	In    *ir.Func // nil for a file-scope DECLARE_*
	// Keys name the object (ir.ObjectKey): the variable or member it is
	// stored in, and any member a local holding it is copied to.
	Keys []string
	Expr ir.Expr // how the code names it, for messages
	file string  // for file-scope objects
}

// Name is the object as the code names it.
func (o *Object) Name() string {
	if o.Expr != nil {
		return o.Expr.String()
	}
	return o.Setup.Name + "(...)"
}

// TeardownCall is a teardown found on a path.
type TeardownCall struct {
	Call *ir.Call
	Op   *kmodel.Teardown
	Key  string
	In   *ir.Func
}

// Result is what the Analyzer found.
type Result struct {
	Objects []*Object
	// OnTeardownPath holds the teardown calls made by exit and remove
	// functions and everything they call.
	OnTeardownPath []TeardownCall
	// multiDriver is set when the directory holds several drivers (several
	// module_init or exit functions): an object is then torn down by the
	// exit and remove functions of its own file, when that file has any.
	multiDriver bool
	byFile      map[string][]TeardownCall
	// Anywhere holds every teardown call of the module, reachable from
	// exit and remove or not.
	Anywhere []TeardownCall
	// Devres holds the teardowns registered with devm_add_action*(): the
	// call is the registration, the key the object handed to the action.
	Devres []TeardownCall
	// HasTeardownPath is false when the module has no exit or remove
	// function: it cannot be unloaded, so nothing needs tearing down.
	HasTeardownPath bool
	ents            *entries.Entries // for PathName
}

// Of returns the result of a pass that requires Analyzer.
func Of(pass *analysis.Pass) *Result { return pass.ResultOf[Analyzer].(*Result) }

func run(pass *analysis.Pass) (any, error) {
	m := input.Of(pass)
	g := callgraph.Of(pass)
	ents := entries.Of(pass)
	km := input.Model(pass)
	r := &Result{ents: ents}
	for _, f := range m.Funcs {
		r.Objects = append(r.Objects, objectsIn(km, f)...)
	}
	for _, gl := range m.Globals {
		entries.WalkCalls(gl.Init, func(c *ir.Call) {
			if s := km.SetupFor(c.Name); s != nil && s.ObjArg >= 0 && s.ObjArg < len(c.Args) {
				arg := ir.StripAddr(c.Args[s.ObjArg])
				r.Objects = append(r.Objects, &Object{Kind: s.Kind, Setup: c, Keys: []string{ir.ObjectKey(arg)}, Expr: arg, file: gl.File})
			}
		})
	}
	for _, f := range m.Funcs {
		r.Anywhere = append(r.Anywhere, teardownsIn(km, f)...)
		r.Devres = append(r.Devres, devresTeardowns(km, g, f)...)
	}
	down := ents.Teardown()
	r.HasTeardownPath = len(down) > 0
	for f := range g.Reachable(down) {
		r.OnTeardownPath = append(r.OnTeardownPath, teardownsIn(km, f)...)
	}
	// Devres actions run on every teardown path.
	r.OnTeardownPath = append(r.OnTeardownPath, r.Devres...)
	r.multiDriver = len(ents.Inits) > 1 || len(ents.Exits) > 1
	if r.multiDriver {
		r.byFile = map[string][]TeardownCall{}
		roots := map[string][]*ir.Func{}
		for _, f := range down {
			roots[f.File] = append(roots[f.File], f)
		}
		for file, fs := range roots {
			for f := range g.Reachable(fs) {
				r.byFile[file] = append(r.byFile[file], teardownsIn(km, f)...)
			}
			r.byFile[file] = append(r.byFile[file], r.Devres...)
		}
	}
	return r, nil
}

// File is the file that sets the object up.
func (o *Object) File() string {
	if o.In != nil {
		return o.In.File
	}
	return o.file
}

// teardownPath returns the teardown calls that count for o.
func (r *Result) teardownPath(o *Object) []TeardownCall {
	if r.multiDriver {
		if list, ok := r.byFile[o.File()]; ok {
			return list
		}
	}
	return r.OnTeardownPath
}

// PathName names the exit and remove functions that should tear o down.
func (r *Result) PathName(o *Object) string {
	if r.multiDriver {
		var own []*ir.Func
		for _, f := range r.ents.Teardown() {
			if f.File == o.File() {
				own = append(own, f)
			}
		}
		if len(own) > 0 {
			return pathName(own)
		}
		// The file has no teardown of its own; the module's were looked at.
		return "none in " + filepath.Base(o.File()) + "; the directory's: " + TeardownPathName(r.ents)
	}
	return TeardownPathName(r.ents)
}

// devresTeardowns finds devm_add_action*(dev, fn, obj) calls in f whose
// action fn tears down an object: obj is then torn down by devres.
func devresTeardowns(km *kmodel.Model, g *callgraph.Graph, f *ir.Func) []TeardownCall {
	var out []TeardownCall
	for _, c := range f.Calls() {
		a := km.DevmActionFor(c.Name)
		if a == nil || a.FnArg >= len(c.Args) || a.ObjArg >= len(c.Args) {
			continue
		}
		fn := g.Module.Resolve(ir.CalleeName(c.Args[a.FnArg]), f.File)
		if fn == nil {
			continue
		}
		key := ir.ObjectKey(c.Args[a.ObjArg])
		for h := range g.Reachable([]*ir.Func{fn}) {
			for _, t := range teardownsIn(km, h) {
				out = append(out, TeardownCall{Call: c, Op: t.Op, Key: key, In: f})
			}
		}
	}
	return out
}

// IsDevresTeardown reports whether call c registers a devres action that
// tears o down.
func (r *Result) IsDevresTeardown(c *ir.Call, o *Object) bool {
	for _, t := range r.Devres {
		if t.Call == c && t.Op.Kind == o.Kind && t.Op.Destroy && o.Matches(t.Key) {
			return true
		}
	}
	return false
}

func teardownsIn(km *kmodel.Model, f *ir.Func) []TeardownCall {
	var out []TeardownCall
	for _, c := range f.Calls() {
		for _, op := range km.TeardownsFor(c.Name) {
			key := ""
			if op.ObjArg < len(c.Args) {
				key = ir.ObjectKey(c.Args[op.ObjArg])
			}
			out = append(out, TeardownCall{Call: c, Op: op, Key: key, In: f})
		}
	}
	return out
}

// objectsIn finds the set-up calls of f and the names their objects get.
func objectsIn(km *kmodel.Model, f *ir.Func) []*Object {
	var out []*Object
	byCall := map[*ir.Call]*Object{}
	for _, b := range f.Blocks {
		for _, n := range b.Nodes {
			switch n := n.(type) {
			case *ir.Call:
				s := km.SetupFor(n.Name)
				if s == nil {
					continue
				}
				o := &Object{Kind: s.Kind, Setup: n, In: f}
				if s.ObjArg >= 0 && s.ObjArg < len(n.Args) {
					o.Expr = ir.StripAddr(n.Args[s.ObjArg])
					o.Keys = []string{ir.ObjectKey(o.Expr)}
				}
				byCall[n] = o
				out = append(out, o)
			case *ir.Assign:
				// wq = alloc_workqueue(...): the object is the LHS.
				if c, ok := n.RHS.(*ir.Call); ok {
					if o := byCall[c]; o != nil && o.Expr == nil {
						o.Expr = n.LHS
						o.Keys = []string{ir.ObjectKey(n.LHS)}
					}
				}
			}
		}
	}
	// A local copied into a member: priv->wq = wq.
	for _, b := range f.Blocks {
		for _, n := range b.Nodes {
			a, ok := n.(*ir.Assign)
			if !ok {
				continue
			}
			src := ir.ObjectKey(a.RHS)
			if src == "" {
				continue
			}
			for _, o := range out {
				if len(o.Keys) > 0 && o.Keys[0] == src {
					if k := ir.ObjectKey(a.LHS); k != "" && k != src {
						o.Keys = append(o.Keys, k)
					}
				}
			}
		}
	}
	return out
}

// Matches reports whether key names o.
func (o *Object) Matches(key string) bool {
	for _, k := range o.Keys {
		if k != "" && k == key {
			return true
		}
	}
	return false
}

// TornDown returns the teardown on the exit/remove path that handles o,
// using want to choose which teardown operations count. A teardown whose
// object the analysis cannot name counts for every object of its kind,
// so that loops over arrays do not produce false reports.
func (r *Result) TornDown(o *Object, want func(*kmodel.Teardown) bool) (TeardownCall, bool) {
	return find(r.teardownPath(o), o, want)
}

// TornDownSomewhere is TornDown over every function of the module. A
// teardown that exists but is not reachable from exit or remove through
// direct calls is most often called through a function pointer the call
// graph does not follow, so rules stay silent then.
func (r *Result) TornDownSomewhere(o *Object, want func(*kmodel.Teardown) bool) bool {
	_, ok := find(r.Anywhere, o, want)
	return ok
}

func find(list []TeardownCall, o *Object, want func(*kmodel.Teardown) bool) (TeardownCall, bool) {
	for _, t := range list {
		if t.Op.Kind == o.Kind && want(t.Op) && (o.Matches(t.Key) || t.Key == "") {
			return t, true
		}
	}
	return TeardownCall{}, false
}

// TeardownPathName lists the exit and remove functions for messages:
// "foo_exit(), foo_remove()".
func TeardownPathName(e *entries.Entries) string { return pathName(e.Teardown()) }

// pathName names teardown functions for a message: the first three and
// how many more (a directory of many small drivers has dozens).
func pathName(fs []*ir.Func) string {
	const shown = 3
	var names []string
	for _, f := range fs {
		if n := f.Name + "()"; !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	switch {
	case len(names) == 0:
		return "no exit or remove function"
	case len(names) > shown+1:
		return fmt.Sprintf("%s and %d more", strings.Join(names[:shown], ", "), len(names)-shown)
	}
	return strings.Join(names, ", ")
}
