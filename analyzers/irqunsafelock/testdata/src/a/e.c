// An old-style character device: its file operations run in process
// context, from the read, write and ioctl system calls, with interrupts
// enabled.
#include <linux/fs.h>
#include <linux/interrupt.h>
#include <linux/spinlock.h>
#include <linux/uaccess.h>

struct cdx_dev {
	spinlock_t stat_lock;
	spinlock_t fifo_lock;
	unsigned int overruns;
	unsigned char fifo[64];
	unsigned int head, tail;
};

static struct cdx_dev cdx;

static irqreturn_t cdx_irq(int irq, void *data)
{
	struct cdx_dev *d = data;

	spin_lock(&d->stat_lock);
	d->overruns++;
	spin_unlock(&d->stat_lock);
	spin_lock(&d->fifo_lock);
	d->fifo[d->head++ & 63] = 0;
	spin_unlock(&d->fifo_lock);
	return IRQ_HANDLED;
}

static long cdx_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct cdx_dev *d = &cdx;
	unsigned int n;

	spin_lock(&d->stat_lock); /* want "spin_lock\\(\\) takes d->stat_lock with interrupts enabled in file_operations unlocked_ioctl callback cdx_ioctl\\(\\), but cdx_irq\\(\\) takes it in hard IRQ context" */
	n = d->overruns;
	d->overruns = 0;
	spin_unlock(&d->stat_lock);
	return put_user(n, (unsigned int __user *)arg);
}

/* Right: interrupts are off while the handler's lock is held. */
static ssize_t cdx_read(struct file *file, char __user *buf, size_t len, loff_t *off)
{
	struct cdx_dev *d = &cdx;
	unsigned long flags;
	unsigned char c = 0;

	spin_lock_irqsave(&d->fifo_lock, flags);
	if (d->tail != d->head)
		c = d->fifo[d->tail++ & 63];
	spin_unlock_irqrestore(&d->fifo_lock, flags);
	if (put_user(c, buf))
		return -EFAULT;
	return 1;
}

static const struct file_operations cdx_fops = {
	.owner = THIS_MODULE,
	.read = cdx_read,
	.unlocked_ioctl = cdx_ioctl,
};

static int cdx_major;

static int __init cdx_init(void)
{
	int ret;

	spin_lock_init(&cdx.stat_lock);
	spin_lock_init(&cdx.fifo_lock);
	ret = request_irq(7, cdx_irq, 0, "cdx", &cdx);
	if (ret)
		return ret;
	cdx_major = register_chrdev(0, "cdx", &cdx_fops);
	if (cdx_major < 0) {
		free_irq(7, &cdx);
		return cdx_major;
	}
	return 0;
}
module_init(cdx_init);
