#include <linux/timer.h>
#include <linux/mutex.h>

struct bar { struct timer_list timer; struct mutex lock; struct semaphore sem; spinlock_t sl; int n; };

static void bar_update(struct bar *b)
{
	mutex_lock(&b->lock); /* want "mutex_lock\\(\\) takes a sleeping lock.*timer callback bar_timer" */
	b->n++;
	mutex_unlock(&b->lock);
}

static void bar_timer(struct timer_list *t)
{
	struct bar *b = from_timer(b, t, timer);

	if (mutex_trylock(&b->lock)) { /* trylock does not sleep */
		b->n = 0;
		mutex_unlock(&b->lock);
	}
	bar_update(b);
	msleep(1); /* want "msleep.*KD101" */
}

static void bar_locked(struct bar *b)
{
	spin_lock_bh(&b->sl);
	down(&b->sem); /* want "down\\(\\) takes a sleeping lock.*spin_lock_bh" */
	up(&b->sem);
	spin_unlock_bh(&b->sl);
	guard(mutex)(&b->lock); /* process context: fine */
}

/* guard(type)(lock) is reported once. */
static void bar_guarded(struct bar *b)
{
	spin_lock(&b->sl);
	{
		guard(mutex)(&b->lock); /* want "guard\\(mutex\\) takes a sleeping lock in atomic context while spin_lock\\(&b->sl\\) is held" */
		b->n++;
	}
	spin_unlock(&b->sl);
}

static int bar_probe(struct bar *b)
{
	mutex_lock(&b->lock); /* probe: fine */
	timer_setup(&b->timer, bar_timer, 0);
	mutex_unlock(&b->lock);
	return 0;
}
