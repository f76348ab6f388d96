package kmodel

// Which calls may sleep, and how: explicit sleeps and waits, allocations
// whose flags allow direct reclaim, waits that drop a lock, and the waits
// for a timer callback that spin instead.
//
// Part of the data half of the kernel API model (see doc.go).

// Sleeper is a call that may sleep.
type Sleeper struct {
	Func string
	// GFPArg is the index of the gfp_t argument when the call sleeps only
	// for flags that allow direct reclaim (GFP_KERNEL and friends); -1 when
	// the call may always sleep.
	GFPArg int
	// DropsLock marks waits that are made with a spinlock held on purpose:
	// they release it while sleeping (wait_event_lock_irq and friends).
	// They are wrong only where the code is atomic for another reason.
	DropsLock bool
	// LockArg is, for DropsLock waits, the index of the lock argument;
	// -1 when the lock is the wait queue's own (WaitQueueLock of the
	// first argument: the _locked variants).
	LockArg int
	// Unlocked lists, for DropsLock waits, the arguments the wait runs
	// with that lock released: the cmd of the _cmd variants, run after
	// spin_unlock_irq(&lock) and before schedule() (linux/wait.h).
	Unlocked []int
	// UserCopy marks an access to user memory: it may fault, and the
	// fault may sleep (KD104 reports these, not KD101).
	UserCopy bool
	// Annotation marks might_sleep() and its kin: a debug annotation
	// that warns in atomic context rather than a sleep.
	Annotation bool
	// SafeIn lists the contexts in which the call does not sleep: vfree()
	// defers the freeing to a work item when in_interrupt() is true.
	SafeIn []Context
	// Unless names a call that, made anywhere in the module, makes this
	// one safe in atomic context: pm_runtime_irq_safe() lets the
	// synchronous runtime-PM calls spin instead of sleeping.
	Unless string
	// Why says how the call sleeps, for messages ("takes the clock
	// framework's prepare mutex"); empty when the name says it.
	Why string
	// Regmap marks an access through a regmap (or a regmap field): it
	// takes the regmap's lock and talks to its bus, and so sleeps only
	// for a regmap on a bus that sleeps with the default locking
	// (regmap.go). Analyses report it only where the module shows that
	// its regmaps are such (RegmapInits).
	Regmap bool
}

// IsAllocation reports whether s is an allocation that sleeps only for
// flags that allow direct reclaim (KD103 reports these, not KD101).
func (s *Sleeper) IsAllocation() bool { return s.GFPArg >= 0 }

// WaitQueueLock is the member of struct wait_queue_head that holds its
// spinlock (wq_head.lock), which the wait_event_*_locked waits drop.
const WaitQueueLock = "lock"

