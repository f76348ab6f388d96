#include <linux/module.h>
#include <linux/workqueue.h>

static void tick_fn(struct work_struct *w) { }
static DECLARE_WORK(tick_work, tick_fn); /* want "work item tick_work is queued on the system workqueue \\(schedule_work\\(\\) at line 9\\) but never cancelled: no cancel_work_sync\\(&tick_work\\) on the exit or remove path \\(tick_exit\\(\\)\\), so tick_fn\\(\\) can run after the module is unloaded" */

static int __init tick_init(void)
{
	schedule_work(&tick_work);
	return 0;
}

static void __exit tick_exit(void)
{
}
module_init(tick_init);
module_exit(tick_exit);
