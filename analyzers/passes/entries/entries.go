// Package entries defines the helper Analyzer that finds a driver module's
// entry points: the callbacks the kernel runs in a known execution context
// (tasklet handlers, timer callbacks, IRQ handlers, ...) and the module's
// init, exit, probe and remove functions. Which registration means what
// comes from the kernel API model (kmodel).
package entries

import (
	"go/token"
	"reflect"

	"golang.org/x/tools/go/analysis"

	"github.com/kdlint/kdlint/analyzers/passes/input"
	"github.com/kdlint/kdlint/ir"
	"github.com/kdlint/kdlint/kmodel"
)

// Analyzer finds entry points.
var Analyzer = &analysis.Analyzer{
	Name:       "entries",
	Doc:        "find the execution contexts and lifecycle entry points of a driver module",
	Run:        run,
	Requires:   []*analysis.Analyzer{input.Analyzer, input.KernelModel},
	ResultType: reflect.TypeOf((*Entries)(nil)),
}

// Callback is a function the kernel calls in a known context.
type Callback struct {
	Func    *ir.Func
	Context kmodel.Context
	Kind    string    // "tasklet handler", "hard IRQ handler", ...
	Pos     token.Pos // where it is registered
	By      string    // the registering call or field, e.g. "tasklet_init"
	// Object is the timer, tasklet or work item the callback belongs to
	// (timer_setup(&p->t, fn), p->t.function = fn), of kind ObjectKind;
	// nil when the registration names none.
	Object     ir.Expr
	ObjectKind kmodel.ObjectKind
	// Where names the context exactly for messages ("BH disabled, TX
	// queue lock held"); Context.String() when empty.
	Where string
	// IRQsOff is set when the callback runs with interrupts disabled
	// (the panic notifier chain).
	IRQsOff bool
}

// Entries is what the Analyzer found.
type Entries struct {
	Callbacks map[*ir.Func][]Callback
	// Lifecycle entry points. Setup is init and probe functions; Teardown
	// is exit and remove functions.
	Inits, Exits, Probes, Removes []*ir.Func
	// Drivers are the bus driver structures, with how they are
	// registered (drivers.go); RuntimeSuppressBind the files that set
	// suppress_bind_attrs by assignment.
	Drivers             []*Driver
	RuntimeSuppressBind []string
}

// Setup returns the init and probe functions.
func (e *Entries) Setup() []*ir.Func { return append(append([]*ir.Func{}, e.Inits...), e.Probes...) }

// Teardown returns the exit and remove functions.
func (e *Entries) Teardown() []*ir.Func {
	return append(append([]*ir.Func{}, e.Exits...), e.Removes...)
}

// Of returns the entries of a pass that requires Analyzer.
func Of(pass *analysis.Pass) *Entries { return pass.ResultOf[Analyzer].(*Entries) }

type finder struct {
	m       *ir.Module
	km      *kmodel.Model
	e       *Entries
	file    string   // file of the code being looked at, to resolve static names
	fn      *ir.Func // the function being looked at, nil in initializers
	globals map[string][]*ir.Global
	seen    map[*ir.Func]map[string]bool
}

func run(pass *analysis.Pass) (any, error) {
	m := input.Of(pass)
	f := &finder{m: m, km: input.Model(pass), e: &Entries{Callbacks: map[*ir.Func][]Callback{}}, globals: map[string][]*ir.Global{}, seen: map[*ir.Func]map[string]bool{}}
	for _, g := range m.Globals {
		f.globals[g.Name] = append(f.globals[g.Name], g)
	}
	for _, fn := range m.Funcs {
		f.file, f.fn = fn.File, fn
		for _, b := range fn.Blocks {
			for _, n := range b.Nodes {
				switch n := n.(type) {
				case *ir.Call:
					f.call(n)
				case *ir.Assign:
					f.assign(n)
				}
			}
		}
	}
	for _, g := range m.Globals {
		f.file, f.fn = g.File, nil
		f.global(g)
	}
	f.atomicContexts()
	f.declared()
	return f.e, nil
}

