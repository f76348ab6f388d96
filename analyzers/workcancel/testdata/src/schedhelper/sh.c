#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/workqueue.h>

/* Work queued on the system workqueue by module helpers, one and two
 * calls below where the driver decides to. The front end parses what
 * schedules an object near its call only (kmodel.NameSets.Near): the
 * helper that calls schedule_delayed_work() and its direct callers.
 * sh_reset(), two calls above it, is not parsed, and changes nothing. */
struct sh { struct delayed_work scan, idle; int retries; };

static void sh_rearm(struct sh *sh) { schedule_delayed_work(&sh->scan, HZ); }
static void sh_again(struct sh *sh) { sh->retries++; sh_rearm(sh); }
static void sh_reset(struct sh *sh) { sh->retries = 0; sh_again(sh); }
static void sh_scan(struct work_struct *w) { }
static void sh_idle(struct work_struct *w) { }

static int sh_probe(struct platform_device *pdev)
{
	struct sh *sh = devm_kzalloc(&pdev->dev, sizeof(*sh), GFP_KERNEL);

	INIT_DELAYED_WORK(&sh->scan, sh_scan);
	INIT_DELAYED_WORK(&sh->idle, sh_idle); /* never queued: nothing to cancel */
	sh_reset(sh);
	platform_set_drvdata(pdev, sh);
	return 0;
}

static void sh_remove(struct platform_device *pdev)
{
	struct sh *sh = platform_get_drvdata(pdev);

	cancel_delayed_work(&sh->scan); /* want "work item sh->scan is cancelled with cancel_delayed_work\\(\\) in sh_remove\\(\\), which does not wait for a running instance of sh_scan\\(\\)" */
	cancel_delayed_work(&sh->idle);
}

static struct platform_driver sh_driver = {
	.probe = sh_probe,
	.remove = sh_remove,
	.driver = { .name = "sh" },
};
module_platform_driver(sh_driver);
