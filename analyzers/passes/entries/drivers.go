package entries

import (
	"strings"

	"github.com/kdlint/kdlint/ir"
	"github.com/kdlint/kdlint/kmodel"
)

// Bus drivers: how the module's devices are bound and unbound. The
// lifecycle analyses need to know, besides the probe and remove
// functions, whether unbinding can happen at all: a driver registered by
// a builtin_*_driver() macro has no module exit, and one with
// suppress_bind_attrs set has no sysfs unbind either
// (drivers/base/bus.c:759-765).

// Driver is one bus driver structure of the module.
type Driver struct {
	// Global is the structure; nil for a driver found only through a
	// run-time assignment of its remove member.
	Global *ir.Global
	File   string
	// Struct is its struct tag ("platform_driver").
	Struct          string
	Probes, Removes []*ir.Func
	// SuppressBind: the driver has no sysfs bind and unbind files
	// (.driver.suppress_bind_attrs = true, or a *_driver_probe() macro).
	SuppressBind bool
	// Macro is the module_*_driver() or builtin_*_driver() macro that
	// registers it, "" when it is registered by a call; Exit says
	// whether that macro also defines the module's exit.
	Macro string
	Exit  bool
}

// driverOf returns the Driver of global g, creating it.
func (f *finder) driverOf(g *ir.Global) *Driver {
	for _, d := range f.e.Drivers {
		if d.Global == g {
			return d
		}
	}
	d := &Driver{Global: g, File: g.File, Struct: g.StructTag}
	f.e.Drivers = append(f.e.Drivers, d)
	return d
}

// driverMembers records the probe and remove members of a bus driver
// structure, nested or chained designators included (.ops = { .remove =
// f }, .ops.remove = f), and suppress_bind_attrs.
func (f *finder) driverMembers(g *ir.Global, ds *kmodel.DriverStruct) {
	list, ok := g.Init.(*ir.InitList)
	if !ok {
		return
	}
	d := f.driverOf(g)
	suppress := ds.Driver + "." + kmodel.SuppressBindAttrs
	eachMember(list, "", func(path string, v ir.Expr) {
		if ds.Driver != "" && path == suppress && isTrue(v) {
			d.SuppressBind = true
		}
		fn := f.resolve(ir.CalleeName(v))
		if fn == nil {
			return
		}
		for _, p := range ds.Probe {
			if path == p {
				d.Probes = appendOnce(d.Probes, fn)
				f.e.Probes = appendOnce(f.e.Probes, fn)
			}
		}
		for _, r := range ds.Remove {
			if path == r {
				d.Removes = appendOnce(d.Removes, fn)
				f.e.Removes = appendOnce(f.e.Removes, fn)
			}
		}
	})
}

// eachMember calls visit for each member of an initializer list with its
// dotted path.
func eachMember(list *ir.InitList, prefix string, visit func(path string, v ir.Expr)) {
	for _, el := range list.Elems {
		if el.Field == "" {
			continue
		}
		path := prefix + el.Field
		if sub, ok := el.Value.(*ir.InitList); ok {
			eachMember(sub, path+".", visit)
			continue
		}
		visit(path, el.Value)
	}
}

func isTrue(e ir.Expr) bool {
	switch e := e.(type) {
	case *ir.Lit:
		return e.Text != "0"
	case *ir.Ident:
		return e.Name == "true"
	}
	return false
}

// driverMacro records a driver registered by a module_*_driver() or
// builtin_*_driver() macro.
func (f *finder) driverMacro(dm *kmodel.DriverMacro, c *ir.Call) {
	args := []int{0}
	if dm.OtherStructArg > 0 {
		args = append(args, dm.OtherStructArg)
	}
	for _, i := range args {
		if i >= len(c.Args) {
			continue
		}
		g := f.global1(ir.CalleeName(c.Args[i]))
		if g == nil {
			continue
		}
		d := f.driverOf(g)
		d.Macro, d.Exit = dm.Macro, dm.Exit
		d.SuppressBind = d.SuppressBind || dm.SuppressBind
		if dm.ProbeArg > 0 && dm.ProbeArg < len(c.Args) {
			if fn := f.resolve(ir.CalleeName(c.Args[dm.ProbeArg])); fn != nil {
				d.Probes = appendOnce(d.Probes, fn)
			}
		}
	}
}

// removeAssign records remove callbacks set at run time, as driver
// libraries do for a structure their caller supplies
// (pci_driver->remove = mlxsw_pci_remove): an assignment of a module
// function to a member that is a remove member of some bus driver
// structure (the member's name alone says so: the IR has no types), and
// suppress_bind_attrs set the same way.
func (f *finder) removeAssign(a *ir.Assign) {
	mem, ok := a.LHS.(*ir.Member)
	if !ok {
		return
	}
	if mem.Name == kmodel.SuppressBindAttrs && isTrue(a.RHS) {
		f.e.RuntimeSuppressBind = append(f.e.RuntimeSuppressBind, f.file)
		return
	}
	if !f.km.IsRemoveMember(mem.Name) {
		return
	}
	fn := f.resolve(ir.CalleeName(a.RHS))
	if fn == nil {
		return
	}
	f.e.Removes = appendOnce(f.e.Removes, fn)
	for _, d := range f.e.Drivers {
		if d.Global == nil && d.File == f.file {
			d.Removes = appendOnce(d.Removes, fn)
			return
		}
	}
	f.e.Drivers = append(f.e.Drivers, &Driver{File: f.file, Struct: "(assigned at run time: " + strings.TrimPrefix(a.LHS.String(), "&") + ")", Removes: []*ir.Func{fn}})
}
