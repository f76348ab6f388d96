package cparse

// Conditional compilation. Without a kernel configuration, cc/v4 would take
// every CONFIG_ option as unset and drop the code behind it, while the
// front end's own scanner must know exactly which lines the parser sees.
// So the front end decides every #if itself, before parsing, and rewrites
// the condition to a constant of the same length (#ifdef CONFIG_PM becomes
// #if 1). The policy:
//
//   - CONFIG_ options are set: analyse the code a configured kernel builds
//     for the feature, rather than its stubs;
//   - defined(X) is true for macros defined earlier in the file, in the
//     kernel model's prelude, or by the compiler (__KERNEL__, __GNUC__...);
//   - #if 0 is false, #if 1 true; any other condition the evaluator cannot
//     decide (version comparisons, arithmetic) takes its first branch;
//   - include guards (#ifndef X followed by #define X) are left alone, so
//     that a header included twice still expands once;
//   - #error directives are dropped (they become the null directive "#"):
//     one reached means the policy took a branch the configuration it
//     guards against would not, and the code around it still parses.

import (
	"bytes"
	"strings"

	"github.com/kdlint/kdlint/kmodel"
)

var compilerDefines = setOf("__KERNEL__", "MODULE", "__GNUC__", "__linux__", "__x86_64__",
	"__LITTLE_ENDIAN", "__LITTLE_ENDIAN_BITFIELD", "__STDC__", "__CHECKER__")

// condFrame is one open #if group.
type condFrame struct {
	taken  bool // some branch of the group was active
	active bool // the current branch is active
	outer  bool // the enclosing code is active
}

// rewriteConditionals returns src with every decidable conditional
// directive rewritten to #if 1, #if 0, #elif 1 or #elif 0.
func rewriteConditionals(src []byte) []byte {
	if bytes.IndexByte(src, '#') < 0 {
		return src
	}
	out := src
	copied := false
	defined := map[string]bool{}
	var stack []condFrame
	active := func() bool { return len(stack) == 0 || stack[len(stack)-1].active && stack[len(stack)-1].outer }
	eachDirective(src, func(j, end int) {
		name, rest := directiveWords(src[j+1 : end])
		replace := ""
		switch name {
		case "define":
			if active() {
				defined[firstIdent(rest)] = true
			}
		case "undef":
			if active() {
				delete(defined, firstIdent(rest))
			}
		case "if", "ifdef", "ifndef":
			outer := active()
			var v, ok bool
			switch name {
			case "ifdef":
				v, ok = isDefined(firstIdent(rest), defined), true
			case "ifndef":
				id := firstIdent(rest)
				if isGuard(src, end, id) {
					v, ok = true, false // leave include guards to the parser
				} else {
					v, ok = !isDefined(id, defined), true
				}
			default:
				v, ok = evalCond(rest, defined)
				if !ok {
					v = true // undecidable: first branch
				}
			}
			if !(name == "ifndef" && !ok) {
				replace = "if " + boolDigit(v)
			}
			stack = append(stack, condFrame{taken: v, active: v, outer: outer})
		case "elif", "elifdef", "elifndef":
			if n := len(stack); n > 0 {
				f := &stack[n-1]
				v := false
				if !f.taken {
					switch name {
					case "elifdef":
						v = isDefined(firstIdent(rest), defined)
					case "elifndef":
						v = !isDefined(firstIdent(rest), defined)
					default:
						var ok bool
						if v, ok = evalCond(rest, defined); !ok {
							v = true
						}
					}
				}
				f.active, f.taken = v, f.taken || v
				replace = "elif " + boolDigit(v)
			}
		case "else":
			if n := len(stack); n > 0 {
				f := &stack[n-1]
				f.active, f.taken = !f.taken, true
			}
		case "endif":
			if n := len(stack); n > 0 {
				stack = stack[:n-1]
			}
		case "error":
			replace = " " // the null directive
		}
		if replace != "" && len(replace)+1 <= end-j {
			if !copied {
				out = append([]byte(nil), src...)
				copied = true
			}
			// Keep the length and the newlines of continued lines.
			d := out[j:end]
			d[0] = '#'
			copy(d[1:], replace)
			for p := 1 + len(replace); p < len(d); p++ {
				if d[p] != '\n' {
					d[p] = ' '
				}
			}
		}
	})
	return out
}

