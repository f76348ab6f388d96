package cparse

import (
	"sort"
	"strconv"
	"strings"

	"github.com/kdlint/kdlint/kmodel"
)

// Driver code is parsed without the kernel headers that define most of the
// names it uses. Before parsing, the front end looks at how each unknown
// name is used and declares it as what it must be:
//
//	foo_t *p;                      foo_t is a type:        typedef int foo_t;
//	static int __devinit f(void)   __devinit is a marker:  #define __devinit
//	my_for_each(x, &head) { ... }  an iterator macro:      for (my_for_each(x, &head);;)
//	DEFINE_THING(name, 3);         a declaration macro:    int __kd_ignored
//	FOO(x, struct bar, y)          a macro taking a type:  0
//	DRV_NAME ": oops"              a string macro:         ""
//
// Names the kernel model's prelude defines are taken from there instead.

var cKeywords = setOf(
	"auto", "break", "case", "char", "const", "continue", "default", "do", "double",
	"else", "enum", "extern", "float", "for", "goto", "if", "inline", "int", "long",
	"register", "restrict", "return", "short", "signed", "sizeof", "static", "struct",
	"switch", "typedef", "union", "unsigned", "void", "volatile", "while", "_Bool",
	"_Complex", "_Imaginary", "_Alignas", "_Alignof", "_Atomic", "_Generic", "_Noreturn",
	"_Static_assert", "_Thread_local", "asm", "typeof", "__attribute__", "__attribute",
	"__asm__", "__asm", "__typeof__", "__typeof", "__inline__", "__inline", "__volatile__",
	"__volatile", "__signed__", "__restrict", "__restrict__", "__const", "__extension__",
	"__builtin_va_list", "__builtin_offsetof", "__builtin_types_compatible_p", "__int128",
	"__label__", "__auto_type", "__func__", "__FUNCTION__", "__PRETTY_FUNCTION__",
	"__alignof__", "__thread", "__real__", "__imag__", "_Float16", "__builtin_va_arg",
	"defined", "__has_include", "__has_attribute", "__has_builtin",
)

// Type keywords after which an unknown name is a declarator marker, not a type.
var typeKeywords = setOf("char", "int", "long", "short", "signed", "unsigned", "void",
	"float", "double", "_Bool")

var declQualifiers = setOf("static", "extern", "const", "volatile", "inline", "register",
	"auto", "__inline", "__inline__", "__const", "__volatile__", "_Noreturn", "typedef")

// Keywords followed by a parenthesized expression, not a cast: if (x) y;
var condKeywords = setOf("if", "while", "switch")

// Keywords an expression can follow.
var exprKeywords = setOf("sizeof", "typeof", "__typeof__", "__typeof", "_Alignof", "__alignof__", "return", "case")

var stmtKeywords = setOf("if", "for", "while", "switch", "return", "do", "goto", "break", "continue")

