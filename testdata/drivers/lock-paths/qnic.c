// SPDX-License-Identifier: GPL-2.0
/*
 * qnic: a small PCI NIC with an indexed register window, a timestamp
 * FIFO drained by a threaded interrupt, and an xarray of TX contexts.
 * 6.x style: devm everywhere, xarray, void .remove.
 */
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/netdevice.h>
#include <linux/etherdevice.h>
#include <linux/interrupt.h>
#include <linux/spinlock.h>
#include <linux/xarray.h>
#include <linux/list.h>
#include <linux/slab.h>

#define QNIC_IDX_ADDR		0x0000
#define QNIC_IDX_DATA		0x0004
#define QNIC_CTRL		0x0010
#define QNIC_TS_FIFO		0x0040
#define QNIC_MIN_MMIO		0x10000
#define QNIC_CTRL_RESET		0x1

struct qnic_ctx {
	struct list_head node;
	spinlock_t lock;
	u32 id;
	bool busy;
};

struct qnic {
	struct net_device *ndev;
	void __iomem *regs;
	resource_size_t mmio_size;
	spinlock_t idx_lock;	/* the indexed register window */
	spinlock_t ts_lock;	/* the TX timestamp FIFO */
	struct xarray ctxs;
	struct list_head pending;
	unsigned int ts_waiting;
};

static u32 qnic_rreg_slow(struct qnic *q, u32 reg)
{
	unsigned long flags;
	u32 v;

	spin_lock_irqsave(&q->idx_lock, flags);
	writel(reg, q->regs + QNIC_IDX_ADDR);
	v = readl(q->regs + QNIC_IDX_DATA);
	spin_unlock_irqrestore(&q->idx_lock, flags);
	return v;
}

static void qnic_wreg_slow(struct qnic *q, u32 reg, u32 v)
{
	unsigned long flags;

	spin_lock_irqsave(&q->idx_lock, flags);
	writel(reg, q->regs + QNIC_IDX_ADDR);
	writel(v, q->regs + QNIC_IDX_DATA);
	spin_unlock_irqrestore(&q->idx_lock, flags);
}

/* Registers inside the mapping are read directly; the rest through the window. */
static inline u32 qnic_rreg(struct qnic *q, u32 reg)
{
	if (reg < q->mmio_size || reg < QNIC_MIN_MMIO)
		return readl(q->regs + reg);
	return qnic_rreg_slow(q, reg);
}

static inline void qnic_wreg(struct qnic *q, u32 reg, u32 v)
{
	if (reg < q->mmio_size || reg < QNIC_MIN_MMIO)
		writel(v, q->regs + reg);
	else
		qnic_wreg_slow(q, reg, v);
}

/* Right: the window registers themselves are below 64 KiB. */
static u32 qnic_read_far(struct qnic *q, u32 reg)
{
	unsigned long flags;
	u32 v;

	spin_lock_irqsave(&q->idx_lock, flags);
	qnic_wreg(q, QNIC_IDX_ADDR, reg | 0x80000000);
	v = qnic_rreg(q, QNIC_IDX_DATA);
	spin_unlock_irqrestore(&q->idx_lock, flags);
	return v;
}

/* Wrong: the reset path reaches the window while holding its lock. */
static void qnic_tx_timeout(struct net_device *ndev, unsigned int txqueue)
{
	struct qnic *q = netdev_priv(ndev);
	unsigned long flags;

	spin_lock_irqsave(&q->idx_lock, flags);
	qnic_wreg(q, QNIC_CTRL, QNIC_CTRL_RESET);
	qnic_wreg_slow(q, 0x20000, 0); /* want "qnic_wreg_slow\\(\\) takes spinlock q->idx_lock, which is already held.*KD202" */
	spin_unlock_irqrestore(&q->idx_lock, flags);
}

static netdev_tx_t qnic_xmit(struct sk_buff *skb, struct net_device *ndev)
{
	struct qnic *q = netdev_priv(ndev);
	unsigned long flags;

	spin_lock_irqsave(&q->ts_lock, flags);
	q->ts_waiting++;
	spin_unlock_irqrestore(&q->ts_lock, flags);
	dev_kfree_skb_any(skb);
	return NETDEV_TX_OK;
}