// Sleepers lists calls that may sleep (Linux 6.12). Sleeping locks
// (mutex_lock, down) are in LockOps instead: they are reported by their
// own rule. Rows with a GFPArg are allocations (KD103), rows marked
// UserCopy are user-memory accesses (KD104); the rest are KD101's.
var Sleepers = []Sleeper{
	// Explicit sleeps and scheduling.
	{Func: "msleep", GFPArg: -1}, {Func: "msleep_interruptible", GFPArg: -1}, {Func: "ssleep", GFPArg: -1},
	{Func: "usleep_range", GFPArg: -1}, {Func: "usleep_range_state", GFPArg: -1}, {Func: "usleep_idle_range", GFPArg: -1},
	{Func: "fsleep", GFPArg: -1}, {Func: "schedule", GFPArg: -1}, {Func: "io_schedule", GFPArg: -1},
	{Func: "cond_resched", GFPArg: -1}, {Func: "yield", GFPArg: -1},
	// might_sleep() (include/linux/kernel.h:105) is an annotation: it
	// warns in atomic context (__might_resched, kernel/sched/core.c) and
	// reschedules only where preemption is allowed.
	{Func: "might_sleep", GFPArg: -1, Annotation: true},
	// Allocation with a gfp_t argument (include/linux/slab.h, gfp.h,
	// device/devres.h, skbuff.h, dma-mapping.h, idr.h, xarray.h, 6.12).
	{Func: "kmalloc", GFPArg: 1}, {Func: "kzalloc", GFPArg: 1}, {Func: "kcalloc", GFPArg: 2}, {Func: "kmalloc_array", GFPArg: 2},
	{Func: "kmalloc_array_node", GFPArg: 2}, {Func: "kcalloc_node", GFPArg: 2}, {Func: "kmalloc_track_caller", GFPArg: 1},
	{Func: "krealloc", GFPArg: 2}, {Func: "krealloc_array", GFPArg: 3}, {Func: "kmemdup", GFPArg: 2}, {Func: "kstrdup", GFPArg: 1}, {Func: "kstrndup", GFPArg: 2},
	{Func: "kstrdup_const", GFPArg: 1}, {Func: "kmemdup_nul", GFPArg: 2}, {Func: "kmemdup_array", GFPArg: 3}, {Func: "kvmemdup", GFPArg: 2},
	{Func: "kasprintf", GFPArg: 0}, {Func: "kvasprintf", GFPArg: 0},
	{Func: "kmalloc_node", GFPArg: 1}, {Func: "kzalloc_node", GFPArg: 1}, {Func: "kvmalloc", GFPArg: 1}, {Func: "kvzalloc", GFPArg: 1}, {Func: "kvcalloc", GFPArg: 2},
	{Func: "kvmalloc_node", GFPArg: 1}, {Func: "kvzalloc_node", GFPArg: 1}, {Func: "kvmalloc_array", GFPArg: 2}, {Func: "kvrealloc", GFPArg: 2},
	{Func: "devm_kmalloc", GFPArg: 2}, {Func: "devm_kzalloc", GFPArg: 2}, {Func: "devm_kcalloc", GFPArg: 3}, {Func: "devm_kmalloc_array", GFPArg: 3},
	{Func: "devm_kstrdup", GFPArg: 2}, {Func: "devm_kmemdup", GFPArg: 3}, {Func: "devm_krealloc", GFPArg: 3}, {Func: "devm_kasprintf", GFPArg: 1},
	{Func: "devm_get_free_pages", GFPArg: 1}, {Func: "devres_alloc", GFPArg: 2},
	{Func: "bitmap_alloc", GFPArg: 1}, {Func: "bitmap_zalloc", GFPArg: 1},
	{Func: "kmem_cache_alloc", GFPArg: 1}, {Func: "kmem_cache_zalloc", GFPArg: 1}, {Func: "kmem_cache_alloc_node", GFPArg: 1},
	{Func: "alloc_pages", GFPArg: 0}, {Func: "alloc_page", GFPArg: 0}, {Func: "__get_free_pages", GFPArg: 0}, {Func: "__get_free_page", GFPArg: 0},
	{Func: "alloc_pages_node", GFPArg: 1}, {Func: "__get_dma_pages", GFPArg: 0}, {Func: "alloc_pages_exact", GFPArg: 1}, {Func: "folio_alloc", GFPArg: 0},
	{Func: "get_zeroed_page", GFPArg: 0}, {Func: "__vmalloc", GFPArg: 1},
	{Func: "dma_alloc_coherent", GFPArg: 3}, {Func: "dmam_alloc_coherent", GFPArg: 3}, {Func: "dma_alloc_attrs", GFPArg: 3},
	{Func: "dma_alloc_wc", GFPArg: 3}, {Func: "dma_alloc_noncoherent", GFPArg: 4},
	{Func: "dma_pool_alloc", GFPArg: 1}, {Func: "dma_pool_zalloc", GFPArg: 1}, {Func: "mempool_alloc", GFPArg: 1},
	{Func: "alloc_skb", GFPArg: 1}, {Func: "__netdev_alloc_skb", GFPArg: 2}, {Func: "__dev_alloc_skb", GFPArg: 1}, {Func: "skb_copy", GFPArg: 1},
	{Func: "skb_clone", GFPArg: 1}, {Func: "pskb_copy", GFPArg: 1}, {Func: "skb_copy_expand", GFPArg: 3}, {Func: "pskb_expand_head", GFPArg: 3},
	{Func: "alloc_skb_fclone", GFPArg: 1}, {Func: "__netdev_alloc_skb_ip_align", GFPArg: 2}, {Func: "nlmsg_new", GFPArg: 1}, {Func: "genlmsg_new", GFPArg: 1},
	{Func: "sg_alloc_table", GFPArg: 2},
	{Func: "usb_alloc_urb", GFPArg: 1}, {Func: "usb_submit_urb", GFPArg: 1}, {Func: "usb_alloc_coherent", GFPArg: 2},
	{Func: "idr_alloc", GFPArg: 4}, {Func: "idr_alloc_cyclic", GFPArg: 4}, {Func: "idr_alloc_u32", GFPArg: 4}, {Func: "ida_alloc_range", GFPArg: 3},
	// ida_alloc(ida, gfp) is ida_alloc_range(ida, 0, ~0, gfp) (include/linux/idr.h:273-276).
	{Func: "ida_alloc", GFPArg: 1}, {Func: "ida_alloc_min", GFPArg: 2}, {Func: "ida_alloc_max", GFPArg: 2}, {Func: "ida_simple_get", GFPArg: 3},
	{Func: "xa_alloc", GFPArg: 4}, {Func: "xa_alloc_cyclic", GFPArg: 5},
	// The xa_* calls take the XArray's own lock and, when the flags allow
	// blocking, drop only that lock to allocate (lib/xarray.c:337-340
	// __xas_nomem): under any other lock they sleep. The __xa_* forms,
	// called under xa_lock, drop it the same way, so they are not here.
	{Func: "xa_alloc_bh", GFPArg: 4}, {Func: "xa_alloc_irq", GFPArg: 4},
	{Func: "xa_alloc_cyclic_bh", GFPArg: 5}, {Func: "xa_alloc_cyclic_irq", GFPArg: 5},
	{Func: "xa_store", GFPArg: 3}, {Func: "xa_store_bh", GFPArg: 3}, {Func: "xa_store_irq", GFPArg: 3}, {Func: "xa_store_range", GFPArg: 4},
	{Func: "xa_insert", GFPArg: 3}, {Func: "xa_insert_bh", GFPArg: 3}, {Func: "xa_insert_irq", GFPArg: 3},
	{Func: "xa_cmpxchg", GFPArg: 4}, {Func: "xa_cmpxchg_bh", GFPArg: 4}, {Func: "xa_cmpxchg_irq", GFPArg: 4},
	{Func: "xa_reserve", GFPArg: 2}, {Func: "xa_reserve_bh", GFPArg: 2}, {Func: "xa_reserve_irq", GFPArg: 2},
	// Preloading allocates with the caller's flags before it disables
	// preemption (lib/radix-tree.c:322-345 __radix_tree_preload).
	{Func: "idr_preload", GFPArg: 0}, {Func: "radix_tree_preload", GFPArg: 0},
	// A bio comes from a mempool that waits for direct reclaim with
	// GFP_NOIO (block/bio.c bio_alloc_bioset); bio_alloc is
	// bio_alloc_bioset(bdev, nr, opf, gfp, &fs_bio_set) (include/linux/bio.h).
	{Func: "bio_alloc", GFPArg: 3}, {Func: "bio_alloc_bioset", GFPArg: 3}, {Func: "bio_kmalloc", GFPArg: 1},
	{Func: "sg_alloc_table_from_pages", GFPArg: 5}, {Func: "sg_alloc_table_from_pages_segment", GFPArg: 6},
	// skb_share_check and skb_unshare clone or copy a shared skb with the
	// given flags (include/linux/skbuff.h: might_sleep_if(gfpflags_allow_blocking(pri))).
	{Func: "skb_share_check", GFPArg: 1}, {Func: "skb_unshare", GFPArg: 1},
	{Func: "__alloc_skb", GFPArg: 1}, {Func: "alloc_skb_with_frags", GFPArg: 4},
	{Func: "dmam_alloc_attrs", GFPArg: 3}, {Func: "dma_alloc_pages", GFPArg: 4},
	{Func: "bio_alloc_clone", GFPArg: 2}, {Func: "sgl_alloc", GFPArg: 1}, {Func: "sk_alloc", GFPArg: 2},
	{Func: "bitmap_alloc_node", GFPArg: 1}, {Func: "bitmap_zalloc_node", GFPArg: 1},
	{Func: "devm_bitmap_alloc", GFPArg: 2}, {Func: "devm_bitmap_zalloc", GFPArg: 2},
	// kfifo_alloc(fifo, size, gfp) is __kfifo_alloc's kmalloc_array (lib/kfifo.c);
	// ptr_ring_init(r, size, gfp) allocates its queue (include/linux/ptr_ring.h).
	{Func: "kfifo_alloc", GFPArg: 2}, {Func: "ptr_ring_init", GFPArg: 2},
	{Func: "bt_skb_alloc", GFPArg: 1}, {Func: "usb_ep_alloc_request", GFPArg: 1},
	{Func: "dev_coredumpv", GFPArg: 3}, {Func: "kobject_get_path", GFPArg: 1},
	{Func: "ahash_request_alloc", GFPArg: 1}, {Func: "skcipher_request_alloc", GFPArg: 1}, {Func: "aead_request_alloc", GFPArg: 1},
	// A netlink multicast clones the skb for each listener with the
	// caller's flags (net/netlink/af_netlink.c:1452 do_one_broadcast) and
	// yields when a listener is congested and the flags allow blocking (1550).
	{Func: "netlink_broadcast", GFPArg: 4}, {Func: "nlmsg_multicast", GFPArg: 4},
	{Func: "genlmsg_multicast", GFPArg: 4}, {Func: "genlmsg_multicast_netns", GFPArg: 5},
	// vmalloc and friends always allocate with GFP_KERNEL (mm/vmalloc.c).
	{Func: "vmalloc", GFPArg: -1}, {Func: "vzalloc", GFPArg: -1}, {Func: "vmalloc_user", GFPArg: -1},
	{Func: "vmalloc_node", GFPArg: -1}, {Func: "vzalloc_node", GFPArg: -1}, {Func: "vmalloc_32", GFPArg: -1},
	// vfree() defers to vfree_atomic() when in_interrupt() is true (hard
	// IRQ, softirq, bottom halves disabled: mm/vmalloc.c:3412-3415) and
	// may sleep otherwise (might_sleep at 3419, cond_resched per page at
	// 3442), such as under spin_lock or with interrupts disabled.
	// kvfree() calls it for vmalloc addresses (mm/util.c:696-702).
	{Func: "vfree", GFPArg: -1, SafeIn: interruptContexts},
	{Func: "kvfree", GFPArg: -1, SafeIn: interruptContexts},
	{Func: "kvfree_sensitive", GFPArg: -1, SafeIn: interruptContexts},
	{Func: "vunmap", GFPArg: -1},
	// User memory access: may fault, and the fault handler may sleep
	// (include/linux/uaccess.h, might_fault).
	{Func: "copy_to_user", GFPArg: -1, UserCopy: true}, {Func: "copy_from_user", GFPArg: -1, UserCopy: true},
	{Func: "__copy_to_user", GFPArg: -1, UserCopy: true}, {Func: "__copy_from_user", GFPArg: -1, UserCopy: true},
	{Func: "get_user", GFPArg: -1, UserCopy: true}, {Func: "put_user", GFPArg: -1, UserCopy: true},
	{Func: "__get_user", GFPArg: -1, UserCopy: true}, {Func: "__put_user", GFPArg: -1, UserCopy: true},
	{Func: "clear_user", GFPArg: -1, UserCopy: true}, {Func: "strncpy_from_user", GFPArg: -1, UserCopy: true},
	{Func: "strnlen_user", GFPArg: -1, UserCopy: true}, {Func: "copy_struct_from_user", GFPArg: -1, UserCopy: true},
	{Func: "memdup_user", GFPArg: -1, UserCopy: true}, {Func: "vmemdup_user", GFPArg: -1, UserCopy: true},
	{Func: "memdup_user_nul", GFPArg: -1, UserCopy: true}, {Func: "strndup_user", GFPArg: -1, UserCopy: true},
	{Func: "memdup_array_user", GFPArg: -1, UserCopy: true},
	{Func: "simple_read_from_buffer", GFPArg: -1, UserCopy: true}, {Func: "simple_write_to_buffer", GFPArg: -1, UserCopy: true},
	// Firmware, threads.
	{Func: "request_firmware", GFPArg: -1}, {Func: "request_firmware_direct", GFPArg: -1}, {Func: "firmware_request_nowarn", GFPArg: -1},
	{Func: "kthread_stop", GFPArg: -1}, {Func: "kthread_create", GFPArg: -1}, {Func: "kthread_run", GFPArg: -1},
	// Waiting for deferred work, timers, tasklets, IRQs and RCU.
	{Func: "cancel_work_sync", GFPArg: -1}, {Func: "cancel_delayed_work_sync", GFPArg: -1}, {Func: "flush_work", GFPArg: -1},
	{Func: "flush_delayed_work", GFPArg: -1}, {Func: "flush_workqueue", GFPArg: -1}, {Func: "drain_workqueue", GFPArg: -1},
	{Func: "destroy_workqueue", GFPArg: -1}, {Func: "flush_scheduled_work", GFPArg: -1},
	{Func: "disable_work_sync", GFPArg: -1}, {Func: "disable_delayed_work_sync", GFPArg: -1},
	{Func: "tasklet_kill", GFPArg: -1}, {Func: "tasklet_disable", GFPArg: -1}, {Func: "synchronize_rcu", GFPArg: -1},
	{Func: "synchronize_net", GFPArg: -1}, {Func: "synchronize_irq", GFPArg: -1}, {Func: "free_irq", GFPArg: -1},
	// disable_irq() is might_sleep() + synchronize_irq() (kernel/irq/manage.c:737-742).
	{Func: "disable_irq", GFPArg: -1},
	{Func: "request_irq", GFPArg: -1}, {Func: "request_threaded_irq", GFPArg: -1}, {Func: "devm_request_irq", GFPArg: -1},
	{Func: "devm_request_threaded_irq", GFPArg: -1},
	// Buses whose transfers sleep. The i2c_smbus_* transfers take the
	// adapter's rt_mutex bus lock (drivers/i2c/i2c-core-smbus.c:535-550);
	// i2c_smbus_pec() is a CRC helper with no bus access (49-56) and is
	// not listed.
	{Func: "i2c_transfer", GFPArg: -1}, {Func: "__i2c_transfer", GFPArg: -1}, {Func: "i2c_transfer_buffer_flags", GFPArg: -1},
	{Func: "i2c_master_send", GFPArg: -1}, {Func: "i2c_master_recv", GFPArg: -1},
	{Func: "i2c_master_send_dmasafe", GFPArg: -1}, {Func: "i2c_master_recv_dmasafe", GFPArg: -1},
	{Func: "i2c_smbus_xfer", GFPArg: -1}, {Func: "__i2c_smbus_xfer", GFPArg: -1},
	{Func: "i2c_smbus_read_byte", GFPArg: -1}, {Func: "i2c_smbus_write_byte", GFPArg: -1},
	{Func: "i2c_smbus_read_byte_data", GFPArg: -1}, {Func: "i2c_smbus_write_byte_data", GFPArg: -1},
	{Func: "i2c_smbus_read_word_data", GFPArg: -1}, {Func: "i2c_smbus_write_word_data", GFPArg: -1},
	{Func: "i2c_smbus_read_word_swapped", GFPArg: -1}, {Func: "i2c_smbus_write_word_swapped", GFPArg: -1},
	{Func: "i2c_smbus_read_block_data", GFPArg: -1}, {Func: "i2c_smbus_write_block_data", GFPArg: -1},
	{Func: "i2c_smbus_read_i2c_block_data", GFPArg: -1}, {Func: "i2c_smbus_write_i2c_block_data", GFPArg: -1},
	{Func: "i2c_smbus_read_i2c_block_data_or_emulated", GFPArg: -1},
	{Func: "spi_sync", GFPArg: -1}, {Func: "spi_write", GFPArg: -1}, {Func: "spi_read", GFPArg: -1}, {Func: "spi_write_then_read", GFPArg: -1},
	{Func: "spi_sync_transfer", GFPArg: -1}, {Func: "spi_w8r8", GFPArg: -1}, {Func: "spi_w8r16", GFPArg: -1},
	{Func: "mdiobus_read", GFPArg: -1}, {Func: "mdiobus_write", GFPArg: -1}, {Func: "phy_read", GFPArg: -1}, {Func: "phy_write", GFPArg: -1},
	// USB calls that wait (drivers/usb/core/urb.c, message.c, hub.c).
	{Func: "usb_kill_urb", GFPArg: -1}, {Func: "usb_poison_urb", GFPArg: -1}, {Func: "usb_kill_anchored_urbs", GFPArg: -1},
	{Func: "usb_poison_anchored_urbs", GFPArg: -1}, {Func: "usb_wait_anchor_empty_timeout", GFPArg: -1},
	{Func: "usb_control_msg", GFPArg: -1}, {Func: "usb_control_msg_send", GFPArg: -1}, {Func: "usb_control_msg_recv", GFPArg: -1},
	{Func: "usb_interrupt_msg", GFPArg: -1}, {Func: "usb_bulk_msg", GFPArg: -1}, {Func: "usb_clear_halt", GFPArg: -1},
	{Func: "usb_set_interface", GFPArg: -1}, {Func: "usb_reset_device", GFPArg: -1},
	// Clocks: the common clock framework's prepare side and rate and
	// parent changes take its prepare_lock mutex (drivers/clk/clk.c:28,
	// 214-227); clk_enable() and clk_disable() take the enable_lock
	// spinlock and are safe in atomic context (clk.c:1406, 1241).
	{Func: "clk_prepare", GFPArg: -1, Why: "takes the clock framework's prepare mutex"},
	{Func: "clk_prepare_enable", GFPArg: -1, Why: "takes the clock framework's prepare mutex"},
	{Func: "clk_unprepare", GFPArg: -1, Why: "takes the clock framework's prepare mutex"},
	{Func: "clk_disable_unprepare", GFPArg: -1, Why: "takes the clock framework's prepare mutex"},
	{Func: "clk_bulk_prepare", GFPArg: -1, Why: "takes the clock framework's prepare mutex"},
	{Func: "clk_bulk_unprepare", GFPArg: -1, Why: "takes the clock framework's prepare mutex"},
	{Func: "clk_bulk_prepare_enable", GFPArg: -1, Why: "takes the clock framework's prepare mutex"},
	{Func: "clk_bulk_disable_unprepare", GFPArg: -1, Why: "takes the clock framework's prepare mutex"},
	{Func: "clk_set_rate", GFPArg: -1, Why: "takes the clock framework's prepare mutex"},
	{Func: "clk_set_parent", GFPArg: -1, Why: "takes the clock framework's prepare mutex"},
	{Func: "clk_get", GFPArg: -1}, {Func: "devm_clk_get", GFPArg: -1}, {Func: "clk_put", GFPArg: -1},
	// Runtime PM: the synchronous calls may sleep unless the device is
	// irq-safe (drivers/base/power/runtime.c:1101, 1139, 1165:
	// might_sleep_if(!(rpmflags & RPM_ASYNC) && !dev->power.irq_safe));
	// pm_runtime_get(), pm_runtime_put() and the pm_request_* calls are
	// asynchronous and safe.
	{Func: "pm_runtime_get_sync", GFPArg: -1, Unless: "pm_runtime_irq_safe"},
	{Func: "pm_runtime_resume_and_get", GFPArg: -1, Unless: "pm_runtime_irq_safe"},
	{Func: "pm_runtime_resume", GFPArg: -1, Unless: "pm_runtime_irq_safe"},
	{Func: "pm_runtime_put_sync", GFPArg: -1, Unless: "pm_runtime_irq_safe"},
	{Func: "pm_runtime_put_sync_suspend", GFPArg: -1, Unless: "pm_runtime_irq_safe"},
	{Func: "pm_runtime_put_sync_autosuspend", GFPArg: -1, Unless: "pm_runtime_irq_safe"},
	{Func: "pm_runtime_suspend", GFPArg: -1, Unless: "pm_runtime_irq_safe"},
	{Func: "pm_runtime_idle", GFPArg: -1, Unless: "pm_runtime_irq_safe"},
	{Func: "pm_runtime_disable", GFPArg: -1}, {Func: "pm_runtime_barrier", GFPArg: -1}, {Func: "pm_runtime_forbid", GFPArg: -1},
	// USB interface autopm: the synchronous pair resumes or suspends
	// the interface through runtime PM ("can run only in process
	// context", drivers/usb/core/driver.c:1736-1761, 1805-1840:
	// pm_runtime_put_sync, pm_runtime_resume_and_get; USB interfaces are
	// never irq-safe). The _async and _no_resume/_no_suspend forms are
	// safe in atomic context.
	{Func: "usb_autopm_get_interface", GFPArg: -1, Why: "resumes the USB interface through synchronous runtime PM"},
	{Func: "usb_autopm_put_interface", GFPArg: -1, Why: "suspends the USB interface through synchronous runtime PM"},
	// Regulators and GPIOs that may sleep.
	{Func: "regulator_enable", GFPArg: -1}, {Func: "regulator_disable", GFPArg: -1},
	{Func: "gpiod_set_value_cansleep", GFPArg: -1}, {Func: "gpiod_get_value_cansleep", GFPArg: -1},
	{Func: "gpio_set_value_cansleep", GFPArg: -1}, {Func: "gpio_get_value_cansleep", GFPArg: -1},
	// Regmap accesses: each takes the regmap's lock (map->lock), a
	// mutex unless the bus or the config asks for fast I/O, and on a
	// slow bus transfers over it (drivers/base/regmap/regmap.c:
	// __regmap_init 710-760, regmap_write 2047, regmap_read 2866,
	// regmap_update_bits_base 3244; regcache.c: regcache_sync 387,
	// regcache_cache_only 550). Whether a given call sleeps depends on
	// which regmap it uses: see RegmapInits.
	{Func: "regmap_write", GFPArg: -1, Regmap: true}, {Func: "regmap_write_async", GFPArg: -1, Regmap: true}, {Func: "regmap_raw_write", GFPArg: -1, Regmap: true},
	{Func: "regmap_raw_write_async", GFPArg: -1, Regmap: true}, {Func: "regmap_noinc_write", GFPArg: -1, Regmap: true}, {Func: "regmap_bulk_write", GFPArg: -1, Regmap: true},
	{Func: "regmap_multi_reg_write", GFPArg: -1, Regmap: true}, {Func: "regmap_multi_reg_write_bypassed", GFPArg: -1, Regmap: true}, {Func: "regmap_read", GFPArg: -1, Regmap: true},
	{Func: "regmap_read_bypassed", GFPArg: -1, Regmap: true}, {Func: "regmap_raw_read", GFPArg: -1, Regmap: true}, {Func: "regmap_noinc_read", GFPArg: -1, Regmap: true},
	{Func: "regmap_bulk_read", GFPArg: -1, Regmap: true}, {Func: "regmap_multi_reg_read", GFPArg: -1, Regmap: true}, {Func: "regmap_update_bits", GFPArg: -1, Regmap: true},
	{Func: "regmap_update_bits_base", GFPArg: -1, Regmap: true}, {Func: "regmap_update_bits_async", GFPArg: -1, Regmap: true}, {Func: "regmap_update_bits_check", GFPArg: -1, Regmap: true},
	{Func: "regmap_write_bits", GFPArg: -1, Regmap: true}, {Func: "regmap_set_bits", GFPArg: -1, Regmap: true}, {Func: "regmap_clear_bits", GFPArg: -1, Regmap: true},
	{Func: "regmap_test_bits", GFPArg: -1, Regmap: true}, {Func: "regmap_read_poll_timeout_atomic", GFPArg: -1, Regmap: true}, {Func: "regmap_field_read", GFPArg: -1, Regmap: true},
	{Func: "regmap_field_write", GFPArg: -1, Regmap: true}, {Func: "regmap_field_update_bits", GFPArg: -1, Regmap: true}, {Func: "regmap_field_update_bits_base", GFPArg: -1, Regmap: true},
	{Func: "regmap_field_set_bits", GFPArg: -1, Regmap: true}, {Func: "regmap_field_clear_bits", GFPArg: -1, Regmap: true}, {Func: "regmap_field_test_bits", GFPArg: -1, Regmap: true},
	{Func: "regmap_field_force_write", GFPArg: -1, Regmap: true}, {Func: "regmap_fields_read", GFPArg: -1, Regmap: true}, {Func: "regmap_fields_write", GFPArg: -1, Regmap: true},
	{Func: "regmap_fields_update_bits_base", GFPArg: -1, Regmap: true}, {Func: "regmap_fields_force_write", GFPArg: -1, Regmap: true}, {Func: "regcache_sync", GFPArg: -1, Regmap: true},
	{Func: "regcache_sync_region", GFPArg: -1, Regmap: true}, {Func: "regcache_cache_only", GFPArg: -1, Regmap: true}, {Func: "regcache_cache_bypass", GFPArg: -1, Regmap: true},
	{Func: "regcache_mark_dirty", GFPArg: -1, Regmap: true}, {Func: "regcache_drop_region", GFPArg: -1, Regmap: true},
}

