// Package sleepinatomic defines an Analyzer that reports calls that may
// sleep when they are made in atomic context.
//
// # Analyzer sleepinatomic
//
// sleepinatomic: report calls that may sleep in atomic context
//
// Code that runs in a tasklet, a timer callback, a hard interrupt handler,
// or with a spinlock held or interrupts disabled must not sleep. The
// analyzer looks up every call in the kernel API model's table of sleeping
// calls (msleep, wait_event, GFP_KERNEL allocations, copy_to_user,
// cancel_work_sync, i2c_transfer, ...) and reports those that run in such a
// context, either in the atomic function itself or in a function of the
// same driver module that it reaches through direct calls. The diagnostic
// sits on the sleeping call and shows the chain from the atomic entry
// point:
//
//	static void poll_timer_fn(struct timer_list *t)
//	{
//		struct poll_dev *pd = from_timer(pd, t, timer);
//
//		poll_read_status(pd);	// calls i2c_smbus_read_byte_data(): reported there
//	}
//
// Sleeping locks (mutex_lock, down) are left to mutexinatomic (KD102). The
// full documentation is the doc record below, rendered in rules.md and by
// kdlint -explain KD101.
package sleepinatomic

import (
	"github.com/kdlint/kdlint/analyzers/passes/atomic"
	"github.com/kdlint/kdlint/analyzers/rule"
	"github.com/kdlint/kdlint/report"
)

