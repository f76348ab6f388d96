/*
 * Atomic contexts that come from slots and APIs, each beside a slot or
 * API of the same kind that runs in process context.
 */
#include <linux/netdevice.h>
#include <linux/usb.h>
#include <linux/serial_core.h>
#include <linux/irq.h>
#include <linux/notifier.h>
#include <linux/workqueue.h>
#include <linux/rcupdate.h>
#include <linux/delay.h>
#include <linux/console.h>
#include <linux/leds.h>
#include <linux/i2c.h>

struct ctx {
	struct urb *urb;
	struct usb_device *udev;
	struct notifier_block nb, reboot_nb, other_nb;
	struct atomic_notifier_head chain;
	wait_queue_head_t wq;
	bool done;
	struct work_struct bh_work, slow_work, own_bh_work;
	struct workqueue_struct *bh_wq, *wq;
	struct rcu_head rcu;
	struct napi_struct napi;
	struct mutex lock;
	int cpu;
};

/* URB completion handlers run in interrupt or BH context. */
static void rx_complete(struct urb *urb)
{
	msleep(1); /* want "msleep\\(\\) may sleep.*URB completion handler rx_complete\\(\\) \\(interrupt or BH context\\)" */
}

/* A TX completion drops the interface's PM reference: the synchronous
 * put may suspend the interface there; the _async one only queues it. */
static void tx_complete(struct urb *urb)
{
	struct usb_interface *intf = urb->context;

	usb_autopm_put_interface(intf); /* want "usb_autopm_put_interface\\(\\) may sleep \\(it suspends the USB interface through synchronous runtime PM\\), but it runs in atomic context in URB completion handler tx_complete\\(\\)" */
}

static void tx_complete_async(struct urb *urb)
{
	struct usb_interface *intf = urb->context;

	usb_autopm_put_interface_async(intf);
}

static int start_tx(struct ctx *c, struct usb_interface *intf, void *buf, int len, bool async)
{
	int ret = usb_autopm_get_interface(intf);	/* process context */

	if (ret)
		return ret;
	if (async)
		usb_fill_bulk_urb(c->urb, c->udev, 0, buf, len, tx_complete_async, intf);
	else
		usb_fill_bulk_urb(c->urb, c->udev, 0, buf, len, tx_complete, intf);
	return usb_submit_urb(c->urb, GFP_KERNEL);
}

static int start_rx(struct ctx *c, void *buf, int len)
{
	usb_fill_bulk_urb(c->urb, c->udev, 0, buf, len, rx_complete, c);
	msleep(1);			/* process context */
	return usb_submit_urb(c->urb, GFP_KERNEL);
}

/* Atomic notifier chains run their callbacks under rcu_read_lock(). */
static int ctx_netevent(struct notifier_block *nb, unsigned long ev, void *p)
{
	msleep(1); /* want "msleep\\(\\) may sleep.*netevent notifier ctx_netevent\\(\\) \\(atomic notifier chain, RCU read side\\)" */
	return NOTIFY_DONE;
}

static struct notifier_block ctx_netevent_nb = {
	.notifier_call = ctx_netevent,
};

/* The panic chain runs with interrupts off (kernel/panic.c:365): a wait
 * made only when irqs_disabled() is false is not reached there, though
 * it is on an ordinary atomic chain. */
static int ctx_wait_cmd(struct ctx *c)
{
	if (irqs_disabled()) {
		udelay(10);
		return 0;
	}
	return wait_event_timeout(c->wq, c->done, HZ); /* want "wait_event_timeout\\(\\) may sleep.*reached from atomic notifier ctx_other_chain\\(\\)" */
}

static int ctx_panic(struct notifier_block *nb, unsigned long ev, void *p)
{
	struct ctx *c = container_of(nb, struct ctx, nb);

	ctx_wait_cmd(c);
	ssleep(1); /* want "ssleep\\(\\) may sleep.*panic notifier ctx_panic\\(\\) \\(panic path, interrupts off\\)" */
	return NOTIFY_DONE;
}

static int ctx_other_chain(struct notifier_block *nb, unsigned long ev, void *p)
{
	struct ctx *c = container_of(nb, struct ctx, other_nb);

	ctx_wait_cmd(c);
	return NOTIFY_DONE;
}

