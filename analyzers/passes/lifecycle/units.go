package lifecycle

import (
	"cmp"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/kdlint/kdlint/analyzers/passes/ctext"
	"github.com/kdlint/kdlint/analyzers/passes/entries"
	"github.com/kdlint/kdlint/ir"
)

// A unit is one kernel module (or the built-in objects of a directory):
// the boundary of what its exit and remove functions tear down. Which
// teardown paths can run (Documentation/kbuild/makefiles.rst,
// kernel/module/main.c:774-781, drivers/base/bus.c:759-765):
//
//   - module_exit runs on rmmod, for code built as a module that has one
//     (a module_*_driver() macro defines one); built-in code never runs it;
//   - a driver's remove runs when a device is unbound: on rmmod (the
//     exit unregisters the driver), through sysfs unless the driver sets
//     suppress_bind_attrs, and when the device goes away. Built-in code
//     with suppress_bind_attrs is practically never unbound.
//
// An object set up only by code that module init reaches lives until
// module exit; one set up in probe, or elsewhere, until the device is
// unbound or the module unloaded.
type unit struct {
	name     string
	files    map[string]bool
	builtin  bool
	why      string // why it is built in
	fallback bool   // no Kbuild object: the files of a directory

	exits, removes, inits, probes []*ir.Func
	drivers                       []*entries.Driver
	exitRuns, removeRuns          bool

	exitPath, removePath []TeardownCall
	devres               []TeardownCall
	initReach            map[*ir.Func]bool
	probeReach           map[*ir.Func]bool
	perDriver            map[*entries.Driver]*driverPath
}

// driverPath is what one driver's probe reaches and its remove tears
// down.
type driverPath struct {
	probeReach map[*ir.Func]bool
	teardowns  []TeardownCall
}

// driverPath returns d's (computed once).
func (r *Result) driverPath(u *unit, d *entries.Driver) *driverPath {
	if p := u.perDriver[d]; p != nil {
		return p
	}
	p := &driverPath{probeReach: r.reach(d.Probes, u), teardowns: r.teardownsReached(u, d.Removes)}
	if u.perDriver == nil {
		u.perDriver = map[*entries.Driver]*driverPath{}
	}
	u.perDriver[d] = p
	return p
}

// probedBy returns the drivers of u whose probe reaches o's set-up.
func (r *Result) probedBy(u *unit, o *Object) []*entries.Driver {
	var out []*entries.Driver
	if o.In != nil {
		for _, d := range u.drivers {
			if r.driverPath(u, d).probeReach[o.In] {
				out = append(out, d)
			}
		}
	}
	return out
}

// driversOf returns the drivers of u whose probe reaches o's set-up, or
// all of u's when none does.
func (r *Result) driversOf(u *unit, o *Object) []*entries.Driver {
	if ds := r.probedBy(u, o); len(ds) > 0 {
		return ds
	}
	return u.drivers
}

// buildUnits makes the units of the module from ir.Module.Units: the
// built-in objects of the directory are one unit (they are linked
// together), every loadable module its own; without units the directory
// is one, split by file when it holds several drivers (several init or
// exit functions).
func (r *Result) buildUnits() {
	r.byFile = map[string][]*unit{}
	var builtin *unit
	for _, mu := range r.module.Units {
		u := &unit{name: mu.Name, files: map[string]bool{}, builtin: mu.BuiltinOnly, why: mu.Why, fallback: mu.Name == ""}
		if mu.Outside {
			u.why = "built also from other directories"
		}
		if mu.BuiltinOnly && !mu.Outside {
			if builtin == nil {
				builtin = u
				r.units = append(r.units, u)
			} else {
				builtin.name += ", " + mu.Name
			}
			u = builtin
		} else {
			r.units = append(r.units, u)
		}
		for _, f := range mu.Files {
			u.files[f] = true
			r.byFile[f] = append(r.byFile[f], u)
		}
		if mu.Outside {
			u.fallback = true // its exit and remove may be elsewhere
		}
	}
	if len(r.module.Units) == 0 {
		r.directoryUnits()
	}
	for _, u := range r.units {
		r.fill(u)
	}
}

