/*
 * The false-positive classes of the 6.12 triage, each beside a case of
 * the same shape that must still be reported.
 */
#include <linux/interrupt.h>
#include <linux/delay.h>
#include <linux/timer.h>
#include <linux/i2c.h>
#include <linux/vmalloc.h>

#define CMD_ASYNC	BIT(0)
#define CMD_WANT_SKB	BIT(1)
#define CAN_NOT_SLEEP	0
#define CAN_SLEEP	1

enum ev { EV_UPDATE, EV_STOP, EV_LINK = 7, EV_RESET };

struct dev {
	spinlock_t lock;
	spinlock_t phy_lock;
	struct timer_list watchdog, poll, event;
	struct i2c_client *client;
	void *table;
	int in_reset;
	unsigned int state;
};

/* A. A constant argument decides the branch in the callee. */

static void link_check(struct dev *d, bool can_sleep)
{
	if (!can_sleep)
		return;			/* the atomic caller passes CAN_NOT_SLEEP */
	msleep(10); /* want "msleep\\(\\) may sleep.*link_check\\(\\), called from link_check_locked\\(\\) -> link_check\\(\\) while spin_lock\\(&d->lock\\)" */
}

static void watchdog_fn(struct timer_list *t)
{
	struct dev *d = from_timer(d, t, watchdog);

	link_check(d, CAN_NOT_SLEEP);
}

static void link_check_locked(struct dev *d)
{
	spin_lock(&d->lock);
	link_check(d, CAN_SLEEP);	/* this caller lets it sleep */
	spin_unlock(&d->lock);
}

static int send_cmd(struct dev *d, unsigned int flags)
{
	if (flags & CMD_ASYNC)
		return 0;
	might_sleep(); /* want "might_sleep\\(\\) annotates this code as sleeping.*send_cmd\\(\\), called from send_sync_locked\\(\\)" */
	return 1;
}

static void send_sync_locked(struct dev *d)
{
	spin_lock_irq(&d->lock);
	send_cmd(d, CMD_WANT_SKB);
	send_cmd(d, CMD_ASYNC | CMD_WANT_SKB);
	spin_unlock_irq(&d->lock);
}

static void send_async_locked(struct dev *d)
{
	spin_lock_irq(&d->lock);
	send_cmd(d, CMD_ASYNC | CMD_WANT_SKB);
	spin_unlock_irq(&d->lock);
}

/* An enumerator, a switch, and the callee of a callee. */
static void handle_event(struct dev *d, enum ev e)
{
	switch (e) {
	case EV_UPDATE:
		return;
	case EV_LINK ... EV_RESET:
		usleep_range(100, 200); /* want "usleep_range\\(\\) may sleep.*poll_fn\\(\\) -> dispatch\\(\\) -> handle_event\\(\\)" */
		break;
	default:
		ssleep(1);		/* EV_STOP is passed by nobody atomic */
	}
}

static void dispatch(struct dev *d, enum ev e, int count)
{
	if (count > 3 && e == EV_UPDATE)
		return;
	handle_event(d, e);
}

static void poll_fn(struct timer_list *t)
{
	struct dev *d = from_timer(d, t, poll);

	dispatch(d, EV_UPDATE, 1);
	dispatch(d, EV_RESET, 9);
}

static void stop(struct dev *d)
{
	dispatch(d, EV_STOP, 0);	/* process context */
}

/* A local constant decides it too. */
static void settle(struct dev *d)
{
	bool slow = false;

	spin_lock(&d->lock);
	if (slow)
		msleep(1);
	slow = d->table != NULL;
	if (slow)
		msleep(2); /* want "msleep\\(\\) may sleep.*while spin_lock\\(&d->lock\\)" */
	spin_unlock(&d->lock);
}

/*
 * B. A timer's callback counts only when the timer can be armed while it
 * is set: event is set up with event_thread_fn, then set up again with
 * event_kick right before the only add_timer().
 */
static void event_thread_fn(struct timer_list *t)
{
	msleep(100);		/* runs in a kthread, never as the timer's callback */
}

static void event_kick(struct timer_list *t)
{
	struct dev *d = from_timer(d, t, event);

	msleep(1); /* want "msleep\\(\\) may sleep.*timer callback event_kick\\(\\)" */
}

