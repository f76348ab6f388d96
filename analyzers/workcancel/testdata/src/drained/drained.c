/*
 * Work items whose queued commands each hold a reference to their LUN or
 * session, dropped when the work function completes them, two calls
 * down, through a helper the work function first meets four calls deep.
 * The LUN's percpu count is killed and waited for (its release
 * completes what the shutdown waits on), and the session's kref is put
 * and waited for the same way: those work items have run when the
 * teardown's wait returns (not reported). Next to them, the same shape
 * on a target count that is killed but whose shutdown waits for
 * something its release does not complete, and one whose put is four
 * calls down (reported).
 */
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/percpu-refcount.h>
#include <linux/kref.h>
#include <linux/completion.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

struct dr_lun { struct percpu_ref lun_ref; struct completion lun_gone; };
struct dr_tgt { struct percpu_ref tgt_ref; struct completion tgt_gone; struct completion tgt_idle; };
struct dr_sess { struct kref kref; struct completion released; };
struct dr_cmd { struct dr_lun *lun; struct dr_tgt *tgt; struct dr_sess *sess; int state; };

struct dr_dev {
	struct work_struct qf_work;	/* commands hold lun_ref: drained */
	struct work_struct sess_work;	/* commands hold the session's kref: drained */
	struct work_struct tgt_work;	/* tgt_ref killed, release not waited for */
	struct work_struct deep_work;	/* lun_ref put four calls down */
	struct dr_cmd *cmd;
	struct dr_lun lun;
	struct dr_tgt tgt;
	struct dr_sess sess;
};

static void dr_lun_release(struct percpu_ref *ref)
{
	struct dr_lun *lun = container_of(ref, struct dr_lun, lun_ref);

	complete(&lun->lun_gone);
}

static void dr_tgt_release(struct percpu_ref *ref)
{
	struct dr_tgt *tgt = container_of(ref, struct dr_tgt, tgt_ref);

	complete(&tgt->tgt_gone);
}

static void dr_sess_release(struct kref *kref)
{
	struct dr_sess *sess = container_of(kref, struct dr_sess, kref);

	complete_all(&sess->released);
}

static void dr_lun_remove_cmd(struct dr_cmd *cmd)
{
	percpu_ref_put(&cmd->lun->lun_ref);
}

static void dr_tgt_remove_cmd(struct dr_cmd *cmd)
{
	percpu_ref_put(&cmd->tgt->tgt_ref);
}

static void dr_sess_remove_cmd(struct dr_cmd *cmd)
{
	kref_put(&cmd->sess->kref, dr_sess_release);
}

static void dr_complete(struct dr_cmd *cmd)
{
	cmd->state = 2;
	dr_lun_remove_cmd(cmd);
}

static void dr_tgt_complete(struct dr_cmd *cmd)
{
	cmd->state = 2;
	dr_tgt_remove_cmd(cmd);
}

static void dr_sess_complete(struct dr_cmd *cmd)
{
	cmd->state = 2;
	dr_sess_remove_cmd(cmd);
}

/* Retrying a write completes it when the retry is the last: the work
 * function meets each completion first down this chain. */
static void dr_requeue(struct dr_cmd *cmd)
{
	if (cmd->state == 1) {
		dr_complete(cmd);
		dr_tgt_complete(cmd);
		dr_sess_complete(cmd);
	}
}

static void dr_retry(struct dr_cmd *cmd)
{
	dr_requeue(cmd);
}

static void dr_retry_write(struct dr_cmd *cmd)
{
	dr_retry(cmd);
}

static void dr_qf_work(struct work_struct *work)
{
	struct dr_dev *dev = container_of(work, struct dr_dev, qf_work);

	if (dev->cmd->state == 1)
		dr_retry_write(dev->cmd);
	else
		dr_complete(dev->cmd);
}

static void dr_sess_work(struct work_struct *work)
{
	struct dr_dev *dev = container_of(work, struct dr_dev, sess_work);

	if (dev->cmd->state == 1)
		dr_retry_write(dev->cmd);
	else
		dr_sess_complete(dev->cmd);
}

static void dr_tgt_work(struct work_struct *work)
{
	struct dr_dev *dev = container_of(work, struct dr_dev, tgt_work);

	if (dev->cmd->state == 1)
		dr_retry_write(dev->cmd);
	else
		dr_tgt_complete(dev->cmd);
}

static void dr_deep4(struct dr_cmd *cmd)
{
	dr_lun_remove_cmd(cmd);
}

static void dr_deep3(struct dr_cmd *cmd)
{
	dr_deep4(cmd);
}

static void dr_deep2(struct dr_cmd *cmd)
{
	dr_deep3(cmd);
}

static void dr_deep_work(struct work_struct *work)
{
	struct dr_dev *dev = container_of(work, struct dr_dev, deep_work);

	dr_deep2(dev->cmd);
}

static void dr_lun_shutdown(struct dr_lun *lun)
{
	percpu_ref_kill(&lun->lun_ref);
	wait_for_completion(&lun->lun_gone);
}

static void dr_tgt_stop(struct dr_tgt *tgt)
{
	percpu_ref_kill(&tgt->tgt_ref);
	wait_for_completion(&tgt->tgt_idle);
}

static void dr_sess_close(struct dr_sess *sess)
{
	kref_put(&sess->kref, dr_sess_release);
	wait_for_completion(&sess->released);
}

static int dr_probe(struct platform_device *pdev)
{
	struct dr_dev *dev = kzalloc(sizeof(*dev), GFP_KERNEL);

	if (!dev)
		return -ENOMEM;
	if (percpu_ref_init(&dev->lun.lun_ref, dr_lun_release, 0, GFP_KERNEL))
		return -ENOMEM;
	if (percpu_ref_init(&dev->tgt.tgt_ref, dr_tgt_release, 0, GFP_KERNEL))
		return -ENOMEM;
	init_completion(&dev->lun.lun_gone);
	init_completion(&dev->tgt.tgt_gone);
	init_completion(&dev->tgt.tgt_idle);
	init_completion(&dev->sess.released);
	kref_init(&dev->sess.kref);
	INIT_WORK(&dev->qf_work, dr_qf_work);
	INIT_WORK(&dev->sess_work, dr_sess_work);
	INIT_WORK(&dev->tgt_work, dr_tgt_work); /* want "work item dev->tgt_work is queued on the system workqueue \\(schedule_work\\(\\) at line 204\\) but never cancelled" */
	INIT_WORK(&dev->deep_work, dr_deep_work); /* want "work item dev->deep_work is queued on the system workqueue \\(schedule_work\\(\\) at line 205\\) but never cancelled" */
	platform_set_drvdata(pdev, dev);
	schedule_work(&dev->qf_work);
	schedule_work(&dev->sess_work);
	schedule_work(&dev->tgt_work);
	schedule_work(&dev->deep_work);
	return 0;
}

static void dr_remove(struct platform_device *pdev)
{
	struct dr_dev *dev = platform_get_drvdata(pdev);

	dr_lun_shutdown(&dev->lun);
	dr_tgt_stop(&dev->tgt);
	dr_sess_close(&dev->sess);
	kfree(dev);
}

static struct platform_driver dr_driver = {
	.probe = dr_probe,
	.remove = dr_remove,
	.driver = { .name = "dr" },
};
module_platform_driver(dr_driver);
