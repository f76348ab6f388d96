package cparse

// The module stage's plainer ways, before ParseModule fused them into
// other passes (moduleFront): the tests use them to set up modules and
// as the reference the fused passes are held to.

import "github.com/kdlint/kdlint/kmodel"

// decideRelevance is the relevance stage: it works out what of the module
// can matter to the needs. It returns nil for all of it (-parse-all), and
// false when nothing can.
func decideRelevance(src *moduleSources, names *moduleNames) (*relevance, bool) {
	sets, needed := relevanceSets(src)
	if !needed {
		return nil, false
	}
	return relevanceOf(src, names, sets), true
}

// relevanceSets is the first half of decideRelevance, which needs no
// names: the sets of names that matter to the module, and false when
// nothing of it can (nil sets: all of it, -parse-all).
func relevanceSets(src *moduleSources) (*kmodel.NameSets, bool) {
	sets, needed := relevanceGate(src)
	if sets != nil && mentionsAny(append(src.code(), src.config()...), sets.BHWork) {
		sets = sets.WithBHWork()
	}
	return sets, needed
}

// mentionsAny reports whether a file mentions one of names.
func mentionsAny(files []*srcFile, names map[string]bool) bool {
	if len(names) == 0 {
		return false
	}
	lengths := lengthBits(names)
	for _, f := range files {
		s := f.scan
		for _, t := range s.toks {
			if t.kind == tIdent && hasLength(lengths, int(t.end-t.off)) && names[s.text(t)] {
				return true
			}
		}
	}
	return false
}

// collectNames is the names stage. It also counts the function
// definitions of the module's .c files (countFuncs).
func collectNames(src *moduleSources) *moduleNames {
	countFuncs(src)
	return moduleNamesOf(src)
}

// findItemsPlain is findItems as it was, one pass over the tokens after
// the scan: it splits the active tokens of a file into top-level items.
func findItemsPlain(s *scanned) []item {
	var items []item
	braces := 0 // {} nesting
	parens := 0 // () and [] nesting, counted apart so a stray ']' cannot end a body
	start := -1
	parenSeen := false // a '(' at depth 0 in this item
	eqSeen := false    // a '=' at depth 0 in this item
	bodyOpen := -1
	lastSig := -1 // last active token index
	for i, t := range s.toks {
		if t.alt {
			continue
		}
		if start < 0 {
			if t.kind == tPunct && s.src[t.off] == ';' {
				continue // stray semicolon
			}
			start, parenSeen, eqSeen, bodyOpen = i, false, false, -1
		}
		if t.kind == tPunct {
			switch s.src[t.off] {
			case '(', '[':
				if braces == 0 && parens == 0 && s.src[t.off] == '(' {
					parenSeen = true
				}
				parens++
			case ')', ']':
				if parens > 0 {
					parens--
				}
			case '{':
				if braces == 0 && parens == 0 && parenSeen && !eqSeen && lastSig >= 0 && bodyOpen < 0 &&
					(s.is(lastSig, ")") || s.toks[lastSig].kind == tIdent && !tagged(s, lastSig)) {
					bodyOpen = i
				}
				braces++
			case '}':
				if braces > 0 {
					braces--
				}
				if braces == 0 {
					parens = 0
					if bodyOpen >= 0 {
						items = append(items, item{first: start, last: i, funcDef: true, bodyOpen: bodyOpen, name: funcName(s, start, bodyOpen)})
						start = -1
					}
				}
			case ';':
				if braces == 0 && parens == 0 {
					items = append(items, item{first: start, last: i})
					start = -1
				}
			case '=':
				if braces == 0 && parens == 0 && t.end-t.off == 1 {
					eqSeen = true
				}
			}
		}
		lastSig = i
	}
	if start >= 0 && lastSig >= start {
		// The file ends inside this item; a function whose body is not
		// closed is still a function, for the notice that skips it.
		it := item{first: start, last: lastSig}
		if bodyOpen >= 0 {
			it.funcDef, it.bodyOpen, it.name = true, bodyOpen, funcName(s, start, bodyOpen)
		}
		items = append(items, it)
	}
	return items
}
