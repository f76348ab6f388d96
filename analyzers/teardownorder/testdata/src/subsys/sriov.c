/*
 * A PCI physical function whose mailbox interrupt only carries its
 * virtual functions' requests: once the VFs are removed, the interrupt
 * cannot queue the mailbox work again, so cancelling it in remove is
 * right although devres frees the interrupt later. Enabling VFs
 * (a count other than 0) stops nothing.
 */
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/interrupt.h>
#include <linux/workqueue.h>

struct vfpf { struct work_struct mbox; struct work_struct mbox2; };

static void vfpf_mbox(struct work_struct *w) { }

static irqreturn_t vfpf_isr(int irq, void *data)
{
	struct vfpf *pf = data;

	schedule_work(&pf->mbox);
	schedule_work(&pf->mbox2);
	return IRQ_HANDLED;
}

static int vfpf_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct vfpf *pf = devm_kzalloc(&pdev->dev, sizeof(*pf), GFP_KERNEL);

	INIT_WORK(&pf->mbox, vfpf_mbox);
	INIT_WORK(&pf->mbox2, vfpf_mbox);
	pci_set_drvdata(pdev, pf);
	return devm_request_irq(&pdev->dev, pdev->irq, vfpf_isr, 0, "vfpf", pf);
}

static void vfpf_remove(struct pci_dev *pdev)
{
	struct vfpf *pf = pci_get_drvdata(pdev);

	pci_sriov_configure_simple(pdev, 1);
	cancel_work_sync(&pf->mbox2); /* want "work item pf->mbox2 is cancelled at line 41 in vfpf_remove\\(\\), but IRQ handler vfpf_isr" */
	pci_sriov_configure_simple(pdev, 0); /* no VF left: the interrupt is quiet */
	cancel_work_sync(&pf->mbox);
}

static struct pci_driver vfpf_driver = {
	.name = "vfpf",
	.probe = vfpf_probe,
	.remove = vfpf_remove,
};
module_pci_driver(vfpf_driver);
