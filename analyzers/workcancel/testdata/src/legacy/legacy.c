/* Old style: a module-wide work item, flush_scheduled_work() at exit. */
#include <linux/module.h>
#include <linux/workqueue.h>

static void legacy_fn(struct work_struct *w) { }
static DECLARE_WORK(legacy_work, legacy_fn);

static int __init legacy_init(void)
{
	schedule_work(&legacy_work);
	return 0;
}

static void __exit legacy_exit(void)
{
	flush_scheduled_work();
}
module_init(legacy_init);
module_exit(legacy_exit);