// LockDroppingWaits are the wait_event variants called with a spinlock
// held, which they drop while sleeping (linux/wait.h). They take
// precedence over the wait_event prefix below.
var LockDroppingWaits = []Sleeper{
	// wait_event_lock_irq(wq_head, condition, lock, ...)
	{Func: "wait_event_lock_irq", GFPArg: -1, DropsLock: true, LockArg: 2},
	// wait_event_lock_irq_cmd(wq_head, condition, lock, cmd): cmd runs
	// between spin_unlock_irq(&lock) and schedule() (include/linux/wait.h:1001-1006, 1031-1035).
	{Func: "wait_event_lock_irq_cmd", GFPArg: -1, DropsLock: true, LockArg: 2, Unlocked: []int{3}},
	{Func: "wait_event_lock_irq_timeout", GFPArg: -1, DropsLock: true, LockArg: 2},
	{Func: "wait_event_interruptible_lock_irq", GFPArg: -1, DropsLock: true, LockArg: 2},
	// The same for the interruptible variant (wait.h:1066-1070, 1098-1103).
	{Func: "wait_event_interruptible_lock_irq_cmd", GFPArg: -1, DropsLock: true, LockArg: 2, Unlocked: []int{3}},
	{Func: "wait_event_interruptible_lock_irq_timeout", GFPArg: -1, DropsLock: true, LockArg: 2},
	{Func: "wait_event_idle_lock_irq", GFPArg: -1, DropsLock: true, LockArg: 2},
	// wait_event_*_locked(wq_head, condition), under wq_head.lock
	{Func: "wait_event_interruptible_locked", GFPArg: -1, DropsLock: true, LockArg: -1},
	{Func: "wait_event_interruptible_locked_irq", GFPArg: -1, DropsLock: true, LockArg: -1},
	{Func: "wait_event_interruptible_exclusive_locked", GFPArg: -1, DropsLock: true, LockArg: -1},
	{Func: "wait_event_interruptible_exclusive_locked_irq", GFPArg: -1, DropsLock: true, LockArg: -1},
	{Func: "wait_event_killable_locked", GFPArg: -1, DropsLock: true, LockArg: -1},
	{Func: "wait_event_killable_locked_irq", GFPArg: -1, DropsLock: true, LockArg: -1},
}

