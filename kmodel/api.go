package kmodel

// This file is the data half of the kernel API model. Each table lists one
// kind of fact; kmodel.go indexes them. To teach kdlint a new kernel API,
// add a row here (and, if drivers use it as a macro that does not look like
// a function call, a definition to prelude.h).

// Sleeper is a call that may sleep.
type Sleeper struct {
	Func string
	// GFPArg is the index of the gfp_t argument when the call sleeps only
	// for flags that allow direct reclaim (GFP_KERNEL and friends); -1 when
	// the call may always sleep.
	GFPArg int
	// DropsLock marks waits that are made with a spinlock held on purpose:
	// they release it while sleeping (wait_event_lock_irq and friends).
	// They are wrong only where the code is atomic for another reason.
	DropsLock bool
	// LockArg is, for DropsLock waits, the index of the lock argument;
	// -1 when the lock is the wait queue's own (WaitQueueLock of the
	// first argument: the _locked variants).
	LockArg int
}

// WaitQueueLock is the member of struct wait_queue_head that holds its
// spinlock (wq_head.lock), which the wait_event_*_locked waits drop.
const WaitQueueLock = "lock"

// Sleepers lists calls that may sleep. Sleeping locks (mutex_lock, down)
// are in LockOps instead: they are reported by their own rule.
var Sleepers = []Sleeper{
	// Explicit sleeps and scheduling.
	{Func: "msleep", GFPArg: -1}, {Func: "msleep_interruptible", GFPArg: -1}, {Func: "ssleep", GFPArg: -1},
	{Func: "usleep_range", GFPArg: -1}, {Func: "usleep_range_state", GFPArg: -1}, {Func: "usleep_idle_range", GFPArg: -1},
	{Func: "fsleep", GFPArg: -1}, {Func: "schedule", GFPArg: -1}, {Func: "io_schedule", GFPArg: -1}, {Func: "might_sleep", GFPArg: -1},
	{Func: "cond_resched", GFPArg: -1}, {Func: "yield", GFPArg: -1},
	// Allocation with a gfp_t argument.
	{Func: "kmalloc", GFPArg: 1}, {Func: "kzalloc", GFPArg: 1}, {Func: "kcalloc", GFPArg: 2}, {Func: "kmalloc_array", GFPArg: 2},
	{Func: "krealloc", GFPArg: 2}, {Func: "krealloc_array", GFPArg: 3}, {Func: "kmemdup", GFPArg: 2}, {Func: "kstrdup", GFPArg: 1}, {Func: "kstrndup", GFPArg: 2},
	{Func: "kmalloc_node", GFPArg: 1}, {Func: "kzalloc_node", GFPArg: 1}, {Func: "kvmalloc", GFPArg: 1}, {Func: "kvzalloc", GFPArg: 1}, {Func: "kvcalloc", GFPArg: 2},
	{Func: "devm_kmalloc", GFPArg: 2}, {Func: "devm_kzalloc", GFPArg: 2}, {Func: "devm_kcalloc", GFPArg: 3}, {Func: "devm_kmalloc_array", GFPArg: 3},
	{Func: "devm_kstrdup", GFPArg: 2}, {Func: "devm_kmemdup", GFPArg: 3},
	{Func: "kmem_cache_alloc", GFPArg: 1}, {Func: "kmem_cache_zalloc", GFPArg: 1},
	{Func: "alloc_pages", GFPArg: 0}, {Func: "alloc_page", GFPArg: 0}, {Func: "__get_free_pages", GFPArg: 0}, {Func: "__get_free_page", GFPArg: 0},
	{Func: "get_zeroed_page", GFPArg: 0}, {Func: "dma_alloc_coherent", GFPArg: 3}, {Func: "dmam_alloc_coherent", GFPArg: 3},
	{Func: "dma_pool_alloc", GFPArg: 1}, {Func: "dma_pool_zalloc", GFPArg: 1},
	{Func: "alloc_skb", GFPArg: 1}, {Func: "__netdev_alloc_skb", GFPArg: 2}, {Func: "__dev_alloc_skb", GFPArg: 1}, {Func: "skb_copy", GFPArg: 1},
	{Func: "skb_clone", GFPArg: 1}, {Func: "pskb_copy", GFPArg: 1}, {Func: "skb_copy_expand", GFPArg: 3},
	{Func: "usb_alloc_urb", GFPArg: 1}, {Func: "usb_submit_urb", GFPArg: 1}, {Func: "usb_alloc_coherent", GFPArg: 2},
	{Func: "idr_alloc", GFPArg: 4}, {Func: "idr_alloc_cyclic", GFPArg: 4}, {Func: "ida_alloc_range", GFPArg: 3},
	{Func: "ida_alloc", GFPArg: -1}, {Func: "ida_simple_get", GFPArg: 3},
	{Func: "vmalloc", GFPArg: -1}, {Func: "vzalloc", GFPArg: -1}, {Func: "vmalloc_user", GFPArg: -1}, {Func: "vfree", GFPArg: -1},
	// User memory access: may fault and sleep.
	{Func: "copy_to_user", GFPArg: -1}, {Func: "copy_from_user", GFPArg: -1}, {Func: "get_user", GFPArg: -1}, {Func: "put_user", GFPArg: -1},
	{Func: "clear_user", GFPArg: -1}, {Func: "strncpy_from_user", GFPArg: -1}, {Func: "memdup_user", GFPArg: -1},
	// Firmware, threads.
	{Func: "request_firmware", GFPArg: -1}, {Func: "request_firmware_direct", GFPArg: -1}, {Func: "firmware_request_nowarn", GFPArg: -1},
	{Func: "kthread_stop", GFPArg: -1}, {Func: "kthread_create", GFPArg: -1}, {Func: "kthread_run", GFPArg: -1},
	// Waiting for deferred work, timers, tasklets, IRQs and RCU.
	{Func: "cancel_work_sync", GFPArg: -1}, {Func: "cancel_delayed_work_sync", GFPArg: -1}, {Func: "flush_work", GFPArg: -1},
	{Func: "flush_delayed_work", GFPArg: -1}, {Func: "flush_workqueue", GFPArg: -1}, {Func: "drain_workqueue", GFPArg: -1},
	{Func: "destroy_workqueue", GFPArg: -1}, {Func: "flush_scheduled_work", GFPArg: -1},
	{Func: "disable_work_sync", GFPArg: -1}, {Func: "disable_delayed_work_sync", GFPArg: -1},
	{Func: "tasklet_kill", GFPArg: -1}, {Func: "tasklet_disable", GFPArg: -1}, {Func: "synchronize_rcu", GFPArg: -1},
	{Func: "synchronize_net", GFPArg: -1}, {Func: "synchronize_irq", GFPArg: -1}, {Func: "free_irq", GFPArg: -1},
	{Func: "request_irq", GFPArg: -1}, {Func: "request_threaded_irq", GFPArg: -1}, {Func: "devm_request_irq", GFPArg: -1},
	{Func: "devm_request_threaded_irq", GFPArg: -1},
	// Buses whose transfers sleep.
	{Func: "i2c_transfer", GFPArg: -1}, {Func: "i2c_master_send", GFPArg: -1}, {Func: "i2c_master_recv", GFPArg: -1},
	{Func: "spi_sync", GFPArg: -1}, {Func: "spi_write", GFPArg: -1}, {Func: "spi_read", GFPArg: -1}, {Func: "spi_write_then_read", GFPArg: -1},
	{Func: "spi_sync_transfer", GFPArg: -1}, {Func: "spi_w8r8", GFPArg: -1}, {Func: "spi_w8r16", GFPArg: -1},
	{Func: "mdiobus_read", GFPArg: -1}, {Func: "mdiobus_write", GFPArg: -1}, {Func: "phy_read", GFPArg: -1}, {Func: "phy_write", GFPArg: -1},
	// Clocks, regulators and GPIOs that may sleep.
	{Func: "clk_prepare", GFPArg: -1}, {Func: "clk_prepare_enable", GFPArg: -1}, {Func: "clk_unprepare", GFPArg: -1},
	{Func: "clk_disable_unprepare", GFPArg: -1}, {Func: "clk_set_rate", GFPArg: -1},
	{Func: "regulator_enable", GFPArg: -1}, {Func: "regulator_disable", GFPArg: -1},
	{Func: "gpiod_set_value_cansleep", GFPArg: -1}, {Func: "gpiod_get_value_cansleep", GFPArg: -1},
	{Func: "gpio_set_value_cansleep", GFPArg: -1}, {Func: "gpio_get_value_cansleep", GFPArg: -1},
}

