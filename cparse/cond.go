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
//   - defined(X) is true for macros defined as a compiler would have them
//     defined there: by -D, by an -include file, earlier in the file or in
//     a header it includes earlier (and the headers that one includes),
//     and for those of the kernel model's prelude or the compiler
//     (__KERNEL__, __GNUC__...). What the includer defines before an
//     #include counts: a file is decided once per distinct macro state
//     it is included under (include.go);
//   - #if 0 is false, #if 1 true, #if NAME has the value of an integer
//     the file (or a header it includes) #defines NAME as; any other
//     condition the evaluator cannot
//     decide (version comparisons, arithmetic) takes its first branch;
//   - include guards (#ifndef X followed by #define X) are left alone, so
//     that a header included twice still expands once;
//   - #error directives are dropped (they become the null directive "#"):
//     one reached means the policy took a branch the configuration it
//     guards against would not, and the code around it still parses.

import (
	"bytes"
	"strconv"
	"strings"
	"unicode/utf8"

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

// preprocess is the conditional compilation stage: it decides the
// conditions of every file the module reads in the order a compiler meets
// them (an included header before the rest of its includer), rewrites
// them, and scans the result. A file is decided once for each distinct
// macro state it is included under (include.go); the headers outside the
// module that active includes name are read on the way.
func preprocess(src *moduleSources) {
	p := &preprocessor{src: src, decided: map[*srcFile]*inclusions{}, missing: map[string]bool{}}
	// -D first, then each -include file, seeing what came before.
	flags := p.newEnv()
	for _, d := range src.cfg.defines() {
		name, _, _ := strings.Cut(d, "=")
		flags.own[name] = true
	}
	base := p.newEnv()
	base.deps = []*macroEnv{flags}
	p.root = &scope{env: base}
	for _, f := range src.forced {
		if d := p.include(f, p.root, nil, 0); d != nil && d.env != nil {
			base.deps = append(base.deps, d.env)
		}
	}
	if src.flags != nil {
		p.include(src.flags, p.root, nil, 0)
	}
	for _, f := range src.files {
		// A header of the module is decided where it is included; one
		// no .c file includes, as if it were a file of its own.
		if p.isUnit(f) || p.decided[f] == nil || len(p.decided[f].list) == 0 {
			p.include(f, p.root, nil, 0)
		}
	}
	src.headers.frozen = true
	// A header found but never expanded (its guard was defined wherever
	// it was included, or the inclusion was cut) is no code of the module.
	found := src.headers.found[:0]
	for _, f := range src.headers.found {
		if f.scan != nil {
			found = append(found, f)
		}
	}
	src.headers.found = found
}

type preprocessor struct {
	src  *moduleSources
	root *scope // what -D and -include define
	gen  uint32 // the module's lookup generations (macroEnv.seen)
	// decided holds the decisions made for each file, by the file as read.
	decided map[*srcFile]*inclusions
	// missing holds the quoted includes found nowhere, noted once each.
	missing map[string]bool
}

func (p *preprocessor) newEnv() *macroEnv {
	return &macroEnv{own: map[string]bool{}, gen: &p.gen}
}

// scope is what is defined at a point of a file being decided: what the
// file defines so far, then what was defined where it was included.
type scope struct {
	env   *macroEnv
	outer *scope // nil at the root: -D, -include and the defaults
	// key records, for the decision being made, every name looked up
	// beyond the file and the answer (nil at the root).
	key map[string]bool
}

// isDefined reports whether id is defined at this point.
func (s *scope) isDefined(id string) bool {
	if v, known := s.env.defined(id); known {
		return v
	}
	if s.outer == nil {
		return defaultDefined(id)
	}
	if v, ok := s.key[id]; ok {
		return v
	}
	v := s.outer.isDefined(id)
	s.key[id] = v
	return v
}

// macroEnv is what a file defines: its own #defines (false: #undef)
// over those of the files it included, the last first.
type macroEnv struct {
	own map[string]bool
	// vals holds, for the names own defines as a plain integer (#define
	// DUMP_IT_BACK 0), whether that integer is non-zero: #if NAME is then
	// decided as a compiler would.
	vals map[string]bool
	deps []*macroEnv
	// hint is how many names own and vals may come to hold (the
	// directives of the text being decided), so that they are made
	// once, not grown define by define (register headers: thousands).
	hint int
	// seen is the last lookup that visited e, against diamonds of
	// includes; gen counts the lookups of e's module.
	seen uint32
	gen  *uint32
}

// defined reports whether id is defined in e, and whether e knows.
func (e *macroEnv) defined(id string) (v, known bool) {
	*e.gen++
	if d := e.find(id, *e.gen); d != nil {
		return d.own[id], true
	}
	return false, false
}

// value reports whether id is defined in e as a plain integer, and if so
// whether it is non-zero.
func (e *macroEnv) value(id string) (nonzero, known bool) {
	*e.gen++
	if d := e.find(id, *e.gen); d != nil {
		nonzero, known = d.vals[id]
	}
	return nonzero, known
}

// setDefine records a #define of id with body body.
func (e *macroEnv) setDefine(id, body string) {
	e.own[id] = true
	if v, ok := intLiteral(body); ok {
		if e.vals == nil {
			e.vals = make(map[string]bool, e.hint/2)
		}
		e.vals[id] = v != 0
	} else {
		delete(e.vals, id)
	}
}

// intLiteral returns the value of a macro body that is one decimal or
// hexadecimal integer constant (comments and an integer suffix allowed).
func intLiteral(body string) (uint64, bool) {
	// Most bodies start with no digit (names, calls, parentheses): no
	// number, whatever follows (the comment cut below starts with '/').
	for i := 0; i < len(body); i++ {
		if c := body[i]; c != ' ' && c != '\t' && c != '\n' && c != '\v' && c != '\f' && c != '\r' {
			if c < utf8.RuneSelf && (c < '0' || c > '9') {
				return 0, false
			}
			break
		}
	}
	if i := strings.Index(body, "/*"); i >= 0 {
		body = body[:i]
	}
	if i := strings.Index(body, "//"); i >= 0 {
		body = body[:i]
	}
	body = strings.TrimRight(strings.TrimSpace(body), "uUlL")
	if body == "" {
		return 0, false
	}
	v, err := strconv.ParseUint(body, 0, 64)
	if err != nil || (len(body) > 1 && body[0] == '0' && body[1] != 'x' && body[1] != 'X') {
		return 0, false // octal-looking or not a number: leave it undecided
	}
	return v, true
}

// find returns the env of e's chain that last defines or undefines id,
// the latest include first; nil when none does.
func (e *macroEnv) find(id string, gen uint32) *macroEnv {
	if e == nil || e.seen == gen {
		return nil
	}
	e.seen = gen
	if _, ok := e.own[id]; ok {
		return e
	}
	for i := len(e.deps) - 1; i >= 0; i-- {
		if d := e.deps[i].find(id, gen); d != nil {
			return d
		}
	}
	return nil
}

// rewriteConditionals returns src with every decidable conditional
// directive rewritten to #if 1, #if 0, #elif 1 or #elif 0. sc is the
// state the file is decided in; its env receives what the file defines.
// include is called for each active quoted include, with the offset of
// its directive, and returns what the header defines (nil: nothing).
func rewriteConditionals(src []byte, sc *scope, include func(off int, name string) *macroEnv) []byte {
	out, _ := rewriteConditionalsLines(src, directiveRanges(src), sc, include)
	return out
}

// rewriteConditionalsLines is rewriteConditionals of src whose
// directives are dirs (directiveRanges) that also reports whether a
// newline moved: a rewritten condition is written over the first bytes
// of its directive, which a continued line ("#if\\\n X") may have a
// newline among.
func rewriteConditionalsLines(src []byte, dirs [][2]int, sc *scope, include func(off int, name string) *macroEnv) (out []byte, moved bool) {
	if bytes.IndexByte(src, '#') < 0 {
		return src, false
	}
	out = src
	copied := false
	defined := sc.env
	if len(defined.own) == 0 && len(dirs) > 0 {
		defined.own, defined.hint = make(map[string]bool, len(dirs)), len(dirs)
	}
	var stack []condFrame
	active := func() bool { return len(stack) == 0 || stack[len(stack)-1].active && stack[len(stack)-1].outer }
	for _, dir := range dirs {
		j, end := dir[0], dir[1]
		name, rest := directiveWords(src[j+1 : end])
		replace := ""
		switch name {
		case "define":
			if active() {
				def := strings.TrimLeft(rest, " \t")
				id := firstIdent(def)
				body := ""
				if r := def[len(id):]; strings.HasPrefix(def, id) && r != "" && (r[0] == ' ' || r[0] == '\t') {
					body = r // an object-like macro; "(" would start parameters
				}
				defined.setDefine(id, body)
			}
		case "undef":
			if active() {
				defined.own[firstIdent(rest)] = false
				delete(defined.vals, firstIdent(rest))
			}
		case "include", "include_next":
			if name := quotedName(rest); name != "" && active() && include != nil {
				if h := include(j, name); h != nil {
					defined.deps = append(defined.deps, h)
					// An #undef before the include does not hide what
					// the header defines.
					for id, v := range defined.own {
						if !v {
							delete(defined.own, id)
						}
					}
				}
			}
		case "if", "ifdef", "ifndef":
			outer := active()
			var v, ok bool
			switch name {
			case "ifdef":
				v, ok = sc.isDefined(firstIdent(rest)), true
			case "ifndef":
				id := firstIdent(rest)
				if isGuard(src, end, id) {
					v, ok = true, false // leave include guards to the parser
				} else {
					v, ok = !sc.isDefined(id), true
				}
			default:
				v, ok = evalCond(rest, sc)
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
						v = sc.isDefined(firstIdent(rest))
					case "elifndef":
						v = !sc.isDefined(firstIdent(rest))
					default:
						var ok bool
						if v, ok = evalCond(rest, sc); !ok {
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
			if bytes.IndexByte(d[1:1+len(replace)], '\n') >= 0 {
				moved = true
			}
			copy(d[1:], replace)
			for p := 1 + len(replace); p < len(d); p++ {
				if d[p] != '\n' {
					d[p] = ' '
				}
			}
		}
	}
	return out, moved
}

func boolDigit(v bool) string {
	if v {
		return "1"
	}
	return "0"
}

// directiveWords splits "  ifdef FOO" into "ifdef" and " FOO". Both
// share the bytes of d (bytesString), which are never written: the texts
// read and decided are copied before they are rewritten.
func directiveWords(d []byte) (string, string) {
	s := strings.TrimLeft(bytesString(d), " \t")
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

// quotedName returns the name of an #include "name", "" for any other.
func quotedName(rest string) string {
	rest = strings.TrimLeft(rest, " \t")
	if !strings.HasPrefix(rest, "\"") {
		return ""
	}
	name, _, ok := strings.Cut(rest[1:], "\"")
	if !ok {
		return ""
	}
	return name
}

// defaultDefined reports whether id counts as defined where nothing
// defines or undefines it: a CONFIG_ option, a compiler macro, a macro of
// the kernel model's prelude.
func defaultDefined(id string) bool {
	return strings.HasPrefix(id, "CONFIG_") || compilerDefines[id] || kmodel.Prelude[id] != nil && !kmodel.Prelude[id].Typedef
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
func evalCond(expr string, defined *scope) (v, ok bool) {
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
	defined *scope
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
		return p.defined.isDefined(id), id != ""
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
	if word != "" && (word[0] < '0' || word[0] > '9') {
		// A name the file (or a header it includes) defines as an integer;
		// only the file's own chain is asked, so what an includer defines
		// never decides a header (its decisions are reused by macro state).
		if v, ok := p.defined.env.value(word); ok {
			return v, true
		}
	}
	return false, false
}
