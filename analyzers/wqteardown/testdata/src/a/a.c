#include <linux/platform_device.h>
#include <linux/workqueue.h>

struct wqd { struct workqueue_struct *wq, *ev_wq, *aux_wq; struct clk *clk; int irq; };

static void wqd_cleanup(struct wqd *d)
{
	destroy_workqueue(d->aux_wq);
}

static int wqd_probe(struct platform_device *pdev)
{
	struct wqd *d;
	struct workqueue_struct *wq;
	int ret;

	d = devm_kzalloc(&pdev->dev, sizeof(*d), GFP_KERNEL);
	if (!d)
		return -ENOMEM;

	wq = alloc_ordered_workqueue("wqd", 0);
	if (!wq)
		return -ENOMEM; /* creation failed: nothing to destroy */
	d->wq = wq;

	d->ev_wq = create_singlethread_workqueue("wqd-ev"); /* want "workqueue d->ev_wq is never destroyed: destroy_workqueue\\(d->ev_wq\\) is not called on the exit or remove path \\(.*\\), nor when wqd_probe\\(\\) returns at line 51 \\(goto err_(aux|ev)\\)" */
	if (!d->ev_wq) {
		ret = -ENOMEM;
		goto err_wq;
	}

	d->aux_wq = alloc_workqueue("wqd-aux", WQ_HIGHPRI, 1);
	if (IS_ERR_OR_NULL(d->aux_wq)) {
		ret = -ENOMEM;
		goto err_ev;
	}

	ret = platform_get_irq(pdev, 0);
	if (ret < 0)
		goto err_aux;
	d->irq = ret;
	platform_set_drvdata(pdev, d);
	return 0;

err_aux:
	wqd_cleanup(d);
err_ev:
	/* forgot destroy_workqueue(d->ev_wq) */
err_wq:
	destroy_workqueue(d->wq);
	return ret;
}

static int wqd_remove(struct platform_device *pdev)
{
	struct wqd *p = platform_get_drvdata(pdev);

	wqd_cleanup(p);
	destroy_workqueue(p->wq);
	return 0;
}

static struct platform_driver wqd_driver = {
	.probe = wqd_probe,
	.remove = wqd_remove,
	.driver = { .name = "wqd" },
};
module_platform_driver(wqd_driver);

/* A workqueue handed to devres is destroyed by it, on remove and on any
 * later probe failure. */
struct dd { struct workqueue_struct *wq; };

static void dd_destroy_wq(void *data)
{
	destroy_workqueue(data);
}

static int dd_probe(struct platform_device *pdev)
{
	struct dd *d = devm_kzalloc(&pdev->dev, sizeof(*d), GFP_KERNEL);
	int ret;

	d->wq = alloc_workqueue("dd", 0, 0);
	if (!d->wq)
		return -ENOMEM;
	ret = devm_add_action_or_reset(&pdev->dev, dd_destroy_wq, d->wq);
	if (ret)
		return ret;
	ret = platform_get_irq(pdev, 0);
	if (ret < 0)
		return ret;
	return 0;
}

static struct platform_driver dd_driver = {
	.probe = dd_probe,
	.driver = { .name = "dd" },
};

/* No explicit "return 0": an error return is recognised by the test
 * that leads to it. */
static struct workqueue_struct *old_wq;

static int __init old_init(void)
{
	int ret;

	old_wq = create_workqueue("old"); /* want "workqueue old_wq is not destroyed when old_init\\(\\) returns at line" */
	if (!old_wq)
		return -ENOMEM;
	ret = misc_register(&old_dev);
	if (ret)
		return ret;
	ret = old_start();
	return ret;
}

static void __exit old_exit(void)
{
	destroy_workqueue(old_wq);
}

module_init(old_init);
module_exit(old_exit);

/* "out: return ret;" is reached by the successful fall-through and by
 * failures from before the workqueue existed: neither leaks it. */
struct lb { struct workqueue_struct *workqueue; };

static int lb_probe(struct platform_device *pdev)
{
	struct lb *card = devm_kzalloc(&pdev->dev, sizeof(*card), GFP_KERNEL);
	int ret;

	if (!card) {
		ret = -ENOMEM;
		goto out;
	}
	card->workqueue = alloc_workqueue("lb", 0, 0);
	if (!card->workqueue) {
		ret = -ENOMEM;
		goto out;
	}
	ret = platform_get_irq(pdev, 0);
	if (ret < 0)
		goto err_wq;
	ret = 0;
out:
	return ret;
err_wq:
	destroy_workqueue(card->workqueue);
	return ret;
}

static int lb_remove(struct platform_device *pdev)
{
	struct lb *card = platform_get_drvdata(pdev);

	destroy_workqueue(card->workqueue);
	return 0;
}

static struct platform_driver lb_driver = {
	.probe = lb_probe,
	.remove = lb_remove,
};

/* A module-wide workqueue that probe creates for the first device and
 * module exit destroys: a failed probe may leave it. */
static struct workqueue_struct *shared_wq;

static int sh_probe(struct platform_device *pdev)
{
	int rc;

	if (!shared_wq) {
		shared_wq = create_singlethread_workqueue("shared"); /* want "workqueue shared_wq is never destroyed" */
		if (!shared_wq)
			return -ENOMEM;
	}
	rc = platform_get_irq(pdev, 0);
	if (rc < 0)
		return rc;
	return 0;
}

static struct platform_driver sh_driver = {
	.probe = sh_probe,
};
