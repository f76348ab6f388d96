/* SPDX-License-Identifier: GPL-2.0 */
#ifndef QNET_H
#define QNET_H

#include <linux/netdevice.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <linux/workqueue.h>

#define QNET_CMD_ASYNC		BIT(0)
#define QNET_CMD_RESP		BIT(1)
#define QNET_RING_SIZE		256

enum qnet_link_event {
	QNET_LINK_POLL,
	QNET_LINK_DOWN,
	QNET_LINK_UP,
};

struct qnet_priv;

struct qnet_mac_ops {
	int (*reset)(struct qnet_priv *qp);
	int (*set_speed)(struct qnet_priv *qp, int speed);
};

struct qnet_priv {
	struct net_device *ndev;
	void __iomem *regs;
	spinlock_t lock;		/* registers and ring */
	spinlock_t phy_lock;
	struct napi_struct napi;
	struct timer_list watchdog;
	struct work_struct reset_work;
	const struct qnet_mac_ops *mac_ops;
	struct sk_buff *rx_ring[QNET_RING_SIZE];
	void *stats_buf;
	unsigned int rx_head;
	int in_recovery;
	int speed;
};

int qnet_cmd(struct qnet_priv *qp, u32 op, unsigned int flags);
void qnet_link_event(struct qnet_priv *qp, enum qnet_link_event ev, bool can_sleep);
int qnet_phy_setup(struct qnet_priv *qp);
extern const struct qnet_mac_ops qnet_mac_ops_a0, qnet_mac_ops_b1;

#endif
