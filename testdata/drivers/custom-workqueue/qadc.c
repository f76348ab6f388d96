// SPDX-License-Identifier: GPL-2.0-only
/*
 * Driver for the QADC capture block on the Q7 evaluation board.
 *
 * The block fills a 256-entry sample FIFO and interrupts at the watermark.
 * The FIFO may only be drained while the sequencer is idle, which can take
 * a few hundred microseconds, so the interrupt is threaded. Converting the
 * raw codes and notifying user space runs on the driver's own workqueue.
 */

#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/mod_devicetable.h>
#include <linux/io.h>
#include <linux/clk.h>
#include <linux/interrupt.h>
#include <linux/workqueue.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/delay.h>
#include <linux/slab.h>
#include <linux/sysfs.h>

#define QADC_CTRL		0x00
#define QADC_STATUS		0x04
#define QADC_IRQ_EN		0x08
#define QADC_FIFO		0x10
#define QADC_LEVEL		0x14

#define QADC_CTRL_RUN		BIT(0)
#define QADC_CTRL_RESET		BIT(31)
#define QADC_STATUS_WM		BIT(0)
#define QADC_STATUS_OVF		BIT(1)
#define QADC_STATUS_BUSY	BIT(8)
#define QADC_CODE_MASK		GENMASK(11, 0)

#define QADC_FIFO_DEPTH		256
#define QADC_VREF_MV		2500

struct qadc {
	struct device *dev;
	void __iomem *base;
	struct clk *clk;
	int irq;

	struct workqueue_struct *wq;
	struct work_struct convert_work;

	spinlock_t stat_lock;		/* irq_status, overflows */
	u32 irq_status;
	unsigned long overflows;

	struct mutex buf_lock;		/* raw[], nraw, average_mv */
	u16 raw[QADC_FIFO_DEPTH];
	unsigned int nraw;
	int average_mv;
};

static irqreturn_t qadc_hardirq(int irq, void *data)
{
	struct qadc *qa = data;
	u32 status;

	status = readl(qa->base + QADC_STATUS);
	if (!(status & (QADC_STATUS_WM | QADC_STATUS_OVF)))
		return IRQ_NONE;

	/* keep the line quiet until the thread has drained the FIFO */
	writel(0, qa->base + QADC_IRQ_EN);

	spin_lock(&qa->stat_lock);
	qa->irq_status |= status;
	if (status & QADC_STATUS_OVF)
		qa->overflows++;
	spin_unlock(&qa->stat_lock);

	return IRQ_WAKE_THREAD;
}

static irqreturn_t qadc_thread(int irq, void *data)
{
	struct qadc *qa = data;
	unsigned int level, i, tries = 0;
	u32 status;

	spin_lock_irq(&qa->stat_lock);
	status = qa->irq_status;
	qa->irq_status = 0;
	spin_unlock_irq(&qa->stat_lock);

	if (status & QADC_STATUS_OVF) {
		/* samples are lost anyway, restart the sequencer */
		dev_warn_ratelimited(qa->dev, "FIFO overflow\n");
		writel(QADC_CTRL_RESET, qa->base + QADC_CTRL);
		msleep(1);
		writel(QADC_CTRL_RUN, qa->base + QADC_CTRL);
	}

	while (readl(qa->base + QADC_STATUS) & QADC_STATUS_BUSY) {
		if (++tries > 20) {
			dev_err(qa->dev, "sequencer stuck busy\n");
			goto out;
		}
		usleep_range(50, 100);
	}

	mutex_lock(&qa->buf_lock);
	level = min_t(u32, readl(qa->base + QADC_LEVEL), QADC_FIFO_DEPTH);
	for (i = 0; i < level; i++)
		qa->raw[i] = readl(qa->base + QADC_FIFO) & QADC_CODE_MASK;
	qa->nraw = level;
	mutex_unlock(&qa->buf_lock);

	queue_work(qa->wq, &qa->convert_work);
out:
	writel(QADC_STATUS_WM | QADC_STATUS_OVF, qa->base + QADC_IRQ_EN);
	return IRQ_HANDLED;
}

