#include <linux/module.h>
#include <linux/interrupt.h>

static struct tasklet_struct beta_tasklet;

static void bh(struct tasklet_struct *t) { }

static int __init drv_init(void)
{
	tasklet_setup(&beta_tasklet, bh);
	return 0;
}

static void __exit drv_exit(void)
{
	tasklet_kill(&beta_tasklet);
}

module_init(drv_init);
module_exit(drv_exit);
