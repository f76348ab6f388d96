// SPDX-License-Identifier: GPL-2.0-only
/*
 * Driver for the LX packet capture engine.
 *
 * Interrupt handling is split three ways:
 *  - the hard IRQ handler acks the block and schedules the RX tasklet,
 *    because the on-chip FIFO is small and must be drained quickly;
 *  - link state changes wake the IRQ thread, which retrains the link and
 *    may sleep while doing so;
 *  - drained packets are handed to readers of /dev/lxcap from a work item
 *    on the driver's own workqueue.
 * A watchdog timer restarts the engine when no packet arrived for a while.
 */

#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/mod_devicetable.h>
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/clk.h>
#include <linux/timer.h>
#include <linux/jiffies.h>
#include <linux/workqueue.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/cleanup.h>
#include <linux/slab.h>
#include <linux/overflow.h>
#include <linux/delay.h>
#include <linux/list.h>
#include <linux/miscdevice.h>
#include <linux/fs.h>
#include <linux/uaccess.h>
#include <linux/wait.h>

#define LXC_CTRL		0x00
#define LXC_IRQ_STAT		0x04
#define LXC_IRQ_EN		0x08
#define LXC_LINK		0x0c
#define LXC_RX_LEN		0x10
#define LXC_RX_DATA		0x14

#define LXC_CTRL_EN		BIT(0)
#define LXC_CTRL_TRAIN		BIT(1)
#define LXC_CTRL_RESET		BIT(31)
#define LXC_IRQ_RX		BIT(0)
#define LXC_IRQ_LINK		BIT(1)
#define LXC_LINK_UP		BIT(0)

#define LXC_MAX_WORDS		64U
#define LXC_MAX_QUEUED		128
#define LXC_WATCHDOG_MS		2000

struct lxc_pkt {
	struct list_head node;
	unsigned int len;		/* in 32-bit words */
	u32 data[];
};

struct lxc {
	struct device *dev;
	void __iomem *base;
	int irq;
	struct miscdevice misc;

	struct tasklet_struct rx_tasklet;
	struct timer_list watchdog;
	struct workqueue_struct *wq;
	struct work_struct deliver_work;
	struct work_struct restart_work;
	atomic_t dropped;

	/* tasklet -> deliver_work; taken from softirq context */
	spinlock_t rx_lock;
	struct list_head rx_list;
	unsigned int rx_queued;
	unsigned long last_rx;		/* jiffies */

	/* process context only */
	struct mutex lock;		/* link_up, ready, nready */
	bool link_up;
	struct list_head ready;
	unsigned int nready;
	wait_queue_head_t readq;
};

/* Retrain the link; the PHY takes tens of milliseconds. Caller may sleep. */
static int lxc_train_link(struct lxc *lx)
{
	int i;

	writel(readl(lx->base + LXC_CTRL) | LXC_CTRL_TRAIN, lx->base + LXC_CTRL);
	for (i = 0; i < 10; i++) {
		msleep(10);
		if (readl(lx->base + LXC_LINK) & LXC_LINK_UP)
			return 0;
	}
	return -ETIMEDOUT;
}

/* read a packet out of the FIFO and throw it away */
static void lxc_discard(struct lxc *lx, unsigned int len)
{
	while (len--)
		readl(lx->base + LXC_RX_DATA);
	atomic_inc(&lx->dropped);
}

static void lxc_free_list(struct list_head *list)
{
	struct lxc_pkt *pkt, *tmp;

	list_for_each_entry_safe(pkt, tmp, list, node)
		kfree(pkt);
}

static irqreturn_t lxc_hardirq(int irq, void *data)
{
	struct lxc *lx = data;
	irqreturn_t ret = IRQ_HANDLED;
	u32 stat;

	stat = readl(lx->base + LXC_IRQ_STAT);
	if (!stat)
		return IRQ_NONE;
	writel(stat, lx->base + LXC_IRQ_STAT);
	/* the block needs a moment after the ack before it re-evaluates */
	ndelay(100);

	if (stat & LXC_IRQ_RX)
		tasklet_schedule(&lx->rx_tasklet);
	if (stat & LXC_IRQ_LINK)
		ret = IRQ_WAKE_THREAD;

	return ret;
}

static irqreturn_t lxc_irq_thread(int irq, void *data)
{
	struct lxc *lx = data;
	bool up = readl(lx->base + LXC_LINK) & LXC_LINK_UP;

	guard(mutex)(&lx->lock);

	if (up == lx->link_up)
		return IRQ_HANDLED;

	if (!up) {
		dev_info(lx->dev, "link lost, retraining\n");
		up = !lxc_train_link(lx);
	}
	lx->link_up = up;
	dev_info(lx->dev, "link %s\n", up ? "up" : "down");

	return IRQ_HANDLED;
}

