// Package sleepinatomic defines an Analyzer that reports calls that may
// sleep in atomic context.
//
// # Analyzer sleepinatomic
//
// sleepinatomic: report sleeping calls in atomic context (KD101)
//
// A call that may sleep (per the kernel API model) is reported when it runs
// in a tasklet, timer callback, hard IRQ handler or other atomic callback,
// or while a spinlock-like lock is held, in the function itself or in any
// function of the same driver module it calls.
package sleepinatomic

import "github.com/kdlint/kdlint/report"

// Rule describes KD101.
var Rule = &report.Rule{
	ID:        "KD101",
	Name:      "sleep-in-atomic",
	Summary:   "report calls that may sleep in atomic context",
	Level:     report.Error,
	Precision: "high",
	Tags:      []string{"correctness", "concurrency", "kernel"},
	Since:     "0.1.0",
	What: "Finds calls that may sleep (msleep, wait_event, GFP_KERNEL allocations, copy_to_user, " +
		"cancel_work_sync, ...) made in atomic context: tasklet handlers, timer callbacks, hard IRQ " +
		"handlers, hrtimer, RCU and NAPI callbacks, ndo_start_xmit, and regions where a spinlock, " +
		"rwlock, local_irq_disable/save, local_bh_disable, preempt_disable or rcu_read_lock is held " +
		"(guard()/scoped_guard() of a spinlock included). Calls are followed through every function " +
		"of the driver module, and the finding shows the chain from the atomic entry point.",
	Why: "Atomic code must not schedule. Sleeping there triggers \"BUG: sleeping function called from " +
		"invalid context\" or \"scheduling while atomic\", and can deadlock the CPU when the lock holder " +
		"sleeps and another context spins on the lock. The bug often hides in a helper that is fine " +
		"when called from process context.",
	Example: `static void my_tasklet_fn(struct tasklet_struct *t)
{
	struct my_dev *dev = from_tasklet(dev, t, tasklet);

	msleep(10);                      /* KD101 */
	dev->buf = kzalloc(64, GFP_KERNEL); /* KD101 */
}`,
	UseInstead: `static void my_tasklet_fn(struct tasklet_struct *t)
{
	struct my_dev *dev = from_tasklet(dev, t, tasklet);

	mdelay(10);                      /* or defer to a work item */
	dev->buf = kzalloc(64, GFP_ATOMIC);
}`,
	KnownProblems: "Function pointers called indirectly are not followed. spin_trylock regions are not " +
		"treated as atomic. Locks taken on only some paths are treated as not held after the paths " +
		"join, so conditional locking can hide real bugs. Allocations are judged only when the GFP " +
		"flag is visible (a gfp_t parameter is not judged). regmap calls are not modelled. Code under " +
		"#ifdef CONFIG_... is analysed with every option unset. Callbacks registered by another " +
		"module are unknown.",
	References: []string{
		"Documentation/kernel-hacking/hacking.rst (\"Interrupt context\")",
		"Documentation/locking/locktypes.rst",
		"Documentation/core-api/memory-allocation.rst",
	},
}
