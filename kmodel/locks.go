package kmodel

// Lock operations: which calls take and release which class of lock, in
// which form (irq, irqsave, bh, raw, read, write, nested), and the lock
// guards of linux/cleanup.h.
//
// Part of the data half of the kernel API model (see doc.go).

// LockClass is the kind of exclusion a lock operation provides.
type LockClass uint8

const (
	Spin       LockClass = iota // spinlock_t, raw_spinlock_t, rwlock_t
	IRQOff                      // local_irq_disable/save
	BHOff                       // local_bh_disable
	PreemptOff                  // preempt_disable, get_cpu
	RCURead                     // rcu_read_lock
	Mutex                       // struct mutex
	Semaphore                   // struct semaphore, struct rw_semaphore
	// UnknownLock is a lock known only by name, from a lock annotation
	// (__acquires(x)) on a function whose body does not say what x is.
	UnknownLock
)

// Sleeping reports whether acquiring a lock of this class may sleep.
func (c LockClass) Sleeping() bool { return c == Mutex || c == Semaphore }

// Atomic reports whether holding a lock of this class makes the code atomic.
func (c LockClass) Atomic() bool { return !c.Sleeping() && c != UnknownLock }

// Group returns the class that stands for c's group: the classes whose
// lock state composes across calls. The atomic classes are one group (a
// spinlock's irqsave region may end in a callee's local_irq_restore, a
// callee may enable interrupts under it); each sleeping class is its own.
func (c LockClass) Group() LockClass {
	if c.Atomic() {
		return Spin
	}
	return c
}

// LockVariant is a set of facts about the form of a lock operation, from
// its name: which side of a reader-writer lock, whether it also disables
// interrupts or bottom halves, and so on.
type LockVariant uint8

const (
	// IRQ: the operation disables (an unlock: enables or restores) local
	// interrupts: the _irq and _irqsave forms.
	IRQ LockVariant = 1 << iota
	// IRQSave: the interrupt state is saved in, or restored from, the
	// flags argument (_irqsave, _irqrestore, local_irq_save).
	IRQSave
	// BH: the operation disables (an unlock: enables) bottom halves.
	BH
	// Raw: a raw_spinlock_t, which spins even on PREEMPT_RT.
	Raw
	// Read: the shared side of an rwlock_t or a struct rw_semaphore.
	Read
	// Write: the exclusive side of an rwlock_t or a struct rw_semaphore.
	Write
	// Nested: a lockdep annotation of nesting (_nested, _nest_lock); the
	// lock is taken like any other.
	Nested
)

// LockOp is a call that acquires or releases a lock.
type LockOp struct {
	Func    string
	Acquire bool // false: release
	Class   LockClass
	Arg     int // index of the lock argument; -1 when there is none
	// Member, when set, names the lock as that member of the structure
	// the argument points to: xa_lock(xa) is spin_lock(&xa->xa_lock).
	Member string
	Try    bool // conditional acquire: holds only when it succeeds
	// TryZero marks a trylock that returns 0 when it succeeds
	// (down_trylock); the others return true.
	TryZero bool
	// Fails marks an acquisition that returns non-zero without the lock
	// when it is interrupted or times out (the _interruptible and
	// _killable forms, down_timeout): 0 means it holds the lock.
	Fails   bool
	Variant LockVariant
	// Flags is the index of the flags argument of the irqsave and
	// irqrestore forms; -1 when there is none.
	Flags int
}

