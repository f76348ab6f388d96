// SPDX-License-Identifier: GPL-2.0
/* qnet: hardware helpers - commands, PHY and the MAC variants. */
#include <linux/delay.h>
#include <linux/io.h>
#include "qnet.h"

/* Waits for the firmware unless the caller asked for an async command. */
int qnet_cmd(struct qnet_priv *qp, u32 op, unsigned int flags)
{
	writel(op, qp->regs + 0x10);
	if (flags & QNET_CMD_ASYNC)
		return 0;
	might_sleep(); /* want "might_sleep\\(\\) annotates this code as sleeping.*qnet_cmd\\(\\), reached from ndo_set_rx_mode callback qnet_set_rx_mode\\(\\) \\(BH disabled, address list lock held\\).*KD101" */
	return readl_poll_timeout(qp->regs + 0x14, op, op & 1, 100, 10000);
}

void qnet_link_event(struct qnet_priv *qp, enum qnet_link_event ev, bool can_sleep)
{
	if (ev == QNET_LINK_POLL && !can_sleep) {
		schedule_work(&qp->reset_work);
		return;
	}
	msleep(20);			/* only from the work item and probe */
	qp->speed = readl(qp->regs + 0x20);
}

/* Drops the caller's PHY lock while the PHY settles. */
static void qnet_phy_settle(struct qnet_priv *qp)
{
	spin_unlock_bh(&qp->phy_lock);
	msleep(10);
	spin_lock_bh(&qp->phy_lock);
}

static void qnet_phy_autoneg(struct qnet_priv *qp)
	__releases(&qp->phy_lock)
	__acquires(&qp->phy_lock)
{
	writel(1, qp->regs + 0x30);
	qnet_phy_settle(qp);
}

int qnet_phy_setup(struct qnet_priv *qp)
{
	spin_lock_bh(&qp->phy_lock);
	qnet_phy_autoneg(qp);
	spin_unlock_bh(&qp->phy_lock);
	return 0;
}

static int qnet_a0_reset(struct qnet_priv *qp)
{
	writel(1, qp->regs);
	mdelay(1);
	return 0;
}

static int qnet_b1_reset(struct qnet_priv *qp)
{
	writel(1, qp->regs);
	usleep_range(500, 1000); /* want "usleep_range\\(\\) may sleep.*qnet_b1_reset\\(\\), reached from timer callback qnet_watchdog\\(\\).*KD101" */
	return 0;
}

const struct qnet_mac_ops qnet_mac_ops_a0 = { .reset = qnet_a0_reset };
const struct qnet_mac_ops qnet_mac_ops_b1 = { .reset = qnet_b1_reset };
