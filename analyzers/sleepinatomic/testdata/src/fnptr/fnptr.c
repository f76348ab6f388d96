/*
 * Calls through the function pointers of the driver's own ops tables,
 * and one finding per root cause.
 */
#include <linux/interrupt.h>
#include <linux/delay.h>
#include <linux/fs.h>

struct hw;

struct hw_ops {
	int (*reset)(struct hw *hw);
	int (*read)(struct hw *hw, int reg);
	void (*write)(struct hw *hw, int reg, int val);
};

struct nvm_info { struct hw_ops ops; };
struct mbx_info { struct hw_ops ops; };

struct hw {
	const struct hw_ops *ops;
	struct nvm_info nvm;
	struct mbx_info mbx;
	spinlock_t lock;
	int irq;
};

static int fast_reset(struct hw *hw)
{
	return 0;
}

static int slow_reset(struct hw *hw)
{
	msleep(50); /* want "msleep\\(\\) may sleep.*slow_reset\\(\\), reached from hard IRQ handler hw_irq\\(\\) \\(hard IRQ context\\): hw_irq\\(\\) -> slow_reset\\(\\)" */
	return 0;
}

static const struct hw_ops fast_ops = { .reset = fast_reset };
static const struct hw_ops slow_ops = { .reset = slow_reset };

/* A file_operations member is called by the kernel, not by the driver:
 * hw->ops->read(...) does not reach hw_fop_read. */
static ssize_t hw_fop_read(struct file *f, char __user *buf, size_t n, loff_t *off)
{
	msleep(1);
	return 0;
}

static const struct file_operations hw_fops = { .read = hw_fop_read };

/* The mailbox's write and the NVM's write are told apart by the member
 * the call goes through. */
static void nvm_write(struct hw *hw, int reg, int val)
{
	msleep(5);			/* reached through hw->nvm.ops.write only */
}

static void mbx_write(struct hw *hw, int reg, int val)
{
	udelay(5);
}

static void hw_init_ops(struct hw *hw)
{
	struct nvm_info *nvm = &hw->nvm;
	struct mbx_info *mbx = &hw->mbx;

	nvm->ops.write = nvm_write;
	mbx->ops.write = mbx_write;
}

static void mbx_post(struct hw *hw, int val)
{
	struct mbx_info *mbx = &hw->mbx;

	mbx->ops.write(hw, 0, val);
}

static irqreturn_t hw_irq(int irq, void *p)
{
	struct hw *hw = p;

	hw->ops->reset(hw);
	mbx_post(hw, 1);
	return IRQ_HANDLED;
}

/* Three sleeps reached through one call out of one lock region are one
 * finding; a second call out of the same region is another. */
static void recalibrate(struct hw *hw)
{
	msleep(1); /* want "msleep\\(\\) may sleep.*recalibrate\\(\\), called from hw_tune\\(\\) -> recalibrate\\(\\) while spin_lock\\(&hw->lock\\) is held \\(line 105\\) \\(and 2 more reached through the same call\\)" */
	usleep_range(10, 20);
	ssleep(1);
}

static void reload(struct hw *hw)
{
	msleep(2); /* want "msleep\\(\\) may sleep.*reload\\(\\), called from hw_tune\\(\\) -> reload\\(\\)" */
}

static void hw_tune(struct hw *hw)
{
	spin_lock(&hw->lock);
	recalibrate(hw);
	reload(hw);
	spin_unlock(&hw->lock);
}

/* The same sleep reached from two regions is reported once. */
static void shared_wait(struct hw *hw)
{
	msleep(3); /* want "msleep\\(\\) may sleep.*shared_wait\\(\\), called from first_region\\(\\)" */
}

static void first_region(struct hw *hw)
{
	spin_lock(&hw->lock);
	shared_wait(hw);
	spin_unlock(&hw->lock);
}

static void second_region(struct hw *hw)
{
	spin_lock_irq(&hw->lock);
	shared_wait(hw);
	spin_unlock_irq(&hw->lock);
}

static int hw_probe(struct hw *hw, int slow)
{
	hw->ops = slow ? &slow_ops : &fast_ops;
	hw_init_ops(hw);
	return request_irq(hw->irq, hw_irq, 0, "hw", hw);
}
