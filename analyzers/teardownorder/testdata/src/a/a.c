#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/pci.h>
#include <linux/interrupt.h>
#include <linux/workqueue.h>
#include <linux/timer.h>

/* Non-devm IRQ: tasklets killed before and after free_irq. */
struct vd { struct tasklet_struct rx_tasklet, tx_tasklet; struct workqueue_struct *evq; struct work_struct ev; int irq; };

static void vd_rx(struct tasklet_struct *t) { }
static void vd_tx(struct tasklet_struct *t) { }
static void vd_ev(struct work_struct *w) { }

static irqreturn_t vd_irq(int irq, void *data)
{
	struct vd *vd = data;

	tasklet_schedule(&vd->rx_tasklet);
	tasklet_schedule(&vd->tx_tasklet);
	queue_work(vd->evq, &vd->ev);
	return IRQ_HANDLED;
}

static int vd_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct vd *vd = devm_kzalloc(&pdev->dev, sizeof(*vd), GFP_KERNEL);

	vd->evq = alloc_workqueue("vd", 0, 0);
	if (!vd->evq)
		return -ENOMEM;
	INIT_WORK(&vd->ev, vd_ev);
	tasklet_setup(&vd->rx_tasklet, vd_rx);
	tasklet_setup(&vd->tx_tasklet, vd_tx);
	vd->irq = pdev->irq;
	pci_set_drvdata(pdev, vd);
	return request_irq(vd->irq, vd_irq, IRQF_SHARED, "vd", vd);
}

static void vd_stop_bh(struct vd *vd)
{
	tasklet_kill(&vd->rx_tasklet); /* want "tasklet vd->rx_tasklet is killed at line 42 while IRQ handler vd_irq, which schedules it, is freed only at line 51 \\(free_irq\\(\\)\\): it can be scheduled again in between; free the IRQ \\(or disable it\\) first" */
	destroy_workqueue(vd->evq); /* want "workqueue vd->evq is destroyed at line 43 while IRQ handler vd_irq, which schedules it, is freed only at line 51" */
}

static void vd_remove(struct pci_dev *pdev)
{
	struct vd *vd = pci_get_drvdata(pdev);

	vd_stop_bh(vd);
	free_irq(vd->irq, vd);
	tasklet_kill(&vd->tx_tasklet); /* after the IRQ: right */
}

static struct pci_driver vd_driver = {
	.name = "vd",
	.probe = vd_probe,
	.remove = vd_remove,
};
module_pci_driver(vd_driver);

/* devm IRQ: freed by devres after remove returns. */
struct dm { struct tasklet_struct done, rx; struct work_struct irq_work; int irq; };

static void dm_done(struct tasklet_struct *t) { }
static void dm_rx(struct tasklet_struct *t) { }
static void dm_work(struct work_struct *w) { }

static irqreturn_t dm_isr(int irq, void *data)
{
	struct dm *dm = data;

	tasklet_schedule(&dm->done);
	schedule_work(&dm->irq_work);
	return IRQ_HANDLED;
}

static irqreturn_t dm_rx_isr(int irq, void *data)
{
	struct dm *dm = data;

	tasklet_schedule(&dm->rx);
	return IRQ_HANDLED;
}

static int dm_probe(struct platform_device *pdev)
{
	struct dm *dm = devm_kzalloc(&pdev->dev, sizeof(*dm), GFP_KERNEL);
	int ret;

	tasklet_setup(&dm->done, dm_done);
	tasklet_setup(&dm->rx, dm_rx);
	INIT_WORK(&dm->irq_work, dm_work);
	dm->irq = platform_get_irq(pdev, 0);
	platform_set_drvdata(pdev, dm);
	ret = devm_request_irq(&pdev->dev, dm->irq, dm_isr, 0, "dm", dm);
	if (ret)
		return ret;
	return devm_request_irq(&pdev->dev, platform_get_irq(pdev, 1), dm_rx_isr, 0, "dm-rx", dm);
}

