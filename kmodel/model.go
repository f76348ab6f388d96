package kmodel

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
)

// Model is the kernel API model as one value: the tables of this package,
// indexed, plus what a run adds for the code it lints (Extension: a user's
// own sleeping helpers, lock wrappers, ...). Analyses and the front end
// ask a Model, never a table, so that one run's additions cannot leak
// into another's. A Model is never changed once built; Default is the
// model of the tables alone.
type Model struct {
	t Tables
	// Indexes of t.
	sleepers       map[string]*Sleeper
	locks          map[string]*LockOp
	registrations  map[string][]*Registration
	fieldCallbacks map[string]*FieldCallback
	opsSlots       map[[2]string]*OpsSlot // by struct tag and member
	setups         map[string]*Setup
	teardowns      map[string][]*Teardown
	driverStructs  map[string]*DriverStruct
	driverMacros   map[string]*DriverMacro
	gfpFlags       map[string]uint64
	gfpTests       map[string]*GFPTest
	noReturns      map[string]*NoReturn
	zeroers        map[string]*Zeroer
	constMacros    map[string]*ConstMacro
	structRegs     map[string][]*StructRegistration
	workQueueings  map[string]*WorkQueueing
	wqAllocs       map[string]*WorkqueueAlloc
	timerArms      map[string]*TimerArm
	contextTests   map[string]*ContextTest
	callbackWaits  map[string]*CallbackWait
	hrtimerInits   map[string]*HrtimerInit
	moduleEntries  map[string]*ModuleEntry
	devmActions    map[string]*DevmAction
	schedules      map[string]*Schedule
	irqRequests    map[string]*IRQRequest
	irqStops       map[string]*IRQStop
	releaseCalls   map[string]*ReleaseCall
	refOps         map[string]*RefOp
	valueCopies    map[string]*ValueCopy
	systemWQ       map[string]bool
	guards         map[string]*Guard
	notSleeping    map[string]bool
	contextFuncs   map[string]*ContextFunc
	readers        map[string]bool
	chains         map[string]*NotifierChain
	keyTests       map[string]*StaticKey
	keyChanges     map[string]*StaticKey
	regmapInits    map[string]*RegmapInit
	regmapSources  map[string]bool
	// id names the extension the model was built with ("" for Default).
	id string

	nameSetsMu sync.Mutex
	nameSets   map[string]*NameSets
	namesOnce  sync.Once
	names      map[string]bool
}

// Tables are the rows a Model is built from.
type Tables struct {
	Sleepers          []Sleeper
	LockDroppingWaits []Sleeper
	SleeperPrefixes   []Sleeper
	CallbackWaits     []CallbackWait
	GFPFlags          []GFPFlag
	GFPTests          []GFPTest
	NoReturns         []NoReturn
	Zeroers           []Zeroer
	ConstMacros       []ConstMacro
	StructRegs        []StructRegistration
	WorkQueueings     []WorkQueueing
	BHWorkqueues      []string
	WorkqueueAllocs   []WorkqueueAlloc
	TimerArms         []TimerArm
	PagefaultOff      []string
	TimerPending      []string
	QuietSleeps       []QuietSleep
	LockOps           []LockOp
	Guards            []Guard
	ScopedGuards      []string
	Registrations     []Registration
	FieldCallbacks    []FieldCallback
	HrtimerInits      []HrtimerInit
	OpsSlots          []OpsSlot
	Setups            []Setup
	Teardowns         []Teardown
	DriverStructs     []DriverStruct
	DriverMacros      []DriverMacro
	ModuleEntries     []ModuleEntry
	DevmActions       []DevmAction
	Schedules         []Schedule
	SystemWorkqueues  []string
	SystemWorkFlushes []string
	IRQRequests       []IRQRequest
	IRQStops          []IRQStop
	ReleaseCalls      []ReleaseCall
	RefOps            []RefOp
	RefDrains         []RefDrain
	RefInits          []ArgOf
	CompletionSignals []string
	CountReads        []CountRead
	CondWaitPrefixes  []string
	ValueCopies       []ValueCopy
	CompletionWaits   []string
	DeviceWrites      []string
	RequestStops      []string
	RequestDrains     []string
	ExportMacros      []string
	MemoryFrees       []ArgOf
	DevresPrefixes    []string
	VFDisables        []ArgOf
	ExternalIRQs      []string
	DevicePublishers  []string
	ContextTests      []ContextTest
	NotifierChains    []NotifierChain
	StaticKeyTests    []StaticKey
	StaticKeyChanges  []StaticKey
	ContainerMacros   []string
	RegmapInits       []RegmapInit
	RegmapSources     []string
	RegmapSourceParts []string
	RegmapLockMembers []string
	// Readers lists calls that write nothing the caller can see
	// through their arguments (accessors, logging).
	Readers []string
	// NotSleeping lists calls that do not sleep although a row above
	// (a prefix, most often) says they may.
	NotSleeping []string
	// ContextFuncs lists functions that run in a context by their name
	// alone, however they are registered. The tables have none: kernel
	// callbacks are known by their registration; a run's extension
	// declares its own code's.
	ContextFuncs []ContextFunc
}

