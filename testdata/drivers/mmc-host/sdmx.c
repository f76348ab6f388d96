// SPDX-License-Identifier: GPL-2.0
/*
 * sdmx - SD/MMC host controller of the (imaginary) MX-200 SoC family.
 *
 * One command at a time: the hard interrupt handler acknowledges the
 * controller and stops the command timeout timer, the thread finishes the
 * command and starts the next one of the request (which arms the timer
 * again). Card detect is a GPIO line, debounced with a timer.
 */
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/interrupt.h>
#include <linux/timer.h>
#include <linux/workqueue.h>
#include <linux/gpio/consumer.h>
#include <linux/mmc/host.h>
#include <linux/io.h>

#define SDMX_STATUS	0x00
#define SDMX_CMD	0x04
#define SDMX_ARG	0x08
#define SDMX_IRQ_MASK	0x0c
#define SDMX_ST_DONE	BIT(0)

struct sdmx_host {
	struct mmc_host *mmc;
	void __iomem *base;
	struct mmc_request *mrq;
	struct mmc_command *cmd;
	struct timer_list cmd_timer;
	struct timer_list cd_timer;
	struct delayed_work tune_work;
	struct gpio_desc *cd_gpio;
	int tune_tries;
	spinlock_t lock;
};

static void sdmx_start_cmd(struct sdmx_host *h, struct mmc_command *cmd)
{
	h->cmd = cmd;
	writel(cmd->arg, h->base + SDMX_ARG);
	writel(cmd->opcode, h->base + SDMX_CMD);
	mod_timer(&h->cmd_timer, jiffies + msecs_to_jiffies(500));
}

static void sdmx_request(struct mmc_host *mmc, struct mmc_request *mrq)
{
	struct sdmx_host *h = mmc_priv(mmc);
	unsigned long flags;

	spin_lock_irqsave(&h->lock, flags);
	h->mrq = mrq;
	sdmx_start_cmd(h, mrq->sbc ? mrq->sbc : mrq->cmd);
	spin_unlock_irqrestore(&h->lock, flags);
}

static void sdmx_cmd_timeout(struct timer_list *t)
{
	struct sdmx_host *h = from_timer(h, t, cmd_timer);
	struct mmc_request *mrq;
	unsigned long flags;

	spin_lock_irqsave(&h->lock, flags);
	mrq = h->mrq;
	h->mrq = NULL;
	if (mrq)
		mrq->cmd->error = -ETIMEDOUT;
	spin_unlock_irqrestore(&h->lock, flags);
	if (mrq)
		mmc_request_done(h->mmc, mrq);
}

static irqreturn_t sdmx_irq(int irq, void *dev_id)
{
	struct sdmx_host *h = dev_id;
	u32 st = readl(h->base + SDMX_STATUS);

	if (!(st & SDMX_ST_DONE))
		return IRQ_NONE;
	writel(st, h->base + SDMX_STATUS);
	del_timer(&h->cmd_timer);
	return IRQ_WAKE_THREAD;
}

static irqreturn_t sdmx_irq_thread(int irq, void *dev_id)
{
	struct sdmx_host *h = dev_id;
	struct mmc_request *mrq = h->mrq;

	if (!mrq)
		return IRQ_HANDLED;
	if (h->cmd == mrq->sbc) {
		sdmx_start_cmd(h, mrq->cmd);
		return IRQ_HANDLED;
	}
	h->mrq = NULL;
	mmc_request_done(h->mmc, mrq);
	return IRQ_HANDLED;
}

static void sdmx_cd_debounce(struct timer_list *t)
{
	struct sdmx_host *h = from_timer(h, t, cd_timer);

	mmc_detect_change(h->mmc, 0);
}

static irqreturn_t sdmx_cd_irq(int irq, void *dev_id)
{
	struct sdmx_host *h = dev_id;

	mod_timer(&h->cd_timer, jiffies + msecs_to_jiffies(200));
	return IRQ_HANDLED;
}

static int sdmx_try_tune(struct sdmx_host *h)
{
	return readl(h->base + SDMX_STATUS) & 2 ? -EAGAIN : 0;
}

static void sdmx_tune(struct work_struct *work)
{
	struct sdmx_host *h = container_of(to_delayed_work(work), struct sdmx_host, tune_work);

	if (sdmx_try_tune(h) == -EAGAIN && ++h->tune_tries < 5)
		schedule_delayed_work(&h->tune_work, HZ / 10);
}

static const struct mmc_host_ops sdmx_ops = {
	.request = sdmx_request,
};

static int sdmx_probe(struct platform_device *pdev)
{
	struct mmc_host *mmc;
	struct sdmx_host *h;
	int irq, ret;

	mmc = devm_mmc_alloc_host(&pdev->dev, sizeof(*h));
	if (!mmc)
		return -ENOMEM;
	h = mmc_priv(mmc);
	h->mmc = mmc;
	spin_lock_init(&h->lock);
	h->base = devm_platform_ioremap_resource(pdev, 0);
	if (IS_ERR(h->base))
		return PTR_ERR(h->base);
	h->cd_gpio = devm_gpiod_get(&pdev->dev, "cd", GPIOD_IN);
	if (IS_ERR(h->cd_gpio))
		return PTR_ERR(h->cd_gpio);

	timer_setup(&h->cmd_timer, sdmx_cmd_timeout, 0);
	timer_setup(&h->cd_timer, sdmx_cd_debounce, 0);
	INIT_DELAYED_WORK(&h->tune_work, sdmx_tune);
	platform_set_drvdata(pdev, h);

	irq = platform_get_irq(pdev, 0);
	if (irq < 0)
		return irq;
	ret = devm_request_threaded_irq(&pdev->dev, irq, sdmx_irq, sdmx_irq_thread, IRQF_ONESHOT, "sdmx", h);
	if (ret)
		return ret;
	ret = devm_request_irq(&pdev->dev, gpiod_to_irq(h->cd_gpio), sdmx_cd_irq,
			       IRQF_TRIGGER_RISING | IRQF_TRIGGER_FALLING, "sdmx-cd", h);
	if (ret)
		return ret;

	mmc->ops = &sdmx_ops;
	ret = mmc_add_host(mmc);
	if (ret)
		return ret;
	schedule_delayed_work(&h->tune_work, 0);
	return 0;
}

static void sdmx_remove(struct platform_device *pdev)
{
	struct sdmx_host *h = platform_get_drvdata(pdev);

	del_timer_sync(&h->cmd_timer);
	del_timer_sync(&h->cd_timer); /* want "timer h->cd_timer is stopped at line 181 in sdmx_remove\\(\\), but IRQ handler sdmx_cd_irq, which schedules it, is requested with devm_request_irq\\(\\).*KD305" */
	cancel_delayed_work(&h->tune_work); /* want "work item h->tune_work is cancelled with cancel_delayed_work\\(\\) in sdmx_remove\\(\\), which does not wait for a running instance of sdmx_tune\\(\\).*KD304" */
	writel(0, h->base + SDMX_IRQ_MASK);
	mmc_remove_host(h->mmc);
}

static const struct of_device_id sdmx_of_match[] = {
	{ .compatible = "mx200,sdmx" },
	{ }
};
MODULE_DEVICE_TABLE(of, sdmx_of_match);

static struct platform_driver sdmx_driver = {
	.probe = sdmx_probe,
	.remove = sdmx_remove,
	.driver = {
		.name = "sdmx",
		.of_match_table = sdmx_of_match,
	},
};
module_platform_driver(sdmx_driver);

MODULE_DESCRIPTION("MX-200 SD/MMC host controller driver");
MODULE_LICENSE("GPL");