// CallbackWait is a call that waits for a timer's callback to finish by
// spinning, not sleeping (kernel/time/timer.c): del_timer_sync() and its
// newer names. It is wrong in hard IRQ context (the kernel warns), under
// a lock the callback takes (a deadlock), and in the timer's own callback
// (it waits for itself). On PREEMPT_RT it may also sleep.
type CallbackWait struct {
	Func   string
	ObjArg int // the timer
}

// CallbackWaits lists the calls that wait for a timer callback.
var CallbackWaits = []CallbackWait{
	{"del_timer_sync", 0}, {"timer_delete_sync", 0}, {"timer_shutdown_sync", 0},
}

// SleeperPrefixes are families of sleeping calls named by prefix.
var SleeperPrefixes = []Sleeper{
	{Func: "wait_event", GFPArg: -1},          // wait_event, wait_event_interruptible, _timeout, ...
	{Func: "wait_for_completion", GFPArg: -1}, // all variants, incl. _timeout and _interruptible
	{Func: "schedule_timeout", GFPArg: -1},    // _interruptible, _uninterruptible, _killable, _idle
}

// GFP flag bits, as kdlint models a gfp_t (include/linux/gfp_types.h,
// 6.12): the values are kdlint's own, only which bits a flag holds
// matters. An allocation sleeps when its flags hold GFPDirectReclaim
// (gfpflags_allow_blocking(), include/linux/gfp.h:41-44).
const (
	GFPDirectReclaim uint64 = 1 << iota
	GFPKswapdReclaim
	GFPIO
	GFPFS
	GFPHigh
	GFPHardwall
	GFPHighmem
	GFPMovable
	GFPDMA
	GFPDMA32
	GFPNoWarn
	GFPZero
	GFPComp
	GFPNoFail
	GFPNoRetry
	GFPRetryMayFail
	GFPAccount
	GFPNoMemalloc
	GFPMemalloc
	GFPSkipKASAN
	GFPThisNode
	GFPReclaimable
	GFPWrite
	GFPNoLockdep
)

