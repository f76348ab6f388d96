/*
 * The core of a driver whose bus glue is in other files: this file makes
 * no regmap and is handed none by a lookup, so its regmaps are those the
 * module makes, all of them on SPI with the default locking.
 */
#include <linux/regmap.h>
#include <linux/clk-provider.h>
#include "split.h"

static int split_clk_enable(struct clk_hw *hw)
{
	struct split *s = container_of(hw, struct split, hw);

	return regmap_write(s->regmap, 0x3, 0x1); /* want "regmap_write\\(\\) may sleep \\(it takes the regmap's mutex and waits for the SPI bus: the module's regmaps are made by devm_regmap_init_spi\\(\\.\\.\\., &split_spi_regmap\\) at split-spi\\.c:21, without fast I/O\\)" */
}

static const struct clk_ops split_clk_ops = {
	.enable = split_clk_enable,
};

int split_core_probe(struct device *dev, struct regmap *regmap)
{
	struct split *s = devm_kzalloc(dev, sizeof(*s), GFP_KERNEL);

	if (!s)
		return -ENOMEM;
	s->regmap = regmap;
	return devm_clk_hw_register(dev, &s->hw);
}
