#include <linux/interrupt.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

struct foo { spinlock_t lock; spinlock_t txlock; spinlock_t cfglock; struct work_struct work;
	struct tasklet_struct tl; int x; };

static irqreturn_t foo_irq(int irq, void *data)
{
	struct foo *priv = data;

	spin_lock(&priv->lock);
	priv->x++;
	spin_unlock(&priv->lock);
	return IRQ_HANDLED;
}

static void foo_tasklet(struct tasklet_struct *t)
{
	struct foo *priv = from_tasklet(priv, t, tl);

	spin_lock(&priv->txlock);
	priv->x--;
	spin_unlock(&priv->txlock);
}

/* Process context with interrupts on: the handler can interrupt it. */
static void foo_work(struct work_struct *w)
{
	struct foo *priv = container_of(w, struct foo, work);

	spin_lock(&priv->lock); /* want "spin_lock\\(\\) takes priv->lock with interrupts enabled in work function foo_work\\(\\), but foo_irq\\(\\) takes it in hard IRQ context" */
	priv->x = 0;
	spin_unlock(&priv->lock);

	spin_lock(&priv->txlock); /* want "spin_lock\\(\\) takes priv->txlock with bottom halves enabled .*foo_tasklet\\(\\) takes it in softirq context.*spin_lock_bh" */
	priv->x = 1;
	spin_unlock(&priv->txlock);

	/* Right: interrupts off, bottom halves off. */
	spin_lock_irq(&priv->lock);
	priv->x = 2;
	spin_unlock_irq(&priv->lock);
	spin_lock_bh(&priv->txlock);
	priv->x = 3;
	spin_unlock_bh(&priv->txlock);

	/* Right: a lock no interrupt takes. */
	spin_lock(&priv->cfglock);
	priv->x = 4;
	spin_unlock(&priv->cfglock);
}

static int foo_probe(struct platform_device *pdev)
{
	struct foo *priv = devm_kzalloc(&pdev->dev, sizeof(*priv), GFP_KERNEL);
	unsigned long flags;

	INIT_WORK(&priv->work, foo_work);
	tasklet_setup(&priv->tl, foo_tasklet);
	spin_lock_irqsave(&priv->lock, flags);
	priv->x = 5;
	spin_unlock_irqrestore(&priv->lock, flags);
	return devm_request_irq(&pdev->dev, 1, foo_irq, 0, "foo", priv);
}

static struct platform_driver foo_driver = { .probe = foo_probe };
