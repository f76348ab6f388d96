/*
 * A work item that is an object's deferred last put: its work function
 * hands the object it lives in to a helper that frees it, so the work
 * cannot outlive that memory. Next to one whose work function hands the
 * object to a helper that frees nothing.
 */
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

struct lp { struct work_struct free_work; struct work_struct kick; int *buf; };

static void lp_free(struct lp *lp)
{
	kfree(lp->buf);
	kfree(lp);
}

static void lp_note(struct lp *lp)
{
	lp->buf = NULL;
}

static void lp_deferred_free(struct work_struct *w)
{
	struct lp *lp = container_of(w, struct lp, free_work);

	lp_free(lp);
}

static void lp_kick_fn(struct work_struct *w)
{
	struct lp *lp = container_of(w, struct lp, kick);

	lp_note(lp);
}

void lp_put(struct lp *lp)
{
	schedule_work(&lp->free_work);
}

void lp_poke(struct lp *lp)
{
	schedule_work(&lp->kick);
}

static int lp_probe(struct platform_device *pdev)
{
	struct lp *lp = kzalloc(sizeof(*lp), GFP_KERNEL);

	INIT_WORK(&lp->free_work, lp_deferred_free);
	INIT_WORK(&lp->kick, lp_kick_fn); /* want "work item lp->kick is queued on the system workqueue" */
	platform_set_drvdata(pdev, lp);
	return 0;
}

static void lp_remove(struct platform_device *pdev)
{
	lp_put(platform_get_drvdata(pdev));
}

static struct platform_driver lp_driver = {
	.probe = lp_probe,
	.remove = lp_remove,
	.driver = { .name = "lp" },
};
module_platform_driver(lp_driver);
