/* A work item set up in one file and queued in another: the message
 * names the other file. */
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/workqueue.h>

struct sp { struct work_struct kick; };

void sp_kick(struct sp *sp);

static void sp_kick_fn(struct work_struct *w) { }

static int sp_probe(struct platform_device *pdev)
{
	struct sp *sp = devm_kzalloc(&pdev->dev, sizeof(*sp), GFP_KERNEL);

	INIT_WORK(&sp->kick, sp_kick_fn); /* want "work item sp->kick is queued on the system workqueue \\(schedule_work\\(\\) at events.c:9\\) but never cancelled" */
	sp_kick(sp);
	return 0;
}

static void sp_remove(struct platform_device *pdev) { }

static struct platform_driver sp_driver = {
	.probe = sp_probe,
	.remove = sp_remove,
	.driver = { .name = "sp" },
};
module_platform_driver(sp_driver);
