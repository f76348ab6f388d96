package cparse

import (
	"strings"
	"sync/atomic"
)

// Macros that build identifiers with ## hide which names they reach. A
// chain such as IXGBE_##r##_##m can only build names that match the glob
// "IXGBE_*_*": its literal parts in order, any text for each parameter.

// pastePatterns returns a glob for each ## chain of a macro replacement
// list b that builds an identifier. GNU's ", ## args" builds none.
func pastePatterns(b *scanned, params map[string]bool) []string {
	var out []string
	toks := b.toks
	for i := 0; i < len(toks); i++ {
		if !b.is(i, "##") {
			continue
		}
		start := i - 1
		if start < 0 || !operand(toks[start]) {
			continue
		}
		var glob strings.Builder
		part := func(t tok) {
			if text := b.text(t); params[text] {
				glob.WriteByte('*')
			} else {
				glob.WriteString(text)
			}
		}
		part(toks[start])
		j := i
		for j+1 < len(toks) && b.is(j, "##") && operand(toks[j+1]) {
			part(toks[j+1])
			j += 2
		}
		if j == i {
			continue // "x ## ," or the like
		}
		out = append(out, glob.String())
		i = j - 1
	}
	return out
}

func operand(t tok) bool { return t.kind == tIdent || t.kind == tNumber }

// pasteMayBuild reports whether one of the globs matches name.
func pasteMayBuild(globs []string, name string) bool {
	for _, g := range globs {
		if globMatch(g, name) {
			return true
		}
	}
	return false
}

// globMatch matches name against a glob whose only special character is
// '*' (any text): the literal parts must appear in order, the first at
// the start and the last at the end.
func globMatch(glob, name string) bool { return matchSplit(strings.Split(glob, "*"), name) }

// namePart is a part name[i:j] of a macro name that some file of the
// module spells as a name: the universe's name id.
type namePart struct{ j, id int32 }

// pasteSet is what a macro that pastes may build: the module's macros
// matching one of its globs, each with the globs it matches.
type pasteSet struct {
	globs   [][]string // the globs, split at '*'
	targets []pasteTarget
	// A target can be built only through a glob it matches whose first
	// parameter's part is empty, a number or starts with a name: always
	// holds the targets to try in any unit, firsts the others, by the
	// names their first parts may start with.
	always []int32
	firsts []firstPart
}

// firstPart is a name that the first parameter's part of a target may
// start with (glob: the index in pasteSet.globs).
type firstPart struct{ id, target, glob int32 }

type pasteTarget struct {
	name  string
	globs []int // indices in pasteSet.globs
	parts *nameParts
}

// nameParts holds, for each position i of a name, the parts of the name
// that start there and are names of the module; worked out when first
// needed (by whichever unit) and shared by the units of the module.
type nameParts struct {
	name string
	from []atomic.Pointer[[]namePart]
}

func (np *nameParts) at(st *moduleState, i int) []namePart {
	if p := np.from[i].Load(); p != nil {
		return *p
	}
	var out []namePart
	for j := i + 1; j <= len(np.name); j++ {
		if id, ok := st.universe[np.name[i:j]]; ok {
			out = append(out, namePart{int32(j), id})
		}
	}
	np.from[i].Store(&out)
	return out
}

// vocabulary is a set of the module's names, as universe ids.
type vocabulary []uint64

func (v vocabulary) has(id int32) bool { return v[id>>6]&(1<<(id&63)) != 0 }

// vocabulary returns an empty set of the module's names.
func (st *moduleState) vocabulary(src *moduleSources) vocabulary {
	st.universeOnce.Do(func() {
		// About one distinct name per 12 tokens (mentions.go finds the
		// same); the names share the bytes of the files' sources, which
		// no one writes (scanned.text).
		n := 0
		for _, f := range src.config() {
			n += len(f.scan.toks)
		}
		for _, f := range src.files {
			n += len(f.scan.toks)
		}
		u := make(map[string]int32, n/12)
		add := func(b []byte) {
			if _, ok := u[string(b)]; !ok {
				u[bytesString(b)] = int32(len(u))
			}
		}
		each := func(f *srcFile) {
			for _, t := range f.scan.toks {
				if t.kind == tIdent {
					add(f.src[t.off:t.end])
				}
			}
			for _, d := range f.scan.directives {
				eachIdent(f.src[d.off:d.end], add)
			}
		}
		for _, f := range src.config() {
			each(f)
		}
		for _, f := range src.files {
			each(f)
		}
		st.universe = u
	})
	return make(vocabulary, len(st.universe)/64+1)
}

