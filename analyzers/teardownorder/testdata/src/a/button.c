/*
 * A delayed work whose function queues a different work item with the
 * same member name: a request allocated and set up right there. The
 * delayed work does not re-queue itself, so its cancel need not wait
 * for that reason (the queue is destroyed after it, which drains it).
 * Beside it, a delayed work that does re-queue itself.
 */
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/workqueue.h>
#include <linux/slab.h>

struct pbslot { struct delayed_work work; struct workqueue_struct *wq; };
struct pbreq { struct work_struct work; struct pbslot *slot; };
struct pbself { struct delayed_work poll; struct workqueue_struct *wq; };

static void pb_run(struct work_struct *w)
{
	struct pbreq *req = container_of(w, struct pbreq, work);

	kfree(req);
}

static void pb_press(struct work_struct *w)
{
	struct pbslot *slot = container_of(w, struct pbslot, work.work);
	struct pbreq *req = kmalloc(sizeof(*req), GFP_KERNEL);

	req->slot = slot;
	INIT_WORK(&req->work, pb_run);
	queue_work(slot->wq, &req->work);
}

static void ps_poll(struct work_struct *w)
{
	struct pbself *ps = container_of(to_delayed_work(w), struct pbself, poll);

	queue_delayed_work(ps->wq, &ps->poll, HZ);
}

static int pb_probe(struct platform_device *pdev)
{
	struct pbslot *slot = devm_kzalloc(&pdev->dev, sizeof(*slot), GFP_KERNEL);
	struct pbself *ps = devm_kzalloc(&pdev->dev, sizeof(*ps), GFP_KERNEL);

	slot->wq = alloc_workqueue("pb", 0, 0);
	INIT_DELAYED_WORK(&slot->work, pb_press);
	ps->wq = alloc_workqueue("ps", 0, 0);
	INIT_DELAYED_WORK(&ps->poll, ps_poll);
	queue_delayed_work(ps->wq, &ps->poll, HZ);
	platform_set_drvdata(pdev, slot);
	dev_set_drvdata(&pdev->dev, ps);
	return 0;
}

static void pb_remove(struct platform_device *pdev)
{
	struct pbslot *slot = platform_get_drvdata(pdev);
	struct pbself *ps = dev_get_drvdata(&pdev->dev);

	cancel_delayed_work(&slot->work); /* pb_press() queues req->work, not itself */
	destroy_workqueue(slot->wq);
	cancel_delayed_work(&ps->poll); /* want "work item ps->poll re-queues itself in ps_poll\\(\\)" */
	destroy_workqueue(ps->wq);
}

static struct platform_driver pb_driver = {
	.probe = pb_probe,
	.remove = pb_remove,
	.driver = { .name = "pb" },
};
module_platform_driver(pb_driver);
