// SPDX-License-Identifier: GPL-2.0
/*
 * tcore: a small block target core. Commands come in from a transport,
 * each one pinning the LUN it addresses with a percpu reference; a
 * command the transport cannot take right now goes on the device's
 * queue-full list and is retried from a work item. Removing a LUN kills
 * its reference and waits until every command has let go of it.
 */
#include <linux/module.h>
#include <linux/list.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/completion.h>
#include <linux/percpu-refcount.h>
#include <linux/workqueue.h>

enum { TC_QF_WRITE = 1, TC_QF_STATUS = 2 };

struct tc_lun {
	struct percpu_ref	ref;
	struct completion	gone;
	bool			live;
};

struct tc_cmd;

struct tc_fabric_ops {
	int (*write_pending)(struct tc_cmd *cmd);
	int (*queue_status)(struct tc_cmd *cmd);
};

struct tc_cmd {
	struct list_head	qf_node;
	struct tc_lun		*lun;
	const struct tc_fabric_ops *ops;
	int			qf_state;
	int			status;
};

struct tc_dev {
	spinlock_t		qf_lock;
	struct list_head	qf_list;
	struct work_struct	qf_work;
	struct work_struct	ua_work;
	int			ua_pending;
	struct tc_lun		lun;
};

static struct tc_dev *tc_dev;

static void tc_lun_release(struct percpu_ref *ref)
{
	struct tc_lun *lun = container_of(ref, struct tc_lun, ref);

	complete(&lun->gone);
}

int tc_lookup_lun(struct tc_cmd *cmd)
{
	if (!percpu_ref_tryget_live(&tc_dev->lun.ref))
		return -ENODEV;
	cmd->lun = &tc_dev->lun;
	return 0;
}
EXPORT_SYMBOL_GPL(tc_lookup_lun);

static void tc_lun_remove_cmd(struct tc_cmd *cmd)
{
	struct tc_lun *lun = cmd->lun;

	if (!lun)
		return;
	cmd->lun = NULL;
	percpu_ref_put(&lun->ref);
}

static void tc_queue_full(struct tc_dev *dev, struct tc_cmd *cmd, int state)
{
	cmd->qf_state = state;
	spin_lock_irq(&dev->qf_lock);
	list_add_tail(&cmd->qf_node, &dev->qf_list);
	spin_unlock_irq(&dev->qf_lock);
	schedule_work(&dev->qf_work);
}

static void tc_complete_qf(struct tc_cmd *cmd)
{
	if (cmd->ops->queue_status(cmd) < 0) {
		tc_queue_full(tc_dev, cmd, TC_QF_STATUS);
		return;
	}
	tc_lun_remove_cmd(cmd);
}

/* A write the transport refuses for good is answered with a status. */
static void tc_check_write(struct tc_cmd *cmd, int ret)
{
	if (ret == -EAGAIN || ret == -ENOMEM) {
		tc_queue_full(tc_dev, cmd, TC_QF_WRITE);
	} else if (ret) {
		cmd->status = -EIO;
		tc_complete_qf(cmd);
	}
}

static void tc_write_pending_qf(struct tc_cmd *cmd)
{
	tc_check_write(cmd, cmd->ops->write_pending(cmd));
}

static void tc_qf_work(struct work_struct *work)
{
	struct tc_dev *dev = container_of(work, struct tc_dev, qf_work);
	struct tc_cmd *cmd, *tmp;
	LIST_HEAD(list);

	spin_lock_irq(&dev->qf_lock);
	list_splice_init(&dev->qf_list, &list);
	spin_unlock_irq(&dev->qf_lock);

	list_for_each_entry_safe(cmd, tmp, &list, qf_node) {
		list_del(&cmd->qf_node);
		if (cmd->qf_state == TC_QF_WRITE)
			tc_write_pending_qf(cmd);
		else
			tc_complete_qf(cmd);
	}
}

/* Unit attention: tell the transports the LUN's parameters changed. */
static void tc_ua_work(struct work_struct *work)
{
	struct tc_dev *dev = container_of(work, struct tc_dev, ua_work);

	dev->ua_pending = 0;
	pr_info("tcore: unit attention raised\n");
}

void tc_cmd_done(struct tc_cmd *cmd)
{
	int ret = cmd->ops->queue_status(cmd);

	if (ret == -EAGAIN || ret == -ENOMEM) {
		tc_queue_full(tc_dev, cmd, TC_QF_STATUS);
		return;
	}
	tc_lun_remove_cmd(cmd);
}
EXPORT_SYMBOL_GPL(tc_cmd_done);

void tc_write_ready(struct tc_cmd *cmd)
{
	tc_check_write(cmd, cmd->ops->write_pending(cmd));
}
EXPORT_SYMBOL_GPL(tc_write_ready);

/* What a transport calls back into, handed out when it attaches. */
struct tc_core_ops {
	void (*cmd_done)(struct tc_cmd *cmd);
	void (*write_ready)(struct tc_cmd *cmd);
};

static const struct tc_core_ops tc_core_ops = {
	.cmd_done	= tc_cmd_done,
	.write_ready	= tc_write_ready,
};

const struct tc_core_ops *tc_attach(void)
{
	return tc_dev->lun.live ? &tc_core_ops : NULL;
}
EXPORT_SYMBOL_GPL(tc_attach);

static void tc_lun_shutdown(struct tc_lun *lun)
{
	lun->live = false;
	percpu_ref_kill(&lun->ref);
	wait_for_completion(&lun->gone);
	percpu_ref_exit(&lun->ref);
}

static int __init tc_init(void)
{
	int ret;

	tc_dev = kzalloc(sizeof(*tc_dev), GFP_KERNEL);
	if (!tc_dev)
		return -ENOMEM;
	spin_lock_init(&tc_dev->qf_lock);
	INIT_LIST_HEAD(&tc_dev->qf_list);
	INIT_WORK(&tc_dev->qf_work, tc_qf_work);
	INIT_WORK(&tc_dev->ua_work, tc_ua_work); /* want "ua_work is queued on the system workqueue.*never cancelled.*KD304" */
	init_completion(&tc_dev->lun.gone);
	ret = percpu_ref_init(&tc_dev->lun.ref, tc_lun_release, 0, GFP_KERNEL);
	if (ret) {
		kfree(tc_dev);
		return ret;
	}
	tc_dev->lun.live = true;
	tc_dev->ua_pending = 1;
	schedule_work(&tc_dev->ua_work);
	return 0;
}

static void __exit tc_exit(void)
{
	tc_lun_shutdown(&tc_dev->lun);
	kfree(tc_dev);
}

module_init(tc_init);
module_exit(tc_exit);
MODULE_DESCRIPTION("sample block target core");
MODULE_LICENSE("GPL");
