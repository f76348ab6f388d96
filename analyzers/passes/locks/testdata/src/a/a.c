/*
 * Expectations: "held CALL: must ...; may ..." lists the locks held just
 * before CALL on that line (or at the return statement, for "return"), in
 * both views, innermost last; "local" and "deep" check one view only.
 * A lock reads class:path, then its variant: /irq, /irqsave(flags), /bh,
 * /raw, /read, /write, /nested, /try, /guard, and @fn when function fn
 * took it; "-" is none. "summary" on a function's line lists its
 * summary's non-empty fields, "summary none" that it has none.
 */
#include <linux/spinlock.h>
#include <linux/mutex.h>
#include <linux/rwsem.h>
#include <linux/semaphore.h>
#include <linux/delay.h>

struct dev {
	spinlock_t lock, other;
	raw_spinlock_t raw;
	rwlock_t rwl;
	struct mutex m;
	struct semaphore sem;
	struct rw_semaphore rw;
	int flag;
};

static void work(struct dev *d);

/* Nested locks: the inner one is innermost. */
static void nested(struct dev *a, struct dev *b)
{
	spin_lock(&a->lock);
	spin_lock_nested(&b->lock, 1);
	work(a); /* held work: must spin:a.lock spin:b.lock/nested; may spin:a.lock spin:b.lock/nested */
	spin_unlock(&b->lock);
	work(b); /* held work: must spin:a.lock; may spin:a.lock */
	spin_unlock(&a->lock);
	work(a); /* held work: must -; may - */
}

/* Unlocking the outer of two locks of the same name leaves the inner
 * held: locks are told apart by their whole path. */
static void unlock_other(struct dev *a, struct dev *b)
{
	spin_lock(&a->lock);
	spin_lock(&b->lock);
	spin_unlock(&a->lock);
	work(b); /* held work: must spin:b.lock; may spin:b.lock */
	spin_unlock(&b->lock);
	work(b); /* held work: must -; may - */
}

/* An unlock through another name for the lock releases it. */
static void alias(struct dev *a)
{
	spinlock_t *l = &a->lock;

	spin_lock(l);
	work(a); /* held work: must spin:*(l); may spin:*(l) */
	spin_unlock(&a->lock);
	work(a); /* held work: must -; may - */
}

/* Every lock class, with its variant and the irqsave flags. */
static void classes(struct dev *d)
{
	unsigned long flags, f2;

	spin_lock_irqsave(&d->lock, flags);
	local_irq_save(f2);
	work(d); /* held work: must spin:d.lock/irqsave(flags) irqoff/irqsave(f2); may spin:d.lock/irqsave(flags) irqoff/irqsave(f2) */
	local_irq_restore(f2);
	spin_unlock_irqrestore(&d->lock, flags);
	spin_lock_bh(&d->other);
	local_bh_disable();
	raw_spin_lock(&d->raw);
	work(d); /* held work: must spin:d.other/bh bhoff/bh spin:d.raw/raw; may spin:d.other/bh bhoff/bh spin:d.raw/raw */
	raw_spin_unlock(&d->raw);
	local_bh_enable();
	spin_unlock_bh(&d->other);
	read_lock(&d->rwl);
	work(d); /* held work: must spin:d.rwl/read; may spin:d.rwl/read */
	read_unlock(&d->rwl);
	write_lock_irq(&d->rwl);
	work(d); /* held work: must spin:d.rwl/irq/write; may spin:d.rwl/irq/write */
	write_unlock_irq(&d->rwl);
	mutex_lock(&d->m);
	down_read(&d->rw);
	down(&d->sem);
	work(d); /* held work: must mutex:d.m sem:d.rw/read sem:d.sem; may mutex:d.m sem:d.rw/read sem:d.sem */
	up(&d->sem);
	up_read(&d->rw);
	down_write(&d->rw);
	work(d); /* held work: must mutex:d.m sem:d.rw/write; may mutex:d.m sem:d.rw/write */
	up_write(&d->rw);
	mutex_unlock(&d->m);
	preempt_disable();
	rcu_read_lock();
	get_cpu();
	work(d); /* held work: must preempt rcu preempt; may preempt rcu preempt */
	put_cpu();
	rcu_read_unlock();
	preempt_enable();
	local_irq_disable();
	work(d); /* held work: must irqoff/irq; may irqoff/irq */
	local_irq_enable();
	work(d); /* held work: must -; may - */
}

