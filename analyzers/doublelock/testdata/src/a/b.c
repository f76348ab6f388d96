#include <linux/spinlock.h>
#include <linux/rwsem.h>

/* Idioms of conditions that decide whether a callee takes the lock. */

struct regs { spinlock_t idx_lock; struct rw_semaphore rw; unsigned int size; int v; };

void raw_write(struct regs *r, unsigned int reg, int v);

static void slow_write(struct regs *r, unsigned int reg, int v)
{
	unsigned long flags;

	spin_lock_irqsave(&r->idx_lock, flags);
	raw_write(r, 0, reg);
	raw_write(r, 4, v);
	spin_unlock_irqrestore(&r->idx_lock, flags);
}

/* Registers below 64 KiB are written directly; the others through the index lock. */
static inline void reg_write(struct regs *r, unsigned int reg, int v, bool indirect)
{
	if ((reg < r->size || reg < 0x10000) && !indirect)
		raw_write(r, reg, v);
	else
		slow_write(r, reg, v);
}

/* Right: a register below 64 KiB, written directly, under the index lock. */
static void index_write_ok(struct regs *r, int v)
{
	unsigned long flags;

	spin_lock_irqsave(&r->idx_lock, flags);
	reg_write(r, 0x0000, v, false);
	reg_write(r, 0x0004, v, false);
	spin_unlock_irqrestore(&r->idx_lock, flags);
}

/* Wrong: written indirectly, which takes the index lock again. */
static void index_write_indirect(struct regs *r, int v)
{
	unsigned long flags;

	spin_lock_irqsave(&r->idx_lock, flags);
	reg_write(r, 0x0000, v, true); /* want "reg_write\\(\\) takes spinlock r->idx_lock, which is already held here" */
	spin_unlock_irqrestore(&r->idx_lock, flags);
}

/* Wrong: a register beyond 64 KiB may be beyond the mapping too. */
static void index_write_far(struct regs *r, int v)
{
	unsigned long flags;

	spin_lock_irqsave(&r->idx_lock, flags);
	reg_write(r, 0x20000, v, false); /* want "reg_write\\(\\) takes spinlock r->idx_lock, which is already held here" */
	spin_unlock_irqrestore(&r->idx_lock, flags);
}

/* Right: one arm of a conditional expression runs, not both. */
static void rw_lock(bool w, struct regs *r)
{
	w ? down_write(&r->rw) : down_read(&r->rw);
}

static void rw_unlock(bool w, struct regs *r)
{
	w ? up_write(&r->rw) : up_read(&r->rw);
}

static void both_arms_ok(struct regs *r, bool w)
{
	w ? down_write(&r->rw) : down_read(&r->rw);
	r->v++;
	w ? up_write(&r->rw) : up_read(&r->rw);
	rw_lock(w, r);
	r->v--;
	rw_unlock(w, r);
}

/* Wrong: the read lock, then the write lock of the same rwsem. */
static void read_then_write(struct regs *r)
{
	down_read(&r->rw);
	down_write(&r->rw); /* want "rw_semaphore r->rw is taken again while it is held" */
	r->v = 0;
	up_write(&r->rw);
	up_read(&r->rw);
}