// GFPFlag is a gfp_t constant and the bits it holds.
type GFPFlag struct {
	Name string
	Bits uint64
}

// GFPFlags lists the gfp_t constants (include/linux/gfp_types.h:261-390).
// A flags expression is evaluated over them: GFP_KERNEL | __GFP_ZERO
// reclaims, GFP_KERNEL & ~__GFP_DIRECT_RECLAIM does not, and GFP_DMA
// alone is only a zone modifier.
var GFPFlags = []GFPFlag{
	{"__GFP_DIRECT_RECLAIM", GFPDirectReclaim},
	{"__GFP_KSWAPD_RECLAIM", GFPKswapdReclaim},
	{"__GFP_RECLAIM", GFPDirectReclaim | GFPKswapdReclaim},
	{"__GFP_IO", GFPIO}, {"__GFP_FS", GFPFS}, {"__GFP_HIGH", GFPHigh}, {"__GFP_HARDWALL", GFPHardwall},
	{"__GFP_HIGHMEM", GFPHighmem}, {"__GFP_MOVABLE", GFPMovable}, {"__GFP_DMA", GFPDMA}, {"__GFP_DMA32", GFPDMA32},
	{"__GFP_NOWARN", GFPNoWarn}, {"__GFP_ZERO", GFPZero}, {"__GFP_COMP", GFPComp}, {"__GFP_NOFAIL", GFPNoFail},
	{"__GFP_NORETRY", GFPNoRetry}, {"__GFP_RETRY_MAYFAIL", GFPRetryMayFail}, {"__GFP_ACCOUNT", GFPAccount},
	{"__GFP_NOMEMALLOC", GFPNoMemalloc}, {"__GFP_MEMALLOC", GFPMemalloc}, {"__GFP_SKIP_KASAN", GFPSkipKASAN},
	{"__GFP_THISNODE", GFPThisNode}, {"__GFP_RECLAIMABLE", GFPReclaimable}, {"__GFP_WRITE", GFPWrite},
	{"__GFP_NOLOCKDEP", GFPNoLockdep},
	{"GFP_ATOMIC", GFPHigh | GFPKswapdReclaim},
	{"GFP_KERNEL", GFPDirectReclaim | GFPKswapdReclaim | GFPIO | GFPFS},
	{"GFP_KERNEL_ACCOUNT", GFPDirectReclaim | GFPKswapdReclaim | GFPIO | GFPFS | GFPAccount},
	{"GFP_NOWAIT", GFPKswapdReclaim | GFPNoWarn},
	{"GFP_NOIO", GFPDirectReclaim | GFPKswapdReclaim},
	{"GFP_NOFS", GFPDirectReclaim | GFPKswapdReclaim | GFPIO},
	{"GFP_USER", GFPDirectReclaim | GFPKswapdReclaim | GFPIO | GFPFS | GFPHardwall},
	{"GFP_DMA", GFPDMA}, {"GFP_DMA32", GFPDMA32},
	{"GFP_HIGHUSER", GFPDirectReclaim | GFPKswapdReclaim | GFPIO | GFPFS | GFPHardwall | GFPHighmem},
	{"GFP_HIGHUSER_MOVABLE", GFPDirectReclaim | GFPKswapdReclaim | GFPIO | GFPFS | GFPHardwall | GFPHighmem | GFPMovable | GFPSkipKASAN},
	{"GFP_TRANSHUGE_LIGHT", GFPIO | GFPFS | GFPHardwall | GFPHighmem | GFPMovable | GFPComp | GFPNoMemalloc | GFPNoWarn | GFPSkipKASAN},
	{"GFP_TRANSHUGE", GFPIO | GFPFS | GFPHardwall | GFPHighmem | GFPMovable | GFPComp | GFPNoMemalloc | GFPNoWarn | GFPSkipKASAN | GFPDirectReclaim},
}

