package kmodel

import (
	"slices"
	"strings"
)

// Needs is what one rule's analysis acts on, said in the model's own
// vocabulary. Rules declare it as data; the front end works out from the
// union of the enabled rules' needs which parts of a module can change a
// result, and parses only those (cparse's relevance stage). The front end
// knows no rule: a new rule that acts on a new kind of call adds a family
// here and declares it.
type Needs struct {
	// Objects are the kinds of deferred-work object whose set-up,
	// teardown, callback registration and devres hand-over matter
	// wherever they happen.
	Objects []ObjectKind
	// InAtomic are the families of calls that matter where code runs in
	// atomic context. Any of them makes the atomic contexts themselves
	// matter: atomic callback registrations and members, atomic locks
	// and scoped guards, and what is called from them.
	InAtomic []CallFamily
	// Locks are the lock classes whose operations matter in every
	// function, atomic or not (lock balance, double locking).
	Locks []LockClass
}

// CallFamily is a family of kernel calls a rule acts on.
type CallFamily uint8

const (
	// SleepingCalls are the calls that may sleep: Sleepers (but for
	// allocations and user copies), LockDroppingWaits and
	// SleeperPrefixes.
	SleepingCalls CallFamily = iota
	// SleepingLocks are the acquisitions of locks of a sleeping class
	// (mutexes, semaphores), including scoped guards of them.
	SleepingLocks
	// TimerWaits are the calls that wait for a timer callback to finish
	// (CallbackWaits).
	TimerWaits
	// GFPAllocations are the allocations that sleep for flags that allow
	// direct reclaim (Sleepers with a GFPArg), and the gfp_t tests.
	GFPAllocations
	// UserCopies are the accesses to user memory (Sleepers marked
	// UserCopy).
	UserCopies
	// AtomicLocks are the operations of atomic lock classes (spinlocks,
	// and the sections that disable interrupts or bottom halves): which
	// locks atomic code takes, and how.
	AtomicLocks
)

// Union returns the needs of n and o together, each list sorted and
// without repeats, so that equal needs compare equal.
func (n Needs) Union(o Needs) Needs {
	return Needs{
		Objects:  union(n.Objects, o.Objects),
		InAtomic: union(n.InAtomic, o.InAtomic),
		Locks:    union(n.Locks, o.Locks),
	}
}

// IsZero reports whether n needs nothing.
func (n Needs) IsZero() bool {
	return len(n.Objects) == 0 && len(n.InAtomic) == 0 && len(n.Locks) == 0
}

func union[T ~uint8](a, b []T) []T {
	out := append(append([]T(nil), a...), b...)
	slices.Sort(out)
	return slices.Compact(out)
}

