package cparse

import "sync"

// Some drivers define register-field helpers whose expansion doubles at
// every level (compile_ffs32(x) expands compile_ffs16(x) twice, and so
// on): thousands of tokens for each use, millions for a file, all for an
// integer constant. When a function-like macro is an expression, would
// expand to more than explosiveTokens tokens, and mentions nothing a rule
// uses, the front end defines it as 0 instead.

const explosiveTokens = 400

// macroDef is one #define seen by the unit, as measuring needs it.
type macroDef struct {
	name   string
	fnLike bool
	d      directive
	f      *srcFile
	def    *define
	// text holds the tokens of the replacement list, as text (tokens),
	// made when first asked: most #defines of a header are no unit's.
	textOnce sync.Once
	text     []string
}

// tokens returns the identifiers and punctuation of m's replacement
// list, as text.
func (m *macroDef) tokens() []string {
	m.textOnce.Do(func() {
		b := m.def.body
		for _, t := range b.toks {
			m.text = append(m.text, b.text(t))
		}
	})
	return m.text
}

// explosiveMacros returns the macros of the unit to replace by 0. Only
// the definitions the unit's parser reads count (visible: those of a
// file left in its working text): a macro whose #define is blanked is
// not used (a used macro's macros are used too: dropUnusedDefines), so
// it expands nowhere.
func explosiveMacros(files []*srcFile, names *moduleNames, visible func(*srcFile) []*macroDef) []*macroDef {
	defs := map[string]*macroDef{}
	for _, f := range files {
		for _, m := range visible(f) {
			defs[m.name] = m
		}
	}
	size := map[string]int{}
	relevant := map[string]bool{}
	var measure func(name string, depth int) (int, bool)
	measure = func(name string, depth int) (int, bool) {
		if n, ok := size[name]; ok {
			return n, relevant[name]
		}
		m := defs[name]
		if m == nil || depth > 32 {
			return 1, false
		}
		size[name] = 1 // recursion guard
		n, rel := 0, false
		body := m.tokens()
		for i, t := range body {
			if names.model[t] || names.funcs[t] {
				rel = true
			}
			if callee := defs[t]; callee != nil && callee != m && (!callee.fnLike || i+1 < len(body) && body[i+1] == "(") {
				cn, crel := measure(t, depth+1)
				n += cn
				rel = rel || crel
				continue
			}
			n++
		}
		size[name], relevant[name] = n, rel
		return n, rel
	}
	var out []*macroDef
	for name, m := range defs {
		if !m.fnLike || !expressionBody(m.tokens()) {
			continue
		}
		if n, rel := measure(name, 0); n > explosiveTokens && !rel {
			out = append(out, m)
		}
	}
	return out
}

// expressionBody reports whether a replacement list is an expression: it
// starts with '(' or a call and has no ';' outside a statement expression.
func expressionBody(body []string) bool {
	if len(body) == 0 || !(body[0] == "(" || len(body) > 1 && body[1] == "(" && isIdentByte(body[0][0])) {
		return false
	}
	depth := 0
	for i, t := range body {
		switch t {
		case "(", "{":
			depth++
		case ")", "}":
			depth--
		case ";":
			if depth == 0 {
				return false
			}
		}
		if i == 0 && (t == "do" || t == "if" || t == "for" || t == "while") {
			return false
		}
	}
	return true
}

// macroDefs returns the active #defines of f as macroDefs, made on first
// use.
func (f *srcFile) macroDefs() []*macroDef {
	f.macroDefsOnce.Do(func() {
		for _, def := range f.defines() {
			if def.d.alt {
				continue
			}
			m := &macroDef{name: def.d.arg, fnLike: def.params != nil, d: def.d, f: f, def: def}
			f.macroDefsCache = append(f.macroDefsCache, m)
		}
	})
	return f.macroDefsCache
}

// visibleMacros returns the active #defines of f that its working text
// leaves for the parser (all of them when it has none). Units that share
// a header's working text share the answer.
func (tu *translationUnit) visibleMacros(f *srcFile) []*macroDef {
	w := tu.work[f.rel]
	if w == nil {
		return f.macroDefs()
	}
	left := func() []*macroDef {
		var out []*macroDef
		for _, m := range f.macroDefs() {
			if visible(w, int32(m.d.off)) {
				out = append(out, m)
			}
		}
		return out
	}
	if !tu.sharesWork(f) {
		return left() // the unit's own text
	}
	return tu.shared.visibleDefs.get(sharedTextKey{f, &w[0], len(w)}, left)
}
