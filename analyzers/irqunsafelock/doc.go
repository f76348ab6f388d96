// Package irqunsafelock defines an Analyzer that reports spinlocks taken
// in interrupt context and, with interrupts enabled, in process context.
//
// # Analyzer irqunsafelock
//
// irqunsafelock: report IRQ-shared spinlocks taken with interrupts enabled
//
// TODO
package irqunsafelock

import "github.com/kdlint/kdlint/report"

// doc describes KD203; Rule (in the rule file) bundles it with the analysis.
var doc = report.Rule{
	ID:        "KD203",
	Name:      "irq-unsafe-lock",
	Summary:   "report IRQ-shared spinlocks taken with interrupts enabled",
	Level:     report.Error,
	Precision: "high",
	Tags:      []string{"correctness", "concurrency", "locking", "kernel"},
	Since:     "0.1.0",
	What:      "TODO",
	Why:       "TODO",
}
