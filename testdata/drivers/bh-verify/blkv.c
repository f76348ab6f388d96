// SPDX-License-Identifier: GPL-2.0
/*
 * blkv: checks the blocks a lower device returns against a table of
 * checksums. When "try_bh" is set, the check of a completed read runs as
 * BH work (6.9+: system_bh_wq); what cannot run there goes to a normal
 * workqueue.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <linux/jump_label.h>
#include <linux/mempool.h>
#include <linux/bio.h>

static DEFINE_STATIC_KEY_FALSE(blkv_bh_on);

struct blkv_dev {
	struct workqueue_struct *wq;
	mempool_t page_pool;
	bool try_bh;
	unsigned int bad;
};

struct blkv_io {
	struct blkv_dev *dev;
	struct bio *bio;
	struct work_struct work, bh_work, stat_work;
	bool in_bh;
	int err;
};

/* Read the block again into a fresh page: may sleep for the page. */
static int blkv_reread(struct blkv_dev *d, struct blkv_io *io)
{
	struct page *p;

	p = mempool_alloc(&d->page_pool, GFP_NOIO);
	if (!p)
		return -ENOMEM;
	mempool_free(p, &d->page_pool);
	return 0;
}

/* The BH path leaves a mismatch to the workqueue: right. */
static int blkv_mismatch(struct blkv_dev *d, struct blkv_io *io)
{
	if (static_branch_unlikely(&blkv_bh_on) && io->in_bh)
		return -EAGAIN;
	return blkv_reread(d, io);
}

static int blkv_verify(struct blkv_io *io)
{
	struct blkv_dev *d = io->dev;

	if (io->bio->bi_iter.bi_size & 511)
		return blkv_mismatch(d, io);
	return 0;
}

static void blkv_work(struct work_struct *w)
{
	struct blkv_io *io = container_of(w, struct blkv_io, work);

	io->in_bh = false;
	io->err = blkv_verify(io);
	bio_endio(io->bio);
}

static void blkv_bh_work(struct work_struct *w)
{
	struct blkv_io *io = container_of(w, struct blkv_io, bh_work);

	io->in_bh = true;
	io->err = blkv_verify(io);
	if (io->err == -EAGAIN) {
		INIT_WORK(&io->work, blkv_work);
		queue_work(io->dev->wq, &io->work);
		return;
	}
	bio_endio(io->bio);
}

/* The statistics update forgets that it may run as BH work: its
 * allocation sleeps there (a bug). */
static void blkv_stat_work(struct work_struct *w)
{
	struct blkv_io *io = container_of(w, struct blkv_io, stat_work);
	unsigned int *snap;

	snap = kmalloc(sizeof(*snap), GFP_KERNEL); /* want "kmalloc\\(\\) with GFP_KERNEL may sleep in direct reclaim.*BH work function blkv_stat_work\\(\\).*KD103" */
	if (snap) {
		*snap = io->dev->bad;
		kfree(snap);
	}
}

static void blkv_end_io(struct bio *bio)
{
	struct blkv_io *io = bio->bi_private;

	if (static_branch_unlikely(&blkv_bh_on) && io->dev->try_bh) {
		INIT_WORK(&io->bh_work, blkv_bh_work);
		queue_work(system_bh_wq, &io->bh_work);
		INIT_WORK(&io->stat_work, blkv_stat_work);
		queue_work(system_bh_wq, &io->stat_work);
	} else {
		INIT_WORK(&io->work, blkv_work);
		queue_work(io->dev->wq, &io->work);
	}
}

static int blkv_ctr(struct blkv_dev *d, bool try_bh)
{
	d->wq = alloc_workqueue("blkv", WQ_MEM_RECLAIM, 0);
	if (!d->wq)
		return -ENOMEM;
	d->try_bh = try_bh;
	if (try_bh)
		static_branch_inc(&blkv_bh_on);
	return 0;
}

static void blkv_dtr(struct blkv_dev *d)
{
	if (d->try_bh)
		static_branch_dec(&blkv_bh_on);
	destroy_workqueue(d->wq);
}

MODULE_LICENSE("GPL");