// LockDroppingWaits are the wait_event variants called with a spinlock
// held, which they drop while sleeping (linux/wait.h). They take
// precedence over the wait_event prefix below.
var LockDroppingWaits = []Sleeper{
	// wait_event_lock_irq(wq_head, condition, lock, ...)
	{Func: "wait_event_lock_irq", GFPArg: -1, DropsLock: true, LockArg: 2},
	{Func: "wait_event_lock_irq_cmd", GFPArg: -1, DropsLock: true, LockArg: 2},
	{Func: "wait_event_lock_irq_timeout", GFPArg: -1, DropsLock: true, LockArg: 2},
	{Func: "wait_event_interruptible_lock_irq", GFPArg: -1, DropsLock: true, LockArg: 2},
	{Func: "wait_event_interruptible_lock_irq_cmd", GFPArg: -1, DropsLock: true, LockArg: 2},
	{Func: "wait_event_interruptible_lock_irq_timeout", GFPArg: -1, DropsLock: true, LockArg: 2},
	{Func: "wait_event_idle_lock_irq", GFPArg: -1, DropsLock: true, LockArg: 2},
	// wait_event_*_locked(wq_head, condition), under wq_head.lock
	{Func: "wait_event_interruptible_locked", GFPArg: -1, DropsLock: true, LockArg: -1},
	{Func: "wait_event_interruptible_locked_irq", GFPArg: -1, DropsLock: true, LockArg: -1},
	{Func: "wait_event_interruptible_exclusive_locked", GFPArg: -1, DropsLock: true, LockArg: -1},
	{Func: "wait_event_interruptible_exclusive_locked_irq", GFPArg: -1, DropsLock: true, LockArg: -1},
	{Func: "wait_event_killable_locked", GFPArg: -1, DropsLock: true, LockArg: -1},
	{Func: "wait_event_killable_locked_irq", GFPArg: -1, DropsLock: true, LockArg: -1},
}

