/*
 * How a workqueue is reached at teardown: through a local copy, a helper
 * that made it, a kref release callback, a devres action that reads it
 * from the structure it is given, and created and destroyed under the
 * same test. Each negative case below was a false report once.
 */
#include <linux/pci.h>
#include <linux/workqueue.h>
#include <linux/kref.h>

struct ad {
	struct workqueue_struct *fw_event_q, *scan_q, *rescan_wq, *resubmit_wq;
	struct workqueue_struct *workq, *opt_wq, *leaky_wq, *stats_q;
	struct kref kref;
	int has_opt;
};

/* A local copy, the member cleared before the destroy. */
static void ad_stop_watchdog(struct ad *a)
{
	struct workqueue_struct *wq;

	wq = a->fw_event_q;
	a->fw_event_q = NULL;
	if (wq)
		destroy_workqueue(wq);
}

/* The same, with the copy made in the condition and READ_ONCE. */
static void ad_stop_scan(struct ad *a)
{
	struct workqueue_struct *work_q;

	if ((work_q = READ_ONCE(a->scan_q))) {
		a->scan_q = NULL;
		destroy_workqueue(work_q);
	}
}

/* A helper that makes workqueues for its callers. */
static struct workqueue_struct *ad_create_wq(struct ad *a, char *name)
{
	struct workqueue_struct *wq;

	wq = alloc_ordered_workqueue("%s", 0, name);
	if (!wq)
		return NULL;
	return wq;
}

/* The kref release callback tears everything down. */
static void ad_cleanup(struct kref *kref)
{
	struct ad *a = container_of(kref, struct ad, kref);

	destroy_workqueue(a->workq);
	if (a->has_opt)
		destroy_workqueue(a->opt_wq);
	destroy_workqueue(a->rescan_wq);
	ad_stop_scan(a);
	ad_stop_watchdog(a);
	kfree(a);
}

static int ad_start(struct ad *a);

static int ad_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct ad *a;
	int ret;

	a = kzalloc(sizeof(*a), GFP_KERNEL);
	if (!a)
		return -ENOMEM;
	kref_init(&a->kref);
	a->fw_event_q = alloc_workqueue("fw", 0, 0);
	if (!a->fw_event_q)
		goto free;
	a->scan_q = alloc_workqueue("scan", 0, 0);
	if (!a->scan_q)
		goto stop_wd;
	a->rescan_wq = ad_create_wq(a, "rescan");
	if (!a->rescan_wq)
		goto stop_scan;
	a->resubmit_wq = ad_create_wq(a, "resubmit"); /* want "workqueue a->resubmit_wq is never destroyed: .*, nor when ad_probe\\(\\) returns at line 104 \\(goto put\\) and on 1 other error path; it is created by ad_create_wq\\(\\)" */
	if (!a->resubmit_wq)
		goto rescan;
	if (a->has_opt) {
		a->opt_wq = alloc_workqueue("opt", 0, 0);
		if (!a->opt_wq)
			goto rescan;
	}
	a->workq = alloc_workqueue("work", 0, 0);
	if (!a->workq)
		goto opt;
	ret = ad_start(a);
	if (ret)
		goto put; /* the release callback destroys them */
	pci_set_drvdata(pdev, a);
	return 0;

put:
	kref_put(&a->kref, ad_cleanup);
	return ret;
opt:
	if (a->has_opt)
		destroy_workqueue(a->opt_wq); /* under the test it was created under */
rescan:
	destroy_workqueue(a->rescan_wq);
stop_scan:
	ad_stop_scan(a);
stop_wd:
	ad_stop_watchdog(a);
free:
	kfree(a);
	return -ENOMEM;
}

static void ad_remove(struct pci_dev *pdev)
{
	struct ad *a = pci_get_drvdata(pdev);

	kref_put(&a->kref, ad_cleanup);
}

static struct pci_driver ad_driver = {
	.name = "ad",
	.probe = ad_probe,
	.remove = ad_remove,
};

/* Devres runs the action with the structure; it destroys a member. */
static void ad2_destroy(void *data)
{
	struct ad *a = data;

	destroy_workqueue(a->stats_q);
}

static int ad2_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct ad *a = devm_kzalloc(&pdev->dev, sizeof(*a), GFP_KERNEL);
	int ret;

	if (!a)
		return -ENOMEM;
	a->stats_q = alloc_workqueue("stats", 0, 0);
	if (!a->stats_q)
		return -ENOMEM;
	ret = devm_add_action_or_reset(&pdev->dev, ad2_destroy, a);
	if (ret)
		return ret; /* the action already ran */
	a->leaky_wq = alloc_workqueue("leaky", 0, 0); /* want "workqueue a->leaky_wq is never destroyed: .*, nor when ad2_probe\\(\\) returns at line 156 \\(when pci_enable_device\\(\\) fails\\)" */
	if (!a->leaky_wq)
		return -ENOMEM;
	return pci_enable_device(pdev);
}

static struct pci_driver ad2_driver = {
	.name = "ad2",
	.probe = ad2_probe,
};

module_driver(ad_driver, pci_register_driver, pci_unregister_driver);
