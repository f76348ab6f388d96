/*
 * sadc.c - 8-bit sampling ADC on the SB-3 carrier board (2.6.3x/3.x BSP)
 *
 *   timer (every period_ms)  -> start a conversion, watch for a hung chip
 *   IRQ (conversion done)    -> latch the result, schedule the tasklet
 *   tasklet                  -> statistics and history, wake up readers
 *   workqueue                -> uevent when the alarm level is reached
 *
 * read() on /dev/sadc blocks for a new sample and returns the history as
 * text; SADC_IOC_GETSTAT returns the statistics.
 */

#include <linux/module.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/fs.h>
#include <linux/device.h>
#include <linux/interrupt.h>
#include <linux/timer.h>
#include <linux/workqueue.h>
#include <linux/spinlock.h>
#include <linux/semaphore.h>
#include <linux/wait.h>
#include <linux/delay.h>
#include <linux/kobject.h>
#include <asm/io.h>
#include <asm/uaccess.h>

#define DRV_NAME	"sadc"

#define SADC_PHYS_BASE	0x2c000000
#define SADC_REG_SIZE	0x10
#define SADC_IRQ	45		/* EINT5 on the SB-3 */
#define SADC_HIST	16

#define SADC_CMD	0x00		/* START | RESET */
#define SADC_STATUS	0x01		/* DONE */
#define SADC_DATA	0x02
#define SADC_CMD_START	0x80
#define SADC_CMD_RESET	0x40
#define SADC_ST_DONE	0x01

struct sadc_stat {
	int last, max;
	unsigned long samples, timeouts;
};
#define SADC_IOC_GETSTAT	_IOR('S', 1, struct sadc_stat)

static unsigned int period_ms = 100;
module_param(period_ms, uint, 0644);

static int alarm_level = 240;	/* raw value that triggers the uevent */
module_param(alarm_level, int, 0644);

struct sadc_dev {
	void __iomem *base;
	int major;
	struct class *class;
	struct device *device;

	spinlock_t lock;		/* raw, conversions, stat */
	int raw;
	unsigned long conversions;
	unsigned long last_conversions;
	struct sadc_stat stat;

	struct semaphore sem;		/* hist[] */
	int hist[SADC_HIST];
	int hist_head;
	int hist_count;

	wait_queue_head_t readq;
	int new_data;

	struct timer_list timer;
	struct workqueue_struct *wq;
	struct work_struct alarm_work;
};

static struct sadc_dev sadc;

static void sadc_do_tasklet(unsigned long data);
DECLARE_TASKLET(sadc_tasklet, sadc_do_tasklet, (unsigned long)&sadc);

/* pulse the reset bit; the datasheet asks for 5ms before the next command */
static void sadc_reset_chip(struct sadc_dev *dev)
{
	writeb(SADC_CMD_RESET, dev->base + SADC_CMD);
	msleep(5); /* want "msleep.*KD101" */
	writeb(0, dev->base + SADC_CMD);
}

static irqreturn_t sadc_interrupt(int irq, void *dev_id)
{
	struct sadc_dev *dev = dev_id;

	if (!(readb(dev->base + SADC_STATUS) & SADC_ST_DONE))
		return IRQ_NONE;

	spin_lock(&dev->lock);
	dev->raw = readb(dev->base + SADC_DATA);
	dev->conversions++;
	spin_unlock(&dev->lock);

	tasklet_schedule(&sadc_tasklet);
	return IRQ_HANDLED;
}

static void sadc_do_tasklet(unsigned long data)
{
	struct sadc_dev *dev = (struct sadc_dev *)data;
	unsigned long flags;
	int value;

	spin_lock_irqsave(&dev->lock, flags);
	value = dev->raw;
	dev->stat.last = value;
	dev->stat.samples++;
	if (value > dev->stat.max)
		dev->stat.max = value;
	spin_unlock_irqrestore(&dev->lock, flags);

	/* keep a short history for read() */
	down(&dev->sem); /* want "down.*KD102" */
	dev->hist[dev->hist_head] = value;
	dev->hist_head = (dev->hist_head + 1) % SADC_HIST;
	if (dev->hist_count < SADC_HIST)
		dev->hist_count++;
	up(&dev->sem);

	dev->new_data = 1;
	wake_up_interruptible(&dev->readq);

	if (value >= alarm_level)
		queue_work(dev->wq, &dev->alarm_work);
}

static void sadc_timer_fn(unsigned long data)
{
	struct sadc_dev *dev = (struct sadc_dev *)data;
	unsigned long flags;
	int hung;

	spin_lock_irqsave(&dev->lock, flags);
	hung = dev->conversions == dev->last_conversions;
	if (hung)
		dev->stat.timeouts++;
	dev->last_conversions = dev->conversions;
	spin_unlock_irqrestore(&dev->lock, flags);

	if (hung) {
		/* nothing came back since the last tick: the chip is stuck */
		printk(KERN_WARNING DRV_NAME ": conversion timeout, resetting\n");
		sadc_reset_chip(dev);
	}

	writeb(SADC_CMD_START, dev->base + SADC_CMD);
	mod_timer(&dev->timer, jiffies + msecs_to_jiffies(period_ms));
}

