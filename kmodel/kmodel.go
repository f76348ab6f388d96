package kmodel

import (
	"slices"
	"strings"
)

// Context is an execution context a function can run in.
type Context uint8

const (
	Process Context = iota // may sleep
	SoftIRQ                // tasklets, timer callbacks, NAPI, RCU callbacks
	HardIRQ                // hard interrupt handlers, hrtimers
	Locked                 // process context with a spinlock (or similar) held
)

// Atomic reports whether code in c must not sleep.
func (c Context) Atomic() bool { return c != Process }

func (c Context) String() string {
	switch c {
	case Process:
		return "process context"
	case SoftIRQ:
		return "softirq context"
	case HardIRQ:
		return "hard IRQ context"
	case Locked:
		return "atomic context"
	}
	return "unknown context"
}

// Lookup tables, built once from the tables.
var (
	sleepers       = map[string]*Sleeper{}
	locks          = map[string]*LockOp{}
	registrations  = map[string][]*Registration{}
	fieldCallbacks = map[string]*FieldCallback{}
	setups         = map[string]*Setup{}
	teardowns      = map[string][]*Teardown{}
	driverStructs  = map[string]*DriverStruct{}
	driverMacros   = map[string]*DriverMacro{}
	gfpFlags       = map[string]bool{}
	contextTests   = byName(ContextTests, func(t *ContextTest) string { return t.Func })
	callbackWaits  = byName(CallbackWaits, func(w *CallbackWait) string { return w.Func })
	hrtimerInits   = byName(HrtimerInits, func(h *HrtimerInit) string { return h.Func })
	moduleEntries  = byName(ModuleEntries, func(m *ModuleEntry) string { return m.Macro })
	devmActions    = byName(DevmActions, func(d *DevmAction) string { return d.Func })
	guards         = byName(Guards, func(g *Guard) string { return g.Type })
)

// byName indexes a table by the name key gives each row.
func byName[T any](rows []T, key func(*T) string) map[string]*T {
	out := make(map[string]*T, len(rows))
	for i := range rows {
		out[key(&rows[i])] = &rows[i]
	}
	return out
}

func init() {
	for i := range Sleepers {
		sleepers[Sleepers[i].Func] = &Sleepers[i]
	}
	for i := range LockDroppingWaits {
		sleepers[LockDroppingWaits[i].Func] = &LockDroppingWaits[i]
	}
	for i := range LockOps {
		locks[LockOps[i].Func] = &LockOps[i]
	}
	for i := range Registrations {
		r := &Registrations[i]
		registrations[r.Func] = append(registrations[r.Func], r)
	}
	for i := range FieldCallbacks {
		fieldCallbacks[FieldCallbacks[i].Field] = &FieldCallbacks[i]
	}
	for i := range Setups {
		setups[Setups[i].Func] = &Setups[i]
	}
	for i := range Teardowns {
		t := &Teardowns[i]
		teardowns[t.Func] = append(teardowns[t.Func], t)
	}
	for i := range DriverStructs {
		driverStructs[DriverStructs[i].Struct] = &DriverStructs[i]
	}
	for i := range DriverMacros {
		driverMacros[DriverMacros[i].Macro] = &DriverMacros[i]
	}
	for _, f := range SleepingGFP {
		gfpFlags[f] = true
	}
}

// SleeperFor returns how fn may sleep, or nil if the model knows no reason.
func SleeperFor(fn string) *Sleeper {
	if s := sleepers[fn]; s != nil {
		return s
	}
	for i := range SleeperPrefixes {
		if strings.HasPrefix(fn, SleeperPrefixes[i].Func) {
			return &SleeperPrefixes[i]
		}
	}
	return nil
}

// LockOpFor returns the lock operation fn performs, or nil.
func LockOpFor(fn string) *LockOp { return locks[fn] }

// GuardFor returns the lock guard of type typ (the first argument of
// guard() and scoped_guard()), or nil for a guard of something else
// (srcu, device, a driver's own DEFINE_GUARD).
func GuardFor(typ string) *Guard { return guards[typ] }

// TryHolds reports whether a trylock op holds the lock when its result
// is true (spin_trylock) rather than when it is 0 (down_trylock).
func (op *LockOp) TryHolds(result bool) bool { return result != op.TryZero }

// RegistrationsFor returns the callback registrations fn performs.
func RegistrationsFor(fn string) []*Registration { return registrations[fn] }

// FieldCallbackFor returns the context of a callback stored in a struct
// field of that name (e.g. timer.function), or nil.
func FieldCallbackFor(field string) *FieldCallback { return fieldCallbacks[field] }

