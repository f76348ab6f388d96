/*
 * Work items that re-queue themselves only under a test (a retry, a
 * request still pending in a list) are not KD305's self re-queueing
 * work: cancelling one without waiting is this rule's, since a running
 * instance can still be running after remove. One that re-queues itself
 * unconditionally is KD305's alone.
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

	cancel_delayed_work(&rq->assoc); /* want "work item rq->assoc is cancelled with cancel_delayed_work\\(\\) in rq_remove\\(\\), which does not wait for a running instance of rq_assoc\\(\\)" */
	cancel_delayed_work(&rq->drain); /* want "work item rq->drain is cancelled with cancel_delayed_work\\(\\) in rq_remove\\(\\)" */
	cancel_delayed_work(&rq->tick); /* re-queues itself under no test: KD305's */
}

static struct platform_driver rq_driver = {
	.probe = rq_probe,
	.remove = rq_remove,
	.driver = { .name = "rq" },
};
module_platform_driver(rq_driver);
