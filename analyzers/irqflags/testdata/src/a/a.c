#include <linux/spinlock.h>

struct foo { spinlock_t lock; spinlock_t stat_lock; int x; };

/* Nested irqsave into one flags variable. */
static void nested_bad(struct foo *p)
{
	unsigned long flags;

	spin_lock_irqsave(&p->lock, flags);
	spin_lock_irqsave(&p->stat_lock, flags); /* want "spin_lock_irqsave\\(\\) saves the interrupt state into flags, which still holds the state saved at line 10" */
	p->x++;
	spin_unlock_irqrestore(&p->stat_lock, flags);
	spin_unlock_irqrestore(&p->lock, flags);
}

/* Right: two flags variables, or a plain spin_lock inside. */
static void nested_ok(struct foo *p)
{
	unsigned long flags, flags2;

	spin_lock_irqsave(&p->lock, flags);
	spin_lock_irqsave(&p->stat_lock, flags2);
	p->x++;
	spin_unlock_irqrestore(&p->stat_lock, flags2);
	spin_lock(&p->stat_lock);
	p->x++;
	spin_unlock(&p->stat_lock);
	spin_unlock_irqrestore(&p->lock, flags);
}

/* Restore of flags that nothing saved: spin_lock saves none. */
static void unsaved_bad(struct foo *p)
{
	unsigned long flags;

	spin_lock(&p->lock);
	p->x++;
	spin_unlock_irqrestore(&p->lock, flags); /* want "spin_unlock_irqrestore\\(\\) restores interrupt flags from flags, but the spinlock p->lock was taken at line 37 by spin_lock\\(\\), which saves none" */
}

/* spin_unlock_irq inside an irqsave region enables interrupts early. */
static void enable_bad(struct foo *p)
{
	unsigned long flags;

	spin_lock_irqsave(&p->lock, flags);
	spin_lock_irq(&p->stat_lock);
	p->x++;
	spin_unlock_irq(&p->stat_lock); /* want "spin_unlock_irq\\(\\) enables interrupts while spinlock p->lock, taken at line 47 by spin_lock_irqsave\\(\\), is still held" */
	spin_unlock_irqrestore(&p->lock, flags);
}

/* Right: the flags saved on the same path, and a conditional irqsave. */
static void cond_ok(struct foo *p, int irq)
{
	unsigned long flags;

	if (irq)
		spin_lock_irqsave(&p->lock, flags);
	else
		spin_lock(&p->lock);
	p->x++;
	if (irq)
		spin_unlock_irqrestore(&p->lock, flags);
	else
		spin_unlock(&p->lock);
}

/* Right: local_irq_save and a nested plain lock. */
static void local_ok(struct foo *p)
{
	unsigned long flags;

	local_irq_save(flags);
	spin_lock(&p->lock);
	p->x++;
	spin_unlock(&p->lock);
	local_irq_restore(flags);
}

/* Right: local_save_flags() saves the state a later restore gives back. */
static void saved_ok(struct foo *p)
{
	unsigned long flags;

	local_save_flags(flags);
	local_irq_enable();
	p->x++;
	local_irq_disable();
	local_irq_restore(flags);
}

/* A helper that enables interrupts, called inside an irqsave region. */
static void stat_reset(struct foo *p)
{
	spin_lock_irq(&p->stat_lock);
	p->x = 0;
	spin_unlock_irq(&p->stat_lock);
}

static void call_enable_bad(struct foo *p)
{
	unsigned long flags;

	spin_lock_irqsave(&p->lock, flags);
	stat_reset(p); /* want "stat_reset\\(\\), through spin_unlock_irq\\(\\) at line 99, enables interrupts while spinlock p->lock, taken at line 106" */
	spin_unlock_irqrestore(&p->lock, flags);
}

/* Right: a helper that drops its caller's lock to sleep and takes it again. */
static void wait_unlocked(struct foo *p)
{
	spin_unlock_irq(&p->lock);
	msleep(1);
	spin_lock_irq(&p->lock);
}

static void call_drop_ok(struct foo *p)
{
	unsigned long flags;

	spin_lock_irqsave(&p->lock, flags);
	wait_unlocked(p);
	spin_unlock_irqrestore(&p->lock, flags);
}

/* Right: one flags variable under complementary conditions. */
static void complementary_ok(struct foo *p, int atomic)
{
	unsigned long flags;

	if (atomic == 1)
		spin_lock_irqsave(&p->lock, flags);
	p->x++;
	if (atomic != 1)
		spin_lock_irqsave(&p->lock, flags);
	p->x++;
	if (atomic != 1)
		spin_unlock_irqrestore(&p->lock, flags);
	if (atomic == 1)
		spin_unlock_irqrestore(&p->lock, flags);
}
