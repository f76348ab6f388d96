#include <linux/interrupt.h>

static DEFINE_MUTEX(m);

static irqreturn_t h2(int irq, void *d)
{
	msleep(1); // kdlint:ignore sleep-in-atomic polled mode only
	msleep(2); // kdlint:ignore KD999 a rule that does not exist
	mutex_lock(&m); // kdlint:ignore KD102 checked by hand
	msleep(3); // kdlint:ignore KD001 the meta-rule cannot be silenced
	msleep(5); // kdlint:ignore KD101, KD102 a list with a space
	mutex_unlock(&m);
	return IRQ_HANDLED;
}

static int p2(void) { return request_irq(2, h2, 0, "n", 0); }
