/*
 * Work items that re-queue themselves only under a test (a retry, a
 * request still pending in a list) are not reported as work that
 * re-queues itself: KD304 reports cancelling one without waiting. One
 * that re-queues itself under no test is.
 */
#include <linux/platform_device.h>
#include <linux/workqueue.h>

struct rq { struct delayed_work assoc, drain, tick; int pending; };

static int rq_try(struct rq *rq) { return rq->pending; }

static void rq_assoc(struct work_struct *w)
{
	struct rq *rq = container_of(to_delayed_work(w), struct rq, assoc);
	int ret;

	ret = rq_try(rq);
	if (ret == -EAGAIN) {
		schedule_delayed_work(&rq->assoc, HZ / 10);
		return;
	}
	ret = 0;
}

static void rq_drain(struct work_struct *w)
{
	struct rq *rq = container_of(to_delayed_work(w), struct rq, drain);

	while (rq->pending) {
		if (rq_try(rq) > 1) {
			unsigned long delay = rq->pending;

			if (delay > HZ)
				delay = HZ;
			schedule_delayed_work(&rq->drain, delay);
			break;
		}
		rq->pending--;
	}
}

static void rq_tick(struct work_struct *w)
{
	struct rq *rq = container_of(to_delayed_work(w), struct rq, tick);

	schedule_delayed_work(&rq->tick, HZ);
}

static int rq_probe(struct platform_device *pdev)
{
	struct rq *rq = devm_kzalloc(&pdev->dev, sizeof(*rq), GFP_KERNEL);

	INIT_DELAYED_WORK(&rq->assoc, rq_assoc);
	INIT_DELAYED_WORK(&rq->drain, rq_drain);
	INIT_DELAYED_WORK(&rq->tick, rq_tick);
	schedule_delayed_work(&rq->assoc, 0);
	schedule_delayed_work(&rq->drain, 0);
	schedule_delayed_work(&rq->tick, HZ);
	platform_set_drvdata(pdev, rq);
	return 0;
}

static void rq_remove(struct platform_device *pdev)
{
	struct rq *rq = platform_get_drvdata(pdev);

	cancel_delayed_work(&rq->assoc); /* re-queued only on a retry: not this rule's */
	cancel_delayed_work(&rq->drain); /* re-queued only while a request is pending, in a loop */
	cancel_delayed_work(&rq->tick); /* want "work item rq->tick re-queues itself in rq_tick\\(\\) \\(line 48\\), but is cancelled in rq_remove\\(\\) with cancel_delayed_work\\(\\)" */
}

static struct platform_driver rq_driver = {
	.probe = rq_probe,
	.remove = rq_remove,
	.driver = { .name = "rq" },
};
module_platform_driver(rq_driver);
