/*
 * Subsystem unregistration that stops the device first: an IEEE
 * 802.15.4 radio whose .stop disables its interrupt, next to one whose
 * .stop does not.
 */
#include <linux/module.h>
#include <linux/spi/spi.h>
#include <linux/interrupt.h>
#include <linux/workqueue.h>

struct ieee802154_hw { void *priv; };
struct ieee802154_ops {
	int (*start)(struct ieee802154_hw *hw);
	void (*stop)(struct ieee802154_hw *hw);
};

struct rd { struct ieee802154_hw *hw; struct workqueue_struct *wq; struct delayed_work cal; struct work_struct tx; int irq; };

static void rd_cal(struct work_struct *w) { }
static void rd_tx(struct work_struct *w) { }

static irqreturn_t rd_isr(int irq, void *data)
{
	struct rd *rd = data;

	mod_delayed_work(rd->wq, &rd->cal, 10);
	schedule_work(&rd->tx);
	return IRQ_HANDLED;
}

static int rd_start(struct ieee802154_hw *hw)
{
	struct rd *rd = hw->priv;

	enable_irq(rd->irq);
	return 0;
}

/* Stopping the radio disables its interrupt. */
static void rd_stop(struct ieee802154_hw *hw)
{
	struct rd *rd = hw->priv;

	disable_irq(rd->irq);
}

static const struct ieee802154_ops rd_ops = {
	.start = rd_start,
	.stop = rd_stop,
};

static int rd_probe(struct spi_device *spi)
{
	struct rd *rd = devm_kzalloc(&spi->dev, sizeof(*rd), GFP_KERNEL);

	rd->hw = ieee802154_alloc_hw(0, &rd_ops);
	rd->wq = alloc_ordered_workqueue("rd", 0);
	if (!rd->wq)
		return -ENOMEM;
	INIT_DELAYED_WORK(&rd->cal, rd_cal);
	INIT_WORK(&rd->tx, rd_tx);
	rd->irq = spi->irq;
	spi_set_drvdata(spi, rd);
	return devm_request_threaded_irq(&spi->dev, rd->irq, NULL, rd_isr, IRQF_ONESHOT, "rd", rd);
}

static void rd_remove(struct spi_device *spi)
{
	struct rd *rd = spi_get_drvdata(spi);

	cancel_work_sync(&rd->tx); /* want "work item rd->tx is cancelled at line 71 while IRQ handler rd_isr, which schedules it, is freed only at line 44 \\(disable_irq\\(\\)\\)" */
	ieee802154_unregister_hw(rd->hw); /* runs rd_stop(): the interrupt is disabled */
	cancel_delayed_work_sync(&rd->cal);
	destroy_workqueue(rd->wq);
	ieee802154_free_hw(rd->hw);
}

static struct spi_driver rd_driver = {
	.driver = { .name = "rd" },
	.probe = rd_probe,
	.remove = rd_remove,
};
module_spi_driver(rd_driver);
