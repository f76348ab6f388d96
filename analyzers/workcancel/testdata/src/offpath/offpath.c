/*
 * A decoder whose work items are cancelled only where the device does
 * not go away: on probe's own error path (spi-mpc52xx) and in system
 * suspend (r592). Each can still run after remove, so each is reported.
 * A cancel in a runtime-PM suspend callback still counts: remove may
 * suspend the device through runtime PM and run it. So does one in the
 * interrupt handler (not reported, though remove does not cancel the
 * watchdog: the upstream rkvdec bug), as a stop made when the awaited
 * event comes is how many drivers end a per-request timeout. The
 * delayed work retry is cancelled in remove through its work_struct,
 * cancel_work_sync(&d->retry.work), which cancels it whole.
 */
#include <linux/platform_device.h>
#include <linux/interrupt.h>
#include <linux/pm_runtime.h>
#include <linux/workqueue.h>

struct dec {
	void __iomem *regs;
	struct delayed_work watchdog;
	struct work_struct event;
	struct work_struct poll;
	struct work_struct idle;
	struct delayed_work retry;
};

static void dec_retry(struct work_struct *work)
{
	struct dec *d = container_of(to_delayed_work(work), struct dec, retry);

	writel(5, d->regs);
}

static void dec_watchdog(struct work_struct *work)
{
	struct dec *d = container_of(to_delayed_work(work), struct dec, watchdog);

	writel(1, d->regs);
}

static void dec_event(struct work_struct *work)
{
	struct dec *d = container_of(work, struct dec, event);

	writel(2, d->regs);
}

static void dec_poll(struct work_struct *work)
{
	struct dec *d = container_of(work, struct dec, poll);

	writel(3, d->regs);
}

static void dec_idle(struct work_struct *work)
{
	struct dec *d = container_of(work, struct dec, idle);

	writel(4, d->regs);
}

static irqreturn_t dec_irq(int irq, void *priv)
{
	struct dec *d = priv;

	if (cancel_delayed_work(&d->watchdog))
		writel(0, d->regs);
	schedule_work(&d->event);
	schedule_work(&d->poll);
	schedule_work(&d->idle);
	schedule_delayed_work(&d->retry, HZ / 10);
	return IRQ_HANDLED;
}

static int dec_run(struct dec *d)
{
	schedule_delayed_work(&d->watchdog, HZ);
	return 0;
}

static int dec_suspend(struct device *dev)
{
	struct dec *d = dev_get_drvdata(dev);

	cancel_work_sync(&d->poll);
	cancel_delayed_work_sync(&d->retry);
	return 0;
}

static int dec_resume(struct device *dev)
{
	return 0;
}

static int dec_runtime_suspend(struct device *dev)
{
	struct dec *d = dev_get_drvdata(dev);

	cancel_work_sync(&d->idle);
	return 0;
}

static const struct dev_pm_ops dec_pm_ops = {
	SET_SYSTEM_SLEEP_PM_OPS(dec_suspend, dec_resume)
	SET_RUNTIME_PM_OPS(dec_runtime_suspend, NULL, NULL)
};

static SIMPLE_DEV_PM_OPS(dec_legacy_pm_ops, dec_suspend, dec_resume);

static int dec_probe(struct platform_device *pdev)
{
	struct dec *d = devm_kzalloc(&pdev->dev, sizeof(*d), GFP_KERNEL);
	int ret;

	if (!d)
		return -ENOMEM;
	d->regs = devm_platform_ioremap_resource(pdev, 0);
	if (IS_ERR(d->regs))
		return PTR_ERR(d->regs);
	INIT_DELAYED_WORK(&d->watchdog, dec_watchdog);
	INIT_WORK(&d->event, dec_event); /* want "work item d->event is queued on the system workqueue .* but never cancelled" */
	INIT_WORK(&d->poll, dec_poll); /* want "work item d->poll is queued on the system workqueue .* but never cancelled" */
	INIT_WORK(&d->idle, dec_idle);
	INIT_DELAYED_WORK(&d->retry, dec_retry);
	platform_set_drvdata(pdev, d);
	ret = devm_request_irq(&pdev->dev, platform_get_irq(pdev, 0), dec_irq, 0, "dec", d);
	if (ret) {
		cancel_work_sync(&d->event);
		return ret;
	}
	pm_runtime_enable(&pdev->dev);
	return dec_run(d);
}

static void dec_remove(struct platform_device *pdev)
{
	struct dec *d = platform_get_drvdata(pdev);

	pm_runtime_disable(&pdev->dev);
	cancel_work_sync(&d->retry.work);
}

static struct platform_driver dec_driver = {
	.probe = dec_probe,
	.remove = dec_remove,
	.driver = {
		.name = "dec",
		.pm = &dec_pm_ops,
	},
};
module_platform_driver(dec_driver);
