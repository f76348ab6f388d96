/* Probe sets the buffer up first, but a function the kernel may call at
 * any time (the driver's reset op) frees it and clears the pointer: the
 * next interrupt allocates again, in hard IRQ context. */
#include <linux/interrupt.h>
#include <linux/pci.h>
#include <linux/slab.h>

struct rs_dev {
	struct pci_dev *pdev;
	void *buf;
};

static int rs_get_buf(struct rs_dev *d)
{
	if (!d->buf)
		d->buf = kzalloc(256, GFP_KERNEL); /* want "kzalloc\\(\\) with GFP_KERNEL may sleep in direct reclaim.*hard IRQ handler rs_isr\\(\\)" */
	return d->buf ? 0 : -ENOMEM;
}

static irqreturn_t rs_isr(int irq, void *data)
{
	rs_get_buf(data);
	return IRQ_HANDLED;
}

static void rs_reset_done(struct pci_dev *pdev)
{
	struct rs_dev *d = pci_get_drvdata(pdev);

	kfree(d->buf);
	d->buf = NULL;
}

static int rs_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct rs_dev *d = kzalloc(sizeof(*d), GFP_KERNEL);
	int err;

	if (!d)
		return -ENOMEM;
	err = rs_get_buf(d);
	if (err)
		return err;
	pci_set_drvdata(pdev, d);
	return request_irq(pdev->irq, rs_isr, 0, "rs", d);
}

static const struct pci_error_handlers rs_err = {
	.reset_done = rs_reset_done,
};

static struct pci_driver rs_driver = {
	.name = "rs",
	.probe = rs_probe,
	.err_handler = &rs_err,
};
module_pci_driver(rs_driver);