static void queue_event(struct dev *d)
{
	timer_setup(&d->event, event_kick, 0);
	d->event.expires = jiffies + HZ;
	add_timer(&d->event);
}

static void init_events(struct dev *d)
{
	timer_setup(&d->event, event_thread_fn, 0);
	timer_setup(&d->watchdog, watchdog_fn, 0);
	timer_setup(&d->poll, poll_fn, 0);
	mod_timer(&d->watchdog, jiffies + HZ);
	mod_timer(&d->poll, jiffies + HZ);
}

/* C. A flag the atomic caller sets on the way. */
static void dev_phy_write(struct dev *d, int reg, int val)
{
	if (!d->in_reset)
		msleep(1);		/* skipped: the reset path sets in_reset first */
	if (d->state == 3)
		msleep(2); /* want "msleep\\(\\) may sleep.*dev_phy_write\\(\\), called from reset_locked\\(\\)" */
}

static void reset_locked(struct dev *d)
{
	unsigned long flags;

	spin_lock_irqsave(&d->lock, flags);
	d->in_reset = 1;
	dev_phy_write(d, 0, 1);
	d->in_reset = 0;
	spin_unlock_irqrestore(&d->lock, flags);
}

static void phy_setup(struct dev *d)
{
	dev_phy_write(d, 1, 1);		/* process context */
}

/*
 * F. The caller's lock released more than one call down: by the body,
 * and by annotations.
 */
static void serdes_setup(struct dev *d)
{
	spin_unlock_bh(&d->phy_lock);
	msleep(20);			/* the caller's lock is dropped here */
	spin_lock_bh(&d->phy_lock);
	usleep_range(5, 10); /* want "usleep_range\\(\\) may sleep.*while spin_lock_bh\\(&d->phy_lock\\) is held" */
}

static void setup_phy(struct dev *d)
	__releases(&d->phy_lock)
	__acquires(&d->phy_lock)
{
	serdes_setup(d);
}

static void init_phy(struct dev *d)
{
	spin_lock_bh(&d->phy_lock);
	setup_phy(d);
	spin_unlock_bh(&d->phy_lock);
}

static void annotated_drop(struct dev *d)
	__releases(&d->lock)
	__acquires(&d->lock);

static void wait_ready(struct dev *d)
{
	spin_lock_irq(&d->lock);
	annotated_drop(d);		/* defined elsewhere: its annotations say it drops the lock */
	spin_unlock_irq(&d->lock);
}

/* G. What the model says of the callee: i2c_smbus_pec() is a CRC
 * helper; vfree() defers in interrupt context but not under a spinlock. */
static u8 frame_crc(struct dev *d, u8 *buf, int len)
{
	u8 crc;

	spin_lock(&d->lock);
	crc = i2c_smbus_pec(0, buf, len);
	i2c_smbus_read_byte_data(d->client, 1); /* want "i2c_smbus_read_byte_data\\(\\) may sleep.*while spin_lock\\(&d->lock\\)" */
	spin_unlock(&d->lock);
	return crc;
}

static void table_free_timer(struct timer_list *t)
{
	struct dev *d = from_timer(d, t, poll);

	vfree(d->table);		/* softirq: vfree() defers the work */
}

static void table_free_locked(struct dev *d)
{
	spin_lock(&d->lock);
	vfree(d->table); /* want "vfree\\(\\) may sleep.*while spin_lock\\(&d->lock\\)" */
	spin_unlock(&d->lock);
}

static void table_free_bh(struct dev *d)
{
	spin_lock_bh(&d->lock);
	vfree(d->table);		/* BHs disabled: in_interrupt() is true, it defers */
	spin_unlock_bh(&d->lock);
}

/* H. Unreachable after a noreturn call. */
static irqreturn_t fatal_irq(int irq, void *p)
{
	struct dev *d = p;

	if (d->state == 9) {
		panic("dev: fatal error");
		msleep(1);		/* never runs */
	}
	if (d->state == 8)
		msleep(2); /* want "msleep\\(\\) may sleep.*hard IRQ handler fatal_irq" */
	BUG_ON(d->state == 7 || 1);
	msleep(3);			/* never runs either */
	return IRQ_HANDLED;
}

static int probe(struct dev *d)
{
	init_events(d);
	return request_irq(1, fatal_irq, 0, "dev", d);
}

