// Package lockimbalance defines an Analyzer that reports locks left held
// on a path, released without being held, or released by another name.
//
// # Analyzer lockimbalance
//
// lockimbalance: report locks not released on a path, or released wrongly
//
// The analyzer follows each function of a driver module path by path,
// through the module's own lock and unlock wrappers, and reports a lock
// still held at a return that other paths release ("mutex dev->cfg_lock
// taken at line 88 is still held when foo_write() returns at line 97
// (goto out)"), an unlock whose lock is another object than the one held,
// and a lock released twice or released on a path that never took it.
// The full documentation is the doc record below, rendered in rules.md
// and by kdlint -explain KD201.
package lockimbalance

import "github.com/kdlint/kdlint/report"

// doc describes KD201; Rule (in the rule file) bundles it with the analysis.
var doc = report.Rule{
	ID:        "KD201",
	Name:      "lock-imbalance",
	Summary:   "report locks not released on a path, or released wrongly",
	Level:     report.Error,
	Precision: "high",
	Tags:      []string{"correctness", "concurrency", "locking", "kernel"},
	Since:     "0.1.0",

	What: "Follows each function of a driver module path by path (not merging the paths at joins) and reports:\n" +
		"\n" +
		"- a lock the function takes and still holds when it returns on some path, where other paths release it before returning the same kind of value: an error return or `goto` that skips the unlock. The finding is at the lock, with the return (and the `goto` that skipped the unlock) as related locations;\n" +
		"- an unlock that names another lock object than the one held (`spin_lock_irqsave(&glock, flags)` then `spin_unlock_irqrestore(&gpio->slock, flags)`), when the function never takes the released lock, never releases the held one, and no caller holds the released lock;\n" +
		"- a lock released twice on one path;\n" +
		"- an unlock reached through a `goto` on a path that never took the lock, where the function takes it further up.\n" +
		"\n" +
		"Locks are named by their access path with the function's aliases resolved (`struct foo *p = container_of(w, ...)`, `spinlock_t *l = &p->lock`). Spinlocks, rwlocks, mutexes, rw_semaphores, and interrupt-, bottom-half-, preemption-disabled and RCU read-side sections are followed; counting semaphores (`down`/`up` on a `struct semaphore`) are not reported, because drivers also use them to count and to signal.\n" +
		"\n" +
		"Not reported, as the idioms they are: conditional locking on one unchanged condition (`if (locked) spin_lock(l); ... if (locked) spin_unlock(l);`), trylocks and `mutex_lock_interruptible()` and the other acquisitions that may fail (held only on their success branch), `guard()` and `scoped_guard()` (released at the end of their scope), functions that return holding a lock on purpose (an `__acquires` annotation, sparse's `__acquire()`/`__cond_lock()`, a lock never released before any return, a lock its callers release after the call, or a return value that tells the caller it is held), lock and unlock wrappers (by their body or annotations), locks dropped and taken again around a sleep, and locks named through a variable that changes in a loop.",

	Why: "A lock left held on an error path deadlocks the next caller: a mutex is never released, a spinlock spins forever on the next CPU that wants it, and with an irqsave the interrupts stay disabled. An unlock of another object releases a lock that is not held (lockdep: \"bad unlock balance\") and leaves the real one held. These bugs sit on paths that tests rarely take (allocation failures, timeouts, device errors), so they survive until a device misbehaves in the field.",

	Example: `static int foo_write(struct foo_dev *dev, u32 val)
{
	int ret;

	mutex_lock(&dev->cfg_lock);		/* KD201 */
	ret = foo_check(dev, val);
	if (ret)
		goto out;			/* skips the unlock */
	writel(val, dev->regs + FOO_CFG);
	mutex_unlock(&dev->cfg_lock);
out:
	return ret;
}`,

	UseInstead: `static int foo_write(struct foo_dev *dev, u32 val)
{
	int ret;

	mutex_lock(&dev->cfg_lock);
	ret = foo_check(dev, val);
	if (ret)
		goto unlock;
	writel(val, dev->regs + FOO_CFG);
unlock:
	mutex_unlock(&dev->cfg_lock);
	return ret;
}

/* Or let the compiler release it: */
static int foo_write_guarded(struct foo_dev *dev, u32 val)
{
	guard(mutex)(&dev->cfg_lock);
	if (foo_check(dev, val))
		return -EINVAL;
	writel(val, dev->regs + FOO_CFG);
	return 0;
}`,

	KnownProblems: "- Measured on Linux 6.12 drivers/ (2026-12-01, 10 findings, all judged): 10 true (100%; n is small). Fixed since the first judgement (14 findings, 57%): a flag set by `|=` before a retry that retests it (dm-crypt), a `WARN_ON()` that rules out a mode flag (vchiq), a local named like a tested member (`dev = info->dev` forgot `info->dev`, udlfb), and a non-NULL, non-error pointer returned holding a lock taken as an error return (tty). The loop of an iterator macro (`list_for_each_entry()`) now also ends normally, so paths after it are followed (one more true finding).\n" +
		"- Only functions that call a lock operation themselves are followed path by path: a function that takes a lock only through a module wrapper (`foo_lock(p)`) and forgets to call `foo_unlock(p)` on an error path is not reported.\n" +
		"- A lock still held at a return is reported only when another path releases it and returns the same kind of value (an error code, `void`, or the same value). A function that returns holding a lock on one path and returns non-zero from a variable set by a call is taken as returning an error; one that returns a different literal on the held path is taken as telling its caller the lock is held.\n" +
		"- Locks named through a variable assigned in a loop, or through an expression that is more than variables and members, are not reported.\n" +
		"- The analysis of a function stops after a budget of steps (6000 blocks visited); a function with very many paths is then not reported.\n" +
		"- Conditional compilation is decided without a kernel configuration (every `CONFIG_*` option set).",

	References: []string{
		"Documentation/kernel-hacking/locking.rst",
		"Documentation/locking/locktypes.rst",
		"Documentation/core-api/cleanup.rst",
		"Documentation/dev-tools/sparse.rst",
	},
}
