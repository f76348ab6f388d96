/* Another module of the directory: its exit is not kbdrv's. */
#include <linux/module.h>
#include <linux/workqueue.h>

static struct workqueue_struct *gov_wq;

static int __init kb_gov_init(void)
{
	gov_wq = alloc_workqueue("gov", 0, 0);
	return gov_wq ? 0 : -ENOMEM;
}

static void __exit kb_gov_exit(void)
{
	destroy_workqueue(gov_wq);
}
module_init(kb_gov_init);
module_exit(kb_gov_exit);
