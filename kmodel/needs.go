package kmodel

import "slices"

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
	// SleepingCalls are the calls that may sleep: Sleepers,
	// LockDroppingWaits and SleeperPrefixes.
	SleepingCalls CallFamily = iota
	// SleepingLocks are the acquisitions of locks of a sleeping class
	// (mutexes, semaphores), including scoped guards of them.
	SleepingLocks
	// TimerWaits are the calls that wait for a timer callback to finish
	// (CallbackWaits).
	TimerWaits
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
