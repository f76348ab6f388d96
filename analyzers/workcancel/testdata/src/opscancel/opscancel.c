/*
 * Remove stops the hardware through an operations table whose .quiesce
 * member four tables fill (more than the front end's call graph follows
 * through one member); the variant's stop cancels the work without
 * waiting through a helper. Neither stop function sets anything up nor
 * mentions a teardown: only the member call from remove makes the front
 * end parse them, and the cancel is reported as on the remove path.
 * The second work item remove cancels itself, as it should.
 */
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/workqueue.h>

struct oc;
struct oc_ops { void (*quiesce)(struct oc *oc); };
struct oc { const struct oc_ops *ops; struct work_struct poll, reset; };

static void oc_poll_fn(struct work_struct *w) { }

static void oc_halt(struct oc *oc) { cancel_work(&oc->poll); } /* want "work item oc->poll is cancelled with cancel_work\\(\\) in oc_halt\\(\\), which does not wait" */

static void oc_a_quiesce(struct oc *oc) { oc_halt(oc); }
static void oc_b_quiesce(struct oc *oc) { oc_halt(oc); }
static void oc_c_quiesce(struct oc *oc) { }
static void oc_d_quiesce(struct oc *oc) { }

static const struct oc_ops oc_a_ops = { .quiesce = oc_a_quiesce };
static const struct oc_ops oc_b_ops = { .quiesce = oc_b_quiesce };
static const struct oc_ops oc_c_ops = { .quiesce = oc_c_quiesce };
static const struct oc_ops oc_d_ops = { .quiesce = oc_d_quiesce };

static int oc_probe(struct platform_device *pdev)
{
	struct oc *oc = devm_kzalloc(&pdev->dev, sizeof(*oc), GFP_KERNEL);

	if (!oc)
		return -ENOMEM;
	oc->ops = pdev->id == 0 ? &oc_a_ops : pdev->id == 1 ? &oc_b_ops : pdev->id == 2 ? &oc_c_ops : &oc_d_ops;
	INIT_WORK(&oc->poll, oc_poll_fn);
	INIT_WORK(&oc->reset, oc_poll_fn);
	schedule_work(&oc->poll);
	schedule_work(&oc->reset);
	platform_set_drvdata(pdev, oc);
	return 0;
}

static void oc_remove(struct platform_device *pdev)
{
	struct oc *oc = platform_get_drvdata(pdev);

	oc->ops->quiesce(oc);
	cancel_work_sync(&oc->reset);
}

static struct platform_driver oc_driver = {
	.probe = oc_probe,
	.remove = oc_remove,
	.driver = { .name = "oc" },
};
module_platform_driver(oc_driver);
