/* The other file of the split module. */
#include <linux/workqueue.h>

struct sp { struct work_struct kick; };

void sp_kick(struct sp *sp)
{
	if (sp)
		schedule_work(&sp->kick);
}
