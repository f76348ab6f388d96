// Package wqteardown defines an Analyzer that reports workqueues that are
// not destroyed.
//
// # Analyzer wqteardown
//
// wqteardown: report workqueues not destroyed on exit, remove and error paths (KD301)
//
// A workqueue created with create_workqueue, alloc_workqueue and friends
// must be destroyed on the module-exit or driver-remove path, and on every
// error path of the init or probe function that created it.
package wqteardown

import "github.com/kdlint/kdlint/report"

// Rule describes KD301.
var Rule = &report.Rule{
	ID:        "KD301",
	Name:      "workqueue-teardown",
	Summary:   "report workqueues not destroyed on exit, remove or error paths",
	Level:     report.Warning,
	Precision: "medium",
	Tags:      []string{"correctness", "lifecycle", "resource-leak", "kernel"},
	Since:     "0.1.0",
	What: "Each workqueue from create_workqueue, create_singlethread_workqueue, " +
		"create_freezable_workqueue, alloc_workqueue or alloc_ordered_workqueue must be destroyed " +
		"with destroy_workqueue on the module-exit or driver-remove path (directly or in a function " +
		"that path calls), and on every error return of the init or probe function that creates it " +
		"once it exists. The finding is reported at the creation call and names the path that misses " +
		"it, e.g. \"workqueue vd->wq is not destroyed when vd_init() returns at line 108 (goto err_class)\".",
	Why: "A workqueue that outlives its module keeps a kernel thread and may run work functions " +
		"whose code has been unloaded: a leak on every failed probe, and an oops when queued work " +
		"runs after rmmod.",
	Example: `static int vd_init(void)
{
	vd->wq = create_workqueue("vd");          /* KD301 */
	if (!vd->wq)
		return -ENOMEM;
	vd->class = class_create("vd");
	if (IS_ERR(vd->class))
		return PTR_ERR(vd->class);        /* leaks vd->wq */
	return 0;
}`,
	UseInstead: `	vd->class = class_create("vd");
	if (IS_ERR(vd->class)) {
		ret = PTR_ERR(vd->class);
		goto err_wq;
	}
	return 0;
err_wq:
	destroy_workqueue(vd->wq);
	return ret;`,
	KnownProblems: "Workqueues are matched by the variable or last struct member they are stored in " +
		"(priv->wq in probe matches p->wq in remove). A workqueue created in a helper called by probe " +
		"is checked on the exit path but not on probe's error paths. When destroy_workqueue for the " +
		"workqueue exists somewhere in the module but is not reachable from exit or remove through " +
		"direct calls (usually a function pointer), nothing is reported. Nothing is reported for a " +
		"module without exit and remove functions: it cannot be unloaded. devm-managed workqueues " +
		"are not modelled.",
	Options: []report.Option{{
		Name:    "require-flush",
		Default: "false",
		Doc: "Also require flush_workqueue() before destroy_workqueue(), for kernels before 2.6.36 " +
			"where destroy_workqueue() did not drain the queue.",
	}},
	References: []string{"Documentation/core-api/workqueue.rst"},
}
