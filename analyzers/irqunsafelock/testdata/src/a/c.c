#include <linux/interrupt.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>

/* Interrupts disabled by an xarray's irqsave, and left off by a plain unlock. */

struct ctx { spinlock_t lock; int busy; };
struct baz { struct xarray lookup; spinlock_t statlock; struct work_struct work; struct ctx *cur; int n; };

static irqreturn_t baz_irq(int irq, void *data)
{
	struct baz *b = data;
	unsigned long flags;

	/* The xarray's lock by its member: the same lock as xa_lock(&b->lookup). */
	spin_lock_irqsave(&b->lookup.xa_lock, flags);
	b->n++;
	spin_unlock_irqrestore(&b->lookup.xa_lock, flags);
	spin_lock(&b->cur->lock);
	b->cur->busy = 0;
	spin_unlock(&b->cur->lock);
	spin_lock(&b->statlock);
	b->n--;
	spin_unlock(&b->statlock);
	return IRQ_HANDLED;
}

static void baz_work(struct work_struct *w)
{
	struct baz *b = container_of(w, struct baz, work);
	unsigned long flags;

	/* Right: the xarray's irqsave keeps interrupts off... */
	xa_lock_irqsave(&b->lookup, flags);
	b->n = 0;
	/* ... and a plain unlock of it leaves them off until the restore. */
	xa_unlock(&b->lookup);
	spin_lock(&b->cur->lock);
	b->cur->busy = 1;
	spin_unlock(&b->cur->lock);
	xa_lock(&b->lookup);
	xa_unlock_irqrestore(&b->lookup, flags);

	/* Wrong: the xarray's plain lock leaves interrupts on. */
	xa_lock(&b->lookup); /* want "xa_lock\\(\\) takes b->lookup.xa_lock with interrupts enabled in work function baz_work\\(\\), but baz_irq\\(\\) takes it in hard IRQ context" */
	b->n = 1;
	xa_unlock(&b->lookup);

	/* Wrong: after the restore, interrupts are on again. */
	xa_lock_irqsave(&b->lookup, flags);
	xa_unlock_irqrestore(&b->lookup, flags);
	spin_lock(&b->statlock); /* want "spin_lock\\(\\) takes b->statlock with interrupts enabled in work function baz_work\\(\\), but baz_irq\\(\\) takes it in hard IRQ context" */
	b->n = 2;
	spin_unlock(&b->statlock);
}

static int baz_probe(struct platform_device *pdev)
{
	struct baz *b = devm_kzalloc(&pdev->dev, sizeof(*b), GFP_KERNEL);

	INIT_WORK(&b->work, baz_work);
	return devm_request_irq(&pdev->dev, 3, baz_irq, 0, "baz", b);
}

static struct platform_driver baz_driver = { .probe = baz_probe };

void ring_read(struct baz *b);

/* Right: the section a plain unlock leaves is one state, however often
 * a loop does it (the path view stays finite). */
static void baz_loop_ok(struct baz *b, int n)
{
	unsigned long flags;
	int i;

	for (i = 0; i < n; i++) {
		spin_lock_irqsave(&b->statlock, flags);
		b->n = i;
		spin_unlock(&b->statlock);
		ring_read(b);
		local_irq_restore(flags);
	}
}