// GFPTest is a call that tests gfp flags: gfpflags_allow_blocking(gfp)
// is true when they hold Bits.
type GFPTest struct {
	Func string
	Arg  int
	Bits uint64
}

// GFPTests lists the gfp_t tests (include/linux/gfp.h:41-44).
var GFPTests = []GFPTest{
	{"gfpflags_allow_blocking", 0, GFPDirectReclaim},
}

// NoReturn is a call that does not return: code after it is dead. With
// CondArg >= 0 it does not return only when that argument is true
// (BUG_ON(cond)).
type NoReturn struct {
	Func    string
	CondArg int
}

// NoReturns lists the kernel's calls that do not return (declared
// __noreturn in 6.12: include/linux/panic.h:12, kernel.h:166,
// kthread.h:100-101, sched/task.h:73; BUG() ends in
// __builtin_unreachable() or panic(): include/asm-generic/bug.h:62-67).
// machine_halt(), kernel_restart() and the like are not annotated and
// are not listed; WARN*() returns.
var NoReturns = []NoReturn{
	{"panic", -1}, {"do_exit", -1}, {"kthread_exit", -1}, {"kthread_complete_and_exit", -1},
	{"module_put_and_kthread_exit", -1}, {"__module_put_and_kthread_exit", -1}, {"make_task_dead", -1},
	{"BUG", -1}, {"unreachable", -1}, {"__builtin_unreachable", -1}, {"__builtin_trap", -1},
	{"BUG_ON", 0},
}

