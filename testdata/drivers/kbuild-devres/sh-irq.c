// SPDX-License-Identifier: GPL-2.0
/* sensehub interrupt: queues its work items. */
#include <linux/interrupt.h>
#include <linux/io.h>
#include "sh.h"

static irqreturn_t sh_irq(int irq, void *data)
{
	struct sensehub *sh = data;
	u32 status = readl(sh->regs);

	if (status & 1)
		queue_work(sh->wq, &sh->sample_work);
	if (status & 2)
		schedule_work(&sh->cal_work);
	if (status & 4)
		schedule_work(&sh->alert_work);
	return IRQ_HANDLED;
}

int sh_request_irq(struct sensehub *sh)
{
	return devm_request_threaded_irq(sh->dev, sh->irq, NULL, sh_irq, IRQF_ONESHOT, "sensehub", sh);
}
