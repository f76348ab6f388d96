/*
 * Work items whose work function drops a count of pending requests (one
 * call down, through a helper it first meets four calls deep down
 * another chain). Remove sleeps until the pending count is zero, so the
 * work has run when it returns (not reported). Next to it, the same on
 * a count remove waits to become non-zero, and on one only suspend
 * waits to drain (reported).
 */
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

struct zw {
	atomic_t pending;
	atomic_t busy;
	atomic_t inflight;
	wait_queue_head_t idle;
	struct work_struct done_work;	/* pending: drained at remove */
	struct work_struct busy_work;	/* busy: remove waits for non-zero */
	struct work_struct susp_work;	/* inflight: drained only at suspend */
	int state;
};

static void zw_pending_done(struct zw *zw)
{
	atomic_dec(&zw->pending);
	wake_up(&zw->idle);
}

static void zw_busy_done(struct zw *zw)
{
	atomic_dec(&zw->busy);
	wake_up(&zw->idle);
}

static void zw_inflight_done(struct zw *zw)
{
	atomic_dec(&zw->inflight);
	wake_up(&zw->idle);
}

static void zw_pending_step(struct zw *zw)
{
	if (zw->state)
		zw_pending_done(zw);
}

static void zw_pending_retry(struct zw *zw)
{
	zw_pending_step(zw);
}

static void zw_busy_step(struct zw *zw)
{
	if (zw->state)
		zw_busy_done(zw);
}

static void zw_busy_retry(struct zw *zw)
{
	zw_busy_step(zw);
}

static void zw_inflight_step(struct zw *zw)
{
	if (zw->state)
		zw_inflight_done(zw);
}

static void zw_inflight_retry(struct zw *zw)
{
	zw_inflight_step(zw);
}

void zw_submit(struct zw *zw)
{
	atomic_inc(&zw->pending);
	atomic_inc(&zw->busy);
	atomic_inc(&zw->inflight);
}
EXPORT_SYMBOL_GPL(zw_submit);

static void zw_done_fn(struct work_struct *work)
{
	struct zw *zw = container_of(work, struct zw, done_work);

	if (zw->state == 1)
		zw_pending_retry(zw);
	else
		zw_pending_done(zw);
}

static void zw_busy_fn(struct work_struct *work)
{
	struct zw *zw = container_of(work, struct zw, busy_work);

	if (zw->state == 1)
		zw_busy_retry(zw);
	else
		zw_busy_done(zw);
}

static void zw_susp_fn(struct work_struct *work)
{
	struct zw *zw = container_of(work, struct zw, susp_work);

	if (zw->state == 1)
		zw_inflight_retry(zw);
	else
		zw_inflight_done(zw);
}

static void zw_quiesce(struct zw *zw)
{
	wait_event(zw->idle, atomic_read(&zw->pending) == 0);
	wait_event(zw->idle, atomic_read(&zw->busy));
}

int zw_suspend(struct zw *zw)
{
	wait_event(zw->idle, !atomic_read(&zw->inflight));
	return 0;
}
EXPORT_SYMBOL_GPL(zw_suspend);

static int zw_probe(struct platform_device *pdev)
{
	struct zw *zw = kzalloc(sizeof(*zw), GFP_KERNEL);

	if (!zw)
		return -ENOMEM;
	init_waitqueue_head(&zw->idle);
	INIT_WORK(&zw->done_work, zw_done_fn);
	INIT_WORK(&zw->busy_work, zw_busy_fn); /* want "work item zw->busy_work is queued on the system workqueue \\(schedule_work\\(\\) at line 140\\) but never cancelled" */
	INIT_WORK(&zw->susp_work, zw_susp_fn); /* want "work item zw->susp_work is queued on the system workqueue \\(schedule_work\\(\\) at line 141\\) but never cancelled" */
	platform_set_drvdata(pdev, zw);
	schedule_work(&zw->done_work);
	schedule_work(&zw->busy_work);
	schedule_work(&zw->susp_work);
	return 0;
}

static void zw_remove(struct platform_device *pdev)
{
	struct zw *zw = platform_get_drvdata(pdev);

	zw_quiesce(zw);
	kfree(zw);
}

static struct platform_driver zw_driver = {
	.probe = zw_probe,
	.remove = zw_remove,
	.driver = { .name = "zw" },
};
module_platform_driver(zw_driver);
