/*
 * The core of a driver with I2C and MMIO variants: which regmap it is
 * handed depends on the variant, and an MMIO regmap takes a spinlock,
 * so its accesses in atomic context are not reported.
 */
#include <linux/regmap.h>
#include <linux/clk-provider.h>

struct mixed {
	struct regmap *regmap;
	struct clk_hw hw;
};

static int mixed_clk_enable(struct clk_hw *hw)
{
	struct mixed *m = container_of(hw, struct mixed, hw);

	return regmap_write(m->regmap, 0x3, 0x1);
}

static const struct clk_ops mixed_clk_ops = {
	.enable = mixed_clk_enable,
};
