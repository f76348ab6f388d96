#include <linux/timer.h>

static struct timer_list b_timer;

static void helper(void)
{
	mdelay(1); /* busy-waits: fine in a timer */
}

static void b_tick(struct timer_list *t)
{
	helper();
}

static void b_work(struct work_struct *w)
{
	msleep(5); /* process context, though another file's helper sleeps too */
}

static int b_start(void)
{
	timer_setup(&b_timer, b_tick, 0);
	return 0;
}
