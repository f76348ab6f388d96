/*
 * An I2C GPIO expander that does its own locking: .disable_locking, a
 * bus lock pair around the irq_chip callbacks and a cache-only regmap
 * while the bus lock is held, so that irq_mask writes only the cache.
 * The regmap's locking is not the default, so nothing is reported.
 */
#include <linux/i2c.h>
#include <linux/regmap.h>
#include <linux/irq.h>

struct expander {
	struct regmap *regmap;
	struct mutex irq_lock;
};

static const struct regmap_config expander_regmap = {
	.reg_bits = 8,
	.val_bits = 8,
	.cache_type = REGCACHE_FLAT,
	.disable_locking = true,
};

static void expander_irq_mask(struct irq_data *d)
{
	struct expander *e = irq_data_get_irq_chip_data(d);

	regmap_update_bits(e->regmap, 0x06, 1u << (d->hwirq & 7), 1u << (d->hwirq & 7));
}

static void expander_irq_bus_lock(struct irq_data *d)
{
	struct expander *e = irq_data_get_irq_chip_data(d);

	mutex_lock(&e->irq_lock);
	regcache_cache_only(e->regmap, true);
}

static void expander_irq_bus_sync_unlock(struct irq_data *d)
{
	struct expander *e = irq_data_get_irq_chip_data(d);

	regcache_cache_only(e->regmap, false);
	regcache_sync_region(e->regmap, 0x06, 0x07);
	mutex_unlock(&e->irq_lock);
}

static struct irq_chip expander_irq_chip = {
	.name = "expander",
	.irq_mask = expander_irq_mask,
	.irq_bus_lock = expander_irq_bus_lock,
	.irq_bus_sync_unlock = expander_irq_bus_sync_unlock,
};

static int expander_probe(struct i2c_client *client)
{
	struct expander *e = devm_kzalloc(&client->dev, sizeof(*e), GFP_KERNEL);

	if (!e)
		return -ENOMEM;
	mutex_init(&e->irq_lock);
	e->regmap = devm_regmap_init_i2c(client, &expander_regmap);
	return PTR_ERR_OR_ZERO(e->regmap);
}
