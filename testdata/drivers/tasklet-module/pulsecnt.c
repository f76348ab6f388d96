// SPDX-License-Identifier: GPL-2.0
/*
 * pulsecnt - count edges on the comparator input of our I/O board and keep
 * a short timestamp history, readable through /dev/pulsecnt.
 *
 * The comparator raises an interrupt for every edge. The hard IRQ handler
 * only latches the timestamp into a small FIFO; a tasklet moves the samples
 * into the history list and re-calibrates the comparator when the block
 * reports threshold drift.
 *
 * Board without device tree, so the IRQ line and register base are module
 * parameters.
 */

#include <linux/module.h>
#include <linux/init.h>
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/slab.h>
#include <linux/delay.h>
#include <linux/spinlock.h>
#include <linux/list.h>
#include <linux/miscdevice.h>
#include <linux/fs.h>
#include <linux/uaccess.h>
#include <linux/ktime.h>
#include <linux/sizes.h>

#define PC_STATUS	0x00
#define PC_CTRL		0x04
#define PC_THRESH	0x08

#define PC_STAT_EDGE	BIT(0)
#define PC_STAT_DRIFT	BIT(1)
#define PC_CTRL_EN	BIT(0)
#define PC_CTRL_CAL	BIT(4)

#define PC_FIFO_LEN	64	/* power of two */
#define PC_HIST_MAX	1024

static int irq = 42;
module_param(irq, int, 0444);
MODULE_PARM_DESC(irq, "comparator interrupt line");

static unsigned long phys_base = 0x40010000;
module_param(phys_base, ulong, 0444);
MODULE_PARM_DESC(phys_base, "physical address of the comparator block");

struct pc_sample {
	struct list_head node;
	ktime_t ts;
	u32 status;
};

static void __iomem *regs;

/* IRQ -> tasklet hand-over; taken from hard IRQ context */
static DEFINE_SPINLOCK(fifo_lock);
static ktime_t fifo_ts[PC_FIFO_LEN];
static u32 fifo_status[PC_FIFO_LEN];
static unsigned int fifo_head, fifo_tail;
static atomic_t dropped = ATOMIC_INIT(0);

/* tasklet -> reader; never taken from hard IRQ context */
static DEFINE_SPINLOCK(hist_lock);
static LIST_HEAD(history);
static unsigned int hist_len;

static void pc_tasklet_fn(struct tasklet_struct *t);
static DECLARE_TASKLET(pc_tasklet, pc_tasklet_fn); /* want "pc_tasklet.*KD302" */

/*
 * Re-run the comparator calibration. The block needs CAL held for a couple
 * of milliseconds before the threshold is valid again.
 */
static void pc_recalibrate(void)
{
	u32 ctrl = readl(regs + PC_CTRL);

	writel(ctrl | PC_CTRL_CAL, regs + PC_CTRL);
	msleep(2); /* want "msleep.*KD101" */
	writel(ctrl & ~PC_CTRL_CAL, regs + PC_CTRL);
}

static irqreturn_t pc_irq(int irq, void *dev_id)
{
	u32 status = readl(regs + PC_STATUS);
	unsigned int next;

	if (!(status & (PC_STAT_EDGE | PC_STAT_DRIFT)))
		return IRQ_NONE;
	writel(status, regs + PC_STATUS);	/* write 1 to clear */

	spin_lock(&fifo_lock);
	next = (fifo_head + 1) & (PC_FIFO_LEN - 1);
	if (next != fifo_tail) {
		fifo_ts[fifo_head] = ktime_get();
		fifo_status[fifo_head] = status;
		fifo_head = next;
	} else {
		atomic_inc(&dropped);
	}
	spin_unlock(&fifo_lock);

	tasklet_schedule(&pc_tasklet);
	return IRQ_HANDLED;
}

static void pc_tasklet_fn(struct tasklet_struct *t)
{
	struct pc_sample *s, *old;
	unsigned long flags;
	bool drift = false;

	for (;;) {
		/* softirq context: no GFP_KERNEL here */
		s = kmalloc(sizeof(*s), GFP_ATOMIC);
		if (!s) {
			atomic_inc(&dropped);
			break;
		}

		spin_lock_irqsave(&fifo_lock, flags);
		if (fifo_tail == fifo_head) {
			spin_unlock_irqrestore(&fifo_lock, flags);
			kfree(s);
			break;
		}
		s->ts = fifo_ts[fifo_tail];
		s->status = fifo_status[fifo_tail];
		fifo_tail = (fifo_tail + 1) & (PC_FIFO_LEN - 1);
		spin_unlock_irqrestore(&fifo_lock, flags);

		if (s->status & PC_STAT_DRIFT)
			drift = true;

		old = NULL;
		spin_lock(&hist_lock);
		list_add_tail(&s->node, &history);
		if (++hist_len > PC_HIST_MAX) {
			old = list_first_entry(&history, struct pc_sample, node);
			list_del(&old->node);
			hist_len--;
		}
		spin_unlock(&hist_lock);
		kfree(old);
	}

	if (drift) {
		/* let the comparator output settle before touching it */
		mdelay(1);
		pc_recalibrate();
	}
}

static ssize_t pc_read(struct file *file, char __user *buf, size_t count,
		       loff_t *ppos)
{
	struct pc_sample *s;
	u64 snap[16];
	unsigned int n = 0;
	size_t len;

	/* snapshot the newest samples under the lock, copy out after */
	spin_lock_bh(&hist_lock);
	list_for_each_entry_reverse(s, &history, node) {
		if (n == ARRAY_SIZE(snap))
			break;
		snap[n++] = ktime_to_ns(s->ts);
	}
	spin_unlock_bh(&hist_lock);

	len = min_t(size_t, count, n * sizeof(u64));
	if (copy_to_user(buf, snap, len))
		return -EFAULT;
	return len;
}

static const struct file_operations pc_fops = {
	.owner	= THIS_MODULE,
	.read	= pc_read,
	.llseek	= noop_llseek,
};

static struct miscdevice pc_miscdev = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "pulsecnt",
	.fops	= &pc_fops,
};

static void pc_free_history(void)
{
	struct pc_sample *s, *tmp;

	list_for_each_entry_safe(s, tmp, &history, node) {
		list_del(&s->node);
		kfree(s);
	}
	hist_len = 0;
}

static int __init pc_init(void)
{
	int ret;

	regs = ioremap(phys_base, SZ_4K);
	if (!regs)
		return -ENOMEM;

	writel(0, regs + PC_CTRL);
	pc_recalibrate();	/* process context, may sleep */

	ret = request_irq(irq, pc_irq, 0, "pulsecnt", &pc_miscdev);
	if (ret) {
		pr_err("pulsecnt: cannot get irq %d: %d\n", irq, ret);
		goto err_unmap;
	}

	ret = misc_register(&pc_miscdev);
	if (ret)
		goto err_irq;

	writel(PC_CTRL_EN, regs + PC_CTRL);
	pr_info("pulsecnt: irq %d, regs at %#lx\n", irq, phys_base);
	return 0;

err_irq:
	free_irq(irq, &pc_miscdev);
err_unmap:
	iounmap(regs);
	return ret;
}

static void __exit pc_exit(void)
{
	misc_deregister(&pc_miscdev);
	writel(0, regs + PC_CTRL);
	free_irq(irq, &pc_miscdev);
	pc_free_history();
	iounmap(regs);
	pr_info("pulsecnt: %d samples dropped\n", atomic_read(&dropped));
}

module_init(pc_init);
module_exit(pc_exit);

MODULE_DESCRIPTION("Comparator edge counter with timestamp history");
MODULE_LICENSE("GPL");
