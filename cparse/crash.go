package cparse

import (
	"fmt"
	"strings"

	"github.com/kdlint/kdlint/ir"
)

// Crashes of the parser. cc/v4 panics on a few malformed inputs (a
// nil scope in checkTypeName after "f(a) { struct ( a = a; }", see
// parse.go); ccParse recovers, but a panic says nothing of where it
// happened. The item that causes it is found by bisection over the
// unit's items, blanking more of them until the crash goes, and is then
// skipped like any item the parser rejects: the rest of the file is
// analysed.

// crashError is a panic of cc/v4, recovered.
type crashError struct{ what string }

func (e *crashError) Error() string { return "internal parser error: " + e.what }

// crashCandidate is one item of one file of the unit.
type crashCandidate struct {
	f   *srcFile
	idx int
}

// skipCrash finds an item the crash needs and skips it. It reports
// false when none is found (the crash is in what the front end itself
// puts before the unit).
func (tu *translationUnit) skipCrash(prefix string, ce *crashError) bool {
	c, ok := tu.findCrash(prefix)
	if !ok {
		return false
	}
	f, s := c.f, c.f.scan
	it := s.items[c.idx]
	first, last := s.toks[it.first], s.toks[it.last]
	if tu.blanked[f] == nil {
		tu.blanked[f] = map[int]bool{}
	}
	tu.blanked[f][c.idx] = true
	blank(tu.writable(f), int(first.off), int(last.end), s.directives)
	tu.module.Skipped = append(tu.module.Skipped, ir.Skip{
		Pos:    f.pos(int(first.off)),
		Name:   strings.Clone(it.name),
		Reason: "parser crash",
		Detail: fmt.Sprintf("lines %d-%d: modernc.org/cc/v4 crashed on them (%s)", first.line, last.line, ce.what),
	})
	return true
}

// findCrash returns the first item, in the unit's file order, whose
// blanking (with all before it) makes the crash go.
func (tu *translationUnit) findCrash(prefix string) (crashCandidate, bool) {
	var cands []crashCandidate
	for _, f := range tu.order {
		w := tu.work[f.rel]
		for i, it := range f.scan.items {
			if !tu.blanked[f][i] && visible(w, f.scan.toks[it.first].off) {
				cands = append(cands, crashCandidate{f, i})
			}
		}
	}
	saved := tu.work
	tu.probing = true
	defer func() { tu.work, tu.probing = saved, false }()
	crashes := func(k int) bool {
		tu.work = make(map[string][]byte, len(saved))
		for rel, w := range saved {
			tu.work[rel] = w
		}
		copied := map[*srcFile]bool{}
		for _, c := range cands[:k] {
			if !copied[c.f] {
				copied[c.f] = true
				tu.work[c.f.rel] = append([]byte(nil), saved[c.f.rel]...)
			}
			s := c.f.scan
			it := s.items[c.idx]
			blank(tu.work[c.f.rel], int(s.toks[it.first].off), int(s.toks[it.last].end), s.directives)
		}
		_, err := tu.ccParse(prefix)
		_, crashed := err.(*crashError)
		return crashed
	}
	if len(cands) == 0 || crashes(len(cands)) {
		return crashCandidate{}, false
	}
	lo, hi := 0, len(cands) // crashes with lo items blanked, not with hi
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if crashes(mid) {
			lo = mid
		} else {
			hi = mid
		}
	}
	return cands[hi-1], true
}
