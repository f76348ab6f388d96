// Package mutexinatomic defines an Analyzer that reports sleeping locks
// taken in atomic context.
//
// # Analyzer mutexinatomic
//
// mutexinatomic: report mutexes and semaphores taken in atomic context (KD102)
//
// mutex_lock*, down* and guard(mutex) in a tasklet, timer callback, hard
// IRQ handler or spinlock-held region, directly or through the driver's
// own functions. Trylock variants do not sleep and are not reported.
package mutexinatomic

import "github.com/kdlint/kdlint/report"

// Rule describes KD102.
var Rule = &report.Rule{
	ID:        "KD102",
	Name:      "mutex-in-atomic",
	Summary:   "report mutexes and semaphores taken in atomic context",
	Level:     report.Error,
	Precision: "high",
	Tags:      []string{"correctness", "concurrency", "locking", "kernel"},
	Since:     "0.1.0",
	What: "Finds sleeping locks (mutex_lock, mutex_lock_interruptible/killable/nested, down, " +
		"down_interruptible, down_read, down_write and their variants, guard(mutex), " +
		"scoped_guard(mutex, ...)) taken in the atomic contexts KD101 knows. A sleeping lock is " +
		"reported as KD102 only, not also as KD101.",
	Why: "A contended mutex or semaphore puts the caller to sleep. In atomic context that is " +
		"\"scheduling while atomic\"; under a spinlock it can deadlock. It usually works in testing, " +
		"when the lock is free, and fails under load.",
	Example: `static void poll_timer_fn(struct timer_list *t)
{
	struct my_dev *dev = from_timer(dev, t, timer);

	mutex_lock(&dev->lock);   /* KD102 */
	dev->count++;
	mutex_unlock(&dev->lock);
}`,
	UseInstead: `static void poll_timer_fn(struct timer_list *t)
{
	struct my_dev *dev = from_timer(dev, t, timer);
	unsigned long flags;

	spin_lock_irqsave(&dev->slock, flags);
	dev->count++;
	spin_unlock_irqrestore(&dev->slock, flags);
	/* or schedule_work() and take the mutex in the work function */
}`,
	KnownProblems: "The same limits as KD101: indirect calls are not followed and conditional " +
		"locking is treated as not held after the paths join. mutex_trylock and down_trylock are " +
		"never reported (they do not sleep, though a mutex must still not be used from IRQ context).",
	References: []string{
		"Documentation/locking/mutex-design.rst",
		"Documentation/locking/locktypes.rst",
	},
}
