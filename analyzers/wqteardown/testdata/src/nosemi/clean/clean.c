// The same without ';', the queue destroyed at exit: the exit function
// after an entry point without ';' is still the teardown path.
#include <linux/module.h>
#include <linux/workqueue.h>

static struct workqueue_struct *nc_wq;

static int __init nc_init(void)
{
	nc_wq = alloc_ordered_workqueue("nc", 0);
	if (!nc_wq)
		return -ENOMEM;
	return 0;
}

static void __exit nc_exit(void)
{
	destroy_workqueue(nc_wq);
}

module_init(nc_init)
module_exit(nc_exit)
MODULE_LICENSE("GPL");
