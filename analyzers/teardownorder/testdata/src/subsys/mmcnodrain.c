/*
 * The same command timeout timer in a host whose remove never ends its
 * requests (no mmc_remove_host()): the interrupt thread can arm it for
 * the next command after it is stopped.
 */
#include <linux/platform_device.h>
#include <linux/interrupt.h>
#include <linux/timer.h>

struct nd { struct timer_list cmd_timer; void __iomem *regs; int busy; };

static void nd_cmd_timer(struct timer_list *t) { }

static void nd_start_cmd(struct nd *n)
{
	writel(1, n->regs);
	mod_timer(&n->cmd_timer, jiffies + 100);
}

static irqreturn_t nd_irq(int irq, void *data) { return IRQ_WAKE_THREAD; }

static irqreturn_t nd_irq_thread(int irq, void *data)
{
	struct nd *n = data;

	del_timer_sync(&n->cmd_timer);
	if (n->busy)
		nd_start_cmd(n);
	return IRQ_HANDLED;
}

static int nd_probe(struct platform_device *pdev)
{
	struct nd *n = devm_kzalloc(&pdev->dev, sizeof(*n), GFP_KERNEL);

	timer_setup(&n->cmd_timer, nd_cmd_timer, 0);
	platform_set_drvdata(pdev, n);
	return devm_request_threaded_irq(&pdev->dev, platform_get_irq(pdev, 0), nd_irq, nd_irq_thread, IRQF_ONESHOT, "nd", n);
}

static void nd_remove(struct platform_device *pdev)
{
	struct nd *n = platform_get_drvdata(pdev);

	del_timer_sync(&n->cmd_timer); /* want "timer n->cmd_timer is stopped at line 45 in nd_remove\\(\\), but IRQ handler nd_irq_thread, which schedules it, is requested with devm_request_threaded_irq\\(\\)" */
}

static struct platform_driver nd_driver = {
	.probe = nd_probe,
	.remove = nd_remove,
	.driver = { .name = "nd" },
};
module_platform_driver(nd_driver);
