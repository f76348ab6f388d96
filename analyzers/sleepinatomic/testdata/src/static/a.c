/* Same-named static helpers in two files: each timer calls its own. */
#include <linux/timer.h>

static struct timer_list a_timer;

static void helper(void)
{
	msleep(1); /* want "msleep\\(\\) may sleep.*timer callback a_tick\\(\\)" */
}

static void a_tick(struct timer_list *t)
{
	helper();
}

static int a_start(void)
{
	timer_setup(&a_timer, a_tick, 0);
	return 0;
}
