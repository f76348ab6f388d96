#include <linux/module.h>
#include <linux/platform_device.h>
#include "kbdrv.h"

static int kbdrv_probe(struct platform_device *pdev)
{
	struct kbdrv *k = devm_kzalloc(&pdev->dev, sizeof(*k), GFP_KERNEL);

	if (!k)
		return -ENOMEM;
	platform_set_drvdata(pdev, k);
	return kbdrv_hw_init(k);
}

static struct platform_driver kbdrv_driver = {
	.probe = kbdrv_probe,
	.driver = { .name = "kbdrv" },
};
module_platform_driver(kbdrv_driver);
