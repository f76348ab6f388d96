#include <linux/slab.h>
#include <linux/spinlock.h>

/* Under a lock, a state tested before a call to a helper whose body the
 * front end does not parse (nothing in it matters to a rule) is still
 * known after it, unless the helper's tokens may write the member: what
 * its body, the macros it uses and the functions it calls may write
 * (ir.Module.Unparsed). */

enum conn_state { ST_IDLE, ST_OPEN, ST_CLOSING };

struct conn {
	spinlock_t lock;
	enum conn_state state;
	enum conn_state next;
	int credits;
	int queued;
	int *slot;
	void *buf[8];
};

#define CONN_SET(c, s) ((c)->state = (s))
#define CONN_COUNT(c) ((c)->queued++)

/* Helpers with bodies nothing needs: reads, and writes of other members. */
static int conn_credit(struct conn *c)
{
	return c->credits + c->queued;
}

static void conn_drain(struct conn *c)
{
	c->queued = 0;
	c->credits += conn_credit(c);
	CONN_COUNT(c);
}

/* Helpers that write the state, each in its own way. */
static void conn_reset(struct conn *c)
{
	c->state = ST_IDLE;
}

static void conn_macro_reset(struct conn *c)
{
	CONN_SET(c, ST_IDLE);
}

static void conn_step(struct conn *c)
{
	c->state++;
}

static void conn_deep_reset(struct conn *c)
{
	conn_drain(c);
	conn_reset(c);
}

static int *escaped;

static void conn_give(struct conn *c)
{
	escaped = (int *)&c->next;
}

static void conn_bump(void)
{
	(*escaped)++;
}

/* 1. Negative: the helper writes other members only; the state tested
 * open is still open after it. */
static void conn_close_quiet(struct conn *c)
{
	spin_lock(&c->lock);
	if (c->state == ST_OPEN) {
		conn_drain(c);
		if (c->state == ST_IDLE)
			c->buf[0] = kmalloc(64, GFP_KERNEL);	/* not reached: the state is open */
	}
	spin_unlock(&c->lock);
}

/* 2. Positive: the helper assigns the state. */
static void conn_close_reset(struct conn *c)
{
	spin_lock(&c->lock);
	if (c->state == ST_OPEN) {
		conn_reset(c);
		if (c->state == ST_IDLE)
			c->buf[1] = kmalloc(64, GFP_KERNEL); /* want "kmalloc\\(\\) with GFP_KERNEL may sleep in direct reclaim" */
	}
	spin_unlock(&c->lock);
}

/* 3. Positive: through a module macro that assigns it. */
static void conn_close_macro(struct conn *c)
{
	spin_lock(&c->lock);
	if (c->state == ST_OPEN) {
		conn_macro_reset(c);
		if (c->state == ST_IDLE)
			c->buf[2] = kmalloc(64, GFP_KERNEL); /* want "kmalloc\\(\\) with GFP_KERNEL may sleep in direct reclaim" */
	}
	spin_unlock(&c->lock);
}

/* 4. Positive: an increment. */
static void conn_close_step(struct conn *c)
{
	spin_lock(&c->lock);
	if (c->state == ST_OPEN) {
		conn_step(c);
		if (c->state == ST_CLOSING)
			c->buf[3] = kmalloc(64, GFP_KERNEL); /* want "kmalloc\\(\\) with GFP_KERNEL may sleep in direct reclaim" */
	}
	spin_unlock(&c->lock);
}

/* 5. Positive: in a helper the helper calls. */
static void conn_close_deep(struct conn *c)
{
	spin_lock(&c->lock);
	if (c->state == ST_OPEN) {
		conn_deep_reset(c);
		if (c->state == ST_IDLE)
			c->buf[4] = kmalloc(64, GFP_KERNEL); /* want "kmalloc\\(\\) with GFP_KERNEL may sleep in direct reclaim" */
	}
	spin_unlock(&c->lock);
}

/* 6. Positive: a helper takes the member's address (cast and all), so
 * any write may go through it (conn_bump writes through the pointer it
 * kept): the member is not followed at all. */
static void conn_close_next(struct conn *c)
{
	conn_give(c);
	spin_lock(&c->lock);
	if (c->next == ST_OPEN) {
		conn_bump();
		if (c->next == ST_IDLE)
			c->buf[5] = kmalloc(64, GFP_KERNEL); /* want "kmalloc\\(\\) with GFP_KERNEL may sleep in direct reclaim" */
	}
	spin_unlock(&c->lock);
}
