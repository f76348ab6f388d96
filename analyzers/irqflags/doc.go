// Package irqflags defines an Analyzer that reports misused interrupt
// flags.
//
// # Analyzer irqflags
//
// irqflags: report irqsave flags reused, restored unsaved or overridden
//
// TODO
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
	What:      "TODO",
	Why:       "TODO",
}