// directoryUnits makes the units of a directory without a Kbuild file.
func (r *Result) directoryUnits() {
	all := &unit{name: filepath.Base(r.module.Dir), files: map[string]bool{}, fallback: true}
	for _, f := range r.module.Files {
		if strings.HasSuffix(f.Path, ".c") {
			all.files[f.Path] = true
		}
	}
	r.units = append(r.units, all)
	e := r.ents
	if len(e.Inits) <= 1 && len(e.Exits) <= 1 {
		for f := range all.files {
			r.byFile[f] = []*unit{all}
		}
		return
	}
	// Several drivers: a file with an exit or remove function of its own
	// is its own unit; the other files share the directory's.
	own := map[string]bool{}
	for _, f := range append(append([]*ir.Func{}, e.Exits...), e.Removes...) {
		own[f.File] = true
	}
	for f := range all.files {
		if own[f] {
			u := &unit{name: filepath.Base(f), files: map[string]bool{f: true}, fallback: true}
			r.units = append(r.units, u)
			r.byFile[f] = []*unit{u}
		} else {
			r.byFile[f] = []*unit{all}
		}
	}
}

// unitOf returns the unit of the file that sets an object up; a header
// belongs to every unit, the first standing for them.
func (r *Result) unitOf(file string) *unit {
	if us := r.byFile[file]; len(us) > 0 {
		return us[0]
	}
	if len(r.units) > 0 {
		return r.units[0]
	}
	return nil
}

// inUnit reports whether function f belongs to u: defined in one of its
// files, or in a header (or a file of no unit).
func (r *Result) inUnit(u *unit, f *ir.Func) bool {
	if u.files[f.File] {
		return true
	}
	return len(r.byFile[f.File]) == 0 || u.fallback && !strings.HasSuffix(f.File, ".c")
}

// fill works out which entry points of the module are u's, which
// teardown paths can run, and what they tear down.
func (r *Result) fill(u *unit) {
	e := r.ents
	in := func(fs []*ir.Func) []*ir.Func {
		var out []*ir.Func
		for _, f := range fs {
			if u.files[f.File] {
				out = append(out, f)
			}
		}
		return out
	}
	u.exits, u.inits = in(e.Exits), in(e.Inits)
	exitMacro := false
	for _, d := range e.Drivers {
		if !u.files[d.File] {
			continue
		}
		if slices.Contains(e.RuntimeSuppressBind, d.File) {
			d.SuppressBind = true
		}
		u.drivers = append(u.drivers, d)
		for _, f := range d.Removes {
			u.removes = appendOnce(u.removes, f)
		}
		for _, f := range d.Probes {
			u.probes = appendOnce(u.probes, f)
		}
		exitMacro = exitMacro || d.Exit
	}
	for _, f := range in(e.Removes) {
		u.removes = appendOnce(u.removes, f)
	}
	for _, f := range in(e.Probes) {
		u.probes = appendOnce(u.probes, f)
	}
	u.exitRuns = !u.builtin && (len(u.exits) > 0 || exitMacro)
	for _, d := range u.drivers {
		if d.Global == nil && u.builtin {
			continue // a remove member set at run time in built-in code: of what, is not known
		}
		u.removeRuns = u.removeRuns || u.exitRuns || !d.SuppressBind
	}
	if u.fallback && len(u.drivers) == 0 && len(u.removes) > 0 {
		u.removeRuns = true // remove functions found by assignment alone
	}
	u.devres = r.devresIn(u)
	if u.exitRuns {
		u.exitPath = r.teardownsReached(u, u.exits)
	}
	if u.removeRuns {
		u.removePath = r.teardownsReached(u, u.removes)
	}
	u.initReach = r.reach(u.inits, u)
	u.probeReach = r.reach(u.probes, u)
}

