// SPDX-License-Identifier: GPL-2.0
/*
 * ledpulse - blinks a status LED from a timer. The LED is driven through
 * ledpulse_set() in helper.c, which waits for the controller to latch.
 */

#include <linux/module.h>
#include <linux/timer.h>
#include <linux/jiffies.h>

#include "ledpulse.h"

static struct timer_list blink_timer;
static bool led_on;

static void ledpulse_blink(struct timer_list *t)
{
	led_on = !led_on;
	ledpulse_set(led_on);
	mod_timer(&blink_timer, jiffies + HZ / 2);
}

static int __init ledpulse_init(void)
{
	int ret;

	ret = ledpulse_hw_init();
	if (ret)
		return ret;
	ledpulse_set(false);
	timer_setup(&blink_timer, ledpulse_blink, 0);
	mod_timer(&blink_timer, jiffies + HZ / 2);
	return 0;
}

static void __exit ledpulse_exit(void)
{
	timer_delete_sync(&blink_timer);
	ledpulse_set(false);
	ledpulse_hw_exit();
}

module_init(ledpulse_init);
module_exit(ledpulse_exit);
MODULE_DESCRIPTION("Status LED blinker");
MODULE_LICENSE("GPL");
