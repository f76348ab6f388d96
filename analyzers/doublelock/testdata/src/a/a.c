#include <linux/spinlock.h>
#include <linux/mutex.h>

struct foo { spinlock_t lock; struct mutex m; struct rw_semaphore rw; struct foo *peer; int x; };

void use(struct foo *p);

/* Taken twice directly. */
static void direct(struct foo *p)
{
	spin_lock(&p->lock);
	p->x++;
	spin_lock(&p->lock); /* want "spinlock p->lock is taken again while it is held \\(taken at line 11\\)" */
	spin_unlock(&p->lock);
}

/* Taken again through a helper that takes it itself. */
static void bump(struct foo *q)
{
	mutex_lock(&q->m);
	q->x++;
	mutex_unlock(&q->m);
}

static void through_call(struct foo *p)
{
	mutex_lock(&p->m);
	bump(p); /* want "bump\\(\\) takes mutex p->m, which is already held here \\(taken at line 27\\)" */
	mutex_unlock(&p->m);
}

/* Right: released before the helper takes it. */
static void released_first(struct foo *p)
{
	mutex_lock(&p->m);
	p->x = 0;
	mutex_unlock(&p->m);
	bump(p);
}

/* Right: two objects of one class, reached through different pointers. */
static void two_objects(struct foo *a, struct foo *b)
{
	spin_lock(&a->lock);
	spin_lock(&b->lock);
	a->x = b->x;
	spin_unlock(&b->lock);
	spin_unlock(&a->lock);
}

/* Right: the peer's lock, with a lockdep subclass. */
static void nested_ok(struct foo *p)
{
	mutex_lock(&p->m);
	mutex_lock_nested(&p->peer->m, SINGLE_DEPTH_NESTING);
	p->x = p->peer->x;
	mutex_unlock(&p->peer->m);
	mutex_unlock(&p->m);
}

/* Right: a trylock never blocks. */
static void try_ok(struct foo *p)
{
	spin_lock(&p->lock);
	if (spin_trylock(&p->lock))
		spin_unlock(&p->lock);
	spin_unlock(&p->lock);
}

/* Right: two readers. */
static void readers_ok(struct foo *p)
{
	down_read(&p->rw);
	down_read(&p->rw);
	up_read(&p->rw);
	up_read(&p->rw);
}

/* Right: dropped and retaken around a sleep. */
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

/* Right: conditional locking on one unchanged condition. */
static void cond_ok(struct foo *p, int locked)
{
	if (!locked)
		spin_lock(&p->lock);
	p->x++;
	if (!locked)
		spin_unlock(&p->lock);
}

static void caller_ok(struct foo *p)
{
	spin_lock(&p->lock);
	cond_ok(p, 1);
	spin_unlock(&p->lock);
}

/* Right: a guard's scope ends before the lock is taken again. */
static void guard_ok(struct foo *p)
{
	scoped_guard(mutex, &p->m)
		p->x++;
	mutex_lock(&p->m);
	p->x--;
	mutex_unlock(&p->m);
}

/* Right: the flag the caller passes (a literal or a macro constant)
 * says it holds the lock; the helper takes it only when it does not. */
#define FOO_LOCKED 1
static void queue_work_item(struct foo *p, bool nested)
{
	if (!nested)
		mutex_lock(&p->m);
	p->x++;
	if (!nested)
		mutex_unlock(&p->m);
}

static void schedule_item(struct foo *p)
{
	queue_work_item(p, true);
}

static void schedule_item_macro(struct foo *p)
{
	queue_work_item(p, FOO_LOCKED);
}

static void flag_ok(struct foo *p)
{
	mutex_lock(&p->m);
	schedule_item(p);
	schedule_item_macro(p);
	mutex_unlock(&p->m);
}
