package cparse

import "strings"

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
func globMatch(glob, name string) bool {
	parts := strings.Split(glob, "*")
	if !strings.HasPrefix(name, parts[0]) {
		return false
	}
	if len(parts) == 1 {
		return name == glob
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

// pasteBuildsAnything reports whether a glob is made of parameters only.
func pasteBuildsAnything(globs []string) bool {
	for _, g := range globs {
		if strings.Trim(g, "*") == "" {
			return true
		}
	}
	return false
}
