#include <linux/interrupt.h>
#include <linux/slab.h>
#include <linux/delay.h>

struct foo { spinlock_t lock; struct tasklet_struct t; void *buf; };
static DEFINE_SPINLOCK(glock);

static void deep(struct foo *f)
{
	msleep(5); /* want "msleep\\(\\) may sleep.*tasklet handler foo_tasklet\\(\\).*foo_tasklet\\(\\) -> middle\\(\\) -> deep\\(\\)" */
}

static void middle(struct foo *f)
{
	deep(f);
}

static void foo_tasklet(struct tasklet_struct *t)
{
	struct foo *f = from_tasklet(f, t, t);

	mdelay(1);                            /* busy-waits: fine */
	f->buf = kzalloc(16, GFP_ATOMIC);     /* does not sleep */
	middle(f);
}

static irqreturn_t foo_irq(int irq, void *data)
{
	struct foo *f = data;

	f->buf = kmalloc(64, GFP_KERNEL | __GFP_ZERO); /* an allocation: KD103's, not KD101's */
	msleep(2); /* want "msleep\\(\\) may sleep.*hard IRQ handler foo_irq" */
	tasklet_schedule(&f->t);
	return IRQ_HANDLED;
}

static irqreturn_t foo_thread(int irq, void *data)
{
	msleep(10); /* threaded handler: process context */
	return IRQ_HANDLED;
}

static void locked(struct foo *f, gfp_t gfp)
{
	unsigned long flags;

	spin_lock_irqsave(&f->lock, flags);
	f->buf = kzalloc(8, gfp);           /* flags passed in: not judged */
	wait_event_timeout(wq, f->buf, HZ); /* want "wait_event_timeout\\(\\) may sleep.*while spin_lock_irqsave\\(&f->lock, flags\\) is held" */
	spin_unlock_irqrestore(&f->lock, flags);
	msleep(1); /* after the unlock: fine */

	spin_lock(&glock);
	if (f->buf) {
		spin_unlock(&glock);
		msleep(1); /* released on this path: fine */
		return;
	}
	spin_unlock(&glock);
}

static void scoped(struct foo *f)
{
	scoped_guard(spinlock_irqsave, &f->lock) {
		usleep_range(10, 20); /* want "usleep_range.*guard\\(spinlock_irqsave\\)" */
	}
	usleep_range(10, 20); /* the guard ended: fine */
}

static int foo_probe(struct foo *f)
{
	tasklet_setup(&f->t, foo_tasklet);
	msleep(1); /* probe may sleep */
	return request_threaded_irq(3, foo_irq, foo_thread, 0, "foo", f);
}

static void waits_under_its_lock(struct foo *f)
{
	spin_lock_irq(&f->lock);
	/* wait_event_lock_irq drops f->lock while it sleeps: fine here */
	wait_event_lock_irq(wq, f->buf != NULL, f->lock);
	spin_unlock_irq(&f->lock);
}

static void bad_timer(struct timer_list *t)
{
	struct foo *f = from_timer(f, t, t);

	spin_lock_irq(&f->lock);
	wait_event_lock_irq(wq, f->buf != NULL, f->lock); /* want "wait_event_lock_irq\\(\\) may sleep.*timer callback bad_timer" */
	spin_unlock_irq(&f->lock);
}

static void start_bad_timer(struct foo *f, struct timer_list *t)
{
	timer_setup(t, bad_timer, 0);
}

/* A helper that drops its caller's lock around the sleep (as block
 * drivers' queue functions do) is not reported. */
static void drops_callers_lock(struct foo *f)
{
	spin_unlock_irq(&f->lock);
	msleep(1); /* the caller's lock is released here */
	spin_lock_irq(&f->lock);
	msleep(2); /* want "msleep\\(\\) may sleep.*while spin_lock_irq\\(&f->lock\\) is held \\(line 105\\)" */
}

static void queue_rq(struct foo *f)
{
	spin_lock_irq(&f->lock);
	drops_callers_lock(f);
	spin_unlock_irq(&f->lock);
}

/* A helper that waits with wait_event_lock_irq on the lock its caller
 * holds: the wait drops that lock, so this is fine. */
static struct urb_buf *get_buf_locked(struct foo *f)
{
	wait_event_lock_irq(wq, f->buf != NULL, f->lock);
	return f->buf;
}

static void free_bufs(struct foo *f)
{
	spin_lock_irq(&f->lock);
	get_buf_locked(f);
	spin_unlock_irq(&f->lock);
}

