#include <linux/slab.h>
#include <linux/interrupt.h>
#include <linux/timer.h>
#include <linux/gfp.h>
#include <linux/skbuff.h>

struct ring {
	spinlock_t lock;
	struct timer_list refill;
	void *buf[16];
	struct sk_buff *skb;
	int head;
};

/* Flags written at the call, in atomic context: reported with a fix. */
static void refill_locked(struct ring *r)
{
	unsigned long flags;

	spin_lock_irqsave(&r->lock, flags);
	r->buf[0] = kmalloc(64, GFP_KERNEL); /* want "kmalloc\\(\\) with GFP_KERNEL may sleep in direct reclaim, but it runs in atomic context while spin_lock_irqsave\\(&r->lock, flags\\) is held" */
	r->buf[1] = kzalloc(64, GFP_ATOMIC);		/* does not reclaim */
	r->buf[2] = kcalloc(4, 16, GFP_NOIO | __GFP_ZERO); /* want "kcalloc\\(\\) with GFP_NOIO may sleep" */
	r->buf[3] = kmalloc(64, GFP_KERNEL & ~__GFP_DIRECT_RECLAIM);
	r->buf[4] = kmalloc(64, GFP_DMA);		/* a zone modifier alone */
	spin_unlock_irqrestore(&r->lock, flags);
	r->buf[5] = kmalloc(64, GFP_KERNEL);		/* after the unlock */
}

/* A gfp_t passed down: reported at the caller that passes GFP_KERNEL. */
static void *ring_alloc(struct ring *r, gfp_t gfp)
{
	return kzalloc(128, gfp);
}

static void *ring_alloc_twice(struct ring *r, gfp_t gfp)
{
	return ring_alloc(r, gfp);
}

static irqreturn_t ring_irq(int irq, void *p)
{
	struct ring *r = p;

	r->buf[6] = ring_alloc_twice(r, GFP_KERNEL); /* want "GFP_KERNEL passed by ring_irq\\(\\) to ring_alloc_twice\\(\\) lets kzalloc\\(\\) sleep in direct reclaim \\(gfp_t gfp\\), but it runs in atomic context in ring_alloc\\(\\), reached from hard IRQ handler ring_irq\\(\\)" */
	r->buf[7] = ring_alloc(r, GFP_ATOMIC);		/* fine */
	return IRQ_HANDLED;
}

static int ring_open(struct ring *r)
{
	r->buf[8] = ring_alloc(r, GFP_KERNEL);		/* process context */
	return request_irq(3, ring_irq, 0, "ring", r);
}

/* gfpflags_allow_blocking() keeps the sleeping path for blocking flags;
 * a conditional expression picks the flags by context. */
static void *pool_get(struct ring *r, gfp_t gfp)
{
	if (gfpflags_allow_blocking(gfp))
		return kmalloc(256, GFP_KERNEL);
	return kmalloc(256, GFP_NOWAIT);
}

static void refill_timer(struct timer_list *t)
{
	struct ring *r = from_timer(r, t, refill);

	r->buf[9] = pool_get(r, GFP_ATOMIC);
	r->skb = alloc_skb(256, in_interrupt() ? GFP_ATOMIC : GFP_KERNEL);
	r->skb = skb_clone(r->skb, GFP_KERNEL); /* want "skb_clone\\(\\) with GFP_KERNEL may sleep.*timer callback refill_timer\\(\\)" */
}

static void ring_start(struct ring *r)
{
	timer_setup(&r->refill, refill_timer, 0);
	mod_timer(&r->refill, jiffies + HZ);
}
