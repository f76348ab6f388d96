// Package taskletkill defines an Analyzer that reports tasklets that are
// never killed.
//
// # Analyzer taskletkill
//
// taskletkill: report tasklets not killed on the exit or remove path (KD302)
//
// A tasklet from DECLARE_TASKLET*, tasklet_init or tasklet_setup must be
// killed with tasklet_kill on the module-exit or driver-remove path.
package taskletkill

import "github.com/kdlint/kdlint/report"

// Rule describes KD302.
var Rule = &report.Rule{
	ID:        "KD302",
	Name:      "tasklet-not-killed",
	Summary:   "report tasklets never killed on the exit or remove path",
	Level:     report.Warning,
	Precision: "high",
	Tags:      []string{"correctness", "lifecycle", "kernel"},
	Since:     "0.1.0",
	What: "Each tasklet declared with DECLARE_TASKLET, DECLARE_TASKLET_OLD or " +
		"DECLARE_TASKLET_DISABLED(_OLD) (old three-argument and new two-argument forms), or set up " +
		"with tasklet_init or tasklet_setup, must be killed with tasklet_kill on the module-exit or " +
		"driver-remove path, directly or in a function that path calls. Reported at the declaration " +
		"or set-up call.",
	Why: "A tasklet still scheduled when the module is unloaded (or the device is removed) runs " +
		"freed code or touches freed memory: an oops in softirq context. tasklet_kill waits for a " +
		"running tasklet and removes a pending one.",
	Example: `static void __exit my_exit(void)
{
	free_irq(irq, &dev);
	/* my_tasklet may still be pending: KD302 at its DECLARE_TASKLET */
}`,
	UseInstead: `static void __exit my_exit(void)
{
	free_irq(irq, &dev);      /* stop the producer first */
	tasklet_kill(&my_tasklet);
}`,
	KnownProblems: "A tasklet_kill whose argument kdlint cannot name (an array element indexed by a " +
		"variable) counts for every tasklet. When tasklet_kill for the tasklet exists in the module " +
		"but is not reachable from exit or remove through direct calls, nothing is reported. Teardown " +
		"order (tasklet_kill before free_irq) is not checked yet. Nothing is reported for a module " +
		"without exit and remove functions.",
	References: []string{
		"Documentation/core-api/workqueue.rst (BH workqueues replace tasklets, 6.9+)",
		"include/linux/interrupt.h (tasklet_kill)",
	},
}
