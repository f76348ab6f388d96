// Package sleepinatomic defines an Analyzer that reports calls that may
// sleep when they are made in atomic context.
//
// # Analyzer sleepinatomic
//
// sleepinatomic: report calls that may sleep in atomic context
//
// Code that runs in a tasklet, a timer callback, a hard interrupt handler,
// or with a spinlock held or interrupts disabled must not sleep. The
// analyzer looks up every call in the kernel API model's table of sleeping
// calls (msleep, wait_event, GFP_KERNEL allocations, copy_to_user,
// cancel_work_sync, i2c_transfer, ...) and reports those that run in such a
// context, either in the atomic function itself or in a function of the
// same driver module that it reaches through direct calls. The diagnostic
// sits on the sleeping call and shows the chain from the atomic entry
// point:
//
//	static void poll_timer_fn(struct timer_list *t)
//	{
//		struct poll_dev *pd = from_timer(pd, t, timer);
//
//		poll_read_status(pd);	// calls i2c_smbus_read_byte_data(): reported there
//	}
//
// Sleeping locks (mutex_lock, down) are left to mutexinatomic (KD102). The
// full documentation is the doc record below, rendered in rules.md and by
// kdlint -explain KD101.
package sleepinatomic

import (
	"github.com/kdlint/kdlint/analyzers/passes/atomic"
	"github.com/kdlint/kdlint/analyzers/rule"
	"github.com/kdlint/kdlint/report"
)