static void lxc_rx_tasklet(struct tasklet_struct *t)
{
	struct lxc *lx = from_tasklet(lx, t, rx_tasklet);
	struct lxc_pkt *pkt;
	unsigned int len, i;

	while ((len = readl(lx->base + LXC_RX_LEN)) != 0) {
		len = min(len, LXC_MAX_WORDS);

		spin_lock(&lx->rx_lock);
		if (lx->rx_queued >= LXC_MAX_QUEUED) {
			spin_unlock(&lx->rx_lock);
			lxc_discard(lx, len);
			continue;
		}

		/* softirq context and under rx_lock: atomic allocation only */
		pkt = kmalloc(struct_size(pkt, data, len), GFP_ATOMIC | __GFP_NOWARN);
		if (pkt) {
			pkt->len = len;
			for (i = 0; i < len; i++)
				pkt->data[i] = readl(lx->base + LXC_RX_DATA);
			list_add_tail(&pkt->node, &lx->rx_list);
			lx->rx_queued++;
			lx->last_rx = jiffies;
		}
		spin_unlock(&lx->rx_lock);

		if (!pkt)
			lxc_discard(lx, len);
	}

	queue_work(lx->wq, &lx->deliver_work);
}

static void lxc_watchdog(struct timer_list *t)
{
	struct lxc *lx = from_timer(lx, t, watchdog);
	unsigned long last;

	spin_lock(&lx->rx_lock);
	last = lx->last_rx;
	spin_unlock(&lx->rx_lock);

	/* restarting sleeps, so leave it to the workqueue */
	if (time_after(jiffies, last + msecs_to_jiffies(LXC_WATCHDOG_MS)))
		queue_work(lx->wq, &lx->restart_work);

	mod_timer(&lx->watchdog, jiffies + msecs_to_jiffies(LXC_WATCHDOG_MS));
}

static void lxc_deliver_work(struct work_struct *work)
{
	struct lxc *lx = container_of(work, struct lxc, deliver_work);
	LIST_HEAD(batch);
	unsigned int n;

	spin_lock_bh(&lx->rx_lock);
	list_splice_init(&lx->rx_list, &batch);
	n = lx->rx_queued;
	lx->rx_queued = 0;
	spin_unlock_bh(&lx->rx_lock);

	if (!n)
		return;

	mutex_lock(&lx->lock);
	list_splice_tail(&batch, &lx->ready);
	lx->nready += n;
	mutex_unlock(&lx->lock);

	wake_up_interruptible(&lx->readq);
}

static void lxc_restart_work(struct work_struct *work)
{
	struct lxc *lx = container_of(work, struct lxc, restart_work);
	LIST_HEAD(stale);

	dev_warn(lx->dev, "no traffic for %d ms, restarting engine\n",
		 LXC_WATCHDOG_MS);

	/* whatever is still queued predates the restart: drop it */
	spin_lock_bh(&lx->rx_lock);
	list_splice_init(&lx->rx_list, &stale);
	lx->rx_queued = 0;
	lx->last_rx = jiffies;
	spin_unlock_bh(&lx->rx_lock);

	lxc_free_list(&stale);

	mutex_lock(&lx->lock);
	writel(LXC_CTRL_RESET, lx->base + LXC_CTRL);
	msleep(5);
	writel(LXC_CTRL_EN, lx->base + LXC_CTRL);
	lx->link_up = !lxc_train_link(lx);
	mutex_unlock(&lx->lock);
}

static ssize_t lxc_read(struct file *file, char __user *buf, size_t count,
			loff_t *ppos)
{
	struct lxc *lx = container_of(file->private_data, struct lxc, misc);
	struct lxc_pkt *pkt;
	ssize_t ret;
	size_t len;

	ret = wait_event_interruptible(lx->readq, READ_ONCE(lx->nready) > 0);
	if (ret)
		return ret;

	mutex_lock(&lx->lock);
	pkt = list_first_entry_or_null(&lx->ready, struct lxc_pkt, node);
	if (pkt) {
		list_del(&pkt->node);
		lx->nready--;
	}
	mutex_unlock(&lx->lock);

	if (!pkt)
		return -EAGAIN;

	len = min(count, pkt->len * sizeof(u32));
	if (copy_to_user(buf, pkt->data, len))
		ret = -EFAULT;
	else
		ret = len;
	kfree(pkt);
	return ret;
}

