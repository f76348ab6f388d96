/* Built in, registered with builtin_platform_driver() and no sysfs
 * unbind: never torn down, nothing to report. */
#include <linux/platform_device.h>
#include <linux/interrupt.h>

struct core { struct tasklet_struct t; };

static void core_bh(struct tasklet_struct *t) { }

static int core_probe(struct platform_device *pdev)
{
	struct core *c = devm_kzalloc(&pdev->dev, sizeof(*c), GFP_KERNEL);

	tasklet_setup(&c->t, core_bh);
	return 0;
}

static struct platform_driver core_driver = {
	.probe = core_probe,
	.driver = { .name = "core", .suppress_bind_attrs = true },
};
builtin_platform_driver(core_driver);