// LockOps lists lock and unlock calls (linux/spinlock.h, rwlock.h,
// mutex.h, rwsem.h, semaphore.h, irqflags.h, bottom_half.h, preempt.h,
// smp.h, rcupdate.h, refcount.h, 6.12).
var LockOps = []LockOp{
	// spinlock_t
	{Func: "spin_lock", Acquire: true, Class: Spin, Arg: 0, Flags: -1},
	{Func: "spin_lock_irq", Acquire: true, Class: Spin, Arg: 0, Variant: IRQ, Flags: -1},
	{Func: "spin_lock_irqsave", Acquire: true, Class: Spin, Arg: 0, Variant: IRQ | IRQSave, Flags: 1},
	{Func: "spin_lock_bh", Acquire: true, Class: Spin, Arg: 0, Variant: BH, Flags: -1},
	{Func: "spin_lock_nested", Acquire: true, Class: Spin, Arg: 0, Variant: Nested, Flags: -1},
	{Func: "spin_lock_nest_lock", Acquire: true, Class: Spin, Arg: 0, Variant: Nested, Flags: -1},
	{Func: "spin_lock_irqsave_nested", Acquire: true, Class: Spin, Arg: 0, Variant: IRQ | IRQSave | Nested, Flags: 1},
	{Func: "spin_trylock", Acquire: true, Class: Spin, Arg: 0, Try: true, Flags: -1},
	{Func: "spin_trylock_irq", Acquire: true, Class: Spin, Arg: 0, Try: true, Variant: IRQ, Flags: -1},
	{Func: "spin_trylock_irqsave", Acquire: true, Class: Spin, Arg: 0, Try: true, Variant: IRQ | IRQSave, Flags: 1},
	{Func: "spin_trylock_bh", Acquire: true, Class: Spin, Arg: 0, Try: true, Variant: BH, Flags: -1},
	{Func: "atomic_dec_and_lock", Acquire: true, Class: Spin, Arg: 1, Try: true, Flags: -1},
	{Func: "atomic_dec_and_lock_irqsave", Acquire: true, Class: Spin, Arg: 1, Try: true, Variant: IRQ | IRQSave, Flags: 2},
	{Func: "refcount_dec_and_lock", Acquire: true, Class: Spin, Arg: 1, Try: true, Flags: -1},
	{Func: "refcount_dec_and_lock_irqsave", Acquire: true, Class: Spin, Arg: 1, Try: true, Variant: IRQ | IRQSave, Flags: 2},
	{Func: "spin_unlock", Class: Spin, Arg: 0, Flags: -1},
	{Func: "spin_unlock_irq", Class: Spin, Arg: 0, Variant: IRQ, Flags: -1},
	{Func: "spin_unlock_irqrestore", Class: Spin, Arg: 0, Variant: IRQ | IRQSave, Flags: 1},
	{Func: "spin_unlock_bh", Class: Spin, Arg: 0, Variant: BH, Flags: -1},
	// raw_spinlock_t
	{Func: "raw_spin_lock", Acquire: true, Class: Spin, Arg: 0, Variant: Raw, Flags: -1},
	{Func: "raw_spin_lock_irq", Acquire: true, Class: Spin, Arg: 0, Variant: Raw | IRQ, Flags: -1},
	{Func: "raw_spin_lock_irqsave", Acquire: true, Class: Spin, Arg: 0, Variant: Raw | IRQ | IRQSave, Flags: 1},
	{Func: "raw_spin_lock_bh", Acquire: true, Class: Spin, Arg: 0, Variant: Raw | BH, Flags: -1},
	{Func: "raw_spin_lock_nested", Acquire: true, Class: Spin, Arg: 0, Variant: Raw | Nested, Flags: -1},
	{Func: "raw_spin_lock_nest_lock", Acquire: true, Class: Spin, Arg: 0, Variant: Raw | Nested, Flags: -1},
	{Func: "raw_spin_lock_irqsave_nested", Acquire: true, Class: Spin, Arg: 0, Variant: Raw | IRQ | IRQSave | Nested, Flags: 1},
	{Func: "raw_spin_trylock", Acquire: true, Class: Spin, Arg: 0, Try: true, Variant: Raw, Flags: -1},
	{Func: "raw_spin_trylock_irq", Acquire: true, Class: Spin, Arg: 0, Try: true, Variant: Raw | IRQ, Flags: -1},
	{Func: "raw_spin_trylock_irqsave", Acquire: true, Class: Spin, Arg: 0, Try: true, Variant: Raw | IRQ | IRQSave, Flags: 1},
	{Func: "raw_spin_trylock_bh", Acquire: true, Class: Spin, Arg: 0, Try: true, Variant: Raw | BH, Flags: -1},
	{Func: "atomic_dec_and_raw_lock", Acquire: true, Class: Spin, Arg: 1, Try: true, Variant: Raw, Flags: -1},
	{Func: "raw_spin_unlock", Class: Spin, Arg: 0, Variant: Raw, Flags: -1},
	{Func: "raw_spin_unlock_irq", Class: Spin, Arg: 0, Variant: Raw | IRQ, Flags: -1},
	{Func: "raw_spin_unlock_irqrestore", Class: Spin, Arg: 0, Variant: Raw | IRQ | IRQSave, Flags: 1},
	{Func: "raw_spin_unlock_bh", Class: Spin, Arg: 0, Variant: Raw | BH, Flags: -1},
	// rwlock_t
	{Func: "read_lock", Acquire: true, Class: Spin, Arg: 0, Variant: Read, Flags: -1},
	{Func: "read_lock_irq", Acquire: true, Class: Spin, Arg: 0, Variant: Read | IRQ, Flags: -1},
	{Func: "read_lock_irqsave", Acquire: true, Class: Spin, Arg: 0, Variant: Read | IRQ | IRQSave, Flags: 1},
	{Func: "read_lock_bh", Acquire: true, Class: Spin, Arg: 0, Variant: Read | BH, Flags: -1},
	{Func: "read_trylock", Acquire: true, Class: Spin, Arg: 0, Try: true, Variant: Read, Flags: -1},
	{Func: "write_lock", Acquire: true, Class: Spin, Arg: 0, Variant: Write, Flags: -1},
	{Func: "write_lock_irq", Acquire: true, Class: Spin, Arg: 0, Variant: Write | IRQ, Flags: -1},
	{Func: "write_lock_irqsave", Acquire: true, Class: Spin, Arg: 0, Variant: Write | IRQ | IRQSave, Flags: 1},
	{Func: "write_lock_bh", Acquire: true, Class: Spin, Arg: 0, Variant: Write | BH, Flags: -1},
	{Func: "write_lock_nested", Acquire: true, Class: Spin, Arg: 0, Variant: Write | Nested, Flags: -1},
	{Func: "write_trylock", Acquire: true, Class: Spin, Arg: 0, Try: true, Variant: Write, Flags: -1},
	{Func: "write_trylock_irqsave", Acquire: true, Class: Spin, Arg: 0, Try: true, Variant: Write | IRQ | IRQSave, Flags: 1},
	{Func: "read_unlock", Class: Spin, Arg: 0, Variant: Read, Flags: -1},
	{Func: "read_unlock_irq", Class: Spin, Arg: 0, Variant: Read | IRQ, Flags: -1},
	{Func: "read_unlock_irqrestore", Class: Spin, Arg: 0, Variant: Read | IRQ | IRQSave, Flags: 1},
	{Func: "read_unlock_bh", Class: Spin, Arg: 0, Variant: Read | BH, Flags: -1},
	{Func: "write_unlock", Class: Spin, Arg: 0, Variant: Write, Flags: -1},
	{Func: "write_unlock_irq", Class: Spin, Arg: 0, Variant: Write | IRQ, Flags: -1},
	{Func: "write_unlock_irqrestore", Class: Spin, Arg: 0, Variant: Write | IRQ | IRQSave, Flags: 1},
	{Func: "write_unlock_bh", Class: Spin, Arg: 0, Variant: Write | BH, Flags: -1},
	// The xarray's own spinlock (linux/xarray.h: xa_lock(xa) is
	// spin_lock(&(xa)->xa_lock)); the lock is that member (Member).
	{Func: "xa_lock", Acquire: true, Class: Spin, Arg: 0, Member: "xa_lock", Flags: -1},
	{Func: "xa_lock_bh", Acquire: true, Class: Spin, Arg: 0, Member: "xa_lock", Variant: BH, Flags: -1},
	{Func: "xa_lock_irq", Acquire: true, Class: Spin, Arg: 0, Member: "xa_lock", Variant: IRQ, Flags: -1},
	{Func: "xa_lock_irqsave", Acquire: true, Class: Spin, Arg: 0, Member: "xa_lock", Variant: IRQ | IRQSave, Flags: 1},
	{Func: "xa_lock_nested", Acquire: true, Class: Spin, Arg: 0, Member: "xa_lock", Variant: Nested, Flags: -1},
	{Func: "xa_lock_bh_nested", Acquire: true, Class: Spin, Arg: 0, Member: "xa_lock", Variant: BH | Nested, Flags: -1},
	{Func: "xa_lock_irq_nested", Acquire: true, Class: Spin, Arg: 0, Member: "xa_lock", Variant: IRQ | Nested, Flags: -1},
	{Func: "xa_lock_irqsave_nested", Acquire: true, Class: Spin, Arg: 0, Member: "xa_lock", Variant: IRQ | IRQSave | Nested, Flags: 1},
	{Func: "xa_trylock", Acquire: true, Class: Spin, Arg: 0, Member: "xa_lock", Try: true, Flags: -1},
	{Func: "xa_unlock", Class: Spin, Arg: 0, Member: "xa_lock", Flags: -1},
	{Func: "xa_unlock_bh", Class: Spin, Arg: 0, Member: "xa_lock", Variant: BH, Flags: -1},
	{Func: "xa_unlock_irq", Class: Spin, Arg: 0, Member: "xa_lock", Variant: IRQ, Flags: -1},
	{Func: "xa_unlock_irqrestore", Class: Spin, Arg: 0, Member: "xa_lock", Variant: IRQ | IRQSave, Flags: 1},

	// Interrupts, bottom halves, preemption and RCU read sections.
	{Func: "local_irq_disable", Acquire: true, Class: IRQOff, Arg: -1, Variant: IRQ, Flags: -1},
	{Func: "local_irq_save", Acquire: true, Class: IRQOff, Arg: -1, Variant: IRQ | IRQSave, Flags: 0},
	{Func: "local_irq_enable", Class: IRQOff, Arg: -1, Variant: IRQ, Flags: -1},
	{Func: "local_irq_restore", Class: IRQOff, Arg: -1, Variant: IRQ | IRQSave, Flags: 0},
	// safe_halt() enables interrupts and halts until one comes.
	{Func: "safe_halt", Class: IRQOff, Arg: -1, Variant: IRQ, Flags: -1},
	{Func: "local_bh_disable", Acquire: true, Class: BHOff, Arg: -1, Variant: BH, Flags: -1},
	{Func: "local_bh_enable", Class: BHOff, Arg: -1, Variant: BH, Flags: -1},
	{Func: "preempt_disable", Acquire: true, Class: PreemptOff, Arg: -1, Flags: -1},
	{Func: "preempt_enable", Class: PreemptOff, Arg: -1, Flags: -1},
	{Func: "preempt_enable_no_resched", Class: PreemptOff, Arg: -1, Flags: -1},
	{Func: "get_cpu", Acquire: true, Class: PreemptOff, Arg: -1, Flags: -1},
	{Func: "put_cpu", Class: PreemptOff, Arg: -1, Flags: -1},
	{Func: "rcu_read_lock", Acquire: true, Class: RCURead, Arg: -1, Flags: -1},
	{Func: "rcu_read_unlock", Class: RCURead, Arg: -1, Flags: -1},
	{Func: "rcu_read_lock_bh", Acquire: true, Class: RCURead, Arg: -1, Variant: BH, Flags: -1},
	{Func: "rcu_read_unlock_bh", Class: RCURead, Arg: -1, Variant: BH, Flags: -1},
	{Func: "rcu_read_lock_sched", Acquire: true, Class: RCURead, Arg: -1, Flags: -1},
	{Func: "rcu_read_unlock_sched", Class: RCURead, Arg: -1, Flags: -1},

	// struct mutex
	{Func: "mutex_lock", Acquire: true, Class: Mutex, Arg: 0, Flags: -1},
	{Func: "mutex_lock_interruptible", Acquire: true, Fails: true, Class: Mutex, Arg: 0, Flags: -1},
	{Func: "mutex_lock_killable", Acquire: true, Fails: true, Class: Mutex, Arg: 0, Flags: -1},
	{Func: "mutex_lock_io", Acquire: true, Class: Mutex, Arg: 0, Flags: -1},
	{Func: "mutex_lock_nested", Acquire: true, Class: Mutex, Arg: 0, Variant: Nested, Flags: -1},
	{Func: "mutex_lock_interruptible_nested", Acquire: true, Fails: true, Class: Mutex, Arg: 0, Variant: Nested, Flags: -1},
	{Func: "mutex_lock_killable_nested", Acquire: true, Fails: true, Class: Mutex, Arg: 0, Variant: Nested, Flags: -1},
	{Func: "mutex_lock_io_nested", Acquire: true, Class: Mutex, Arg: 0, Variant: Nested, Flags: -1},
	{Func: "mutex_lock_nest_lock", Acquire: true, Class: Mutex, Arg: 0, Variant: Nested, Flags: -1},
	{Func: "mutex_trylock", Acquire: true, Class: Mutex, Arg: 0, Try: true, Flags: -1},
	{Func: "atomic_dec_and_mutex_lock", Acquire: true, Class: Mutex, Arg: 1, Try: true, Flags: -1},
	{Func: "refcount_dec_and_mutex_lock", Acquire: true, Class: Mutex, Arg: 1, Try: true, Flags: -1},
	{Func: "mutex_unlock", Class: Mutex, Arg: 0, Flags: -1},

	// struct semaphore
	{Func: "down", Acquire: true, Class: Semaphore, Arg: 0, Flags: -1},
	{Func: "down_interruptible", Acquire: true, Fails: true, Class: Semaphore, Arg: 0, Flags: -1},
	{Func: "down_killable", Acquire: true, Fails: true, Class: Semaphore, Arg: 0, Flags: -1},
	{Func: "down_timeout", Acquire: true, Fails: true, Class: Semaphore, Arg: 0, Flags: -1},
	{Func: "down_trylock", Acquire: true, Class: Semaphore, Arg: 0, Try: true, TryZero: true, Flags: -1},
	{Func: "up", Class: Semaphore, Arg: 0, Flags: -1},
	// struct rw_semaphore
	{Func: "down_read", Acquire: true, Class: Semaphore, Arg: 0, Variant: Read, Flags: -1},
	{Func: "down_read_interruptible", Acquire: true, Fails: true, Class: Semaphore, Arg: 0, Variant: Read, Flags: -1},
	{Func: "down_read_killable", Acquire: true, Fails: true, Class: Semaphore, Arg: 0, Variant: Read, Flags: -1},
	{Func: "down_read_nested", Acquire: true, Class: Semaphore, Arg: 0, Variant: Read | Nested, Flags: -1},
	{Func: "down_read_killable_nested", Acquire: true, Fails: true, Class: Semaphore, Arg: 0, Variant: Read | Nested, Flags: -1},
	{Func: "down_read_non_owner", Acquire: true, Class: Semaphore, Arg: 0, Variant: Read, Flags: -1},
	{Func: "down_read_trylock", Acquire: true, Class: Semaphore, Arg: 0, Try: true, Variant: Read, Flags: -1},
	{Func: "down_write", Acquire: true, Class: Semaphore, Arg: 0, Variant: Write, Flags: -1},
	{Func: "down_write_killable", Acquire: true, Fails: true, Class: Semaphore, Arg: 0, Variant: Write, Flags: -1},
	{Func: "down_write_nested", Acquire: true, Class: Semaphore, Arg: 0, Variant: Write | Nested, Flags: -1},
	{Func: "down_write_killable_nested", Acquire: true, Fails: true, Class: Semaphore, Arg: 0, Variant: Write | Nested, Flags: -1},
	{Func: "down_write_nest_lock", Acquire: true, Class: Semaphore, Arg: 0, Variant: Write | Nested, Flags: -1},
	{Func: "down_write_trylock", Acquire: true, Class: Semaphore, Arg: 0, Try: true, Variant: Write, Flags: -1},
	{Func: "up_read", Class: Semaphore, Arg: 0, Variant: Read, Flags: -1},
	{Func: "up_read_non_owner", Class: Semaphore, Arg: 0, Variant: Read, Flags: -1},
	{Func: "up_write", Class: Semaphore, Arg: 0, Variant: Write, Flags: -1},
}