static const struct file_operations lxc_fops = {
	.owner	= THIS_MODULE,
	.read	= lxc_read,
	.llseek	= noop_llseek,
};

static int lxc_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct clk *clk;
	struct lxc *lx;
	int ret;

	lx = devm_kzalloc(dev, sizeof(*lx), GFP_KERNEL);
	if (!lx)
		return -ENOMEM;

	lx->dev = dev;
	spin_lock_init(&lx->rx_lock);
	INIT_LIST_HEAD(&lx->rx_list);
	mutex_init(&lx->lock);
	INIT_LIST_HEAD(&lx->ready);
	init_waitqueue_head(&lx->readq);
	atomic_set(&lx->dropped, 0);
	INIT_WORK(&lx->deliver_work, lxc_deliver_work);
	INIT_WORK(&lx->restart_work, lxc_restart_work);
	tasklet_setup(&lx->rx_tasklet, lxc_rx_tasklet);
	timer_setup(&lx->watchdog, lxc_watchdog, 0);
	platform_set_drvdata(pdev, lx);

	lx->base = devm_platform_ioremap_resource(pdev, 0);
	if (IS_ERR(lx->base))
		return PTR_ERR(lx->base);

	lx->irq = platform_get_irq(pdev, 0);
	if (lx->irq < 0)
		return lx->irq;

	clk = devm_clk_get_enabled(dev, NULL);
	if (IS_ERR(clk))
		return dev_err_probe(dev, PTR_ERR(clk), "cannot enable clock\n");

	/* the PHY needs 20ms after the clock is up before the first command */
	msleep(20);

	lx->wq = alloc_workqueue("lxcap", WQ_MEM_RECLAIM | WQ_HIGHPRI, 0);
	if (!lx->wq)
		return -ENOMEM;

	writel(LXC_CTRL_EN, lx->base + LXC_CTRL);
	ret = lxc_train_link(lx);
	if (ret) {
		dev_err(dev, "initial link training failed: %d\n", ret);
		goto err_destroy_wq;
	}
	lx->link_up = true;
	lx->last_rx = jiffies;

	ret = request_threaded_irq(lx->irq, lxc_hardirq, lxc_irq_thread, 0,
				   dev_name(dev), lx);
	if (ret) {
		dev_err(dev, "cannot request irq %d: %d\n", lx->irq, ret);
		goto err_disable;
	}

	lx->misc.minor = MISC_DYNAMIC_MINOR;
	lx->misc.name = "lxcap";
	lx->misc.fops = &lxc_fops;
	lx->misc.parent = dev;
	ret = misc_register(&lx->misc);
	if (ret)
		goto err_free_irq;

	writel(LXC_IRQ_RX | LXC_IRQ_LINK, lx->base + LXC_IRQ_EN);
	mod_timer(&lx->watchdog, jiffies + msecs_to_jiffies(LXC_WATCHDOG_MS));
	return 0;

err_free_irq:
	free_irq(lx->irq, lx);
	tasklet_kill(&lx->rx_tasklet);
err_disable:
	writel(0, lx->base + LXC_CTRL);
err_destroy_wq:
	destroy_workqueue(lx->wq);
	return ret;
}

static void lxc_remove(struct platform_device *pdev)
{
	struct lxc *lx = platform_get_drvdata(pdev);

	misc_deregister(&lx->misc);

	/* stop the producers first: the IRQ, then the tasklet it schedules */
	writel(0, lx->base + LXC_IRQ_EN);
	free_irq(lx->irq, lx);
	tasklet_kill(&lx->rx_tasklet);
	timer_delete_sync(&lx->watchdog);

	/* runs whatever deliver/restart work is still queued, then frees */
	destroy_workqueue(lx->wq);
	writel(0, lx->base + LXC_CTRL);

	lxc_free_list(&lx->rx_list);
	lxc_free_list(&lx->ready);
	dev_dbg(&pdev->dev, "%d packets dropped\n", atomic_read(&lx->dropped));
}

static const struct of_device_id lxc_of_match[] = {
	{ .compatible = "lx,capture-engine" },
	{ }
};
MODULE_DEVICE_TABLE(of, lxc_of_match);

static struct platform_driver lxc_driver = {
	.probe	= lxc_probe,
	.remove	= lxc_remove,
	.driver	= {
		.name		= "lxcap",
		.of_match_table	= lxc_of_match,
	},
};
module_platform_driver(lxc_driver);

MODULE_DESCRIPTION("LX packet capture engine driver");
MODULE_LICENSE("GPL");
