// Package lifecycle defines the helper Analyzer that finds a driver
// module's deferred-work objects (workqueues, tasklets, timers, hrtimers,
// work items), where each is set up, what schedules it, and which
// teardown calls the exit and remove paths of the kernel module it is
// built into make. The setup, scheduling and teardown calls come from the
// kernel API model; rules decide what is missing or out of order.
//
// The pieces, one file each:
//
//	objects.go   objects and the names (keys) they go by: locals copied
//	             from members, helpers that return a new object, the
//	             condition an object is created under
//	units.go     kernel modules (ir.Module.Units): which exit and remove
//	             functions can run, and the teardown calls they reach,
//	             through release callbacks, devres actions and
//	             operations-table calls too
//	producers.go what schedules each object: interrupt handlers, timer,
//	             work and tasklet callbacks, and reference counts taken
//	             around scheduling
//	order.go     the teardown calls of an exit or remove function in the
//	             order they run
package lifecycle

import (
	"fmt"
	"go/token"
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
	Doc:        "find deferred-work objects, what schedules them and the teardown calls on exit and remove paths",
	Run:        run,
	Requires:   []*analysis.Analyzer{input.Analyzer, input.KernelModel, callgraph.Analyzer, entries.Analyzer},
	ResultType: reflect.TypeOf((*Result)(nil)),
}

// TeardownCall is a teardown found in the module.
type TeardownCall struct {
	Call *ir.Call
	Op   *kmodel.Teardown
	// Keys name the object torn down (ir.ObjectKey of the argument and
	// of what a local argument was copied from); empty when the argument
	// names nothing the analysis can follow (an array element), which
	// then counts for every object of its kind.
	Keys []string
	In   *ir.Func
	// Devres is the devm_add_action*() call that registered the action
	// making this teardown; nil for a direct one.
	Devres *ir.Call
}

// Result is what the Analyzer found.
type Result struct {
	Objects []*Object
	// Anywhere holds every teardown call of the module, reachable from
	// exit and remove or not.
	Anywhere []TeardownCall
	// Devres holds the teardowns registered with devm_add_action*(): the
	// call is the registration, In its function.
	Devres []TeardownCall
	// IRQs are the module's interrupt handler installations.
	IRQs []*IRQ

	module  *ir.Module
	km      *kmodel.Model
	graph   *callgraph.Graph
	ents    *entries.Entries
	units   []*unit
	byFile  map[string][]*unit
	offPath map[*ir.Func]bool // offTeardownPath
	aliases map[*ir.Func]map[string][]string
	edges   *edges
	sched   *schedules
	// teardowns holds each function's teardown calls (teardownsIn): run
	// asks for every function, the paths and devres actions again.
	teardowns map[*ir.Func][]TeardownCall
	// atomicReach holds the functions atomic callbacks reach (NoWaitHere).
	atomicReach map[*ir.Func]bool
	rtnl        map[*ir.Func]bool
	// defined holds where the module's sources define each function, by
	// name, read from the sources (definedHere); bodies the text of
	// those asked for (bodyText).
	defined map[string][]span
	bodies  map[string]string
	// declared holds the names the module's own headers mention as
	// calls or declarations (ForeignDevres), read once.
	declared map[string]bool
	// firstDef holds where each name's first definition opens, and
	// params the parameter names worked out from it (paramsOf).
	firstDef map[string]defAt
	params   map[string][]string
	// gets holds the keys of the counts the module's sources take
	// references to (HoldsReference), read once.
	gets map[string]bool
	// exported holds the names the module's sources export
	// (QueuedOnlyByOtherModules), read once.
	exported map[string]bool
	// memberIRQ says, for each object key of a member the module
	// assigns, whether every assignment gives it an external interrupt
	// source (externalIRQ), made once.
	memberIRQ map[string]bool
	// holdsRef holds HoldsReference's answer for each callback.
	holdsRef map[*ir.Func]bool
	// drained holds the keys of the counts the module drains and waits
	// for with a completion, putsOf the keys of the counts each callback
	// drops references to, and zeroWaits, for each function, the counts
	// it waits to reach zero (HoldsDrainedReference).
	drained   map[string]bool
	putsOf    map[*ir.Func][]string
	zeroWaits map[string][]string
}

// Of returns the result of a pass that requires Analyzer.
func Of(pass *analysis.Pass) *Result { return pass.ResultOf[Analyzer].(*Result) }

