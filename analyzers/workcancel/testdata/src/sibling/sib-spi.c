/*
 * An SPI radio whose event code lives in sib-spi-events.c, which this
 * file includes and Kbuild lists in no object: the work item set up
 * there is cancelled by this module's remove, so it is not reported.
 */
#include <linux/spi/spi.h>
#include <linux/workqueue.h>

struct sib_spi {
	struct spi_device *spi;
	struct work_struct work;
};

#include "sib-spi-events.c"

static int sib_spi_probe(struct spi_device *spi)
{
	struct sib_spi *data = devm_kzalloc(&spi->dev, sizeof(*data), GFP_KERNEL);

	if (!data)
		return -ENOMEM;
	data->spi = spi;
	sib_spi_events_init(data);
	spi_set_drvdata(spi, data);
	return devm_request_irq(&spi->dev, spi->irq, sib_spi_irq, 0, "sib-spi", data);
}

static void sib_spi_remove(struct spi_device *spi)
{
	struct sib_spi *data = spi_get_drvdata(spi);

	disable_irq(spi->irq);
	cancel_work_sync(&data->work);
}

static struct spi_driver sib_spi_driver = {
	.probe = sib_spi_probe,
	.remove = sib_spi_remove,
};
module_spi_driver(sib_spi_driver);