// doc describes KD101; Rule (in the rule file) bundles it with the analysis.
var doc = report.Rule{
	ID:        "KD101",
	Name:      "sleep-in-atomic",
	Summary:   "report calls that may sleep in atomic context",
	Level:     report.Error,
	Precision: "high",
	Tags:      []string{"correctness", "concurrency", "kernel"},
	Since:     "0.1.0",

	What: "Reports a call that may sleep when it runs in atomic context, either in an atomic " +
		"function itself or in any function of the same driver module (all `.c` files of one " +
		"directory) that it reaches through direct calls, or through the function pointer " +
		"members of the module's own structures.\n\n" +
		"Sleeping calls come from kdlint's kernel API model (Linux 6.12): explicit sleeps and " +
		"waits (`msleep`, `usleep_range`, `schedule`, `cond_resched`, `wait_event*`, " +
		"`wait_for_completion*`), `vmalloc`, `request_firmware`, waits for deferred work, timers " +
		"and interrupts (`cancel_work_sync`, `flush_workqueue`, `destroy_workqueue`, " +
		"`tasklet_kill`, `synchronize_irq`, `disable_irq`, `synchronize_rcu`, `free_irq`), " +
		"slow-bus transfers (`i2c_transfer`, the `i2c_smbus_*` transfers but not the CRC helper " +
		"`i2c_smbus_pec`, `spi_sync`, `mdiobus_read`, `usb_control_msg`, `usb_kill_urb`), the " +
		"clock framework's prepare side (`clk_prepare`, `clk_prepare_enable`, " +
		"`clk_disable_unprepare`, `clk_set_rate`, `clk_set_parent`: they take its prepare " +
		"mutex; `clk_enable` does not), the synchronous runtime-PM calls (`pm_runtime_get_sync`, " +
		"`pm_runtime_put_sync`, ..., not reported in a module that calls " +
		"`pm_runtime_irq_safe()`; the asynchronous ones are fine), USB interface autopm " +
		"(`usb_autopm_get_interface`, `usb_autopm_put_interface`; the `_async` forms are fine), regulators and `_cansleep` " +
		"GPIO calls, and accesses through a regmap (`regmap_read`, `regmap_write`, " +
		"`regmap_update_bits`, `regmap_field_*`, `regcache_sync`, ...) where the file's regmaps " +
		"take a mutex: it makes them with a constructor of a slow bus (`devm_regmap_init_i2c`, " +
		"`regmap_init_spi`, SPMI, SoundWire, ...) or with `regmap_init()`/`devm_regmap_init()` on a " +
		"`struct regmap_bus` the file defines (or NULL), names none of the `regmap_config` or " +
		"`regmap_bus` members that change the locking (`.fast_io`, `.disable_locking`, " +
		"`.use_raw_spinlock`, `.lock`, `.use_hwlock`) and is handed no regmap from elsewhere " +
		"(`dev_get_regmap`, a syscon lookup, an MMIO regmap, a bus given by a parent); a file that makes none takes the module's " +
		"regmaps, when all of them are such. `might_sleep()` is reported as an annotation (\"annotates this code as " +
		"sleeping\"): it warns rather than sleeps. `vfree()` and `kvfree()` defer their work " +
		"when `in_interrupt()` is true, so they are reported under a spinlock or with interrupts " +
		"off in process context, not in interrupt or softirq context nor with bottom halves " +
		"disabled. Allocations whose flags allow direct reclaim are reported by KD103 and " +
		"accesses to user memory by KD104, not here.\n\n" +
		"Code is in atomic context when it is\n\n" +
		"- a callback the kernel runs in interrupt or softirq context: a tasklet handler, a timer " +
		"callback (`timer_setup`, `setup_timer`, `DEFINE_TIMER`, or `init_timer` followed by " +
		"`.function = fn`), counted only when the module can arm the timer while that callback " +
		"is set (a callback replaced before the only `add_timer` is not), a hard IRQ handler " +
		"(`request_irq`, `devm_request_irq`, the primary handler of `request_threaded_irq`), an " +
		"hrtimer callback (hard IRQ context unless the mode is a `HRTIMER_MODE_*_SOFT` one), an " +
		"RCU callback (`call_rcu`), a NAPI poll function, a URB completion handler " +
		"(`usb_fill_*_urb`), a work function queued on a BH workqueue (`system_bh_wq`, " +
		"`WQ_BH`), and the callback of an atomic notifier chain " +
		"(`atomic_notifier_chain_register`, `register_netevent_notifier`, " +
		"`register_inet6addr_notifier`, `register_die_notifier`, ...; the panic chain, " +
		"`panic_notifier_list`, runs with interrupts off, so `irqs_disabled()` is true there);\n" +
		"- an operations-table callback the kernel calls atomically: `ndo_start_xmit` (BH " +
		"disabled, TX queue lock held), `ndo_set_rx_mode`, `ndo_get_stats64`, `ndo_tx_timeout`, " +
		"the `uart_ops` members called under the port lock (`start_tx`, `stop_tx`, `set_mctrl`, " +
		"`get_mctrl`, `stop_rx`, `start_rx`, `enable_ms`, `flush_buffer`), the `irq_chip` members " +
		"called under the IRQ descriptor's raw spinlock (not `irq_bus_lock`/`irq_bus_sync_unlock`), " +
		"`clk_ops.enable`/`disable`/`is_enabled` (under the clock enable spinlock), a " +
		"console's `write` (printk's console flush, interrupts off) and an LED's " +
		"`brightness_set`, in a `led_classdev` initializer or assigned (the LED core's blink " +
		"timer calls it; a driver that sleeps sets `brightness_set_blocking`);\n" +
		"- code between `spin_lock*`, `read_lock*`, `write_lock*`, `local_irq_disable`, " +
		"`local_irq_save`, `local_bh_disable`, `preempt_disable`, `rcu_read_lock` or `get_cpu` " +
		"and the matching unlock, and the scope of a `guard()` or `scoped_guard()` of a " +
		"spinlock. A function called with the lock held that releases it (and takes it again), " +
		"itself or any number of calls down, by its body or by `__releases`/`__acquires` " +
		"annotations, is not atomic where the lock is released; nor is the `cmd` argument of " +
		"`wait_event_lock_irq_cmd()`, which the wait runs after dropping its lock.\n\n" +
		"The calls are followed path by path. The constant arguments of each call (integer and " +
		"boolean literals, enumerators, object-like `#define`s, `|`, `&`, `BIT()`, `GENMASK()`, " +
		"`FIELD_PREP()` expressions) are bound to the callee's parameters, and only the branches " +
		"they allow are followed (`if`, `switch`, `?:`, early returns, `&&`/`||`, also a call in " +
		"an arm of `?:` or on the right of `&&`/`||` in an expression), at any depth; " +
		"so are the locals a function sets to constants, the struct members the atomic caller " +
		"sets on the way (`db->in_timeout = 1`) or tested (`if (chip->can_sleep) ... else`; a " +
		"logging call or accessor given the object, `dev_err()`, `netdev_priv()`, does not " +
		"undo the test), what every arming call of a timer tested of a member of the timer's " +
		"structure that only its set-up assigns (`if (b->use_hrtimer) hrtimer_start(&b->timer, " +
		"...)`: the callback's path sees `use_hrtimer` true), what the test that guards a " +
		"callback's store tested of a member of the structure it is stored in (`p->can_sleep = " +
		"gpiod_cansleep(p->gpiod); if (!p->can_sleep) p->cdev.brightness_set = fn;`: `fn` sees " +
		"`can_sleep` false; the member must be written nowhere else, nor after the test, except " +
		"in other files when the storing file defines the structure), static keys " +
		"(`static_branch_unlikely(&key)`: what a branch on the path tested, and what every " +
		"arming call of a BH work item's or a timer's object tested, forgotten where the path " +
		"may change the key: `static_branch_disable()`, a module function that changes one), and " +
		"the kernel's context tests (`in_interrupt()`, `in_irq()`, `in_softirq()`, ...) in " +
		"interrupt, softirq and BH-disabled code. A call that does not return (`panic`, `BUG`, " +
		"`do_exit`, `BUG_ON` of a true condition, a function declared `__noreturn`) ends its " +
		"path. A kernel API the module itself defines (`usb_submit_urb` in the USB core) is " +
		"judged by the model, not by its body.\n\n" +
		"`del_timer_sync()` (and `timer_delete_sync()`, `timer_shutdown_sync()`) does not sleep on a " +
		"mainline kernel: it spins until the timer's callback has finished. It is reported only " +
		"where that cannot end well: in hard IRQ context (the kernel warns), in the timer's own " +
		"callback (it waits for itself; not when guarded by `timer_pending()` of that timer), and " +
		"under a spinlock that the callback, or a function it calls, also takes (a deadlock; a " +
		"callback that only `spin_trylock`s gives up instead).\n\n" +
		"Waits that release a spinlock while they sleep (`wait_event_lock_irq` and its variants, " +
		"which name the lock, and the `wait_event_*_locked` ones, which use the wait queue's own " +
		"lock) are made with that lock held on purpose. They are reported only when the code is " +
		"atomic for another reason: another lock, an atomic callback, or a caller that holds " +
		"some other lock. A helper that waits on the lock its callers hold is fine.\n\n" +
		"One finding is reported per root cause: the sleeping calls reached from one atomic " +
		"callback or lock region through the same call out of it are one finding, at the one " +
		"with the shortest chain, with the others as related locations; a line is never " +
		"reported twice. The message and related locations give the chain from the atomic " +
		"entry point: where the callback was registered or the lock taken, and each call that " +
		"leads to the sleep. Sleeping locks (`mutex_lock`, `down`, ...) are reported by KD102.",

	Why: "Code in atomic context may not give up the CPU. An interrupt handler or softirq runs " +
		"on top of whatever task it interrupted, so there is nothing the scheduler could put to " +
		"sleep; a task that holds a spinlock, or runs with preemption or interrupts disabled, " +
		"has promised not to be switched out until it is done. A sleeping call there ends in " +
		"\"BUG: sleeping function called from invalid context\" (with `CONFIG_DEBUG_ATOMIC_SLEEP`) " +
		"or \"BUG: scheduling while atomic\", and can hang the machine: another CPU spins forever " +
		"on the lock the sleeper holds, or the sleeper waits for an interrupt that its own CPU " +
		"has disabled.\n\n" +
		"These bugs survive testing because the call sleeps only sometimes (memory is short, " +
		"the bus is slow, the work is still running) and because the sleep tends to hide in a " +
		"helper that is correct when called from process context.",

	Example: `static void rx_refill(struct rx_dev *rx)
{
	rx_wait_idle(rx);		/* calls usleep_range(): KD101 */
	rx_queue_buffer(rx);
}

static void rx_timer_fn(struct timer_list *t)
{
	struct rx_dev *rx = from_timer(rx, t, timer);

	rx_refill(rx);
	mod_timer(&rx->timer, jiffies + HZ / 10);
}

static void rx_reset(struct rx_dev *rx)
{
	spin_lock_irq(&rx->lock);
	writel(RX_CTRL_RESET, rx->regs + RX_CTRL);
	msleep(10);		/* KD101: sleeps holding rx->lock */
	writel(0, rx->regs + RX_CTRL);
	spin_unlock_irq(&rx->lock);
}

static void rx_start(struct rx_dev *rx)
{
	rx_reset(rx);
	/* rx_timer_fn() will run in softirq context */
	timer_setup(&rx->timer, rx_timer_fn, 0);
	mod_timer(&rx->timer, jiffies + HZ / 10);
}`,

	UseInstead: `static void rx_refill(struct rx_dev *rx)
{
	/* Busy-wait briefly instead; or defer the refill. */
	if (!rx_idle_atomic(rx))	/* udelay() loop */
		return;			/* the next tick retries */
	rx_queue_buffer(rx);
}

/* Or move work that must sleep to process context: a work
 * item queued from the timer, or a threaded IRQ handler. */

static void rx_reset(struct rx_dev *rx)
{
	spin_lock_irq(&rx->lock);
	writel(RX_CTRL_RESET, rx->regs + RX_CTRL);
	spin_unlock_irq(&rx->lock);

	msleep(10);		/* no lock held */

	spin_lock_irq(&rx->lock);
	writel(0, rx->regs + RX_CTRL);
	spin_unlock_irq(&rx->lock);
}`,

	KnownProblems: "- Measured on Linux 6.12 drivers/ (188 findings): 95 judged, in three " +
		"systematic samples (every fifth, twice, drawn before the last changes; every tenth " +
		"of the list before regmaps were modelled), all 14 regmap findings and all 15 in LED " +
		"`brightness_set` callbacks, 89 true, 6 false (94%); the false one among the LED " +
		"callbacks (leds-gpio's `brightness_set`, stored only when `!can_sleep`) went when " +
		"the test that guards a callback's store was followed (2026-12-03): 89 of 94, 95%. What is " +
		"false depends on state kdlint does not follow: a dm-crypt BH work that runs the " +
		"write path only for writes submitted with interrupts off; a flag set in another function " +
		"before the callback can run (`configured_irq`); a member set from a constant " +
		"argument in another function (mwifiex's `wait_q_enabled`); a path that needs a " +
		"hardware feature (an SR-IOV VF); a thread state (drbd's receiver thread). The test " +
		"guarding a callback's store is followed only for members stored by assignment into " +
		"an embedded structure (`p->cdev.brightness_set = fn`), not for ops-table " +
		"initializers chosen by a test, and members are matched by name: in a directory of " +
		"several modules, a member of the same name written in another file counts against " +
		"the fact unless the storing file defines the structure.\n" +
		"- Do-once set-up: a function that sleeps or allocates only on its first run, guarded " +
		"by a member of a parameter that the run sets (`if (!v->buf) v->buf = kzalloc(...);`, " +
		"or `if (v->flags & DONE) return 0; ... v->flags |= DONE;`), is taken as done wherever " +
		"atomic context calls it when probe makes that first run before anything of the driver " +
		"can run for the device (before it requests an interrupt, registers a callback, arms a " +
		"timer, queues work or registers the device with its subsystem), not under a spinlock, " +
		"and only set-up and teardown code undoes it. On 6.12 drivers/ this removed the two " +
		"KD103 findings judged false (fnic's stats buffer, mvumi's firmware flag) and nothing " +
		"else (2026-12-03). The order is probe's text order, a probe that ignores the first " +
		"run's failure is not told apart, and a call that publishes the device hidden behind a " +
		"module macro in a body the front end did not parse is not seen; helpers in another " +
		"Kbuild object of the directory (a subsystem core built next to its drivers) count as " +
		"kernel calls.\n" +
		"- Sleeping calls made directly in one atomic region, not through a call out of it, " +
		"are one finding each (three `disable_irq()` calls under one spinlock are three " +
		"findings).\n" +
		"- Function pointers are followed only through the members of the module's own " +
		"structures, when the call can reach at most two functions the module stores in a " +
		"member of that path (from the files related to the atomic root), at most three in " +
		"all; an optional callback tested for NULL before the call, and a member the kernel's " +
		"own structures hold (a `file_operations`), are not followed. A sleep reached only " +
		"otherwise is missed.\n" +
		"- Only callbacks registered in the module itself are known. A function that another " +
		"module (a subsystem core, a bus driver) calls in atomic context is treated as process " +
		"context unless its operations-table slot is in the model.\n" +
		"- A lock counts as held only when it is held on every path (a must-held analysis): after " +
		"`if (x) spin_lock(...)` the paths merge and the lock is taken as not held, so real bugs " +
		"in conditionally locked code are missed. `spin_trylock*` regions are not treated as " +
		"atomic, and neither is the region a lock wrapper (`foo_lock(priv)`) opens for its " +
		"caller.\n" +
		"- Constants are followed through parameters, locals and the members the chain sets or " +
		"tests; not through a member set in another function, the return value of a call, or " +
		"memory reached by pointer. A member fact learned from a test is forgotten at a kernel " +
		"call that is given the member's base (not at a logging call or accessor), and at a " +
		"call to a function of the module that may assign it, there or below. For a function " +
		"whose body the front end did not parse because no rule needs it, what it may assign " +
		"is read from its tokens: a member named in the left operand of an assignment or of " +
		"`++`/`--`, in its macros or the module functions it calls (a member it takes the " +
		"address of is not followed at all, as for parsed bodies). Like a parsed callee's, such " +
		"a body's kernel calls given the object are not taken to change the member. A macro " +
		"of a kernel header that kdlint does not model is an unknown value.\n" +
		"- Tests of the context are not relied on under a lock in process context, where their " +
		"value depends on the lock and the kernel configuration (but `in_interrupt()` and " +
		"`in_softirq()` are true with bottom halves disabled). The values are those of a " +
		"mainline kernel: with `threadirqs` or `PREEMPT_RT`, interrupt handlers run in threads " +
		"and hrtimers not marked `_HARD` expire in softirq context.\n" +
		"- Which regmap a `regmap_*` call uses is not followed: the call counts as sleeping only " +
		"where every regmap of its file (or, for a file that makes none, of its module) is known " +
		"to take a mutex, so a driver with an MMIO and an I2C regmap, or a core shared by an MMIO " +
		"and an I2C variant, is not checked; the text is read as written, so a constructor under " +
		"`#if 0` counts. On 6.12 drivers/ this finds 14 accesses, all in `clk_ops` callbacks that " +
		"must not sleep (`enable`, `disable`, `is_enabled`; include/linux/clk-provider.h) of I2C " +
		"and SPI clock providers.\n" +
		"- Conditional compilation is decided without a kernel configuration: every `CONFIG_*` " +
		"option is taken as set, so the `#else` branch of `#ifdef CONFIG_...` (and code under " +
		"`#ifndef CONFIG_...`) is not analysed, and a condition kdlint cannot decide, such as a " +
		"kernel version test or `#if DEBUG_FLAG` of a macro defined as 0, takes its first " +
		"branch.",

	References: []string{
		"Documentation/kernel-hacking/hacking.rst",
		"Documentation/kernel-hacking/locking.rst",
		"Documentation/locking/locktypes.rst",
		"Documentation/core-api/memory-allocation.rst",
		"Documentation/core-api/cleanup.rst",
		"https://lwn.net/Articles/274695/",
	},
}

// maxDepth is the max-depth option.
var maxDepth = rule.Int(atomic.MaxDepthName, atomic.DefaultMaxDepth, atomic.MaxDepthDoc)
