#include <linux/spinlock.h>
#include <linux/mutex.h>
#include <linux/list.h>
#include <linux/debugfs.h>

/* Conditions under which a callee takes the lock its caller holds. */

struct node { struct list_head link; spinlock_t lock; int on; };
struct bus2 { struct mutex msg_lock; spinlock_t lock; struct list_head clients; int multi; int min; int type; struct sk_buff_head *q; };

void xfer(struct bus2 *b);
void xfer_defer(struct bus2 *b);
void put_data(struct bus2 *b, struct sk_buff_head *q);

static void transfer(struct bus2 *b)
{
	mutex_lock(&b->msg_lock);
	xfer(b);
	mutex_unlock(&b->msg_lock);
}

/* The flag the helper computes from its arguments says the caller holds the lock. */
static int bank_switch(struct bus2 *b, int count)
{
	bool multi = b->multi && count >= b->min;

	if (multi)
		xfer_defer(b);
	else
		transfer(b);
	return 0;
}

/* Right: locked only when multi, and the helper then defers. */
static int switch_ok(struct bus2 *b, int count)
{
	if (b->multi && count >= b->min)
		mutex_lock(&b->msg_lock);
	bank_switch(b, count);
	if (b->multi && count >= b->min)
		mutex_unlock(&b->msg_lock);
	return 0;
}

/* Wrong: locked on another condition than the helper's. */
static int switch_other(struct bus2 *b, int count)
{
	if (b->multi)
		mutex_lock(&b->msg_lock);
	bank_switch(b, count); /* want "bank_switch\\(\\) takes mutex b->msg_lock, which is already held here" */
	if (b->multi)
		mutex_unlock(&b->msg_lock);
	return 0;
}

/* The queue pointer says which work is done: data with one, commands (locked) without. */
static void handle_rx(struct bus2 *b, struct sk_buff_head *q)
{
	if (q)
		put_data(b, q);
	else
		transfer(b);
}

/* Right: the address of the queue is never NULL. */
static void rx_data_ok(struct bus2 *b)
{
	struct sk_buff_head txq;

	mutex_lock(&b->msg_lock);
	handle_rx(b, &txq);
	mutex_unlock(&b->msg_lock);
}

/* Wrong: without a queue the helper takes the lock. */
static void rx_cmd_locked(struct bus2 *b)
{
	mutex_lock(&b->msg_lock);
	handle_rx(b, NULL); /* want "handle_rx\\(\\) takes mutex b->msg_lock, which is already held here" */
	mutex_unlock(&b->msg_lock);
}

/* A global the init call sets: early callers are queued under the early lock. */
static struct dentry *dbg_root;
static DEFINE_MUTEX(early_lock);

static void dbg_init(struct bus2 *b)
{
	if (!dbg_root) {
		mutex_lock(&early_lock);
		b->on = 0;
		mutex_unlock(&early_lock);
		return;
	}
	b->on = 1;
}

/* Right: debugfs_create_dir() never returns NULL, so dbg_init() does not queue. */
static void dbg_initcall_ok(struct bus2 *b)
{
	dbg_root = debugfs_create_dir("bus2", NULL);
	mutex_lock(&early_lock);
	dbg_init(b);
	mutex_unlock(&early_lock);
}

/* Wrong: the root may still be NULL here. */
static void dbg_initcall_early(struct bus2 *b)
{
	mutex_lock(&early_lock);
	dbg_init(b); /* want "dbg_init\\(\\) takes mutex early_lock, which is already held here" */
	mutex_unlock(&early_lock);
}

/* A device type the callee compares with a constant of its own. */
#define TYPE_B 2

static void phy_write2(struct bus2 *b)
{
	unsigned long flags;

	spin_lock_irqsave(&b->lock, flags);
	b->on = 2;
	spin_unlock_irqrestore(&b->lock, flags);
}

static void init_chip(struct bus2 *b)
{
	if (b->type == TYPE_B)
		phy_write2(b);
}

/* Wrong: on the B chip the reset writes the PHY, which takes the lock. */
static void chip_timeout(struct bus2 *b)
{
	unsigned long flags;

	spin_lock_irqsave(&b->lock, flags);
	init_chip(b); /* want "init_chip\\(\\) takes spinlock b->lock, which is already held here" */
	spin_unlock_irqrestore(&b->lock, flags);
}

static void node_off(struct node *n)
{
	unsigned long flags;

	spin_lock_irqsave(&n->lock, flags);
	n->on = 0;
	spin_unlock_irqrestore(&n->lock, flags);
}

/* Right: the warning says the list is empty: the loop body does not run. */
static void free_all_ok(struct bus2 *b)
{
	struct node *n, *tmp;

	WARN_ON(!list_empty(&b->clients));
	list_for_each_entry_safe(n, tmp, &b->clients, link) {
		spin_lock(&n->lock);
		node_off(n);
		spin_unlock(&n->lock);
	}
}

/* Wrong: without the warning the body runs and takes each node's lock twice. */
static void free_all(struct bus2 *b)
{
	struct node *n, *tmp;

	list_for_each_entry_safe(n, tmp, &b->clients, link) {
		spin_lock(&n->lock);
		node_off(n); /* want "node_off\\(\\) takes spinlock n->lock, which is already held here" */
		spin_unlock(&n->lock);
	}
}

struct hdr { int fn; };

static void tm_locked(struct bus2 *b)
{
	mutex_lock(&b->msg_lock);
	b->on = 3;
	mutex_unlock(&b->msg_lock);
}

/* Right: the copy of the function code says the lock was taken, and it is
 * released: the path view does not tie fn to h->fn, and the lock it keeps
 * where the release is skipped is not taken for held. */
static int copy_cond_ok(struct bus2 *b, struct hdr *h, int x)
{
	int fn = -1;

	if (x)
		fn = h->fn;
	if (h->fn == 3)
		mutex_lock(&b->msg_lock);
	if (fn == 3)
		mutex_unlock(&b->msg_lock);
	tm_locked(b);
	if (x > 1)
		b->on = 4;
	return 0;
}

/* Wrong: not released before the helper takes it. */
static int copy_cond_unreleased(struct bus2 *b, struct hdr *h)
{
	if (h->fn == 3)
		mutex_lock(&b->msg_lock);
	tm_locked(b); /* want "tm_locked\\(\\) takes mutex b->msg_lock, which is already held here" */
	if (h->fn == 3)
		mutex_unlock(&b->msg_lock);
	return 0;
}