static int ctx_reboot(struct notifier_block *nb, unsigned long ev, void *p)
{
	msleep(10);			/* a blocking chain: process context */
	return NOTIFY_DONE;
}

static void register_notifiers(struct ctx *c)
{
	register_netevent_notifier(&ctx_netevent_nb);
	c->nb.notifier_call = ctx_panic;
	atomic_notifier_chain_register(&panic_notifier_list, &c->nb);
	c->other_nb.notifier_call = ctx_other_chain;
	atomic_notifier_chain_register(&c->chain, &c->other_nb);
	c->reboot_nb.notifier_call = ctx_reboot;
	register_reboot_notifier(&c->reboot_nb);
}

/* net_device_ops: ndo_start_xmit with BHs off and the TX lock held,
 * ndo_get_stats64 under RCU; ndo_open in process context. */
static netdev_tx_t ctx_xmit(struct sk_buff *skb, struct net_device *dev)
{
	usleep_range(10, 20); /* want "usleep_range\\(\\) may sleep.*ndo_start_xmit callback ctx_xmit\\(\\) \\(BH disabled, TX queue lock held\\)" */
	return NETDEV_TX_OK;
}

static void ctx_stats(struct net_device *dev, struct rtnl_link_stats64 *s)
{
	msleep(1); /* want "msleep\\(\\) may sleep.*ndo_get_stats64 callback ctx_stats\\(\\)" */
}

static int ctx_open(struct net_device *dev)
{
	msleep(100);
	return 0;
}

static const struct net_device_ops ctx_netdev_ops = {
	.ndo_open = ctx_open,
	.ndo_start_xmit = ctx_xmit,
	.ndo_get_stats64 = ctx_stats,
};

/* uart_ops: set_mctrl under the port lock; break_ctl under the port
 * mutex. */
static void ctx_set_mctrl(struct uart_port *port, unsigned int mctrl)
{
	msleep(1); /* want "msleep\\(\\) may sleep.*uart_ops set_mctrl callback ctx_set_mctrl\\(\\) \\(under the port lock, IRQs off\\)" */
}

static void ctx_break_ctl(struct uart_port *port, int state)
{
	msleep(1);
}

static const struct uart_ops ctx_uart_ops = {
	.set_mctrl = ctx_set_mctrl,
	.break_ctl = ctx_break_ctl,
};

/* irq_chip: mask under the descriptor's raw spinlock; the bus lock pair
 * of slow-bus chips outside it. */
static void ctx_irq_mask(struct irq_data *d)
{
	msleep(1); /* want "msleep\\(\\) may sleep.*irq_chip irq_mask callback ctx_irq_mask\\(\\) \\(under the IRQ descriptor's raw spinlock\\)" */
}

static void ctx_irq_bus_sync_unlock(struct irq_data *d)
{
	msleep(1);
}

static struct irq_chip ctx_irq_chip = {
	.irq_mask = ctx_irq_mask,
	.irq_bus_sync_unlock = ctx_irq_bus_sync_unlock,
};

/* A console's write runs from printk's flush with interrupts off; its
 * setup runs once, when the console is registered. */
static void ctx_console_write(struct console *co, const char *s, unsigned int n)
{
	usleep_range(10, 20); /* want "usleep_range\\(\\) may sleep.*console write callback ctx_console_write\\(\\) \\(printk's console flush, IRQs off\\)" */
}

static int ctx_console_setup(struct console *co, char *options)
{
	msleep(1);
	return 0;
}

static struct console ctx_console = {
	.name = "ttyCTX",
	.write = ctx_console_write,
	.setup = ctx_console_setup,
	.flags = CON_PRINTBUFFER,
};

/* An LED's brightness_set may be called from the LED core's blink
 * timer, in initializers and assigned alike; brightness_set_blocking is
 * called from a work item and may sleep. */
struct ctx_led {
	struct led_classdev cdev, slow_cdev;
	struct i2c_client *client;
};

static void ctx_led_set(struct led_classdev *cdev, enum led_brightness b)
{
	struct ctx_led *l = container_of(cdev, struct ctx_led, cdev);

	i2c_smbus_write_byte_data(l->client, 0x01, b); /* want "i2c_smbus_write_byte_data\\(\\) may sleep.*LED brightness_set callback ctx_led_set\\(\\) \\(called from the LED core's blink timer, must not sleep\\)" */
}

