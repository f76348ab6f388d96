// SPDX-License-Identifier: GPL-2.0
/* sensehub governor: a module of its own, with its own exit. */
#include <linux/module.h>
#include <linux/workqueue.h>

static struct workqueue_struct *gov_wq;
static struct delayed_work gov_tick;

static void gov_tick_fn(struct work_struct *w)
{
	queue_delayed_work(gov_wq, &gov_tick, HZ);
}

static int __init sh_gov_init(void)
{
	gov_wq = alloc_workqueue("sh-gov", WQ_FREEZABLE, 0);
	if (!gov_wq)
		return -ENOMEM;
	INIT_DELAYED_WORK(&gov_tick, gov_tick_fn);
	queue_delayed_work(gov_wq, &gov_tick, HZ);
	return 0;
}

static void __exit sh_gov_exit(void)
{
	cancel_delayed_work_sync(&gov_tick);
	destroy_workqueue(gov_wq);
}
module_init(sh_gov_init);
module_exit(sh_gov_exit);
MODULE_LICENSE("GPL");
