package cparse

import "strings"

// Header typedefs a unit does not read. Register and firmware headers
// declare thousands of typedef'd structs (atombios.h, pptable.h), and
// every file of the driver includes them; a unit names a few dozen. The
// parser needs a typedef only for the names that declare it, so the
// typedefs of a unit's headers whose names nothing the parser reads in
// the unit spells are left out of the text handed to cc/v4 (like the
// enumerators of typedefEnumBodies): what the unit's inference and
// macro uses read of its headers is unchanged.

// headerTypedef is a typedef item of a header's working text that a unit
// may leave out.
type headerTypedef struct {
	// names are the names the item may declare: every name of it
	// outside its member list but for C keywords. The item is read when
	// the unit spells one of them.
	names []string
	// idents are the names the item reads when it is read.
	idents []string
	blanks [][2]int // its text, directives left out
	size   int
}

// headerTypedefs returns the typedef items of header f that a unit may
// leave out, and the names the rest of its working text w reads (as
// usedIdents(f, w, false), without those of the items). An item
// spelling a module macro outside its member list is always read: the
// macro may build the name it declares.
func headerTypedefs(f *srcFile, w []byte, names *moduleNames) (items []headerTypedef, rest []string) {
	s := f.scan
	in := make([]bool, len(s.toks)) // tokens of items left to the unit
	for _, it := range s.items {
		if it.funcDef || !hasTypedef(s, it) {
			continue
		}
		first := it.first
		for first <= it.last && s.toks[first].alt {
			first++
		}
		if first > it.last || s.text(s.toks[first]) != "typedef" || int(s.toks[first].off) >= len(w) || w[s.toks[first].off] == ' ' {
			continue // not a typedef, or blanked
		}
		var ht headerTypedef
		seenName, seenIdent := map[string]bool{}, map[string]bool{}
		braces, macro := 0, false
		for i := first; i <= it.last; i++ {
			t := s.toks[i]
			if t.alt || int(t.off) >= len(w) || w[t.off] == ' ' {
				continue
			}
			switch {
			case s.is(i, "{"):
				braces++
			case s.is(i, "}"):
				braces--
			case t.kind == tIdent:
				id := s.text(t)
				if !seenIdent[id] {
					seenIdent[id] = true
					ht.idents = append(ht.idents, id)
				}
				if braces == 0 && !cKeywords[id] && !seenName[id] {
					seenName[id] = true
					ht.names = append(ht.names, id)
					macro = macro || names.macros[id]
				}
			}
		}
		if macro || len(ht.names) == 0 {
			continue
		}
		from, to := int(s.toks[it.first].off), int(s.toks[it.last].end)
		ht.blanks = appendBlankRanges(nil, from, to, s.directives)
		for _, r := range ht.blanks {
			ht.size += r[1] - r[0]
		}
		for i := it.first; i <= it.last; i++ {
			in[i] = true
		}
		items = append(items, ht)
	}
	seen := map[string]bool{}
	add := func(b []byte) {
		if !seen[string(b)] {
			seen[string(b)] = true
			rest = append(rest, string(b))
		}
	}
	for i, t := range s.toks {
		if t.kind == tIdent && !in[i] && int(t.off) < len(w) && w[t.off] != ' ' {
			add(f.src[t.off:t.end])
		}
	}
	for _, d := range s.directives {
		if d.name != "include" && d.name != "define" {
			eachIdent(f.src[d.off:d.end], add)
		}
	}
	return items, rest
}

// minTypedefBytes is the size of the droppable typedefs of a unit's
// headers below which finding those it does not read costs more than
// the parser would spend on them.
const minTypedefBytes = 4096

// dropUnreadTypedefs leaves out of the text handed to the parser the
// typedefs of the unit's headers (headerTypedefs) that nothing it reads
// names: its main file, the rest of its headers, the bodies of the
// header macros it uses (dropUnusedDefines), prefix (the prelude,
// inference, stubs and -include files) and the typedefs it reads, in
// turn. A typedef is read too when a used header macro may build one of
// its names with ## (paste.go); when a macro of the main file or of
// prefix pastes, every typedef is.
func (tu *translationUnit) dropUnreadTypedefs(prefix string) {
	size := 0
	for _, f := range tu.order[1:] {
		for _, ht := range tu.typedefs[f.rel] {
			size += ht.size
		}
	}
	if size < minTypedefBytes || strings.Contains(prefix, "##") {
		return
	}
	// The names the used header macros may build (paste.go).
	var globs [][]string
	for _, def := range tu.usedDefines {
		for _, g := range def.globs {
			globs = append(globs, strings.Split(g, "*"))
		}
	}
	built := func(name string) bool {
		for _, g := range globs {
			if matchSplit(g, name) {
				return true
			}
		}
		return false
	}
	for _, d := range tu.main.scan.directives {
		if d.name == "define" && strings.Contains(string(tu.main.src[d.off:d.end]), "##") {
			return
		}
	}
	read := map[string]bool{}
	for _, id := range tu.mainIdents {
		read[id] = true
	}
	for _, f := range tu.order[1:] {
		for _, id := range tu.headerRest[f.rel] {
			read[id] = true
		}
	}
	for _, def := range tu.usedDefines {
		for _, u := range def.uses {
			read[u] = true
		}
	}
	eachIdent([]byte(prefix), func(b []byte) {
		if !read[string(b)] {
			read[string(b)] = true
		}
	})
	kept := map[*headerTypedef]bool{}
	for more := true; more; {
		more = false
		for _, f := range tu.order[1:] {
			items := tu.typedefs[f.rel]
			for i := range items {
				ht := &items[i]
				if kept[ht] {
					continue
				}
				for _, n := range ht.names {
					if read[n] || globs != nil && built(n) {
						kept[ht] = true
						break
					}
				}
				if kept[ht] {
					for _, id := range ht.idents {
						if !read[id] {
							read[id] = true
							more = true
						}
					}
				}
			}
		}
	}
	for _, f := range tu.order[1:] {
		items := tu.typedefs[f.rel]
		var blanks [][2]int
		for i := range items {
			if !kept[&items[i]] {
				blanks = append(blanks, items[i].blanks...)
			}
		}
		if blanks != nil {
			tu.unread[f.rel] = append(append([][2]int(nil), tu.unread[f.rel]...), blanks...)
		}
	}
}