// devresIn returns the devres teardowns registered in u's files.
func (r *Result) devresIn(u *unit) []TeardownCall {
	var out []TeardownCall
	for _, t := range r.Devres {
		if r.inUnit(u, t.In) {
			out = append(out, t)
		}
	}
	return out
}

// teardownsReached returns the teardown calls of the functions roots
// reach in u, in the order of the functions' definitions (so that the
// first of several is the same on every run).
func (r *Result) teardownsReached(u *unit, roots []*ir.Func) []TeardownCall {
	reached := r.reach(roots, u)
	fs := make([]*ir.Func, 0, len(reached))
	for f := range reached {
		fs = append(fs, f)
	}
	slices.SortFunc(fs, func(a, b *ir.Func) int {
		if c := cmp.Compare(a.Pos, b.Pos); c != 0 {
			return c
		}
		return cmp.Or(strings.Compare(a.File, b.File), strings.Compare(a.Name, b.Name))
	})
	var out []TeardownCall
	for _, f := range fs {
		out = append(out, r.teardownsIn(f)...)
	}
	return out
}

// teardownsFor returns the teardown calls that count for o: those of
// the exit path, of the remove callbacks of the drivers whose probe sets
// it up (of every driver when none does), and of devres actions.
func (r *Result) teardownsFor(o *Object) []TeardownCall {
	u := o.unit
	out := append(append([]TeardownCall{}, u.exitPath...), u.devres...)
	if !u.removeRuns {
		return out
	}
	ds := r.driversOf(u, o)
	if len(ds) == len(u.drivers) {
		return append(out, u.removePath...)
	}
	for _, d := range ds {
		out = append(out, r.driverPath(u, d).teardowns...)
	}
	return out
}

// Lifetime says which teardown paths must tear an object down, and why
// none must.
type Lifetime struct {
	// Needed is false when no teardown path can run for the object: its
	// kernel module is built in, or cannot be unloaded and the object is
	// not a device's. Why says why.
	Needed bool
	Why    string
	// Exit and Remove say which paths can run.
	Exit, Remove bool
	// InitOnly: only module init sets the object up.
	InitOnly bool
	// UnbindOnly: built-in code whose only teardown path is unbinding a
	// driver that has no remove callback: nothing the driver allocated
	// itself is freed then, only its devm_* resources.
	UnbindOnly bool
	// FromEntry: module init or a driver's probe sets the object up (or
	// it is defined at file scope): it lives as long as the module or the
	// device, not as long as a request or a connection.
	FromEntry bool
	// Roots are the exit and remove functions that run, Drivers the bus
	// drivers whose remove is one (or that have none).
	Roots   []*ir.Func
	Drivers []*entries.Driver
}

// LifetimeOf says what must tear o down.
func (r *Result) LifetimeOf(o *Object) Lifetime {
	u := o.unit
	if u == nil {
		return Lifetime{Why: "no teardown path"}
	}
	ds := r.driversOf(u, o)
	remove := u.removeRuns
	if len(ds) < len(u.drivers) {
		remove = false
		for _, d := range ds {
			remove = remove || u.exitRuns || !d.SuppressBind
		}
	}
	lt := Lifetime{Exit: u.exitRuns, Remove: remove, Drivers: ds}
	if u.exitRuns {
		lt.Roots = append(lt.Roots, u.exits...)
	}
	if remove && len(ds) == len(u.drivers) {
		lt.Roots = append(lt.Roots, u.removes...)
	} else if remove {
		for _, d := range ds {
			lt.Roots = append(lt.Roots, d.Removes...)
		}
	}
	lt.UnbindOnly = u.builtin && !u.exitRuns && remove && len(lt.Roots) == 0
	lt.InitOnly = o.In == nil || o.In != nil && u.initReach[o.In] && !u.probeReach[o.In]
	lt.FromEntry = o.In == nil || u.initReach[o.In] || u.probeReach[o.In]
	for _, d := range ds {
		lt.FromEntry = lt.FromEntry || r.driverPath(u, d).probeReach[o.In]
	}
	switch {
	case u.exitRuns:
		lt.Needed = true
	case lt.InitOnly && u.builtin:
		lt.Why = fmt.Sprintf("%s can only be built in (%s), and module init sets it up", u.label(), u.why)
	case lt.InitOnly:
		lt.Why = u.label() + " has no module exit, and module init sets it up"
	case remove && u.builtin && len(r.probedBy(u, o)) == 0:
		lt.Why = fmt.Sprintf("%s can only be built in (%s), and no driver's probe sets it up", u.label(), u.why)
	case remove:
		lt.Needed = true
	case u.builtin && len(ds) > 0:
		lt.Why = fmt.Sprintf("%s can only be built in (%s) and its drivers suppress sysfs unbinding", u.label(), u.why)
	case u.builtin:
		lt.Why = fmt.Sprintf("%s can only be built in (%s) and registers no driver", u.label(), u.why)
	default:
		lt.Why = u.label() + " has no exit function and no driver"
	}
	return lt
}

