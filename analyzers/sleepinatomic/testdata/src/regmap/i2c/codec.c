/*
 * An I2C codec whose regmap takes the default locking: a mutex, and
 * every access waits for the I2C transfer. Its accesses are reported in
 * atomic context, and not in process context.
 */
#include <linux/i2c.h>
#include <linux/regmap.h>
#include <linux/clk-provider.h>
#include <linux/interrupt.h>
#include <linux/timer.h>

struct codec {
	struct regmap *regmap;
	struct clk_hw mclk;
	spinlock_t lock;
	struct timer_list poll;
	struct regmap_field *mute;
};

static const struct regmap_config codec_regmap = {
	.reg_bits = 8,
	.val_bits = 8,
	.max_register = 0x7f,
	.cache_type = REGCACHE_MAPLE,
};

/* clk_ops.enable runs under the clock framework's enable spinlock. */
static int codec_mclk_enable(struct clk_hw *hw)
{
	struct codec *c = container_of(hw, struct codec, mclk);

	return regmap_set_bits(c->regmap, 0x10, 0x01); /* want "regmap_set_bits\\(\\) may sleep \\(it takes the regmap's mutex and waits for the I2C bus: this file's regmaps are made by devm_regmap_init_i2c\\(\\.\\.\\., &codec_regmap\\) at line 89, without fast I/O\\), but it runs in atomic context in clk_ops enable callback codec_mclk_enable\\(\\)" */
}

/* clk_ops.prepare may sleep: the right place for a bus access. */
static int codec_mclk_prepare(struct clk_hw *hw)
{
	struct codec *c = container_of(hw, struct codec, mclk);

	return regmap_write(c->regmap, 0x11, 0x01);
}

static const struct clk_ops codec_mclk_ops = {
	.enable = codec_mclk_enable,
	.prepare = codec_mclk_prepare,
};

static void codec_set_mute(struct codec *c, bool mute)
{
	unsigned long flags;

	spin_lock_irqsave(&c->lock, flags);
	regmap_field_write(c->mute, mute); /* want "regmap_field_write\\(\\) may sleep .*I2C bus.* while spin_lock_irqsave\\(&c->lock, flags\\) is held" */
	spin_unlock_irqrestore(&c->lock, flags);
}

static void codec_poll(struct timer_list *t)
{
	struct codec *c = from_timer(c, t, poll);
	unsigned int status;

	regmap_read(c->regmap, 0x20, &status); /* want "regmap_read\\(\\) may sleep .*timer callback codec_poll\\(\\) \\(softirq context\\)" */
	mod_timer(&c->poll, jiffies + HZ);
}

/* A threaded handler runs in a kernel thread: the access may sleep. */
static irqreturn_t codec_irq_thread(int irq, void *data)
{
	struct codec *c = data;
	unsigned int status;

	regmap_read(c->regmap, 0x21, &status);
	return IRQ_HANDLED;
}

static int codec_probe(struct i2c_client *client)
{
	struct codec *c;
	int ret;

	c = devm_kzalloc(&client->dev, sizeof(*c), GFP_KERNEL);
	if (!c)
		return -ENOMEM;
	spin_lock_init(&c->lock);
	c->mclk.init = NULL;
	ret = devm_clk_hw_register(&client->dev, &c->mclk);
	if (ret)
		return ret;
	c->regmap = devm_regmap_init_i2c(client, &codec_regmap);
	if (IS_ERR(c->regmap))
		return PTR_ERR(c->regmap);
	codec_set_mute(c, true);
	timer_setup(&c->poll, codec_poll, 0);
	mod_timer(&c->poll, jiffies + HZ);
	return devm_request_threaded_irq(&client->dev, client->irq, NULL, codec_irq_thread,
					 IRQF_ONESHOT, "codec", c);
}

static struct i2c_driver codec_driver = {
	.driver = { .name = "codec" },
	.probe = codec_probe,
};
module_i2c_driver(codec_driver);
