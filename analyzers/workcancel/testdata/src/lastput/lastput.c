/*
 * Work items whose work function is the object's deferred last put: it
 * hands the structure it lives in to a helper that frees it, two calls
 * down (not reported). Next to them, work functions that hand their
 * structure to a helper that frees something else: a command the
 * structure points to, or another argument (reported).
 */
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

struct lp_cmd { int status; };

struct lp {
	atomic_t refcnt;
	struct work_struct free_work;	/* frees the lp: deferred last put */
	struct work_struct done_work;	/* frees lp->cmd only */
	struct work_struct swap_work;	/* frees the other argument only */
	struct lp_cmd *cmd;
	struct lp_cmd *spare;
};

static struct kmem_cache *lp_cache;

#define lp_put(_l)						\
	do {							\
		if (atomic_dec_and_test(&(_l)->refcnt))		\
			schedule_work(&(_l)->free_work);	\
	} while (0)

static void lp_release(struct kmem_cache *cache, struct lp *obj)
{
	kmem_cache_free(cache, obj);
}

static void lp_free(struct lp *lp)
{
	lp->cmd = NULL;
	lp_release(lp_cache, lp);
}

static void lp_deferred_free(struct work_struct *work)
{
	struct lp *lp = container_of(work, struct lp, free_work);

	lp_free(lp);
}

static void lp_complete(struct lp *dev)
{
	struct lp_cmd *cmd = dev->cmd;

	dev->cmd = NULL;
	kfree(cmd);
}

static void lp_done(struct work_struct *work)
{
	struct lp *lp = container_of(work, struct lp, done_work);

	lp_complete(lp);
}

static void lp_drop(struct lp_cmd *victim, struct lp *keep)
{
	keep->spare = NULL;
	kfree(victim);
}

static void lp_swap(struct work_struct *work)
{
	struct lp *lp = container_of(work, struct lp, swap_work);

	lp_drop(lp->spare, lp);
}

static int lp_probe(struct platform_device *pdev)
{
	struct lp *lp = kmem_cache_zalloc(lp_cache, GFP_KERNEL);

	if (!lp)
		return -ENOMEM;
	atomic_set(&lp->refcnt, 1);
	INIT_WORK(&lp->free_work, lp_deferred_free);
	INIT_WORK(&lp->done_work, lp_done); /* want "work item lp->done_work is queued on the system workqueue \\(schedule_work\\(\\) at line 89\\) but never cancelled" */
	INIT_WORK(&lp->swap_work, lp_swap); /* want "work item lp->swap_work is queued on the system workqueue \\(schedule_work\\(\\) at line 90\\) but never cancelled" */
	platform_set_drvdata(pdev, lp);
	schedule_work(&lp->done_work);
	schedule_work(&lp->swap_work);
	return 0;
}

static void lp_remove(struct platform_device *pdev)
{
	struct lp *lp = platform_get_drvdata(pdev);

	lp_put(lp);
}

static struct platform_driver lp_driver = {
	.probe = lp_probe,
	.remove = lp_remove,
	.driver = { .name = "lp" },
};
module_platform_driver(lp_driver);