// CallbackWait is a call that waits for a timer's callback to finish by
// spinning, not sleeping (kernel/time/timer.c): del_timer_sync() and its
// newer names. It is wrong in hard IRQ context (the kernel warns), under
// a lock the callback takes (a deadlock), and in the timer's own callback
// (it waits for itself). On PREEMPT_RT it may also sleep.
type CallbackWait struct {
	Func   string
	ObjArg int // the timer
}

// CallbackWaits lists the calls that wait for a timer callback.
var CallbackWaits = []CallbackWait{
	{"del_timer_sync", 0}, {"timer_delete_sync", 0}, {"timer_shutdown_sync", 0},
}

// SleeperPrefixes are families of sleeping calls named by prefix.
var SleeperPrefixes = []Sleeper{
	{Func: "wait_event", GFPArg: -1},          // wait_event, wait_event_interruptible, _timeout, ...
	{Func: "wait_for_completion", GFPArg: -1}, // all variants, incl. _timeout and _interruptible
	{Func: "schedule_timeout", GFPArg: -1},    // _interruptible, _uninterruptible, _killable, _idle
	{Func: "i2c_smbus_", GFPArg: -1},          // i2c_smbus_read_byte_data and friends
}

// SleepingGFP lists the GFP flags that allow direct reclaim. An allocation
// whose flags contain one of them may sleep; GFP_ATOMIC, GFP_NOWAIT and
// GFP_DMA alone do not.
var SleepingGFP = []string{
	"GFP_KERNEL", "GFP_KERNEL_ACCOUNT", "GFP_NOIO", "GFP_NOFS", "GFP_USER",
	"GFP_HIGHUSER", "GFP_HIGHUSER_MOVABLE", "__GFP_DIRECT_RECLAIM", "__GFP_RECLAIM",
}

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
	Arg     int  // index of the lock argument; -1 when there is none
	Try     bool // conditional acquire: holds only when it succeeds
	// TryZero marks a trylock that returns 0 when it succeeds
	// (down_trylock); the others return true.
	TryZero bool
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

	// Interrupts, bottom halves, preemption and RCU read sections.
	{Func: "local_irq_disable", Acquire: true, Class: IRQOff, Arg: -1, Variant: IRQ, Flags: -1},
	{Func: "local_irq_save", Acquire: true, Class: IRQOff, Arg: -1, Variant: IRQ | IRQSave, Flags: 0},
	{Func: "local_irq_enable", Class: IRQOff, Arg: -1, Variant: IRQ, Flags: -1},
	{Func: "local_irq_restore", Class: IRQOff, Arg: -1, Variant: IRQ | IRQSave, Flags: 0},
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
	{Func: "mutex_lock_interruptible", Acquire: true, Class: Mutex, Arg: 0, Flags: -1},
	{Func: "mutex_lock_killable", Acquire: true, Class: Mutex, Arg: 0, Flags: -1},
	{Func: "mutex_lock_io", Acquire: true, Class: Mutex, Arg: 0, Flags: -1},
	{Func: "mutex_lock_nested", Acquire: true, Class: Mutex, Arg: 0, Variant: Nested, Flags: -1},
	{Func: "mutex_lock_interruptible_nested", Acquire: true, Class: Mutex, Arg: 0, Variant: Nested, Flags: -1},
	{Func: "mutex_lock_killable_nested", Acquire: true, Class: Mutex, Arg: 0, Variant: Nested, Flags: -1},
	{Func: "mutex_lock_io_nested", Acquire: true, Class: Mutex, Arg: 0, Variant: Nested, Flags: -1},
	{Func: "mutex_lock_nest_lock", Acquire: true, Class: Mutex, Arg: 0, Variant: Nested, Flags: -1},
	{Func: "mutex_trylock", Acquire: true, Class: Mutex, Arg: 0, Try: true, Flags: -1},
	{Func: "atomic_dec_and_mutex_lock", Acquire: true, Class: Mutex, Arg: 1, Try: true, Flags: -1},
	{Func: "refcount_dec_and_mutex_lock", Acquire: true, Class: Mutex, Arg: 1, Try: true, Flags: -1},
	{Func: "mutex_unlock", Class: Mutex, Arg: 0, Flags: -1},

	// struct semaphore
	{Func: "down", Acquire: true, Class: Semaphore, Arg: 0, Flags: -1},
	{Func: "down_interruptible", Acquire: true, Class: Semaphore, Arg: 0, Flags: -1},
	{Func: "down_killable", Acquire: true, Class: Semaphore, Arg: 0, Flags: -1},
	{Func: "down_timeout", Acquire: true, Class: Semaphore, Arg: 0, Flags: -1},
	{Func: "down_trylock", Acquire: true, Class: Semaphore, Arg: 0, Try: true, TryZero: true, Flags: -1},
	{Func: "up", Class: Semaphore, Arg: 0, Flags: -1},
	// struct rw_semaphore
	{Func: "down_read", Acquire: true, Class: Semaphore, Arg: 0, Variant: Read, Flags: -1},
	{Func: "down_read_interruptible", Acquire: true, Class: Semaphore, Arg: 0, Variant: Read, Flags: -1},
	{Func: "down_read_killable", Acquire: true, Class: Semaphore, Arg: 0, Variant: Read, Flags: -1},
	{Func: "down_read_nested", Acquire: true, Class: Semaphore, Arg: 0, Variant: Read | Nested, Flags: -1},
	{Func: "down_read_killable_nested", Acquire: true, Class: Semaphore, Arg: 0, Variant: Read | Nested, Flags: -1},
	{Func: "down_read_non_owner", Acquire: true, Class: Semaphore, Arg: 0, Variant: Read, Flags: -1},
	{Func: "down_read_trylock", Acquire: true, Class: Semaphore, Arg: 0, Try: true, Variant: Read, Flags: -1},
	{Func: "down_write", Acquire: true, Class: Semaphore, Arg: 0, Variant: Write, Flags: -1},
	{Func: "down_write_killable", Acquire: true, Class: Semaphore, Arg: 0, Variant: Write, Flags: -1},
	{Func: "down_write_nested", Acquire: true, Class: Semaphore, Arg: 0, Variant: Write | Nested, Flags: -1},
	{Func: "down_write_killable_nested", Acquire: true, Class: Semaphore, Arg: 0, Variant: Write | Nested, Flags: -1},
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

