// Package taskletkill defines an Analyzer that reports tasklets that are
// never killed.
//
// # Analyzer taskletkill
//
// taskletkill: report tasklets not killed on the exit or remove path
//
// A tasklet declared with DECLARE_TASKLET and friends, or set up with
// tasklet_init or tasklet_setup, can still be scheduled when the module is
// unloaded or the device removed; tasklet_kill waits for it. The analyzer
// follows the call graph from module_exit and the bus driver's remove
// callback and reports, at the declaration or set-up call, each tasklet
// that path never kills, as in "tasklet priv->rx_tasklet is never killed:
// foo_remove() never calls tasklet_kill(&priv->rx_tasklet), so it can still
// run after the module is gone".
//
// The full documentation is the doc record below, rendered in rules.md and by
// kdlint -explain KD302.
package taskletkill

import "github.com/kdlint/kdlint/report"

// doc describes KD302; Rule (in the rule file) bundles it with the analysis.
var doc = report.Rule{
	ID:        "KD302",
	Name:      "tasklet-not-killed",
	Summary:   "report tasklets not killed on the exit or remove path",
	Level:     report.Warning,
	Precision: "high",
	Tags:      []string{"correctness", "lifecycle", "kernel"},
	Since:     "0.1.0",

	What: "Checks that every tasklet the driver declares or sets up is killed with " +
		"`tasklet_kill` on the teardown path: the module's `module_exit` function, or the " +
		"driver's remove callback (`.remove`, `.remove_new` or `.disconnect` of a platform, " +
		"PCI, I2C, SPI, USB, ... driver, also when the driver is registered with " +
		"`module_platform_driver()` and its kin), directly or in a function that path calls.\n\n" +
		"Tasklets come from `DECLARE_TASKLET`, `DECLARE_TASKLET_OLD`, `DECLARE_TASKLET_DISABLED` " +
		"and `DECLARE_TASKLET_DISABLED_OLD` (in the old three-argument form as well as the " +
		"current two-argument one), `tasklet_init` and `tasklet_setup`. The finding is reported " +
		"at the declaration or set-up call, for example \"tasklet priv->rx_tasklet is never " +
		"killed: foo_remove() never calls tasklet_kill(&priv->rx_tasklet), so it can still run " +
		"after the module is gone\". A module with neither an exit nor a remove function cannot " +
		"be unloaded, and nothing is reported for it.",

	Why: "Scheduling a tasklet only marks it pending; the softirq runs its handler later, on " +
		"some CPU, whatever the driver is doing by then. If the module is unloaded or the " +
		"device removed first, the handler's code or its data (the device structure, often " +
		"`devm` memory freed right after remove) are gone, and the kernel oopses in softirq " +
		"context, far from the cause. `tasklet_kill()` waits until a pending tasklet has run " +
		"and a running one has returned.\n\n" +
		"It must come after whatever schedules the tasklet has been stopped (`free_irq()`, " +
		"`disable_irq()`, `del_timer_sync()`, ...): a tasklet killed while its interrupt is " +
		"still live can be scheduled again a moment later. Tasklets are deprecated; new code " +
		"should use a BH workqueue (`WQ_BH`, `system_bh_wq`, 6.9+), a threaded IRQ handler or " +
		"a work item.",

	Example: `static int rx_probe(struct platform_device *pdev)
{
	struct rx_dev *rx;

	rx = devm_kzalloc(&pdev->dev, sizeof(*rx), GFP_KERNEL);
	if (!rx)
		return -ENOMEM;
	rx->irq = platform_get_irq(pdev, 0);
	if (rx->irq < 0)
		return rx->irq;

	tasklet_setup(&rx->tasklet, rx_tasklet_fn);	/* KD302 */
	platform_set_drvdata(pdev, rx);
	/* rx_irq() calls tasklet_schedule(&rx->tasklet) */
	return request_irq(rx->irq, rx_irq, 0, "rx", rx);
}

static void rx_remove(struct platform_device *pdev)
{
	struct rx_dev *rx = platform_get_drvdata(pdev);

	free_irq(rx->irq, rx);
	/* the tasklet may still be pending; rx is freed next */
}

static struct platform_driver rx_driver = {
	.probe = rx_probe,
	.remove = rx_remove,
	.driver = { .name = "rx" },
};
module_platform_driver(rx_driver);`,

	UseInstead: `static void rx_remove(struct platform_device *pdev)
{
	struct rx_dev *rx = platform_get_drvdata(pdev);

	free_irq(rx->irq, rx);		/* stop the producer first */
	tasklet_kill(&rx->tasklet);	/* then wait for the tasklet */
}

/*
 * In new code, prefer a BH workqueue (6.9+) to a tasklet:
 * INIT_WORK() in probe, queue_work(system_bh_wq, ...) in the
 * IRQ handler, cancel_work_sync() in remove after free_irq().
 */`,

	KnownProblems: "- A `tasklet_kill()` whose argument cannot be named, such as an element of an " +
		"array indexed by a variable in a loop, counts for every tasklet of the module, so a " +
		"tasklet in an array is matched loosely.\n" +
		"- When the module calls `tasklet_kill()` for the tasklet somewhere, but not on a path " +
		"the exit or remove function reaches through direct calls (usually because it is " +
		"called through a function pointer), nothing is reported. A teardown counts only when it is made in the object's own kernel module: in a directory that Kbuild builds into several modules (drivers/bluetooth, drivers/dma, drivers/extcon), a teardown of the same member name in another module's files does not (before 2026-12-04 it did, and hid the btsdio and mv_xor_v2 bugs). Nor does one made where the device does not go away (since 2026-12-04): in probe or module init itself (their error paths), or in a system-sleep callback (a `dev_pm_ops` member such as `.suspend`, or `SIMPLE_DEV_PM_OPS()` and the other linux/pm.h macros); upstream fixes of spi-mpc52xx and r592 had this shape. A runtime-PM callback still counts, since remove may run it, and so does an interrupt handler (a stop made when the awaited event comes ends many per-request timeouts; so rkvdec's watchdog, cancelled only in its IRQ thread, is missed), as do a helper that only such a function calls and a legacy bus `.suspend` member (saa7134).\n" +
		"- Teardown order (a `tasklet_kill()` before the `free_irq()` of the interrupt that " +
		"schedules the tasklet) is the teardown-order rule's concern (KD305).\n" +
		"- A tasklet kept alive by a driver's own state machine (the final put delivered by " +
		"the tasklet itself, as in qib and hfi1 SDMA) is still reported.\n" +
		"- Conditional compilation is decided without a kernel configuration: every `CONFIG_*` " +
		"option is taken as set, so the `#else` branch of `#ifdef CONFIG_...` (and code under " +
		"`#ifndef CONFIG_...`) is not analysed, and a condition kdlint cannot decide, such as a " +
		"kernel version test, takes its first branch.\n" +
		"- A `tasklet_disable()` the analysis does not connect to the exit or remove path (a stop " +
		"function called through operations it does not resolve, or by another module) is named " +
		"in a message of its own (\"never killed, only disabled: ... which the exit or remove path " +
		"does not reach directly\"); when the module disables the tasklet in several such " +
		"functions, the first one in definition order is named. A disable its function undoes " +
		"with `tasklet_enable()` (a flush) is not taken for a final stop.\n" +
		"- Measured on Linux 6.12 drivers/ (all 29 findings): 28 true (9 of them the disable-only variant, 3 with the disable off the teardown path: mtk_wed_wo, mlx5 eq, qed), 1 false (qib SDMA, a state machine that waits for the tasklet), none uncertain. On 2026-12-04 the 3 findings that a kill in another module of the directory had hidden (drivers/dma: fsldma, mmp_pdma, mmp_tdma) were judged, all true; so were the 2 that a kill made only in suspend had hidden (mt7921e and mt7925e, only disabled while their shared IRQ stays live): 33 of 34, 97%.",

	References: []string{
		"Documentation/kernel-hacking/hacking.rst",
		"Documentation/core-api/workqueue.rst",
		"include/linux/interrupt.h",
		"https://lwn.net/Articles/960041/",
		"https://lwn.net/Articles/830964/",
	},
}
