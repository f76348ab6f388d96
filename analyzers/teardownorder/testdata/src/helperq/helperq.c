/*
 * Work items that re-queue themselves through a helper one call down.
 * Called under no test, a helper that queues under no test makes the
 * work item re-queue itself (reported when it is cancelled without
 * waiting); a helper called only under a test, or one that queues only
 * under a test, does not (KD304's, not this rule's).
 */
#include <linux/platform_device.h>
#include <linux/workqueue.h>

struct hq { struct delayed_work beat, once, cond; int alive; };

static void hq_arm(struct hq *hq) { schedule_delayed_work(&hq->beat, HZ); }
static void hq_again(struct hq *hq) { schedule_delayed_work(&hq->once, HZ); }

static void hq_maybe(struct hq *hq)
{
	if (hq->alive)
		schedule_delayed_work(&hq->cond, HZ);
}

static void hq_beat(struct work_struct *w)
{
	struct hq *hq = container_of(to_delayed_work(w), struct hq, beat);

	hq->alive++;
	hq_arm(hq);
}

static void hq_once(struct work_struct *w)
{
	struct hq *hq = container_of(to_delayed_work(w), struct hq, once);

	if (hq->alive > 3)
		hq_again(hq);
}

static void hq_cond(struct work_struct *w)
{
	struct hq *hq = container_of(to_delayed_work(w), struct hq, cond);

	hq_maybe(hq);
}

static int hq_probe(struct platform_device *pdev)
{
	struct hq *hq = devm_kzalloc(&pdev->dev, sizeof(*hq), GFP_KERNEL);

	INIT_DELAYED_WORK(&hq->beat, hq_beat);
	INIT_DELAYED_WORK(&hq->once, hq_once);
	INIT_DELAYED_WORK(&hq->cond, hq_cond);
	schedule_delayed_work(&hq->beat, HZ);
	schedule_delayed_work(&hq->once, HZ);
	schedule_delayed_work(&hq->cond, HZ);
	platform_set_drvdata(pdev, hq);
	return 0;
}

static void hq_remove(struct platform_device *pdev)
{
	struct hq *hq = platform_get_drvdata(pdev);

	cancel_delayed_work(&hq->beat); /* want "work item hq->beat re-queues itself in hq_beat\\(\\) through hq_arm\\(\\) \\(line 13\\), but is cancelled in hq_remove\\(\\) with cancel_delayed_work\\(\\)" */
	cancel_delayed_work(&hq->once); /* the helper is called under a test */
	cancel_delayed_work(&hq->cond); /* the helper queues under a test */
}

static struct platform_driver hq_driver = {
	.probe = hq_probe,
	.remove = hq_remove,
	.driver = { .name = "hq" },
};
module_platform_driver(hq_driver);