// call handles registrations made by calls in function bodies and in
// global initializers (DECLARE_TASKLET, module_init, ...).
func (f *finder) call(c *ir.Call) {
	for _, r := range f.km.RegistrationsFor(c.Name) {
		if r.Arg >= len(c.Args) {
			continue
		}
		ctxs := []kmodel.Context{r.Context}
		if hi := f.km.HrtimerInitFor(c.Name); hi != nil && hi.ModeArg < len(c.Args) {
			ctxs = kmodel.HrtimerModeContexts(ir.CalleeName(c.Args[hi.ModeArg]))
		}
		cb := Callback{Context: r.Context, Kind: r.Kind, Pos: c.P, By: c.Name}
		if s := f.km.SetupFor(c.Name); s != nil && s.ObjArg >= 0 && s.ObjArg < len(c.Args) {
			cb.Object, cb.ObjectKind = c.Args[s.ObjArg], s.Kind
		}
		for _, ctx := range ctxs {
			cb.Context = ctx
			f.callback(ir.CalleeName(c.Args[r.Arg]), cb)
		}
	}
	if me := f.km.ModuleEntryFor(c.Name); me != nil && len(c.Args) > 0 {
		if fn := f.resolve(ir.CalleeName(c.Args[0])); fn != nil {
			if me.Exit {
				f.e.Exits = appendOnce(f.e.Exits, fn)
			} else {
				f.e.Inits = appendOnce(f.e.Inits, fn)
			}
		}
	}
	if dm := f.km.DriverMacroFor(c.Name); dm != nil && len(c.Args) > 0 {
		if g := f.global1(ir.CalleeName(c.Args[0])); g != nil {
			f.driverStruct(g, true)
		}
		if dm.ProbeArg > 0 && dm.ProbeArg < len(c.Args) {
			if fn := f.resolve(ir.CalleeName(c.Args[dm.ProbeArg])); fn != nil {
				f.e.Probes = appendOnce(f.e.Probes, fn)
			}
		}
		f.driverMacro(dm, c)
	}
}

// assign handles callbacks stored by assignment: t.function = fn.
func (f *finder) assign(a *ir.Assign) {
	f.removeAssign(a)
	mem, ok := a.LHS.(*ir.Member)
	if !ok {
		return
	}
	if fc := f.km.FieldCallbackFor(mem.Name); fc != nil {
		ctxs, kind := []kmodel.Context{fc.Context}, fc.Kind
		if mode, ok := f.hrtimerMode(mem.X); ok {
			ctxs, kind = kmodel.HrtimerModeContexts(mode), kmodel.HrtimerKind
		}
		for _, ctx := range ctxs {
			cb := Callback{Context: ctx, Kind: kind, Pos: a.P, By: "." + mem.Name, Object: mem.X, ObjectKind: fc.Object, Where: fc.Where}
			if fc.NoObject {
				cb.Object = nil
			}
			f.callback(ir.CalleeName(a.RHS), cb)
		}
	}
}

// hrtimerMode finds the hrtimer set-up of timer in the function being
// looked at, and returns the mode it was given.
func (f *finder) hrtimerMode(timer ir.Expr) (string, bool) {
	if f.fn == nil {
		return "", false
	}
	key := ir.ObjectKey(timer)
	for _, c := range f.fn.Calls() {
		hi := f.km.HrtimerInitFor(c.Name)
		if hi != nil && hi.ObjArg < len(c.Args) && hi.ModeArg < len(c.Args) && ir.ObjectKey(c.Args[hi.ObjArg]) == key {
			return ir.CalleeName(c.Args[hi.ModeArg]), true
		}
	}
	return "", false
}

// global handles initializers: calls in them, ops tables and driver
// structures.
func (f *finder) global(g *ir.Global) {
	ir.WalkCalls(g.Init, f.call)
	if f.km.DriverStructFor(g.StructTag) != nil {
		f.driverStruct(g, false)
	}
	if list, ok := g.Init.(*ir.InitList); ok {
		for _, el := range list.Elems {
			if slot := f.km.OpsSlotFor(g.StructTag, el.Field); slot != nil {
				f.callback(ir.CalleeName(el.Value), Callback{Context: slot.Context, Kind: slot.Kind, Pos: el.Value.Pos(), By: g.StructTag + "." + el.Field, Where: slot.Where})
			}
		}
	}
}

// driverStruct records the probe and remove members of a bus driver
// (drivers.go).
func (f *finder) driverStruct(g *ir.Global, _ bool) {
	if ds := f.km.DriverStructFor(g.StructTag); ds != nil {
		f.driverMembers(g, ds)
	}
}

// callback records cb, a registration of the function named name.
func (f *finder) callback(name string, cb Callback) {
	fn := f.resolve(name)
	if fn == nil {
		return
	}
	if f.seen[fn] == nil {
		f.seen[fn] = map[string]bool{}
	}
	key := cb.Kind + "/" + cb.Context.String()
	if cb.Object != nil {
		key += "/" + cb.Object.String()
	}
	if f.seen[fn][key] {
		return
	}
	f.seen[fn][key] = true
	cb.Func = fn
	f.e.Callbacks[fn] = append(f.e.Callbacks[fn], cb)
}

func appendOnce(list []*ir.Func, fn *ir.Func) []*ir.Func {
	for _, x := range list {
		if x == fn {
			return list
		}
	}
	return append(list, fn)
}

func (f *finder) resolve(name string) *ir.Func { return f.m.Resolve(name, f.file) }

// global1 returns the global named name, preferring the current file's.
func (f *finder) global1(name string) *ir.Global {
	gs := f.globals[name]
	for _, g := range gs {
		if g.File == f.file {
			return g
		}
	}
	if len(gs) > 0 {
		return gs[0]
	}
	return nil
}