// addIDs adds the names of universe ids to v.
func (v vocabulary) addIDs(ids []int32) {
	for _, id := range ids {
		v[id>>6] |= 1 << (id & 63)
	}
}

// addVocab adds name to v if it is a name of the module, reporting
// whether it was new.
func (st *moduleState) addVocab(v vocabulary, name string) bool {
	if v == nil {
		return false
	}
	if id, ok := st.universe[name]; ok && !v.has(id) {
		v[id>>6] |= 1 << (id & 63)
		return true
	}
	return false
}

// parts returns the shared parts of name (st.pasteMu held).
func (st *moduleState) parts(name string) *nameParts {
	if np := st.spans[name]; np != nil {
		return np
	}
	np := &nameParts{name: name, from: make([]atomic.Pointer[[]namePart], len(name)+1)}
	if st.spans == nil {
		st.spans = map[string]*nameParts{}
	}
	st.spans[name] = np
	return np
}

// index fills ps.always and ps.firsts (st.pasteMu held).
func (ps *pasteSet) index(st *moduleState) {
	for ti := range ps.targets {
		t := &ps.targets[ti]
		always := len(t.name) > 63
		for _, gi := range t.globs {
			g := ps.globs[gi]
			p0 := len(g[0])
			if always || p0 == len(t.name) || t.name[p0] >= '0' && t.name[p0] <= '9' || emptyFirst(g, t.name[p0:]) {
				always = true
				break
			}
			for _, part := range t.parts.at(st, p0) {
				ps.firsts = append(ps.firsts, firstPart{part.id, int32(ti), int32(gi)})
			}
		}
		if always {
			ps.always = append(ps.always, int32(ti))
		}
	}
}

// emptyFirst reports whether the glob g could match with an empty first
// parameter's part, where rest follows the glob's literal start.
func emptyFirst(g []string, rest string) bool {
	switch {
	case len(g) == 2:
		return rest == g[1]
	case g[1] == "":
		return true // a##b: the next parameter's part may start there
	}
	return strings.HasPrefix(rest, g[1])
}

// buildable reports whether one of the globs of ps that t matches can
// build t's name from the names in vocab: each parameter's part of the
// name must be made of names of vocab and numbers (an argument pasted is
// one token: a name, a number or a name built by pasting, in turn made
// of such parts), or be empty (an empty argument).
func (ps *pasteSet) buildable(st *moduleState, t *pasteTarget, vocab vocabulary) bool {
	if len(t.name) > 63 {
		return true // beyond the bit sets of fillable: keep it
	}
	for _, g := range t.globs {
		if fillable(st, ps.globs[g], t.parts, vocab) {
			return true
		}
	}
	return false
}

// fillable reports whether the glob split into parts matches the name of
// np with each * standing for a run of names of vocab and numbers.
// The name is shorter than 64 bytes.
func fillable(st *moduleState, glob []string, np *nameParts, vocab vocabulary) bool {
	name := np.name
	if !strings.HasPrefix(name, glob[0]) {
		return false
	}
	reach := uint64(1) << len(glob[0]) // positions reached in name
	for _, lit := range glob[1:] {
		// The parameter's part: any run of names and numbers.
		for p := 0; p <= len(name); p++ {
			if reach&(1<<p) == 0 {
				continue
			}
			if p < len(name) && name[p] >= '0' && name[p] <= '9' {
				// A number pasted may run to any later position.
				reach |= ^uint64(0) << p
				break
			}
			if p < len(name) {
				for _, part := range np.at(st, p) {
					if vocab.has(part.id) {
						reach |= 1 << part.j
					}
				}
			}
		}
		// Then the literal part.
		var next uint64
		for p := 0; p+len(lit) <= len(name); p++ {
			if reach&(1<<p) != 0 && strings.HasPrefix(name[p:], lit) {
				next |= 1 << (p + len(lit))
			}
		}
		if next == 0 {
			return false
		}
		reach = next
	}
	return reach&(1<<len(name)) != 0
}

// matchSplit is globMatch for a glob already split at '*'.
func matchSplit(parts []string, name string) bool {
	if !strings.HasPrefix(name, parts[0]) {
		return false
	}
	if len(parts) == 1 {
		return name == parts[0]
	}
	rest := name[len(parts[0]):]
	last := parts[len(parts)-1]
	for _, p := range parts[1 : len(parts)-1] {
		i := strings.Index(rest, p)
		if i < 0 {
			return false
		}
		rest = rest[i+len(p):]
	}
	return len(rest) >= len(last) && strings.HasSuffix(rest, last)
}