/* The same wait while the caller holds another lock still sleeps with
 * that one held. */
static void wait_other_lock(struct foo *f)
{
	wait_event_lock_irq(wq, f->buf != NULL, f->lock); /* want "wait_event_lock_irq\\(\\) may sleep.*wait_other_lock\\(\\), called from hold_stats_lock\\(\\)" */
}

static void hold_stats_lock(struct foo *f)
{
	spin_lock(&f->stats_lock);
	wait_other_lock(f);
	spin_unlock(&f->stats_lock);
}

/* The _locked waits drop the wait queue's own lock. */
static void wait_queue_locked(struct foo *f)
{
	spin_lock(&f->wq.lock);
	wait_event_interruptible_locked(f->wq, f->buf != NULL);
	spin_unlock(&f->wq.lock);
}

static void wait_queue_guarded(struct foo *f)
{
	scoped_guard(spinlock, &f->wq.lock) {
		wait_event_interruptible_locked(f->wq, f->buf != NULL);
	}
}

/* An hrtimer's callback runs in hard IRQ context, unless it was set up
 * with a _SOFT mode. */
static enum hrtimer_restart hard_expire(struct hrtimer *t)
{
	msleep(1); /* want "msleep\\(\\) may sleep.*hrtimer callback hard_expire\\(\\) \\(hard IRQ context\\)" */
	return HRTIMER_NORESTART;
}

static enum hrtimer_restart soft_expire(struct hrtimer *t)
{
	msleep(1); /* want "msleep\\(\\) may sleep.*hrtimer callback soft_expire\\(\\) \\(softirq context\\)" */
	return HRTIMER_NORESTART;
}