// Registration is a call that registers a callback to run in a context.
type Registration struct {
	Func    string
	Arg     int // index of the callback argument
	Context Context
	Kind    string // how messages name the callback, e.g. "tasklet handler"
}

// Registrations lists calls (and macros used like calls) that make a
// function run in a known context. Process-context registrations (work
// items, threaded IRQ handlers) are listed so that the call graph knows
// the function is an entry point that may sleep.
var Registrations = []Registration{
	{"tasklet_init", 1, SoftIRQ, "tasklet handler"},
	{"tasklet_setup", 1, SoftIRQ, "tasklet handler"},
	{"DECLARE_TASKLET", 1, SoftIRQ, "tasklet handler"},
	{"DECLARE_TASKLET_OLD", 1, SoftIRQ, "tasklet handler"},
	{"DECLARE_TASKLET_DISABLED", 1, SoftIRQ, "tasklet handler"},
	{"DECLARE_TASKLET_DISABLED_OLD", 1, SoftIRQ, "tasklet handler"},
	{"timer_setup", 1, SoftIRQ, "timer callback"},
	{"timer_setup_on_stack", 1, SoftIRQ, "timer callback"},
	{"setup_timer", 1, SoftIRQ, "timer callback"},
	{"setup_timer_on_stack", 1, SoftIRQ, "timer callback"},
	{"setup_deferrable_timer", 1, SoftIRQ, "timer callback"},
	{"DEFINE_TIMER", 1, SoftIRQ, "timer callback"},
	{"TIMER_INITIALIZER", 0, SoftIRQ, "timer callback"},
	{"__TIMER_INITIALIZER", 0, SoftIRQ, "timer callback"},
	{"hrtimer_setup", 1, HardIRQ, "hrtimer callback"},
	{"request_irq", 1, HardIRQ, "hard IRQ handler"},
	{"request_any_context_irq", 1, HardIRQ, "hard IRQ handler"},
	{"request_percpu_irq", 1, HardIRQ, "hard IRQ handler"},
	{"devm_request_irq", 2, HardIRQ, "hard IRQ handler"},
	{"request_threaded_irq", 1, HardIRQ, "hard IRQ handler"},
	{"request_threaded_irq", 2, Process, "threaded IRQ handler"},
	{"devm_request_threaded_irq", 2, HardIRQ, "hard IRQ handler"},
	{"devm_request_threaded_irq", 3, Process, "threaded IRQ handler"},
	{"call_rcu", 1, SoftIRQ, "RCU callback"},
	{"netif_napi_add", 2, SoftIRQ, "NAPI poll function"},
	{"netif_napi_add_weight", 2, SoftIRQ, "NAPI poll function"},
	{"netif_napi_add_tx", 2, SoftIRQ, "NAPI poll function"},
	{"netif_napi_add_tx_weight", 2, SoftIRQ, "NAPI poll function"},
	{"INIT_WORK", 1, Process, "work function"},
	{"INIT_DELAYED_WORK", 1, Process, "work function"},
	{"DECLARE_WORK", 1, Process, "work function"},
	{"DECLARE_DELAYED_WORK", 1, Process, "work function"},
}

