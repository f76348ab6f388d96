// SPDX-License-Identifier: GPL-2.0
/*
 * ledpulse - the LED controller. Writing a new state takes effect only
 * after the controller has latched it, which takes up to 2 ms.
 */

#include <linux/io.h>
#include <linux/delay.h>
#include <linux/ioport.h>

#include "ledpulse.h"

#define LEDPULSE_BASE	0xfe200000
#define LEDPULSE_CTRL	0x10

static void __iomem *ledpulse_base;

int ledpulse_hw_init(void)
{
	ledpulse_base = ioremap(LEDPULSE_BASE, 0x100);
	return ledpulse_base ? 0 : -ENOMEM;
}

void ledpulse_hw_exit(void)
{
	iounmap(ledpulse_base);
}

void ledpulse_set(bool on)
{
	writel(on ? 1 : 0, ledpulse_base + LEDPULSE_CTRL);
	msleep(2); /* want "msleep.*ledpulse_blink.*KD101" */
}
