// SPDX-License-Identifier: GPL-2.0-only
/*
 * fxled: LED effect engine of the FX-8 board controller.
 *
 * 6.x style: platform driver with void .remove, devm resources, guard()
 * and scoped_guard() for the short critical sections, a threaded IRQ
 * whose primary handler only acks, and a sysfs interface.
 */
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/mod_devicetable.h>
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/cleanup.h>
#include <linux/delay.h>
#include <linux/device.h>

#define FX_CTRL		0x00
#define FX_STAT		0x04
#define FX_PATTERN	0x08
#define FX_NR_LEDS	8

struct fx_chan {
	spinlock_t lock;
	u32 pattern;
	bool busy;
};

struct fxled {
	void __iomem *regs;
	struct device *dev;
	struct mutex cfg_lock;		/* serialises reconfiguration */
	spinlock_t hw_lock;		/* FX_CTRL and FX_STAT */
	spinlock_t stat_lock;
	struct fx_chan chan[FX_NR_LEDS];
	u32 events;
	unsigned int resets;
	int irq;
};

static void fx_hw_lock(struct fxled *fx) __acquires(&fx->hw_lock)
{
	spin_lock_irq(&fx->hw_lock);
}

static void fx_hw_unlock(struct fxled *fx) __releases(&fx->hw_lock)
{
	spin_unlock_irq(&fx->hw_lock);
}

static irqreturn_t fx_irq(int irq, void *data)
{
	struct fxled *fx = data;
	u32 stat;

	spin_lock(&fx->hw_lock);
	stat = readl(fx->regs + FX_STAT);
	writel(stat, fx->regs + FX_STAT);
	spin_unlock(&fx->hw_lock);
	if (!stat)
		return IRQ_NONE;

	/* Statistics are best effort: never spin for them here. */
	if (spin_trylock(&fx->stat_lock)) {
		fx->events++;
		spin_unlock(&fx->stat_lock);
	}
	return IRQ_WAKE_THREAD;
}

static void fx_reset_engine(struct fxled *fx)
{
	fx_hw_lock(fx);
	writel(0, fx->regs + FX_CTRL);
	fx_hw_unlock(fx);
	msleep(5);		/* the engine needs 5 ms to settle */
	fx_hw_lock(fx);
	writel(1, fx->regs + FX_CTRL);
	fx_hw_unlock(fx);
}

static irqreturn_t fx_irq_thread(int irq, void *data)
{
	struct fxled *fx = data;

	guard(mutex)(&fx->cfg_lock);
	fx_reset_engine(fx);
	fx->resets++;
	return IRQ_HANDLED;
}

/* Callers that already hold the channel lock pass locked = true. */
static void fx_chan_write(struct fxled *fx, unsigned int i, u32 pattern, bool locked)
{
	struct fx_chan *ch = &fx->chan[i];

	if (!locked)
		spin_lock(&ch->lock);
	ch->pattern = pattern;
	writel(pattern, fx->regs + FX_PATTERN + 4 * i);
	if (!locked)
		spin_unlock(&ch->lock);
}

static void fx_chan_bump(struct fxled *fx, struct fx_chan *ch)
{
	unsigned long flags;

	spin_lock_irqsave(&fx->stat_lock, flags);
	spin_lock_irqsave(&ch->lock, flags); /* want "spin_lock_irqsave\\(\\) saves the interrupt state into flags, which still holds the state saved at line 111.*KD204" */
	ch->busy = true;
	fx->events++;
	spin_unlock_irqrestore(&ch->lock, flags);
	spin_unlock_irqrestore(&fx->stat_lock, flags);
}

static void fx_stats_note(struct fxled *fx)
{
	spin_lock(&fx->stat_lock);
	fx->events++;
	spin_unlock(&fx->stat_lock);
}

static ssize_t pattern_store(struct device *dev, struct device_attribute *attr,
			     const char *buf, size_t count)
{
	struct fxled *fx = dev_get_drvdata(dev);
	unsigned int i;
	u32 pattern;
	int ret;

	if (sscanf(buf, "%u %x", &i, &pattern) != 2 || i >= FX_NR_LEDS)
		return -EINVAL;

	ret = mutex_lock_interruptible(&fx->cfg_lock);
	if (ret)
		return ret;

	scoped_guard(spinlock_irqsave, &fx->chan[i].lock) {
		if (fx->chan[i].busy) {
			mutex_unlock(&fx->cfg_lock);
			return -EBUSY;
		}
		fx_chan_write(fx, i, pattern, true);
	}
	fx_chan_bump(fx, &fx->chan[i]);

	spin_lock(&fx->stat_lock);
	fx_stats_note(fx); /* want "fx_stats_note\\(\\) takes spinlock fx->stat_lock, which is already held here \\(taken at line 150\\).*KD202" */
	spin_unlock(&fx->stat_lock);

	mutex_unlock(&fx->cfg_lock);
	return count;
}
static DEVICE_ATTR_WO(pattern);

static ssize_t resets_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	struct fxled *fx = dev_get_drvdata(dev);

	guard(mutex)(&fx->cfg_lock);
	return sysfs_emit(buf, "%u\n", fx->resets);
}
static DEVICE_ATTR_RO(resets);

static int fx_probe(struct platform_device *pdev)
{
	struct fxled *fx;
	unsigned int i;
	int ret;

	fx = devm_kzalloc(&pdev->dev, sizeof(*fx), GFP_KERNEL);
	if (!fx)
		return -ENOMEM;
	fx->dev = &pdev->dev;
	fx->regs = devm_platform_ioremap_resource(pdev, 0);
	if (IS_ERR(fx->regs))
		return PTR_ERR(fx->regs);
	mutex_init(&fx->cfg_lock);
	spin_lock_init(&fx->hw_lock);
	spin_lock_init(&fx->stat_lock);
	for (i = 0; i < FX_NR_LEDS; i++) {
		spin_lock_init(&fx->chan[i].lock);
		fx_chan_write(fx, i, 0, false);
	}
	platform_set_drvdata(pdev, fx);

	fx->irq = platform_get_irq(pdev, 0);
	if (fx->irq < 0)
		return fx->irq;
	ret = devm_request_threaded_irq(&pdev->dev, fx->irq, fx_irq, fx_irq_thread,
					IRQF_ONESHOT, "fxled", fx);
	if (ret)
		return ret;

	ret = device_create_file(&pdev->dev, &dev_attr_pattern);
	if (ret)
		return ret;
	return device_create_file(&pdev->dev, &dev_attr_resets);
}

static void fx_remove(struct platform_device *pdev)
{
	struct fxled *fx = platform_get_drvdata(pdev);

	device_remove_file(&pdev->dev, &dev_attr_resets);
	device_remove_file(&pdev->dev, &dev_attr_pattern);
	scoped_guard(spinlock_irq, &fx->hw_lock)
		writel(0, fx->regs + FX_CTRL);
}

static const struct of_device_id fx_of_match[] = {
	{ .compatible = "fx8,fxled" },
	{ }
};
MODULE_DEVICE_TABLE(of, fx_of_match);

static struct platform_driver fx_driver = {
	.driver = {
		.name = "fxled",
		.of_match_table = fx_of_match,
	},
	.probe = fx_probe,
	.remove = fx_remove,
};
module_platform_driver(fx_driver);
MODULE_LICENSE("GPL");
