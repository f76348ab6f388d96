// SPDX-License-Identifier: GPL-2.0
/*
 * qnet - a small 10G NIC. NAPI receive, a watchdog timer that resets a
 * hung MAC, an ioctl that dumps statistics.
 */
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/etherdevice.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include "qnet.h"

static struct sk_buff *qnet_alloc_rx(struct qnet_priv *qp, gfp_t gfp)
{
	return __netdev_alloc_skb(qp->ndev, 2048, gfp);
}

static int qnet_poll(struct napi_struct *napi, int budget)
{
	struct qnet_priv *qp = container_of(napi, struct qnet_priv, napi);
	int done = 0;

	while (done < budget) {
		qp->rx_ring[qp->rx_head] = qnet_alloc_rx(qp, GFP_ATOMIC);
		if (!qp->rx_ring[qp->rx_head])
			break;
		qp->rx_head = (qp->rx_head + 1) % QNET_RING_SIZE;
		done++;
	}
	if (done < budget)
		napi_complete_done(napi, done);
	return done;
}

static void qnet_watchdog(struct timer_list *t)
{
	struct qnet_priv *qp = from_timer(qp, t, watchdog);

	qnet_link_event(qp, QNET_LINK_POLL, false);
	if (readl(qp->regs + 0x40) & 1)
		qp->mac_ops->reset(qp);
	mod_timer(&qp->watchdog, jiffies + HZ);
}

static netdev_tx_t qnet_xmit(struct sk_buff *skb, struct net_device *ndev)
{
	struct qnet_priv *qp = netdev_priv(ndev);
	struct sk_buff *copy;

	copy = skb_copy(skb, GFP_KERNEL); /* want "skb_copy\\(\\) with GFP_KERNEL may sleep in direct reclaim.*ndo_start_xmit callback qnet_xmit\\(\\) \\(BH disabled, TX queue lock held\\).*KD103" */
	if (!copy)
		return NETDEV_TX_BUSY;
	dev_kfree_skb_any(skb);
	writel(copy->len, qp->regs + 0x50);
	return NETDEV_TX_OK;
}

static void qnet_set_rx_mode(struct net_device *ndev)
{
	struct qnet_priv *qp = netdev_priv(ndev);

	qnet_cmd(qp, 0x7, QNET_CMD_ASYNC);
	qnet_cmd(qp, 0x8, QNET_CMD_RESP);
}

static void qnet_get_stats64(struct net_device *ndev, struct rtnl_link_stats64 *s)
{
	struct qnet_priv *qp = netdev_priv(ndev);

	qnet_cmd(qp, 0x9, QNET_CMD_ASYNC | QNET_CMD_RESP);
	s->rx_packets = readl(qp->regs + 0x60);
}

static int qnet_siocdevprivate(struct net_device *ndev, struct ifreq *ifr, void __user *data, int cmd)
{
	struct qnet_priv *qp = netdev_priv(ndev);
	int ret = 0;

	spin_lock_irq(&qp->lock);
	if (copy_to_user(data, qp->stats_buf, 64)) /* want "copy_to_user\\(\\) accesses user memory.*while spin_lock_irq\\(&qp->lock\\) is held.*KD104" */
		ret = -EFAULT;
	spin_unlock_irq(&qp->lock);
	return ret;
}

static const struct net_device_ops qnet_netdev_ops = {
	.ndo_start_xmit = qnet_xmit,
	.ndo_set_rx_mode = qnet_set_rx_mode,
	.ndo_get_stats64 = qnet_get_stats64,
	.ndo_siocdevprivate = qnet_siocdevprivate,
};

static void qnet_reset_work(struct work_struct *w)
{
	struct qnet_priv *qp = container_of(w, struct qnet_priv, reset_work);

	qnet_link_event(qp, QNET_LINK_POLL, true);	/* process context */
	qnet_cmd(qp, 0x1, 0);
}

static void qnet_free_stats(struct qnet_priv *qp)
{
	spin_lock(&qp->lock);
	vfree(qp->stats_buf); /* want "vfree\\(\\) may sleep.*while spin_lock\\(&qp->lock\\) is held.*KD101" */
	qp->stats_buf = NULL;
	spin_unlock(&qp->lock);
}

static int qnet_refill_locked(struct qnet_priv *qp)
{
	unsigned long flags;
	int i;

	spin_lock_irqsave(&qp->lock, flags);
	for (i = 0; i < QNET_RING_SIZE; i++)
		qp->rx_ring[i] = qnet_alloc_rx(qp, GFP_KERNEL); /* want "GFP_KERNEL passed by qnet_refill_locked\\(\\) to qnet_alloc_rx\\(\\) lets __netdev_alloc_skb\\(\\) sleep.*KD103" */
	spin_unlock_irqrestore(&qp->lock, flags);
	return 0;
}

static int qnet_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct net_device *ndev;
	struct qnet_priv *qp;

	ndev = alloc_etherdev(sizeof(*qp));
	if (!ndev)
		return -ENOMEM;
	qp = netdev_priv(ndev);
	qp->ndev = ndev;
	spin_lock_init(&qp->lock);
	spin_lock_init(&qp->phy_lock);
	qp->mac_ops = pdev->revision ? &qnet_mac_ops_b1 : &qnet_mac_ops_a0;
	qp->stats_buf = vzalloc(4096);
	INIT_WORK(&qp->reset_work, qnet_reset_work);
	netif_napi_add(ndev, &qp->napi, qnet_poll);
	timer_setup(&qp->watchdog, qnet_watchdog, 0);
	ndev->netdev_ops = &qnet_netdev_ops;
	qnet_link_event(qp, QNET_LINK_UP, true);
	qnet_phy_setup(qp);
	qnet_refill_locked(qp);
	mod_timer(&qp->watchdog, jiffies + HZ);
	return register_netdev(ndev);
}

static void qnet_remove(struct pci_dev *pdev)
{
	struct qnet_priv *qp = pci_get_drvdata(pdev);

	timer_delete_sync(&qp->watchdog);
	cancel_work_sync(&qp->reset_work);
	unregister_netdev(qp->ndev);
	qnet_free_stats(qp);
	free_netdev(qp->ndev);
}

static struct pci_driver qnet_driver = {
	.name = "qnet",
	.probe = qnet_probe,
	.remove = qnet_remove,
};
module_pci_driver(qnet_driver);
MODULE_LICENSE("GPL");
