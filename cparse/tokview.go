package cparse

// Token views: the part of a scanned file that one reader must see, with
// the items' token indexes remapped. Inference reads only what the parser
// will read.

// parsedOnly returns the part of s the parser will see in the working
// copy w: without inactive conditional branches, blanked items and bodies,
// or dropped #define lines. Inference looks at nothing else, so its cost
// follows what is parsed rather than what is on disk. (Names in thinned
// declarations can be evidence of what a name is, but on the drivers/
// tree counting them costs more functions than it saves.)
func parsedOnly(s *scanned, w []byte) *scanned {
	return withDirectives(parsedTokens(s, w), s, w)
}

// parsedTokens is parsedOnly without the directives: the units of a
// module that share a header's thinned text share this part too, as
// units blank only #define lines of it before inference.
func parsedTokens(s *scanned, w []byte) *scanned {
	out := &scanned{src: s.src, str: s.str, toks: make([]tok, 0, len(s.toks)/2)}
	index := make([]int, len(s.toks)) // old index -> new index (of the next kept token)
	kept := make([]bool, len(s.toks))
	for i, t := range s.toks {
		index[i] = len(out.toks)
		if kept[i] = !t.alt && visible(w, t.off); kept[i] {
			out.toks = append(out.toks, t)
		}
	}
	for _, it := range s.items {
		if !kept[it.first] {
			continue
		}
		last := index[it.last]
		if !kept[it.last] {
			last-- // the last kept token before it
		}
		it.first, it.last = index[it.first], last
		if it.funcDef {
			it.bodyOpen = index[it.bodyOpen]
		}
		out.items = append(out.items, it)
	}
	return out
}

// withDirectives returns toks (from parsedTokens) with the directives of s
// that w still holds.
func withDirectives(toks, s *scanned, w []byte) *scanned {
	out := *toks
	out.directives = nil
	for _, d := range s.directives {
		if !d.alt && visible(w, int32(d.off)) {
			out.directives = append(out.directives, d)
		}
	}
	return &out
}

// visible reports whether the byte at off of working text w is left for
// the parser (blanking turns whole tokens and directives into spaces).
func visible(w []byte, off int32) bool { return int(off) < len(w) && w[off] != ' ' }

// activeOnly returns s without the tokens of inactive conditional
// branches (#if 0, #else of a taken #if), which the parser never sees, so
// that the tokens around a name are its real neighbours.
func activeOnly(s *scanned) *scanned {
	n := 0
	for _, t := range s.toks {
		if t.alt {
			n++
		}
	}
	if n == 0 {
		return s
	}
	out := &scanned{src: s.src, str: s.str, directives: s.directives, toks: make([]tok, 0, len(s.toks)-n)}
	index := make([]int, len(s.toks)) // old index -> new index
	for i, t := range s.toks {
		index[i] = len(out.toks)
		if !t.alt {
			out.toks = append(out.toks, t)
		}
	}
	out.items = make([]item, len(s.items))
	for k, it := range s.items {
		it.first, it.last = index[it.first], index[it.last]
		if it.funcDef {
			it.bodyOpen = index[it.bodyOpen]
		}
		out.items[k] = it
	}
	return out
}
