/*
 * The probe hands the device to a plain function of the core and to
 * managed interfaces of the kernel itself (declared in <linux/...>, which
 * the model knows): the poll work is not cancelled anywhere, reported.
 */
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/interrupt.h>
#include <linux/workqueue.h>
#include "fcore.h"

struct fdev { struct delayed_work poll; int irq; };

static void fb_poll(struct work_struct *w) { }

static irqreturn_t fb_irq(int irq, void *data)
{
	struct fdev *fd = data;

	mod_delayed_work(system_wq, &fd->poll, 0);
	return IRQ_HANDLED;
}

static int fb_probe(struct platform_device *pdev)
{
	struct fdev *fd = devm_kzalloc(&pdev->dev, sizeof(*fd), GFP_KERNEL);
	int ret;

	INIT_DELAYED_WORK(&fd->poll, fb_poll); /* want "work item fd->poll is queued on the system workqueue \\(mod_delayed_work\\(\\) at line 20\\) but never cancelled" */
	ret = devm_request_irq(&pdev->dev, fd->irq, fb_irq, 0, "fb", fd);
	if (ret)
		return ret;
	return fcore_register(fd);
}

static struct platform_driver fb_driver = {
	.probe = fb_probe,
	.driver = { .name = "fb" },
};
module_platform_driver(fb_driver);