/* Guards hold their lock to the end of their scope. */
static int guards(struct dev *d, struct srcu_struct *ss)
{
	guard(spinlock_irqsave)(&d->lock);
	work(d); /* held work: must spin:d.lock/irqsave/guard; may spin:d.lock/irqsave/guard */
	scoped_guard(mutex, &d->m) {
		work(d); /* held work: must spin:d.lock/irqsave/guard mutex:d.m/guard; may spin:d.lock/irqsave/guard mutex:d.m/guard */
	}
	work(d); /* held work: must spin:d.lock/irqsave/guard; may spin:d.lock/irqsave/guard */
	scoped_guard(srcu, ss) {
		work(d); /* held work: must spin:d.lock/irqsave/guard unknown:*(ss)/guard; may spin:d.lock/irqsave/guard unknown:*(ss)/guard */
	}
	/* the srcu guard's end does not end the spinlock's */
	work(d); /* held work: must spin:d.lock/irqsave/guard; may spin:d.lock/irqsave/guard */
	if (d->flag)
		return -EBUSY; /* held return: must spin:d.lock/irqsave/guard; may spin:d.lock/irqsave/guard */
	return 0;
}

/* The end of a guard's scope releases the guard, not what the scope
 * took besides. (Only may-held: the front end lowers scoped_guard() to a
 * for loop whose head may also skip the body.) */
static void guard_and_rcu(struct dev *d)
{
	scoped_guard(mutex, &d->m) {
		rcu_read_lock();
	}
	work(d); /* held work: must -; may rcu */
	rcu_read_unlock();
}

static void scoped_try(struct dev *d)
{
	scoped_guard(spinlock_try, &d->lock) {
		work(d); /* held work: must spin:d.lock/try/guard; may spin:d.lock/try/guard */
	}
	work(d); /* held work: must -; may - */
}

/* A trylock holds its lock on its success branch only. */
static void try_then(struct dev *d)
{
	if (spin_trylock(&d->lock)) {
		work(d); /* held work: must spin:d.lock/try; may spin:d.lock/try */
		spin_unlock(&d->lock);
	}
	work(d); /* held work: must -; may - */
}

static int try_bail(struct dev *d)
{
	if (!mutex_trylock(&d->m))
		return -EBUSY; /* held return: must -; may - */
	work(d); /* held work: must mutex:d.m/try; may mutex:d.m/try */
	mutex_unlock(&d->m);
	return 0;
}

/* down_trylock() returns 0 when it succeeds. */
static int try_var(struct dev *d)
{
	int ret = down_trylock(&d->sem);

	if (ret)
		return -EBUSY; /* held return: must -; may - */
	work(d); /* held work: must sem:d.sem/try; may sem:d.sem/try */
	up(&d->sem);
	return 0;
}

static void try_and(struct dev *d)
{
	if (d->flag && spin_trylock_irq(&d->lock)) {
		work(d); /* held work: must spin:d.lock/irq/try; may spin:d.lock/irq/try */
		spin_unlock_irq(&d->lock);
	}
	while (!spin_trylock(&d->other))
		work(d); /* held work: must -; may - */
	work(d); /* held work: must spin:d.other/try; may spin:d.other/try */
	spin_unlock(&d->other);
}

/* A trylock in the caller's lock region, released again: the caller's
 * lock stays held. */
static void try_inside(struct dev *a, struct dev *b)
{
	spin_lock(&a->lock);
	if (spin_trylock(&b->lock))
		spin_unlock(&b->lock);
	work(a); /* held work: must spin:a.lock; may spin:a.lock */
	spin_unlock(&a->lock);
}

/* Conditional locking on a flag that does not change: held on some
 * paths only. The two tests are not correlated, so after the conditional
 * unlock the lock is still counted as held on some path. */
static void cond_lock(struct dev *d, int locked)
{
	if (locked)
		spin_lock(&d->lock);
	work(d); /* held work: must -; may spin:d.lock */
	if (locked)
		spin_unlock(&d->lock);
	work(d); /* held work: must -; may spin:d.lock */
}

/* Loops. */
static void loops(struct dev *d, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		spin_lock(&d->lock);
		work(d); /* held work: must spin:d.lock; may spin:d.lock */
		spin_unlock(&d->lock);
	}
	work(d); /* held work: must -; may - */
	while (n--) {
		work(d); /* held work: must -; may spin:d.other */
		spin_lock(&d->other);
	}
	work(d); /* held work: must -; may spin:d.other */
}

static int setup(struct dev *d);
static int more(struct dev *d);

/* Gotos to error labels. */
static int gotos(struct dev *d)
{
	int ret;

	mutex_lock(&d->m);
	ret = setup(d);
	if (ret)
		goto out_unlock;
	spin_lock(&d->lock);
	ret = more(d); /* held more: must mutex:d.m spin:d.lock; may mutex:d.m spin:d.lock */
	if (ret)
		goto out_spin;
	spin_unlock(&d->lock);
	mutex_unlock(&d->m);
	return 0; /* held return: must -; may - */
out_spin:
	spin_unlock(&d->lock);
out_unlock:
	work(d); /* held work: must mutex:d.m; may mutex:d.m */
	mutex_unlock(&d->m);
	return ret; /* held return: must -; may - */
}

