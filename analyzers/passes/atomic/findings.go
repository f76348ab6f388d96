package atomic

import (
	"go/token"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Sink is a call a rule reports because it runs in atomic context: the
// reach it is reported for and the rule's words for it.
type Sink struct {
	Reach *Reach
	// Pos and End are where the finding goes: the call, or for a flag
	// passed down from a caller, the argument that passes it.
	Pos, End token.Pos
	// What names the call in the related locations of a group
	// ("msleep()").
	What    string
	Message string
	Steps   []Step
	// Fix is the rule's fix for this sink, if it has one.
	Fix []analysis.TextEdit
	// FixMessage describes the fix.
	FixMessage string
}

// Diagnostics turns sinks into findings, one per root cause: the sinks
// whose reaches leave the same root (an atomic callback, or a lock
// region) through the same call are one finding, reported at the one
// with the shortest chain (then the first in the file), with the others
// as related locations; no line is reported twice.
func Diagnostics(fset *token.FileSet, category string, sinks []Sink) []analysis.Diagnostic {
	type group struct {
		sinks []*Sink
	}
	groups := map[string]*group{}
	var order []string
	lineOf := func(p token.Pos) string {
		pp := fset.Position(p)
		return pp.Filename + ":" + strconv.Itoa(pp.Line)
	}
	sort.SliceStable(sinks, func(i, j int) bool {
		a, b := &sinks[i], &sinks[j]
		if da, db := a.Reach.Depth(), b.Reach.Depth(); da != db {
			return da < db
		}
		return a.Pos < b.Pos
	})
	lines := map[string]bool{}
	for i := range sinks {
		s := &sinks[i]
		l := lineOf(s.Pos)
		if lines[l] {
			continue
		}
		lines[l] = true
		root, out := s.Reach.Group()
		k := root + "/" + strconv.Itoa(int(out.P))
		g := groups[k]
		if g == nil {
			g = &group{}
			groups[k] = g
			order = append(order, k)
		}
		g.sinks = append(g.sinks, s)
	}
	var out []analysis.Diagnostic
	for _, k := range order {
		g := groups[k]
		first := g.sinks[0]
		d := analysis.Diagnostic{Pos: first.Pos, End: first.End, Category: category, Message: first.Message}
		for _, st := range first.Steps {
			d.Related = append(d.Related, analysis.RelatedInformation{Pos: st.Pos, Message: strings.TrimSpace(st.Message)})
		}
		var edits []analysis.TextEdit
		fixMsg := first.FixMessage
		edits = append(edits, first.Fix...)
		for _, s := range g.sinks[1:] {
			d.Related = append(d.Related, analysis.RelatedInformation{Pos: s.Pos, End: s.End,
				Message: s.What + " in " + s.Reach.Func().Name + "() is reached the same way"})
			edits = append(edits, s.Fix...)
			if fixMsg == "" {
				fixMsg = s.FixMessage
			}
		}
		if len(g.sinks) > 1 {
			d.Message += " (and " + strconv.Itoa(len(g.sinks)-1) + " more reached through the same call)"
		}
		if len(edits) > 0 {
			d.SuggestedFixes = []analysis.SuggestedFix{{Message: fixMsg, TextEdits: dedupeEdits(edits)}}
		}
		out = append(out, d)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Pos < out[j].Pos })
	return out
}

func dedupeEdits(edits []analysis.TextEdit) []analysis.TextEdit {
	seen := map[token.Pos]bool{}
	var out []analysis.TextEdit
	for _, e := range edits {
		if !seen[e.Pos] {
			seen[e.Pos] = true
			out = append(out, e)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Pos < out[j].Pos })
	return out
}