static int ctx_led_set_blocking(struct led_classdev *cdev, enum led_brightness b)
{
	struct ctx_led *l = container_of(cdev, struct ctx_led, slow_cdev);

	return i2c_smbus_write_byte_data(l->client, 0x02, b);
}

static void ctx_static_led_set(struct led_classdev *cdev, enum led_brightness b)
{
	msleep(1); /* want "msleep\\(\\) may sleep.*LED brightness_set callback ctx_static_led_set\\(\\)" */
}

static struct led_classdev ctx_static_led = {
	.name = "ctx:static",
	.brightness_set = ctx_static_led_set,
};

static int ctx_led_probe(struct i2c_client *client)
{
	struct ctx_led *l = devm_kzalloc(&client->dev, sizeof(*l), GFP_KERNEL);

	if (!l)
		return -ENOMEM;
	l->client = client;
	l->cdev.brightness_set = ctx_led_set;
	l->slow_cdev.brightness_set_blocking = ctx_led_set_blocking;
	devm_led_classdev_register(&client->dev, &ctx_static_led);
	devm_led_classdev_register(&client->dev, &l->slow_cdev);
	return devm_led_classdev_register(&client->dev, &l->cdev);
}

/* RCU callbacks and NAPI poll run in softirq context. */
static void ctx_free_rcu(struct rcu_head *h)
{
	msleep(1); /* want "msleep\\(\\) may sleep.*RCU callback ctx_free_rcu\\(\\)" */
}

static int ctx_poll(struct napi_struct *napi, int budget)
{
	usleep_range(1, 2); /* want "usleep_range\\(\\) may sleep.*NAPI poll function ctx_poll\\(\\)" */
	return 0;
}

/* Work queued on a BH workqueue runs in softirq context; on another
 * workqueue in process context. */
static void ctx_bh_work(struct work_struct *w)
{
	msleep(1); /* want "msleep\\(\\) may sleep.*BH work function ctx_bh_work\\(\\)" */
}

static void ctx_own_bh_work(struct work_struct *w)
{
	msleep(2); /* want "msleep\\(\\) may sleep.*BH work function ctx_own_bh_work\\(\\)" */
}

static void ctx_slow_work(struct work_struct *w)
{
	msleep(1);
}

static int ctx_setup(struct ctx *c, struct net_device *dev)
{
	INIT_WORK(&c->bh_work, ctx_bh_work);
	INIT_WORK(&c->own_bh_work, ctx_own_bh_work);
	INIT_WORK(&c->slow_work, ctx_slow_work);
	c->bh_wq = alloc_workqueue("ctx_bh", WQ_BH | WQ_HIGHPRI, 0);
	c->wq = alloc_workqueue("ctx", WQ_UNBOUND, 0);
	queue_work(system_bh_wq, &c->bh_work);
	queue_work(c->bh_wq, &c->own_bh_work);
	queue_work(c->wq, &c->slow_work);
	call_rcu(&c->rcu, ctx_free_rcu);
	netif_napi_add(dev, &c->napi, ctx_poll);
	dev->netdev_ops = &ctx_netdev_ops;
	return 0;
}

/* Regions: interrupts, bottom halves or preemption off, RCU read side,
 * get_cpu(). */
static void ctx_regions(struct ctx *c)
{
	unsigned long flags;

	local_irq_save(flags);
	msleep(1); /* want "msleep\\(\\) may sleep.*while local_irq_save\\(flags\\) is held" */
	local_irq_restore(flags);
	local_bh_disable();
	msleep(2); /* want "msleep\\(\\) may sleep.*while local_bh_disable\\(\\) is held" */
	local_bh_enable();
	preempt_disable();
	msleep(3); /* want "msleep\\(\\) may sleep.*while preempt_disable\\(\\) is held" */
	preempt_enable();
	rcu_read_lock();
	msleep(4); /* want "msleep\\(\\) may sleep.*while rcu_read_lock\\(\\) is held" */
	rcu_read_unlock();
	c->cpu = get_cpu();
	msleep(5); /* want "msleep\\(\\) may sleep.*while get_cpu\\(\\) is held" */
	put_cpu();
	msleep(6);			/* every region is closed */
}
