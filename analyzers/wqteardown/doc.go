// Package wqteardown defines an Analyzer that reports workqueues that are
// not destroyed.
//
// # Analyzer wqteardown
//
// wqteardown: report workqueues not destroyed on exit, remove or error paths
//
// Each workqueue a driver creates with create_workqueue, alloc_workqueue
// and friends must be destroyed with destroy_workqueue on the module-exit
// or driver-remove path, and on every error path of the init or probe
// function that created it. The analyzer follows each creating function's
// control flow from the creation to its error returns, and the call graph
// from module_exit and the bus driver's remove callback. It reports at the
// creation call the path that misses destroy_workqueue, as in "workqueue
// d->wq is not destroyed when foo_probe() returns at line 57 (goto
// err_irq)" or "workqueue d->wq is never destroyed: foo_remove() never
// calls destroy_workqueue(d->wq)".
//
// The require-flush option (-rule.KD301.require-flush) also requires
// flush_workqueue on the teardown path. The full documentation is the doc record
// below, rendered in rules.md and by kdlint -explain KD301.
package wqteardown

import (
	"github.com/kdlint/kdlint/analyzers/rule"
	"github.com/kdlint/kdlint/report"
)

// doc describes KD301; Rule (in the rule file) bundles it with the analysis.
var doc = report.Rule{
	ID:        "KD301",
	Name:      "workqueue-teardown",
	Summary:   "report workqueues not destroyed on exit, remove or error paths",
	Level:     report.Warning,
	Precision: "high",
	Tags:      []string{"correctness", "lifecycle", "resource-leak", "kernel"},
	Since:     "0.1.0",

	What: "Checks that every workqueue created with `create_workqueue`, " +
		"`create_singlethread_workqueue`, `create_freezable_workqueue`, `alloc_workqueue` or " +
		"`alloc_ordered_workqueue` is destroyed with `destroy_workqueue`:\n\n" +
		"- on the teardown path: the module's `module_exit` function, or the driver's remove " +
		"callback (`.remove`, `.remove_new` or `.disconnect` of a platform, PCI, I2C, SPI, USB, " +
		"... driver, also when the driver is registered with `module_platform_driver()` and its " +
		"kin), directly or in a function that path calls;\n" +
		"- on every error path of the init or probe function that creates it: each error return " +
		"reached after the creation with no `destroy_workqueue` on the way. A return counts as " +
		"an error return when it returns a negative constant, `PTR_ERR()`, `ERR_PTR()` or " +
		"`dev_err_probe()`, or a variable, either after an error label or in a function that " +
		"also has an explicit `return 0`. The path on which the creation itself failed " +
		"(`if (!wq)`, `if (IS_ERR_OR_NULL(wq))`) does not count.\n\n" +
		"The finding is reported at the creation call and names the path that misses the " +
		"teardown, for example \"workqueue vd->wq is not destroyed when vd_init() returns at line " +
		"108 (goto err_class)\" or \"workqueue d->ev_wq is never destroyed: wqd_remove() never " +
		"calls destroy_workqueue(d->ev_wq)\". A workqueue destroyed nowhere is one finding: the error " +
		"returns that leak it are named in the same message and shown as notes. A workqueue is identified by the variable or the " +
		"last struct member it is stored in, so `priv->wq` set in probe matches `p->wq` in " +
		"remove. A module with neither an exit nor a remove function cannot be unloaded: its " +
		"teardown path is not checked, only the error paths.",

	Why: "A workqueue that is never destroyed leaks its memory and, for the " +
		"`create_*workqueue()` helpers and other `WQ_MEM_RECLAIM` queues, a rescuer kernel " +
		"thread. A missing teardown on an error path leaks once per failed probe, and probing " +
		"is retried (deferred probing, rebinding, module reloads), so the leaks add up.\n\n" +
		"On unload the leak becomes a crash: work still queued, or queued later by a timer or " +
		"an interrupt, runs a work function whose code went away with the module. " +
		"`destroy_workqueue()` drains the queue, waiting for pending and running work, before it " +
		"frees it; whatever queues work on it must be stopped first.",

	Example: `static int __init vd_init(void)
{
	int ret;

	vd_wq = alloc_workqueue("vd", WQ_MEM_RECLAIM, 0);	/* KD301 */
	if (!vd_wq)
		return -ENOMEM;

	ret = alloc_chrdev_region(&vd_devt, 0, 1, "vd");
	if (ret)
		return ret;		/* leaks vd_wq */

	vd_class = class_create("vd");
	if (IS_ERR(vd_class)) {
		ret = PTR_ERR(vd_class);
		goto err_class;
	}
	return 0;

err_class:
	unregister_chrdev_region(vd_devt, 1);
	return ret;			/* leaks vd_wq */
}

static void __exit vd_exit(void)
{
	class_destroy(vd_class);
	unregister_chrdev_region(vd_devt, 1);
	/* vd_wq is never destroyed */
}

module_init(vd_init);
module_exit(vd_exit);`,

	UseInstead: `static int __init vd_init(void)
{
	int ret;

	vd_wq = alloc_workqueue("vd", WQ_MEM_RECLAIM, 0);
	if (!vd_wq)
		return -ENOMEM;

	ret = alloc_chrdev_region(&vd_devt, 0, 1, "vd");
	if (ret)
		goto err_wq;

	vd_class = class_create("vd");
	if (IS_ERR(vd_class)) {
		ret = PTR_ERR(vd_class);
		goto err_class;
	}
	return 0;

err_class:
	unregister_chrdev_region(vd_devt, 1);
err_wq:
	destroy_workqueue(vd_wq);
	return ret;
}

static void __exit vd_exit(void)
{
	class_destroy(vd_class);
	unregister_chrdev_region(vd_devt, 1);
	destroy_workqueue(vd_wq);	/* waits for queued work */
}

module_init(vd_init);
module_exit(vd_exit);`,

	KnownProblems: "- A workqueue created in a helper that init or probe calls is checked on the " +
		"teardown path, but not on the error paths of init or probe.\n" +
		"- Workqueues stored in arrays, or passed around through other variables (function " +
		"arguments, another structure), may be missed. A `destroy_workqueue()` whose argument " +
		"cannot be named, such as an array element indexed by a variable, counts for every " +
		"workqueue of the module.\n" +
		"- When the module calls `destroy_workqueue()` for the workqueue somewhere, but not on " +
		"a path the exit or remove function reaches through direct calls (usually because it " +
		"is called through a function pointer), the missing teardown is not reported. A " +
		"destroy made by another Kbuild module of the same directory, or only in probe or " +
		"module init itself or in a system-sleep callback, does not count (since 2026-12-04; " +
		"see KD304).\n" +
		"- A workqueue handed to devres with `devm_add_action()` or `devm_add_action_or_reset()` " +
		"counts as destroyed from that call on, when the action function (or a function it " +
		"calls) destroys a workqueue. `devm_alloc_workqueue()` (6.15+) is not modelled.\n" +
		"- Conditional compilation is decided without a kernel configuration: every `CONFIG_*` " +
		"option is taken as set, so the `#else` branch of `#ifdef CONFIG_...` (and code under " +
		"`#ifndef CONFIG_...`) is not analysed, and a condition kdlint cannot decide, such as a " +
		"kernel version test, takes its first branch.\n" +
		"- Clean-up written as one block after the label, under a local flag set right after " +
		"the creation and a test of the status (`bail: if (status) { if (cleanup_worker) " +
		"destroy_workqueue(wq); }`), is not followed: the error return is reported as leaking " +
		"the workqueue (6.12 fs/ocfs2/dlmfs/dlmfs.c:606, seen once its `module_init()` without " +
		"`;` was read).\n" +
		"- Measured on Linux 6.12 drivers/ (all 13 findings judged against the code): 13 true, none false (one, qla2xxx, only on a return that a PCI error during probe makes: the board-disable work sets the unloading flag and probe returns an error without destroying the queue). Of the 13 findings judged false before module boundaries were read from Kbuild, none is reported any more; all 9 judged true still are.",

	References: []string{
		"Documentation/core-api/workqueue.rst",
		"Documentation/driver-api/driver-model/driver.rst",
		"Documentation/driver-api/basics.rst",
		"https://lwn.net/Articles/355700/",
	},
}

// requireFlush is the require-flush option.
var requireFlush = rule.Bool("require-flush", false,
	"Also require `flush_workqueue()` (or `drain_workqueue()`) on the exit and remove "+
		"paths of each workqueue destroyed there, for code that keeps the convention of "+
		"flushing explicitly before `destroy_workqueue()`. The kernel does not need it: "+
		"`destroy_workqueue()` waits for the queued work itself. Only the presence of the "+
		"flush on the teardown path is checked, not its order.")
