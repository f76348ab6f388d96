// SPDX-License-Identifier: GPL-2.0
/*
 * xmbox - interrupt side: the hard IRQ handler pulls messages out of the
 * RX FIFO, the tasklet hands them on.
 */

#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/device.h>
#include <linux/jiffies.h>

#include "xmbox.h"

static void xmbox_rx_tasklet(struct tasklet_struct *t)
{
	struct xmbox *xm = from_tasklet(xm, t, rx_tasklet);
	unsigned int n = 0;
	bool pong = false;
	unsigned long flags;
	u32 msg;

	spin_lock_irqsave(&xm->rx_lock, flags);
	while (xm->rx_tail != xm->rx_head) {
		msg = xm->rx_ring[xm->rx_tail];
		xm->rx_tail = (xm->rx_tail + 1) % XMB_RX_RING;
		if (msg == XMB_MSG_PONG)
			pong = true;
		else
			xm->last_msg = msg;
		n++;
	}
	spin_unlock_irqrestore(&xm->rx_lock, flags);

	if (pong)
		complete(&xm->pong);

	if (n) {
		xmbox_account_rx(xm, n);
		queue_work(xm->evt_wq, &xm->evt_work);
	}
}

static irqreturn_t xmbox_irq(int irq, void *data)
{
	struct xmbox *xm = data;
	unsigned int count, next;
	u32 stat;

	stat = readl(xm->base + XMB_IRQ_STAT);
	if (!stat)
		return IRQ_NONE;
	writel(stat, xm->base + XMB_IRQ_STAT);

	if (stat & XMB_IRQ_ERR) {
		/* coprocessor firmware fell over, bring it back */
		dev_err_ratelimited(xm->dev, "coprocessor error, resetting\n");
		xmbox_hw_reset(xm);
		return IRQ_HANDLED;
	}

	if (stat & XMB_IRQ_RX) {
		spin_lock(&xm->rx_lock);
		count = readl(xm->base + XMB_RX_COUNT);
		while (count--) {
			u32 msg = readl(xm->base + XMB_RX_DATA);

			next = (xm->rx_head + 1) % XMB_RX_RING;
			if (next == xm->rx_tail)
				continue;	/* ring full, drop it */
			xm->rx_ring[xm->rx_head] = msg;
			xm->rx_head = next;
		}
		spin_unlock(&xm->rx_lock);

		tasklet_schedule(&xm->rx_tasklet);
	}

	return IRQ_HANDLED;
}

int xmbox_irq_init(struct xmbox *xm)
{
	tasklet_setup(&xm->rx_tasklet, xmbox_rx_tasklet); /* want "rx_tasklet.*KD302" */

	return request_irq(xm->irq, xmbox_irq, 0, dev_name(xm->dev), xm);
}

void xmbox_irq_exit(struct xmbox *xm)
{
	writel(0, xm->base + XMB_IRQ_EN);
	free_irq(xm->irq, xm);

	/* the IRQ is gone, nothing queues events any more */
	destroy_workqueue(xm->evt_wq);
}