// NameSets are the names whose mention in a module's code can matter to
// some needs, sorted by how they matter. The front end's relevance stage
// reads them to decide what of a module to parse; they are worked out
// from the needs alone (RelevantNames), so that a rule never has to be
// named outside its own package. The maps are shared: do not change them.
//
// Every set but Gate and AtomicFields also holds the prelude macros whose
// definitions reach one of its names (a driver calls the macro, the
// analysis sees the call it expands to).
type NameSets struct {
	// Gate holds the names without which the needs cannot be met in a
	// module at all: one that mentions none of them, in code or in a
	// #define, is not parsed.
	Gate map[string]bool
	// Anywhere holds the names whose mention matters wherever the code
	// runs, in every module: the registrations of atomic callbacks and
	// what arms a timer (for the InAtomic needs); what matters of the
	// objects only in a module that may hold one is in Kinds.
	Anywhere map[string]bool
	// Near holds the names whose mention matters in the function that
	// mentions it and in the functions that call that one directly,
	// wherever they run: what schedules an object (a lifecycle analysis
	// asks what a callback schedules itself or in the functions it
	// calls, and where each schedule call is, never more).
	Near map[string]bool
	// Kinds holds, per object kind of the needs, the names that matter
	// in a module that may hold such an object: in a module whose code
	// mentions a name of a kind's Gate, that kind's Anywhere and Near
	// count as the sets' own.
	Kinds []KindNames
	// InAtomic holds the names whose mention matters where the code can
	// run in atomic context, and InAtomicPrefixes families of them named
	// by prefix (InAtomicName).
	InAtomic         map[string]bool
	InAtomicPrefixes []string
	// RegistersAtomic holds the calls that make a function named in
	// their arguments run in atomic context (request_irq, timer_setup).
	RegistersAtomic map[string]bool
	// AtomicFields holds the struct members whose assigned function runs
	// in atomic context (timer.function, ndo_start_xmit).
	AtomicFields map[string]bool
	// AtomicFuncs holds the functions that run in atomic context by
	// their name (Tables.ContextFuncs): roots of atomic context
	// themselves, wherever they are registered.
	AtomicFuncs map[string]bool
	// OpensAtomic holds the names whose mention can make the rest of a
	// body atomic: atomic lock acquisitions and scoped guards (whose lock
	// class the name alone does not tell).
	OpensAtomic map[string]bool
	// Locks holds, per group of the needs' lock classes (LockClass.Group), the
	// names of the group's lock operations and the scoped guards (whose
	// class the name alone does not tell). A function that mentions one
	// matters wherever it runs, and so does a function it calls from its
	// first such mention on that reaches one of the same group: the
	// summaries of its callees compose into its lock state. Lock state of
	// one group does not compose with another's (a mutex held does not
	// make the spinlocks of its callees matter, only their own takers).
	Locks     []map[string]bool
	lockGroup map[string]uint8
	// BHWork holds the names that say a module may queue work on a BH
	// workqueue (system_bh_wq, WQ_BH); in a module that mentions one,
	// the sets of WithBHWork apply instead.
	BHWork map[string]bool
	bhWork *NameSets
	// RootCalls and RootMembers say where a lifecycle analysis starts
	// (for Objects needs): the functions named in the arguments of a
	// RootCalls call (module_init, module_exit, devres actions, kref_put
	// releases, CPU hotplug callbacks, a driver macro's probe), or
	// stored in a member named in RootMembers (a bus driver's probe and
	// remove, release callbacks found through the object). The names of
	// Kinds' Anywhere matter in the functions that mention them, in
	// their callers up to SetupCallers calls up, and in what the roots
	// reach (through calls, mentions and member calls); nowhere else
	// (an ioctl or a reset path that reaches a teardown deep down is
	// on no path the analysis walks).
	RootCalls   map[string]bool
	RootMembers map[string]bool
}

// SetupCallers is how many calls up from a function that mentions a
// lifecycle name its callers matter wherever they are: the lifecycle
// pass turns objects that helpers return into objects of their callers
// for three rounds (lifecycle factories), and the error paths of such a
// caller read what its callees tear down.
const SetupCallers = 3

// KindNames are what one kind of deferred-work object makes matter.
// What a lifecycle analysis reads of a module (set-ups, their teardowns,
// what schedules them, the interrupts and release calls of the teardown
// order) is about the objects the module sets up: in a module that sets
// up none of a kind, nothing about that kind can be reported, and the
// code that only mentions its teardowns, its schedules or the interrupts
// it is ordered against need not be parsed.
type KindNames struct {
	Kind ObjectKind
	// Gate holds the names that say a module may hold an object of the
	// kind: its set-ups (the calls and DECLARE_* macros that make or
	// initialise one, devres set-ups, the registrations that set one up)
	// and its callback members (t->function = cb sets up a timer made by
	// init_timer). A module mentions one when its code or one of its
	// #defines names it.
	Gate map[string]bool
	// Anywhere holds the names whose mention matters wherever the code
	// runs, in a module that passes Gate, on the paths a lifecycle
	// analysis walks (NameSets.RootCalls): the set-ups and callback
	// members, the teardowns of the kind, devres actions, interrupt
	// requests and stops, release calls and the registrations of the
	// callbacks they run, for work the system workqueue flush.
	Anywhere map[string]bool
	// Near holds what matters near where it is mentioned (NameSets.Near)
	// in such a module: what schedules or arms an object of the kind
	// (for workqueues: what queues work on one).
	Near map[string]bool
	// Setups holds the kind's set-ups (of Anywhere): the callers of a
	// function that mentions one matter up to SetupCallers calls up.
	Setups map[string]bool
}