func setOf(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// moduleNames are the names a module defines itself, from every file.
type moduleNames struct {
	macros   map[string]bool // #define
	typedefs map[string]bool
	funcs    map[string]bool // defined or declared functions
	// vars are names declared as objects (int debug; struct foo *p,):
	// whatever else they look like, they are not types or macros.
	vars map[string]bool
	// allTypedefs are the typedefs of the whole module, where typedefs
	// holds those of one translation unit.
	allTypedefs map[string]bool
}

func newModuleNames() *moduleNames {
	return &moduleNames{macros: map[string]bool{}, typedefs: map[string]bool{}, funcs: map[string]bool{}, vars: map[string]bool{}}
}

// add records what file s defines.
func (m *moduleNames) add(s *scanned) {
	for _, d := range s.directives {
		if d.name == "define" && d.arg != "" && !d.alt {
			m.macros[d.arg] = true
		}
	}
	for _, it := range s.items {
		if it.funcDef {
			if it.name != "" && !macroBeforeDef(s, it) {
				m.funcs[it.name] = true
			}
			continue
		}
		addTypedef(s, it, m.typedefs)
	}
	// Typedefs inside structs or functions are rare; prototypes give names
	// of functions the module declares.
	for i := 0; i+1 < len(s.toks); i++ {
		t := s.toks[i]
		if t.kind != tIdent || i == 0 {
			continue
		}
		if s.is(i+1, "(") {
			// int f(...), u8 *acpi_f(...), struct foo *make_foo(...)
			j := i - 1
			for j > 0 && s.is(j, "*") {
				j--
			}
			if s.toks[j].kind == tIdent && m.isTypeWord(s, j) {
				m.funcs[s.text(t)] = true
			}
			continue
		}
		// A declarator after a type: int debug; u32 *regs = ...; f(int n)
		if n := s.toks[i+1]; n.kind == tPunct && !t.alt {
			j := i - 1
			for j > 0 && s.is(j, "*") {
				j--
			}
			switch s.src[n.off] {
			case ';', '=', ',', '[', ')':
				if n.end-n.off == 1 && s.toks[j].kind == tIdent && m.isTypeWord(s, j) {
					m.vars[s.text(t)] = true
				}
			}
		}
	}
}

// fileScopeDeclarator reports whether the name at i, followed by a
// parameter list, declares a function: at file scope, after a type or a
// marker macro (void ACPI_XFACE\nacpi_f(char *s)).
func fileScopeDeclarator(s *scanned, i int, inBody, inStruct []bool) bool {
	return i > 0 && !inBody[i] && !inStruct[i] && (s.toks[i-1].kind == tIdent && !exprKeywords[s.text(s.toks[i-1])] || s.is(i-1, "*"))
}

// isVar reports whether name is declared as an object and never as a
// type (typedef struct foo *foo_t; looks like a declaration of foo_t).
func (m *moduleNames) isVar(name string) bool {
	return m.vars[name] && !m.typedefs[name] && !m.allTypedefs[name]
}

// isTypeWord reports whether the identifier at i ends a type: a type
// keyword, a known typedef, or a struct tag (struct foo).
func (m *moduleNames) isTypeWord(s *scanned, i int) bool {
	w := s.text(s.toks[i])
	if typeKeywords[w] || m.typedefs[w] {
		return true
	}
	if e := kmodel.Prelude[w]; e != nil && e.Typedef {
		return true
	}
	if i > 0 && s.toks[i-1].kind == tIdent {
		switch s.text(s.toks[i-1]) {
		case "struct", "union", "enum":
			return true
		}
	}
	return false
}

// macroBeforeDef reports whether the name the scanner took for a function
// definition's is a macro call in front of it, with no ';' between them:
// ACPI_EXPORT_SYMBOL(f) or static DEF_SCSI_QCMD(q), then int g(void) {...}.
// The call starts the item (after storage classes) and is not followed by
// the body.
func macroBeforeDef(s *scanned, it item) bool {
	i := it.first
	// static DEF(q), STATIC DEF(q) (#define STATIC static)
	for i < it.bodyOpen && s.toks[i].kind == tIdent && (declQualifiers[s.text(s.toks[i])] || isUpper(s.text(s.toks[i]))) && !s.is(i+1, "(") {
		i++
	}
	if s.toks[i].kind != tIdent || s.text(s.toks[i]) != it.name || !s.is(i+1, "(") {
		return false
	}
	close := matchParen(s, i+1)
	return close > 0 && close+1 < it.bodyOpen && s.toks[close+1].line > s.toks[close].line
}

// addTypedef records the name a typedef item declares.
func addTypedef(s *scanned, it item, typedefs map[string]bool) {
	first := s.toks[it.first]
	if !it.funcDef && first.kind == tIdent && s.text(first) == "typedef" {
		if name := declaredName(s, it); name != "" {
			typedefs[name] = true
		}
	}
}

// declaredName returns the name a typedef item declares.
func declaredName(s *scanned, it item) string {
	// typedef int (*fn_t)(int); typedef struct {...} name; typedef int name[4];
	depth := 0
	name := ""
	for i := it.first; i <= it.last; i++ {
		t := s.toks[i]
		if t.alt {
			continue
		}
		if t.kind == tPunct {
			switch s.src[t.off] {
			case '{', '[':
				depth++
			case '}', ']':
				depth--
			case '(':
				if depth == 0 {
					// typedef int (*fn_t)(int); typedef bool (match_cb)(int);
					j := i + 1
					for s.is(j, "*") {
						j++
					}
					if j < it.last && s.toks[j].kind == tIdent && s.is(j+1, ")") && s.is(j+2, "(") {
						return s.text(s.toks[j])
					}
				}
				if s.is(i+1, "*") && i+2 <= it.last && s.toks[i+2].kind == tIdent {
					return s.text(s.toks[i+2])
				}
				depth++
			case ')':
				depth--
			}
			continue
		}
		if depth == 0 && t.kind == tIdent {
			name = s.text(t)
		}
	}
	return name
}

// inference is what the front end decided about a file's unknown names.
type inference struct {
	prelude  map[string]bool // prelude entries to include
	typedefs map[string]bool
	attrs    map[string]bool
	iters    map[string]bool
	decls    map[string]bool
	// declsNoSemi are declaration macros used with no ';' after them.
	declsNoSemi map[string]bool
	typeArgs    map[string]bool
	strs        map[string]bool
	strFuncs    map[string]bool
	code        map[string]*codeMacro
	// wrappers are module macros used like iterators (M(a, b) { ... });
	// when one expands to a single call of an unknown name, that name is
	// the iterator: #define ice_for_each_vf_rcu(...) hash_for_each_rcu(...).
	wrappers map[string]bool
}

// codeMacro is a macro taking statements as arguments.
type codeMacro struct {
	n    int    // number of arguments
	code uint64 // bit i: argument i is a statement
	iter bool   // the use is followed by a statement, like a loop
	bad  bool   // uses disagree
}

// known reports whether name needs no inference.
func (m *moduleNames) known(name string) bool {
	return cKeywords[name] || m.macros[name] || m.typedefs[name] || kmodel.Prelude[name] != nil
}

// infer looks at every use of an unknown name in the files of one
// translation unit.
func infer(files []*scanned, names *moduleNames) *inference {
	inf := &inference{
		prelude: map[string]bool{}, typedefs: map[string]bool{}, attrs: map[string]bool{},
		iters: map[string]bool{}, decls: map[string]bool{}, declsNoSemi: map[string]bool{}, typeArgs: map[string]bool{},
		strs: map[string]bool{}, strFuncs: map[string]bool{}, code: map[string]*codeMacro{},
		wrappers: map[string]bool{},
	}
	// A module header the unit does not include may define a name the
	// unit needs from the prelude or inference (ips.h: #define __iomem):
	// only the macros and typedefs of the unit's own files count as known.
	local := *names
	local.macros = map[string]bool{}
	local.typedefs = map[string]bool{}
	local.allTypedefs = names.typedefs
	for _, s := range files {
		for _, d := range s.directives {
			if d.name == "define" && d.arg != "" && !d.alt {
				local.macros[d.arg] = true
			}
		}
		for _, it := range s.items {
			addTypedef(s, it, local.typedefs)
		}
	}
	for _, s := range files {
		inf.scanFile(s, &local)
	}
	inf.wrappedIterators(files, &local)
	return inf
}

// wrappedIterators infers the iterators that module macros used like
// iterators wrap, through up to three levels of wrapping.
func (inf *inference) wrappedIterators(files []*scanned, names *moduleNames) {
	for range 3 {
		if len(inf.wrappers) == 0 {
			return
		}
		next := map[string]bool{}
		for _, s := range files {
			for _, d := range s.directives {
				if d.name != "define" || d.alt || !inf.wrappers[d.arg] {
					continue
				}
				body, _ := defineBody(s.src[d.off:d.end], d.arg)
				b := scanBody(body)
				if len(b.toks) < 3 || b.toks[0].kind != tIdent || !b.is(1, "(") || matchParen(b, 1) != len(b.toks)-1 {
					continue
				}
				switch name := b.text(b.toks[0]); {
				case names.macros[name]:
					next[name] = true
				case !names.known(name) && !names.funcs[name] && !names.isVar(name) && !cKeywords[name]:
					inf.iters[name] = true
				}
			}
		}
		inf.wrappers = next
	}
}

func (inf *inference) scanFile(s *scanned, names *moduleNames) {
	// Prelude entries for every name used, in code or in directives.
	for _, t := range s.toks {
		if t.kind == tIdent {
			if e := kmodel.Prelude[s.text(t)]; e != nil && !names.macros[e.Name] && !names.typedefs[e.Name] {
				inf.addPrelude(e)
			}
		}
	}
	for _, d := range s.directives {
		if d.name == "if" || d.name == "elif" || d.name == "define" {
			for _, id := range identsIn(s.src[d.off:d.end]) {
				if e := kmodel.Prelude[id]; e != nil && !names.macros[id] {
					inf.addPrelude(e)
				}
			}
		}
	}
	inf.scanDefines(s, names)
	// The parser sees only the active branches of conditionals.
	s = activeOnly(s)
	// Which tokens are at file scope and which in a function body.
	inBody := make([]bool, len(s.toks))
	itemStart := make([]bool, len(s.toks))
	for _, it := range s.items {
		itemStart[it.first] = true
		if it.funcDef {
			for i := it.bodyOpen + 1; i < it.last; i++ {
				inBody[i] = true
			}
		}
	}
	inStruct := structBodies(s)
	unknown := func(i int) bool {
		if i < 0 || i >= len(s.toks) || s.toks[i].kind != tIdent {
			return false
		}
		name := s.text(s.toks[i])
		return !names.known(name) && !names.funcs[name] && !names.isVar(name)
	}
	for i, t := range s.toks {
		if t.kind == tIdent && inBody[i] && names.macros[s.text(t)] && s.is(i+1, "(") && atStmtStart(s, i) {
			if close := matchParen(s, i+1); close > 0 && s.is(close+1, "{") {
				inf.wrappers[s.text(t)] = true
			}
		}
		if t.kind != tIdent || !unknown(i) {
			continue
		}
		name := s.text(t)
		if i > 0 && s.toks[i-1].kind == tIdent {
			switch s.text(s.toks[i-1]) {
			case "struct", "union", "enum", "goto":
				continue // a tag or a label, not a type
			}
		}
		if s.is(i-1, ".") || s.is(i-1, "->") {
			continue // a member name
		}
		next := i + 1
		switch {
		case s.is(next, "("):
			close := matchParen(s, next)
			if close < 0 {
				continue
			}
			after := close + 1
			if !inBody[i] && (itemStart[i] || itemStartAfterQualifiers(s, i, itemStart, names) || inStruct[i] && memberStart(s, i)) &&
				(s.is(after, ";") || s.is(after, "=") || after < len(s.toks) && s.toks[after].line > s.toks[close].line && !s.is(after, "{")) {
				inf.decls[name] = true // DEFINE_THING(x, 3); at file scope or in a struct
				if !s.is(after, ";") && !s.is(after, "=") {
					// static DEF_THING(fn) with no ';': the next item
					// follows on the next line.
					inf.declsNoSemi[name] = true
				}
				continue
			}
			if i > 0 && s.toks[i-1].kind == tString || close+1 < len(s.toks) && s.toks[close+1].kind == tString {
				inf.strFuncs[name] = true // "abc" STRINGIFY(x)
				continue
			}
			if inBody[i] && atStmtStart(s, i) {
				if n, code := codeArgs(s, next, close); code != 0 {
					// ASSERT_WITH_CODE(cond, "msg", return -1);
					inf.addCodeMacro(name, n, code, s.is(after, "{"))
					continue
				}
			}
			if hasTypeArg(s, next, close, names) && !fileScopeDeclarator(s, i, inBody, inStruct) {
				inf.typeArgs[name] = true
				continue
			}
			if inBody[i] && atStmtStart(s, i) && after < len(s.toks) &&
				(s.is(after, "{") || s.toks[after].kind == tIdent && stmtKeywords[s.text(s.toks[after])] ||
					s.toks[after].kind == tIdent && s.toks[after].line > s.toks[close].line && !s.is(after+1, "=")) {
				inf.iters[name] = true
				continue
			}
			if inBody[i] && atStmtStart(s, i) && s.is(after, "=") && s.is(after+1, "{") {
				inf.decls[name] = true // DECLARE_FOO(name) = {...}; in a function
				continue
			}
		case next < len(s.toks) && (s.toks[next].kind == tString) ||
			i > 0 && s.toks[i-1].kind == tString && !s.is(next, "("):
			inf.strs[name] = true
		case next < len(s.toks) && s.toks[next].kind == tIdent && !cKeywords[s.text(s.toks[next])] &&
			!names.macros[s.text(s.toks[next])] && !isPreludeMacro(s.text(s.toks[next])):
			// Two names in a row: the first is a type, or a marker
			// between the type and the declarator.
			if afterType(s, i, names) {
				inf.attrs[name] = true
			} else {
				inf.typedefs[name] = true
			}
		case s.is(i-1, "(") && emptyPreludeMacro(s, next) && s.is(next+1, "*"):
			// (compat_ulong_t __user *)buf: a cast to a pointer type.
			inf.typedefs[name] = true
		case s.is(next, "*") && declStart(s, i):
			// foo_t *p; foo_t **pp = ...;
			j := next
			for s.is(j, "*") {
				j++
			}
			if j < len(s.toks) && s.toks[j].kind == tIdent && (s.is(j+1, ";") || s.is(j+1, "=") ||
				s.is(j+1, ",") || s.is(j+1, ")") || s.is(j+1, "[")) {
				inf.typedefs[name] = true
			} else if s.is(j, ")") && s.is(i-1, "(") {
				inf.typedefs[name] = true // (foo_t *)p
			}
		case s.is(next, ")") && s.is(i-1, "(") && next+1 < len(s.toks) &&
			(s.toks[next+1].kind == tIdent && !cKeywords[s.text(s.toks[next+1])] || s.toks[next+1].kind == tNumber) &&
			!s.is(i-2, "sizeof") && (i < 2 || s.toks[i-2].kind != tIdent || cKeywords[s.text(s.toks[i-2])] && !condKeywords[s.text(s.toks[i-2])]):
			inf.typedefs[name] = true // (foo_t)x
		case s.is(next, ")") && s.is(i-1, "(") && s.is(i-2, ",") && inBody[i] == false:
			// foo(int, foo_t) in a prototype
			inf.typedefs[name] = true
		}
	}
}

func (inf *inference) addPrelude(e *kmodel.PreludeEntry) {
	if inf.prelude[e.Name] {
		return
	}
	inf.prelude[e.Name] = true
	for _, u := range e.Uses {
		inf.addPrelude(kmodel.Prelude[u])
	}
}

// atStmtStart reports whether token i begins a statement.
func atStmtStart(s *scanned, i int) bool {
	return i > 0 && (s.is(i-1, ";") || s.is(i-1, "{") || s.is(i-1, "}") || s.is(i-1, ")") ||
		s.is(i-1, ":") || s.toks[i-1].kind == tIdent && s.text(s.toks[i-1]) == "else")
}

// declStart reports whether token i can begin a declaration.
func declStart(s *scanned, i int) bool {
	if i == 0 {
		return true
	}
	p := s.toks[i-1]
	if p.kind == tIdent {
		return declQualifiers[s.text(p)]
	}
	return s.is(i-1, ";") || s.is(i-1, "{") || s.is(i-1, "}") || s.is(i-1, ",") && inParams(s, i) || s.is(i-1, "(") && inParams(s, i)
}

// inParams is a rough test for a parameter list: the enclosing '(' follows a
// name that follows a type (int foo(...)).
func inParams(s *scanned, i int) bool {
	depth := 0
	for j := i - 1; j >= 0 && j > i-64; j-- {
		switch {
		case s.is(j, ")"):
			depth++
		case s.is(j, "("):
			if depth == 0 {
				return j >= 2 && s.toks[j-1].kind == tIdent && (s.toks[j-2].kind == tIdent || s.is(j-2, "*"))
			}
			depth--
		case s.is(j, ";") || s.is(j, "{") || s.is(j, "}"):
			return false
		}
	}
	return false
}

// afterType reports whether the name at i follows a complete type, so that
// it is a marker such as __devinit rather than a type name.
func afterType(s *scanned, i int, names *moduleNames) bool {
	if i == 0 {
		return false
	}
	p := s.toks[i-1]
	if s.is(i-1, "*") {
		return true
	}
	if p.kind != tIdent {
		return false
	}
	prev := s.text(p)
	if typeKeywords[prev] || names.typedefs[prev] {
		return true
	}
	if e := kmodel.Prelude[prev]; e != nil && e.Typedef {
		return true
	}
	// struct foo __packed bar
	return i >= 2 && s.toks[i-2].kind == tIdent && (s.text(s.toks[i-2]) == "struct" || s.text(s.toks[i-2]) == "union" || s.text(s.toks[i-2]) == "enum")
}

// itemStartAfterQualifiers reports whether only storage classes and
// qualifiers, or macros (STATIC, __init), precede token i in its item.
func itemStartAfterQualifiers(s *scanned, i int, itemStart []bool, names *moduleNames) bool {
	j := i - 1
	for j >= 0 && s.toks[j].kind == tIdent && (declQualifiers[s.text(s.toks[j])] || names.macros[s.text(s.toks[j])] || isPreludeMacro(s.text(s.toks[j]))) {
		if itemStart[j] {
			return true
		}
		j--
	}
	return false
}

// matchParen returns the index of the ')' matching the '(' at open, or -1.
func matchParen(s *scanned, open int) int {
	depth := 0
	for j := open; j < len(s.toks); j++ {
		if s.toks[j].kind != tPunct {
			continue
		}
		switch s.src[s.toks[j].off] {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return j
			}
		case ';', '{', '}':
			if depth <= 1 && s.src[s.toks[j].off] != ';' {
				return -1
			}
		}
	}
	return -1
}