// FieldCallback is a struct field that holds a callback run in a context
// when a function is assigned to it (timer.function = fn).
type FieldCallback struct {
	Field   string
	Context Context
	Kind    string
	Object  ObjectKind // the kind of object whose member it is
}

// FieldCallbacks lists callback fields set by assignment. Old timer code
// sets .function after init_timer(); hrtimers set it after hrtimer_init()
// (HrtimerInits tells them apart).
var FieldCallbacks = []FieldCallback{
	{"function", SoftIRQ, "timer callback", Timer},
}

// HrtimerInit is a call that sets up an hrtimer (linux/hrtimer.h). Its
// callback runs in hard IRQ context, unless the mode is one of the
// HRTIMER_MODE_*_SOFT modes, which run it in softirq context.
type HrtimerInit struct {
	Func    string
	ObjArg  int // the timer
	ModeArg int // the hrtimer mode
}

// HrtimerInits lists the hrtimer set-up calls: hrtimer_init() before
// .function is assigned, hrtimer_setup() (6.13+) with the callback.
var HrtimerInits = []HrtimerInit{
	{"hrtimer_init", 0, 2},
	{"hrtimer_init_on_stack", 0, 2},
	{"hrtimer_setup", 0, 3},
}

// HrtimerKind is how messages name an hrtimer callback.
const HrtimerKind = "hrtimer callback"