static void qadc_convert_work(struct work_struct *work)
{
	struct qadc *qa = container_of(work, struct qadc, convert_work);
	unsigned int i;
	u64 sum = 0;

	mutex_lock(&qa->buf_lock);
	if (!qa->nraw) {
		mutex_unlock(&qa->buf_lock);
		return;
	}
	for (i = 0; i < qa->nraw; i++)
		sum += qa->raw[i];
	qa->average_mv = div_u64(sum * QADC_VREF_MV, qa->nraw * 4096);
	qa->nraw = 0;
	mutex_unlock(&qa->buf_lock);

	sysfs_notify(&qa->dev->kobj, NULL, "average_mv");
}

static ssize_t average_mv_show(struct device *dev,
			       struct device_attribute *attr, char *buf)
{
	struct qadc *qa = dev_get_drvdata(dev);
	int mv;

	mutex_lock(&qa->buf_lock);
	mv = qa->average_mv;
	mutex_unlock(&qa->buf_lock);

	return sysfs_emit(buf, "%d\n", mv);
}
static DEVICE_ATTR_RO(average_mv);

static struct attribute *qadc_attrs[] = {
	&dev_attr_average_mv.attr,
	NULL
};
ATTRIBUTE_GROUPS(qadc);

static int qadc_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct qadc *qa;
	int ret;

	qa = devm_kzalloc(dev, sizeof(*qa), GFP_KERNEL);
	if (!qa)
		return -ENOMEM;

	qa->dev = dev;
	spin_lock_init(&qa->stat_lock);
	mutex_init(&qa->buf_lock);
	INIT_WORK(&qa->convert_work, qadc_convert_work);
	platform_set_drvdata(pdev, qa);

	qa->base = devm_platform_ioremap_resource(pdev, 0);
	if (IS_ERR(qa->base))
		return PTR_ERR(qa->base);

	qa->irq = platform_get_irq(pdev, 0);
	if (qa->irq < 0)
		return qa->irq;

	qa->clk = devm_clk_get(dev, NULL);
	if (IS_ERR(qa->clk))
		return dev_err_probe(dev, PTR_ERR(qa->clk), "no clock\n");

	ret = clk_prepare_enable(qa->clk);
	if (ret)
		return ret;

	qa->wq = alloc_workqueue("qadc-%s", WQ_MEM_RECLAIM | WQ_UNBOUND, 1, /* want "wq.*KD301" */
				 dev_name(dev));
	if (!qa->wq) {
		ret = -ENOMEM;
		goto err_clk;
	}

	/* put the block into a known state before unmasking anything */
	writel(QADC_CTRL_RESET, qa->base + QADC_CTRL);
	usleep_range(100, 200);
	writel(0, qa->base + QADC_CTRL);
	if (readl(qa->base + QADC_STATUS) & QADC_STATUS_BUSY) {
		dev_err(dev, "block stuck after reset\n");
		ret = -EIO;
		goto err_wq;
	}

	ret = devm_request_threaded_irq(dev, qa->irq, qadc_hardirq,
					qadc_thread, IRQF_ONESHOT,
					dev_name(dev), qa);
	if (ret) {
		dev_err(dev, "cannot request irq %d: %d\n", qa->irq, ret);
		goto err_clk;
	}

	writel(QADC_STATUS_WM | QADC_STATUS_OVF, qa->base + QADC_IRQ_EN);
	writel(QADC_CTRL_RUN, qa->base + QADC_CTRL);
	return 0;

err_wq:
	destroy_workqueue(qa->wq);
err_clk:
	clk_disable_unprepare(qa->clk);
	return ret;
}

static int qadc_remove(struct platform_device *pdev)
{
	struct qadc *qa = platform_get_drvdata(pdev);

	/*
	 * The IRQ is devm-managed and only freed after we return; keep it
	 * disabled so the thread cannot queue more work behind our back.
	 */
	disable_irq(qa->irq);
	writel(0, qa->base + QADC_IRQ_EN);
	writel(0, qa->base + QADC_CTRL);

	destroy_workqueue(qa->wq);
	clk_disable_unprepare(qa->clk);
	return 0;
}

static const struct of_device_id qadc_of_match[] = {
	{ .compatible = "q7,qadc" },
	{ }
};
MODULE_DEVICE_TABLE(of, qadc_of_match);

static struct platform_driver qadc_driver = {
	.probe	= qadc_probe,
	.remove	= qadc_remove,
	.driver	= {
		.name		= "qadc",
		.of_match_table	= qadc_of_match,
		.dev_groups	= qadc_groups,
	},
};
module_platform_driver(qadc_driver);

MODULE_DESCRIPTION("Q7 QADC capture block driver");
MODULE_LICENSE("GPL");
