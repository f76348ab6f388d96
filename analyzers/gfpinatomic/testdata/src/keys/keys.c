#include <linux/slab.h>
#include <linux/workqueue.h>
#include <linux/timer.h>
#include <linux/jump_label.h>

/* A static key decides the path: the BH work is queued only with the key
 * on, and the BH path tests the key (and a flag the work function sets)
 * to leave the sleeping part to a workqueue. */
static DEFINE_STATIC_KEY_FALSE(bh_enabled);
static DEFINE_STATIC_KEY_FALSE(other_key);

struct job {
	struct work_struct bh_work, work;
	struct work_struct bh_other, bh_mixed, bh_flipped, bh_hooked, bh_passed;
	struct work_struct bh_lent, bh_armflip, bh_escaped;
	struct work_struct *saved;
	void (*hook)(struct job *j);
	struct timer_list tick;
	bool in_bh;
	bool quick;
	void *buf[8];
};

/* 1. Queued on the BH workqueue only under the key: the allocation does
 * not run there (negative). */
static int job_verify(struct job *j)
{
	if (static_branch_unlikely(&bh_enabled) && j->in_bh)
		return -EAGAIN;
	j->buf[0] = kmalloc(64, GFP_NOIO);		/* process context only */
	return 0;
}

static void job_work(struct work_struct *w)
{
	struct job *j = container_of(w, struct job, work);

	j->in_bh = false;
	job_verify(j);
}

static void job_bh_work(struct work_struct *w)
{
	struct job *j = container_of(w, struct job, bh_work);

	j->in_bh = true;
	if (job_verify(j) == -EAGAIN) {
		INIT_WORK(&j->work, job_work);
		queue_work(system_wq, &j->work);
	}
}

/* 2. The same test, but the work is queued under another key (positive). */
static int job_verify_other(struct job *j)
{
	if (static_branch_unlikely(&bh_enabled) && j->in_bh)
		return -EAGAIN;
	j->buf[1] = kmalloc(64, GFP_NOIO); /* want "kmalloc\\(\\) with GFP_NOIO may sleep in direct reclaim.*BH work function job_bh_other\\(\\)" */
	return 0;
}

static void job_bh_other(struct work_struct *w)
{
	struct job *j = container_of(w, struct job, bh_other);

	j->in_bh = true;
	job_verify_other(j);
}

/* 3. Queued once under the key and once without it (positive). */
static int job_verify_mixed(struct job *j)
{
	if (static_branch_unlikely(&bh_enabled) && j->in_bh)
		return -EAGAIN;
	j->buf[2] = kmalloc(64, GFP_NOIO); /* want "kmalloc\\(\\) with GFP_NOIO may sleep in direct reclaim.*BH work function job_bh_mixed\\(\\)" */
	return 0;
}

static void job_bh_mixed(struct work_struct *w)
{
	struct job *j = container_of(w, struct job, bh_mixed);

	j->in_bh = true;
	job_verify_mixed(j);
}

/* 4. Queued under the key, but the path switches the key off before the
 * test (positive). */
static void job_quiesce(void)
{
	static_branch_disable(&bh_enabled);
}

static int job_verify_flipped(struct job *j)
{
	if (static_branch_unlikely(&bh_enabled) && j->in_bh)
		return -EAGAIN;
	j->buf[3] = kmalloc(64, GFP_NOIO); /* want "kmalloc\\(\\) with GFP_NOIO may sleep in direct reclaim.*BH work function job_bh_flipped\\(\\)" */
	return 0;
}

static void job_bh_flipped(struct work_struct *w)
{
	struct job *j = container_of(w, struct job, bh_flipped);

	j->in_bh = true;
	job_quiesce();
	job_verify_flipped(j);
}

/* 6. Queued under the key, but the path calls through a function pointer
 * the analysis cannot resolve, which may reach a function of the module
 * that changes a key (positive). */
static int job_verify_hooked(struct job *j)
{
	if (static_branch_unlikely(&bh_enabled) && j->in_bh)
		return -EAGAIN;
	j->buf[6] = kmalloc(64, GFP_NOIO); /* want "kmalloc\\(\\) with GFP_NOIO may sleep in direct reclaim.*BH work function job_bh_hooked\\(\\)" */
	return 0;
}

static void job_bh_hooked(struct work_struct *w)
{
	struct job *j = container_of(w, struct job, bh_hooked);

	j->in_bh = true;
	j->hook(j);
	job_verify_hooked(j);
}

/* 7. Queued under the key, and passed to a function of the module that
 * queues it without (positive). */
static int job_verify_passed(struct job *j)
{
	if (static_branch_unlikely(&bh_enabled) && j->in_bh)
		return -EAGAIN;
	j->buf[7] = kmalloc(64, GFP_NOIO); /* want "kmalloc\\(\\) with GFP_NOIO may sleep in direct reclaim.*BH work function job_bh_passed\\(\\)" */
	return 0;
}

static void job_bh_passed(struct work_struct *w)
{
	struct job *j = container_of(w, struct job, bh_passed);

	j->in_bh = true;
	job_verify_passed(j);
}

static void job_requeue(struct work_struct *w)
{
	queue_work(system_bh_wq, w);
}

/* 8. Queued under the key, but the path hands the key's address to a
 * kernel call, which may change it (positive). */
