/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xmbox - mailbox to the sensor coprocessor on the XR-5 SoC.
 * Shared between xmbox-core.c (probe/remove, reset, sysfs) and
 * xmbox-irq.c (interrupt handler and RX tasklet).
 */
#ifndef _XMBOX_H
#define _XMBOX_H

#include <linux/types.h>
#include <linux/bits.h>
#include <linux/interrupt.h>
#include <linux/workqueue.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/completion.h>

#define XMB_CTRL		0x00
#define XMB_STATUS		0x04
#define XMB_IRQ_EN		0x08
#define XMB_IRQ_STAT		0x0c
#define XMB_TX_DATA		0x10
#define XMB_TX_CMD		0x14
#define XMB_RX_DATA		0x18
#define XMB_RX_COUNT		0x1c

#define XMB_CTRL_RESET		BIT(0)
#define XMB_ST_READY		BIT(0)
#define XMB_IRQ_RX		BIT(0)
#define XMB_IRQ_ERR		BIT(1)

#define XMB_CMD_PING		0x01
#define XMB_MSG_PONG		0x81

#define XMB_RX_RING		64

struct xmbox_stats {
	u64 rx_msgs;
	u64 tx_msgs;
	unsigned long last_rx;		/* jiffies */
};

struct xmbox {
	struct device *dev;
	void __iomem *base;
	int irq;

	struct tasklet_struct rx_tasklet;
	struct workqueue_struct *evt_wq;
	struct work_struct evt_work;

	spinlock_t rx_lock;		/* rx_ring, rx_head, rx_tail, last_msg */
	u32 rx_ring[XMB_RX_RING];
	unsigned int rx_head, rx_tail;
	u32 last_msg;

	spinlock_t tx_lock;		/* TX_DATA/TX_CMD register pair */
	struct completion pong;

	struct mutex stats_lock;	/* stats */
	struct xmbox_stats stats;
};

/* xmbox-core.c */
int xmbox_hw_reset(struct xmbox *xm);
void xmbox_account_rx(struct xmbox *xm, unsigned int n);

/* xmbox-irq.c */
int xmbox_irq_init(struct xmbox *xm);
void xmbox_irq_exit(struct xmbox *xm);

#endif /* _XMBOX_H */