func run(pass *analysis.Pass) (any, error) {
	r := &Result{module: input.Of(pass), km: input.Model(pass), graph: callgraph.Of(pass), ents: entries.Of(pass),
		aliases: map[*ir.Func]map[string][]string{}, teardowns: map[*ir.Func][]TeardownCall{}}
	r.edges = newEdges(r)
	for _, f := range r.module.Funcs {
		r.Objects = append(r.Objects, r.objectsIn(f)...)
	}
	r.fileObjects()
	for _, f := range r.module.Funcs {
		r.Anywhere = append(r.Anywhere, r.teardownsIn(f)...)
		r.Devres = append(r.Devres, r.devresTeardowns(f)...)
	}
	r.factories()
	r.findIRQs()
	r.sched = r.findSchedules()
	r.buildUnits()
	for _, o := range r.Objects {
		o.unit = r.unitOf(o.File())
	}
	return r, nil
}

// devresTeardowns finds devm_add_action*(dev, fn, obj) calls in f whose
// action fn tears down an object: devres tears it down from then on. The
// keys are those of the action's own teardown calls (di->fg_wq in
// fn(void *data) { struct ab8500_fg *di = data; destroy_workqueue(di->fg_wq); }),
// or the registration's object argument when the action tears down its
// parameter itself.
func (r *Result) devresTeardowns(f *ir.Func) []TeardownCall {
	var out []TeardownCall
	for _, c := range f.Calls() {
		a := r.km.DevmActionFor(c.Name)
		if a == nil || a.FnArg >= len(c.Args) || a.ObjArg >= len(c.Args) {
			continue
		}
		fn := r.module.Resolve(ir.CalleeName(c.Args[a.FnArg]), f.File)
		if fn == nil {
			// The action is a kernel teardown itself:
			// devm_add_action(dev, (void (*)(void *))destroy_workqueue, wq).
			for _, op := range r.km.TeardownsFor(ir.CalleeName(c.Args[a.FnArg])) {
				out = append(out, TeardownCall{Call: c, Op: op, Keys: r.keysOf(f, c.Args[a.ObjArg]), In: f, Devres: c})
			}
			continue
		}
		data := r.keysOf(f, c.Args[a.ObjArg])
		for h := range r.reach([]*ir.Func{fn}, nil) {
			for _, t := range r.teardownsIn(h) {
				keys := t.Keys
				if h == fn && slices.ContainsFunc(keys, func(k string) bool { return slices.Contains(fn.Params, k) }) {
					keys = data // the action tears down what it is given (a copy of it)
				}
				out = append(out, TeardownCall{Call: c, Op: t.Op, Keys: keys, In: f, Devres: c})
			}
		}
	}
	return out
}

// IsDevresTeardown reports whether call c registers a devres action that
// tears o down for good.
func (r *Result) IsDevresTeardown(c *ir.Call, o *Object) bool {
	for _, t := range r.Devres {
		if t.Call == c && t.Op.Kind == o.Kind && t.Op.Destroy && o.matchesAny(t.Keys) {
			return true
		}
	}
	return false
}

// IsDevresOrReset reports whether c registers a devres action that also
// runs at once when the registration fails (devm_add_action_or_reset).
func (r *Result) IsDevresOrReset(c *ir.Call) bool {
	a := r.km.DevmActionFor(c.Name)
	return a != nil && a.OrReset
}

// teardownsIn returns the teardown calls f makes itself.
func (r *Result) teardownsIn(f *ir.Func) []TeardownCall {
	if out, ok := r.teardowns[f]; ok {
		return out
	}
	var out []TeardownCall
	for _, c := range f.Calls() {
		for _, op := range r.km.TeardownsFor(c.Name) {
			var keys []string
			if op.ObjArg < len(c.Args) {
				keys = r.keysOf(f, c.Args[op.ObjArg])
				// cancel_work_sync(&p->dwork.work) cancels p->dwork.
				if m, ok := ir.StripAddr(c.Args[op.ObjArg]).(*ir.Member); ok && op.Kind == kmodel.Work && m.Name == kmodel.DelayedWorkMember {
					if outer := ir.ObjectKey(m.X); strings.HasPrefix(outer, ".") && !slices.Contains(keys, outer) {
						keys = append(keys, outer)
					}
				}
			}
			out = append(out, TeardownCall{Call: c, Op: op, Keys: keys, In: f})
		}
	}
	r.teardowns[f] = out
	return out
}

// TeardownKeys returns the keys the argument i of call c in f names (see
// TeardownCall.Keys).
func (r *Result) TeardownKeys(f *ir.Func, c *ir.Call, i int) []string {
	if i >= len(c.Args) {
		return nil
	}
	return r.keysOf(f, c.Args[i])
}