static void start_hrtimers(struct foo *f)
{
	hrtimer_init(&f->hard, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
	f->hard.function = hard_expire;
	hrtimer_init(&f->soft, CLOCK_MONOTONIC, HRTIMER_MODE_REL_SOFT);
	f->soft.function = soft_expire;
}

/* Code that tests its context does not take the branch the context rules
 * out: in a timer callback in_interrupt() is true. */
static void settle_slowly(struct foo *f)
{
	msleep(5);
}

static void ctx_timer(struct timer_list *t)
{
	struct foo *f = from_timer(f, t, t);

	if (!in_interrupt())
		msleep(1);
	if (in_interrupt())
		mdelay(1);
	else
		usleep_range(10, 20);
	if (likely(!in_atomic()) && f->buf)
		settle_slowly(f);
	if (in_softirq() || preemptible())
		msleep(3); /* want "msleep\\(\\) may sleep.*timer callback ctx_timer" */
}

static void arm_ctx_timer(struct foo *f, struct timer_list *t)
{
	timer_setup(t, ctx_timer, 0);
}

/* Under a spinlock in process context the tests say nothing certain
 * (in_interrupt() is true under spin_lock_bh, false under spin_lock). */
static void ctx_locked(struct foo *f)
{
	spin_lock(&f->lock);
	if (!in_interrupt())
		msleep(1); /* want "msleep\\(\\) may sleep.*while spin_lock\\(&f->lock\\) is held" */
	spin_unlock(&f->lock);
}

/* Locks are told apart by their whole path, not their member name. */
static void two_objects(struct foo *o, struct foo *f)
{
	spin_lock(&o->lock);
	spin_lock_irq(&f->lock);
	wait_event_lock_irq(wq, f->buf != NULL, f->lock); /* want "wait_event_lock_irq\\(\\) may sleep.*while spin_lock_irq\\(&f->lock\\) is held" */
	spin_unlock_irq(&f->lock);
	spin_unlock(&o->lock);
}

static void locked_wait_other_lock(struct foo *f)
{
	spin_lock(&f->lock);
	wait_event_interruptible_locked(f->wq, f->buf != NULL); /* want "wait_event_interruptible_locked\\(\\) may sleep.*while spin_lock\\(&f->lock\\) is held" */
	spin_unlock(&f->lock);
}

/* A mode passed in may be a _SOFT one: both contexts count. */
static enum hrtimer_restart any_expire(struct hrtimer *t)
{
	if (!in_irq())
		msleep(1); /* want "msleep\\(\\) may sleep.*hrtimer callback any_expire" */
	return HRTIMER_NORESTART;
}

static void start_any(struct foo *f, enum hrtimer_mode mode)
{
	hrtimer_setup(&f->soft, any_expire, CLOCK_MONOTONIC, mode);
}

/* The lock named through a pointer to it, as raid5 does with its array of
 * hash locks. */
static void pointer_lock(struct foo *f, spinlock_t *locks, int i)
{
	spin_lock_irq(locks + i);
	wait_event_lock_irq(wq, f->buf != NULL, *(locks + i));
	spin_unlock_irq(locks + i);
}

/* del_timer_sync() spins until the timer's callback has run: fine in
 * process context, under a lock the callback does not take, and in
 * softirq context; wrong under a lock the callback takes, in hard IRQ
 * context, and in the callback itself. */
struct poll_dev { spinlock_t lock; spinlock_t stats_lock; struct timer_list poll, watchdog, other; int busy; };

static void poll_fn(struct timer_list *t)
{
	struct poll_dev *pd = from_timer(pd, t, poll);

	spin_lock(&pd->lock);
	pd->busy = 0;
	spin_unlock(&pd->lock);
}

static void watchdog_fn(struct timer_list *t)
{
	struct poll_dev *pd = from_timer(pd, t, watchdog);

	del_timer_sync(&pd->watchdog); /* want "del_timer_sync\\(\\) waits for the callback of &pd->watchdog, but it runs in that callback, watchdog_fn\\(\\)" */
}

static void poll_stop(struct poll_dev *pd)
{
	spin_lock_bh(&pd->lock);
	del_timer_sync(&pd->poll); /* want "del_timer_sync\\(\\) waits for timer callback poll_fn\\(\\) to finish while spin_lock_bh\\(&pd->lock\\) is held, and the callback takes that lock" */
	spin_unlock_bh(&pd->lock);
	spin_lock(&pd->stats_lock);
	del_timer_sync(&pd->poll);
	spin_unlock(&pd->stats_lock);
	del_timer_sync(&pd->poll);
}

/* The locks a callback takes are worked out once per callback: a later
 * wait under the lock it takes is reported as the first was, one under
 * a lock it does not take is not. */
static void poll_restart(struct poll_dev *pd)
{
	spin_lock(&pd->stats_lock);
	del_timer_sync(&pd->poll);
	spin_unlock(&pd->stats_lock);
	spin_lock_bh(&pd->lock);
	del_timer_sync(&pd->poll); /* want "del_timer_sync\\(\\) waits for timer callback poll_fn\\(\\) to finish while spin_lock_bh\\(&pd->lock\\) is held, and the callback takes that lock" */
	spin_unlock_bh(&pd->lock);
}

static irqreturn_t poll_irq(int irq, void *p)
{
	struct poll_dev *pd = p;

	del_timer_sync(&pd->poll); /* want "del_timer_sync\\(\\) waits for a timer callback to finish, which must not be done in hard IRQ context.*hard IRQ handler poll_irq" */
	return IRQ_HANDLED;
}

static void other_timer_fn(struct timer_list *t)
{
	struct poll_dev *pd = from_timer(pd, t, other);

	del_timer_sync(&pd->poll); /* softirq context, no lock held: fine */
}

static int poll_probe(struct poll_dev *pd)
{
	timer_setup(&pd->poll, poll_fn, 0);
	timer_setup(&pd->watchdog, watchdog_fn, 0);
	timer_setup(&pd->other, other_timer_fn, 0);
	return request_irq(9, poll_irq, 0, "poll", pd);
}

/* In its own callback a timer is not pending unless re-armed meanwhile:
 * the guarded wait is not reported. */
struct rearm { struct timer_list t; };

static void rearm_fn(struct timer_list *t)
{
	struct rearm *r = from_timer(r, t, t);

	if (timer_pending(&r->t))
		del_timer_sync(&r->t);
	mod_timer(&r->t, jiffies + HZ);
}

static void rearm_start(struct rearm *r)
{
	timer_setup(&r->t, rearm_fn, 0);
	mod_timer(&r->t, jiffies + HZ);
}

/* A callback that only tries the lock cannot deadlock with the wait. */
struct ramp { spinlock_t lock; struct timer_list t; };

static void ramp_fn(struct timer_list *t)
{
	struct ramp *r = from_timer(r, t, t);

	if (!spin_trylock(&r->lock))
		return;
	spin_unlock(&r->lock);
}

static void ramp_stop(struct ramp *r)
{
	timer_setup(&r->t, ramp_fn, 0);
	spin_lock(&r->lock);
	del_timer_sync(&r->t);
	spin_unlock(&r->lock);
}
