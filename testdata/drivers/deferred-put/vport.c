// SPDX-License-Identifier: GPL-2.0
/*
 * vport - virtual port hub on a platform bus (6.x style: refcount_t,
 * kmem_cache, devm_request_irq, void .remove).
 *
 * Each port is a slab object whose last reference is dropped from the
 * interrupt handler; freeing it sleeps, so the last put defers it to a
 * work item that frees the port through two helpers. Each port holds a
 * module reference until it is freed, so the cache outlives it.
 */
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/interrupt.h>
#include <linux/workqueue.h>
#include <linux/refcount.h>
#include <linux/slab.h>
#include <linux/io.h>
#include "vhub.h"

#define VP_NPORTS	4
#define VP_STAT		0x10

struct vport {
	refcount_t ref;
	struct work_struct free_work;
	void *ring;
	int id;
};

struct vport_hub {
	void __iomem *regs;
	int irq;
	struct vport *port[VP_NPORTS];
	struct work_struct link_work;		/* cancelled by vhub-core's devres action */
	struct delayed_work stats_work;		/* re-arms itself once a second */
	struct delayed_work beat_work;		/* likewise */
	unsigned long rx, beats;
};

static struct kmem_cache *vport_cache;

static void vport_release(struct kmem_cache *cache, struct vport *p)
{
	kmem_cache_free(cache, p);
	module_put(THIS_MODULE);
}

static void vport_destroy(struct vport *p)
{
	kfree(p->ring);
	p->ring = NULL;
	vport_release(vport_cache, p);
}

static void vport_free_fn(struct work_struct *work)
{
	struct vport *p = container_of(work, struct vport, free_work);

	vport_destroy(p);
}

static inline void vport_put(struct vport *p)
{
	if (refcount_dec_and_test(&p->ref))
		schedule_work(&p->free_work);
}

static struct vport *vport_new(int id)
{
	struct vport *p = kmem_cache_zalloc(vport_cache, GFP_KERNEL);

	if (!p)
		return NULL;
	p->ring = kzalloc(4096, GFP_KERNEL);
	__module_get(THIS_MODULE);
	refcount_set(&p->ref, 1);
	p->id = id;
	INIT_WORK(&p->free_work, vport_free_fn);
	return p;
}

static void vhub_stats_arm(struct vport_hub *hub)
{
	schedule_delayed_work(&hub->stats_work, HZ);
}

static void vhub_stats_fn(struct work_struct *work)
{
	struct vport_hub *hub = container_of(work, struct vport_hub, stats_work.work);

	hub->rx = readl(hub->regs + VP_STAT);
	vhub_stats_arm(hub);
}

static void vhub_beat_again(struct vport_hub *hub)
{
	schedule_delayed_work(&hub->beat_work, HZ / 2);
}

static void vhub_beat_fn(struct work_struct *work)
{
	struct vport_hub *hub = container_of(work, struct vport_hub, beat_work.work);

	hub->beats++;
	vhub_beat_again(hub);
}

static void vhub_link_fn(struct work_struct *work)
{
	struct vport_hub *hub = container_of(work, struct vport_hub, link_work);

	vhub_core_register(hub);
}

static irqreturn_t vhub_irq(int irq, void *data)
{
	struct vport_hub *hub = data;
	u32 stat = readl(hub->regs + VP_STAT);
	int i;

	for (i = 0; i < VP_NPORTS; i++) {
		if (hub->port[i] && (stat & BIT(i + 8))) {
			vport_put(hub->port[i]);	/* the port went away */
			hub->port[i] = NULL;
		}
	}
	if (stat & BIT(0))
		schedule_work(&hub->link_work);
	return IRQ_HANDLED;
}

static int vhub_probe(struct platform_device *pdev)
{
	struct vport_hub *hub;
	int i, ret;

	hub = devm_kzalloc(&pdev->dev, sizeof(*hub), GFP_KERNEL);
	if (!hub)
		return -ENOMEM;
	hub->regs = devm_platform_ioremap_resource(pdev, 0);
	if (IS_ERR(hub->regs))
		return PTR_ERR(hub->regs);
	hub->irq = platform_get_irq(pdev, 0);
	if (hub->irq < 0)
		return hub->irq;

	for (i = 0; i < VP_NPORTS; i++)
		hub->port[i] = vport_new(i);

	INIT_WORK(&hub->link_work, vhub_link_fn);
	INIT_DELAYED_WORK(&hub->stats_work, vhub_stats_fn);
	INIT_DELAYED_WORK(&hub->beat_work, vhub_beat_fn);
	platform_set_drvdata(pdev, hub);

	ret = devm_request_irq(&pdev->dev, hub->irq, vhub_irq, 0, "vport", hub);
	if (ret)
		return ret;
	ret = devm_vhub_core_attach(&pdev->dev, hub);
	if (ret)
		return ret;
	vhub_stats_arm(hub);
	schedule_delayed_work(&hub->beat_work, HZ / 2);
	return 0;
}

static void vhub_remove(struct platform_device *pdev)
{
	struct vport_hub *hub = platform_get_drvdata(pdev);
	int i;

	flush_delayed_work(&hub->stats_work); /* want "stats_work re-queues itself in vhub_stats_fn\\(\\) through vhub_stats_arm\\(\\).*only flushed.*KD304" */
	cancel_delayed_work(&hub->beat_work); /* want "beat_work re-queues itself in vhub_beat_fn\\(\\) through vhub_beat_again\\(\\).*KD305" */
	for (i = 0; i < VP_NPORTS; i++)
		if (hub->port[i])
			vport_put(hub->port[i]);
}

static struct platform_driver vhub_driver = {
	.probe = vhub_probe,
	.remove = vhub_remove,
	.driver = { .name = "vport-hub" },
};

static int __init vhub_init(void)
{
	vport_cache = KMEM_CACHE(vport, 0);
	if (!vport_cache)
		return -ENOMEM;
	return platform_driver_register(&vhub_driver);
}

static void __exit vhub_exit(void)
{
	platform_driver_unregister(&vhub_driver);
	rcu_barrier();
	kmem_cache_destroy(vport_cache);
}

module_init(vhub_init);
module_exit(vhub_exit);
MODULE_DESCRIPTION("virtual port hub");
MODULE_LICENSE("GPL");
