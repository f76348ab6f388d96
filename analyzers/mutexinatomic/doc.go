// Package mutexinatomic defines an Analyzer that reports sleeping locks
// taken in atomic context.
//
// # Analyzer mutexinatomic
//
// mutexinatomic: report mutexes and semaphores taken in atomic context
//
// A mutex or semaphore puts its caller to sleep when it is contended, so it
// must not be taken in a tasklet, a timer callback, a hard interrupt
// handler, or with a spinlock held. The analyzer reports mutex_lock, down,
// down_read, down_write and their variants, and guard(mutex), when they run
// in the atomic contexts that sleepinatomic (KD101) knows, directly or
// through the driver module's own functions:
//
//	static irqreturn_t adc_irq(int irq, void *data)
//	{
//		struct adc *adc = data;
//
//		mutex_lock(&adc->lock);	// reported: hard IRQ handler
//		...
//	}
//
// Trylock variants never sleep and are not reported. The full
// documentation is the doc record below, rendered in rules.md and by
// kdlint -explain KD102.
package mutexinatomic

import (
	"github.com/kdlint/kdlint/analyzers/passes/atomic"
	"github.com/kdlint/kdlint/analyzers/rule"
	"github.com/kdlint/kdlint/report"
)

// doc describes KD102; Rule (in the rule file) bundles it with the analysis.
var doc = report.Rule{
	ID:        "KD102",
	Name:      "mutex-in-atomic",
	Summary:   "report mutexes and semaphores taken in atomic context",
	Level:     report.Error,
	Precision: "high",
	Tags:      []string{"correctness", "concurrency", "locking", "kernel"},
	Since:     "0.1.0",

	What: "Reports a sleeping lock taken in atomic context: `mutex_lock` and its " +
		"`_interruptible`, `_killable`, `_nested` and `_io` variants; `down`, " +
		"`down_interruptible`, `down_killable` and `down_timeout`; `down_read` and `down_write` " +
		"with their `_killable`, `_interruptible` and `_nested` variants; and " +
		"`guard(mutex)` / `scoped_guard(mutex, ...)` (also the `mutex_intr`, `rwsem_read` and " +
		"`rwsem_write` guards).\n\n" +
		"Atomic context is the same as for KD101: tasklet handlers, timer callbacks (when the " +
		"timer can be armed with them), hard IRQ handlers (not threaded handlers), hrtimer, " +
		"RCU, NAPI, URB completion, BH work and atomic notifier callbacks, the atomic " +
		"operations-table callbacks (`ndo_start_xmit`, the `uart_ops` members called under the " +
		"port lock, `irq_chip` callbacks, `clk_ops.enable`, a console's `write`, an LED's " +
		"`brightness_set`), and code between a spinlock, " +
		"`local_irq_*`, `local_bh_disable`, `preempt_disable`, `rcu_read_lock` or `get_cpu` and " +
		"its release, including `guard()` and `scoped_guard()` of a spinlock. Calls are followed " +
		"path by path through the driver module's functions (constant arguments and the " +
		"branches they decide, noreturn calls, locks released below the caller, the module's " +
		"own function pointers), and sleeping locks reached through the same call out of one " +
		"atomic region are one finding, with the chain from the atomic entry point.\n\n" +
		"Trylock variants (`mutex_trylock`, `down_trylock`, `down_read_trylock`, " +
		"`down_write_trylock`) do not sleep and are not reported. A sleeping lock is reported " +
		"by this rule only, never also as KD101.",

	Why: "When a mutex or semaphore is already held, taking it puts the caller to sleep until " +
		"the owner lets go. In atomic context that is the same bug as any other sleep: " +
		"\"BUG: sleeping function called from invalid context\" or \"BUG: scheduling while " +
		"atomic\", or a hard lockup when a task sleeps holding a spinlock that another CPU then " +
		"spins on. It is harder to find than most sleeps: in testing the lock is usually free " +
		"and the call returns at once, and the failure comes under load, when the lock is " +
		"contended. (`mutex_lock` and `down` call `might_sleep()`, so a kernel built with " +
		"`CONFIG_DEBUG_ATOMIC_SLEEP` warns even when they do not sleep.)\n\n" +
		"Mutexes also have an owner: only the task that locked one may unlock it, and code in " +
		"interrupt or softirq context has no task of its own.",

	Example: `static void stats_timer_fn(struct timer_list *t)
{
	struct stats_dev *sd = from_timer(sd, t, timer);

	mutex_lock(&sd->lock);		/* KD102 */
	sd->ticks++;
	mutex_unlock(&sd->lock);
	mod_timer(&sd->timer, jiffies + HZ);
}

static void stats_reset(struct stats_dev *sd)
{
	spin_lock_bh(&sd->slock);
	down_write(&sd->cfg_sem);	/* KD102: under a spinlock */
	sd->cfg.interval = HZ;
	up_write(&sd->cfg_sem);
	spin_unlock_bh(&sd->slock);
}

static void stats_start(struct stats_dev *sd)
{
	/* stats_timer_fn() will run in softirq context */
	timer_setup(&sd->timer, stats_timer_fn, 0);
	mod_timer(&sd->timer, jiffies + HZ);
}`,

	UseInstead: `/* timer callback: softirq context */
static void stats_timer_fn(struct timer_list *t)
{
	struct stats_dev *sd = from_timer(sd, t, timer);

	/* A spinlock for short sections shared with atomic code... */
	spin_lock_bh(&sd->slock);
	sd->ticks++;
	spin_unlock_bh(&sd->slock);
	mod_timer(&sd->timer, jiffies + HZ);

	/* ...or defer the work to process context, where the
	 * work function may take sd->lock:
	 *	schedule_work(&sd->stats_work);
	 */
}

static void stats_reset(struct stats_dev *sd)
{
	down_write(&sd->cfg_sem);	/* sleeping lock first */
	spin_lock_bh(&sd->slock);
	sd->cfg.interval = HZ;
	spin_unlock_bh(&sd->slock);
	up_write(&sd->cfg_sem);
}`,

	KnownProblems: "- Measured on Linux 6.12 drivers/ (all 25 findings; the 19 of 2026-12-01, again " +
		"with static keys followed, and the 6 in LED `brightness_set` callbacks added on " +
		"2026-12-02, each a mutex taken where include/linux/leds.h says it must not sleep): " +
		"23 true, 2 false (92%): " +
		"a dm-crypt write path that cannot run in the BH work it is reached from (the work is " +
		"queued only with interrupts off, which the submitter of a write does not have), and " +
		"an amdgpu path that needs an SR-IOV VF at runtime in a PCIe-port register accessor " +
		"that only parts without SR-IOV use.\n" +
		"- The limits of KD101's context analysis apply: function pointers are followed only " +
		"through the module's own structures and at most two targets, callbacks registered by " +
		"another module are unknown, `spin_trylock*` regions and lock wrappers' regions are not " +
		"treated as atomic, and the state of the device is not followed.\n" +
		"- A lock counts as held only when it is held on every path: after " +
		"`if (x) spin_lock(...)` the paths merge and the lock is taken as not held, so real bugs " +
		"in conditionally locked code are missed.\n" +
		"- Trylocks are never reported, although a mutex must not be used from interrupt context " +
		"at all, even with `mutex_trylock`.\n" +
		"- Conditional compilation is decided without a kernel configuration: every `CONFIG_*` " +
		"option is taken as set, so the `#else` branch of `#ifdef CONFIG_...` (and code under " +
		"`#ifndef CONFIG_...`) is not analysed, and a condition kdlint cannot decide, such as a " +
		"kernel version test, takes its first branch.",

	References: []string{
		"Documentation/locking/locktypes.rst",
		"Documentation/locking/mutex-design.rst",
		"Documentation/kernel-hacking/locking.rst",
		"Documentation/core-api/cleanup.rst",
	},
}

// maxDepth is the max-depth option.
var maxDepth = rule.Int(atomic.MaxDepthName, atomic.DefaultMaxDepth, atomic.MaxDepthDoc)