/* A lock and an unlock wrapper, and callers one and three calls away. */
static void dev_lock(struct dev *p) /* summary acquires spin:p.lock/irq */
{
	spin_lock_irq(&p->lock);
}

static void dev_unlock(struct dev *p) /* summary releases spin:p.lock/irq */
{
	spin_unlock_irq(&p->lock);
}

static void wrap1(struct dev *d)
{
	dev_lock(d);
	work(d); /* deep work: must spin:d.lock/irq@dev_lock; may spin:d.lock/irq@dev_lock */ /* local work: must -; may - */
	dev_unlock(d);
	work(d); /* held work: must -; may - */
	dev_lock(d);
	spin_unlock_irq(&d->lock);
	work(d); /* held work: must -; may - */
}

static void lock1(struct dev *a) /* summary acquires mutex:a.m */
{
	mutex_lock(&a->m);
}

static void lock2(struct dev *b) /* summary acquires mutex:b.m@lock1 */
{
	lock1(b);
}

static void lock3(struct dev *c) /* summary acquires mutex:c.m@lock2 */
{
	lock2(c);
}

static void unlock1(struct dev *a) /* summary releases mutex:a.m */
{
	mutex_unlock(&a->m);
}

static void unlock2(struct dev *b) /* summary releases mutex:b.m */
{
	unlock1(b);
}

static void unlock3(struct dev *c) /* summary releases mutex:c.m */
{
	work(c);
	unlock2(c);
}

static void wrap3(struct dev *x, struct dev *y)
{
	lock3(x);
	work(x); /* deep work: must mutex:x.m@lock3; may mutex:x.m@lock3 */
	mutex_lock(&y->m);
	unlock3(x);
	work(y); /* deep work: must mutex:y.m; may mutex:y.m */
	mutex_unlock(&y->m);
	work(y); /* held work: must -; may - */
}

/* A helper that drops its caller's lock around a sleep. */
static void drop_retake(struct dev *p) /* summary drops spin:p.lock/irq */
{
	spin_unlock_irq(&p->lock);
	msleep(1); /* held msleep: must -; may - */
	spin_lock_irq(&p->lock);
}

static void holds_across(struct dev *d)
{
	spin_lock_irq(&d->lock);
	drop_retake(d);
	work(d); /* held work: must spin:d.lock/irq; may spin:d.lock/irq */
	spin_unlock_irq(&d->lock);
}

/* Returns holding the lock on one path only. */
static int maybe_locks(struct dev *p) /* summary mayacquire spin:p.lock */
{
	spin_lock(&p->lock);
	if (p->flag)
		return -EBUSY; /* held return: must spin:p.lock; may spin:p.lock */
	spin_unlock(&p->lock);
	return 0;
}

static void use_maybe(struct dev *d)
{
	maybe_locks(d);
	work(d); /* deep work: must -; may spin:d.lock@maybe_locks */
}

/* A trylock wrapper: its callers hold the lock where it succeeded. */
static int dev_trylock(struct dev *p) /* summary try spin:p.lock/try */
{
	return spin_trylock(&p->lock);
}

static void use_trywrap(struct dev *d)
{
	if (!dev_trylock(d))
		return;
	work(d); /* deep work: must spin:d.lock/try@dev_trylock; may spin:d.lock/try@dev_trylock */ /* local work: must -; may - */
	spin_unlock(&d->lock);
	work(d); /* held work: must -; may - */
}

/* Recursion ends. */
static void rec_a(struct dev *p, int n);

static void rec_b(struct dev *p, int n) /* summary none */
{
	if (n)
		rec_a(p, n - 1);
}

static void rec_a(struct dev *p, int n) /* summary none */
{
	spin_lock(&p->lock);
	rec_b(p, n);
	spin_unlock(&p->lock);
}

/* A recursive lock wrapper: the lock once, whichever call took it. */
static void rec_lock(struct dev *p, int n) /* summary mayacquire spin:p.lock */
{
	if (n) {
		rec_lock(p, n - 1);
		return;
	}
	spin_lock(&p->lock);
}

/* No lock at all. */
static void plain(struct dev *p) /* summary none */
{
	work(p); /* held work: must -; may - */
}

/* Whether a caller's lock stays held through the calls below it
 * (TestHeldThrough). */
static void sleeps_plain(struct dev *p) /* summary none */
{
	msleep(1);
}

static void mid(struct dev *p)
{
	sleeps_plain(p);
	drop_retake(p);
}

static void mid_unlocks(struct dev *p) /* summary drops spin:p.lock/irq */
{
	dev_unlock(p);
	msleep(2);
	dev_lock(p);
}

static void outer(struct dev *d)
{
	spin_lock_irq(&d->lock);
	mid(d);
	mid_unlocks(d);
	work(d); /* held work: must spin:d.lock/irq; may spin:d.lock/irq */
	spin_unlock_irq(&d->lock);
}
