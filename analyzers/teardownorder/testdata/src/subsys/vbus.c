/*
 * A UDC with a second interrupt on another device's line: a VBUS sense
 * GPIO, and a line the board's platform data names. .udc_stop masks the
 * controller's own interrupt, not those: a work they queue is cancelled
 * in remove while devres frees them only later.
 */
#include <linux/platform_device.h>
#include <linux/interrupt.h>
#include <linux/workqueue.h>
#include <linux/gpio/consumer.h>
#include <linux/usb/gadget.h>

struct vb_pdata { unsigned int cd_irq; };
struct vb { struct usb_gadget gadget; struct work_struct sense; struct work_struct cd; struct work_struct own; struct gpio_desc *gpio; void __iomem *regs; };

static void vb_sense(struct work_struct *w) { }

static irqreturn_t vb_gpio_irq(int irq, void *data)
{
	struct vb *vb = data;

	schedule_work(&vb->sense);
	return IRQ_HANDLED;
}

static irqreturn_t vb_cd_irq(int irq, void *data)
{
	struct vb *vb = data;

	schedule_work(&vb->cd);
	return IRQ_HANDLED;
}

static irqreturn_t vb_own_irq(int irq, void *data)
{
	struct vb *vb = data;

	schedule_work(&vb->own);
	return IRQ_HANDLED;
}

static int vb_udc_stop(struct usb_gadget *g)
{
	struct vb *vb = container_of(g, struct vb, gadget);

	writel(0, vb->regs + 0x10); /* the controller's interrupt enable */
	return 0;
}

static const struct usb_gadget_ops vb_ops = {
	.udc_stop = vb_udc_stop,
};

static int vb_probe(struct platform_device *pdev)
{
	struct vb_pdata *pdata = dev_get_platdata(&pdev->dev);
	struct vb *vb = devm_kzalloc(&pdev->dev, sizeof(*vb), GFP_KERNEL);
	int irq;

	vb->gadget.ops = &vb_ops;
	INIT_WORK(&vb->sense, vb_sense);
	INIT_WORK(&vb->cd, vb_sense);
	INIT_WORK(&vb->own, vb_sense);
	platform_set_drvdata(pdev, vb);
	irq = gpiod_to_irq(vb->gpio);
	devm_request_irq(&pdev->dev, irq, vb_gpio_irq, 0, "vb-vbus", vb);
	devm_request_irq(&pdev->dev, pdata->cd_irq, vb_cd_irq, 0, "vb-cd", vb);
	return devm_request_irq(&pdev->dev, platform_get_irq(pdev, 0), vb_own_irq, 0, "vb", vb);
}

static void vb_remove(struct platform_device *pdev)
{
	struct vb *vb = platform_get_drvdata(pdev);

	usb_del_gadget_udc(&vb->gadget); /* runs vb_udc_stop() */
	cancel_work_sync(&vb->own); /* the controller's interrupt is masked */
	cancel_work_sync(&vb->sense); /* want "work item vb->sense is cancelled at line 77 in vb_remove\\(\\), but IRQ handler vb_gpio_irq" */
	cancel_work_sync(&vb->cd); /* want "work item vb->cd is cancelled at line 78 in vb_remove\\(\\), but IRQ handler vb_cd_irq" */
}

static struct platform_driver vb_driver = {
	.probe = vb_probe,
	.remove = vb_remove,
	.driver = { .name = "vb" },
};
module_platform_driver(vb_driver);
