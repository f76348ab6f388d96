/*
 * An SDIO radio whose interrupt queues data->work on the system
 * workqueue: its remove releases the IRQ but never cancels the work,
 * which then runs on freed memory (the btsdio bug, fixed upstream by a
 * cancel_work_sync() in remove). The cancel of the same member name in
 * sib-uart.c belongs to another module. rx_work is set up with
 * INIT_WORK and then handed to devres by devm_work_autocancel(), which
 * cancels it on unbind: not reported.
 */
#include <linux/mmc/sdio_func.h>
#include <linux/devm-helpers.h>
#include <linux/workqueue.h>

struct sib_sdio {
	struct sdio_func *func;
	struct work_struct work;
	struct work_struct rx_work;
};

static void sib_sdio_work(struct work_struct *work)
{
	struct sib_sdio *data = container_of(work, struct sib_sdio, work);

	sdio_claim_host(data->func);
	sdio_writeb(data->func, 0x01, 0x10, NULL);
	sdio_release_host(data->func);
}

static void sib_sdio_rx_work(struct work_struct *work)
{
	struct sib_sdio *data = container_of(work, struct sib_sdio, rx_work);

	sdio_claim_host(data->func);
	sdio_readb(data->func, 0x11, NULL);
	sdio_release_host(data->func);
}

static void sib_sdio_irq(struct sdio_func *func)
{
	struct sib_sdio *data = sdio_get_drvdata(func);

	schedule_work(&data->work);
	schedule_work(&data->rx_work);
}

static int sib_sdio_probe(struct sdio_func *func, const struct sdio_device_id *id)
{
	struct sib_sdio *data = devm_kzalloc(&func->dev, sizeof(*data), GFP_KERNEL);
	int err;

	if (!data)
		return -ENOMEM;
	data->func = func;
	INIT_WORK(&data->work, sib_sdio_work); /* want "work item data->work is queued on the system workqueue \\(schedule_work\\(\\) at line 42\\) but never cancelled: no cancel_work_sync\\(&data->work\\) on the exit or remove path \\(sib_sdio_remove\\(\\)\\)" */
	INIT_WORK(&data->rx_work, sib_sdio_rx_work);
	err = devm_work_autocancel(&func->dev, &data->rx_work, sib_sdio_rx_work);
	if (err)
		return err;
	sdio_set_drvdata(func, data);
	sdio_claim_host(func);
	err = sdio_claim_irq(func, sib_sdio_irq);
	sdio_release_host(func);
	return err;
}

static void sib_sdio_remove(struct sdio_func *func)
{
	sdio_claim_host(func);
	sdio_release_irq(func);
	sdio_release_host(func);
}

static struct sdio_driver sib_sdio_driver = {
	.probe = sib_sdio_probe,
	.remove = sib_sdio_remove,
};
module_sdio_driver(sib_sdio_driver);
