package cparse

import (
	"sort"
	"sync"
)

// define is one #define of a file, parsed once for every use: explosive
// macro detection (explode.go), dropping unused header macros (unit.go)
// and the mention graph (relevance.go).
type define struct {
	d      directive
	idx    int             // d's index in the file's directives
	params map[string]bool // nil for an object-like macro; has __VA_ARGS__ otherwise
	body   *scanned        // the replacement list
	uses   []string        // the distinct names of the replacement list
	globs  []string        // the names it builds with ## (paste.go)
}

// fileDefines holds a file's defines, parsed on first use by whichever
// unit needs them first.
type fileDefines struct {
	once sync.Once
	all  []*define
}

// defines returns every #define of f (inactive branches included).
func (f *srcFile) defines() []*define {
	f.defs.once.Do(func() {
		for i, d := range f.scan.directives {
			if d.name != "define" || d.arg == "" {
				continue
			}
			text, params := defineBody(f.src[d.off:d.end], d.arg)
			def := &define{d: d, idx: i, params: params, body: scanBody(text)}
			seen := map[string]bool{}
			for _, t := range def.body.toks {
				if name := def.body.text(t); t.kind == tIdent && !seen[name] {
					seen[name] = true
					def.uses = append(def.uses, name)
				}
			}
			def.globs = pastePatterns(def.body, params)
			f.defs.all = append(f.defs.all, def)
		}
	})
	return f.defs.all
}

// defineAt returns f's #define whose directive starts at off, nil when
// there is none (f.defines is in directive order).
func defineAt(f *srcFile, off int) *define {
	defs := f.defines()
	i := sort.Search(len(defs), func(i int) bool { return defs[i].d.off >= off })
	if i < len(defs) && defs[i].d.off == off {
		return defs[i]
	}
	return nil
}
