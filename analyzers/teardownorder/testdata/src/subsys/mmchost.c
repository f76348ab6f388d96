/*
 * An MMC host whose interrupt stops the command timeout timer when a
 * command completes and whose thread arms it for the next one: once
 * mmc_remove_host() has returned no request is in flight, so stopping
 * that timer before it is not a race with the interrupt. A card-detect
 * debounce timer the same thread arms, and never stops itself, is armed
 * again by a card-detect interrupt between its stop and the devres free,
 * although the thread restarts it (stops, then arms): it is armed nowhere
 * else, so it is no request's timer.
 */
#include <linux/platform_device.h>
#include <linux/interrupt.h>
#include <linux/timer.h>
#include <linux/mmc/host.h>

struct mh { struct mmc_host *mmc; struct timer_list cmd_timeout, debounce; void __iomem *regs; int busy; };

static void mh_cmd_timeout(struct timer_list *t) { }
static void mh_debounce(struct timer_list *t) { }

static void mh_start_cmd(struct mh *h)
{
	writel(1, h->regs);
	mod_timer(&h->cmd_timeout, jiffies + 100);
}

static void mh_request(struct mmc_host *mmc, struct mmc_request *mrq)
{
	mh_start_cmd(mmc_priv(mmc));
}

static const struct mmc_host_ops mh_ops = { .request = mh_request };

static irqreturn_t mh_irq(int irq, void *data)
{
	struct mh *h = data;

	if (readl(h->regs) & 4)
		del_timer(&h->cmd_timeout);
	return IRQ_WAKE_THREAD;
}

static irqreturn_t mh_irq_thread(int irq, void *data)
{
	struct mh *h = data;

	if (readl(h->regs) & 2) {
		del_timer(&h->debounce);
		mod_timer(&h->debounce, jiffies + 10);
		return IRQ_HANDLED;
	}
	if (h->busy)
		mh_start_cmd(h);
	return IRQ_HANDLED;
}

static int mh_probe(struct platform_device *pdev)
{
	struct mmc_host *mmc = mmc_alloc_host(sizeof(struct mh), &pdev->dev);
	struct mh *h = mmc_priv(mmc);
	int err;

	h->mmc = mmc;
	mmc->ops = &mh_ops;
	timer_setup(&h->cmd_timeout, mh_cmd_timeout, 0);
	timer_setup(&h->debounce, mh_debounce, 0);
	platform_set_drvdata(pdev, h);
	err = devm_request_threaded_irq(&pdev->dev, platform_get_irq(pdev, 0), mh_irq, mh_irq_thread, IRQF_ONESHOT, "mh", h);
	if (err)
		return err;
	return mmc_add_host(mmc);
}

static void mh_remove(struct platform_device *pdev)
{
	struct mh *h = platform_get_drvdata(pdev);

	del_timer_sync(&h->cmd_timeout); /* every request ends in mmc_remove_host(), and its completion stops the timer */
	del_timer_sync(&h->debounce); /* want "timer h->debounce is stopped at line 79 in mh_remove\\(\\), but IRQ handler mh_irq_thread, which schedules it, is requested with devm_request_threaded_irq\\(\\)" */
	mmc_remove_host(h->mmc);
	mmc_free_host(h->mmc);
}

static struct platform_driver mh_driver = {
	.probe = mh_probe,
	.remove = mh_remove,
	.driver = { .name = "mh" },
};
module_platform_driver(mh_driver);
