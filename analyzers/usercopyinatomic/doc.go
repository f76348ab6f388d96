// Package usercopyinatomic defines an Analyzer that reports accesses to
// user memory in atomic context.
//
// # Analyzer usercopyinatomic
//
// usercopyinatomic: report user-memory accesses in atomic context
//
// copy_to_user, copy_from_user, get_user, put_user, clear_user,
// strncpy_from_user and memdup_user may fault on a user page, and the
// fault handler may sleep; in interrupt context the user pointer does not
// even belong to the task that runs. The analyzer reports them where they
// run in atomic context:
//
//	spin_lock(&dev->lock);
//	if (copy_to_user(buf, dev->data, len))	// reported
//
// The full documentation is the doc record below, rendered in rules.md and
// by kdlint -explain KD104.
package usercopyinatomic

import (
	"github.com/kdlint/kdlint/analyzers/passes/atomic"
	"github.com/kdlint/kdlint/analyzers/rule"
	"github.com/kdlint/kdlint/report"
)

// doc describes KD104; Rule (in the rule file) bundles it with the analysis.
var doc = report.Rule{
	ID:        "KD104",
	Name:      "user-copy-in-atomic",
	Summary:   "report user-memory accesses in atomic context",
	Level:     report.Error,
	Precision: "high",
	Tags:      []string{"correctness", "concurrency", "kernel"},
	Since:     "0.1.0",

	What: "Reports an access to user memory when it runs in atomic context: `copy_to_user`, " +
		"`copy_from_user`, `__copy_to_user`, `__copy_from_user`, `get_user`, `put_user`, " +
		"`__get_user`, `__put_user`, `clear_user`, `strncpy_from_user`, `strnlen_user`, " +
		"`copy_struct_from_user`, `memdup_user` (and `vmemdup_user`, `memdup_user_nul`, " +
		"`strndup_user`, `memdup_array_user`), `simple_read_from_buffer` and " +
		"`simple_write_to_buffer`.\n\n" +
		"Atomic context is that of KD101. A function that disables page faults itself " +
		"(`pagefault_disable()`, `kmap_atomic()`) is not reported: there a fault makes the " +
		"access fail instead of sleeping. An access reported here is never also reported by " +
		"KD101.",

	Why: "A user page may not be resident: the access faults, and the fault handler takes " +
		"`mmap_lock` and may wait for I/O. In atomic context it cannot: with " +
		"`CONFIG_DEBUG_ATOMIC_SLEEP` the kernel warns (`might_fault()`), and where preemption " +
		"is not counted the task may really sleep holding a spinlock; elsewhere the access " +
		"fails with a spurious `-EFAULT`. In interrupt or softirq context the running task is " +
		"whatever was interrupted, so the pointer does not even name the right memory.",

	Example: `static long ctl_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct ctl_dev *cd = f->private_data;
	long ret = 0;

	spin_lock_irq(&cd->lock);
	if (copy_to_user((void __user *)arg, &cd->stats, sizeof(cd->stats)))	/* KD104 */
		ret = -EFAULT;
	spin_unlock_irq(&cd->lock);
	return ret;
}`,

	UseInstead: `static long ctl_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct ctl_dev *cd = f->private_data;
	struct ctl_stats snap;

	spin_lock_irq(&cd->lock);
	snap = cd->stats;		/* copy under the lock */
	spin_unlock_irq(&cd->lock);
	if (copy_to_user((void __user *)arg, &snap, sizeof(snap)))
		return -EFAULT;
	return 0;
}`,

	KnownProblems: "- Measured on Linux 6.12 drivers/ (all 2 findings): both true.\n" +
		"- The limits of KD101's context analysis apply.\n" +
		"- `pagefault_disable()` is recognised only in the function that makes the access, " +
		"wherever in it; a region opened by a caller is not seen (a false report).\n" +
		"- `__copy_from_user_inatomic()` and the `_nofault` accessors are not reported: they " +
		"do not sleep.",

	References: []string{
		"Documentation/kernel-hacking/hacking.rst",
		"include/linux/uaccess.h",
	},
}

// maxDepth is the max-depth option.
var maxDepth = rule.Int(atomic.MaxDepthName, atomic.DefaultMaxDepth, atomic.MaxDepthDoc)
