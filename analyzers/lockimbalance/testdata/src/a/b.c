#include <linux/spinlock.h>
#include <linux/mutex.h>
#include <linux/err.h>
#include <linux/list.h>

/* Conditions the path view must keep, and what ends them. */

struct dev2 { struct mutex lock; struct rw_semaphore rw; void *dev; void *parent; int x; };
struct obj;

int fill2(struct dev2 *d);
int probe2(void *dev);
void wait2(struct dev2 *d);
struct obj *lookup2(struct dev2 *d);

#define F_RECLAIM 0x400u
#define NO_LOCK 0x1u
#define NO_UNLOCK 0x2u

/* Right: the retry sets the flag the lock depends on, and the test after the loop sees it set. */
static int retry_ok(struct dev2 *d)
{
	unsigned int gfp = 0x20u;

retry:
	if (gfp & F_RECLAIM)
		mutex_lock(&d->lock);
	if (!fill2(d)) {
		gfp |= F_RECLAIM;
		goto retry;
	}
	if (gfp & F_RECLAIM)
		mutex_unlock(&d->lock);
	return 0;
}

/* Wrong: the flag is cleared between the lock and the unlock. */
static int cleared_between(struct dev2 *d, unsigned int gfp)
{
	if (gfp & F_RECLAIM)
		mutex_lock(&d->lock); /* want "mutex d->lock taken at line 41 is still held when cleared_between\\(\\) returns at line 46" */
	if (d->x)
		gfp &= ~F_RECLAIM;
	if (gfp & F_RECLAIM)
		mutex_unlock(&d->lock);
	return 0;
}

/* Right: a local named like the member tested does not change it. */
static int member_cond_ok(struct dev2 *d)
{
	void *dev = d->parent;
	int ret = 0;

	if (d->dev) {
		mutex_lock(&d->lock);
		dev = d->dev;
	}
	if (probe2(dev)) {
		ret = -EINVAL;
		goto out;
	}
	d->x = 1;
out:
	if (d->dev)
		mutex_unlock(&d->lock);
	return ret;
}

/* Right: the warning says the caller never passes NO_LOCK with type 1: the lock taken
   again in the loop is released where NO_LOCK is tested. */
static int warned_ok(struct dev2 *d, int type, unsigned int flags)
{
	if (!(flags & NO_LOCK) && mutex_lock_killable(&d->lock))
		return -EAGAIN;
	if (type == 1) {
		WARN_ON(flags & (NO_LOCK | NO_UNLOCK));
		while (d->x) {
			mutex_unlock(&d->lock);
			if (fill2(d))
				return -EAGAIN;
			mutex_lock(&d->lock);
		}
	}
	if (fill2(d)) {
		if (!(flags & NO_LOCK))
			mutex_unlock(&d->lock);
		return -EAGAIN;
	}
	if (!(flags & NO_UNLOCK))
		mutex_unlock(&d->lock);
	return 0;
}

/* Wrong: without the warning, a caller passing NO_LOCK leaves the lock taken in the loop held. */
static int unwarned(struct dev2 *d, int type, unsigned int flags)
{
	if (!(flags & NO_LOCK) && mutex_lock_killable(&d->lock))
		return -EAGAIN;
	if (type == 1) {
		while (d->x) {
			mutex_unlock(&d->lock);
			if (fill2(d))
				return -EAGAIN;
			mutex_lock(&d->lock); /* want "mutex d->lock taken at line 105 is still held when unwarned\\(\\) returns at line" */
		}
	}
	if (fill2(d)) {
		if (!(flags & NO_LOCK))
			mutex_unlock(&d->lock);
		return -EAGAIN;
	}
	if (!(flags & NO_UNLOCK))
		mutex_unlock(&d->lock);
	return 0;
}

/* Right: returns the object locked, or an error pointer unlocked. */
static struct obj *lookup_locked_ok(struct dev2 *d)
{
	struct obj *o;

	o = lookup2(d);
	if (IS_ERR(o))
		return o;
	if (o) {
		mutex_lock(&d->lock);
		if (fill2(d) < 0) {
			mutex_unlock(&d->lock);
			o = ERR_PTR(-EIO);
		}
	}
	return o;
}

/* Wrong: one error return keeps the lock. */
static struct obj *lookup_locked_leak(struct dev2 *d)
{
	struct obj *o;

	o = lookup2(d);
	if (IS_ERR(o))
		return o;
	if (o) {
		mutex_lock(&d->lock); /* want "mutex d->lock taken at line 145 is still held when lookup_locked_leak\\(\\) returns at line 151" */
		if (fill2(d) < 0) {
			mutex_unlock(&d->lock);
			return ERR_PTR(-EIO);
		}
		if (d->x)
			return ERR_PTR(-EBUSY);
	}
	return o;
}

/* Right: one arm of each conditional expression runs. */
static void arms_ok(struct dev2 *d, bool w)
{
	w ? down_write(&d->rw) : down_read(&d->rw);
	d->x++;
	w ? up_write(&d->rw) : up_read(&d->rw);
}

struct item { struct list_head node; int v; };

/* Wrong: an error return inside the loop keeps preemption disabled; the
 * loop's normal end, after which the function returns 0, is a path too. */
static int walk_leak(struct dev2 *d, struct list_head *items)
{
	struct item *it;

	list_for_each_entry(it, items, node) {
		preempt_disable(); /* want "preemption-disabled section taken at line 173 is still held when walk_leak\\(\\) returns" */
		if (fill2(d))
			return -EIO;
		preempt_enable();
	}
	return 0;
}

/* Right: released on the error return too. */
static int walk_ok(struct dev2 *d, struct list_head *items)
{
	struct item *it;

	list_for_each_entry(it, items, node) {
		preempt_disable();
		if (fill2(d)) {
			preempt_enable();
			return -EIO;
		}
		preempt_enable();
	}
	return 0;
}
