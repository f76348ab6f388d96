/* Built in too, but bind attributes are not suppressed: unbinding
 * through sysfs runs remove, and devres frees the memory the tasklet
 * lives in. */
#include <linux/platform_device.h>
#include <linux/interrupt.h>

struct port { struct tasklet_struct t; };

static void port_bh(struct tasklet_struct *t) { }

static int port_probe(struct platform_device *pdev)
{
	struct port *p = devm_kzalloc(&pdev->dev, sizeof(*p), GFP_KERNEL);

	tasklet_setup(&p->t, port_bh); /* want "tasklet p->t is never killed: tasklet_kill\\(&p->t\\) is not called on the exit or remove path \\(port_remove\\(\\)\\), so it can still run after the device is unbound" */
	platform_set_drvdata(pdev, p);
	return 0;
}

static void port_remove(struct platform_device *pdev)
{
}

static struct platform_driver port_driver = {
	.probe = port_probe,
	.remove = port_remove,
	.driver = { .name = "port" },
};
builtin_platform_driver(port_driver);