/* C. A flag the caller tested, through a variable named after the
 * member it points to (chip = &fwd->chip). */
struct fchip { int can_sleep; };
struct fwd { struct fchip chip; spinlock_t slock; struct mutex mlock; };

static void fwd_get(struct fwd *fwd)
{
	if (fwd->chip.can_sleep)
		msleep(1);		/* the locked caller's chip cannot sleep */
	else
		udelay(1);
}

static void fwd_get_locked(struct fchip *chip, struct fwd *fwd)
{
	if (chip->can_sleep) {
		fwd_get(fwd);
	} else {
		spin_lock(&fwd->slock);
		fwd_get(fwd);
		spin_unlock(&fwd->slock);
	}
}

/* A. A wait scaled by a flag the atomic caller passes as 0. */
static int poll_bus(struct dev *d, unsigned long wait)
{
	if (!wait)
		return -1;
	msleep(1);
	return 0;
}

static void abort_cmd(struct dev *d, int can_sleep)
{
	poll_bus(d, 10 * d->state * can_sleep);
}

static void select_locked(struct dev *d)
{
	spin_lock_irq(&d->lock);
	abort_cmd(d, 0);
	spin_unlock_irq(&d->lock);
}

/* A. A flag in a structure passed by address. */
struct xfer_params { bool async; int op; };

static int xfer_exec(struct dev *d, struct xfer_params *params)
{
	if (params->async)
		return 0;
	msleep(5);			/* the locked caller asks for async */
	return 1;
}

static void set_promisc_locked(struct dev *d)
{
	struct xfer_params xp = {};

	xp.op = 3;
	xp.async = true;
	spin_lock_bh(&d->lock);
	xfer_exec(d, &xp);
	spin_unlock_bh(&d->lock);
}

/* A. A flag built with FIELD_PREP() outside the bit the callee tests. */
#define CMD_WAIT	BIT(0)
#define CMD_REASON	GENMASK(7, 4)

static int cmd_exec(struct dev *d, bool nowait, unsigned int flag)
{
	if (nowait)
		return 0;
	if (flag & CMD_WAIT)
		msleep(10); /* want "msleep\\(\\) may sleep.*cmd_exec\\(\\), called from flow_del_locked\\(\\)" */
	return 1;
}

static void flow_del_locked(struct dev *d, int flags)
{
	spin_lock(&d->lock);
	cmd_exec(d, flags != 0, CMD_WAIT);
	cmd_exec(d, false, FIELD_PREP(CMD_REASON, d->state));
	spin_unlock(&d->lock);
}

/* G. fsleep() of at most 10 us busy-waits. */
static void wait_counter(struct dev *d, unsigned long usecs)
{
	fsleep(usecs);
}

static void stats_locked(struct dev *d)
{
	spin_lock(&d->lock);
	wait_counter(d, 10);
	fsleep(5);
	fsleep(50); /* want "fsleep\\(\\) may sleep.*while spin_lock\\(&d->lock\\)" */
	spin_unlock(&d->lock);
}

/* A. Constants of a kernel header kdlint does not model: different
 * names are different values. */
static void send_action_frame(struct dev *d, int action_code)
{
	if (action_code == TDLS_SETUP_CONFIRM || action_code == TDLS_TEARDOWN)
		msleep(10); /* want "msleep\\(\\) may sleep.*send_action_frame\\(\\), called from check_tx_locked\\(\\)" */
}

static void check_tx_locked(struct dev *d)
{
	spin_lock_bh(&d->lock);
	send_action_frame(d, TDLS_DISCOVERY_REQUEST);
	send_action_frame(d, TDLS_TEARDOWN);
	spin_unlock_bh(&d->lock);
}

/* A. A structure cleared by memset() or an initializer list: the members
 * it is not given are 0; a write to another member of a union changes
 * them. */
union ctrl_word {
	u64 raw;
	struct {
		u64 op:5;
		u64 group:8;
		u64 arg:16;
	} s;
};

struct ctrl_pkt {
	union ctrl_word w;
	int queue;
};

#define OP_MCAST	3
#define OP_RESET	4