// TornDown returns the teardown on o's teardown path (the exit and
// remove functions of its kernel module, what they reach, and devres
// actions) that handles o, using want to choose which teardown
// operations count. A teardown whose object the analysis cannot name
// counts for every object of its kind, so that loops over arrays do not
// produce false reports.
func (r *Result) TornDown(o *Object, want func(*kmodel.Teardown) bool) (TeardownCall, bool) {
	if o.unit == nil {
		return TeardownCall{}, false
	}
	return find(r.teardownsFor(o), o, want)
}

// TeardownsOnPath returns every teardown of o's kind on its teardown
// path that want accepts and that names o (or nothing).
func (r *Result) TeardownsOnPath(o *Object, want func(*kmodel.Teardown) bool) []TeardownCall {
	if o.unit == nil {
		return nil
	}
	var out []TeardownCall
	for _, t := range r.teardownsFor(o) {
		if t.Op.Kind == o.Kind && want(t.Op) && (len(t.Keys) == 0 || o.matchesAny(t.Keys)) {
			out = append(out, t)
		}
	}
	return out
}

// TornDownSomewhere is TornDown over every function of o's kernel
// module. A teardown that exists but is not reachable from exit or
// remove is most often called through a function pointer the analysis
// does not follow, or by another module through an exported function, so
// rules stay silent then; but not for one made where the device does not
// go away (onTeardownSide). A devres registration counts wherever it is
// made: in probe, by design.
func (r *Result) TornDownSomewhere(o *Object, want func(*kmodel.Teardown) bool) bool {
	if _, ok := find(r.onTeardownSide(r.ofModule(o, r.Anywhere)), o, want); ok {
		return true
	}
	_, ok := find(r.ofModule(o, r.Devres), o, want)
	return ok
}

// ofModule returns the teardowns of list made in o's kernel module: a
// directory that Kbuild builds into several modules (drivers/bluetooth,
// drivers/spi) holds teardowns of other modules' objects of the same
// member name, which cannot tear o down. Where the unit is the
// directory's fallback, or o is set up in a header, any counts.
func (r *Result) ofModule(o *Object, list []TeardownCall) []TeardownCall {
	u := o.unit
	if u == nil || u.fallback || !strings.HasSuffix(o.File(), ".c") {
		return list
	}
	return slices.DeleteFunc(slices.Clone(list), func(t TeardownCall) bool { return t.In != nil && !r.inUnit(u, t.In) })
}

// onTeardownSide returns the teardowns of list not made by a function
// known to run off the teardown path (offTeardownPath: probe, module
// init, system suspend).
func (r *Result) onTeardownSide(list []TeardownCall) []TeardownCall {
	off := r.offTeardownPath()
	return slices.DeleteFunc(slices.Clone(list), func(t TeardownCall) bool { return t.In != nil && off[t.In] })
}

// TeardownsSomewhere returns the teardowns of o's kind in any function
// of the module (TornDownSomewhere's calls) that want accepts and that
// name o: made, for instance, by a stop function the analysis does not
// connect to exit or remove.
func (r *Result) TeardownsSomewhere(o *Object, want func(*kmodel.Teardown) bool) []TeardownCall {
	var out []TeardownCall
	for _, t := range r.onTeardownSide(r.ofModule(o, r.Anywhere)) {
		if t.Op.Kind == o.Kind && want(t.Op) && o.matchesAny(t.Keys) {
			out = append(out, t)
		}
	}
	return out
}

// EnabledAgain reports whether the function of disable d (a
// tasklet_disable) enables the same object again after it: a flush
// (disable, wait, enable), not a final stop.
func (r *Result) EnabledAgain(d TeardownCall) bool {
	for _, t := range r.teardownsIn(d.In) {
		if t.Op.Enable && t.Op.Kind == d.Op.Kind && t.Call.P > d.Call.P && overlaps(t.Keys, d.Keys) {
			return true
		}
	}
	return false
}

func overlaps(a, b []string) bool {
	for _, k := range a {
		if k != "" && slices.Contains(b, k) {
			return true
		}
	}
	return false
}

func find(list []TeardownCall, o *Object, want func(*kmodel.Teardown) bool) (TeardownCall, bool) {
	for _, t := range list {
		if t.Op.Kind == o.Kind && want(t.Op) && (len(t.Keys) == 0 || o.matchesAny(t.Keys)) {
			return t, true
		}
	}
	return TeardownCall{}, false
}

// pathName names teardown functions for a message: the first three and
// how many more.
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

// LineRef names the line of at for a message about a finding at from:
// "line N" in the same file, "file.c:N" (the base name) in another.
func LineRef(fset *token.FileSet, from, at token.Pos) string {
	p, q := fset.Position(from), fset.Position(at)
	if p.Filename == q.Filename {
		return fmt.Sprintf("line %d", q.Line)
	}
	return fmt.Sprintf("%s:%d", filepath.Base(q.Filename), q.Line)
}
