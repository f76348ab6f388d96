/*
 * A UDC whose .udc_stop masks its interrupt, which deleting the gadget
 * runs: its timer is stopped after that.
 */
#include <linux/platform_device.h>
#include <linux/interrupt.h>
#include <linux/timer.h>
#include <linux/usb/gadget.h>

struct ud { struct usb_gadget gadget; struct timer_list vbus_timer; void __iomem *regs; };

static void ud_vbus(struct timer_list *t) { }

static irqreturn_t ud_irq(int irq, void *data)
{
	struct ud *ud = data;

	mod_timer(&ud->vbus_timer, jiffies + 5);
	return IRQ_HANDLED;
}

static int ud_udc_stop(struct usb_gadget *g)
{
	struct ud *ud = container_of(g, struct ud, gadget);

	writel(0, ud->regs + 0x10); /* interrupt enable */
	return 0;
}

static const struct usb_gadget_ops ud_ops = {
	.udc_stop = ud_udc_stop,
};

static int ud_probe(struct platform_device *pdev)
{
	struct ud *ud = devm_kzalloc(&pdev->dev, sizeof(*ud), GFP_KERNEL);

	ud->gadget.ops = &ud_ops;
	timer_setup(&ud->vbus_timer, ud_vbus, 0);
	platform_set_drvdata(pdev, ud);
	return devm_request_irq(&pdev->dev, platform_get_irq(pdev, 0), ud_irq, 0, "ud", ud);
}

static void ud_remove(struct platform_device *pdev)
{
	struct ud *ud = platform_get_drvdata(pdev);

	usb_del_gadget_udc(&ud->gadget);
	del_timer_sync(&ud->vbus_timer);
}

static struct platform_driver ud_driver = {
	.probe = ud_probe,
	.remove = ud_remove,
	.driver = { .name = "ud" },
};
module_platform_driver(ud_driver);
