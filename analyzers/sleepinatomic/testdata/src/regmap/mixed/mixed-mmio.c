#include <linux/platform_device.h>
#include <linux/regmap.h>

static const struct regmap_config mixed_mmio_regmap = { .reg_bits = 32, .val_bits = 32 };

static int mixed_mmio_probe(struct platform_device *pdev)
{
	void __iomem *base = devm_platform_ioremap_resource(pdev, 0);
	struct regmap *regmap;

	if (IS_ERR(base))
		return PTR_ERR(base);
	regmap = devm_regmap_init_mmio(&pdev->dev, base, &mixed_mmio_regmap);
	return PTR_ERR_OR_ZERO(regmap);
}