// Guard is a lock type of guard() and scoped_guard() (linux/cleanup.h,
// 6.5+): the lock it holds for the scope. Its lock argument follows the
// type.
type Guard struct {
	Type    string
	Class   LockClass
	Variant LockVariant
	// Try marks the conditional guards (DEFINE_GUARD_COND, _try): a
	// scoped_guard() body runs only when the lock was taken.
	Try bool
}

// Guards lists the lock guards of the 6.12 headers (spinlock.h, mutex.h,
// rwsem.h, irqflags.h, preempt.h, rcupdate.h).
var Guards = []Guard{
	{Type: "spinlock", Class: Spin},
	{Type: "spinlock_try", Class: Spin, Try: true},
	{Type: "spinlock_irq", Class: Spin, Variant: IRQ},
	{Type: "spinlock_irq_try", Class: Spin, Variant: IRQ, Try: true},
	{Type: "spinlock_bh", Class: Spin, Variant: BH},
	{Type: "spinlock_bh_try", Class: Spin, Variant: BH, Try: true},
	{Type: "spinlock_irqsave", Class: Spin, Variant: IRQ | IRQSave},
	{Type: "spinlock_irqsave_try", Class: Spin, Variant: IRQ | IRQSave, Try: true},
	{Type: "raw_spinlock", Class: Spin, Variant: Raw},
	{Type: "raw_spinlock_try", Class: Spin, Variant: Raw, Try: true},
	{Type: "raw_spinlock_nested", Class: Spin, Variant: Raw | Nested},
	{Type: "raw_spinlock_irq", Class: Spin, Variant: Raw | IRQ},
	{Type: "raw_spinlock_irq_try", Class: Spin, Variant: Raw | IRQ, Try: true},
	{Type: "raw_spinlock_bh", Class: Spin, Variant: Raw | BH},
	{Type: "raw_spinlock_bh_try", Class: Spin, Variant: Raw | BH, Try: true},
	{Type: "raw_spinlock_irqsave", Class: Spin, Variant: Raw | IRQ | IRQSave},
	{Type: "raw_spinlock_irqsave_try", Class: Spin, Variant: Raw | IRQ | IRQSave, Try: true},
	{Type: "read_lock", Class: Spin, Variant: Read},
	{Type: "read_lock_irq", Class: Spin, Variant: Read | IRQ},
	{Type: "read_lock_irqsave", Class: Spin, Variant: Read | IRQ | IRQSave},
	{Type: "write_lock", Class: Spin, Variant: Write},
	{Type: "write_lock_irq", Class: Spin, Variant: Write | IRQ},
	{Type: "write_lock_irqsave", Class: Spin, Variant: Write | IRQ | IRQSave},
	{Type: "irq", Class: IRQOff, Variant: IRQ},
	{Type: "irqsave", Class: IRQOff, Variant: IRQ | IRQSave},
	{Type: "preempt", Class: PreemptOff},
	{Type: "preempt_notrace", Class: PreemptOff},
	{Type: "rcu", Class: RCURead},
	{Type: "mutex", Class: Mutex},
	{Type: "mutex_try", Class: Mutex, Try: true},
	{Type: "mutex_intr", Class: Mutex},
	{Type: "rwsem_read", Class: Semaphore, Variant: Read},
	{Type: "rwsem_read_try", Class: Semaphore, Variant: Read, Try: true},
	{Type: "rwsem_read_intr", Class: Semaphore, Variant: Read},
	{Type: "rwsem_write", Class: Semaphore, Variant: Write},
	{Type: "rwsem_write_try", Class: Semaphore, Variant: Write, Try: true},
}

