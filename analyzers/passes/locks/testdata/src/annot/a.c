/*
 * Lock annotations, as "held" and "summary" in ../a/a.c. The test sets
 * the annotations by hand while the front end does not fill
 * ir.Func.Annotations.
 */
#include <linux/spinlock.h>
#include <linux/delay.h>

struct dev { spinlock_t lock; int flag; };

static void hw_poke(struct dev *p);

/* Annotated only: the body says nothing of the lock's class. */
static void ann_lock(struct dev *p) __acquires(&p->lock) /* summary acquires unknown:p.lock!annotation */
{
	hw_poke(p);
}

static void ann_unlock(struct dev *p) __releases(p->lock) /* summary releases unknown:p.lock!annotation */
{
	hw_poke(p);
}

/* Its caller holds the lock; it drops it around a sleep. */
static void ann_wait(struct dev *p) __must_hold(&p->lock) /* summary drops spin:p.lock!annotation; holds spin:p.lock!annotation */
{
	hw_poke(p); /* deep hw_poke: must spin:p.lock!annotation; may spin:p.lock!annotation */ /* local hw_poke: must -; may - */
	spin_unlock(&p->lock);
	msleep(1); /* held msleep: must -; may - */
	spin_lock(&p->lock);
}

static void use_ann(struct dev *d)
{
	ann_lock(d);
	hw_poke(d); /* deep hw_poke: must unknown:d.lock@ann_lock; may unknown:d.lock@ann_lock */
	spin_unlock(&d->lock);
	hw_poke(d); /* held hw_poke: must -; may - */
	spin_lock(&d->lock);
	ann_unlock(d);
	hw_poke(d); /* deep hw_poke: must -; may - */ /* local hw_poke: must spin:d.lock; may spin:d.lock */
}
