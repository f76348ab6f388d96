// Package gfpinatomic defines an Analyzer that reports allocations whose
// flags allow direct reclaim when they run in atomic context.
//
// # Analyzer gfpinatomic
//
// gfpinatomic: report allocations that may reclaim in atomic context
//
// An allocation with GFP_KERNEL (or GFP_NOIO, GFP_NOFS, GFP_USER, ...)
// may enter direct reclaim and sleep; in a tasklet, a timer callback, a
// hard interrupt handler or under a spinlock it must use GFP_ATOMIC (or
// GFP_NOWAIT). The analyzer evaluates the flags of every allocation that
// runs in atomic context, including flags a caller passes down through a
// gfp_t parameter (reported where the caller passes them), and suggests
// GFP_ATOMIC:
//
//	spin_lock(&q->lock);
//	buf = kmalloc(len, GFP_KERNEL);	// reported: fix GFP_ATOMIC
//
// The full documentation is the doc record below, rendered in rules.md and
// by kdlint -explain KD103.
package gfpinatomic

import (
	"github.com/kdlint/kdlint/analyzers/passes/atomic"
	"github.com/kdlint/kdlint/analyzers/rule"
	"github.com/kdlint/kdlint/report"
)

// doc describes KD103; Rule (in the rule file) bundles it with the analysis.
var doc = report.Rule{
	ID:        "KD103",
	Name:      "gfp-in-atomic",
	Summary:   "report allocations that may reclaim in atomic context",
	Level:     report.Error,
	Precision: "high",
	Tags:      []string{"correctness", "concurrency", "memory", "kernel"},
	Since:     "0.1.0",

	What: "Reports an allocation whose GFP flags allow direct reclaim (`GFP_KERNEL`, " +
		"`GFP_KERNEL_ACCOUNT`, `GFP_NOIO`, `GFP_NOFS`, `GFP_USER`, `GFP_HIGHUSER`, " +
		"`__GFP_DIRECT_RECLAIM`, ...) when it runs in atomic context: `kmalloc`, `kzalloc`, " +
		"`kcalloc`, `kmalloc_array`, `krealloc`, `kmemdup`, `kstrdup`, `kasprintf`, `kvmalloc`, " +
		"the `devm_k*` allocations, `kmem_cache_alloc`, `alloc_pages`, `__get_free_page(s)`, " +
		"`get_zeroed_page`, `dma_alloc_coherent` and `dma_pool_alloc`, `mempool_alloc`, " +
		"`alloc_skb`, `skb_clone`, `skb_copy`, `usb_alloc_urb`, `usb_submit_urb`, `idr_alloc`, " +
		"`ida_alloc*`, the `xa_store`/`xa_insert`/`xa_alloc`/`xa_cmpxchg` family, `idr_preload`, " +
		"`bio_alloc` and more.\n\n" +
		"The flags are evaluated as bits: `GFP_KERNEL | __GFP_ZERO` reclaims, " +
		"`GFP_KERNEL & ~__GFP_DIRECT_RECLAIM` and `GFP_DMA` alone do not. Flags that come " +
		"from a `gfp_t` parameter are followed to the callers on the atomic path: the finding " +
		"is reported at the caller that passes a reclaiming flag (`foo_refill(q, GFP_KERNEL)` " +
		"under the lock), with the allocation as a related location; a caller that passes " +
		"`GFP_ATOMIC` is fine, and so is a flag the analysis cannot tell. A test of " +
		"`gfpflags_allow_blocking(gfp)` is followed: code it keeps for blocking flags is not " +
		"reached with atomic ones.\n\n" +
		"Atomic context is that of KD101 (callbacks, operations-table slots, lock regions, " +
		"followed path by path through the module's calls). The finding carries a fix that " +
		"replaces the reclaiming flag by `GFP_ATOMIC` (in SARIF, and shown in the text output); " +
		"an allocation reported here is never also reported by KD101. Allocations without " +
		"flags that always reclaim (`vmalloc`, `vzalloc`) are KD101's.",

	Why: "Direct reclaim writes back and frees memory on the allocating task's behalf, and " +
		"waits for it: the allocation may sleep for a long time when memory is short. In atomic " +
		"context that is \"BUG: sleeping function called from invalid context\" (the slab and " +
		"page allocators call `might_alloc()`, which says so with `CONFIG_DEBUG_ATOMIC_SLEEP`) " +
		"or a hang. Tests rarely see it: with memory to spare, the allocation never reclaims.",

	Example: `static void rx_refill(struct rx_ring *r)
{
	unsigned long flags;

	spin_lock_irqsave(&r->lock, flags);
	r->buf[r->head] = kmalloc(RX_BUF_SIZE, GFP_KERNEL);	/* KD103 */
	spin_unlock_irqrestore(&r->lock, flags);
}

static void *cmd_alloc(struct cmd_queue *q, gfp_t gfp)
{
	return kzalloc(sizeof(struct cmd), gfp);
}

static irqreturn_t cmd_irq(int irq, void *data)
{
	struct cmd_queue *q = data;

	q->next = cmd_alloc(q, GFP_KERNEL);	/* KD103, at the flag */
	return IRQ_HANDLED;
}`,

	UseInstead: `static void rx_refill(struct rx_ring *r)
{
	unsigned long flags;

	spin_lock_irqsave(&r->lock, flags);
	/* Does not sleep; may fail, so the caller retries later. */
	r->buf[r->head] = kmalloc(RX_BUF_SIZE, GFP_ATOMIC);
	spin_unlock_irqrestore(&r->lock, flags);
}

static irqreturn_t cmd_irq(int irq, void *data)
{
	struct cmd_queue *q = data;

	q->next = cmd_alloc(q, GFP_ATOMIC);
	return IRQ_HANDLED;
}`,

	KnownProblems: "- Measured on Linux 6.12 drivers/ (all 18 findings, 2026-12-03): 17 true, " +
		"1 false (94%). The false one is a `bio_alloc_bioset(GFP_NOIO)` on dm-crypt's write " +
		"path, reached from its BH work, which that path is not run from (the reason KD102 " +
		"gives). Two more judged false went when do-once set-up was followed (see KD101): " +
		"fnic's stats buffer, allocated at probe and only re-allocated when missing, before the " +
		"host whose transport callback reaches it is added, and mvumi's firmware flag, set by " +
		"the handshake probe runs before it requests the IRQ. Earlier, the XArray, preload and " +
		"bio rows added an `xa_store(GFP_KERNEL)` on one XArray under another's `xa_lock` (mlx5 " +
		"ODP, true: the store drops only its own XArray's lock to allocate) and the dm-crypt " +
		"one. dm-verity's BH re-check went when static keys were followed (the BH " +
		"work is queued only with the key on, and the BH path returns before the allocation " +
		"when the key is on and the flag its work function set is true); chtls's socket state " +
		"went when a call to a helper whose body the front end did not parse stopped counting " +
		"as a call that may change the state (what such a body may write is read from its " +
		"tokens); hid's picoLCD path (`hid_hw_request()` falling back to `__hid_request()` when " +
		"the transport has no `request` op) was judged true on a second reading: uhid gives a " +
		"device of bus, vendor and product chosen by user space a transport without one. A related location can still be on a path the object's state rules " +
		"out when that state is set in another callback (chtls: a child socket on the accept " +
		"queue is established, never `TCP_SYN_RECV`).\n" +
		"- A static key's value at a root is what its arming calls tested: a key switched off " +
		"while a work item queued under it is pending is not seen (kernel code that tests a " +
		"key in the work relies on that not happening).\n" +
		"- The limits of KD101's context analysis apply: callbacks registered by " +
		"another module are unknown unless their slot is in the model, conditions on the " +
		"device's state are not followed, and `#else` branches of configuration tests are " +
		"not analysed.\n" +
		"- Flags held in a struct member or chosen by a conditional expression " +
		"(`in_interrupt() ? GFP_ATOMIC : GFP_KERNEL`) are not judged: not reported.\n" +
		"- A `gfp_t` is followed through parameters only; a caller's flag stored in a " +
		"variable first is judged where the variable is assigned a constant.\n" +
		"- The fix is offered only where the flag is written in the call (not produced by a " +
		"macro); `GFP_ATOMIC` may fail where `GFP_KERNEL` would not, so the caller must " +
		"handle a NULL return, and moving the allocation out of the atomic section is often " +
		"the better fix.",

	References: []string{
		"Documentation/core-api/memory-allocation.rst",
		"Documentation/core-api/gfp_mask-from-fs-io.rst",
		"include/linux/gfp_types.h",
	},
}

// maxDepth is the max-depth option.
var maxDepth = rule.Int(atomic.MaxDepthName, atomic.DefaultMaxDepth, atomic.MaxDepthDoc)
