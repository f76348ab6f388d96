#include <linux/xarray.h>
#include <linux/idr.h>
#include <linux/bio.h>
#include <linux/spinlock.h>

/*
 * XArray stores allocate their nodes with the caller's flags; they drop
 * only the XArray's own lock to do it, so under another lock a
 * reclaiming flag sleeps. Preloads and bios allocate the same way.
 */
struct cache {
	spinlock_t lock;
	struct xarray entries;
	struct idr ids;
	struct block_device *bdev;
	struct timer_list flush;
	void *pending;
};

static int cache_add(struct cache *c, unsigned long key, void *val)
{
	int err;

	spin_lock(&c->lock);
	err = xa_err(xa_store(&c->entries, key, val, GFP_KERNEL)); /* want "xa_store\\(\\) with GFP_KERNEL may sleep in direct reclaim, but it runs in atomic context while spin_lock\\(&c->lock\\) is held" */
	if (!err)
		err = xa_insert_irq(&c->entries, key + 1, val, GFP_ATOMIC);
	spin_unlock(&c->lock);
	return err;
}

/* The documented idiom: preload outside the lock, allocate without reclaim inside. */
static int cache_new_id(struct cache *c, void *val)
{
	int id;

	idr_preload(GFP_KERNEL);
	spin_lock(&c->lock);
	id = idr_alloc(&c->ids, val, 0, 0, GFP_NOWAIT);
	spin_unlock(&c->lock);
	idr_preload_end();
	return id;
}

static int cache_new_id_locked(struct cache *c, void *val)
{
	int id;

	spin_lock(&c->lock);
	idr_preload(GFP_KERNEL); /* want "idr_preload\\(\\) with GFP_KERNEL may sleep in direct reclaim" */
	id = idr_alloc(&c->ids, val, 0, 0, GFP_NOWAIT);
	idr_preload_end();
	spin_unlock(&c->lock);
	return id;
}

static void cache_flush(struct timer_list *t)
{
	struct cache *c = from_timer(c, t, flush);
	struct bio *bio;

	bio = bio_alloc(c->bdev, 1, REQ_OP_WRITE, GFP_NOIO); /* want "bio_alloc\\(\\) with GFP_NOIO may sleep in direct reclaim.*timer callback cache_flush\\(\\)" */
	c->pending = bio;
	xa_store_bh(&c->entries, 0, bio, GFP_ATOMIC);
}

static int cache_start(struct cache *c)
{
	xa_init(&c->entries);
	/* Process context, no lock held: GFP_KERNEL is right here. */
	xa_store(&c->entries, 0, c, GFP_KERNEL);
	timer_setup(&c->flush, cache_flush, 0);
	mod_timer(&c->flush, jiffies + HZ);
	return cache_add(c, 1, c) ?: cache_new_id(c, c) ?: cache_new_id_locked(c, c);
}

struct events {
	spinlock_t lock;
	struct kfifo fifo;
	struct tasklet_struct notify;
	struct sk_buff *msg;
};

static struct genl_family ev_family;

/* A multicast clones the message for each listener with the caller's flags. */
static void ev_notify(struct tasklet_struct *t)
{
	struct events *ev = from_tasklet(ev, t, notify);

	genlmsg_multicast(&ev_family, ev->msg, 0, 0, GFP_KERNEL); /* want "genlmsg_multicast\\(\\) with GFP_KERNEL may sleep in direct reclaim.*tasklet" */
	if (kfifo_alloc(&ev->fifo, 64, GFP_ATOMIC))
		return;
}

static int ev_open(struct events *ev)
{
	unsigned long flags;
	int err;

	err = kfifo_alloc(&ev->fifo, 64, GFP_KERNEL);
	if (err)
		return err;
	spin_lock_irqsave(&ev->lock, flags);
	err = kfifo_alloc(&ev->fifo, 128, GFP_KERNEL); /* want "kfifo_alloc\\(\\) with GFP_KERNEL may sleep in direct reclaim" */
	spin_unlock_irqrestore(&ev->lock, flags);
	tasklet_setup(&ev->notify, ev_notify);
	tasklet_schedule(&ev->notify);
	return err;
}