func boolDigit(v bool) string {
	if v {
		return "1"
	}
	return "0"
}

// directiveWords splits "  ifdef FOO" into "ifdef" and " FOO".
func directiveWords(d []byte) (string, string) {
	s := strings.TrimLeft(string(d), " \t")
	n := 0
	for n < len(s) && isIdentByte(s[n]) {
		n++
	}
	return s[:n], s[n:]
}

func firstIdent(s string) string {
	s = strings.TrimLeft(s, " \t(")
	n := 0
	for n < len(s) && isIdentByte(s[n]) {
		n++
	}
	return s[:n]
}

func isDefined(id string, defined map[string]bool) bool {
	return defined[id] || strings.HasPrefix(id, "CONFIG_") || compilerDefines[id] || kmodel.Prelude[id] != nil && !kmodel.Prelude[id].Typedef
}

// isGuard reports whether the directive ending at end is followed by
// #define id, as in an include guard.
func isGuard(src []byte, end int, id string) bool {
	rest := bytes.TrimLeft(src[min(end, len(src)):], " \t\r\n")
	if !bytes.HasPrefix(rest, []byte("#")) {
		return false
	}
	name, arg := directiveWords(rest[1:min(len(rest), 256)])
	return name == "define" && firstIdent(arg) == id
}

// evalCond evaluates the #if expressions the policy can decide: 0, 1,
// defined(X), IS_ENABLED(X) and friends, combined with !, && and ||.
func evalCond(expr string, defined map[string]bool) (v, ok bool) {
	if i := strings.Index(expr, "/*"); i >= 0 {
		expr = expr[:i]
	}
	if i := strings.Index(expr, "//"); i >= 0 {
		expr = expr[:i]
	}
	p := &condParser{s: strings.TrimSpace(strings.ReplaceAll(expr, "\\\n", " ")), defined: defined}
	v, ok = p.or()
	p.skipSpace()
	return v, ok && p.i == len(p.s)
}

type condParser struct {
	s       string
	i       int
	defined map[string]bool
}

func (p *condParser) skipSpace() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t' || p.s[p.i] == '\n' || p.s[p.i] == '\r') {
		p.i++
	}
}

func (p *condParser) eat(tok string) bool {
	p.skipSpace()
	if strings.HasPrefix(p.s[p.i:], tok) {
		p.i += len(tok)
		return true
	}
	return false
}

func (p *condParser) or() (bool, bool) {
	v, ok := p.and()
	for ok && p.eat("||") {
		w, ok2 := p.and()
		v, ok = v || w, ok2
	}
	return v, ok
}

func (p *condParser) and() (bool, bool) {
	v, ok := p.unary()
	for ok && p.eat("&&") {
		w, ok2 := p.unary()
		v, ok = v && w, ok2
	}
	return v, ok
}

func (p *condParser) unary() (bool, bool) {
	if p.eat("!") {
		v, ok := p.unary()
		return !v, ok
	}
	if p.eat("(") {
		v, ok := p.or()
		return v, ok && p.eat(")")
	}
	p.skipSpace()
	start := p.i
	for p.i < len(p.s) && isIdentByte(p.s[p.i]) {
		p.i++
	}
	word := p.s[start:p.i]
	switch word {
	case "0":
		return false, true
	case "1":
		return true, true
	case "defined":
		paren := p.eat("(")
		p.skipSpace()
		s := p.i
		for p.i < len(p.s) && isIdentByte(p.s[p.i]) {
			p.i++
		}
		id := p.s[s:p.i]
		if paren && !p.eat(")") {
			return false, false
		}
		return isDefined(id, p.defined), id != ""
	case "IS_ENABLED", "IS_BUILTIN", "IS_MODULE", "IS_REACHABLE":
		if !p.eat("(") {
			return false, false
		}
		p.skipSpace()
		s := p.i
		for p.i < len(p.s) && isIdentByte(p.s[p.i]) {
			p.i++
		}
		id := p.s[s:p.i]
		return strings.HasPrefix(id, "CONFIG_"), p.eat(")")
	}
	if strings.HasPrefix(word, "CONFIG_") {
		return true, true // #if CONFIG_FOO: a set option
	}
	return false, false
}
