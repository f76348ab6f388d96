#include <linux/spinlock.h>

static DEFINE_SPINLOCK(ctl_lock);
/* Before the split: static DEFINE_SPINLOCK(shared_lock); */
DEFINE_SPINLOCK(shared_lock);

void phy_poke(int v)
{
	spin_lock(&ctl_lock);
	(void)v;
	spin_unlock(&ctl_lock);
}

void shared_poke(int v)
{
	spin_lock(&shared_lock);
	(void)v;
	spin_unlock(&shared_lock);
}