// builtin are this package's tables.
func builtin() Tables {
	return Tables{
		Sleepers: Sleepers, LockDroppingWaits: LockDroppingWaits, SleeperPrefixes: SleeperPrefixes,
		CallbackWaits: CallbackWaits, GFPFlags: GFPFlags, GFPTests: GFPTests, NoReturns: NoReturns, Zeroers: Zeroers,
		ConstMacros: ConstMacros, StructRegs: StructRegistrations, WorkQueueings: WorkQueueings,
		BHWorkqueues: BHWorkqueues, WorkqueueAllocs: WorkqueueAllocs, TimerArms: TimerArms,
		PagefaultOff: PagefaultDisablers, TimerPending: TimerPendingTests, QuietSleeps: QuietSleeps,
		LockOps: LockOps, Guards: Guards,
		ScopedGuards: ScopedGuards, Registrations: Registrations, FieldCallbacks: FieldCallbacks,
		HrtimerInits: HrtimerInits, OpsSlots: OpsSlots, Setups: Setups, Teardowns: Teardowns,
		DriverStructs: DriverStructs, DriverMacros: DriverMacros, ModuleEntries: ModuleEntries,
		DevmActions: DevmActions, ContextTests: ContextTests,
		Schedules: Schedules, SystemWorkqueues: SystemWorkqueues, SystemWorkFlushes: SystemWorkFlushes,
		IRQRequests: IRQRequests, IRQStops: IRQStops, ReleaseCalls: ReleaseCalls, RefOps: RefOps,
		RefDrains: RefDrains, RefInits: RefInits, CompletionSignals: CompletionSignals,
		CountReads: CountReads, CondWaitPrefixes: CondWaitPrefixes,
		ValueCopies: ValueCopies, CompletionWaits: CompletionWaits, DeviceWrites: DeviceWrites,
		RequestStops: RequestStops, RequestDrains: RequestDrains, ExportMacros: ExportMacros, MemoryFrees: MemoryFrees, DevresPrefixes: DevresPrefixes, VFDisables: VFDisables, ExternalIRQs: ExternalIRQSources, DevicePublishers: DevicePublishers,
		Readers: Readers, NotifierChains: NotifierChains,
		StaticKeyTests: StaticKeyTests, StaticKeyChanges: StaticKeyChanges, ContainerMacros: ContainerMacros,
		RegmapInits: RegmapInits, RegmapSources: RegmapSources, RegmapSourceParts: RegmapSourceParts,
		RegmapLockMembers: RegmapLockMembers,
	}
}

// Default returns the model of this package's tables.
var Default = sync.OnceValue(func() *Model { return build(builtin(), "") })

// Extension is what a run adds to the model for the code it lints: facts
// about the user's own functions, or corrections where the model is wrong
// about a kernel call. Rows take precedence over the tables' rows of the
// same name.
type Extension struct {
	Sleepers      []Sleeper      // functions that may sleep
	NotSleeping   []string       // functions that do not sleep, whatever the tables say
	LockOps       []LockOp       // lock and unlock wrappers
	Registrations []Registration // functions that register a callback to run in a context
	OpsSlots      []OpsSlot      // operations-table members called in a context
	Teardowns     []Teardown     // teardown helpers
	ContextFuncs  []ContextFunc  // functions that run in a context, by name
}