static int ctrl_send(struct dev *d, struct ctrl_pkt *p)
{
	if (p->w.s.group == 0) {
		switch (p->w.s.op) {
		case OP_MCAST:
			return 0;	/* the caller holds a lock */
		}
	}
	msleep(1); /* want "msleep\\(\\) may sleep.*ctrl_send\\(\\), called from ctrl_raw_locked\\(\\) -> ctrl_send\\(\\)" */
	return 1;
}

static void ctrl_mcast_locked(struct dev *d, int n)
{
	struct ctrl_pkt p;

	spin_lock_bh(&d->lock);
	memset(&p, 0, sizeof(p));
	p.w.s.op = OP_MCAST;
	p.w.s.arg = n;
	ctrl_send(d, &p);
	spin_unlock_bh(&d->lock);
}

static void ctrl_init_locked(struct dev *d)
{
	struct ctrl_pkt p = { .w.s.op = OP_MCAST, .queue = 1 };

	spin_lock_bh(&d->lock);
	ctrl_send(d, &p);
	spin_unlock_bh(&d->lock);
}

static void ctrl_raw_locked(struct dev *d, u64 raw)
{
	struct ctrl_pkt p;

	spin_lock_bh(&d->lock);
	memset(&p, 0, sizeof(p));
	p.w.s.op = OP_MCAST;
	p.w.raw |= raw;		/* may set group */
	ctrl_send(d, &p);
	spin_unlock_bh(&d->lock);
}

static void ctrl_reset_locked(struct dev *d)
{
	struct ctrl_pkt p = {};

	p.w.s.op = OP_RESET;	/* reported too, at the same line */
	spin_lock_bh(&d->lock);
	ctrl_send(d, &p);
	spin_unlock_bh(&d->lock);
}

/* A. The value of a statement expression is its last expression. */
#define SEND_FLAGS(len) ({ int len_ = (len); (len_ << 8) | CMD_ASYNC; })

static int send_frame(struct dev *d, unsigned int flags)
{
	if (flags & CMD_ASYNC)
		return 0;
	might_sleep();	/* not reached with CMD_ASYNC set */
	return 1;
}

static void send_nb_locked(struct dev *d, int len)
{
	spin_lock(&d->lock);
	send_frame(d, SEND_FLAGS(len));
	spin_unlock(&d->lock);
}

/* D. irqs_disabled() is true under a lock that disables interrupts. */
static void send_busy_loop(struct dev *d)
{
	bool not_atomic = !in_atomic() && !irqs_disabled();

	if (not_atomic)
		msleep(1); /* want "msleep\\(\\) may sleep.*send_busy_loop\\(\\), called from send_busy\\(\\) -> send_busy_loop\\(\\) while spin_lock\\(&d->phy_lock\\)" */
}

static void send_busy(struct dev *d)
{
	unsigned long flags;

	spin_lock_irqsave(&d->lock, flags);
	send_busy_loop(d);
	spin_unlock_irqrestore(&d->lock, flags);
	spin_lock(&d->phy_lock);
	send_busy_loop(d);	/* in_atomic() is not reliable without PREEMPT_COUNT */
	spin_unlock(&d->phy_lock);
}

/* The cmd argument of wait_event_lock_irq_cmd() runs after the wait has
 * dropped its lock (include/linux/wait.h:1001-1006): what it calls is
 * not under that lock; under another one it still is. */
static wait_queue_head_t flush_wq;

static void flush_writes(struct dev *d)
{
	msleep(1); /* want "msleep\\(\\) may sleep.*flush_writes\\(\\), called from freeze_other\\(\\) -> flush_writes\\(\\) while spin_lock\\(&d->phy_lock\\)" */
}

static void freeze_own(struct dev *d)
{
	spin_lock_irq(&d->lock);
	wait_event_lock_irq_cmd(flush_wq, d->state == 0, d->lock, flush_writes(d));
	spin_unlock_irq(&d->lock);
}

static void freeze_other(struct dev *d)
{
	spin_lock(&d->phy_lock);
	spin_lock_irq(&d->lock);
	wait_event_lock_irq_cmd(flush_wq, d->state == 0, d->lock, flush_writes(d)); /* want "wait_event_lock_irq_cmd\\(\\) may sleep, but it runs in atomic context" */
	spin_unlock_irq(&d->lock);
	spin_unlock(&d->phy_lock);
}

/* A. A logging call or an accessor given the object does not change the
 * member its caller tested; a call out of the module that may does. */
