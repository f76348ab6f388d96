// Package analyzers lists kdlint's rules.
//
// Each rule is a golang.org/x/tools/go/analysis Analyzer in its own
// package, with its public description (report.Rule) in that package's
// doc.go. Helper passes (parsed, callgraph, entries, atomic, lifecycle)
// compute shared facts and report nothing.
package analyzers

import (
	"golang.org/x/tools/go/analysis"

	"github.com/kdlint/kdlint/analyzers/mutexinatomic"
	"github.com/kdlint/kdlint/analyzers/sleepinatomic"
	"github.com/kdlint/kdlint/analyzers/taskletkill"
	"github.com/kdlint/kdlint/analyzers/wqteardown"
	"github.com/kdlint/kdlint/report"
)

// Checker is a rule: its analyzer and its public description.
type Checker struct {
	Analyzer *analysis.Analyzer
	Rule     *report.Rule
}

// All lists every rule in ID order.
var All = []Checker{
	{sleepinatomic.Analyzer, sleepinatomic.Rule},
	{mutexinatomic.Analyzer, mutexinatomic.Rule},
	{wqteardown.Analyzer, wqteardown.Rule},
	{taskletkill.Analyzer, taskletkill.Rule},
}

// Rules returns the descriptions of all rules, in ID order.
func Rules() []*report.Rule {
	out := make([]*report.Rule, len(All))
	for i, c := range All {
		out[i] = c.Rule
	}
	return out
}

// ByID returns the rule with the given ID (case-insensitive) or readable
// name, or nil.
func ByID(id string) *Checker {
	for i, c := range All {
		if equalFold(c.Rule.ID, id) || c.Rule.Name == id {
			return &All[i]
		}
	}
	return nil
}

func equalFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'a' <= x && x <= 'z' {
			x -= 'a' - 'A'
		}
		if 'a' <= y && y <= 'z' {
			y -= 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}
