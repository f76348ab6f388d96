/*
 * Two drivers in one directory, each with its own file-static lock of the
 * same name: holding one and taking the other is not a double lock. A
 * global lock shared by the files is, even where a comment still shows
 * an older, static definition of it.
 */
#include <linux/spinlock.h>

static DEFINE_SPINLOCK(ctl_lock);
extern spinlock_t shared_lock;

void phy_poke(int v);
void shared_poke(int v);

/* Right: phy.c's ctl_lock is another lock. */
static void ctl_write(int v)
{
	spin_lock(&ctl_lock);
	phy_poke(v);
	spin_unlock(&ctl_lock);
}

/* Wrong: shared_poke() takes shared_lock, held here. */
static void ctl_shared_write(int v)
{
	spin_lock(&shared_lock);
	shared_poke(v); /* want "shared_poke\\(\\) takes spinlock shared_lock, which is already held here" */
	spin_unlock(&shared_lock);
}
