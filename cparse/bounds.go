package cparse

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/kdlint/kdlint/ir"
)

// Bounds. cc/v4 parses by recursive descent, about 13 KB of stack per
// level of brackets and a few KB per operator of a chain (!!!x, a = b =
// c, else if ...), and a Go stack overflow kills the whole process: no
// recover. Its expansion limit stops a macro bomb, but only after
// seconds of work. So before the parser sees an item, the front end
// estimates how deep its brackets nest and how many tokens it expands to
// once its macros are expanded, from a summary of each macro of the unit
// (how its size and depth grow with its arguments'), and how long its
// operator chains are; an item over a bound is skipped, naming it.

const (
	// maxNesting bounds the bracket depth of an item after expansion;
	// real kernel code stays far below it (clang's own default bound is
	// 256), and the parser needs some 13 MB of stack at it.
	maxNesting = 1000
	// maxChain bounds the operators of one expression that the parser
	// recurses on (unary operators, casts, ?:, assignments, labels), and
	// the else-ifs of one function.
	maxChain = 10000
)

// span is what a token sequence expands to: c + k*a tokens, when each
// macro parameter in it stands for a tokens, and brackets nesting d deep,
// or p + the depth of an argument where a parameter stands (p < 0: no
// parameter).
type span struct {
	c, k float64
	d, p int
}

// bounds holds the unit's macros and their summaries.
type bounds struct {
	defs    map[string]*define
	sums    map[string]span
	pending map[string]bool
}

// newBounds collects the active #defines the unit's parser reads, the
// last of each name winning; stubbed ones are left out (they are 0).
func (tu *translationUnit) newBounds(stubbed map[string]bool) *bounds {
	b := &bounds{defs: map[string]*define{}, sums: map[string]span{}, pending: map[string]bool{}}
	for _, f := range tu.order {
		if tu.work[f.rel] == nil {
			continue // nothing visible
		}
		for _, m := range tu.visibleMacros(f) {
			if !stubbed[m.name] {
				b.defs[m.name] = m.def
			}
		}
	}
	return b
}

// summary returns what macro name expands to (a macro is not expanded
// inside itself).
func (b *bounds) summary(name string) span {
	if sp, ok := b.sums[name]; ok {
		return sp
	}
	def := b.defs[name]
	if def == nil || b.pending[name] {
		return span{c: 1, p: -1}
	}
	b.pending[name] = true
	sp := b.eval(def.body, 0, len(def.body.toks), def.params, nil)
	delete(b.pending, name)
	b.sums[name] = sp
	return sp
}

// eval returns what s.toks[from:to] expand to, params being the
// parameters of the macro whose body they are; visible, when set, says
// which tokens the parser reads.
func (b *bounds) eval(s *scanned, from, to int, params map[string]bool, visible func(int) bool) span {
	sp := span{p: -1}
	depth := 0
	for i := from; i < to; i++ {
		if visible != nil && !visible(i) {
			continue
		}
		t := s.toks[i]
		if t.kind == tPunct {
			switch s.src[t.off] {
			case '(', '[', '{':
				depth++
				sp.d = max(sp.d, depth)
			case ')', ']', '}':
				depth = max(depth-1, 0)
			}
			sp.c++
			continue
		}
		if t.kind != tIdent {
			sp.c++
			continue
		}
		name := s.text(t)
		if params[name] {
			if s.is(i-1, "#") {
				sp.c++ // stringized
				continue
			}
			sp.k++
			sp.p = max(sp.p, depth)
			continue
		}
		def := b.defs[name]
		if def == nil {
			sp.c++
			continue
		}
		if def.params == nil {
			m := b.summary(name)
			sp.c += m.c
			sp.d = max(sp.d, depth+m.d)
			continue
		}
		open := i + 1
		for visible != nil && open < to && !visible(open) {
			open++
		}
		close := -1
		if s.is(open, "(") {
			close = matchParen(s, open)
		}
		if close < 0 || close >= to {
			sp.c++
			continue
		}
		arg := span{p: -1}
		starts := argStarts(s, open, close)
		for k, start := range starts {
			end := close
			if k+1 < len(starts) {
				end = starts[k+1] - 1
			}
			a := b.eval(s, start, end, params, visible)
			arg = span{c: math.Max(arg.c, a.c), k: math.Max(arg.k, a.k), d: max(arg.d, a.d), p: max(arg.p, a.p)}
		}
		m := b.summary(name)
		sp.c = saturate(sp.c + m.c + m.k*arg.c)
		sp.k = saturate(sp.k + m.k*arg.k)
		inner := m.d
		if m.p >= 0 {
			inner = max(inner, m.p+arg.d)
			if arg.p >= 0 {
				sp.p = max(sp.p, depth+m.p+arg.p)
			}
		}
		sp.d = max(sp.d, depth+inner)
		i = close
	}
	return sp
}

