#include <linux/workqueue.h>
#include "kbdrv.h"

int kbdrv_hw_init(struct kbdrv *k)
{
	/* No remove callback: unbinding frees k and leaks the queue. The
	 * governor's exit in the same directory is another module's. */
	k->evt_wq = alloc_workqueue("kbdrv", 0, 0); /* want "workqueue k->evt_wq is never destroyed: destroy_workqueue\\(k->evt_wq\\) is not called on the exit or remove path \\(kbdrv_driver has no remove callback\\)" */
	if (!k->evt_wq)
		return -ENOMEM;
	return 0;
}