// Zeroer is a call that fills memory with a byte: Dst, Val and Len are
// its destination, value and length arguments.
type Zeroer struct {
	Func          string
	Dst, Val, Len int
}

// Zeroers lists the calls that clear a structure (memset(&v, 0,
// sizeof(v)) leaves every member of v 0).
var Zeroers = []Zeroer{{"memset", 0, 1, 2}}

// ConstMacros are the kernel's constant-building macros that drivers use
// in flag arguments (include/vdso/bits.h, include/linux/bits.h): how the
// analysis evaluates them.
var ConstMacros = []ConstMacro{
	{"BIT", ConstBit}, {"BIT_ULL", ConstBit}, {"GENMASK", ConstGenmask}, {"GENMASK_ULL", ConstGenmask},
	{"FIELD_PREP", ConstFieldPrep},
}

// ConstMacro is a macro that builds a constant from constants.
type ConstMacro struct {
	Name string
	Op   ConstOp
}

// ConstOp is what a ConstMacro computes.
type ConstOp uint8

const (
	ConstBit     ConstOp = iota + 1 // BIT(n) = 1 << n
	ConstGenmask                    // GENMASK(h, l): bits l to h
	// ConstFieldPrep is FIELD_PREP(mask, val) (include/linux/bitfield.h):
	// val shifted into mask; no bit outside mask is set.
	ConstFieldPrep
)

