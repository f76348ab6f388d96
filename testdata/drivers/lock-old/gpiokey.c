/*
 * gpiokey: a GPIO keypad for the GK-2 evaluation board.
 *
 * Written against the 2.6.3x/3.x API: a global lock, an old-style timer
 * (init_timer with .function/.data) for debouncing, register_chrdev and
 * an unlocked_ioctl. Key events are kept in a small ring that the IRQ
 * handler fills and read() drains.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/fs.h>
#include <linux/interrupt.h>
#include <linux/timer.h>
#include <linux/spinlock.h>
#include <linux/mutex.h>
#include <linux/uaccess.h>
#include <linux/io.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#define GK_NAME		"gpiokey"
#define GK_IRQ		37
#define GK_RING		32
#define GK_REG_STAT	0x00
#define GK_REG_MASK	0x04
#define GK_IOC_SETMASK	_IOW('G', 1, unsigned int)
#define GK_IOC_GETCNT	_IOR('G', 2, unsigned int)

struct gk_bank {
	spinlock_t slock;
	void __iomem *base;
	unsigned int pending;
};

struct gk_dev {
	struct gk_bank bank;
	struct mutex cfg_lock;
	spinlock_t ring_lock;
	struct timer_list debounce;
	struct work_struct flush;
	unsigned int ring[GK_RING];
	unsigned int head, tail;
	unsigned int mask;
	unsigned int count;
	int major;
};

static DEFINE_SPINLOCK(gk_lock);
static struct gk_dev *gk;

static irqreturn_t gk_interrupt(int irq, void *dev_id)
{
	struct gk_bank *bank = dev_id;
	unsigned long flags;

	spin_lock_irqsave(&gk_lock, flags);
	bank->pending |= readl(bank->base + GK_REG_STAT);
	writel(bank->pending, bank->base + GK_REG_STAT);
	spin_unlock_irqrestore(&bank->slock, flags); /* want "spin_unlock_irqrestore\\(\\) releases bank->slock, which is not held.*gk_lock.*KD201" */

	mod_timer(&gk->debounce, jiffies + HZ / 50);
	return IRQ_HANDLED;
}

/* The debounce timer runs in softirq context. */
static void gk_debounce(unsigned long data)
{
	struct gk_dev *d = (struct gk_dev *)data;
	unsigned int stat;
	unsigned long flags;

	spin_lock_irqsave(&d->bank.slock, flags);
	stat = d->bank.pending;
	d->bank.pending = 0;
	spin_unlock_irqrestore(&d->bank.slock, flags);

	spin_lock(&d->ring_lock);
	if (((d->head + 1) % GK_RING) != d->tail) {
		d->ring[d->head] = stat;
		d->head = (d->head + 1) % GK_RING;
	}
	d->count++;
	spin_unlock(&d->ring_lock);
}

static ssize_t gk_read(struct file *file, char __user *buf, size_t len, loff_t *ppos)
{
	struct gk_dev *d = file->private_data;
	unsigned int ev;

	if (len < sizeof(ev))
		return -EINVAL;
	spin_lock_bh(&d->ring_lock);
	if (d->head == d->tail) {
		spin_unlock_bh(&d->ring_lock);
		return 0;
	}
	ev = d->ring[d->tail];
	d->tail = (d->tail + 1) % GK_RING;
	spin_unlock_bh(&d->ring_lock);

	if (copy_to_user(buf, &ev, sizeof(ev)))
		return -EFAULT;
	return sizeof(ev);
}

/* Empties the ring after a mask change; runs on the system workqueue. */
static void gk_flush(struct work_struct *work)
{
	struct gk_dev *d = container_of(work, struct gk_dev, flush);

	spin_lock(&d->ring_lock); /* want "spin_lock\\(\\) takes d->ring_lock with bottom halves enabled in work function gk_flush\\(\\), but gk_debounce\\(\\) takes it in softirq context.*spin_lock_bh.*KD203" */
	d->head = d->tail = 0;
	spin_unlock(&d->ring_lock);
}

static int gk_apply_mask(struct gk_dev *d, unsigned int mask)
{
	if (mask & ~0xffu)
		return -EINVAL;
	writel(mask, d->bank.base + GK_REG_MASK);
	return 0;
}

static long gk_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct gk_dev *d = file->private_data;
	unsigned int val;
	int ret = 0;

	switch (cmd) {
	case GK_IOC_SETMASK:
		if (copy_from_user(&val, (void __user *)arg, sizeof(val)))
			return -EFAULT;
		mutex_lock(&d->cfg_lock); /* want "mutex d->cfg_lock taken at line 136 is still held when gk_ioctl\\(\\) returns at line 150.*KD201" */
		ret = gk_apply_mask(d, val);
		if (ret)
			break;
		d->mask = val;
		mutex_unlock(&d->cfg_lock);
		schedule_work(&d->flush);
		break;
	case GK_IOC_GETCNT:
		spin_lock_bh(&d->ring_lock);
		val = d->count;
		spin_unlock_bh(&d->ring_lock);
		return put_user(val, (unsigned int __user *)arg);
	}
	return ret;
}

static int gk_open(struct inode *inode, struct file *file)
{
	file->private_data = gk;
	return 0;
}

static const struct file_operations gk_fops = {
	.owner		= THIS_MODULE,
	.open		= gk_open,
	.read		= gk_read,
	.unlocked_ioctl	= gk_ioctl,
};

static int __init gk_init(void)
{
	int ret;

	gk = kzalloc(sizeof(*gk), GFP_KERNEL);
	if (!gk)
		return -ENOMEM;
	spin_lock_init(&gk->bank.slock);
	spin_lock_init(&gk->ring_lock);
	mutex_init(&gk->cfg_lock);
	gk->bank.base = ioremap(0x48000000, 0x100);
	if (!gk->bank.base) {
		ret = -ENOMEM;
		goto err_free;
	}

	INIT_WORK(&gk->flush, gk_flush);
	init_timer(&gk->debounce);
	gk->debounce.function = gk_debounce;
	gk->debounce.data = (unsigned long)gk;

	ret = request_irq(GK_IRQ, gk_interrupt, IRQF_SHARED, GK_NAME, &gk->bank);
	if (ret)
		goto err_unmap;

	gk->major = register_chrdev(0, GK_NAME, &gk_fops);
	if (gk->major < 0) {
		ret = gk->major;
		goto err_irq;
	}
	return 0;

err_irq:
	free_irq(GK_IRQ, &gk->bank);
err_unmap:
	iounmap(gk->bank.base);
err_free:
	kfree(gk);
	return ret;
}

static void __exit gk_exit(void)
{
	unregister_chrdev(gk->major, GK_NAME);
	free_irq(GK_IRQ, &gk->bank);
	del_timer_sync(&gk->debounce);
	cancel_work_sync(&gk->flush);
	iounmap(gk->bank.base);
	kfree(gk);
}

module_init(gk_init);
module_exit(gk_exit);
MODULE_LICENSE("GPL");
