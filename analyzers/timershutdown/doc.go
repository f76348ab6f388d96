// Package timershutdown defines an Analyzer that reports timers and
// hrtimers that can still fire after the module is unloaded or the device
// unbound.
//
// # Analyzer timershutdown
//
// timershutdown: report timers not stopped with a waiting call on exit or remove
//
// A timer armed with add_timer or mod_timer (or an hrtimer started with
// hrtimer_start) must be stopped on the exit and remove paths with a call
// that also waits for a running callback: del_timer_sync,
// timer_delete_sync or timer_shutdown_sync, hrtimer_cancel. The analyzer
// reports an armed timer that these paths never stop, at its set-up, and
// a timer they stop only with del_timer, timer_delete or timer_shutdown,
// at that call, with a fix to the waiting form. The full documentation is
// the doc record below, rendered in rules.md and by kdlint -explain KD303.
package timershutdown

import "github.com/kdlint/kdlint/report"

// doc describes KD303; Rule (in the rule file) bundles it with the analysis.
var doc = report.Rule{
	ID:        "KD303",
	Name:      "timer-not-shutdown",
	Summary:   "report timers not stopped with a waiting call on exit or remove",
	Level:     report.Warning,
	Precision: "high",
	Tags:      []string{"correctness", "lifecycle", "use-after-free", "kernel"},
	Since:     "0.1.0",

	What: "Checks every timer the driver sets up (`timer_setup`, `DEFINE_TIMER`, old `setup_timer` " +
		"and `init_timer`) and arms (`add_timer`, `mod_timer`, `mod_timer_pending`, `timer_reduce`, " +
		"`add_timer_on`), and every hrtimer (`hrtimer_init`, `hrtimer_setup`) it starts " +
		"(`hrtimer_start*`), on the teardown path of the kernel module it is built into: its " +
		"`module_exit` function and the remove callbacks of its bus drivers, directly or in what " +
		"they call (through `kref_put()` and `put_device()` release callbacks, devres actions and " +
		"operations-table calls too).\n\n" +
		"- A timer that path never stops is reported at its set-up: \"timer priv->poll is armed " +
		"(mod_timer() at line 88) but never stopped: no del_timer_sync() (timer_delete_sync() or " +
		"timer_shutdown_sync() since 6.2) on the exit or remove path (foo_remove()), so its " +
		"callback foo_poll() can run after the device is unbound\".\n" +
		"- A timer it stops only with `del_timer()`, `timer_delete()`, `timer_shutdown()` or " +
		"`try_to_del_timer_sync()` (an hrtimer with `hrtimer_try_to_cancel()`) is reported at that " +
		"call, with a fix that calls the waiting form instead (`del_timer_sync()`, " +
		"`timer_delete_sync()`, `timer_shutdown_sync()`, `hrtimer_cancel()`), unless the call is " +
		"made where waiting is not allowed: in code an atomic callback reaches, or after a " +
		"spinlock the function has not released.\n\n" +
		"Which teardown paths can run comes from the directory's Kbuild file and the driver: " +
		"built-in code (`obj-y`, a `bool` Kconfig symbol) has no module exit; a driver registered " +
		"with `builtin_*_driver()` and `suppress_bind_attrs` is never unbound; a modular driver " +
		"without `.remove` is still unbound, with nothing torn down. A timer only module init sets " +
		"up must be stopped on module exit; one probe sets up, on remove or exit. Timers on the " +
		"stack (`timer_setup_on_stack`, `hrtimer_init_on_stack`) are not checked.",

	Why: "Module unload or device removal frees the code and the memory a timer's callback uses. " +
		"A pending timer fires later, in softirq context (hard IRQ for most hrtimers), into freed " +
		"memory or unloaded code; DEBUG_OBJECTS_TIMERS reports it at run time as \"ODEBUG: free " +
		"active object type: timer_list\". `del_timer()` removes a pending timer but returns while " +
		"its callback may be running on another CPU, and that callback may re-arm it; " +
		"`del_timer_sync()` waits for it and handles a callback that re-arms its own timer " +
		"(kernel/time/timer.c:1667-1674), and `timer_shutdown_sync()` (6.2+) also makes any later " +
		"arming a no-op. `hrtimer_cancel()` waits for a running callback and handles " +
		"`HRTIMER_RESTART`.",

	Example: `static void poll_fn(struct timer_list *t)
{
	struct foo *foo = from_timer(foo, t, poll);

	foo_sample(foo);
	mod_timer(&foo->poll, jiffies + HZ);
}

static int foo_probe(struct platform_device *pdev)
{
	...
	timer_setup(&foo->poll, poll_fn, 0);
	mod_timer(&foo->poll, jiffies + HZ);
	return 0;
}

static void foo_remove(struct platform_device *pdev)
{
	struct foo *foo = platform_get_drvdata(pdev);

	del_timer(&foo->poll);		/* KD303: poll_fn may still run */
}`,

	UseInstead: `static void foo_remove(struct platform_device *pdev)
{
	struct foo *foo = platform_get_drvdata(pdev);

	timer_shutdown_sync(&foo->poll);	/* 6.2+; del_timer_sync() before */
}`,

	KnownProblems: "- Whether the memory holding the timer is really freed after the teardown path is " +
		"not checked: a timer in memory that outlives the device (a module-wide structure of " +
		"a driver that cannot be unloaded) is still reported when it is never stopped.\n" +
		"- A timer is identified by the variable or the last struct member it is stored in " +
		"(`priv->poll` in probe matches `p->poll` in remove); a stop whose argument cannot be " +
		"named (an array element) counts for every timer of the module.\n" +
		"- When the module stops the timer somewhere, but not on a path the analysis connects " +
		"to exit or remove (a function pointer it does not resolve, a function another module " +
		"calls), nothing is reported. A teardown counts only when it is made in the object's own kernel module: in a directory that Kbuild builds into several modules (drivers/bluetooth, drivers/dma, drivers/extcon), a teardown of the same member name in another module's files does not (before 2026-12-04 it did, and hid the btsdio and mv_xor_v2 bugs). Nor does one made where the device does not go away (since 2026-12-04): in probe or module init itself (their error paths), or in a system-sleep callback (a `dev_pm_ops` member such as `.suspend`, or `SIMPLE_DEV_PM_OPS()` and the other linux/pm.h macros); upstream fixes of spi-mpc52xx and r592 had this shape. A runtime-PM callback still counts, since remove may run it, and so does an interrupt handler (a stop made when the awaited event comes ends many per-request timeouts; so rkvdec's watchdog, cancelled only in its IRQ thread, is missed), as do a helper that only such a function calls and a legacy bus `.suspend` member (saa7134).\n" +
		"- A timer re-armed from another context after `del_timer_sync()` (an interrupt, a work " +
		"item) is the teardown-order rule's concern (KD305).\n" +
		"- Conditional compilation is decided without a kernel configuration: every `CONFIG_*` " +
		"option is taken as set.\n" +
		"- Measured on Linux 6.12 drivers/ (all 18 findings judged against the code, again on 2026-12-01): 18 true, none false: the two once uncertain were decided on a second reading (pata_octeon_cf: no remove, so sysfs unbind frees the devm port while its interrupt-armed, self-rearming timer can still fire; at86rf230: nothing on the way to ieee802154_free_hw() waits for a transmit in flight, whose chain arms the timer). On 2026-12-04 the 4 findings that a stop in another module of the directory had hidden were judged: 2 true (con3215, mtx-1_wdt), 2 false, both a home-grown handshake in which remove clears a flag the callback tests before it re-arms and then waits for the callback to say it stopped (ncr53c8xx's release_stage, rdc321x_wdt's queue and completion); kdlint does not follow such a handshake. 20 of 22, 91%.",

	References: []string{
		"Documentation/kernel-hacking/locking.rst",
		"include/linux/timer.h",
		"kernel/time/timer.c",
		"https://lwn.net/Articles/917181/",
	},
}
