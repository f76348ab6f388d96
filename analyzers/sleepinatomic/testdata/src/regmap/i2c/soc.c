/*
 * Regmaps that do not sleep: an MMIO regmap (its bus does fast I/O, so
 * it takes a spinlock), and a syscon regmap handed over by another
 * driver, whose locking this file cannot know. Accesses from a hard IRQ
 * handler are not reported.
 */
#include <linux/platform_device.h>
#include <linux/regmap.h>
#include <linux/mfd/syscon.h>
#include <linux/interrupt.h>

struct soc {
	struct regmap *regs, *syscon;
};

static const struct regmap_config soc_regmap = {
	.reg_bits = 32,
	.val_bits = 32,
	.reg_stride = 4,
};

static irqreturn_t soc_irq(int irq, void *data)
{
	struct soc *s = data;
	unsigned int pending;

	regmap_read(s->regs, 0x0, &pending);
	regmap_write(s->regs, 0x4, pending);
	regmap_update_bits(s->syscon, 0x40, 0x1, 0x1);
	return IRQ_HANDLED;
}

static int soc_probe(struct platform_device *pdev)
{
	struct soc *s = devm_kzalloc(&pdev->dev, sizeof(*s), GFP_KERNEL);
	void __iomem *base;

	if (!s)
		return -ENOMEM;
	base = devm_platform_ioremap_resource(pdev, 0);
	if (IS_ERR(base))
		return PTR_ERR(base);
	s->regs = devm_regmap_init_mmio(&pdev->dev, base, &soc_regmap);
	if (IS_ERR(s->regs))
		return PTR_ERR(s->regs);
	s->syscon = syscon_regmap_lookup_by_phandle(pdev->dev.of_node, "syscon");
	if (IS_ERR(s->syscon))
		return PTR_ERR(s->syscon);
	return devm_request_irq(&pdev->dev, platform_get_irq(pdev, 0), soc_irq, 0, "soc", s);
}
