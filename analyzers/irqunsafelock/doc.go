// Package irqunsafelock defines an Analyzer that reports spinlocks taken
// in interrupt context and, with interrupts still enabled, in process
// context.
//
// # Analyzer irqunsafelock
//
// irqunsafelock: report IRQ-shared spinlocks taken with interrupts enabled
//
// The full documentation is the doc record below, rendered in rules.md
// and by kdlint -explain KD203.
package irqunsafelock

import "github.com/kdlint/kdlint/report"

// doc describes KD203; Rule (in the rule file) bundles it with the analysis.
var doc = report.Rule{
	ID:        "KD203",
	Name:      "irq-unsafe-lock",
	Summary:   "report IRQ-shared spinlocks taken with interrupts enabled",
	Level:     report.Error,
	Precision: "high",
	Tags:      []string{"correctness", "concurrency", "locking", "kernel"},
	Since:     "0.1.0",

	What: "Reports a `spin_lock()` (or `read_lock()`/`write_lock()`) in process context, with interrupts enabled, of a lock that the module also takes in hard interrupt context (an IRQ handler, a hard hrtimer callback, or code they reach); and a `spin_lock()` or `spin_lock_irq`-less acquisition in process context with bottom halves enabled of a lock that the module takes in softirq context (a tasklet, a timer callback, BH work, a NAPI poll function). Process context is what the module's process-context callbacks (work functions, threaded IRQ handlers, probe, remove, module init and exit, and the `file_operations` callbacks: open, release, read, write, ioctl, poll, mmap, llseek, fsync) reach through direct calls, on paths where no enclosing lock or section has disabled interrupts (bottom halves).\n" +
		"\n" +
		"The finding is at the unsafe acquisition; the message names the process-context path and the interrupt-context acquisition, which is a related location with how it is reached. Locks are matched across functions by the name of the member and of the pointer that holds it (`priv->lock`), or by the global's name. Trylocks in interrupt context are not counted (they fail instead of spinning).",

	Why: "If process context holds a spinlock with interrupts enabled and an interrupt arrives on the same CPU whose handler takes the same lock, the handler spins forever on a lock that the code it interrupted can never release: the CPU deadlocks. Lockdep reports it as \"inconsistent {HARDIRQ-ON-W} -> {IN-HARDIRQ-W} usage\", but only after both paths ran on a kernel built with lockdep; in the field it shows up as a rare hard lockup under load. The same holds for softirqs and `spin_lock_bh()`.",

	Example: `static irqreturn_t foo_irq(int irq, void *data)
{
	struct foo_dev *dev = data;

	spin_lock(&dev->lock);
	dev->pending |= readl(dev->regs + FOO_ISR);
	spin_unlock(&dev->lock);
	return IRQ_HANDLED;
}

static void foo_work(struct work_struct *w)
{
	struct foo_dev *dev = container_of(w, struct foo_dev, work);

	spin_lock(&dev->lock);		/* KD203: foo_irq() can interrupt it */
	dev->pending = 0;
	spin_unlock(&dev->lock);
}`,

	UseInstead: `static void foo_work(struct work_struct *w)
{
	struct foo_dev *dev = container_of(w, struct foo_dev, work);
	unsigned long flags;

	spin_lock_irqsave(&dev->lock, flags);
	dev->pending = 0;
	spin_unlock_irqrestore(&dev->lock, flags);
}`,

	KnownProblems: "- Measured on Linux 6.12 drivers/ (2026-12-01, 15 findings, all judged): 15 true (100%). The false one of the first judgement took a lock inside `xa_lock_irqsave()`, now in the lock model, and after a plain `xa_unlock()` of it: a plain unlock of a lock taken with interrupts disabled leaves them disabled until the restore. `ndo_start_xmit` callbacks also run in the NET_TX softirq, so their locks count as softirq locks (sparx5, found again). Twelve of the true ones are one root cause (ibmvscsi_tgt's hrtimer, which runs in hard IRQ context and takes a lock that process context takes with `spin_lock_bh()`): each unsafe acquisition is reported, not each lock once.\n\n" +
		"- Process context starts at the module's work functions, threaded IRQ handlers, probe, remove, init, exit and `file_operations` callbacks (the `file_operations` ones added nothing on 6.12 drivers/: 0 new findings). sysfs `show`/`store` and other operations-table callbacks are not starting points, so an unsafe lock reached only from them is missed. `net_device_ops`' `ndo_open`, `ndo_stop` and `ndo_change_mtu` are left out on purpose: they take the interrupt's locks before `request_irq()`, after `free_irq()` or `napi_disable()`, or around `disable_irq()`, and KD203 does not follow that order (as starting points they added 12 findings on 6.12 drivers/, 1 true). For the same reason a probe or remove function that takes the lock before requesting the IRQ, or after freeing it, would be reported. An interrupt-context acquisition counts only in the same file or in a file linked to it by a call (a directory of several drivers has many `host->lock` members of different structures).\n" +
		"- Locks are matched across functions by the pointer variable's name and the member's (`priv->lock`), not by the structure's type: the same lock reached through differently named pointers is missed, and two different structures with a member of one name reached through pointers of one name are taken as one lock.\n" +
		"- Only the module's own registrations are known: a function that another module calls in interrupt context (through an operations table whose slot is not in the model) is taken as process context only if it is reached from a process-context entry point, and an interrupt context the model does not know is missed.\n" +
		"- Interrupts disabled by the caller of a registered callback (a subsystem that calls the callback with a lock held or interrupts off) are not known unless the model says so.\n" +
		"- `PREEMPT_RT` kernels, where spinlocks sleep and most handlers are threaded, are not distinguished.",

	References: []string{
		"Documentation/kernel-hacking/locking.rst",
		"Documentation/locking/locktypes.rst",
		"Documentation/core-api/cleanup.rst",
		"Documentation/locking/lockdep-design.rst",
	},
}