// argStarts returns the token index where each argument of the call whose
// parentheses are at open and close starts (close for an empty one).
func argStarts(s *scanned, open, close int) []int {
	starts := []int{open + 1}
	depth := 0
	for j := open + 1; j < close; j++ {
		t := s.toks[j]
		if t.kind != tPunct {
			continue
		}
		switch s.src[t.off] {
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			depth--
		case ',':
			if depth == 0 {
				starts = append(starts, j+1)
			}
		}
	}
	return starts
}

// hasTypeArg reports whether a macro call's arguments include a type name
// in a position where an expression is expected: FOO(x, struct bar, y).
func hasTypeArg(s *scanned, open, close int, names *moduleNames) bool {
	for _, j := range argStarts(s, open, close) {
		if j >= close || s.toks[j].kind != tIdent {
			continue
		}
		w := s.text(s.toks[j])
		if w == "struct" || w == "union" || w == "enum" || typeKeywords[w] || names.typedefs[w] {
			// int and friends followed by ')' or ',' alone are a type.
			return true
		}
		if e := kmodel.Prelude[w]; e != nil && e.Typedef && (s.is(j+1, ",") || s.is(j+1, ")") || s.is(j+1, "*")) {
			return true
		}
	}
	return false
}

// eachIdent calls f with each identifier of b, without allocating.
func eachIdent(b []byte, f func([]byte)) {
	for i := 0; i < len(b); {
		if isIdentByte(b[i]) && !(b[i] >= '0' && b[i] <= '9') {
			j := i
			for j < len(b) && isIdentByte(b[j]) {
				j++
			}
			f(b[i:j])
			i = j
			continue
		}
		i++
	}
}

