/* Built-in core: its module init runs once, nothing unloads it. */
#include <linux/init.h>
#include <linux/workqueue.h>

static struct workqueue_struct *kb_core_wq;

static int __init kb_core_init(void)
{
	kb_core_wq = alloc_workqueue("kb_core", WQ_FREEZABLE, 0); /* built in: no exit path to check */
	if (!kb_core_wq)
		return -ENOMEM;
	return 0;
}
subsys_initcall(kb_core_init);
