/* SPI glue of the split driver: the only place that makes its regmap. */
#include <linux/spi/spi.h>
#include <linux/regmap.h>
#include "split.h"

static const struct regmap_config split_spi_regmap = {
	.reg_bits = 8,
	.val_bits = 8,
};

static int split_spi_probe(struct spi_device *spi)
{
	struct regmap *regmap;

	/*
	 * The config below has no .fast_io, and a comment that names
	 * devm_regmap_init_mmio() changes nothing.
	 */
	if (!spi)
		return -EINVAL;
	regmap = devm_regmap_init_spi(spi, &split_spi_regmap);
	if (IS_ERR(regmap))
		return PTR_ERR(regmap);
	return split_core_probe(&spi->dev, regmap);
}

static struct spi_driver split_spi_driver = {
	.driver = { .name = "split" },
	.probe = split_spi_probe,
};
module_spi_driver(split_spi_driver);
