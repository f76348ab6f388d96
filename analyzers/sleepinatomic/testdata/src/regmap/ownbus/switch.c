/*
 * A switch whose registers sit behind an MDIO page register: the driver
 * makes its regmap on a struct regmap_bus of its own, without fast I/O,
 * so the regmap takes a mutex, and its irq_chip masks interrupts with
 * regmap writes under the IRQ descriptor's raw spinlock.
 */
#include <linux/mdio.h>
#include <linux/regmap.h>
#include <linux/irq.h>

struct sw_priv {
	struct mii_bus *bus;
	struct regmap *regmap;
	struct mutex page_lock;
};

static int sw_bus_write(void *ctx, u32 reg, u32 val)
{
	struct sw_priv *p = ctx;

	mutex_lock(&p->page_lock);
	mdiobus_write(p->bus, 0x18, reg >> 8, val);
	mutex_unlock(&p->page_lock);
	return 0;
}

static int sw_bus_read(void *ctx, u32 reg, u32 *val)
{
	struct sw_priv *p = ctx;

	*val = mdiobus_read(p->bus, 0x18, reg >> 8);
	return 0;
}

static const struct regmap_bus sw_bus = {
	.reg_write = sw_bus_write,
	.reg_read = sw_bus_read,
};

static const struct regmap_config sw_regmap_config = {
	.reg_bits = 32,
	.val_bits = 32,
};

static void sw_mask_irq(struct irq_data *d)
{
	struct sw_priv *p = irq_data_get_irq_chip_data(d);

	regmap_update_bits(p->regmap, 0x20, BIT(d->hwirq), 0); /* want "regmap_update_bits\\(\\) may sleep \\(it takes the regmap's mutex: this file's regmaps are made by devm_regmap_init\\(\\.\\.\\., &sw_regmap_config\\) at line 65, on the driver's own bus sw_bus, without fast I/O\\), but it runs in atomic context in irq_chip irq_mask callback sw_mask_irq\\(\\)" */
}

static struct irq_chip sw_irq_chip = {
	.name = "sw",
	.irq_mask = sw_mask_irq,
};

static int sw_probe(struct mdio_device *mdiodev)
{
	struct sw_priv *p = devm_kzalloc(&mdiodev->dev, sizeof(*p), GFP_KERNEL);

	if (!p)
		return -ENOMEM;
	mutex_init(&p->page_lock);
	p->bus = mdiodev->bus;
	p->regmap = devm_regmap_init(&mdiodev->dev, &sw_bus, p, &sw_regmap_config);
	if (IS_ERR(p->regmap))
		return PTR_ERR(p->regmap);
	irq_set_chip_data(mdiodev->irq, p);
	irq_set_chip_and_handler(mdiodev->irq, &sw_irq_chip, handle_simple_irq);
	return 0;
}

static struct mdio_driver sw_driver = {
	.probe = sw_probe,
};
mdio_module_driver(sw_driver);
