#include <linux/spinlock.h>
#include <linux/mutex.h>

struct foo { spinlock_t lock; struct mutex m; struct work_struct work; int x; void *buf; };
struct gpio_bank { spinlock_t slock; int x; };

int check(struct foo *p);
int fill(struct foo *p);
void use(struct foo *p);

static DEFINE_SPINLOCK(glock);

/* The reference documents' bug: taken on a global, released on the device's lock. */
static irqreturn_t mismatch_irq(int irq, void *data)
{
	struct gpio_bank *gpio = data;
	unsigned long flags;

	spin_lock_irqsave(&glock, flags);
	gpio->x = 1;
	spin_unlock_irqrestore(&gpio->slock, flags); /* want "spin_unlock_irqrestore\\(\\) releases gpio->slock, which is not held: the lock taken at line 19 is glock" */
	return IRQ_HANDLED;
}

/* Right: the same object both times. */
static irqreturn_t match_irq(int irq, void *data)
{
	struct gpio_bank *gpio = data;
	unsigned long flags;

	spin_lock_irqsave(&gpio->slock, flags);
	gpio->x = 1;
	spin_unlock_irqrestore(&gpio->slock, flags);
	return IRQ_HANDLED;
}

/* An error goto that keeps the mutex. */
static int leak_goto(struct foo *p)
{
	int ret;

	mutex_lock(&p->m); /* want "mutex p->m taken at line 42 is still held when leak_goto\\(\\) returns at line 49 \\(goto out\\)" */
	ret = check(p);
	if (ret)
		goto out;
	use(p);
	mutex_unlock(&p->m);
out:
	return ret;
}

/* Right: every error path goes through the unlock. */
static int unwind_ok(struct foo *p)
{
	int ret;

	mutex_lock(&p->m);
	ret = check(p);
	if (ret)
		goto unlock;
	ret = fill(p);
	if (ret)
		goto unlock;
	use(p);
unlock:
	mutex_unlock(&p->m);
	return ret;
}

/* An early error return that keeps the spinlock. */
static int leak_return(struct foo *p)
{
	spin_lock(&p->lock); /* want "spinlock p->lock taken at line 73 is still held when leak_return\\(\\) returns at line 75" */
	if (!p->buf)
		return -ENOMEM;
	p->x++;
	spin_unlock(&p->lock);
	return 0;
}

/* Right: conditional locking on one unchanged condition. */
static int cond_ok(struct foo *p, int locked)
{
	if (locked)
		spin_lock(&p->lock);
	p->x = 1;
	if (locked)
		spin_unlock(&p->lock);
	return 0;
}

/* Right: trylock, held only on its success branch. */
static int try_ok(struct foo *p)
{
	if (!spin_trylock(&p->lock))
		return -EBUSY;
	p->x++;
	spin_unlock(&p->lock);
	return 0;
}

/* Right: mutex_lock_interruptible holds the lock only when it returns 0. */
static int intr_ok(struct foo *p)
{
	int ret = mutex_lock_interruptible(&p->m);

	if (ret)
		return ret;
	p->x++;
	mutex_unlock(&p->m);
	return 0;
}

/* Right: guard() and scoped_guard() release at the end of their scope. */
static int guard_ok(struct foo *p)
{
	guard(mutex)(&p->m);
	if (!p->buf)
		return -ENOMEM;
	p->x++;
	return 0;
}

static int scoped_ok(struct foo *p)
{
	scoped_guard(spinlock, &p->lock) {
		if (!p->buf)
			return -ENOMEM;
		p->x++;
	}
	return 0;
}

/* Right: a lock wrapper returns holding the lock, its pair releases it,
 * and the caller balances them. */
static void foo_lock(struct foo *p) __acquires(&p->lock)
{
	spin_lock(&p->lock);
}

static void foo_unlock(struct foo *p) __releases(&p->lock)
{
	spin_unlock(&p->lock);
}

static int wrapped_ok(struct foo *p)
{
	foo_lock(p);
	if (!p->buf) {
		foo_unlock(p);
		return -ENOMEM;
	}
	p->x++;
	foo_unlock(p);
	return 0;
}

/* Right: dropped around a sleep and taken again. */
static void drop_ok(struct foo *p)
{
	mutex_lock(&p->m);
	p->x = 0;
	mutex_unlock(&p->m);
	msleep(10);
	mutex_lock(&p->m);
	p->x = 1;
	mutex_unlock(&p->m);
}

/* Released twice after a helper that takes and releases it itself. */
static void helper(struct foo *q) { spin_lock(&q->lock); q->x++; spin_unlock(&q->lock); }
static void twice(struct work_struct *w)
{
	struct foo *p = container_of(w, struct foo, work);

	helper(p);
	spin_lock(&p->lock);
	p->x = 0;
	spin_unlock(&p->lock);
	spin_unlock(&p->lock); /* want "spinlock p->lock is released twice in twice\\(\\): it was already released at line 179" */
}

/* Right: the alias names the same lock as the container_of result. */
static void alias_ok(struct work_struct *w)
{
	struct foo *p = container_of(w, struct foo, work);
	spinlock_t *l = &p->lock;

	spin_lock(l);
	p->x++;
	spin_unlock(&p->lock);
}

/* A release on a goto path that never took the lock. */
static int untaken(struct foo *p)
{
	int ret = check(p);

	if (ret)
		goto unlock;
	mutex_lock(&p->m);
	use(p);
unlock:
	mutex_unlock(&p->m); /* want "mutex p->m is released but not held on the path through goto unlock: untaken\\(\\) takes it only at line 201" */
	return ret;
}

/* Right: returns the object with its lock held, NULL without. */
struct foo *lookup(int id);
static struct foo *lock_foo(int id, struct foo *p)
{
	struct foo *f;

	mutex_lock(&p->m);
	f = lookup(id);
	if (f)
		return f;
	mutex_unlock(&p->m);
	return NULL;
}

/* Right: locked when shared == 2, released when shared is non-zero. */
static int shared_ok(struct foo *p, int shared)
{
	if (shared == 2)
		mutex_lock(&p->m);
	p->x++;
	if (shared)
		mutex_unlock(&p->m);
	return 0;
}

/* Right: the lock pointer says whether it was taken. */
static int optional_ok(struct foo *p, int cmd)
{
	struct mutex *l = NULL;

	if (cmd == 3) {
		l = &p->m;
		mutex_lock(l);
	}
	p->x = cmd;
	if (l)
		mutex_unlock(l);
	return 0;
}

/* Right: a bool result that says the lock is held. */
static bool grab(struct foo *p)
{
	bool ok;

	spin_lock(&p->lock);
	ok = check(p);
	if (ok)
		return ok;
	spin_unlock(&p->lock);
	return false;
}