// doc describes KD101; Rule (in the rule file) bundles it with the analysis.
var doc = report.Rule{
	ID:        "KD101",
	Name:      "sleep-in-atomic",
	Summary:   "report calls that may sleep in atomic context",
	Level:     report.Error,
	Precision: "high",
	Tags:      []string{"correctness", "concurrency", "kernel"},
	Since:     "0.1.0",

	What: "Reports a call that may sleep when it runs in atomic context, either in an atomic " +
		"function itself or in any function of the same driver module (all `.c` files of one " +
		"directory) that it reaches through direct calls.\n\n" +
		"Sleeping calls come from kdlint's kernel API model: explicit sleeps and waits (`msleep`, " +
		"`usleep_range`, `schedule`, `wait_event*`, `wait_for_completion*`), user-memory access " +
		"(`copy_to_user`, `copy_from_user`), allocations (`kmalloc`, `kzalloc`, `devm_kzalloc`, " +
		"`alloc_skb`, ...), `vmalloc`, `request_firmware`, waits for deferred work, timers and " +
		"interrupts (`cancel_work_sync`, `flush_workqueue`, `destroy_workqueue`, " +
		"`tasklet_kill`, `synchronize_irq`, `synchronize_rcu`, `free_irq`), slow-bus transfers " +
		"(`i2c_transfer`, `i2c_smbus_*`, `spi_sync`) and clock, regulator and GPIO calls that may " +
		"sleep (`clk_prepare`, `regulator_enable`, `gpiod_set_value_cansleep`). An allocation is " +
		"reported only when its GFP flags visibly allow direct reclaim (`GFP_KERNEL`, `GFP_NOIO`, " +
		"`GFP_NOFS`, `GFP_USER`, ...); flags passed in through a `gfp_t` variable are not judged.\n\n" +
		"Code is in atomic context when it is\n\n" +
		"- a callback the kernel runs in interrupt or softirq context: a tasklet handler, a timer " +
		"callback (`timer_setup`, `setup_timer`, `DEFINE_TIMER`, or `init_timer` followed by " +
		"`.function = fn`), a hard IRQ handler (`request_irq`, `devm_request_irq`, the primary " +
		"handler of `request_threaded_irq`, but not its thread function), an hrtimer callback " +
		"(`hrtimer_setup`, or `hrtimer_init` followed by `.function = fn`; hard IRQ context unless " +
		"the mode is one of the `HRTIMER_MODE_*_SOFT` modes), an " +
		"RCU callback (`call_rcu`) or a NAPI poll function;\n" +
		"- an operations-table callback the kernel calls atomically: `ndo_start_xmit`, the uart " +
		"`start_tx` and `stop_tx`, and `irq_chip` callbacks such as `irq_mask` and `irq_set_type`;\n" +
		"- code between `spin_lock*`, `read_lock*`, `write_lock*`, `local_irq_disable`, " +
		"`local_irq_save`, `local_bh_disable`, `preempt_disable` or `rcu_read_lock` and the " +
		"matching unlock, and the scope of a `guard()` or `scoped_guard()` of a spinlock.\n\n" +
		"`del_timer_sync()` (and `timer_delete_sync()`, `timer_shutdown_sync()`) does not sleep on a " +
		"mainline kernel: it spins until the timer's callback has finished. It is reported only " +
		"where that cannot end well: in hard IRQ context (the kernel warns), in the timer's own " +
		"callback (it waits for itself), and under a spinlock that the callback, or a function it " +
		"calls, also takes (a deadlock; a callback that only `spin_trylock`s gives up instead).\n\n" +
		"Waits that release a spinlock while they sleep (`wait_event_lock_irq` and its variants, " +
		"which name the lock, and the `wait_event_*_locked` ones, which use the wait queue's own " +
		"lock) are made with that lock held on purpose. They are reported only when the code is " +
		"atomic for another reason: another lock, an atomic callback, or a caller that holds " +
		"some other lock. A helper that waits on the lock its callers hold is fine.\n\n" +
		"The finding is reported at the sleeping call. Its message and related locations give " +
		"the chain from the atomic entry point: where the callback was registered or the lock " +
		"taken, and each call that leads to the sleep. Sleeping locks (`mutex_lock`, `down`, ...) " +
		"are reported by KD102, not here.",

	Why: "Code in atomic context may not give up the CPU. An interrupt handler or softirq runs " +
		"on top of whatever task it interrupted, so there is nothing the scheduler could put to " +
		"sleep; a task that holds a spinlock, or runs with preemption or interrupts disabled, " +
		"has promised not to be switched out until it is done. A sleeping call there ends in " +
		"\"BUG: sleeping function called from invalid context\" (with `CONFIG_DEBUG_ATOMIC_SLEEP`) " +
		"or \"BUG: scheduling while atomic\", and can hang the machine: another CPU spins forever " +
		"on the lock the sleeper holds, or the sleeper waits for an interrupt that its own CPU " +
		"has disabled.\n\n" +
		"These bugs survive testing because the call sleeps only sometimes (memory is short, " +
		"the bus is slow, the work is still running) and because the sleep tends to hide in a " +
		"helper that is correct when called from process context.",

	Example: `static void rx_refill(struct rx_dev *rx)
{
	void *buf = kmalloc(RX_BUF_SIZE, GFP_KERNEL);	/* KD101 */

	if (buf)
		rx_queue_buffer(rx, buf);
}

static void rx_timer_fn(struct timer_list *t)
{
	struct rx_dev *rx = from_timer(rx, t, timer);

	rx_refill(rx);
	mod_timer(&rx->timer, jiffies + HZ / 10);
}

static void rx_reset(struct rx_dev *rx)
{
	spin_lock_irq(&rx->lock);
	writel(RX_CTRL_RESET, rx->regs + RX_CTRL);
	msleep(10);		/* KD101: sleeps holding rx->lock */
	writel(0, rx->regs + RX_CTRL);
	spin_unlock_irq(&rx->lock);
}

static void rx_start(struct rx_dev *rx)
{
	rx_reset(rx);
	/* rx_timer_fn() will run in softirq context */
	timer_setup(&rx->timer, rx_timer_fn, 0);
	mod_timer(&rx->timer, jiffies + HZ / 10);
}`,

	UseInstead: `static void rx_refill(struct rx_dev *rx)
{
	/* Does not sleep; may fail, so the next tick retries. */
	void *buf = kmalloc(RX_BUF_SIZE, GFP_ATOMIC);

	if (buf)
		rx_queue_buffer(rx, buf);
}

/* Or move work that must sleep to process context: a work
 * item queued from the timer, or a threaded IRQ handler. */

static void rx_reset(struct rx_dev *rx)
{
	spin_lock_irq(&rx->lock);
	writel(RX_CTRL_RESET, rx->regs + RX_CTRL);
	spin_unlock_irq(&rx->lock);

	msleep(10);		/* no lock held */

	spin_lock_irq(&rx->lock);
	writel(0, rx->regs + RX_CTRL);
	spin_unlock_irq(&rx->lock);
}`,

	KnownProblems: "- Calls through function pointers are not followed: a sleep reached only through " +
		"an indirect call such as `priv->ops->reset(priv)` is missed.\n" +
		"- Only callbacks registered in the module itself are known. A function that another " +
		"module (a subsystem core, a bus driver) calls in atomic context is treated as process " +
		"context unless its operations-table slot is in the model.\n" +
		"- A lock counts as held only when it is held on every path (a must-held analysis): after " +
		"`if (x) spin_lock(...)` the paths merge and the lock is taken as not held, so real bugs " +
		"in conditionally locked code are missed.\n" +
		"- `spin_trylock*` regions are not treated as atomic.\n" +
		"- Locks are followed one call deep: a function called with a lock held that releases " +
		"it before sleeping is understood, but a helper that takes a lock for its caller is not " +
		"seen (a missed bug), and neither is a release two calls down.\n" +
		"- Tests of the context (`in_interrupt()`, `in_irq()`, `in_softirq()`, `in_task()`, " +
		"`in_atomic()`, `preemptible()`, `irqs_disabled()`) are understood in interrupt and softirq " +
		"callbacks and the code they reach: a branch the context rules out is not followed. They " +
		"are not relied on under a lock in process context, where their value depends on the lock " +
		"and the kernel configuration. A test whose result is stored in a variable is not " +
		"understood, nor one combined with another condition that a later branch repeats " +
		"(`if (r < 1 && in_interrupt()) goto out;` then `while (r < 1) msleep(1);`). The values " +
		"are those of a mainline kernel: with `threadirqs` or `PREEMPT_RT`, interrupt handlers " +
		"run in threads (where `in_task()` is true and sleeping locks are allowed) and hrtimers " +
		"not marked `_HARD` expire in softirq context.\n" +
		"- GFP flags held in a variable or chosen by a conditional expression are not judged.\n" +
		"- `regmap_*` calls are not modelled: whether they sleep depends on the regmap " +
		"configuration (`.fast_io`, the bus), which kdlint does not track.\n" +
		"- Conditional compilation is decided without a kernel configuration: every `CONFIG_*` " +
		"option is taken as set, so the `#else` branch of `#ifdef CONFIG_...` (and code under " +
		"`#ifndef CONFIG_...`) is not analysed, and a condition kdlint cannot decide, such as a " +
		"kernel version test, takes its first branch.",

	References: []string{
		"Documentation/kernel-hacking/hacking.rst",
		"Documentation/kernel-hacking/locking.rst",
		"Documentation/locking/locktypes.rst",
		"Documentation/core-api/memory-allocation.rst",
		"Documentation/core-api/cleanup.rst",
		"https://lwn.net/Articles/274695/",
	},
}

// maxDepth is the max-depth option.
var maxDepth = rule.Int(atomic.MaxDepthName, atomic.DefaultMaxDepth, atomic.MaxDepthDoc)