// IsZero reports whether e adds nothing.
func (e Extension) IsZero() bool {
	return len(e.Sleepers) == 0 && len(e.NotSleeping) == 0 && len(e.LockOps) == 0 &&
		len(e.Registrations) == 0 && len(e.OpsSlots) == 0 && len(e.Teardowns) == 0 &&
		len(e.ContextFuncs) == 0
}

// With returns the model extended by e (m itself when e adds nothing).
// Later rows win over earlier ones of the same name, so an extension's
// row replaces the table's.
func (m *Model) With(e Extension) *Model {
	if e.IsZero() {
		return m
	}
	t := m.t
	t.Sleepers = append(slices.Clone(t.Sleepers), e.Sleepers...)
	t.NotSleeping = append(slices.Clone(t.NotSleeping), e.NotSleeping...)
	t.LockOps = append(slices.Clone(t.LockOps), e.LockOps...)
	t.Registrations = append(slices.Clone(t.Registrations), e.Registrations...)
	t.OpsSlots = append(slices.Clone(t.OpsSlots), e.OpsSlots...)
	t.Teardowns = append(slices.Clone(t.Teardowns), e.Teardowns...)
	t.ContextFuncs = append(slices.Clone(t.ContextFuncs), e.ContextFuncs...)
	b, _ := json.Marshal(e)
	sum := sha256.Sum256(append([]byte(m.id+"\n"), b...))
	return build(t, hex.EncodeToString(sum[:8]))
}

// ID names the model for cache keys: "" for Default, otherwise a hash of
// what extended it.
func (m *Model) ID() string { return m.id }

