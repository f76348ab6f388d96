/* A buffer allocated on first use, where the first use is the timer's:
 * probe never makes the first call, so the callback does. */
#include <linux/timer.h>
#include <linux/platform_device.h>
#include <linux/slab.h>

struct lz_dev {
	struct timer_list timer;
	void *buf;
};

static void lz_fill(struct lz_dev *d)
{
	if (!d->buf)
		d->buf = kmalloc(64, GFP_KERNEL); /* want "kmalloc\\(\\) with GFP_KERNEL may sleep in direct reclaim.*timer callback lz_timer\\(\\)" */
}

static void lz_timer(struct timer_list *t)
{
	struct lz_dev *d = from_timer(d, t, timer);

	lz_fill(d);
}

static int lz_probe(struct platform_device *pdev)
{
	struct lz_dev *d = devm_kzalloc(&pdev->dev, sizeof(*d), GFP_KERNEL);

	if (!d)
		return -ENOMEM;
	timer_setup(&d->timer, lz_timer, 0);
	mod_timer(&d->timer, jiffies + HZ);
	return 0;
}

static struct platform_driver lz_driver = {
	.probe = lz_probe,
	.driver = { .name = "lz" },
};
module_platform_driver(lz_driver);
