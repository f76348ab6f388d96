// Package analyzers lists kdlint's rules.
//
// Each rule is one package under analyzers/ exporting one value, Rule
// (see package rule). The helper passes under analyzers/passes compute
// shared facts and report nothing.
package analyzers

import (
	"strings"

	"github.com/kdlint/kdlint/analyzers/doublelock"
	"github.com/kdlint/kdlint/analyzers/gfpinatomic"
	"github.com/kdlint/kdlint/analyzers/irqflags"
	"github.com/kdlint/kdlint/analyzers/irqunsafelock"
	"github.com/kdlint/kdlint/analyzers/lockimbalance"
	"github.com/kdlint/kdlint/analyzers/mutexinatomic"
	"github.com/kdlint/kdlint/analyzers/rule"
	"github.com/kdlint/kdlint/analyzers/sleepinatomic"
	"github.com/kdlint/kdlint/analyzers/taskletkill"
	"github.com/kdlint/kdlint/analyzers/teardownorder"
	"github.com/kdlint/kdlint/analyzers/timershutdown"
	"github.com/kdlint/kdlint/analyzers/usercopyinatomic"
	"github.com/kdlint/kdlint/analyzers/workcancel"
	"github.com/kdlint/kdlint/analyzers/wqteardown"
	"github.com/kdlint/kdlint/kmodel"
	"github.com/kdlint/kdlint/report"
)

// All lists every rule in ID order.
var All = []*rule.Rule{
	sleepinatomic.Rule,
	mutexinatomic.Rule,
	gfpinatomic.Rule,
	usercopyinatomic.Rule,
	lockimbalance.Rule,
	doublelock.Rule,
	irqunsafelock.Rule,
	irqflags.Rule,
	wqteardown.Rule,
	taskletkill.Rule,
	timershutdown.Rule,
	workcancel.Rule,
	teardownorder.Rule,
}

// Docs returns the descriptions of rules, in their order.
func Docs(rules []*rule.Rule) []*report.Rule {
	out := make([]*report.Rule, len(rules))
	for i, r := range rules {
		out[i] = r.Doc
	}
	return out
}

// ByID returns the rule with the given ID (case-insensitive) or readable
// name, or nil.
func ByID(id string) *rule.Rule {
	for _, r := range All {
		if strings.EqualFold(r.Doc.ID, id) || r.Doc.Name == id {
			return r
		}
	}
	return nil
}

// Needs is the union of what rules need from the front end.
func Needs(rules []*rule.Rule) kmodel.Needs {
	var n kmodel.Needs
	for _, r := range rules {
		n = n.Union(r.Needs)
	}
	return n
}
