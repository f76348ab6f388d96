// SPDX-License-Identifier: GPL-2.0
/*
 * xmbox - mailbox to the sensor coprocessor on the XR-5 SoC.
 *
 * Core part: probe/remove, coprocessor reset, statistics and the sysfs
 * interface. The interrupt side lives in xmbox-irq.c.
 */

#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/mod_devicetable.h>
#include <linux/io.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/slab.h>
#include <linux/sysfs.h>

#include "xmbox.h"

/*
 * Hold the coprocessor in reset, release it and wait for it to report
 * ready. Also used to recover from a firmware crash.
 */
int xmbox_hw_reset(struct xmbox *xm)
{
	int i;

	writel(0, xm->base + XMB_IRQ_EN);
	writel(XMB_CTRL_RESET, xm->base + XMB_CTRL);
	/* reset must stay asserted for at least 100us */
	usleep_range(100, 200); /* want "usleep_range.*KD101" */
	writel(0, xm->base + XMB_CTRL);

	for (i = 0; i < 50; i++) {
		if (readl(xm->base + XMB_STATUS) & XMB_ST_READY) {
			writel(XMB_IRQ_RX | XMB_IRQ_ERR, xm->base + XMB_IRQ_EN);
			return 0;
		}
		udelay(20);
	}

	dev_err(xm->dev, "coprocessor not ready after reset\n");
	return -ETIMEDOUT;
}

void xmbox_account_rx(struct xmbox *xm, unsigned int n)
{
	mutex_lock(&xm->stats_lock); /* want "mutex_lock.*KD102" */
	xm->stats.rx_msgs += n;
	xm->stats.last_rx = jiffies;
	mutex_unlock(&xm->stats_lock);
}

static int xmbox_ping(struct xmbox *xm)
{
	unsigned long flags;

	reinit_completion(&xm->pong);

	spin_lock_irqsave(&xm->tx_lock, flags);
	writel(0, xm->base + XMB_TX_DATA);
	writel(XMB_CMD_PING, xm->base + XMB_TX_CMD);
	spin_unlock_irqrestore(&xm->tx_lock, flags);

	if (!wait_for_completion_timeout(&xm->pong, msecs_to_jiffies(100)))
		return -ETIMEDOUT;

	mutex_lock(&xm->stats_lock);
	xm->stats.tx_msgs++;
	mutex_unlock(&xm->stats_lock);
	return 0;
}

static void xmbox_evt_work(struct work_struct *work)
{
	struct xmbox *xm = container_of(work, struct xmbox, evt_work);

	sysfs_notify(&xm->dev->kobj, NULL, "last_msg");
}

static ssize_t last_msg_show(struct device *dev,
			     struct device_attribute *attr, char *buf)
{
	struct xmbox *xm = dev_get_drvdata(dev);
	u32 msg;

	spin_lock_irq(&xm->rx_lock);
	msg = xm->last_msg;
	spin_unlock_irq(&xm->rx_lock);

	return sysfs_emit(buf, "%#x\n", msg);
}
static DEVICE_ATTR_RO(last_msg);

static ssize_t stats_show(struct device *dev,
			  struct device_attribute *attr, char *buf)
{
	struct xmbox *xm = dev_get_drvdata(dev);
	ssize_t len;

	mutex_lock(&xm->stats_lock);
	len = sysfs_emit(buf, "rx %llu tx %llu last_rx %lu\n",
			 xm->stats.rx_msgs, xm->stats.tx_msgs,
			 xm->stats.last_rx);
	mutex_unlock(&xm->stats_lock);

	return len;
}
static DEVICE_ATTR_RO(stats);

static ssize_t ping_store(struct device *dev, struct device_attribute *attr,
			  const char *buf, size_t count)
{
	struct xmbox *xm = dev_get_drvdata(dev);
	int ret;

	ret = xmbox_ping(xm);
	return ret ? ret : count;
}
static DEVICE_ATTR_WO(ping);

static struct attribute *xmbox_attrs[] = {
	&dev_attr_last_msg.attr,
	&dev_attr_stats.attr,
	&dev_attr_ping.attr,
	NULL
};
ATTRIBUTE_GROUPS(xmbox);

static int xmbox_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct xmbox *xm;
	int ret;

	xm = devm_kzalloc(dev, sizeof(*xm), GFP_KERNEL);
	if (!xm)
		return -ENOMEM;

	xm->dev = dev;
	spin_lock_init(&xm->rx_lock);
	spin_lock_init(&xm->tx_lock);
	mutex_init(&xm->stats_lock);
	init_completion(&xm->pong);
	INIT_WORK(&xm->evt_work, xmbox_evt_work);
	platform_set_drvdata(pdev, xm);

	xm->base = devm_platform_ioremap_resource(pdev, 0);
	if (IS_ERR(xm->base))
		return PTR_ERR(xm->base);

	xm->irq = platform_get_irq(pdev, 0);
	if (xm->irq < 0)
		return xm->irq;

	xm->evt_wq = alloc_ordered_workqueue("xmbox-evt", WQ_MEM_RECLAIM);
	if (!xm->evt_wq)
		return -ENOMEM;

	ret = xmbox_hw_reset(xm);
	if (ret)
		goto err_wq;

	ret = xmbox_irq_init(xm);
	if (ret) {
		dev_err(dev, "cannot request irq %d: %d\n", xm->irq, ret);
		goto err_wq;
	}

	/* make sure the firmware answers before we expose anything */
	ret = xmbox_ping(xm);
	if (ret) {
		dev_err(dev, "coprocessor does not answer\n");
		goto err_irq;
	}

	dev_info(dev, "coprocessor mailbox ready\n");
	return 0;

err_irq:
	free_irq(xm->irq, xm);
err_wq:
	destroy_workqueue(xm->evt_wq);
	return ret;
}

static int xmbox_remove(struct platform_device *pdev)
{
	struct xmbox *xm = platform_get_drvdata(pdev);

	xmbox_irq_exit(xm);
	return 0;
}

static const struct of_device_id xmbox_of_match[] = {
	{ .compatible = "xr,xr5-mailbox" },
	{ }
};
MODULE_DEVICE_TABLE(of, xmbox_of_match);

static struct platform_driver xmbox_driver = {
	.probe	= xmbox_probe,
	.remove	= xmbox_remove,
	.driver	= {
		.name		= "xmbox",
		.of_match_table	= xmbox_of_match,
		.dev_groups	= xmbox_groups,
	},
};
module_platform_driver(xmbox_driver);

MODULE_DESCRIPTION("XR-5 sensor coprocessor mailbox");
MODULE_LICENSE("GPL");