// ScopedGuards are the macros of linux/cleanup.h that hold a lock for a
// scope: guard(type)(args) until the end of the block, scoped_guard(type,
// args) { ... } for the block that follows.
var ScopedGuards = []string{"guard", "scoped_guard", "scoped_cond_guard"}

// TryHolds reports whether a conditional acquisition (a trylock, or one
// that Fails) holds the lock when its result is true (spin_trylock)
// rather than when it is 0 (down_trylock, mutex_lock_interruptible).
func (op *LockOp) TryHolds(result bool) bool {
	if op.Fails {
		return !result
	}
	return result != op.TryZero
}

// Conditional reports whether op takes its lock only when it succeeds:
// a trylock, or an acquisition that Fails.
func (op *LockOp) Conditional() bool { return op.Acquire && (op.Try || op.Fails) }

// FlagSaves save the interrupt state into their flags argument without
// disabling interrupts (irqflags.h, 6.12): a later local_irq_restore()
// of those flags restores what they saved.
var FlagSaves = []string{"local_save_flags", "raw_local_save_flags"}

// ContextAnnotations are the statements that tell sparse a function
// changes its caller's lock context on purpose (compiler_types.h:
// __acquire(x), __release(x), __cond_lock(x, c)); they compile to
// nothing. A function that uses one returns with a lock held, or
// without one, deliberately.
var ContextAnnotations = []string{"__acquire", "__release", "__cond_lock"}