// ContainerMacros compute, from a pointer to a member, the structure the
// member lives in: container_of() and container_of_const()
// (include/linux/container_of.h:18, 32), and the callback forms
// from_work() (workqueue.h:578), from_timer() (timer.h:132) and
// from_tasklet() (interrupt.h:678), which are container_of() of the
// callback's argument.
var ContainerMacros = []string{"container_of", "container_of_const", "from_work", "from_timer", "from_tasklet"}

// Readers are calls out of a module that write nothing their caller's
// code can see through their arguments: accessors that compute a pointer
// or read a member (rcu_dereference_sk_user_data(sk) reads
// sk->sk_user_data, include/net/sock.h:648; tcp_sk(), inet_sk() and
// inet_csk() are container_of_const(), include/linux/tcp.h:528,
// include/net/inet_sock.h:344, inet_connection_sock.h:160;
// netdev_priv() returns dev->priv, netdevice.h:2608; dev_get_drvdata()
// returns dev->driver_data, device.h:925; dev_name(), device.h:867), and
// the logging calls (printk and the pr_*, dev_*, netdev_* message
// macros), which format their arguments. A test of a member whose base
// such a call is given still holds after it.
var Readers = []string{
	"rcu_dereference_sk_user_data", "tcp_sk", "inet_sk", "inet_csk",
	"netdev_priv", "dev_get_drvdata", "pci_get_drvdata", "platform_get_drvdata",
	"i2c_get_clientdata", "spi_get_drvdata", "usb_get_intfdata", "dev_get_platdata", "dev_name",
	"rcu_dereference", "rcu_dereference_bh", "rcu_dereference_protected", "rcu_access_pointer",
	"READ_ONCE", "test_bit",
	"printk", "pr_emerg", "pr_alert", "pr_crit", "pr_err", "pr_warn", "pr_notice", "pr_info", "pr_debug", "pr_cont",
	"pr_err_ratelimited", "pr_warn_ratelimited", "pr_info_ratelimited", "pr_err_once", "pr_warn_once", "pr_info_once",
	"dev_emerg", "dev_alert", "dev_crit", "dev_err", "dev_warn", "dev_notice", "dev_info", "dev_dbg",
	"dev_err_ratelimited", "dev_warn_ratelimited", "dev_info_ratelimited", "dev_dbg_ratelimited",
	"dev_err_once", "dev_warn_once", "dev_info_once", "dev_dbg_once",
	"netdev_emerg", "netdev_alert", "netdev_crit", "netdev_err", "netdev_warn", "netdev_notice", "netdev_info", "netdev_dbg",
	"netif_err", "netif_warn", "netif_notice", "netif_info", "netif_dbg",
}

// PagefaultDisablers are the calls after which a user-memory access
// fails instead of sleeping: pagefault_disable() and kmap_atomic(),
// which calls it (include/linux/uaccess.h:259-280,
// highmem-internal.h:211).
var PagefaultDisablers = []string{"pagefault_disable", "kmap_atomic", "kmap_local_page_try_from_panic"}

// QuietSleep is a sleeping call that busy-waits instead for short
// delays: it does not sleep when argument Arg is a constant of at most
// UpTo.
type QuietSleep struct {
	Func string
	Arg  int
	UpTo int64
}

// QuietSleeps lists them: fsleep(usecs) is udelay() up to 10 us
// (include/linux/delay.h, 6.12).
var QuietSleeps = []QuietSleep{{"fsleep", 0, 10}}
