#include <linux/i2c.h>
#include <linux/regmap.h>

static const struct regmap_config mixed_i2c_regmap = { .reg_bits = 8, .val_bits = 8 };

static int mixed_i2c_probe(struct i2c_client *client)
{
	struct regmap *regmap = devm_regmap_init_i2c(client, &mixed_i2c_regmap);

	return PTR_ERR_OR_ZERO(regmap);
}
