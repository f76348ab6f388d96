/*
 * Work items that queue themselves again and that remove only flushes:
 * the flush waits for the instance queued last, which queues the next.
 * Itself and through a helper one call down (reported), next to one that
 * re-queues itself only under a test, and one that remove cancels and
 * waits for (not reported).
 */
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/workqueue.h>

struct fl {
	struct delayed_work poll, kick, maybe, stopped;
	int busy;
};

static void fl_rearm(struct fl *fl)
{
	schedule_delayed_work(&fl->kick, HZ);
}

static void fl_poll(struct work_struct *w)
{
	struct fl *fl = container_of(to_delayed_work(w), struct fl, poll);

	schedule_delayed_work(&fl->poll, HZ);
}

static void fl_kick(struct work_struct *w)
{
	struct fl *fl = container_of(to_delayed_work(w), struct fl, kick);

	fl_rearm(fl);
}

static void fl_maybe(struct work_struct *w)
{
	struct fl *fl = container_of(to_delayed_work(w), struct fl, maybe);

	if (fl->busy)
		schedule_delayed_work(&fl->maybe, HZ);
}

static void fl_stopped(struct work_struct *w)
{
	struct fl *fl = container_of(to_delayed_work(w), struct fl, stopped);

	schedule_delayed_work(&fl->stopped, HZ);
}

static int fl_probe(struct platform_device *pdev)
{
	struct fl *fl = devm_kzalloc(&pdev->dev, sizeof(*fl), GFP_KERNEL);

	INIT_DELAYED_WORK(&fl->poll, fl_poll);
	INIT_DELAYED_WORK(&fl->kick, fl_kick);
	INIT_DELAYED_WORK(&fl->maybe, fl_maybe);
	INIT_DELAYED_WORK(&fl->stopped, fl_stopped);
	schedule_delayed_work(&fl->poll, HZ);
	schedule_delayed_work(&fl->kick, HZ);
	schedule_delayed_work(&fl->maybe, HZ);
	schedule_delayed_work(&fl->stopped, HZ);
	platform_set_drvdata(pdev, fl);
	return 0;
}

static void fl_remove(struct platform_device *pdev)
{
	struct fl *fl = platform_get_drvdata(pdev);

	flush_delayed_work(&fl->poll); /* want "work item fl->poll re-queues itself in fl_poll\\(\\) \\(line 26\\), but is only flushed with flush_delayed_work\\(\\) in fl_remove\\(\\): the flush waits for the instance queued last, which queues the next, so fl_poll\\(\\) can run after the device is unbound or the module unloaded; use cancel_delayed_work_sync\\(\\)" */
	flush_delayed_work(&fl->kick); /* want "work item fl->kick re-queues itself in fl_kick\\(\\) through fl_rearm\\(\\) \\(line 19\\), but is only flushed" */
	flush_delayed_work(&fl->maybe);
	flush_delayed_work(&fl->stopped);
	cancel_delayed_work_sync(&fl->stopped);
}

static struct platform_driver fl_driver = {
	.probe = fl_probe,
	.remove = fl_remove,
	.driver = { .name = "fl" },
};
module_platform_driver(fl_driver);
