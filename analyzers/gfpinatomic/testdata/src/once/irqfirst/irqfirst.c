/* The same lazy buffer, but probe requests the interrupt before it makes
 * the first call: the handler may run first and allocate itself. */
#include <linux/interrupt.h>
#include <linux/pci.h>
#include <linux/slab.h>

struct if_dev {
	struct pci_dev *pdev;
	void *buf;
};

static int if_get_buf(struct if_dev *d)
{
	if (!d->buf)
		d->buf = kzalloc(256, GFP_KERNEL); /* want "kzalloc\\(\\) with GFP_KERNEL may sleep in direct reclaim.*hard IRQ handler if_isr\\(\\)" */
	return d->buf ? 0 : -ENOMEM;
}

static irqreturn_t if_isr(int irq, void *data)
{
	if_get_buf(data);
	return IRQ_HANDLED;
}

static int if_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct if_dev *d = kzalloc(sizeof(*d), GFP_KERNEL);
	int err;

	if (!d)
		return -ENOMEM;
	err = request_irq(pdev->irq, if_isr, 0, "if", d);
	if (err)
		return err;
	return if_get_buf(d);
}

static struct pci_driver if_driver = {
	.name = "if",
	.probe = if_probe,
};
module_pci_driver(if_driver);