func build(t Tables, id string) *Model {
	m := &Model{t: t, id: id, sleepers: map[string]*Sleeper{}, locks: map[string]*LockOp{},
		registrations: map[string][]*Registration{}, fieldCallbacks: map[string]*FieldCallback{},
		opsSlots: map[[2]string]*OpsSlot{},
		setups:   map[string]*Setup{}, teardowns: map[string][]*Teardown{}, driverStructs: map[string]*DriverStruct{},
		driverMacros: map[string]*DriverMacro{}, gfpFlags: map[string]uint64{}, notSleeping: map[string]bool{},
		structRegs: map[string][]*StructRegistration{},
		nameSets:   map[string]*NameSets{}}
	for i := range t.Sleepers {
		m.sleepers[t.Sleepers[i].Func] = &t.Sleepers[i]
	}
	for i := range t.LockDroppingWaits {
		m.sleepers[t.LockDroppingWaits[i].Func] = &t.LockDroppingWaits[i]
	}
	for i := range t.LockOps {
		m.locks[t.LockOps[i].Func] = &t.LockOps[i]
	}
	for i := range t.Registrations {
		r := &t.Registrations[i]
		m.registrations[r.Func] = append(m.registrations[r.Func], r)
	}
	for i := range t.FieldCallbacks {
		m.fieldCallbacks[t.FieldCallbacks[i].Field] = &t.FieldCallbacks[i]
	}
	for i := range t.OpsSlots {
		o := &t.OpsSlots[i]
		m.opsSlots[[2]string{o.Struct, o.Field}] = o // a later row wins
	}
	for i := range t.Setups {
		m.setups[t.Setups[i].Func] = &t.Setups[i]
	}
	for i := range t.Teardowns {
		td := &t.Teardowns[i]
		m.teardowns[td.Func] = append(m.teardowns[td.Func], td)
	}
	for i := range t.DriverStructs {
		m.driverStructs[t.DriverStructs[i].Struct] = &t.DriverStructs[i]
	}
	for i := range t.DriverMacros {
		m.driverMacros[t.DriverMacros[i].Macro] = &t.DriverMacros[i]
	}
	for _, f := range t.GFPFlags {
		m.gfpFlags[f.Name] = f.Bits
	}
	for i := range t.StructRegs {
		r := &t.StructRegs[i]
		m.structRegs[r.Func] = append(m.structRegs[r.Func], r)
	}
	m.gfpTests = byName(t.GFPTests, func(g *GFPTest) string { return g.Func })
	m.noReturns = byName(t.NoReturns, func(n *NoReturn) string { return n.Func })
	m.zeroers = byName(t.Zeroers, func(z *Zeroer) string { return z.Func })
	m.constMacros = byName(t.ConstMacros, func(c *ConstMacro) string { return c.Name })
	m.workQueueings = byName(t.WorkQueueings, func(w *WorkQueueing) string { return w.Func })
	m.wqAllocs = byName(t.WorkqueueAllocs, func(w *WorkqueueAlloc) string { return w.Func })
	m.timerArms = byName(t.TimerArms, func(a *TimerArm) string { return a.Func })
	for _, f := range t.NotSleeping {
		m.notSleeping[f] = true
	}
	m.contextTests = byName(t.ContextTests, func(c *ContextTest) string { return c.Func })
	m.callbackWaits = byName(t.CallbackWaits, func(w *CallbackWait) string { return w.Func })
	m.hrtimerInits = byName(t.HrtimerInits, func(h *HrtimerInit) string { return h.Func })
	m.moduleEntries = byName(t.ModuleEntries, func(e *ModuleEntry) string { return e.Macro })
	m.devmActions = byName(t.DevmActions, func(d *DevmAction) string { return d.Func })
	m.guards = byName(t.Guards, func(g *Guard) string { return g.Type })
	m.schedules = byName(t.Schedules, func(s *Schedule) string { return s.Func })
	m.irqRequests = byName(t.IRQRequests, func(r *IRQRequest) string { return r.Func })
	m.irqStops = byName(t.IRQStops, func(s *IRQStop) string { return s.Func })
	m.releaseCalls = byName(t.ReleaseCalls, func(r *ReleaseCall) string { return r.Func })
	m.refOps = byName(t.RefOps, func(r *RefOp) string { return r.Func })
	m.valueCopies = byName(t.ValueCopies, func(v *ValueCopy) string { return v.Func })
	m.systemWQ = map[string]bool{}
	for _, w := range t.SystemWorkqueues {
		m.systemWQ[w] = true
	}
	m.contextFuncs = byName(t.ContextFuncs, func(c *ContextFunc) string { return c.Func })
	m.chains = byName(t.NotifierChains, func(c *NotifierChain) string { return c.Head })
	m.keyTests = byName(t.StaticKeyTests, func(k *StaticKey) string { return k.Func })
	m.keyChanges = byName(t.StaticKeyChanges, func(k *StaticKey) string { return k.Func })
	m.regmapInits = byName(t.RegmapInits, func(r *RegmapInit) string { return r.Func })
	m.regmapSources = map[string]bool{}
	for _, s := range t.RegmapSources {
		m.regmapSources[s] = true
	}
	m.readers = map[string]bool{}
	for _, f := range t.Readers {
		m.readers[f] = true
	}
	return m
}

// byName indexes a table by the name key gives each row; a later row
// wins over an earlier one of the same name.
func byName[T any](rows []T, key func(*T) string) map[string]*T {
	out := make(map[string]*T, len(rows))
	for i := range rows {
		out[key(&rows[i])] = &rows[i]
	}
	return out
}

// SleeperFor returns how fn may sleep, or nil if the model knows no reason.
func (m *Model) SleeperFor(fn string) *Sleeper {
	if m.notSleeping[fn] {
		return nil
	}
	if s := m.sleepers[fn]; s != nil {
		return s
	}
	for i := range m.t.SleeperPrefixes {
		if strings.HasPrefix(fn, m.t.SleeperPrefixes[i].Func) {
			return &m.t.SleeperPrefixes[i]
		}
	}
	return nil
}

// NotifierChainFor returns the notifier head named head, or nil.
func (m *Model) NotifierChainFor(head string) *NotifierChain { return m.chains[head] }

// ContainerMacroNames returns the macros that compute, from a pointer
// to a member, the structure it lives in (ContainerMacros).
func (m *Model) ContainerMacroNames() []string { return m.t.ContainerMacros }

// IsReader reports whether fn, a call out of the module, writes nothing
// its caller can see through its arguments (Readers).
func (m *Model) IsReader(fn string) bool { return m.readers[fn] }

// LockOpFor returns the lock operation fn performs, or nil.
func (m *Model) LockOpFor(fn string) *LockOp { return m.locks[fn] }

