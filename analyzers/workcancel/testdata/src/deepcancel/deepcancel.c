/*
 * Work cancelled without waiting four calls below remove (dc_remove ->
 * dc_shutdown -> dc_stop -> dc_halt -> dc_flush -> cancel_work), in
 * helpers that set nothing up: only reach from the remove callback
 * makes the front end parse them, and the cancel is reported as on the
 * remove path. The second work item is cancelled only on an ioctl path
 * (dc_ioctl -> dc_reset -> dc_halt2 -> cancel_work_sync): torn down
 * somewhere, not on a teardown path, it is not reported.
 */
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/fs.h>
#include <linux/workqueue.h>

struct dc { struct work_struct ev, reset; };

static struct dc *the_dc;

static void dc_ev_fn(struct work_struct *w) { }
static void dc_reset_fn(struct work_struct *w) { }

static void dc_flush(struct dc *dc) { cancel_work(&dc->ev); } /* want "work item dc->ev is cancelled with cancel_work\\(\\) in dc_flush\\(\\), which does not wait" */
static void dc_halt(struct dc *dc) { dc_flush(dc); }
static void dc_stop(struct dc *dc) { dc_halt(dc); }
static void dc_shutdown(struct dc *dc) { dc_stop(dc); }

static void dc_halt2(struct dc *dc) { cancel_work_sync(&dc->reset); }
static void dc_reset(struct dc *dc) { dc_halt2(dc); }

static long dc_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	dc_reset(the_dc);
	schedule_work(&the_dc->reset);
	return 0;
}

static const struct file_operations dc_fops = {
	.unlocked_ioctl = dc_ioctl,
};

static int dc_probe(struct platform_device *pdev)
{
	struct dc *dc = devm_kzalloc(&pdev->dev, sizeof(*dc), GFP_KERNEL);

	if (!dc)
		return -ENOMEM;
	INIT_WORK(&dc->ev, dc_ev_fn);
	INIT_WORK(&dc->reset, dc_reset_fn);
	schedule_work(&dc->ev);
	the_dc = dc;
	platform_set_drvdata(pdev, dc);
	return 0;
}

static void dc_remove(struct platform_device *pdev)
{
	struct dc *dc = platform_get_drvdata(pdev);

	dc_shutdown(dc);
}

static struct platform_driver dc_driver = {
	.probe = dc_probe,
	.remove = dc_remove,
	.driver = { .name = "dc" },
};
module_platform_driver(dc_driver);