static void dm_remove(struct platform_device *pdev)
{
	struct dm *dm = platform_get_drvdata(pdev);

	tasklet_kill(&dm->done); /* want "tasklet dm->done is killed at line 106 in dm_remove\\(\\), but IRQ handler dm_isr, which schedules it, is requested with devm_request_irq\\(\\) \\(line 96\\) and freed by devres only after dm_remove\\(\\) returns" */
	cancel_work_sync(&dm->irq_work); /* want "work item dm->irq_work is cancelled at line 107 in dm_remove\\(\\), but IRQ handler dm_isr" */
}

static void dm2_remove(struct platform_device *pdev)
{
	struct dm *dm = platform_get_drvdata(pdev);

	disable_irq(dm->irq); /* stopped first: nothing reported below */
	tasklet_kill(&dm->rx);
}

static struct platform_driver dm_driver = {
	.probe = dm_probe,
	.remove = dm_remove,
	.driver = { .name = "dm" },
};

static struct platform_driver dm2_driver = {
	.probe = dm_probe,
	.remove = dm2_remove,
	.driver = { .name = "dm2" },
};

/* A timer that queues a work item, and a work item that re-queues
 * itself. */
struct tw { struct timer_list kick; struct work_struct job; struct delayed_work poll, scan; struct timer_list tick; struct work_struct step; };

static void tw_job(struct work_struct *w) { }

static void tw_kick(struct timer_list *t)
{
	struct tw *tw = from_timer(tw, t, kick);

	schedule_work(&tw->job);
}

static void tw_poll(struct work_struct *w)
{
	struct tw *tw = container_of(to_delayed_work(w), struct tw, poll);

	schedule_delayed_work(&tw->poll, HZ);
}

static void tw_scan(struct work_struct *w)
{
	struct tw *tw = container_of(to_delayed_work(w), struct tw, scan);

	schedule_delayed_work(&tw->scan, HZ);
}

static void tw_step(struct work_struct *w) { }

static void tw_tick(struct timer_list *t)
{
	struct tw *tw = from_timer(tw, t, tick);

	schedule_work(&tw->step);
}

static int tw_probe(struct platform_device *pdev)
{
	struct tw *tw = devm_kzalloc(&pdev->dev, sizeof(*tw), GFP_KERNEL);

	INIT_WORK(&tw->job, tw_job);
	timer_setup(&tw->kick, tw_kick, 0);
	mod_timer(&tw->kick, jiffies + HZ);
	INIT_DELAYED_WORK(&tw->poll, tw_poll);
	schedule_delayed_work(&tw->poll, HZ);
	INIT_DELAYED_WORK(&tw->scan, tw_scan);
	schedule_delayed_work(&tw->scan, HZ);
	INIT_WORK(&tw->step, tw_step);
	timer_setup(&tw->tick, tw_tick, 0);
	mod_timer(&tw->tick, jiffies + HZ);
	platform_set_drvdata(pdev, tw);
	return 0;
}

static void tw_remove(struct platform_device *pdev)
{
	struct tw *tw = platform_get_drvdata(pdev);

	cancel_work_sync(&tw->job); /* want "work item tw->job is cancelled at line 188 while timer callback tw_kick, which schedules it, is stopped only at line 189 \\(del_timer_sync\\(\\)\\): it can be scheduled again in between; stop timer tw->kick first" */
	del_timer_sync(&tw->kick);
	cancel_delayed_work(&tw->poll); /* want "work item tw->poll re-queues itself in tw_poll\\(\\) \\(line 147\\), but is cancelled in tw_remove\\(\\) with cancel_delayed_work\\(\\), which neither waits for a running instance nor keeps it from queueing itself again: it can run after the device is unbound or the module unloaded; use cancel_delayed_work_sync\\(\\)" */
	cancel_delayed_work_sync(&tw->scan); /* waits and blocks re-queueing: right */
	disable_work_sync(&tw->step); /* disabled: the timer cannot queue it again */
	timer_shutdown_sync(&tw->tick);
}

static struct platform_driver tw_driver = {
	.probe = tw_probe,
	.remove = tw_remove,
	.driver = { .name = "tw" },
};

static int __init two_init(void)
{
	int ret = platform_driver_register(&dm_driver);

	if (ret)
		return ret;
	ret = platform_driver_register(&dm2_driver);
	if (ret)
		return ret;
	return platform_driver_register(&tw_driver);
}
module_init(two_init);