// GuardFor returns the lock guard of type typ (the first argument of
// guard() and scoped_guard()), or nil for a guard of something else
// (srcu, device, a driver's own DEFINE_GUARD).
func (m *Model) GuardFor(typ string) *Guard { return m.guards[typ] }

// IsScopedGuard reports whether name is one of the scope-bound lock
// macros of linux/cleanup.h (guard, scoped_guard, ...).
func (m *Model) IsScopedGuard(name string) bool { return slices.Contains(m.t.ScopedGuards, name) }

// RegistrationsFor returns the callback registrations fn performs.
func (m *Model) RegistrationsFor(fn string) []*Registration { return m.registrations[fn] }

// FieldCallbackFor returns the context of a callback stored in a struct
// field of that name (e.g. timer.function), or nil.
func (m *Model) FieldCallbackFor(field string) *FieldCallback { return m.fieldCallbacks[field] }

// SetupFor returns the lifecycle set-up fn performs, or nil.
func (m *Model) SetupFor(fn string) *Setup { return m.setups[fn] }

// TeardownsFor returns the lifecycle teardowns fn performs.
func (m *Model) TeardownsFor(fn string) []*Teardown { return m.teardowns[fn] }

// DriverStructFor returns the bus driver structure named by the C struct
// tag, or nil.
func (m *Model) DriverStructFor(tag string) *DriverStruct { return m.driverStructs[tag] }

// DriverMacroFor returns the module_*_driver style macro, or nil.
func (m *Model) DriverMacroFor(name string) *DriverMacro { return m.driverMacros[name] }

// SleepingGFPFlag reports whether a GFP flag expression names a flag that
// allows direct reclaim, i.e. makes an allocation sleep.
func (m *Model) SleepingGFPFlag(flag string) bool { return m.gfpFlags[flag]&GFPDirectReclaim != 0 }

// GFPFlagBits returns the bits of the gfp_t constant name (GFPFlags).
func (m *Model) GFPFlagBits(name string) (uint64, bool) {
	b, ok := m.gfpFlags[name]
	return b, ok
}

// GFPFlagWithBits returns the first gfp_t constant (in GFPFlags order)
// whose bits are exactly bits, or "".
func (m *Model) GFPFlagWithBits(bits uint64) string {
	for _, f := range m.t.GFPFlags {
		if f.Bits == bits {
			return f.Name
		}
	}
	return ""
}

// GFPTestFor returns the gfp_t test fn performs, or nil.
func (m *Model) GFPTestFor(fn string) *GFPTest { return m.gfpTests[fn] }

// NoReturnFor returns how fn does not return, or nil when it returns.
func (m *Model) NoReturnFor(fn string) *NoReturn { return m.noReturns[fn] }

// ZeroerFor returns the memory-filling call fn is, or nil.
func (m *Model) ZeroerFor(fn string) *Zeroer { return m.zeroers[fn] }

// ConstMacroFor returns the constant-building macro name, or nil.
func (m *Model) ConstMacroFor(name string) *ConstMacro { return m.constMacros[name] }

// StructRegistrationsFor returns the structure registrations fn performs.
func (m *Model) StructRegistrationsFor(fn string) []*StructRegistration { return m.structRegs[fn] }

// WorkQueueingFor returns how fn queues a work item, or nil.
func (m *Model) WorkQueueingFor(fn string) *WorkQueueing { return m.workQueueings[fn] }

// IsBHWorkqueue reports whether name is a system workqueue that runs its
// work in softirq context.
func (m *Model) IsBHWorkqueue(name string) bool { return slices.Contains(m.t.BHWorkqueues, name) }

// WorkqueueAllocFor returns the workqueue allocation fn performs, or nil.
func (m *Model) WorkqueueAllocFor(fn string) *WorkqueueAlloc { return m.wqAllocs[fn] }

// DisablesPagefaults reports whether fn disables page faults, so that
// user-memory accesses after it fail instead of sleeping.
func (m *Model) DisablesPagefaults(fn string) bool { return slices.Contains(m.t.PagefaultOff, fn) }

// QuietSleepFor returns when fn busy-waits instead of sleeping, or nil.
func (m *Model) QuietSleepFor(fn string) *QuietSleep {
	for i := range m.t.QuietSleeps {
		if m.t.QuietSleeps[i].Func == fn {
			return &m.t.QuietSleeps[i]
		}
	}
	return nil
}

