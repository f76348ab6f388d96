/*
 * A library module: module-wide work items queued by functions other
 * modules call. Those modules depend on this one and are unloaded before
 * it, so a work item queued only from an exported function, which runs
 * at once, cannot be left queued at exit. One that the module also
 * queues itself, one queued with a delay, and one queued from an
 * exported function the module calls itself are still reported.
 */
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/workqueue.h>

static void lib_enable(struct work_struct *w) { }
static void lib_flush(struct work_struct *w) { }
static void lib_poll(struct work_struct *w) { }
static void lib_kick(struct work_struct *w) { }

static DECLARE_WORK(enable_work, lib_enable);
static DECLARE_WORK(flush_work_item, lib_flush); /* want "work item flush_work_item is queued on the system workqueue" */
static DECLARE_DELAYED_WORK(poll_work, lib_poll); /* want "work item poll_work is queued on the system workqueue" */
static DECLARE_WORK(kick_work, lib_kick); /* want "work item kick_work is queued on the system workqueue" */

void lib_toggle(int on)
{
	if (on)
		schedule_work(&enable_work);
}
EXPORT_SYMBOL_GPL(lib_toggle);

void lib_sync(void)
{
	schedule_work(&flush_work_item);
}
EXPORT_SYMBOL(lib_sync);

void lib_poll_later(void)
{
	schedule_delayed_work(&poll_work, HZ);
}
EXPORT_SYMBOL(lib_poll_later);

void lib_kick_now(void)
{
	schedule_work(&kick_work);
}
EXPORT_SYMBOL_NS_GPL(lib_kick_now, LIB);

/* The library also drives a device: module-wide work is still the module's. */
static int lib_probe(struct platform_device *pdev) { return 0; }
static void lib_remove(struct platform_device *pdev) { }

static struct platform_driver lib_driver = {
	.probe = lib_probe,
	.remove = lib_remove,
	.driver = { .name = "lib" },
};

static int __init lib_init(void)
{
	schedule_work(&flush_work_item);
	lib_kick_now();
	return platform_driver_register(&lib_driver);
}

static void __exit lib_exit(void)
{
	platform_driver_unregister(&lib_driver);
}

module_init(lib_init);
module_exit(lib_exit);
