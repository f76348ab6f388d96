package cparse

import (
	"sort"
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
}

func newModuleNames() *moduleNames {
	return &moduleNames{macros: map[string]bool{}, typedefs: map[string]bool{}, funcs: map[string]bool{}}
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
			if it.name != "" {
				m.funcs[it.name] = true
			}
			continue
		}
		first := s.toks[it.first]
		if first.kind == tIdent && s.text(first) == "typedef" {
			if name := declaredName(s, it); name != "" {
				m.typedefs[name] = true
			}
		}
	}
	// Typedefs inside structs or functions are rare; prototypes give names
	// of functions the module declares.
	for i := 0; i+1 < len(s.toks); i++ {
		t := s.toks[i]
		if t.kind == tIdent && s.is(i+1, "(") && i > 0 && s.toks[i-1].kind == tIdent {
			prev := s.text(s.toks[i-1])
			if typeKeywords[prev] || m.typedefs[prev] {
				m.funcs[s.text(t)] = true
			}
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
	typeArgs map[string]bool
	strs     map[string]bool
	strFuncs map[string]bool
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
		iters: map[string]bool{}, decls: map[string]bool{}, typeArgs: map[string]bool{},
		strs: map[string]bool{}, strFuncs: map[string]bool{},
	}
	for _, s := range files {
		inf.scanFile(s, names)
	}
	return inf
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
		return !names.known(name) && !names.funcs[name]
	}
	for i, t := range s.toks {
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
			if !inBody[i] && (itemStart[i] || itemStartAfterQualifiers(s, i, itemStart) || inStruct[i] && memberStart(s, i)) &&
				(s.is(after, ";") || s.is(after, "=") || after < len(s.toks) && s.toks[after].line > s.toks[close].line && !s.is(after, "{")) {
				inf.decls[name] = true // DEFINE_THING(x, 3); at file scope or in a struct
				continue
			}
			if i > 0 && s.toks[i-1].kind == tString || close+1 < len(s.toks) && s.toks[close+1].kind == tString {
				inf.strFuncs[name] = true // "abc" STRINGIFY(x)
				continue
			}
			if hasTypeArg(s, next, close, names) {
				inf.typeArgs[name] = true
				continue
			}
			if inBody[i] && atStmtStart(s, i) && after < len(s.toks) &&
				(s.is(after, "{") || s.toks[after].kind == tIdent && stmtKeywords[s.text(s.toks[after])] ||
					s.toks[after].kind == tIdent && s.toks[after].line > s.toks[close].line && !s.is(after+1, "=")) {
				inf.iters[name] = true
				continue
			}
			if inBody[i] && atStmtStart(s, i) && s.is(after, "=") {
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
			!s.is(i-2, "sizeof") && (i < 2 || s.toks[i-2].kind != tIdent || cKeywords[s.text(s.toks[i-2])]):
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

func itemStartAfterQualifiers(s *scanned, i int, itemStart []bool) bool {
	j := i - 1
	for j >= 0 && s.toks[j].kind == tIdent && declQualifiers[s.text(s.toks[j])] {
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

// hasTypeArg reports whether a macro call's arguments include a type name
// in a position where an expression is expected: FOO(x, struct bar, y).
func hasTypeArg(s *scanned, open, close int, names *moduleNames) bool {
	argStart := true
	depth := 0
	for j := open + 1; j < close; j++ {
		t := s.toks[j]
		if t.kind == tPunct {
			switch s.src[t.off] {
			case '(', '[', '{':
				depth++
			case ')', ']', '}':
				depth--
			case ',':
				if depth == 0 {
					argStart = true
					continue
				}
			}
			argStart = false
			continue
		}
		if argStart && t.kind == tIdent {
			w := s.text(t)
			if w == "struct" || w == "union" || w == "enum" || typeKeywords[w] || names.typedefs[w] {
				// int and friends followed by ')' or ',' alone are a type.
				return true
			}
			if e := kmodel.Prelude[w]; e != nil && e.Typedef && (s.is(j+1, ",") || s.is(j+1, ")") || s.is(j+1, "*")) {
				return true
			}
		}
		argStart = false
	}
	return false
}

func identsIn(b []byte) []string {
	var out []string
	for i := 0; i < len(b); {
		if isIdentByte(b[i]) && !(b[i] >= '0' && b[i] <= '9') {
			j := i
			for j < len(b) && isIdentByte(b[j]) {
				j++
			}
			out = append(out, string(b[i:j]))
			i = j
			continue
		}
		i++
	}
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
	for _, n := range sortedKeys(inf.iters) {
		b.WriteString("#define " + n + "(...) for (" + n + "(__VA_ARGS__);;)\n")
	}
	for _, n := range sortedKeys(inf.decls) {
		b.WriteString("#define " + n + "(...) int __kd_ignored\n")
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