// IsTimerPendingTest reports whether fn tests whether a timer is pending.
func (m *Model) IsTimerPendingTest(fn string) bool { return slices.Contains(m.t.TimerPending, fn) }

// TimerArmFor returns the timer arming fn performs, or nil.
func (m *Model) TimerArmFor(fn string) *TimerArm { return m.timerArms[fn] }

// StaticKeyTestFor returns the static key test fn is, or nil
// (StaticKeyTests).
func (m *Model) StaticKeyTestFor(fn string) *StaticKey { return m.keyTests[fn] }

// StaticKeyChangeFor returns the static key change fn is, or nil
// (StaticKeyChanges).
func (m *Model) StaticKeyChangeFor(fn string) *StaticKey { return m.keyChanges[fn] }

// IsContextTest reports whether fn is a context test (ContextTests).
func (m *Model) IsContextTest(fn string) bool { return m.contextTests[fn] != nil }

// ContextTestIRQsOff reports whether the context test fn is true
// wherever interrupts are off.
func (m *Model) ContextTestIRQsOff(fn string) bool {
	t := m.contextTests[fn]
	return t != nil && t.IRQsOff
}

// OnBehalfOfTask reports whether code in context ctx runs for the current
// task, so that a user pointer names the current task's memory:
// in_task() is not false there (ContextTests).
func (m *Model) OnBehalfOfTask(ctx Context) bool {
	v, known := m.ContextTestIn("in_task", ctx)
	return v || !known
}

