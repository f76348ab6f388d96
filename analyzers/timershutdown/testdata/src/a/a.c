#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/timer.h>
#include <linux/hrtimer.h>

struct tm {
	struct timer_list poll, watchdog, blink, idle, locked, req;
	struct hrtimer sample, frame;
	spinlock_t lock;
};

static void poll_fn(struct timer_list *t)
{
	struct tm *tm = from_timer(tm, t, poll);

	mod_timer(&tm->poll, jiffies + HZ);
}
static void watchdog_fn(struct timer_list *t) { }
static void blink_fn(struct timer_list *t) { }
static void idle_fn(struct timer_list *t) { }
static void locked_fn(struct timer_list *t) { }
static void req_fn(struct timer_list *t) { }
static enum hrtimer_restart sample_fn(struct hrtimer *h) { return HRTIMER_NORESTART; }
static enum hrtimer_restart frame_fn(struct hrtimer *h) { return HRTIMER_RESTART; }

/* Per request (the block layer calls it): lives as long as the request,
 * not the device. */
void tm_submit(struct tm *tm)
{
	timer_setup(&tm->req, req_fn, 0);
	mod_timer(&tm->req, jiffies + HZ);
}

static int tm_probe(struct platform_device *pdev)
{
	struct tm *tm = devm_kzalloc(&pdev->dev, sizeof(*tm), GFP_KERNEL);

	timer_setup(&tm->poll, poll_fn, 0); /* armed, and stopped with del_timer_sync */
	mod_timer(&tm->poll, jiffies + HZ);
	timer_setup(&tm->watchdog, watchdog_fn, 0); /* want "timer tm->watchdog is armed \\(mod_timer\\(\\) at line 41\\) but never stopped: no del_timer_sync\\(\\) \\(timer_delete_sync\\(\\) or timer_shutdown_sync\\(\\) since 6.2\\) on the exit or remove path \\(hb_exit\\(\\), tm_remove\\(\\)\\), so its callback watchdog_fn\\(\\) can run after the device is unbound or the module unloaded" */
	mod_timer(&tm->watchdog, jiffies + 5 * HZ);
	timer_setup(&tm->blink, blink_fn, 0);
	add_timer(&tm->blink);
	timer_setup(&tm->idle, idle_fn, 0); /* never armed: nothing to stop */
	timer_setup(&tm->locked, locked_fn, 0);
	mod_timer(&tm->locked, jiffies + HZ);
	hrtimer_init(&tm->sample, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
	tm->sample.function = sample_fn;
	hrtimer_start(&tm->sample, ms_to_ktime(10), HRTIMER_MODE_REL);
	hrtimer_init(&tm->frame, CLOCK_MONOTONIC, HRTIMER_MODE_REL); /* want "hrtimer tm->frame is armed \\(hrtimer_start\\(\\) at line 52\\) but never stopped: no hrtimer_cancel\\(\\) on the exit or remove path \\(hb_exit\\(\\), tm_remove\\(\\)\\), so its callback frame_fn\\(\\) can run" */
	tm->frame.function = frame_fn;
	hrtimer_start(&tm->frame, ms_to_ktime(16), HRTIMER_MODE_REL);
	platform_set_drvdata(pdev, tm);
	return 0;
}

static void tm_remove(struct platform_device *pdev)
{
	struct tm *tm = platform_get_drvdata(pdev);
	unsigned long flags;

	del_timer_sync(&tm->poll);
	del_timer(&tm->blink); /* want "timer tm->blink is stopped with del_timer\\(\\) in tm_remove\\(\\), which does not wait for a running callback blink_fn\\(\\): it can still run after the device is unbound or the module unloaded; use del_timer_sync\\(\\)" */
	spin_lock_irqsave(&tm->lock, flags);
	timer_delete(&tm->locked); /* under a spinlock: waiting there could deadlock, not reported */
	spin_unlock_irqrestore(&tm->lock, flags);
	hrtimer_cancel(&tm->sample);
}

static struct platform_driver tm_driver = {
	.probe = tm_probe,
	.remove = tm_remove,
	.driver = { .name = "tm" },
};
module_platform_driver(tm_driver);

/* Old API, module-wide timer: stopped in exit with timer_shutdown_sync. */
static struct timer_list heartbeat;
static void heartbeat_fn(struct timer_list *t) { mod_timer(&heartbeat, jiffies + HZ); }

static int __init hb_init(void)
{
	timer_setup(&heartbeat, heartbeat_fn, 0);
	mod_timer(&heartbeat, jiffies + HZ);
	return 0;
}

static void __exit hb_exit(void)
{
	timer_shutdown_sync(&heartbeat);
}
module_init(hb_init);
module_exit(hb_exit);

/* A timer on the stack lives until its function returns. */
static void stack_fn(struct timer_list *t) { }

static int hb_wait(void)
{
	struct timer_list t;

	timer_setup_on_stack(&t, stack_fn, 0);
	mod_timer(&t, jiffies + HZ);
	del_timer_sync(&t);
	destroy_timer_on_stack(&t);
	return 0;
}