// OpsSlot is a member of an operations table whose callback the kernel calls
// in atomic context.
type OpsSlot struct {
	Struct  string // struct tag of the table
	Field   string
	Context Context
	Kind    string
}

// OpsSlots lists operations-table members that run in atomic context.
var OpsSlots = []OpsSlot{
	{"net_device_ops", "ndo_start_xmit", SoftIRQ, "ndo_start_xmit (runs with BHs disabled)"},
	{"uart_ops", "start_tx", Locked, "uart start_tx (runs under the port lock)"},
	{"uart_ops", "stop_tx", Locked, "uart stop_tx (runs under the port lock)"},
	{"irq_chip", "irq_mask", HardIRQ, "irq_chip callback"},
	{"irq_chip", "irq_unmask", HardIRQ, "irq_chip callback"},
	{"irq_chip", "irq_ack", HardIRQ, "irq_chip callback"},
	{"irq_chip", "irq_eoi", HardIRQ, "irq_chip callback"},
	{"irq_chip", "irq_set_type", HardIRQ, "irq_chip callback"},
}

// ObjectKind is a kind of deferred-work object with a lifecycle.
type ObjectKind uint8

const (
	Workqueue ObjectKind = iota
	Tasklet
	Timer
	Work
)

func (k ObjectKind) String() string {
	return [...]string{"workqueue", "tasklet", "timer", "work item"}[k]
}

// Setup is a call that creates or initialises a deferred-work object.
type Setup struct {
	Func   string
	Kind   ObjectKind
	ObjArg int // index of the object argument; -1: the return value
}

