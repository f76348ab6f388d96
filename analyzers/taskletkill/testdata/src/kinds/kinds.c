/*
 * Tasklets that need no kill, and the ones that do, side by side.
 */
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/interrupt.h>
#include <linux/completion.h>
#include "kinds_ref.h"

struct pin { struct tasklet_struct bh; atomic_t ref_count; wait_queue_head_t wq; int irq; };

/* Pinned: a reference is taken before every schedule and the handler
 * drops it; whoever frees p waits for the count (not checked). */
static void pin_bh(struct tasklet_struct *t)
{
	struct pin *p = from_tasklet(p, t, bh);

	if (atomic_dec_return(&p->ref_count) == 0)
		wake_up(&p->wq);
}

static void pin_kick(struct pin *p)
{
	atomic_inc(&p->ref_count);
	tasklet_hi_schedule(&p->bh);
}

/* Pinned through the helpers of the driver's header. */
static void held_bh(struct tasklet_struct *t)
{
	struct held *h = from_tasklet(h, t, hbh);

	held_put(h);
}

static void held_kick(struct held *h)
{
	held_get(h);
	tasklet_schedule(&h->hbh);
}

/* Its "get" takes no reference: not pinned. */
static void loose_bh(struct tasklet_struct *t)
{
	struct loose *l = from_tasklet(l, t, lbh);

	atomic_dec(&l->users);
}

static void loose_kick(struct loose *l)
{
	loose_get(l);
	tasklet_schedule(&l->lbh);
}

/* Not pinned: the interrupt schedules it bare. */
struct bare { struct tasklet_struct rx, tx, stat; int irq; };

static void bare_rx(struct tasklet_struct *t) { }
static void bare_tx(struct tasklet_struct *t) { }
static void bare_stat(struct tasklet_struct *t) { }

static irqreturn_t bare_irq(int irq, void *data)
{
	struct bare *b = data;

	tasklet_schedule(&b->rx);
	tasklet_schedule(&b->tx);
	tasklet_schedule(&b->stat);
	return IRQ_HANDLED;
}

/* A tasklet on the stack, used synchronously: gone when the function
 * returns. */
struct job { struct completion done; };

static void job_fn(struct tasklet_struct *t) { }

static int run_job(struct job *j)
{
	struct tasklet_struct t;

	tasklet_setup(&t, job_fn);
	tasklet_schedule(&t);
	wait_for_completion(&j->done);
	return 0;
}

static int kinds_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct pin *p = devm_kzalloc(&pdev->dev, sizeof(*p), GFP_KERNEL);
	struct bare *b = devm_kzalloc(&pdev->dev, sizeof(*b), GFP_KERNEL);

	struct held *h = devm_kzalloc(&pdev->dev, sizeof(*h), GFP_KERNEL);
	struct loose *l = devm_kzalloc(&pdev->dev, sizeof(*l), GFP_KERNEL);

	tasklet_setup(&p->bh, pin_bh);
	pin_kick(p);
	tasklet_setup(&h->hbh, held_bh);
	held_kick(h);
	tasklet_setup(&l->lbh, loose_bh); /* want "tasklet l->lbh is never killed" */
	loose_kick(l);
	tasklet_setup(&b->rx, bare_rx); /* want "tasklet b->rx is never killed: tasklet_kill\\(&b->rx\\) is not called on the exit or remove path \\(kinds_remove\\(\\)\\), so it can still run after the device is unbound or the module unloaded; IRQ handler bare_irq\\(\\) schedules it \\(line 67\\)" */
	tasklet_setup(&b->tx, bare_tx); /* want "tasklet b->tx is only disabled, never killed: tasklet_disable\\(&b->tx\\) in kinds_remove\\(\\) \\(line 115\\) stops it running but leaves a pending instance queued.*call tasklet_kill\\(&b->tx\\) before the final tasklet_disable\\(\\), or instead of it" */
	tasklet_setup(&b->stat, bare_stat); /* killed in remove */
	pci_set_drvdata(pdev, b);
	return request_irq(pdev->irq, bare_irq, IRQF_SHARED, "kinds", b);
}

static void kinds_remove(struct pci_dev *pdev)
{
	struct bare *b = pci_get_drvdata(pdev);

	free_irq(pdev->irq, b);
	tasklet_disable(&b->tx);
	tasklet_kill(&b->stat);
}

static struct pci_driver kinds_driver = {
	.name = "kinds",
	.probe = kinds_probe,
	.remove = kinds_remove,
};
module_pci_driver(kinds_driver);
