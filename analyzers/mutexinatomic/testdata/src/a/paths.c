/* KD102 with paths: a constant argument that keeps the mutex out, a
 * timer re-armed with another callback, a lock released below the
 * caller, each beside a case still reported. */
#include <linux/mutex.h>
#include <linux/timer.h>
#include <linux/spinlock.h>

struct pdev {
	struct mutex cfg_lock;
	spinlock_t lock;
	struct timer_list stats, slot;
	struct semaphore sem;
};

enum stats_event { STATS_UPDATE, STATS_STOP };

static void stats_handle(struct pdev *p, enum stats_event ev)
{
	if (ev == STATS_UPDATE)
		return;
	mutex_lock(&p->cfg_lock); /* want "mutex_lock\\(\\) takes a sleeping lock.*stats_handle\\(\\), called from stats_stop_locked\\(\\)" */
	mutex_unlock(&p->cfg_lock);
}

static void stats_timer(struct timer_list *t)
{
	struct pdev *p = from_timer(p, t, stats);

	stats_handle(p, STATS_UPDATE);
	mod_timer(&p->stats, jiffies + HZ);
}

static void stats_stop_locked(struct pdev *p)
{
	spin_lock_bh(&p->lock);
	stats_handle(p, STATS_STOP);
	spin_unlock_bh(&p->lock);
}

/* The slot timer runs slot_helper only: slot_thread is set up first and
 * replaced before the timer is armed. */
static void slot_thread(struct timer_list *t)
{
	struct pdev *p = from_timer(p, t, slot);

	mutex_lock(&p->cfg_lock);
	mutex_unlock(&p->cfg_lock);
}

static void slot_helper(struct timer_list *t)
{
	struct pdev *p = from_timer(p, t, slot);

	down(&p->sem); /* want "down\\(\\) takes a sleeping lock.*timer callback slot_helper\\(\\)" */
	up(&p->sem);
}

static void slot_event(struct pdev *p)
{
	timer_setup(&p->slot, slot_helper, 0);
	add_timer(&p->slot);
}

static void pdev_init(struct pdev *p)
{
	timer_setup(&p->slot, slot_thread, 0);
	timer_setup(&p->stats, stats_timer, 0);
	mod_timer(&p->stats, jiffies + HZ);
}

/* Released two calls down, around the mutex. */
static void load_firmware(struct pdev *p)
{
	spin_unlock_irq(&p->lock);
	mutex_lock(&p->cfg_lock);
	mutex_unlock(&p->cfg_lock);
	spin_lock_irq(&p->lock);
}

static void load(struct pdev *p)
{
	load_firmware(p);
}

static void init_adapter(struct pdev *p)
{
	spin_lock_irq(&p->lock);
	load(p);
	spin_unlock_irq(&p->lock);
}
