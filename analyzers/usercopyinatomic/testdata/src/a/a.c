#include <linux/uaccess.h>
#include <linux/fs.h>
#include <linux/interrupt.h>

struct cdev_priv {
	spinlock_t lock;
	int stats[8];
	int mode;
	void __user *ubuf;
};

static long ctl_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct cdev_priv *p = f->private_data;
	int snap[8];
	long ret = 0;

	spin_lock_irq(&p->lock);
	if (copy_to_user((void __user *)arg, p->stats, sizeof(p->stats))) /* want "copy_to_user\\(\\) accesses user memory, which may fault and sleep, but it runs in atomic context while spin_lock_irq\\(&p->lock\\) is held" */
		ret = -EFAULT;
	memcpy(snap, p->stats, sizeof(snap));
	spin_unlock_irq(&p->lock);
	if (copy_to_user((void __user *)arg, snap, sizeof(snap)))	/* after the unlock */
		return -EFAULT;
	if (get_user(p->mode, (int __user *)arg))	/* process context */
		return -EFAULT;
	return ret;
}

static irqreturn_t cdev_irq(int irq, void *data)
{
	struct cdev_priv *p = data;

	put_user(1, (int __user *)p->ubuf); /* want "put_user\\(\\) accesses user memory.*hard IRQ handler cdev_irq.*the current task is not the one whose memory the pointer names" */
	return IRQ_HANDLED;
}

/* With page faults disabled the access fails instead of sleeping. */
static int peek_user(struct cdev_priv *p, int __user *u)
{
	int v = 0;

	spin_lock(&p->lock);
	pagefault_disable();
	if (__get_user(v, u))
		v = -1;
	pagefault_enable();
	spin_unlock(&p->lock);
	return v;
}

static int cdev_setup(struct cdev_priv *p)
{
	return request_irq(5, cdev_irq, 0, "cdev", p);
}
