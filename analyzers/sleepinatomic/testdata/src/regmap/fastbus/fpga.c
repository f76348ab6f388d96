/*
 * An FPGA block behind the driver's own memory-mapped bus, which asks
 * for fast I/O: the regmap takes a spinlock, so its clk_ops enable,
 * which runs under the clock enable spinlock, is not reported.
 */
#include <linux/platform_device.h>
#include <linux/regmap.h>
#include <linux/clk-provider.h>

struct fpga {
	void __iomem *base;
	struct regmap *regmap;
	struct clk_hw hw;
};

static int fpga_reg_write(void *ctx, unsigned int reg, unsigned int val)
{
	struct fpga *f = ctx;

	writel(val, f->base + reg);
	return 0;
}

static int fpga_reg_read(void *ctx, unsigned int reg, unsigned int *val)
{
	struct fpga *f = ctx;

	*val = readl(f->base + reg);
	return 0;
}

static const struct regmap_bus fpga_bus = {
	.fast_io = true,
	.reg_write = fpga_reg_write,
	.reg_read = fpga_reg_read,
};

static const struct regmap_config fpga_regmap_config = { .reg_bits = 32, .val_bits = 32 };

static int fpga_clk_enable(struct clk_hw *hw)
{
	struct fpga *f = container_of(hw, struct fpga, hw);

	return regmap_set_bits(f->regmap, 0x4, 0x1);
}

static const struct clk_ops fpga_clk_ops = {
	.enable = fpga_clk_enable,
};

static int fpga_probe(struct platform_device *pdev)
{
	struct fpga *f = devm_kzalloc(&pdev->dev, sizeof(*f), GFP_KERNEL);

	if (!f)
		return -ENOMEM;
	f->base = devm_platform_ioremap_resource(pdev, 0);
	if (IS_ERR(f->base))
		return PTR_ERR(f->base);
	f->regmap = devm_regmap_init(&pdev->dev, &fpga_bus, f, &fpga_regmap_config);
	return PTR_ERR_OR_ZERO(f->regmap);
}

static struct platform_driver fpga_driver = {
	.probe = fpga_probe,
};
module_platform_driver(fpga_driver);
