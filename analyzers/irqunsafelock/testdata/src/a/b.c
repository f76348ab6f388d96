#include <linux/interrupt.h>
#include <linux/spinlock.h>

/* Another driver of the same directory, with a member of the same name:
 * its interrupt handler's priv->cfglock is not a.c's. */
struct bar { spinlock_t cfglock; int y; };

static irqreturn_t bar_irq(int irq, void *data)
{
	struct bar *priv = data;

	spin_lock(&priv->cfglock);
	priv->y++;
	spin_unlock(&priv->cfglock);
	return IRQ_HANDLED;
}

static int bar_probe(struct platform_device *pdev)
{
	struct bar *priv = devm_kzalloc(&pdev->dev, sizeof(*priv), GFP_KERNEL);

	return devm_request_irq(&pdev->dev, 2, bar_irq, 0, "bar", priv);
}

static struct platform_driver bar_driver = { .probe = bar_probe };
