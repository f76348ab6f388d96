/*
 * Remove tears down through helpers that set nothing up and mention no
 * teardown themselves (ds_remove -> ds_down -> ds_kill_early, then
 * ds_quiesce -> free_irq): only reach from the remove callback makes
 * the front end parse ds_remove and ds_down. The tasklet killed before
 * the interrupt is freed is reported; the one killed after it is not.
 */
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/interrupt.h>

struct ds { struct tasklet_struct early, late; int irq; };

static void ds_early_fn(struct tasklet_struct *t) { }
static void ds_late_fn(struct tasklet_struct *t) { }

static irqreturn_t ds_irq(int irq, void *data)
{
	struct ds *ds = data;

	tasklet_schedule(&ds->early);
	tasklet_schedule(&ds->late);
	return IRQ_HANDLED;
}

static void ds_kill_early(struct ds *ds) { tasklet_kill(&ds->early); } /* want "tasklet ds->early is killed at line 26 while IRQ handler ds_irq, which schedules it, is freed only at line 28 \\(free_irq\\(\\)\\)" */

static void ds_quiesce(struct ds *ds) { free_irq(ds->irq, ds); }

static void ds_kill_late(struct ds *ds) { tasklet_kill(&ds->late); }

static void ds_down(struct ds *ds)
{
	ds_kill_early(ds);
	ds_quiesce(ds);
	ds_kill_late(ds);
}

static int ds_probe(struct platform_device *pdev)
{
	struct ds *ds = devm_kzalloc(&pdev->dev, sizeof(*ds), GFP_KERNEL);

	if (!ds)
		return -ENOMEM;
	tasklet_setup(&ds->early, ds_early_fn);
	tasklet_setup(&ds->late, ds_late_fn);
	ds->irq = platform_get_irq(pdev, 0);
	platform_set_drvdata(pdev, ds);
	return request_irq(ds->irq, ds_irq, 0, "ds", ds);
}

static void ds_remove(struct platform_device *pdev)
{
	ds_down(platform_get_drvdata(pdev));
}

static struct platform_driver ds_driver = {
	.probe = ds_probe,
	.remove = ds_remove,
	.driver = { .name = "ds" },
};
module_platform_driver(ds_driver);
