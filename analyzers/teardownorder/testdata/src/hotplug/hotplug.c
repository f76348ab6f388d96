/*
 * Per-CPU interrupts disabled by a CPU hotplug teardown callback:
 * cpuhp_remove_state() runs it on every CPU before it returns, so a
 * queue destroyed after it is no longer fed (../hotplugnocalls: the
 * _nocalls form runs nothing).
 */
#include <linux/module.h>
#include <linux/interrupt.h>
#include <linux/workqueue.h>
#include <linux/cpuhotplug.h>
#include <linux/slab.h>

struct hp { int state; unsigned int irq; struct workqueue_struct *wq; struct work_struct w; };
static struct hp *hpd;

static void hp_work(struct work_struct *w) { }

static irqreturn_t hp_isr(int irq, void *data)
{
	queue_work(hpd->wq, &hpd->w);
	return IRQ_HANDLED;
}

static int hp_up(unsigned int cpu)
{
	enable_percpu_irq(hpd->irq, 0);
	return 0;
}

static int hp_down(unsigned int cpu)
{
	disable_percpu_irq(hpd->irq);
	return 0;
}

static void hp_cleanup(void)
{
	cpuhp_remove_state(hpd->state); /* runs hp_down() on every CPU */
	destroy_workqueue(hpd->wq);
	free_percpu_irq(hpd->irq, hpd);
}

static int __init hp_init(void)
{
	hpd = kzalloc(sizeof(*hpd), GFP_KERNEL);
	hpd->wq = alloc_workqueue("hp", 0, 0);
	INIT_WORK(&hpd->w, hp_work);
	request_percpu_irq(hpd->irq, hp_isr, "hp", hpd);
	hpd->state = cpuhp_setup_state(0, "hp", hp_up, hp_down);
	return 0;
}

/* Two levels of helpers, as drivers write it: the callback runs at the
 * depth of the call that runs it. */
static void hp_teardown(void)
{
	hp_cleanup();
}

static void __exit hp_exit(void)
{
	hp_teardown();
	kfree(hpd);
}

module_init(hp_init);
module_exit(hp_exit);
