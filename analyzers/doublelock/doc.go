// Package doublelock defines an Analyzer that reports locks taken again
// on a path that already holds them.
//
// # Analyzer doublelock
//
// doublelock: report locks taken again while they are held
//
// The analyzer follows each function path by path and reports an
// acquisition of a lock the path already holds, directly or through a
// module function that takes it. The full documentation is the doc
// record below, rendered in rules.md and by kdlint -explain KD202.
package doublelock

import "github.com/kdlint/kdlint/report"

// doc describes KD202; Rule (in the rule file) bundles it with the analysis.
var doc = report.Rule{
	ID:        "KD202",
	Name:      "double-lock",
	Summary:   "report locks taken again while they are held",
	Level:     report.Error,
	Precision: "high",
	Tags:      []string{"correctness", "concurrency", "locking", "kernel"},
	Since:     "0.1.0",

	What: "Reports an acquisition of a spinlock, rwlock (for writing), mutex or rw_semaphore (for writing) that the path already holds: taken twice in one function, taken again on the next iteration of a loop that does not release it, or taken by a module function called with it held (through any number of calls and wrappers; the message names the chain). The finding is at the second acquisition, or at the call that leads to it, with the first acquisition as a related location.\n" +
		"\n" +
		"Two locks are the same only when their canonical access paths are equal: `a->lock` and `b->lock` reached through different pointers are two objects of one class and are not reported unless the function makes one an alias of the other. Not reported: trylocks (they fail instead of blocking), `spin_lock_nested()`, `mutex_lock_nested()` and the other lockdep subclass forms, two readers (`read_lock`, `down_read`), counting semaphores, locks released before the second acquisition (dropped around a sleep), `guard()` scopes that ended, and conditional locking on one unchanged condition (a helper that takes the lock only when its caller says it is not held).",

	Why: "A spinlock taken again on the CPU that holds it spins forever; a mutex or rw_semaphore taken again by its owner sleeps forever. Either hangs the driver and often the machine (lockdep: \"possible recursive locking detected\"). The second acquisition often hides in a helper that is correct on its own and was later called from a locked region.",

	Example: `static void foo_stats_update(struct foo_dev *dev)
{
	spin_lock(&dev->lock);
	dev->stats.rx++;
	spin_unlock(&dev->lock);
}

static void foo_rx(struct foo_dev *dev)
{
	spin_lock(&dev->lock);
	foo_ring_advance(dev);
	foo_stats_update(dev);		/* KD202: takes dev->lock again */
	spin_unlock(&dev->lock);
}`,

	UseInstead: `/* Caller must hold dev->lock. */
static void __foo_stats_update(struct foo_dev *dev)
{
	lockdep_assert_held(&dev->lock);
	dev->stats.rx++;
}

static void foo_rx(struct foo_dev *dev)
{
	spin_lock(&dev->lock);
	foo_ring_advance(dev);
	__foo_stats_update(dev);
	spin_unlock(&dev->lock);
}`,

	KnownProblems: "- Measured on Linux 6.12 drivers/ (2026-12-01, 23 findings, all judged): 22 true, 1 false (96%). The false one (meth) takes the lock in a callee only while the PHY is not yet known, a device state set at open that the path view does not follow. Fixed since the first judgement (27 findings, 56%): callee conditions on constant arguments (register ranges, radeon), on an object's address (never NULL, iwlwifi mei), on a local computed from the arguments that the caller's lock condition matches (soundwire), on a global just set by a call that never returns NULL (regmap), on a list a `WARN_ON(!list_empty())` says is empty (exynos), and both arms of `w ? down_write(l) : down_read(l)` (bcache). A lock held only because a conditional release (`if (c) unlock(l);`) skipped it is not taken for held. Locks taken again around a loop are not reported at all (each iteration often locks another object).\n" +
		"- A callee that reassigns the parameter that names the lock (`pring = calc_ring(...)`) is still taken to lock the caller's object.\n" +
		"- Calls through function pointers are not followed.\n" +
		"- Two access paths that name one object in different ways (`dev->lock` in one function and `priv->dev->lock` after a getter in another, where the module does not show they are the same) are taken as different locks: such double locks are missed.\n" +
		"- A helper's acquisition is reported only when it happens on every path of the helper or on a condition the caller's arguments decide; one that depends on the helper's own state is not reported.\n" +
		"- The analysis of a function stops after a budget of steps; a function with very many paths is then not reported.",

	References: []string{
		"Documentation/kernel-hacking/locking.rst",
		"Documentation/locking/locktypes.rst",
		"Documentation/core-api/cleanup.rst",
		"Documentation/locking/lockdep-design.rst",
	},
}
