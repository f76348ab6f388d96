/*
 * The probe hands the device to the core's devm_ function, whose devres
 * action (in the core's sources, not read) may cancel the poll work: not
 * reported.
 */
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/interrupt.h>
#include <linux/workqueue.h>
#include "fcore.h"

struct fdev { struct delayed_work poll; int irq; };

static void fa_poll(struct work_struct *w) { }

static irqreturn_t fa_irq(int irq, void *data)
{
	struct fdev *fd = data;

	mod_delayed_work(system_wq, &fd->poll, 0);
	return IRQ_HANDLED;
}

static int fa_probe(struct platform_device *pdev)
{
	struct fdev *fd = devm_kzalloc(&pdev->dev, sizeof(*fd), GFP_KERNEL);
	int ret;

	INIT_DELAYED_WORK(&fd->poll, fa_poll);
	ret = devm_request_irq(&pdev->dev, fd->irq, fa_irq, 0, "fa", fd);
	if (ret)
		return ret;
	return devm_fcore_setup_notifier(&pdev->dev, fd);
}

static struct platform_driver fa_driver = {
	.probe = fa_probe,
	.driver = { .name = "fa" },
};
module_platform_driver(fa_driver);
