// Package doublelock defines an Analyzer that reports locks taken again
// on a path that already holds them.
//
// # Analyzer doublelock
//
// doublelock: report locks taken again while they are held
//
// TODO
package doublelock

import "github.com/kdlint/kdlint/report"

// doc describes KD202; Rule (in the rule file) bundles it with the analysis.
var doc = report.Rule{
	ID:        "KD202",
	Name:      "double-lock",
	Summary:   "report locks taken again while they are held",
	Level:     report.Error,
	Precision: "high",
	Tags:      []string{"correctness", "concurrency", "locking", "kernel"},
	Since:     "0.1.0",
	What:      "TODO",
	Why:       "TODO",
}
