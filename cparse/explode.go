package cparse

// Some drivers define register-field helpers whose expansion doubles at
// every level (compile_ffs32(x) expands compile_ffs16(x) twice, and so
// on): thousands of tokens for each use, millions for a file, all for an
// integer constant. When a function-like macro is an expression, would
// expand to more than explosiveTokens tokens, and mentions nothing a rule
// uses, the front end defines it as 0 instead.

import (
	"strings"
)

const explosiveTokens = 400

// macroDef is one #define seen by the unit.
type macroDef struct {
	name   string
	params []string
	body   []string // identifiers and punctuation of the replacement list, as text
	fnLike bool
	d      directive
	f      *srcFile
}

// explosiveMacros returns the macros of the unit to replace by 0.
func explosiveMacros(files []*srcFile, names *moduleNames) []*macroDef {
	defs := map[string]*macroDef{}
	for _, f := range files {
		for _, m := range f.macroDefs() {
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
		for i, t := range m.body {
			if kmodelName(t) || names.funcs[t] {
				rel = true
			}
			if callee := defs[t]; callee != nil && callee != m && (!callee.fnLike || i+1 < len(m.body) && m.body[i+1] == "(") {
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
		if !m.fnLike || !expressionBody(m.body) {
			continue
		}
		if n, rel := measure(name, 0); n > explosiveTokens && !rel {
			out = append(out, m)
		}
	}
	return out
}

func kmodelName(t string) bool {
	return modelNames[t]
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

// macroDefs returns the active #defines of f, parsed on first use.
func (f *srcFile) macroDefs() []*macroDef {
	f.definesOnce.Do(func() {
		for _, d := range f.scan.directives {
			if d.name == "define" && !d.alt && d.arg != "" {
				if m := parseDefine(f, d); m != nil {
					f.defines = append(f.defines, m)
				}
			}
		}
	})
	return f.defines
}

// parseDefine splits a #define into its parts.
func parseDefine(f *srcFile, d directive) *macroDef {
	text := string(f.src[d.off:d.end])
	text = strings.ReplaceAll(text, "\\\n", " ")
	i := strings.Index(text, d.arg)
	if i < 0 {
		return nil
	}
	rest := text[i+len(d.arg):]
	m := &macroDef{name: d.arg, d: d, f: f}
	if strings.HasPrefix(rest, "(") {
		end := strings.IndexByte(rest, ')')
		if end < 0 {
			return nil
		}
		m.fnLike = true
		for _, p := range strings.Split(rest[1:end], ",") {
			m.params = append(m.params, strings.TrimSpace(p))
		}
		rest = rest[end+1:]
	}
	s := scan([]byte(rest))
	for _, t := range s.toks {
		m.body = append(m.body, s.text(t))
	}
	return m
}