// ForeignDevres returns a call, on the probe path of a driver that sets
// o up, of a managed (devm_) function another module defines and the
// module's own headers declare (a sibling module of the same subsystem,
// such as the subsystem's core): what its devres action tears down at
// unbind is in sources the analysis does not read, and may be o. Nil
// when there is none, or no driver's probe sets o up.
func (r *Result) ForeignDevres(o *Object) *ir.Call {
	u := o.unit
	if u == nil || o.In == nil {
		return nil
	}
	ds := r.probedBy(u, o)
	if len(ds) == 0 {
		return nil
	}
	if r.declared == nil {
		r.declared = map[string]bool{}
		for _, f := range r.module.Files {
			if strings.HasSuffix(f.Path, ".h") {
				// Declared, not called: a call in a static inline's body
				// (of devm_kzalloc, say) declares nothing.
				text, defs := string(f.Src), definitions(f.Src)
				ctext.EachCall(text, func(from, to int) {
					for _, d := range defs {
						if d.from <= from && from < d.to {
							return
						}
					}
					r.declared[text[from:to]] = true
				})
			}
		}
	}
	for _, f := range r.module.Funcs {
		probed := false
		for _, d := range ds {
			probed = probed || r.driverPath(u, d).probeReach[f]
		}
		if !probed {
			continue
		}
		for _, c := range f.Calls() {
			if c.Name != "" && r.km.IsManaged(c.Name) && r.declared[c.Name] && !r.definedHere(c.Name) && r.km.DevmActionFor(c.Name) == nil {
				return c
			}
		}
	}
	return nil
}

func (u *unit) label() string {
	if u.fallback || u.name == "" {
		return "the module"
	}
	return u.name + ".ko"
}

// PathName names the exit and remove functions that should tear o down,
// for messages: "foo_exit(), foo_remove()", or what stands for a missing
// remove ("remove of cw_bat_driver, which has none").
func (r *Result) PathName(o *Object) string {
	lt := r.LifetimeOf(o)
	var parts []string
	if len(lt.Roots) > 0 {
		parts = append(parts, pathName(lt.Roots))
	}
	if lt.Remove {
		var none []string
		for _, d := range lt.Drivers {
			if len(d.Removes) == 0 && d.Global != nil {
				none = append(none, d.Global.Name)
			}
		}
		if len(none) > 0 {
			parts = append(parts, strings.Join(none, ", ")+" has no remove callback")
		}
	}
	if len(parts) == 0 {
		return "no exit or remove function"
	}
	return strings.Join(parts, "; ")
}

// Gone says what the object can outlive, for messages: "the module is
// unloaded", "the device is unbound".
func (r *Result) Gone(o *Object) string {
	lt := r.LifetimeOf(o)
	switch {
	case lt.Exit && lt.Remove && !lt.InitOnly:
		return "the device is unbound or the module unloaded"
	case lt.Exit:
		return "the module is unloaded"
	}
	return "the device is unbound"
}

func appendOnce(list []*ir.Func, fn *ir.Func) []*ir.Func {
	if slices.Contains(list, fn) {
		return list
	}
	return append(list, fn)
}
