// SPDX-License-Identifier: GPL-2.0
/*
 * sensehub: a devres-managed 6.x platform driver built from two files;
 * the governor in the same directory is a module of its own.
 */
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/io.h>
#include "sh.h"

static void sh_sample(struct work_struct *w) { }
static void sh_cal(struct work_struct *w) { }
static void sh_alert(struct work_struct *w) { }

static void sh_led(struct timer_list *t)
{
	struct sensehub *sh = from_timer(sh, t, led_timer);

	writel(1, sh->regs + 0x20);
	mod_timer(&sh->led_timer, jiffies + HZ / 2);
}

/* A factory: callers keep the queue. */
static struct workqueue_struct *sh_make_wq(struct device *dev)
{
	struct workqueue_struct *wq;

	wq = alloc_ordered_workqueue("%s", WQ_MEM_RECLAIM, dev_name(dev));
	return wq;
}

static void sh_destroy_wq(void *data)
{
	struct sensehub *sh = data;

	destroy_workqueue(sh->wq);
}

static int sh_probe(struct platform_device *pdev)
{
	struct sensehub *sh;
	int ret;

	sh = devm_kzalloc(&pdev->dev, sizeof(*sh), GFP_KERNEL);
	if (!sh)
		return -ENOMEM;
	sh->dev = &pdev->dev;
	sh->regs = devm_platform_ioremap_resource(pdev, 0);
	if (IS_ERR(sh->regs))
		return PTR_ERR(sh->regs);
	sh->has_events = device_property_read_bool(&pdev->dev, "events");

	sh->wq = sh_make_wq(&pdev->dev);
	if (!sh->wq)
		return -ENOMEM;
	ret = devm_add_action_or_reset(&pdev->dev, sh_destroy_wq, sh);
	if (ret)
		return ret;

	if (sh->has_events) {
		sh->evq = alloc_workqueue("sh-ev", 0, 0);
		if (!sh->evq)
			return -ENOMEM;
	}

	INIT_WORK(&sh->sample_work, sh_sample);
	INIT_WORK(&sh->cal_work, sh_cal); /* want "cal_work is queued on the system workqueue \\(schedule_work\\(\\) at sh-irq.c:[0-9]+\\) but never cancelled.*exit or remove path \\(sh_remove\\(\\)\\).*KD304" */
	INIT_WORK(&sh->alert_work, sh_alert);
	timer_setup(&sh->led_timer, sh_led, 0);
	mod_timer(&sh->led_timer, jiffies + HZ);
	platform_set_drvdata(pdev, sh);

	ret = sh_request_irq(sh);
	if (ret)
		goto err_evq;
	return 0;

err_evq:
	if (sh->has_events)
		destroy_workqueue(sh->evq);
	return ret;
}

static void sh_remove(struct platform_device *pdev)
{
	struct sensehub *sh = platform_get_drvdata(pdev);
	struct workqueue_struct *wq;

	cancel_work_sync(&sh->alert_work); /* want "alert_work is cancelled at line [0-9]+ in sh_remove\\(\\), but IRQ handler sh_irq.*devm_request_threaded_irq\\(\\) \\(sh-irq.c:[0-9]+\\).*KD305" */
	del_timer(&sh->led_timer); /* want "led_timer is stopped with del_timer\\(\\) in sh_remove\\(\\).*use del_timer_sync.*KD303" */
	wq = sh->evq;
	sh->evq = NULL;
	if (sh->has_events)
		destroy_workqueue(wq);
}

static const struct of_device_id sh_of_match[] = {
	{ .compatible = "acme,sensehub" },
	{ }
};
MODULE_DEVICE_TABLE(of, sh_of_match);

static struct platform_driver sh_driver = {
	.probe = sh_probe,
	.remove = sh_remove,
	.driver = {
		.name = "sensehub",
		.of_match_table = sh_of_match,
	},
};
module_platform_driver(sh_driver);
MODULE_LICENSE("GPL");
