#include <linux/module.h>
#include <linux/interrupt.h>

static void old_fn(unsigned long data);
static void new_fn(struct tasklet_struct *t);

DECLARE_TASKLET(killed_old, old_fn, 0);
DECLARE_TASKLET_OLD(leaked_old, old_fn); /* want "tasklet leaked_old is never killed: tasklet_kill\\(&leaked_old\\) is not called on the exit or remove path \\(mod_exit\\(\\)\\)" */

struct dev { struct tasklet_struct rx, tx; } the_dev;

static void old_fn(unsigned long data) { }
static void new_fn(struct tasklet_struct *t) { }

static void stop_all(void)
{
	tasklet_kill(&the_dev.rx); /* called from mod_exit: counts */
}

static int __init mod_init(void)
{
	tasklet_setup(&the_dev.rx, new_fn);
	tasklet_init(&the_dev.tx, old_fn, 0); /* want "tasklet the_dev.tx is never killed" */
	return 0;
}

static void __exit mod_exit(void)
{
	stop_all();
	tasklet_kill(&killed_old);
}

module_init(mod_init);
module_exit(mod_exit);