struct sock_like {
	int sk_state;
	void *sk_user_data;
};

static void reset_conn(struct sock_like *sk)
{
	if (sk->sk_state != 3)
		return;
	msleep(1); /* want "msleep\\(\\) may sleep.*reset_conn\\(\\), called from close_changed\\(\\) -> reset_conn\\(\\)" */
}

static void close_logged(struct dev *d, struct sock_like *sk)
{
	spin_lock_bh(&d->lock);
	if (sk->sk_state == 5) {
		pr_info("closing %p\n", sk);
		reset_conn(sk);
	}
	spin_unlock_bh(&d->lock);
}

static void close_changed(struct dev *d, struct sock_like *sk)
{
	spin_lock_bh(&d->lock);
	if (sk->sk_state == 5) {
		sock_set_state(sk, 3);
		reset_conn(sk);
	}
	spin_unlock_bh(&d->lock);
}

/* A. A call in an arm of ?: (or the right of && and ||) runs only when
 * the condition selects that arm. */
static int read_line(struct dev *d, bool atomic)
{
	return atomic ? d->in_reset : msleep_interruptible(1); /* want "msleep_interruptible\\(\\) may sleep.*read_line\\(\\), called from poll_sleepy\\(\\) -> read_line\\(\\)" */
}

static void poll_atomic(struct dev *d)
{
	spin_lock(&d->lock);
	read_line(d, true);
	spin_unlock(&d->lock);
}

static void poll_sleepy(struct dev *d)
{
	spin_lock(&d->phy_lock);
	read_line(d, false);
	spin_unlock(&d->phy_lock);
}

static int ready_wait(struct dev *d, bool can_wait)
{
	return can_wait && msleep_interruptible(5); /* want "msleep_interruptible\\(\\) may sleep.*ready_wait\\(\\), called from ready_sleepy\\(\\) -> ready_wait\\(\\)" */
}

static void ready_atomic(struct dev *d)
{
	spin_lock(&d->lock);
	ready_wait(d, false);
	spin_unlock(&d->lock);
}

static void ready_sleepy(struct dev *d)
{
	spin_lock(&d->lock);
	ready_wait(d, true);
	spin_unlock(&d->lock);
}

/* C. A timer armed only while a member set up with it says the callback
 * may not sleep: its callback's path that tests the member is followed
 * one way. A member written elsewhere, or not tested at the arming,
 * proves nothing. */
struct button {
	struct hrtimer debounce, release;
	struct gpio_desc *gpiod;
	bool use_hrtimer;
	bool quick;
	int irq;
};

static void button_report(struct button *b)
{
	int v = b->use_hrtimer ? gpiod_get_value(b->gpiod) : gpiod_get_value_cansleep(b->gpiod);

	(void)v;
}

static void button_release(struct button *b)
{
	if (b->quick)
		return;
	gpiod_set_value_cansleep(b->gpiod, 0); /* want "gpiod_set_value_cansleep\\(\\) may sleep.*hrtimer callback release_fn\\(\\)" */
}

static enum hrtimer_restart debounce_fn(struct hrtimer *t)
{
	struct button *b = container_of(t, struct button, debounce);

	button_report(b);
	return HRTIMER_NORESTART;
}

static enum hrtimer_restart release_fn(struct hrtimer *t)
{
	struct button *b = container_of(t, struct button, release);

	button_release(b);
	return HRTIMER_NORESTART;
}

static irqreturn_t button_isr(int irq, void *dev_id)
{
	struct button *b = dev_id;

	if (b->use_hrtimer)
		hrtimer_start(&b->debounce, 1000, HRTIMER_MODE_REL);
	if (b->quick)
		hrtimer_start(&b->release, 1000, HRTIMER_MODE_REL);
	return IRQ_HANDLED;
}

static void button_slow(struct button *b)
{
	b->quick = false;	/* not where the timer is set up */
}

static int button_setup(struct button *b, bool can_sleep)
{
	b->use_hrtimer = !can_sleep;
	b->quick = !can_sleep;
	hrtimer_init(&b->debounce, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
	b->debounce.function = debounce_fn;
	hrtimer_init(&b->release, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
	b->release.function = release_fn;
	return request_irq(b->irq, button_isr, 0, "button", b);
}