func saturate(x float64) float64 { return math.Min(x, 1e30) }

// checkBounds skips the items of the unit over a bound, before the
// parser reads them. scans are the parser's view of tu.order's files.
func (tu *translationUnit) checkBounds(scans []*scanned, stubbed map[string]bool) {
	var b *bounds
	limit := float64(tu.cfg.expansionLimit(len(tu.work[tu.main.rel])))
	for n, f := range tu.order {
		s := scans[n]
		for _, it := range s.items {
			reason, detail := "", ""
			raw, chain, elses := rawShape(s, it)
			switch {
			case raw > maxNesting:
				reason, detail = "nesting limit", fmt.Sprintf("brackets nest %d levels deep (limit %d)", raw, maxNesting)
			case chain > maxChain:
				reason, detail = "nesting limit", fmt.Sprintf("an expression chains %d operators (limit %d)", chain, maxChain)
			case elses > maxChain:
				reason, detail = "nesting limit", fmt.Sprintf("%d else branches nest (limit %d)", elses, maxChain)
			default:
				if b == nil {
					b = tu.newBounds(stubbed)
				}
				sp := b.eval(s, it.first, it.last+1, nil, nil)
				switch {
				case sp.d > maxNesting:
					reason, detail = "nesting limit", fmt.Sprintf("brackets nest about %d levels deep once its macros are expanded (limit %d)", sp.d, maxNesting)
				case sp.c > limit:
					reason, detail = "macro expansion limit", fmt.Sprintf("its macros would expand to about %.3g tokens (limit %.0f)", sp.c, limit)
				}
			}
			if reason != "" {
				tu.skipItem(f, s.toks[it.first].off, it.name, reason, detail)
			}
		}
	}
}

// rawShape measures an item as written: its bracket depth, its longest
// chain of operators the parser recurses on (between ';', ',' and braces)
// and its else branches.
func rawShape(s *scanned, it item) (depth, chain, elses int) {
	d, run := 0, 0
	for i := it.first; i <= it.last; i++ {
		t := s.toks[i]
		switch t.kind {
		case tPunct:
			switch c := s.src[t.off]; c {
			case '(', '[', '{':
				d++
				depth = max(depth, d)
				if c == '{' {
					run = 0
				}
			case ')', ']', '}':
				d = max(d-1, 0)
				if c == '}' {
					run = 0
				}
			case ';', ',':
				run = 0
			case '!', '~', '-', '+', '*', '&', '?', '=', ':':
				run++
				chain = max(chain, run)
			}
		case tIdent:
			switch s.text(t) {
			case "else":
				elses++
			case "sizeof":
				run++
				chain = max(chain, run)
			}
		}
	}
	return depth, chain, elses
}

// skipItem blanks the item of f whose first token is at off, recording it
// as skipped.
func (tu *translationUnit) skipItem(f *srcFile, off int32, name, reason, detail string) {
	s := f.scan
	idx := sort.Search(len(s.items), func(i int) bool { return s.toks[s.items[i].first].off >= off })
	if idx >= len(s.items) || s.toks[s.items[idx].first].off != off || tu.blanked[f][idx] {
		return
	}
	it := s.items[idx]
	if tu.blanked[f] == nil {
		tu.blanked[f] = map[int]bool{}
	}
	tu.blanked[f][idx] = true
	first, last := s.toks[it.first], s.toks[it.last]
	blank(tu.writable(f), int(first.off), int(last.end), s.directives)
	tu.module.Skipped = append(tu.module.Skipped, ir.Skip{
		Pos:    f.pos(int(first.off)),
		Name:   strings.Clone(name),
		Reason: reason,
		Detail: fmt.Sprintf("lines %d-%d: %s", first.line, last.line, detail),
	})
}
