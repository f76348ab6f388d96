/* Probe makes the first call, but under its spinlock: that first run is
 * atomic itself, and the lazy allocation is reported there (and through
 * the interrupt, which the first run does not make safe). */
#include <linux/interrupt.h>
#include <linux/pci.h>
#include <linux/slab.h>

struct lk_dev {
	spinlock_t lock;
	void *buf;
};

static int lk_get_buf(struct lk_dev *d)
{
	if (!d->buf)
		d->buf = kzalloc(256, GFP_KERNEL); /* want "kzalloc\\(\\) with GFP_KERNEL may sleep in direct reclaim" */
	return d->buf ? 0 : -ENOMEM;
}

static irqreturn_t lk_isr(int irq, void *data)
{
	lk_get_buf(data);
	return IRQ_HANDLED;
}

static int lk_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct lk_dev *d = kzalloc(sizeof(*d), GFP_KERNEL);
	int err;

	if (!d)
		return -ENOMEM;
	spin_lock_init(&d->lock);
	spin_lock(&d->lock);
	err = lk_get_buf(d);
	spin_unlock(&d->lock);
	if (err)
		return err;
	return request_irq(pdev->irq, lk_isr, 0, "lk", d);
}

static struct pci_driver lk_driver = {
	.name = "lk",
	.probe = lk_probe,
};
module_pci_driver(lk_driver);
