/*
 * Work items pinned by a reference: taken by a helper before queueing,
 * dropped by a helper at the end of a continuation the work function
 * calls, three calls deep. Next to one whose work function drops nothing.
 */
#include <linux/module.h>
#include <linux/usb.h>
#include <linux/kref.h>
#include <linux/workqueue.h>

struct hb { struct kref kref; struct delayed_work init_work; struct work_struct poke; int state; };

static void hb_release(struct kref *kref) { }

void hb_get(struct hb *hb)
{
	kref_get(&hb->kref);
}

void hb_put(struct hb *hb)
{
	kref_put(&hb->kref, hb_release);
}

static void hb_init_fn(struct work_struct *ws);
static void hb_poke_fn(struct work_struct *ws) { }

static void hb_finish(struct hb *hb)
{
	hb->state = 1;
	hb_put(hb);
}

/* Starts, and when called again from the work function, finishes. */
static void hb_activate(struct hb *hb, int again)
{
	if (again)
		goto finish;
	hb_get(hb);
	INIT_DELAYED_WORK(&hb->init_work, hb_init_fn);
	queue_delayed_work(system_power_efficient_wq, &hb->init_work, 10);
	return;
finish:
	hb_finish(hb);
}

static void hb_init_fn(struct work_struct *ws)
{
	struct hb *hb = container_of(ws, struct hb, init_work.work);

	hb_activate(hb, 1);
}

static int hb_probe(struct usb_interface *intf, const struct usb_device_id *id)
{
	struct hb *hb = kzalloc(sizeof(*hb), GFP_KERNEL);

	kref_init(&hb->kref);
	INIT_WORK(&hb->poke, hb_poke_fn); /* want "work item hb->poke is queued on the system workqueue \\(schedule_work\\(\\) at line 61\\) but never cancelled" */
	hb_activate(hb, 0);
	schedule_work(&hb->poke);
	usb_set_intfdata(intf, hb);
	return 0;
}

static void hb_disconnect(struct usb_interface *intf)
{
	struct hb *hb = usb_get_intfdata(intf);

	hb_put(hb);
}

static struct usb_driver hb_driver = {
	.name = "hb",
	.probe = hb_probe,
	.disconnect = hb_disconnect,
};
module_usb_driver(hb_driver);
