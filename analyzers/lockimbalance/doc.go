// Package lockimbalance defines an Analyzer that reports locks left held
// on a path, released without being held, or released by another name.
//
// # Analyzer lockimbalance
//
// lockimbalance: report locks not released on a path, or released wrongly
//
// The analyzer follows each function of a driver module path by path,
// through the module's own lock and unlock wrappers, and reports a lock
// still held at a return that other paths release ("mutex dev->cfg_lock
// taken at line 88 is still held when foo_write() returns at line 97
// (goto out)"), an unlock whose lock is another object than the one held,
// and a lock released twice or released on a path that never took it.
// The full documentation is the doc record below, rendered in rules.md
// and by kdlint -explain KD201.
package lockimbalance

import "github.com/kdlint/kdlint/report"

// doc describes KD201; Rule (in the rule file) bundles it with the analysis.
var doc = report.Rule{
	ID:        "KD201",
	Name:      "lock-imbalance",
	Summary:   "report locks not released on a path, or released wrongly",
	Level:     report.Error,
	Precision: "high",
	Tags:      []string{"correctness", "concurrency", "locking", "kernel"},
	Since:     "0.1.0",

	What: "TODO",
	Why:  "TODO",
}
