package kmodel

// Which calls may sleep, and how: explicit sleeps and waits, allocations
// whose flags allow direct reclaim, waits that drop a lock, and the waits
// for a timer callback that spin instead.
//
// Part of the data half of the kernel API model (see doc.go).

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
