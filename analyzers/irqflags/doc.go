// Package irqflags defines an Analyzer that reports misused interrupt
// flags: nested irqsave into one variable, restores of flags nothing
// saved, and interrupts enabled inside an irqsave region.
//
// # Analyzer irqflags
//
// irqflags: report irqsave flags reused, restored unsaved or overridden
//
// The full documentation is the doc record below, rendered in rules.md
// and by kdlint -explain KD204.
package irqflags

import "github.com/kdlint/kdlint/report"

// doc describes KD204; Rule (in the rule file) bundles it with the analysis.
var doc = report.Rule{
	ID:        "KD204",
	Name:      "irqsave-flags",
	Summary:   "report irqsave flags reused, restored unsaved or overridden",
	Level:     report.Error,
	Precision: "high",
	Tags:      []string{"correctness", "concurrency", "locking", "kernel"},
	Since:     "0.1.0",

	What: "Follows each function path by path and reports:\n" +
		"\n" +
		"- an irqsave (`spin_lock_irqsave`, `read_lock_irqsave`, `local_irq_save`, ...) into a flags variable that still holds the state saved by an outer irqsave on the path: the inner save records \"interrupts off\", so the outer restore cannot give back the original state;\n" +
		"- an irqrestore of a local flags variable that no irqsave saved on the path (for example after `spin_lock()` instead of `spin_lock_irqsave()`), when nothing else assigns the variable or passes its address;\n" +
		"- an unlock that enables interrupts (`spin_unlock_irq()`, `local_irq_enable()`, directly or in a module function called there) while a lock taken with irqsave, or an `_irq` lock, is still held: interrupts come back on inside the region that was meant to keep them off.\n" +
		"\n" +
		"The findings are at the save, the restore or the enabling call, with the outer acquisition as a related location. Conditional irqsave on one unchanged condition, separate flags variables, `local_irq_save()` with plain locks inside, and flags saved by a helper through a pointer are not reported.",

	Why: "`spin_lock_irqsave()` saves whether interrupts were enabled so that `spin_unlock_irqrestore()` can restore exactly that. Saving twice into one variable loses the outer state; restoring flags that were never saved writes an undefined value into the interrupt state; and `spin_unlock_irq()` under an irqsave enables interrupts while the outer lock is held, so an interrupt handler that takes that lock deadlocks the CPU. The Coccinelle scripts `flags.cocci` and `irqf_oneshot.cocci` look for some of these one function at a time; lockdep sees them only when the path runs.",

	Example: `static void foo_update(struct foo_dev *dev)
{
	unsigned long flags;

	spin_lock_irqsave(&dev->lock, flags);
	spin_lock_irqsave(&dev->stats_lock, flags);	/* KD204: flags overwritten */
	dev->stats.updates++;
	spin_unlock_irqrestore(&dev->stats_lock, flags);
	spin_unlock_irqrestore(&dev->lock, flags);
}`,

	UseInstead: `static void foo_update(struct foo_dev *dev)
{
	unsigned long flags;

	spin_lock_irqsave(&dev->lock, flags);
	spin_lock(&dev->stats_lock);	/* interrupts are already off */
	dev->stats.updates++;
	spin_unlock(&dev->stats_lock);
	spin_unlock_irqrestore(&dev->lock, flags);
}`,

	KnownProblems: "- Measured on Linux 6.12 drivers/ (2026-12-01): 2 findings, both true (too few to measure the precision well). Interrupts enabled inside an irqsave region through a call are reported only when the called function enables them itself, on every path: deeper or conditional enabling is missed.\n" +
		"- Flags kept in a structure member or passed in by the caller are not followed: a restore of `dev->flags` or of a parameter is never reported.\n" +
		"- An enabling call inside an irqsave region is reported through module functions called there, but not through function pointers.\n" +
		"- The analysis of a function stops after a budget of steps; a function with very many paths is then not reported.",

	References: []string{
		"Documentation/kernel-hacking/locking.rst",
		"Documentation/core-api/irq/irqflags-tracing.rst",
		"scripts/coccinelle/locks/flags.cocci",
	},
}
