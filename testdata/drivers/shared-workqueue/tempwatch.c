// SPDX-License-Identifier: GPL-2.0
/*
 * tempwatch - sample a thermal zone at a fixed rate, keep the last minute
 * of readings in debugfs, and power the machine off if the zone stays
 * above the critical level.
 *
 * Reading a thermal zone may sleep, so the timer only kicks a work item
 * on the system workqueue and the work item does the actual reading.
 */

#include <linux/module.h>
#include <linux/init.h>
#include <linux/timer.h>
#include <linux/jiffies.h>
#include <linux/workqueue.h>
#include <linux/thermal.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/slab.h>
#include <linux/list.h>
#include <linux/delay.h>
#include <linux/reboot.h>
#include <linux/debugfs.h>
#include <linux/seq_file.h>

static char *zone = "cpu-thermal";
module_param(zone, charp, 0444);
MODULE_PARM_DESC(zone, "thermal zone to watch");

static unsigned int poll_ms = 1000;
module_param(poll_ms, uint, 0644);
MODULE_PARM_DESC(poll_ms, "sampling period in ms");

static int crit_mc = 95000;
module_param(crit_mc, int, 0644);
MODULE_PARM_DESC(crit_mc, "power off above this temperature (millidegree C)");

#define TW_HIST_LEN	60

struct tw_sample {
	struct list_head node;
	unsigned long stamp;		/* jiffies */
	int temp;			/* millidegree C */
};

struct tw_state {
	struct thermal_zone_device *tz;
	struct timer_list tick;
	struct work_struct poll_work;

	spinlock_t hist_lock;		/* history, hist_len */
	struct list_head history;
	unsigned int hist_len;

	struct mutex stats_lock;	/* ticks, max_temp */
	unsigned long ticks;
	int max_temp;

	struct dentry *dbg;
	bool stopping;
};

static struct tw_state tw;

static void tw_alarm_fn(struct work_struct *work);
static DECLARE_WORK(tw_alarm_work, tw_alarm_fn);

/* system workqueue: process context, we can take our time here */
static void tw_alarm_fn(struct work_struct *work)
{
	int temp;

	/* one hot reading is not enough to shut the box down */
	msleep(200);
	if (thermal_zone_get_temp(tw.tz, &temp))
		return;
	if (temp < crit_mc) {
		pr_info("tempwatch: %d mC after debounce, false alarm\n", temp);
		return;
	}

	pr_crit("tempwatch: zone %s at %d mC, powering off\n", zone, temp);
	orderly_poweroff(true);
}

static void tw_record(struct tw_state *st, int temp)
{
	struct tw_sample *s, *old = NULL;

	spin_lock(&st->hist_lock);
	s = kzalloc(sizeof(*s), GFP_KERNEL); /* want "kzalloc.*KD103" */
	if (!s) {
		spin_unlock(&st->hist_lock);
		return;
	}
	s->stamp = jiffies;
	s->temp = temp;
	list_add_tail(&s->node, &st->history);
	if (++st->hist_len > TW_HIST_LEN) {
		old = list_first_entry(&st->history, struct tw_sample, node);
		list_del(&old->node);
		st->hist_len--;
	}
	spin_unlock(&st->hist_lock);

	kfree(old);
}

static void tw_poll_fn(struct work_struct *work)
{
	struct tw_state *st = container_of(work, struct tw_state, poll_work);
	int temp, ret;

	ret = thermal_zone_get_temp(st->tz, &temp);
	if (ret) {
		pr_warn_ratelimited("tempwatch: read failed: %d\n", ret);
		return;
	}

	mutex_lock(&st->stats_lock);
	if (temp > st->max_temp)
		st->max_temp = temp;
	mutex_unlock(&st->stats_lock);

	tw_record(st, temp);

	if (temp >= crit_mc)
		schedule_work(&tw_alarm_work);
}

static void tw_tick(struct timer_list *t)
{
	struct tw_state *st = from_timer(st, t, tick);

	mutex_lock(&st->stats_lock); /* want "mutex_lock.*KD102" */
	st->ticks++;
	mutex_unlock(&st->stats_lock);

	schedule_work(&st->poll_work);

	if (!READ_ONCE(st->stopping))
		mod_timer(&st->tick, jiffies + msecs_to_jiffies(poll_ms));
}

static int tw_hist_show(struct seq_file *m, void *unused)
{
	struct tw_sample *s;

	mutex_lock(&tw.stats_lock);
	seq_printf(m, "ticks %lu max %d\n", tw.ticks, tw.max_temp);
	mutex_unlock(&tw.stats_lock);

	spin_lock(&tw.hist_lock);
	list_for_each_entry(s, &tw.history, node)
		seq_printf(m, "%lu %d\n", s->stamp, s->temp);
	spin_unlock(&tw.hist_lock);

	return 0;
}
DEFINE_SHOW_ATTRIBUTE(tw_hist);

static int __init tw_init(void)
{
	tw.tz = thermal_zone_get_zone_by_name(zone);
	if (IS_ERR(tw.tz)) {
		pr_err("tempwatch: no thermal zone '%s'\n", zone);
		return PTR_ERR(tw.tz);
	}

	spin_lock_init(&tw.hist_lock);
	INIT_LIST_HEAD(&tw.history);
	mutex_init(&tw.stats_lock);
	INIT_WORK(&tw.poll_work, tw_poll_fn);
	timer_setup(&tw.tick, tw_tick, 0);

	tw.dbg = debugfs_create_file("tempwatch", 0444, NULL, NULL,
				     &tw_hist_fops);

	mod_timer(&tw.tick, jiffies + msecs_to_jiffies(poll_ms));
	return 0;
}

static void __exit tw_exit(void)
{
	struct tw_sample *s, *tmp;

	WRITE_ONCE(tw.stopping, true);
	del_timer_sync(&tw.tick);
	cancel_work_sync(&tw.poll_work);
	cancel_work_sync(&tw_alarm_work);
	debugfs_remove(tw.dbg);

	list_for_each_entry_safe(s, tmp, &tw.history, node) {
		list_del(&s->node);
		kfree(s);
	}
}

module_init(tw_init);
module_exit(tw_exit);

MODULE_DESCRIPTION("Thermal zone watcher with emergency power-off");
MODULE_LICENSE("GPL");