static void sadc_alarm_work(struct work_struct *work)
{
	struct sadc_dev *dev = container_of(work, struct sadc_dev, alarm_work);
	char level[32];
	char *envp[] = { "SADC_EVENT=alarm", level, NULL };

	snprintf(level, sizeof(level), "SADC_LEVEL=%d", dev->stat.last);
	kobject_uevent_env(&dev->device->kobj, KOBJ_CHANGE, envp);
}

static ssize_t sadc_read(struct file *filp, char __user *buf, size_t count,
			 loff_t *f_pos)
{
	struct sadc_dev *dev = &sadc;
	char line[SADC_HIST * 4 + 1];
	int len = 0, i, idx;

	if (wait_event_interruptible(dev->readq, dev->new_data))
		return -ERESTARTSYS;
	dev->new_data = 0;

	if (down_interruptible(&dev->sem))
		return -ERESTARTSYS;
	idx = (dev->hist_head + SADC_HIST - dev->hist_count) % SADC_HIST;
	for (i = 0; i < dev->hist_count; i++) {
		len += sprintf(line + len, "%d ", dev->hist[idx]);
		idx = (idx + 1) % SADC_HIST;
	}
	up(&dev->sem);

	if (len)
		line[len - 1] = '\n';
	if (count < len)
		len = count;
	if (copy_to_user(buf, line, len))
		return -EFAULT;
	return len;
}

static long sadc_ioctl(struct file *filp, unsigned int cmd, unsigned long arg)
{
	struct sadc_dev *dev = &sadc;
	unsigned long flags;
	long ret = 0;

	if (cmd != SADC_IOC_GETSTAT)
		return -ENOTTY;

	spin_lock_irqsave(&dev->lock, flags);
	if (copy_to_user((void __user *)arg, &dev->stat, sizeof(dev->stat))) /* want "copy_to_user.*KD104" */
		ret = -EFAULT;
	spin_unlock_irqrestore(&dev->lock, flags);
	return ret;
}

static const struct file_operations sadc_fops = {
	.owner		= THIS_MODULE,
	.read		= sadc_read,
	.unlocked_ioctl	= sadc_ioctl,
};

static int __init sadc_init(void)
{
	int ret;

	spin_lock_init(&sadc.lock);
	sema_init(&sadc.sem, 1);
	init_waitqueue_head(&sadc.readq);

	sadc.base = ioremap(SADC_PHYS_BASE, SADC_REG_SIZE);
	if (!sadc.base)
		return -ENOMEM;

	sadc.major = register_chrdev(0, DRV_NAME, &sadc_fops);
	if (sadc.major < 0) {
		ret = sadc.major;
		goto err_unmap;
	}

	sadc.class = class_create(THIS_MODULE, DRV_NAME);
	if (IS_ERR(sadc.class)) {
		ret = PTR_ERR(sadc.class);
		goto err_chrdev;
	}

	sadc.device = device_create(sadc.class, NULL, MKDEV(sadc.major, 0),
				    NULL, DRV_NAME);
	if (IS_ERR(sadc.device)) {
		ret = PTR_ERR(sadc.device);
		goto err_class;
	}

	sadc.wq = create_workqueue(DRV_NAME); /* want "wq.*KD301" */
	if (!sadc.wq) {
		ret = -ENOMEM;
		goto err_device;
	}
	INIT_WORK(&sadc.alarm_work, sadc_alarm_work);

	sadc_reset_chip(&sadc);

	ret = request_irq(SADC_IRQ, sadc_interrupt, 0, DRV_NAME, &sadc);
	if (ret) {
		printk(KERN_ERR DRV_NAME ": can't get IRQ %d\n", SADC_IRQ);
		goto err_device;
	}

	init_timer(&sadc.timer);
	sadc.timer.function = sadc_timer_fn;
	sadc.timer.data = (unsigned long)&sadc;
	sadc.timer.expires = jiffies + msecs_to_jiffies(period_ms);
	add_timer(&sadc.timer);

	printk(KERN_INFO DRV_NAME ": major %d, irq %d\n", sadc.major, SADC_IRQ);
	return 0;

err_device:
	device_destroy(sadc.class, MKDEV(sadc.major, 0));
err_class:
	class_destroy(sadc.class);
err_chrdev:
	unregister_chrdev(sadc.major, DRV_NAME);
err_unmap:
	iounmap(sadc.base);
	return ret;
}

static void __exit sadc_exit(void)
{
	del_timer_sync(&sadc.timer);
	free_irq(SADC_IRQ, &sadc);
	tasklet_kill(&sadc_tasklet);

	flush_workqueue(sadc.wq);
	destroy_workqueue(sadc.wq);

	device_destroy(sadc.class, MKDEV(sadc.major, 0));
	class_destroy(sadc.class);
	unregister_chrdev(sadc.major, DRV_NAME);
	iounmap(sadc.base);
}

module_init(sadc_init);
module_exit(sadc_exit);

MODULE_DESCRIPTION("SB-3 sampling ADC driver");
MODULE_LICENSE("GPL");