// ContextTestIn returns the value the context test fn has in context ctx:
// known is false when fn is not a context test or its value is not fixed
// there.
func (m *Model) ContextTestIn(fn string, ctx Context) (value, known bool) {
	t := m.contextTests[fn]
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

// CallbackWaitFor returns how fn waits for a timer callback, or nil.
func (m *Model) CallbackWaitFor(fn string) *CallbackWait { return m.callbackWaits[fn] }

// HrtimerInitFor returns the hrtimer set-up fn performs, or nil.
func (m *Model) HrtimerInitFor(fn string) *HrtimerInit { return m.hrtimerInits[fn] }

// ModuleEntryFor returns the module_init/module_exit style macro, or nil.
func (m *Model) ModuleEntryFor(name string) *ModuleEntry { return m.moduleEntries[name] }

// OpsSlotFor returns the operations-table member of a known context, or
// nil; a later row wins.
func (m *Model) OpsSlotFor(structTag, field string) *OpsSlot {
	return m.opsSlots[[2]string{structTag, field}]
}

// IsLoopIterator reports whether name is an iterator macro
// (LoopIteratorWord).
func (m *Model) IsLoopIterator(name string) bool { return strings.Contains(name, LoopIteratorWord) }

// ListIteratorFor returns the list iterator macro name, or nil.
func (m *Model) ListIteratorFor(name string) *ListIterator {
	for i := range ListIterators {
		if ListIterators[i].Func == name {
			return &ListIterators[i]
		}
	}
	return nil
}

// InSoftIRQToo reports whether the kernel also calls the callback of
// operations-table member structTag.field from a softirq (SoftIRQSlots).
func (m *Model) InSoftIRQToo(structTag, field string) bool {
	return slices.Contains(SoftIRQSlots, structTag+"."+field)
}

// ContextFuncFor returns the context fn runs in by its name (a run's
// extension declares it), or nil.
func (m *Model) ContextFuncFor(fn string) *ContextFunc { return m.contextFuncs[fn] }

// DevmActionFor returns the devres action registration fn performs, or nil.
func (m *Model) DevmActionFor(fn string) *DevmAction { return m.devmActions[fn] }

// IsRemoveMember reports whether a function assigned to a member of this
// name at run time is a remove callback (RuntimeRemoveMembers).
func (m *Model) IsRemoveMember(name string) bool { return slices.Contains(RuntimeRemoveMembers, name) }

// ScheduleFor returns how fn queues, schedules or arms an object, or nil.
func (m *Model) ScheduleFor(fn string) *Schedule { return m.schedules[fn] }

// IsSystemWorkqueue reports whether name is one of the kernel's own
// workqueues.
func (m *Model) IsSystemWorkqueue(name string) bool { return m.systemWQ[name] }

// IsSystemWorkFlush reports whether fn waits for all the work of the
// system workqueue.
func (m *Model) IsSystemWorkFlush(fn string) bool { return slices.Contains(m.t.SystemWorkFlushes, fn) }

// IRQRequestFor returns the interrupt handler installation fn performs,
// or nil.
func (m *Model) IRQRequestFor(fn string) *IRQRequest { return m.irqRequests[fn] }

// IRQStopFor returns how fn stops interrupt handlers, or nil.
func (m *Model) IRQStopFor(fn string) *IRQStop { return m.irqStops[fn] }

// ReleaseCallFor returns how fn runs a release function, or nil.
func (m *Model) ReleaseCallFor(fn string) *ReleaseCall { return m.releaseCalls[fn] }

// ReleaseCalls returns the model's release calls.
func (m *Model) ReleaseCalls() []ReleaseCall { return m.t.ReleaseCalls }

// RefOpFor returns the reference count operation fn performs, or nil.
func (m *Model) RefOpFor(fn string) *RefOp { return m.refOps[fn] }

// IsDeviceWrite reports whether fn writes a device register: one of
// DeviceWrites, or a name ending in one of DeviceWriteSuffixes.
func (m *Model) IsDeviceWrite(fn string) bool {
	if slices.Contains(m.t.DeviceWrites, fn) {
		return true
	}
	for _, s := range DeviceWriteSuffixes {
		if strings.HasSuffix(fn, s) {
			return true
		}
	}
	return false
}

// IsRequestStop reports whether fn is one of RequestStops: after it the
// driver has no request in flight.
func (m *Model) IsRequestStop(fn string) bool { return slices.Contains(m.t.RequestStops, fn) }

// IsRequestDrain reports whether fn is one of RequestDrains or
// RequestStops: after it no request is in flight.
func (m *Model) IsRequestDrain(fn string) bool {
	return slices.Contains(m.t.RequestDrains, fn) || m.IsRequestStop(fn)
}

// IsExportMacro reports whether fn is one of ExportMacros.
func (m *Model) IsExportMacro(fn string) bool { return slices.Contains(m.t.ExportMacros, fn) }

// MemoryFreeFor returns how fn frees memory (MemoryFrees: the argument
// freed), or nil.
func (m *Model) MemoryFreeFor(fn string) *ArgOf {
	for i := range m.t.MemoryFrees {
		if m.t.MemoryFrees[i].Func == fn {
			return &m.t.MemoryFrees[i]
		}
	}
	return nil
}

// IsManaged reports whether fn is named as a managed interface is
// (DevresPrefixes): devres releases what it sets up.
func (m *Model) IsManaged(fn string) bool {
	for _, p := range m.t.DevresPrefixes {
		if strings.HasPrefix(fn, p) {
			return true
		}
	}
	return false
}

// MemoryFreeNames returns the names of MemoryFrees.
func (m *Model) MemoryFreeNames() []string {
	var out []string
	for _, f := range m.t.MemoryFrees {
		out = append(out, f.Func)
	}
	return out
}

// IsExternalIRQSource reports whether fn is one of ExternalIRQSources.
func (m *Model) IsExternalIRQSource(fn string) bool { return slices.Contains(m.t.ExternalIRQs, fn) }

// Publishes reports whether fn may let the kernel call a driver's
// callbacks for a device: it registers the device with its subsystem
// (DevicePublishers), requests an interrupt, registers a callback or a
// structure of callbacks, arms a timer or queues work.
func (m *Model) Publishes(fn string) bool {
	return slices.Contains(m.t.DevicePublishers, fn) || m.IRQRequestFor(fn) != nil || len(m.RegistrationsFor(fn)) > 0 ||
		len(m.StructRegistrationsFor(fn)) > 0 || m.TimerArmFor(fn) != nil || m.WorkQueueingFor(fn) != nil || m.ScheduleFor(fn) != nil
}

// VFDisableFor returns how fn removes a PCI function's virtual
// functions (VFDisables), or nil.
func (m *Model) VFDisableFor(fn string) *ArgOf {
	for i := range m.t.VFDisables {
		if m.t.VFDisables[i].Func == fn {
			return &m.t.VFDisables[i]
		}
	}
	return nil
}

// IsCompletionWait reports whether fn waits for a completion.
func (m *Model) IsCompletionWait(fn string) bool { return slices.Contains(m.t.CompletionWaits, fn) }

// RefDrainFor returns how fn drains a reference count (RefDrains), or nil.
func (m *Model) RefDrainFor(fn string) *RefDrain {
	for i := range m.t.RefDrains {
		if m.t.RefDrains[i].Func == fn {
			return &m.t.RefDrains[i]
		}
	}
	return nil
}

// RefInitFor returns how fn names a count's release callback (RefInits), or nil.
func (m *Model) RefInitFor(fn string) *ArgOf {
	for i := range m.t.RefInits {
		if m.t.RefInits[i].Func == fn {
			return &m.t.RefInits[i]
		}
	}
	return nil
}

// CountReadFor returns how fn reads a reference count (CountReads), or nil.
func (m *Model) CountReadFor(fn string) *CountRead {
	for i := range m.t.CountReads {
		if m.t.CountReads[i].Func == fn {
			return &m.t.CountReads[i]
		}
	}
	return nil
}

// IsCondWait reports whether fn sleeps until its second argument, a
// condition, holds (CondWaitPrefixes).
func (m *Model) IsCondWait(fn string) bool {
	for _, p := range m.t.CondWaitPrefixes {
		if strings.HasPrefix(fn, p) {
			return true
		}
	}
	return false
}

// IsCompletionSignal reports whether fn completes a completion.
func (m *Model) IsCompletionSignal(fn string) bool {
	return slices.Contains(m.t.CompletionSignals, fn)
}

// ValueCopyFor returns the argument fn returns, or nil.
func (m *Model) ValueCopyFor(fn string) *ValueCopy { return m.valueCopies[fn] }

// Names returns every name the model knows: calls, macros, callback
// fields and structure tags. The front end keeps any declaration that
// mentions one. The map is shared: do not change it.
func (m *Model) Names() map[string]bool {
	m.namesOnce.Do(func() {
		t, out := &m.t, map[string]bool{}
		mark(out, t.ScopedGuards, func(g string) (string, bool) { return g, true })
		mark(out, t.FieldCallbacks, func(f FieldCallback) (string, bool) { return f.Field, true })
		// Only the atomic slots' tags: a table of process-context
		// callbacks (file_operations) names the module's functions, so
		// the front end keeps it anyway (neededDecl); the tag itself
		// kept every declaration mentioning it, 293 more bodies on 6.12
		// drivers/ for no finding.
		mark(out, t.OpsSlots, func(o OpsSlot) (string, bool) { return o.Struct, o.Context.Atomic() })
		mark(out, t.Sleepers, func(s Sleeper) (string, bool) { return s.Func, true })
		mark(out, t.LockOps, func(l LockOp) (string, bool) { return l.Func, true })
		mark(out, t.Registrations, func(r Registration) (string, bool) { return r.Func, true })
		mark(out, t.Setups, func(s Setup) (string, bool) { return s.Func, true })
		mark(out, t.Teardowns, func(td Teardown) (string, bool) { return td.Func, true })
		mark(out, t.ModuleEntries, func(e ModuleEntry) (string, bool) { return e.Macro, true })
		mark(out, t.DriverMacros, func(d DriverMacro) (string, bool) { return d.Macro, true })
		mark(out, t.DriverStructs, func(d DriverStruct) (string, bool) { return d.Struct, true })
		mark(out, t.StructRegs, func(r StructRegistration) (string, bool) { return r.Func, true })
		mark(out, t.TimerArms, func(a TimerArm) (string, bool) { return a.Func, true })
		mark(out, t.WorkQueueings, func(w WorkQueueing) (string, bool) { return w.Func, true })
		mark(out, t.ContextFuncs, func(c ContextFunc) (string, bool) { return c.Func, true })
		m.names = out
	})
	return m.names
}

// String describes the model for messages and debugging.
func (m *Model) String() string {
	if m.id == "" {
		return "kernel model"
	}
	return fmt.Sprintf("kernel model + extension %s", m.id)
}
