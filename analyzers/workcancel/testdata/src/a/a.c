#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/workqueue.h>
#include <linux/devm-helpers.h>
#include <linux/interrupt.h>

struct wc {
	struct work_struct event_work, reset_work, flushed, own_work, locked_work;
	struct delayed_work poll_work, stats_work, auto_work, self_work;
	struct workqueue_struct *wq;
	spinlock_t lock;
	int irq;
};

static void event_fn(struct work_struct *w) { }
static void reset_fn(struct work_struct *w) { }
static void flushed_fn(struct work_struct *w) { }
static void own_fn(struct work_struct *w) { }
static void locked_fn(struct work_struct *w) { }
static void poll_fn(struct work_struct *w) { }
static void stats_fn(struct work_struct *w) { }
static void auto_fn(struct work_struct *w) { }

static void self_fn(struct work_struct *w)
{
	struct wc *wc = container_of(to_delayed_work(w), struct wc, self_work);

	schedule_delayed_work(&wc->self_work, HZ); /* re-queues itself: KD305's */
}

static irqreturn_t wc_irq(int irq, void *data)
{
	struct wc *wc = data;

	schedule_work(&wc->event_work);
	schedule_work(&wc->reset_work);
	queue_work(system_long_wq, &wc->flushed);
	queue_work(wc->wq, &wc->own_work); /* the driver's own queue: destroyed in remove */
	queue_work(system_highpri_wq, &wc->locked_work);
	return IRQ_HANDLED;
}

static int wc_probe(struct platform_device *pdev)
{
	struct wc *wc = devm_kzalloc(&pdev->dev, sizeof(*wc), GFP_KERNEL);
	int ret;

	wc->wq = alloc_workqueue("wc", 0, 0);
	if (!wc->wq)
		return -ENOMEM;
	INIT_WORK(&wc->event_work, event_fn); /* want "work item wc->event_work is queued on the system workqueue \\(schedule_work\\(\\) at line 35\\) but never cancelled: no cancel_work_sync\\(&wc->event_work\\) on the exit or remove path \\(wc_remove\\(\\)\\), so event_fn\\(\\) can run after the device is unbound or the module unloaded" */
	INIT_WORK(&wc->reset_work, reset_fn);
	INIT_WORK(&wc->flushed, flushed_fn);
	INIT_WORK(&wc->own_work, own_fn);
	INIT_WORK(&wc->locked_work, locked_fn);
	INIT_DELAYED_WORK(&wc->poll_work, poll_fn);
	schedule_delayed_work(&wc->poll_work, HZ);
	INIT_DELAYED_WORK(&wc->stats_work, stats_fn);
	mod_delayed_work(system_wq, &wc->stats_work, HZ);
	INIT_DELAYED_WORK(&wc->self_work, self_fn);
	schedule_delayed_work(&wc->self_work, HZ);
	ret = devm_delayed_work_autocancel(&pdev->dev, &wc->auto_work, auto_fn); /* devres cancels it */
	if (ret)
		goto err;
	schedule_delayed_work(&wc->auto_work, HZ);
	platform_set_drvdata(pdev, wc);
	return devm_request_irq(&pdev->dev, wc->irq, wc_irq, 0, "wc", wc);
err:
	destroy_workqueue(wc->wq);
	return ret;
}

static void wc_quiesce(struct wc *wc)
{
	flush_work(&wc->flushed);
}

static void wc_remove(struct platform_device *pdev)
{
	struct wc *wc = platform_get_drvdata(pdev);
	unsigned long flags;

	devm_free_irq(&pdev->dev, wc->irq, wc);
	cancel_work_sync(&wc->reset_work);
	wc_quiesce(wc);
	cancel_delayed_work(&wc->poll_work); /* want "work item wc->poll_work is cancelled with cancel_delayed_work\\(\\) in wc_remove\\(\\), which does not wait for a running instance of poll_fn\\(\\): it can still run after the device is unbound or the module unloaded; use cancel_delayed_work_sync\\(\\)" */
	cancel_delayed_work_sync(&wc->stats_work);
	cancel_delayed_work(&wc->self_work);
	spin_lock_irqsave(&wc->lock, flags);
	cancel_work(&wc->locked_work); /* under a spinlock: the waiting form cannot be used here */
	spin_unlock_irqrestore(&wc->lock, flags);
	destroy_workqueue(wc->wq);
}

static struct platform_driver wc_driver = {
	.probe = wc_probe,
	.remove = wc_remove,
	.driver = { .name = "wc" },
};
module_platform_driver(wc_driver);
