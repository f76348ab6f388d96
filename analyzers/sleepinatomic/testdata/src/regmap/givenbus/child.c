/*
 * A child driver whose parent hands it the regmap bus to use: which bus
 * that is, and whether it does fast I/O, cannot be read here, so the
 * access in the timer callback is not reported.
 */
#include <linux/platform_device.h>
#include <linux/regmap.h>
#include <linux/timer.h>

struct child_pdata {
	const struct regmap_bus *bus;
	void *bus_ctx;
};

struct child {
	struct regmap *regmap;
	struct timer_list poll;
};

static const struct regmap_config child_regmap_config = { .reg_bits = 8, .val_bits = 8 };

static void child_poll(struct timer_list *t)
{
	struct child *c = from_timer(c, t, poll);
	unsigned int v;

	regmap_read(c->regmap, 0x1, &v);
	mod_timer(&c->poll, jiffies + HZ);
}

static int child_probe(struct platform_device *pdev)
{
	struct child_pdata *pd = dev_get_platdata(&pdev->dev);
	struct child *c = devm_kzalloc(&pdev->dev, sizeof(*c), GFP_KERNEL);

	if (!c)
		return -ENOMEM;
	c->regmap = devm_regmap_init(&pdev->dev, pd->bus, pd->bus_ctx, &child_regmap_config);
	if (IS_ERR(c->regmap))
		return PTR_ERR(c->regmap);
	timer_setup(&c->poll, child_poll, 0);
	mod_timer(&c->poll, jiffies + HZ);
	return 0;
}

static void child_remove(struct platform_device *pdev)
{
	struct child *c = platform_get_drvdata(pdev);

	timer_shutdown_sync(&c->poll);
}

static struct platform_driver child_driver = {
	.probe = child_probe,
	.remove = child_remove,
};
module_platform_driver(child_driver);