// WithBHWork returns the sets for a module that may queue work on a BH
// workqueue: its work registrations register atomic callbacks, and its
// work registrations and queueing calls matter wherever they are.
func (s *NameSets) WithBHWork() *NameSets {
	if s.bhWork == nil {
		return s
	}
	return s.bhWork
}

// LockGroups returns the set of Locks that hold name, as bits: bit i
// for Locks[i].
func (s *NameSets) LockGroups(name string) uint8 { return s.lockGroup[name] }

// InAtomicName reports whether a mention of name matters in atomic
// context (InAtomic or one of InAtomicPrefixes).
func (s *NameSets) InAtomicName(name string) bool {
	if s.InAtomic[name] {
		return true
	}
	for _, p := range s.InAtomicPrefixes {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// RelevantNames returns the name sets of n in model m, worked out once per distinct
// needs. What each need brings in:
//
//   - Objects, per kind: its set-ups in Gate; and, only in a module that
//     sets up an object of the kind (Kinds):
//     its set-ups, teardowns, the registrations that set one up, the
//     callback members of the kind, the devres actions, interrupt
//     requests and frees, release calls (put_device), for work the
//     system workqueue flush (Anywhere, on the lifecycle paths: in the
//     functions that mention one, the callers of a set-up up to
//     SetupCallers calls up, and what those and the lifecycle roots,
//     RootCalls and RootMembers, reach), and the calls that schedule or
//     arm it (Near: where they are called and one call up). Reference
//     counting (RefOps) is read from the text of the module's functions
//     by the analysis, and needs no parsing.
//   - InAtomic, any family: the atomic roots, which are atomic callback
//     registrations (Gate, Anywhere, RegistersAtomic), atomic callback
//     members (Gate, Anywhere, AtomicFields), atomic operations-table
//     slots (their struct tags in Gate, their members in AtomicFields),
//     atomic lock acquisitions and scoped guards (Gate, OpensAtomic),
//     functions that run in atomic context by name (Gate, AtomicFuncs);
//     and the lock operations of atomic classes and the scoped guards
//     inside atomic code (InAtomic), which tell where regions end and
//     which locks a callback takes.
//   - SleepingCalls: Sleepers (but for allocations and user copies),
//     LockDroppingWaits and SleeperPrefixes; GFPAllocations: the
//     allocations and gfp_t tests; UserCopies: the user-memory accesses;
//     SleepingLocks: the operations of sleeping lock classes; TimerWaits:
//     CallbackWaits; AtomicLocks: the operations of atomic lock classes
//     (InAtomic). Any family also brings in what decides
//     whether a timer callback can run (the arming calls, Anywhere)
//     and the structure registrations of atomic
//     notifier chains (Gate, Anywhere), whose callback member counts as
//     an atomic field.
//   - Locks, per class: its acquisitions and the scoped guards (Gate);
//     its lock operations and the scoped guards, in every function, and
//     in the functions called under them that reach one of the same
//     group (Locks, one set per LockGroup). They open no atomic region
//     and matter in atomic code only as the InAtomic families say.
//
// The zero Needs needs nothing: its Gate is empty.
func (m *Model) RelevantNames(n Needs) *NameSets {
	n = n.Union(Needs{}) // sorted, without repeats: one key per meaning
	key := needsKey(n)
	m.nameSetsMu.Lock()
	defer m.nameSetsMu.Unlock()
	if s := m.nameSets[key]; s != nil {
		return s
	}
	s := m.deriveNames(n)
	m.nameSets[key] = s
	return s
}

func needsKey(n Needs) string {
	var b []byte
	for _, l := range [][]uint8{asBytes(n.Objects), asBytes(n.InAtomic), asBytes(n.Locks)} {
		b = append(append(b, l...), 0xff)
	}
	return string(b)
}

func asBytes[T ~uint8](l []T) []uint8 {
	out := make([]uint8, len(l))
	for i, v := range l {
		out[i] = uint8(v)
	}
	return out
}

func (m *Model) deriveNames(n Needs) *NameSets {
	t := &m.t
	gate, anywhere, inAtomic := map[string]bool{}, map[string]bool{}, map[string]bool{}
	registers, fields, opens := map[string]bool{}, map[string]bool{}, map[string]bool{}
	atomicFuncs := map[string]bool{}
	var prefixes []string
	guards := func(out map[string]bool) { mark(out, t.ScopedGuards, func(g string) (string, bool) { return g, true }) }

	var kinds []KindNames
	for _, k := range n.Objects {
		kGate, kAnywhere, kNear, kSetups := map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}
		ofKind := func(s Setup) (string, bool) { return s.Func, s.Kind == k }
		reg := func(r Registration) (string, bool) {
			s := m.SetupFor(r.Func)
			return r.Func, s != nil && s.Kind == k
		}
		field := func(f FieldCallback) (string, bool) { return f.Field, !f.NoObject && f.Object == k }
		for _, out := range []map[string]bool{gate, kGate, kAnywhere, kSetups} {
			mark(out, t.Setups, ofKind)
		}
		for _, out := range []map[string]bool{kGate, kAnywhere} {
			mark(out, t.Registrations, reg)
			mark(out, t.FieldCallbacks, field)
		}
		mark(kAnywhere, t.Teardowns, func(t Teardown) (string, bool) { return t.Func, t.Kind == k })
		mark(kAnywhere, t.DevmActions, func(d DevmAction) (string, bool) { return d.Func, true })
		// What schedules or arms the object (work queued on a
		// workqueue, for one), and what frees the interrupts whose
		// handlers do: the order of teardown.
		mark(kNear, t.Schedules, func(s Schedule) (string, bool) {
			return s.Func, s.Kind == k || k == Workqueue && s.Kind == Work && s.WQArg >= 0
		})
		mark(kAnywhere, t.IRQRequests, func(r IRQRequest) (string, bool) { return r.Func, true })
		mark(kAnywhere, t.IRQStops, func(s IRQStop) (string, bool) { return s.Func, true })
		mark(kAnywhere, t.RequestStops, func(f string) (string, bool) { return f, true })
		mark(kAnywhere, t.RequestDrains, func(f string) (string, bool) { return f, true })
		mark(kAnywhere, t.VFDisables, func(a ArgOf) (string, bool) { return a.Func, true })
		mark(kAnywhere, t.ExternalIRQs, func(f string) (string, bool) { return f, true })
		// Teardowns that run later: the release callbacks found through
		// the object (put_device); kref_put(k, release) names its
		// release, which is mention enough.
		mark(kAnywhere, t.ReleaseCalls, func(r ReleaseCall) (string, bool) { return r.Func, r.FnArg < 0 })
		for _, rc := range t.ReleaseCalls {
			mark(kAnywhere, rc.RegisteredBy, func(a ArgOf) (string, bool) { return a.Func, true })
		}
		if k == Work {
			mark(kAnywhere, t.SystemWorkFlushes, func(f string) (string, bool) { return f, true })
		}
		kinds = append(kinds, KindNames{Kind: k, Gate: withPrelude(kGate, nil), Anywhere: withPrelude(kAnywhere, nil),
			Near: withPrelude(kNear, nil), Setups: withPrelude(kSetups, nil)})
	}
	var rootCalls, rootMembers map[string]bool
	if len(n.Objects) > 0 {
		rootCalls, rootMembers = m.lifecycleRoots()
	}

	if len(n.InAtomic) > 0 {
		atomicReg := func(r Registration) (string, bool) { return r.Func, r.Context.Atomic() }
		atomicField := func(f FieldCallback) (string, bool) { return f.Field, f.Context.Atomic() }
		atomicAcquire := func(l LockOp) (string, bool) { return l.Func, l.Acquire && l.Class.Atomic() }
		for _, out := range []map[string]bool{gate, anywhere, registers} {
			mark(out, t.Registrations, atomicReg)
		}
		for _, out := range []map[string]bool{gate, anywhere, fields} {
			mark(out, t.FieldCallbacks, atomicField)
		}
		mark(gate, t.OpsSlots, func(o OpsSlot) (string, bool) { return o.Struct, o.Context.Atomic() })
		mark(fields, t.OpsSlots, func(o OpsSlot) (string, bool) { return o.Field, o.Context.Atomic() })
		for _, out := range []map[string]bool{gate, opens} {
			mark(out, t.LockOps, atomicAcquire)
			guards(out)
		}
		mark(inAtomic, t.LockOps, func(l LockOp) (string, bool) { return l.Func, l.Class.Atomic() })
		guards(inAtomic)
		// A static key changed on the path forgets what its tests said.
		mark(inAtomic, t.StaticKeyChanges, func(k StaticKey) (string, bool) { return k.Func, true })
		for _, out := range []map[string]bool{gate, anywhere} {
			mark(out, t.StructRegs, func(r StructRegistration) (string, bool) { return r.Func, true })
		}
		mark(fields, t.StructRegs, func(r StructRegistration) (string, bool) { return r.Member, true })
		mark(anywhere, t.TimerArms, func(a TimerArm) (string, bool) { return a.Func, true })
		for _, out := range []map[string]bool{gate, atomicFuncs} {
			mark(out, t.ContextFuncs, func(c ContextFunc) (string, bool) { return c.Func, c.Context.Atomic() })
		}
	}
	for _, f := range n.InAtomic {
		switch f {
		case SleepingCalls:
			mark(inAtomic, t.Sleepers, func(s Sleeper) (string, bool) { return s.Func, !s.IsAllocation() && !s.UserCopy })
			mark(inAtomic, t.LockDroppingWaits, func(s Sleeper) (string, bool) { return s.Func, true })
			for _, p := range t.SleeperPrefixes {
				prefixes = append(prefixes, p.Func)
			}
		case SleepingLocks:
			mark(inAtomic, t.LockOps, func(l LockOp) (string, bool) { return l.Func, l.Class.Sleeping() })
		case TimerWaits:
			mark(inAtomic, t.CallbackWaits, func(w CallbackWait) (string, bool) { return w.Func, true })
			mark(inAtomic, t.TimerPending, func(n string) (string, bool) { return n, true })
		case GFPAllocations:
			mark(inAtomic, t.Sleepers, func(s Sleeper) (string, bool) { return s.Func, s.IsAllocation() })
			mark(inAtomic, t.GFPTests, func(g GFPTest) (string, bool) { return g.Func, true })
		case UserCopies:
			mark(inAtomic, t.Sleepers, func(s Sleeper) (string, bool) { return s.Func, s.UserCopy })
			mark(inAtomic, t.PagefaultOff, func(n string) (string, bool) { return n, true })
		case AtomicLocks:
			mark(inAtomic, t.LockOps, func(l LockOp) (string, bool) { return l.Func, l.Class.Atomic() })
		}
	}

	var lockSets []map[string]bool
	groups := map[LockClass]map[string]bool{}
	for _, c := range n.Locks {
		mark(gate, t.LockOps, func(l LockOp) (string, bool) { return l.Func, l.Class == c && l.Acquire })
		guards(gate)
		grp := groups[c.Group()]
		if grp == nil {
			grp = map[string]bool{}
			groups[c.Group()] = grp
			lockSets = append(lockSets, grp)
			guards(grp)
		}
		mark(grp, t.LockOps, func(l LockOp) (string, bool) { return l.Func, l.Class == c })
	}
	lockGroup := map[string]uint8{}
	for i, l := range lockSets {
		lockSets[i] = withPrelude(l, nil)
		for name := range lockSets[i] {
			lockGroup[name] |= 1 << i
		}
	}

	byPrefix := func(name string) bool {
		for _, p := range prefixes {
			if strings.HasPrefix(name, p) {
				return true
			}
		}
		return false
	}
	out := &NameSets{
		Gate:             gate,
		Anywhere:         withPrelude(anywhere, nil),
		InAtomic:         withPrelude(inAtomic, byPrefix),
		InAtomicPrefixes: prefixes,
		RegistersAtomic:  withPrelude(registers, nil),
		AtomicFields:     fields,
		AtomicFuncs:      atomicFuncs,
		OpensAtomic:      withPrelude(opens, nil),
		Locks:            lockSets,
		lockGroup:        lockGroup,
		Kinds:            kinds,
		RootCalls:        rootCalls,
		RootMembers:      rootMembers,
	}
	if len(n.InAtomic) > 0 {
		bh := *out
		bh.BHWork, out.BHWork = map[string]bool{}, map[string]bool{}
		for _, name := range append(slices.Clone(t.BHWorkqueues), WQBHFlag) {
			out.BHWork[name] = true
			bh.BHWork[name] = true
		}
		workReg := func(r Registration) (string, bool) {
			s := m.SetupFor(r.Func)
			return r.Func, s != nil && s.Kind == Work
		}
		bh.RegistersAtomic = copyNames(out.RegistersAtomic)
		mark(bh.RegistersAtomic, t.Registrations, workReg)
		bh.RegistersAtomic = withPrelude(bh.RegistersAtomic, nil)
		bh.Anywhere = copyNames(out.Anywhere)
		mark(bh.Anywhere, t.Registrations, workReg)
		mark(bh.Anywhere, t.WorkQueueings, func(w WorkQueueing) (string, bool) { return w.Func, true })
		bh.Anywhere = withPrelude(bh.Anywhere, nil)
		out.bhWork = &bh
	}
	return out
}

// lifecycleRoots returns the calls whose arguments name where a
// lifecycle analysis starts, and the members that hold such functions
// (NameSets.RootCalls, RootMembers): the module entries, the bus
// drivers' probe and remove members and the driver macros, the devres
// actions, the release callbacks (by argument, by member, by the
// registration that names them).
func (m *Model) lifecycleRoots() (calls, members map[string]bool) {
	t := &m.t
	calls, members = map[string]bool{}, map[string]bool{}
	last := func(f string) string { return f[strings.LastIndexByte(f, '.')+1:] }
	for _, e := range t.ModuleEntries {
		calls[e.Macro] = true
	}
	for _, d := range t.DriverMacros {
		calls[d.Macro] = true
	}
	for _, d := range t.DriverStructs {
		for _, f := range append(slices.Clone(d.Probe), d.Remove...) {
			members[last(f)] = true
		}
	}
	for _, f := range RuntimeRemoveMembers {
		members[f] = true
	}
	for _, d := range t.DevmActions {
		calls[d.Func] = true
	}
	for _, rc := range t.ReleaseCalls {
		if rc.FnArg >= 0 {
			calls[rc.Func] = true
		}
		for _, f := range rc.Fields {
			members[last(f)] = true
		}
		for _, a := range rc.RegisteredBy {
			calls[a.Func] = true
		}
	}
	return withPrelude(calls, nil), members
}

func copyNames(m map[string]bool) map[string]bool {
	out := make(map[string]bool, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// withPrelude adds to out the prelude macros whose definitions reach one
// of its names (or a name match accepts), and returns it.
func withPrelude(out map[string]bool, match func(string) bool) map[string]bool {
	users := map[string][]string{}
	var queue []string
	for n := range out {
		queue = append(queue, n)
	}
	for _, e := range Prelude {
		for _, u := range e.Uses {
			users[u] = append(users[u], e.Name)
		}
		if match == nil || out[e.Name] {
			continue
		}
		for _, id := range identifiers(e.Text) {
			if id != e.Name && match(id) {
				out[e.Name] = true
				queue = append(queue, e.Name)
				break
			}
		}
	}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		for _, u := range users[n] {
			if !out[u] {
				out[u] = true
				queue = append(queue, u)
			}
		}
	}
	return out
}
