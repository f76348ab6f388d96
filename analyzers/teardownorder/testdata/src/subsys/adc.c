/*
 * An IIO ADC whose touch interrupt is enabled with its buffer:
 * unregistering the device disables the buffer, whose .postdisable
 * masks the interrupt, so the work it queues is cancelled after that.
 * A work queued by the interrupt and cancelled before is still
 * reported.
 */
#include <linux/platform_device.h>
#include <linux/interrupt.h>
#include <linux/workqueue.h>
#include <linux/iio/iio.h>
#include <linux/iio/buffer.h>

struct iio_buffer_setup_ops {
	int (*preenable)(struct iio_dev *);
	int (*postdisable)(struct iio_dev *);
};

struct ta { struct work_struct push; struct work_struct early; void __iomem *regs; };

static void ta_push(struct work_struct *w) { }

static irqreturn_t ta_irq(int irq, void *data)
{
	struct ta *ta = data;

	schedule_work(&ta->push);
	schedule_work(&ta->early);
	return IRQ_HANDLED;
}

static int ta_preenable(struct iio_dev *indio_dev)
{
	struct ta *ta = iio_priv(indio_dev);

	writel(1, ta->regs + 0x24); /* touch interrupt enable */
	return 0;
}

static int ta_postdisable(struct iio_dev *indio_dev)
{
	struct ta *ta = iio_priv(indio_dev);

	writel(1, ta->regs + 0x28); /* touch interrupt disable */
	return 0;
}

static const struct iio_buffer_setup_ops ta_buffer_ops = {
	.preenable = ta_preenable,
	.postdisable = ta_postdisable,
};

static int ta_probe(struct platform_device *pdev)
{
	struct iio_dev *indio_dev = devm_iio_device_alloc(&pdev->dev, sizeof(struct ta));
	struct ta *ta = iio_priv(indio_dev);

	INIT_WORK(&ta->push, ta_push);
	INIT_WORK(&ta->early, ta_push);
	indio_dev->setup_ops = &ta_buffer_ops;
	platform_set_drvdata(pdev, indio_dev);
	devm_request_irq(&pdev->dev, platform_get_irq(pdev, 0), ta_irq, 0, "ta", ta);
	return iio_device_register(indio_dev);
}

static void ta_remove(struct platform_device *pdev)
{
	struct iio_dev *indio_dev = platform_get_drvdata(pdev);
	struct ta *ta = iio_priv(indio_dev);

	cancel_work_sync(&ta->early); /* want "work item ta->early is cancelled at line 71 in ta_remove\\(\\), but IRQ handler ta_irq" */
	iio_device_unregister(indio_dev); /* runs ta_postdisable() */
	cancel_work_sync(&ta->push);
}

static struct platform_driver ta_driver = {
	.probe = ta_probe,
	.remove = ta_remove,
	.driver = { .name = "ta" },
};
module_platform_driver(ta_driver);
