/* Two independent drivers in one directory, as in drivers/atm: each is its
 * own module, and each must kill its own tasklet. */
#include <linux/module.h>
#include <linux/interrupt.h>

static struct tasklet_struct alpha_tasklet;

static void bh(struct tasklet_struct *t) { }

static int __init drv_init(void)
{
	tasklet_setup(&alpha_tasklet, bh); /* want "tasklet alpha_tasklet is never killed: .*\\(drv_exit\\(\\)\\)" */
	return 0;
}

static void __exit drv_exit(void)
{
	/* forgot tasklet_kill(&alpha_tasklet); beta's exit does not count */
}

module_init(drv_init);
module_exit(drv_exit);
