/*
 * A crypto engine whose interrupt only completes requests: once its
 * algorithms are unregistered no request is in flight, and killing the
 * done tasklet then is safe; killing it before is not. The same holds
 * for a request timeout timer, armed only while a request is in flight.
 */
#include <linux/platform_device.h>
#include <linux/interrupt.h>
#include <linux/timer.h>
#include <crypto/internal/skcipher.h>

struct ce { struct tasklet_struct done, hash_done, recheck, rescan; struct timer_list watch; void __iomem *regs; };

static struct skcipher_alg ce_algs[2];
static struct ahash_alg ce_hashes[1];

static void ce_done(struct tasklet_struct *t) { }
static void ce_hash_done(struct tasklet_struct *t) { }

static void ce_watch(struct timer_list *t)
{
	struct ce *ce = from_timer(ce, t, watch);

	tasklet_schedule(&ce->recheck);
	tasklet_schedule(&ce->rescan);
}

static irqreturn_t ce_irq(int irq, void *data)
{
	struct ce *ce = data;

	if (readl(ce->regs) & 1)
		tasklet_schedule(&ce->done);
	else
		tasklet_schedule(&ce->hash_done);
	return IRQ_HANDLED;
}

static int ce_probe(struct platform_device *pdev)
{
	struct ce *ce = devm_kzalloc(&pdev->dev, sizeof(*ce), GFP_KERNEL);
	int err;

	tasklet_setup(&ce->done, ce_done);
	tasklet_setup(&ce->hash_done, ce_hash_done);
	tasklet_setup(&ce->recheck, ce_done);
	tasklet_setup(&ce->rescan, ce_done);
	timer_setup(&ce->watch, ce_watch, 0);
	platform_set_drvdata(pdev, ce);
	err = devm_request_irq(&pdev->dev, platform_get_irq(pdev, 0), ce_irq, 0, "ce", ce);
	if (err)
		return err;
	err = crypto_register_ahashes(ce_hashes, 1);
	if (err)
		return err;
	return crypto_register_skciphers(ce_algs, 2);
}

static void ce_remove(struct platform_device *pdev)
{
	struct ce *ce = platform_get_drvdata(pdev);

	tasklet_kill(&ce->rescan); /* want "tasklet ce->rescan is killed at line 63 while timer callback ce_watch, which schedules it, is stopped only at line 69" */
	tasklet_kill(&ce->hash_done); /* want "tasklet ce->hash_done is killed at line 64 in ce_remove\\(\\), but IRQ handler ce_irq, which schedules it, is requested with devm_request_irq\\(\\)" */
	crypto_unregister_skciphers(ce_algs, 2);
	crypto_unregister_ahashes(ce_hashes, 1);
	tasklet_kill(&ce->done); /* no request in flight any more */
	tasklet_kill(&ce->recheck); /* nor a timeout armed for one */
	del_timer_sync(&ce->watch);
}

static struct platform_driver ce_driver = {
	.probe = ce_probe,
	.remove = ce_remove,
	.driver = { .name = "ce" },
};
module_platform_driver(ce_driver);