static int job_verify_lent(struct job *j)
{
	if (static_branch_unlikely(&bh_enabled) && j->in_bh)
		return -EAGAIN;
	j->buf[0] = kmalloc(32, GFP_NOIO); /* want "kmalloc\\(\\) with GFP_NOIO may sleep in direct reclaim.*BH work function job_bh_lent\\(\\)" */
	return 0;
}

static void job_bh_lent(struct work_struct *w)
{
	struct job *j = container_of(w, struct job, bh_lent);

	j->in_bh = true;
	vendor_key_update(&bh_enabled);
	job_verify_lent(j);
}

/* 9. Queued under the key by a function that also changes a key, so the
 * test it made may no longer hold when the work runs (positive). */
static int job_verify_armflip(struct job *j)
{
	if (static_branch_unlikely(&bh_enabled) && j->in_bh)
		return -EAGAIN;
	j->buf[1] = kmalloc(32, GFP_NOIO); /* want "kmalloc\\(\\) with GFP_NOIO may sleep in direct reclaim.*BH work function job_bh_armflip\\(\\)" */
	return 0;
}

static void job_bh_armflip(struct work_struct *w)
{
	struct job *j = container_of(w, struct job, bh_armflip);

	j->in_bh = true;
	job_verify_armflip(j);
}

static void job_arm_and_flip(struct job *j)
{
	INIT_WORK(&j->bh_armflip, job_bh_armflip);
	if (static_branch_unlikely(&bh_enabled))
		queue_work(system_bh_wq, &j->bh_armflip);
	static_branch_disable(&other_key);
}

/* 10. Queued under the key, but its address is stored, so it may be
 * queued elsewhere unseen (positive). */
static int job_verify_escaped(struct job *j)
{
	if (static_branch_unlikely(&bh_enabled) && j->in_bh)
		return -EAGAIN;
	j->buf[2] = kmalloc(32, GFP_NOIO); /* want "kmalloc\\(\\) with GFP_NOIO may sleep in direct reclaim.*BH work function job_bh_escaped\\(\\)" */
	return 0;
}

static void job_bh_escaped(struct work_struct *w)
{
	struct job *j = container_of(w, struct job, bh_escaped);

	j->in_bh = true;
	job_verify_escaped(j);
}

static void job_keep(struct job *j)
{
	INIT_WORK(&j->bh_escaped, job_bh_escaped);
	j->saved = &j->bh_escaped;
	if (static_branch_unlikely(&bh_enabled))
		queue_work(system_bh_wq, &j->bh_escaped);
}

/* 5. A key tested twice on one path: off after an early return when on
 * (negative), and the same allocation without the early return (positive). */
static void *job_pick(struct job *j)
{
	if (static_branch_likely(&bh_enabled))
		return kmalloc(64, GFP_KERNEL);		/* key off on the timer's path */
	return NULL;
}

static void *job_pick_again(struct job *j)
{
	if (static_branch_likely(&bh_enabled))
		return kmalloc(64, GFP_KERNEL); /* want "kmalloc\\(\\) with GFP_KERNEL may sleep in direct reclaim.*timer callback job_tick\\(\\)" */
	return NULL;
}

static void job_tick(struct timer_list *t)
{
	struct job *j = from_timer(j, t, tick);

	j->buf[5] = job_pick_again(j);
	if (static_branch_likely(&bh_enabled))
		return;
	j->buf[4] = job_pick(j);
}

static void job_start(struct job *j)
{
	INIT_WORK(&j->bh_other, job_bh_other);
	INIT_WORK(&j->bh_mixed, job_bh_mixed);
	INIT_WORK(&j->bh_flipped, job_bh_flipped);
	INIT_WORK(&j->bh_hooked, job_bh_hooked);
	INIT_WORK(&j->bh_passed, job_bh_passed);
	INIT_WORK(&j->bh_lent, job_bh_lent);
	timer_setup(&j->tick, job_tick, 0);
	mod_timer(&j->tick, jiffies + HZ);
	if (static_branch_unlikely(&bh_enabled) && j->quick) {
		INIT_WORK(&j->bh_work, job_bh_work);
		queue_work(system_bh_wq, &j->bh_work);
	} else {
		INIT_WORK(&j->work, job_work);
		queue_work(system_wq, &j->work);
	}
	if (static_branch_unlikely(&other_key))
		queue_work(system_bh_wq, &j->bh_other);
	if (static_branch_unlikely(&bh_enabled))
		queue_work(system_bh_wq, &j->bh_mixed);
	if (static_branch_unlikely(&bh_enabled))
		queue_work(system_bh_wq, &j->bh_flipped);
	if (static_branch_unlikely(&bh_enabled))
		queue_work(system_bh_wq, &j->bh_hooked);
	if (static_branch_unlikely(&bh_enabled))
		queue_work(system_bh_wq, &j->bh_lent);
	if (static_branch_unlikely(&bh_enabled))
		queue_work(system_bh_wq, &j->bh_passed);
	else
		job_requeue(&j->bh_passed);
}

static void job_kick(struct job *j)
{
	queue_work(system_bh_wq, &j->bh_mixed);
}

static int job_enable(void)
{
	static_branch_enable(&bh_enabled);
	static_branch_enable(&other_key);
	return 0;
}
