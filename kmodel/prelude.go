package kmodel

import (
	_ "embed"
	"strings"
)

//go:embed prelude.h
var preludeText string

// PreludeEntry is one definition of the C prelude: a #define or a typedef.
type PreludeEntry struct {
	Name string
	Text string   // the definition, ending in a newline
	Uses []string // prelude names the definition mentions
	// Typedef is true for a typedef, false for a macro.
	Typedef bool
}

// Prelude maps each name the prelude defines to its definition.
var Prelude = parsePrelude(preludeText)

func parsePrelude(src string) map[string]*PreludeEntry {
	entries := map[string]*PreludeEntry{}
	for _, line := range strings.Split(src, "\n") {
		line = strings.TrimSpace(line)
		var e *PreludeEntry
		switch {
		case strings.HasPrefix(line, "#define "):
			rest := line[len("#define "):]
			end := strings.IndexAny(rest, " (")
			if end < 0 {
				end = len(rest)
			}
			e = &PreludeEntry{Name: rest[:end]}
		case strings.HasPrefix(line, "typedef "):
			e = &PreludeEntry{Name: typedefName(line), Typedef: true}
		default:
			continue
		}
		e.Text = line + "\n"
		entries[e.Name] = e
	}
	for _, e := range entries {
		for _, id := range identifiers(e.Text) {
			if id != e.Name && entries[id] != nil {
				e.Uses = append(e.Uses, id)
			}
		}
	}
	return entries
}

// typedefName returns the name a one-line typedef declares: the last
// identifier before ';', or the one inside (*name) for function pointers.
func typedefName(line string) string {
	if i := strings.Index(line, "(*"); i >= 0 {
		rest := line[i+2:]
		if j := strings.IndexByte(rest, ')'); j >= 0 {
			return rest[:j]
		}
	}
	ids := identifiers(strings.TrimSuffix(line, ";"))
	return ids[len(ids)-1]
}

func identifiers(s string) []string {
	var out []string
	for i := 0; i < len(s); {
		c := s[i]
		if isIdentStart(c) {
			j := i + 1
			for j < len(s) && (isIdentStart(s[j]) || s[j] >= '0' && s[j] <= '9') {
				j++
			}
			out = append(out, s[i:j])
			i = j
			continue
		}
		i++
	}
	return out
}

func isIdentStart(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