// SetupFor returns the lifecycle set-up fn performs, or nil.
func SetupFor(fn string) *Setup { return setups[fn] }

// TeardownsFor returns the lifecycle teardowns fn performs.
func TeardownsFor(fn string) []*Teardown { return teardowns[fn] }

// DriverStructFor returns the bus driver structure named by the C struct
// tag, or nil.
func DriverStructFor(tag string) *DriverStruct { return driverStructs[tag] }

// DriverMacroFor returns the module_*_driver style macro, or nil.
func DriverMacroFor(name string) *DriverMacro { return driverMacros[name] }

// SleepingGFPFlag reports whether a GFP flag expression names a flag that
// allows direct reclaim, i.e. makes an allocation sleep.
func SleepingGFPFlag(flag string) bool { return gfpFlags[flag] }

// IsContextTest reports whether fn is a context test (ContextTests).
func IsContextTest(fn string) bool { return contextTests[fn] != nil }

// ContextTestIn returns the value the context test fn has in context ctx:
// known is false when fn is not a context test or its value is not fixed
// there.
func ContextTestIn(fn string, ctx Context) (value, known bool) {
	t := contextTests[fn]
	switch {
	case t == nil:
		return false, false
	case slices.Contains(t.True, ctx):
		return true, true
	case slices.Contains(t.False, ctx):
		return false, true
	}
	return false, false
}

// HrtimerModeContexts returns the contexts an hrtimer callback may run in
// for the mode named mode: softirq for the HRTIMER_MODE_*_SOFT modes, hard
// IRQ for the other HRTIMER_MODE_* names, either when the mode is not one
// of them (a variable, an expression).
func HrtimerModeContexts(mode string) []Context {
	switch {
	case !strings.HasPrefix(mode, "HRTIMER_MODE_"):
		return []Context{HardIRQ, SoftIRQ}
	case strings.HasSuffix(mode, "_SOFT"):
		return []Context{SoftIRQ}
	}
	return []Context{HardIRQ}
}

// CallbackWaitFor returns how fn waits for a timer callback, or nil.
func CallbackWaitFor(fn string) *CallbackWait {
	return callbackWaits[fn]
}

// HrtimerInitFor returns the hrtimer set-up fn performs, or nil.
func HrtimerInitFor(fn string) *HrtimerInit {
	return hrtimerInits[fn]
}

// ModuleEntryFor returns the module_init/module_exit style macro, or nil.
func ModuleEntryFor(name string) *ModuleEntry {
	return moduleEntries[name]
}

// OpsSlotFor returns the atomic-context operations-table member, or nil.
func OpsSlotFor(structTag, field string) *OpsSlot {
	for i := range OpsSlots {
		if OpsSlots[i].Struct == structTag && OpsSlots[i].Field == field {
			return &OpsSlots[i]
		}
	}
	return nil
}

// DevmActionFor returns the devres action registration fn performs, or nil.
func DevmActionFor(fn string) *DevmAction {
	return devmActions[fn]
}

// In reports whether name is one of names (the model's short lists).
func In(name string, names []string) bool {
	for _, n := range names {
		if n == name {
			return true
		}
	}
	return false
}

// Names returns every name the model knows: calls, macros, callback
// fields and structure tags. The front end keeps any declaration that
// mentions one.
func Names() map[string]bool {
	out := map[string]bool{}
	mark(out, ScopedGuards, func(g string) (string, bool) { return g, true })
	mark(out, FieldCallbacks, func(f FieldCallback) (string, bool) { return f.Field, true })
	mark(out, OpsSlots, func(o OpsSlot) (string, bool) { return o.Struct, true })
	mark(out, Sleepers, func(s Sleeper) (string, bool) { return s.Func, true })
	mark(out, LockOps, func(l LockOp) (string, bool) { return l.Func, true })
	mark(out, Registrations, func(r Registration) (string, bool) { return r.Func, true })
	mark(out, Setups, func(s Setup) (string, bool) { return s.Func, true })
	mark(out, Teardowns, func(t Teardown) (string, bool) { return t.Func, true })
	mark(out, ModuleEntries, func(m ModuleEntry) (string, bool) { return m.Macro, true })
	mark(out, DriverMacros, func(d DriverMacro) (string, bool) { return d.Macro, true })
	mark(out, DriverStructs, func(d DriverStruct) (string, bool) { return d.Struct, true })
	return out
}

// mark adds to out the name of each row that name accepts.
func mark[T any](out map[string]bool, rows []T, name func(T) (string, bool)) {
	for _, r := range rows {
		if n, ok := name(r); ok {
			out[n] = true
		}
	}
}
