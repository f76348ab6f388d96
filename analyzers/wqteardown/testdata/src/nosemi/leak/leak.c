// Entry points written without their ';' (the kernel's macros end in one,
// so both forms build): the init function is still a root, and a queue its
// exit function forgets is still found.
#include <linux/module.h>
#include <linux/workqueue.h>

static struct workqueue_struct *ns_wq;

static int __init ns_init(void)
{
	ns_wq = alloc_workqueue("ns", WQ_UNBOUND, 0); /* want "workqueue ns_wq is never destroyed: destroy_workqueue\\(ns_wq\\) is not called on the exit or remove path \\(ns_exit\\(\\)\\)" */
	if (!ns_wq)
		return -ENOMEM;
	return 0;
}

static void __exit ns_exit(void)
{
	pr_info("ns: bye\n");
}

module_init(ns_init)
module_exit(ns_exit)
MODULE_LICENSE("GPL");
