/* Another structure with a member of the same name, written here. */
#include <linux/types.h>

struct other {
	u8 can_sleep;
};

void other_init(struct other *o, int v)
{
	o->can_sleep = v;
}
