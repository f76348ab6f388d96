#include <linux/interrupt.h>

static irqreturn_t h(int irq, void *d)
{
	/* kdlint:ignore KD101 the firmware guarantees this path never runs in IRQ context */
	msleep(1);
	msleep(2); // kdlint:ignore KD101,KD102 polled mode only, see probe
	msleep(3); /* want "msleep\\(\\) may sleep" */
	mdelay(1); // kdlint:ignore KD101 stale directive
	msleep(4); // kdlint:ignore KD101
	return IRQ_HANDLED;
}

static int p(void) { return request_irq(1, h, 0, "s", 0); }