// Setups lists object creation and initialisation calls.
var Setups = []Setup{
	{"create_workqueue", Workqueue, -1}, {"create_singlethread_workqueue", Workqueue, -1},
	{"create_freezable_workqueue", Workqueue, -1}, {"alloc_workqueue", Workqueue, -1},
	{"alloc_ordered_workqueue", Workqueue, -1},
	{"tasklet_init", Tasklet, 0}, {"tasklet_setup", Tasklet, 0},
	{"DECLARE_TASKLET", Tasklet, 0}, {"DECLARE_TASKLET_OLD", Tasklet, 0},
	{"DECLARE_TASKLET_DISABLED", Tasklet, 0}, {"DECLARE_TASKLET_DISABLED_OLD", Tasklet, 0},
	{"timer_setup", Timer, 0}, {"setup_timer", Timer, 0}, {"init_timer", Timer, 0},
	{"DEFINE_TIMER", Timer, 0},
	{"INIT_WORK", Work, 0}, {"INIT_DELAYED_WORK", Work, 0},
	{"DECLARE_WORK", Work, 0}, {"DECLARE_DELAYED_WORK", Work, 0},
}

// Teardown is a call that stops or destroys a deferred-work object.
type Teardown struct {
	Func    string
	Kind    ObjectKind
	ObjArg  int
	Destroy bool // releases the object (destroy_workqueue, tasklet_kill, del_timer_sync)
	Waits   bool // waits for a running callback to finish
}

// Teardowns lists teardown calls. Since 2.6.36 destroy_workqueue drains the
// queue itself, so it both flushes and destroys.
var Teardowns = []Teardown{
	{"destroy_workqueue", Workqueue, 0, true, true},
	{"flush_workqueue", Workqueue, 0, false, true},
	{"drain_workqueue", Workqueue, 0, false, true},
	{"tasklet_kill", Tasklet, 0, true, true},
	{"del_timer_sync", Timer, 0, true, true}, {"timer_delete_sync", Timer, 0, true, true},
	{"timer_shutdown_sync", Timer, 0, true, true},
	{"del_timer", Timer, 0, true, false}, {"timer_delete", Timer, 0, true, false},
	{"timer_shutdown", Timer, 0, true, false},
	{"cancel_work_sync", Work, 0, true, true}, {"cancel_delayed_work_sync", Work, 0, true, true},
	{"flush_work", Work, 0, false, true}, {"flush_delayed_work", Work, 0, false, true},
	{"disable_work_sync", Work, 0, true, true}, {"disable_delayed_work_sync", Work, 0, true, true},
	{"cancel_work", Work, 0, true, false}, {"cancel_delayed_work", Work, 0, true, false},
}

// DriverStruct is a bus driver structure whose members name the probe and
// remove entry points.
type DriverStruct struct {
	Struct string
	Probe  []string
	Remove []string
}

// DriverStructs lists the bus driver structures kdlint understands.
var DriverStructs = []DriverStruct{
	{"platform_driver", []string{"probe"}, []string{"remove", "remove_new"}},
	{"pci_driver", []string{"probe"}, []string{"remove"}},
	{"i2c_driver", []string{"probe", "probe_new"}, []string{"remove"}},
	{"spi_driver", []string{"probe"}, []string{"remove"}},
	{"usb_driver", []string{"probe"}, []string{"disconnect"}},
	{"sdio_driver", []string{"probe"}, []string{"remove"}},
	{"serdev_device_driver", []string{"probe"}, []string{"remove"}},
	{"auxiliary_driver", []string{"probe"}, []string{"remove"}},
	{"virtio_driver", []string{"probe"}, []string{"remove"}},
	{"hid_driver", []string{"probe"}, []string{"remove"}},
	{"amba_driver", []string{"probe"}, []string{"remove"}},
	{"mdio_driver", []string{"probe"}, []string{"remove"}},
}

// DriverMacro is a module_*_driver() macro: it registers the driver
// structure named by its first argument as the module's init and exit.
type DriverMacro struct {
	Macro string
	// ProbeArg is the index of an argument naming the probe function
	// directly (module_platform_driver_probe); 0 when there is none.
	ProbeArg int
}

