/*
 * A per-CPU interrupt disabled by a CPU hotplug teardown callback that
 * cpuhp_remove_state_nocalls() does not run: a queue destroyed before
 * the interrupt is freed is still fed by its handler.
 */
#include <linux/module.h>
#include <linux/interrupt.h>
#include <linux/workqueue.h>
#include <linux/cpuhotplug.h>
#include <linux/slab.h>

struct nc { int nstate; unsigned int nirq; struct workqueue_struct *nwq; struct work_struct nw; };
static struct nc *ncd;

static void hp_work(struct work_struct *w) { }

static irqreturn_t nc_isr(int irq, void *data)
{
	queue_work(ncd->nwq, &ncd->nw);
	return IRQ_HANDLED;
}

static int hp_up(unsigned int cpu)
{
	enable_percpu_irq(ncd->nirq, 0);
	return 0;
}

static int nc_down(unsigned int cpu)
{
	disable_percpu_irq(ncd->nirq);
	return 0;
}

static void nc_cleanup(void)
{
	cpuhp_remove_state_nocalls(ncd->nstate); /* nc_down() does not run */
	destroy_workqueue(ncd->nwq); /* want "workqueue ncd->nwq is destroyed at line 38 while IRQ handler nc_isr, which schedules it, is freed only at line 39" */
	free_percpu_irq(ncd->nirq, ncd);
}

static int __init hp_init(void)
{
	ncd = kzalloc(sizeof(*ncd), GFP_KERNEL);
	ncd->nwq = alloc_workqueue("nc", 0, 0);
	INIT_WORK(&ncd->nw, hp_work);
	request_percpu_irq(ncd->nirq, nc_isr, "nc", ncd);
	ncd->nstate = cpuhp_setup_state_nocalls(0, "nc", hp_up, nc_down);
	return 0;
}

/* Two levels of helpers, as drivers write it: the callback runs at the
 * depth of the call that runs it. */
static void hp_teardown(void)
{
	nc_cleanup();
}

static void __exit hp_exit(void)
{
	hp_teardown();
	kfree(ncd);
}

module_init(hp_init);
module_exit(hp_exit);
