/* SPDX-License-Identifier: GPL-2.0 */
#ifndef SH_H
#define SH_H
#include <linux/workqueue.h>
#include <linux/timer.h>
#include <linux/interrupt.h>

struct sensehub {
	struct device *dev;
	void __iomem *regs;
	int irq;
	bool has_events;
	struct workqueue_struct *wq;	/* made by sh_make_wq(), freed by devres */
	struct workqueue_struct *evq;	/* only with events */
	struct work_struct sample_work;	/* on sh->wq */
	struct work_struct cal_work;	/* on the system workqueue */
	struct work_struct alert_work;	/* on the system workqueue */
	struct timer_list led_timer;
};

int sh_request_irq(struct sensehub *sh);
#endif