// DriverMacros lists the module_*_driver() helpers.
var DriverMacros = []DriverMacro{
	{Macro: "module_platform_driver"}, {Macro: "module_pci_driver"}, {Macro: "module_i2c_driver"},
	{Macro: "module_spi_driver"}, {Macro: "module_usb_driver"}, {Macro: "module_sdio_driver"},
	{Macro: "module_serdev_device_driver"}, {Macro: "module_auxiliary_driver"}, {Macro: "module_virtio_driver"},
	{Macro: "module_hid_driver"}, {Macro: "module_amba_driver"}, {Macro: "module_mdio_driver"},
	{Macro: "module_platform_driver_probe", ProbeArg: 1}, {Macro: "builtin_platform_driver"}, {Macro: "module_driver"},
}

// ModuleEntry is a macro that names a module's init or exit function.
type ModuleEntry struct {
	Macro string
	Exit  bool
}

// ModuleEntries lists module_init/module_exit and the initcall levels.
var ModuleEntries = []ModuleEntry{
	{"module_init", false}, {"module_exit", true}, {"late_initcall", false},
	{"subsys_initcall", false}, {"device_initcall", false}, {"fs_initcall", false},
	{"arch_initcall", false}, {"core_initcall", false}, {"postcore_initcall", false},
	{"rootfs_initcall", false}, {"late_initcall_sync", false}, {"subsys_initcall_sync", false},
}

// DevmAction is a call that registers a function to run when the device
// goes away (on remove, or when probe fails later): devres then tears the
// object down, so the driver need not.
type DevmAction struct {
	Func   string
	FnArg  int // the action function
	ObjArg int // the argument it will be called with
}

// DevmActions lists the devres action registrations.
var DevmActions = []DevmAction{
	{"devm_add_action", 1, 2},
	{"devm_add_action_or_reset", 1, 2},
}

// ScopedGuards are the macros of linux/cleanup.h that hold a lock for a
// scope: guard(type)(args) until the end of the block, scoped_guard(type,
// args) { ... } for the block that follows.
var ScopedGuards = []string{"guard", "scoped_guard", "scoped_cond_guard"}

// ErrorValueCalls are calls whose value is an error code or error
// pointer: returning one reports failure.
var ErrorValueCalls = []string{"PTR_ERR", "ERR_PTR", "ERR_CAST", "dev_err_probe"}

// ErrorPointerTests are tests that are true when their argument is an
// error pointer (or NULL, for IS_ERR_OR_NULL): the object was not created.
var ErrorPointerTests = []string{"IS_ERR", "IS_ERR_OR_NULL"}

// ErrorValueTests are tests that are true when an int holds an error.
var ErrorValueTests = []string{"IS_ERR_VALUE"}

// BranchHints wrap a condition without changing its value.
var BranchHints = []string{"likely", "unlikely"}

// ContextTest is a call that tells code which context it runs in
// (linux/preempt.h, linux/irqflags.h): true in the contexts of True, false
// in those of False, unknown in the others. Process context with a lock
// held is in neither list: what the tests say there depends on the lock
// (spin_lock_bh counts as softirq) and on the kernel configuration.
type ContextTest struct {
	Func        string
	True, False []Context
}

// ContextTests lists the context tests. A hard IRQ may interrupt a
// softirq, so the softirq tests are unknown in hard IRQ context.
var ContextTests = []ContextTest{
	{Func: "in_interrupt", True: []Context{HardIRQ, SoftIRQ}},
	{Func: "in_irq", True: []Context{HardIRQ}, False: []Context{SoftIRQ}},
	{Func: "in_hardirq", True: []Context{HardIRQ}, False: []Context{SoftIRQ}},
	{Func: "in_softirq", True: []Context{SoftIRQ}},
	{Func: "in_serving_softirq", True: []Context{SoftIRQ}},
	{Func: "in_task", False: []Context{HardIRQ, SoftIRQ}},
	{Func: "in_atomic", True: []Context{HardIRQ, SoftIRQ}},
	{Func: "preemptible", False: []Context{HardIRQ, SoftIRQ}},
	{Func: "irqs_disabled", True: []Context{HardIRQ}},
}