/* The thread drains the FIFO; the xmit path (also the NET_TX softirq) counts into it. */
static irqreturn_t qnic_ts_thread(int irq, void *data)
{
	struct qnic *q = data;
	struct qnic_ctx *c;
	unsigned long index, flags;

	readl(q->regs + QNIC_TS_FIFO);
	spin_lock(&q->ts_lock); /* want "spin_lock\\(\\) takes q->ts_lock with bottom halves enabled in threaded IRQ handler qnic_ts_thread\\(\\).*KD203" */
	q->ts_waiting--;
	spin_unlock(&q->ts_lock);

	/* Right: interrupts stay off from the irqsave to the restore. */
	xa_lock_irqsave(&q->ctxs, flags);
	xa_for_each(&q->ctxs, index, c) {
		xa_unlock(&q->ctxs);
		spin_lock(&c->lock);
		c->busy = false;
		spin_unlock(&c->lock);
		xa_lock(&q->ctxs);
	}
	xa_unlock_irqrestore(&q->ctxs, flags);
	return IRQ_HANDLED;
}

static irqreturn_t qnic_irq(int irq, void *data)
{
	struct qnic *q = data;
	struct qnic_ctx *c;

	c = xa_load(&q->ctxs, 0);
	if (c) {
		spin_lock(&c->lock);
		c->busy = true;
		spin_unlock(&c->lock);
	}
	return IRQ_WAKE_THREAD;
}

/* Right: the pending list is empty by now, as the warning says. */
static void qnic_free_pending(struct qnic *q)
{
	struct qnic_ctx *c, *tmp;
	unsigned long flags;

	WARN_ON(!list_empty(&q->pending));
	list_for_each_entry_safe(c, tmp, &q->pending, node) {
		spin_lock_irqsave(&c->lock, flags);
		list_del(&c->node);
		spin_unlock_irqrestore(&c->lock, flags);
		kfree(c);
	}
}

static const struct net_device_ops qnic_netdev_ops = {
	.ndo_start_xmit		= qnic_xmit,
	.ndo_tx_timeout		= qnic_tx_timeout,
};

static int qnic_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct net_device *ndev;
	struct qnic *q;
	int err;

	err = pcim_enable_device(pdev);
	if (err)
		return err;
	ndev = devm_alloc_etherdev(&pdev->dev, sizeof(*q));
	if (!ndev)
		return -ENOMEM;
	q = netdev_priv(ndev);
	q->ndev = ndev;
	q->regs = pcim_iomap(pdev, 0, 0);
	if (!q->regs)
		return -ENOMEM;
	q->mmio_size = pci_resource_len(pdev, 0);
	spin_lock_init(&q->idx_lock);
	spin_lock_init(&q->ts_lock);
	xa_init_flags(&q->ctxs, XA_FLAGS_LOCK_IRQ);
	INIT_LIST_HEAD(&q->pending);
	ndev->netdev_ops = &qnic_netdev_ops;
	pci_set_drvdata(pdev, q);
	err = devm_request_threaded_irq(&pdev->dev, pdev->irq, qnic_irq, qnic_ts_thread,
					IRQF_SHARED, "qnic", q);
	if (err)
		return err;
	dev_info(&pdev->dev, "window reg %x\n", qnic_read_far(q, 0x12000));
	return devm_register_netdev(&pdev->dev, ndev);
}

static void qnic_remove(struct pci_dev *pdev)
{
	struct qnic *q = pci_get_drvdata(pdev);

	qnic_free_pending(q);
}

static const struct pci_device_id qnic_ids[] = {
	{ PCI_DEVICE(0x1d0f, 0x7a01) },
	{ }
};
MODULE_DEVICE_TABLE(pci, qnic_ids);

static struct pci_driver qnic_driver = {
	.name		= "qnic",
	.id_table	= qnic_ids,
	.probe		= qnic_probe,
	.remove		= qnic_remove,
};
module_pci_driver(qnic_driver);
MODULE_LICENSE("GPL");
