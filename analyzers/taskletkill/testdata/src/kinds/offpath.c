/*
 * A tasklet disabled only in a stop function that another module calls
 * (an exported helper the remove path does not reach) is reported as
 * disabled, never killed, naming that function; one that is killed there
 * is not reported; one only flushed there (disabled and enabled again)
 * is never killed.
 */
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/interrupt.h>

struct wo { struct tasklet_struct irq_task, done_task, rx_task; };

static void wo_irq_task(struct tasklet_struct *t) { }
static void wo_done_task(struct tasklet_struct *t) { }

void wo_stop(struct wo *w)
{
	tasklet_disable(&w->irq_task);
	tasklet_kill(&w->done_task);
}
EXPORT_SYMBOL_GPL(wo_stop);

static void wo_rx_task(struct tasklet_struct *t) { }

/* A flush: disabled and enabled again, not a final stop. */
void wo_flush(struct wo *w)
{
	tasklet_disable(&w->rx_task);
	tasklet_enable(&w->rx_task);
}
EXPORT_SYMBOL_GPL(wo_flush);

static int wo_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct wo *w = devm_kzalloc(&pdev->dev, sizeof(*w), GFP_KERNEL);

	tasklet_setup(&w->irq_task, wo_irq_task); /* want "tasklet w->irq_task is never killed, only disabled: tasklet_disable\\(&w->irq_task\\) in wo_stop\\(\\) \\(line 19\\), which the exit or remove path \\(wo_remove\\(\\)\\) does not reach directly, stops it running but leaves a pending instance queued.*call tasklet_kill\\(&w->irq_task\\) before the final tasklet_disable\\(\\)" */
	tasklet_setup(&w->done_task, wo_done_task); /* killed in wo_stop: not this rule's business where */
	tasklet_setup(&w->rx_task, wo_rx_task); /* want "tasklet w->rx_task is never killed: tasklet_kill\\(&w->rx_task\\) is not called on the exit or remove path" */
	pci_set_drvdata(pdev, w);
	return 0;
}

static void wo_remove(struct pci_dev *pdev)
{
}

static struct pci_driver wo_driver = {
	.name = "wo",
	.probe = wo_probe,
	.remove = wo_remove,
};
module_pci_driver(wo_driver);
