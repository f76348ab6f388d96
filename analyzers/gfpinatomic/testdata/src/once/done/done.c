/* Do-once set-up: a buffer allocated on the first call only, and a state
 * set up once behind a flag bit. Probe makes both first calls before it
 * requests the interrupt or adds the host, and only remove undoes them,
 * so the interrupt handler and the stats callback under the lock find
 * them done: nothing is reported. */
#include <linux/interrupt.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/dma-mapping.h>
#include <scsi/scsi_host.h>

#define OD_FW_READY 0x4

struct od_stats { u64 rx, tx; };

struct od_dev {
	struct pci_dev *pdev;
	struct Scsi_Host *host;
	spinlock_t lock;
	struct od_stats *stats;
	dma_addr_t stats_pa;
	unsigned int flags;
	void *ring;
};

static int od_stats_dump(struct od_dev *od)
{
	if (!od->stats) {
		od->stats = dma_alloc_coherent(&od->pdev->dev, sizeof(*od->stats), &od->stats_pa, GFP_KERNEL);
		if (!od->stats)
			return -ENOMEM;
	}
	return od->stats->rx ? 0 : 1;
}

static int od_fw_init(struct od_dev *od)
{
	if (od->flags & OD_FW_READY)
		return 0;
	od->ring = kzalloc(4096, GFP_KERNEL);
	if (!od->ring)
		return -ENOMEM;
	od->flags |= OD_FW_READY;
	return 0;
}

static void od_fw_release(struct od_dev *od)
{
	kfree(od->ring);
	od->flags &= ~OD_FW_READY;
}

static irqreturn_t od_isr(int irq, void *data)
{
	struct od_dev *od = data;

	od_fw_init(od);
	return IRQ_HANDLED;
}

int od_get_stats(struct od_dev *od)
{
	unsigned long flags;
	int ret;

	spin_lock_irqsave(&od->lock, flags);
	ret = od_stats_dump(od);
	spin_unlock_irqrestore(&od->lock, flags);
	return ret;
}

static int od_setup(struct od_dev *od)
{
	int err = od_fw_init(od);

	if (err)
		return err;
	return od_stats_dump(od);
}

static int od_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct od_dev *od;
	int err;

	od = kzalloc(sizeof(*od), GFP_KERNEL);
	if (!od)
		return -ENOMEM;
	od->pdev = pdev;
	spin_lock_init(&od->lock);
	err = od_setup(od);
	if (err)
		goto free;
	err = request_irq(pdev->irq, od_isr, IRQF_SHARED, "od", od);
	if (err)
		goto release;
	err = scsi_add_host(od->host, &pdev->dev);
	if (err)
		goto irq;
	pci_set_drvdata(pdev, od);
	return 0;
irq:
	free_irq(pdev->irq, od);
release:
	od_fw_release(od);
free:
	kfree(od);
	return err;
}

static void od_remove(struct pci_dev *pdev)
{
	struct od_dev *od = pci_get_drvdata(pdev);

	free_irq(pdev->irq, od);
	od_fw_release(od);
	kfree(od);
}

static struct pci_driver od_driver = {
	.name = "od",
	.probe = od_probe,
	.remove = od_remove,
};
module_pci_driver(od_driver);