// ConditionWarnings are the macros that warn when their first argument
// is true and return its truth value (asm-generic/bug.h): like a branch
// hint, if (WARN_ON(spin_trylock(l))) takes its branch when the trylock
// succeeded.
var ConditionWarnings = []string{"WARN_ON", "WARN_ON_ONCE", "WARN", "WARN_ONCE"}

// LoopIteratorWord marks the iterator macros by kernel naming
// convention (list_for_each_entry, for_each_set_bit, xa_for_each): the
// front end keeps one as a call before a loop without a condition,
// which ends when the iterator does.
const LoopIteratorWord = "for_each"

// ListIterator is a list iterator macro and the index of its list head
// argument: its loop body does not run when list_empty(head).
type ListIterator struct {
	Func string
	Head int
}

// ListEmptyTest is the test that a list is empty (list.h:378): a path
// that has seen list_empty(head) true does not walk that list.
const ListEmptyTest = "list_empty"

// ListIterators lists the list iterators (linux/list.h, rculist.h,
// 6.12).
var ListIterators = []ListIterator{
	{"list_for_each", 1},                    // list.h:693
	{"list_for_each_prev", 1},               // list.h:729
	{"list_for_each_safe", 2},               // list.h:738
	{"list_for_each_entry", 1},              // list.h:784
	{"list_for_each_entry_reverse", 1},      // list.h:795
	{"list_for_each_entry_safe", 2},         // list.h:871
	{"list_for_each_entry_safe_reverse", 2}, // list.h:918
	{"list_for_each_entry_rcu", 1},          // rculist.h:421
}