func identsIn(b []byte) []string {
	var out []string
	eachIdent(b, func(id []byte) { out = append(out, string(id)) })
	return out
}

// prefix renders the prelude entries and inferred declarations as C.
func (inf *inference) prefix() string {
	var b strings.Builder
	b.WriteString("int __predefined_declarator;\n")
	// Macros first (typedef lines may use them), in a stable order.
	var macros, typedefs []string
	for name := range inf.prelude {
		if kmodel.Prelude[name].Typedef {
			typedefs = append(typedefs, name)
		} else {
			macros = append(macros, name)
		}
	}
	sort.Strings(macros)
	sort.Strings(typedefs)
	for _, n := range macros {
		b.WriteString(kmodel.Prelude[n].Text)
	}
	for _, n := range typedefs {
		b.WriteString(kmodel.Prelude[n].Text)
	}
	for _, n := range sortedKeys(inf.attrs) {
		b.WriteString("#define " + n + "\n")
	}
	for _, n := range sortedKeys(inf.strs) {
		b.WriteString("#define " + n + " \"\"\n")
	}
	for _, n := range sortedKeys(inf.strFuncs) {
		b.WriteString("#define " + n + "(...) \"\"\n")
	}
	for _, n := range sortedKeys(inf.typeArgs) {
		b.WriteString("#define " + n + "(...) 0\n")
	}
	for _, n := range sortedCodeKeys(inf.code) {
		b.WriteString(inf.code[n].define(n))
	}
	for _, n := range sortedKeys(inf.iters) {
		if inf.code[n] != nil {
			continue
		}
		b.WriteString("#define " + n + "(...) for (" + n + "(__VA_ARGS__);;)\n")
	}
	for _, n := range sortedKeys(inf.decls) {
		if inf.declsNoSemi[n] {
			b.WriteString("#define " + n + "(...) int __kd_ignored;\n")
		} else {
			b.WriteString("#define " + n + "(...) int __kd_ignored\n")
		}
	}
	for _, n := range sortedKeys(inf.typedefs) {
		if !inf.attrs[n] && !inf.strs[n] {
			b.WriteString("typedef int " + n + ";\n")
		}
	}
	return b.String()
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// emptyPreludeMacro reports whether token i is a prelude macro that
// expands to nothing: an annotation such as __user or __iomem.
func emptyPreludeMacro(s *scanned, i int) bool {
	if i >= len(s.toks) || s.toks[i].kind != tIdent {
		return false
	}
	name := s.text(s.toks[i])
	e := kmodel.Prelude[name]
	return e != nil && !e.Typedef && strings.TrimSpace(e.Text) == "#define "+name
}

// isPreludeMacro reports whether the prelude defines name as a macro.
func isPreludeMacro(name string) bool {
	e := kmodel.Prelude[name]
	return e != nil && !e.Typedef
}

// structBodies marks the tokens inside struct and union bodies, where a
// macro call can only be a member declaration.
func structBodies(s *scanned) []bool {
	in := make([]bool, len(s.toks))
	var stack []bool // per open brace: is it a struct body?
	for i, t := range s.toks {
		if t.kind == tPunct {
			switch s.src[t.off] {
			case '{':
				isStruct := i >= 1 && (s.toks[i-1].kind == tIdent && (s.text(s.toks[i-1]) == "struct" || s.text(s.toks[i-1]) == "union") ||
					i >= 2 && s.toks[i-2].kind == tIdent && (s.text(s.toks[i-2]) == "struct" || s.text(s.toks[i-2]) == "union"))
				stack = append(stack, isStruct)
				continue
			case '}':
				if len(stack) > 0 {
					stack = stack[:len(stack)-1]
				}
				continue
			}
		}
		in[i] = len(stack) > 0 && stack[len(stack)-1]
	}
	return in
}

// memberStart reports whether token i begins a struct member declaration.
func memberStart(s *scanned, i int) bool {
	return s.is(i-1, "{") || s.is(i-1, ";") || s.is(i-1, "}")
}

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
	out := &scanned{src: s.src, toks: make([]tok, 0, len(s.toks)/2)}
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
	out := &scanned{src: s.src, directives: s.directives, toks: make([]tok, 0, len(s.toks)-n)}
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

// isUpper reports whether name is written in capitals, as macros are.
func isUpper(name string) bool {
	for i := 0; i < len(name); i++ {
		if c := name[i]; c >= 'a' && c <= 'z' {
			return false
		}
	}
	return true
}

// scanDefines looks at the unknown names used in the bodies of the file's
// macros, which the parser expands wherever the macro is used:
//
//	#define NBITS BITS_PER_TYPE(u32)          a macro taking a type
//	#define PFX DRV_NAME ": "                 a string macro
//
// Only these expression shapes are inferred: a body is no statement or
// declaration context, and its parameters are not names of the file.
func (inf *inference) scanDefines(s *scanned, names *moduleNames) {
	for _, d := range s.directives {
		if d.name != "define" || d.alt || d.arg == "" {
			continue
		}
		body, params := defineBody(s.src[d.off:d.end], d.arg)
		if len(body) == 0 {
			continue
		}
		b := scanBody(body)
		inf.bodyIterator(b, params, names)
		for i, t := range b.toks {
			if t.kind != tIdent {
				continue
			}
			name := b.text(t)
			if params[name] || names.known(name) || names.funcs[name] || names.isVar(name) ||
				b.is(i-1, ".") || b.is(i-1, "->") || b.is(i-1, "#") || b.is(i-1, "##") || b.is(i+1, "##") {
				continue
			}
			if b.is(i+1, "(") {
				close := matchParen(b, i+1)
				if close < 0 {
					continue
				}
				switch {
				case i > 0 && b.toks[i-1].kind == tString || close+1 < len(b.toks) && b.toks[close+1].kind == tString:
					inf.strFuncs[name] = true
				case hasTypeArg(b, i+1, close, names):
					inf.typeArgs[name] = true
				}
				continue
			}
			if i+1 < len(b.toks) && b.toks[i+1].kind == tString || i > 0 && b.toks[i-1].kind == tString ||
				i+1 < len(b.toks) && isFormatParam(b.text(b.toks[i+1]), params) {
				inf.strs[name] = true // PFX "x", PFX fmt
			}
		}
	}
}

// defineBody splits a #define directive into its replacement text and the
// names of its parameters.
func defineBody(d []byte, name string) ([]byte, map[string]bool) {
	// Skip "#", spaces, "define", spaces, the name.
	i := 1
	for i < len(d) && (d[i] == ' ' || d[i] == '\t') {
		i++
	}
	i += len("define")
	for i < len(d) && (d[i] == ' ' || d[i] == '\t') {
		i++
	}
	i += len(name)
	if i > len(d) {
		return nil, nil
	}
	var params map[string]bool
	if i < len(d) && d[i] == '(' {
		params = map[string]bool{}
		j := i + 1
		for j < len(d) && d[j] != ')' {
			if isIdentByte(d[j]) {
				k := j
				for k < len(d) && isIdentByte(d[k]) {
					k++
				}
				params[string(d[j:k])] = true
				j = k
				continue
			}
			j++
		}
		if j >= len(d) {
			return nil, nil
		}
		params["__VA_ARGS__"] = true
		i = j + 1
	}
	return d[i:], params
}

// scanBody tokenizes a macro body (continuation lines included).
func scanBody(body []byte) *scanned {
	b := &scanned{src: body}
	for i := 0; i < len(body); {
		c := body[i]
		switch {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\\':
			i++
			continue
		case c == '/' && i+1 < len(body) && body[i+1] == '*':
			i += 2
			for i < len(body) && !(body[i] == '*' && i+1 < len(body) && body[i+1] == '/') {
				i++
			}
			i += 2
			continue
		case c == '/' && i+1 < len(body) && body[i+1] == '/':
			return b
		}
		start := i
		var kind tokKind
		switch {
		case isIdentByte(c) && !(c >= '0' && c <= '9'):
			for i < len(body) && isIdentByte(body[i]) {
				i++
			}
			kind = tIdent
		case c >= '0' && c <= '9':
			for i < len(body) && (isIdentByte(body[i]) || body[i] == '.') {
				i++
			}
			kind = tNumber
		case c == '"' || c == '\'':
			kind, i = scanQuoted(body, i)
		default:
			kind = tPunct
			i++
			if i < len(body) && (c == '#' && body[i] == '#' || c == '-' && body[i] == '>') {
				i++
			}
		}
		b.toks = append(b.toks, tok{kind: kind, off: int32(start), end: int32(i)})
	}
	return b
}

// bodyIterator looks at a macro body that is a loop ending in a call
// (for (...) my_filter(x)): the call is an iterator-like macro, followed
// by the loop body where the macro is used.
func (inf *inference) bodyIterator(b *scanned, params map[string]bool, names *moduleNames) {
	n := len(b.toks)
	if n < 4 || !b.is(n-1, ")") {
		return
	}
	loop := false
	for _, t := range b.toks {
		if t.kind == tIdent {
			if w := b.text(t); w == "for" || w == "while" || inf.iters[w] || isPreludeIterator(w) {
				loop = true
				break
			}
		}
	}
	if !loop {
		return
	}
	depth := 0
	for j := n - 1; j > 0; j-- {
		switch {
		case b.is(j, ")"):
			depth++
		case b.is(j, "("):
			depth--
		}
		if depth == 0 {
			if t := b.toks[j-1]; t.kind == tIdent {
				name := b.text(t)
				if !params[name] && !names.known(name) && !names.funcs[name] && !names.isVar(name) && !cKeywords[name] {
					inf.iters[name] = true
				}
			}
			return
		}
	}
}

// isPreludeIterator reports whether the prelude defines name as a loop.
func isPreludeIterator(name string) bool {
	e := kmodel.Prelude[name]
	return e != nil && !e.Typedef && strings.Contains(e.Text, "for (")
}

// isFormatParam reports whether name is a macro parameter for a format
// string (fmt, format, ...): a name right before it is a string prefix.
func isFormatParam(name string, params map[string]bool) bool {
	return params[name] && (strings.Contains(name, "fmt") || strings.Contains(name, "format"))
}

// codeArgs splits the arguments of the call whose parentheses are at open
// and close, and reports how many there are and which are statements
// (return x, break, goto out).
func codeArgs(s *scanned, open, close int) (int, uint64) {
	starts := argStarts(s, open, close)
	var code uint64
	for n, j := range starts {
		if n < 64 && j < close && s.toks[j].kind == tIdent {
			switch s.text(s.toks[j]) {
			case "return", "break", "continue", "goto":
				code |= 1 << n
			}
		}
	}
	return len(starts), code
}

func (inf *inference) addCodeMacro(name string, n int, code uint64, iter bool) {
	m := inf.code[name]
	if m == nil {
		inf.code[name] = &codeMacro{n: n, code: code, iter: iter}
		return
	}
	if m.n != n || m.code != code || m.iter != iter {
		m.bad = true
	}
}

// define renders a macro taking statements: the call stays a call with
// the other arguments, and the statements run in a branch.
//
//	#define M(a0, a1, a2) if (M(a0, a1)) { a2; }
//	#define M(a0, a1) for (M(a1);;) if (0) { a0; } else      (M(...) { ... })
func (m *codeMacro) define(name string) string {
	if m.bad || m.n > 64 {
		return "#define " + name + "(...) 0\n"
	}
	var params, args, stmts []string
	for i := 0; i < m.n; i++ {
		p := "__kd_a" + strconv.Itoa(i)
		params = append(params, p)
		if m.code&(1<<i) != 0 {
			stmts = append(stmts, p+";")
		} else {
			args = append(args, p)
		}
	}
	call := name + "(" + strings.Join(args, ", ") + ")"
	head := "#define " + name + "(" + strings.Join(params, ", ") + ") "
	if m.iter {
		return head + "for (" + call + ";;) if (0) { " + strings.Join(stmts, " ") + " } else\n"
	}
	return head + "if (" + call + ") { " + strings.Join(stmts, " ") + " }\n"
}

func sortedCodeKeys(m map[string]*codeMacro) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
