#include <linux/netdevice.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

/* ndo_start_xmit also runs in the NET_TX softirq (net_tx_action()). */

struct qux { spinlock_t tslock; spinlock_t cfg; struct work_struct work; int pending; int mode; };

static netdev_tx_t qux_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct qux *q = netdev_priv(dev);
	unsigned long flags;

	spin_lock_irqsave(&q->tslock, flags);
	q->pending++;
	spin_unlock_irqrestore(&q->tslock, flags);
	return NETDEV_TX_OK;
}

static void qux_work(struct work_struct *w)
{
	struct qux *q = container_of(w, struct qux, work);

	/* Wrong: the softirq's transmit may interrupt it on this CPU. */
	spin_lock(&q->tslock); /* want "spin_lock\\(\\) takes q->tslock with bottom halves enabled in work function qux_work\\(\\), but qux_xmit\\(\\) takes it in softirq context" */
	q->pending--;
	spin_unlock(&q->tslock);

	/* Right: bottom halves off. */
	spin_lock_bh(&q->tslock);
	q->pending = 0;
	spin_unlock_bh(&q->tslock);

	/* Right: a lock the transmit path does not take. */
	spin_lock(&q->cfg);
	q->mode = 1;
	spin_unlock(&q->cfg);
}

static const struct net_device_ops qux_ops = { .ndo_start_xmit = qux_xmit };

static int qux_probe(struct platform_device *pdev)
{
	struct qux *q = devm_kzalloc(&pdev->dev, sizeof(*q), GFP_KERNEL);

	INIT_WORK(&q->work, qux_work);
	return 0;
}

static struct platform_driver qux_driver = { .probe = qux_probe };
