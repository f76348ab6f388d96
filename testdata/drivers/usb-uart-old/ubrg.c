/*
 * ubrg.c -- USB to UART bridge with an I2C sensor (3.x style: init_timer
 * and .function, usb_fill_*_urb, uart_ops, a notifier).
 */
#include <linux/module.h>
#include <linux/usb.h>
#include <linux/serial_core.h>
#include <linux/i2c.h>
#include <linux/notifier.h>
#include <linux/slab.h>
#include <linux/delay.h>
#include <linux/interrupt.h>

#define UBRG_BUF 64
#define DO_WAIT 1
#define NO_WAIT 0

struct ubrg {
	struct usb_device *udev;
	struct urb *rx_urb, *ctl_urb;
	struct uart_port port;
	struct i2c_client *sensor;
	struct timer_list poll_timer, retry_timer;
	struct tasklet_struct rx_tasklet;
	struct notifier_block nb;
	spinlock_t lock;
	u8 *rx_buf;
	void *log;
	int mctrl;
	int dead;
};

static struct ubrg *the_bridge;

static int ubrg_ctl(struct ubrg *ub, int req, int wait)
{
	int ret;

	if (!wait)
		return usb_submit_urb(ub->ctl_urb, GFP_ATOMIC);
	ret = usb_control_msg(ub->udev, usb_sndctrlpipe(ub->udev, 0), req, 0x40, 0, 0, NULL, 0, 1000); /* want "usb_control_msg\\(\\) may sleep.*uart_ops set_mctrl callback ubrg_set_mctrl\\(\\) \\(under the port lock, IRQs off\\).*KD101" */
	return ret;
}

static void ubrg_rx_complete(struct urb *urb)
{
	struct ubrg *ub = urb->context;

	if (urb->status)
		return;
	spin_lock(&ub->lock);
	ub->mctrl = ub->rx_buf[0];
	spin_unlock(&ub->lock);
	tasklet_schedule(&ub->rx_tasklet);
	ubrg_ctl(ub, 2, NO_WAIT);
	usb_submit_urb(urb, GFP_KERNEL); /* want "usb_submit_urb\\(\\) with GFP_KERNEL may sleep in direct reclaim.*URB completion handler ubrg_rx_complete\\(\\) \\(interrupt or BH context\\).*KD103" */
}

static void ubrg_rx_tasklet(unsigned long data)
{
	struct ubrg *ub = (struct ubrg *)data;
	u8 crc;

	crc = i2c_smbus_pec(0, ub->rx_buf, UBRG_BUF);
	if (crc != ub->rx_buf[UBRG_BUF - 1])
		return;
	kfree(ub->log);
	vfree(ub->log);			/* softirq: vfree() defers */
	ub->log = kmalloc(UBRG_BUF, GFP_ATOMIC);
}

static void ubrg_set_mctrl(struct uart_port *port, unsigned int mctrl)
{
	struct ubrg *ub = container_of(port, struct ubrg, port);

	ubrg_ctl(ub, 1, DO_WAIT);
}

static unsigned int ubrg_tx_empty(struct uart_port *port)
{
	struct ubrg *ub = container_of(port, struct ubrg, port);

	ubrg_ctl(ub, 3, DO_WAIT);	/* no lock: tx_empty may sleep */
	return 1;
}

static struct uart_ops ubrg_uart_ops = {
	.set_mctrl = ubrg_set_mctrl,
	.tx_empty = ubrg_tx_empty,
};

/* The sensor is read from the poll timer: it is set up with
 * ubrg_poll_slow, but always re-set to ubrg_poll_fast before it is armed. */
static void ubrg_poll_slow(unsigned long data)
{
	struct ubrg *ub = (struct ubrg *)data;

	i2c_smbus_read_byte_data(ub->sensor, 0);	/* never runs as the callback */
}

static void ubrg_poll_fast(unsigned long data)
{
	struct ubrg *ub = (struct ubrg *)data;

	if (ub->dead)
		panic("ubrg: bridge died");
	i2c_smbus_read_byte_data(ub->sensor, 1); /* want "i2c_smbus_read_byte_data\\(\\) may sleep.*timer callback ubrg_poll_fast\\(\\) \\(softirq context\\).*KD101" */
}

static void ubrg_start_poll(struct ubrg *ub)
{
	init_timer(&ub->poll_timer);
	ub->poll_timer.function = ubrg_poll_fast;
	ub->poll_timer.data = (unsigned long)ub;
	ub->poll_timer.expires = jiffies + HZ;
	add_timer(&ub->poll_timer);
}

static int ubrg_reboot(struct notifier_block *nb, unsigned long ev, void *p)
{
	struct ubrg *ub = container_of(nb, struct ubrg, nb);

	ubrg_ctl(ub, 9, DO_WAIT);	/* the same usb_control_msg(): reported once, at its line */
	return NOTIFY_DONE;
}

static int ubrg_probe(struct usb_interface *intf, const struct usb_device_id *id)
{
	struct ubrg *ub;

	ub = kzalloc(sizeof(*ub), GFP_KERNEL);
	if (!ub)
		return -ENOMEM;
	ub->udev = interface_to_usbdev(intf);
	ub->rx_urb = usb_alloc_urb(0, GFP_KERNEL);
	ub->rx_buf = kmalloc(UBRG_BUF, GFP_KERNEL);
	spin_lock_init(&ub->lock);
	usb_fill_bulk_urb(ub->rx_urb, ub->udev, usb_rcvbulkpipe(ub->udev, 1), ub->rx_buf, UBRG_BUF, ubrg_rx_complete, ub);
	tasklet_init(&ub->rx_tasklet, ubrg_rx_tasklet, (unsigned long)ub);
	setup_timer(&ub->poll_timer, ubrg_poll_slow, (unsigned long)ub);
	ub->port.ops = &ubrg_uart_ops;
	ub->nb.notifier_call = ubrg_reboot;
	atomic_notifier_chain_register(&panic_notifier_list, &ub->nb);
	ubrg_start_poll(ub);
	the_bridge = ub;
	return usb_submit_urb(ub->rx_urb, GFP_KERNEL);
}

static void ubrg_disconnect(struct usb_interface *intf)
{
	struct ubrg *ub = the_bridge;

	del_timer_sync(&ub->poll_timer);
	tasklet_kill(&ub->rx_tasklet);
	usb_kill_urb(ub->rx_urb);
	usb_free_urb(ub->rx_urb);
	kfree(ub->rx_buf);
	kfree(ub);
}

static struct usb_driver ubrg_driver = {
	.name = "ubrg",
	.probe = ubrg_probe,
	.disconnect = ubrg_disconnect,
};
module_usb_driver(ubrg_driver);
MODULE_LICENSE("GPL");
