/* A driver library: it fills in the remove callback of the driver its
 * caller registers, at run time. */
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/interrupt.h>

struct lib { struct tasklet_struct done, err; };

static void lib_done(struct tasklet_struct *t) { }
static void lib_err(struct tasklet_struct *t) { }

static int lib_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct lib *l = devm_kzalloc(&pdev->dev, sizeof(*l), GFP_KERNEL);

	tasklet_setup(&l->done, lib_done);
	tasklet_setup(&l->err, lib_err); /* want "tasklet l->err is never killed: .*\\(lib_remove\\(\\)\\)" */
	pci_set_drvdata(pdev, l);
	return 0;
}

static void lib_remove(struct pci_dev *pdev)
{
	struct lib *l = pci_get_drvdata(pdev);

	tasklet_kill(&l->done);
}

int lib_register(struct pci_driver *drv)
{
	drv->probe = lib_probe;
	drv->remove = lib_remove;
	return pci_register_driver(drv);
}
EXPORT_SYMBOL(lib_register);
