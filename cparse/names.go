package cparse

import (
	"strings"

	"github.com/kdlint/kdlint/kmodel"
)

// The names stage: what the module defines itself, from every file it
// reads (its own, the headers outside it, -include and -D): macros,
// typedefs, functions and variables. Inference takes a name defined here
// as known; relevance builds its graph over these functions and macros.

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

// Storage classes, which only a declaration starts with.
var storageClasses = setOf("static", "extern", "typedef")

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
	// model holds every name the kernel model of the run knows
	// (kmodel.Model.Names): declarations that mention one are kept.
	model map[string]bool
	// watch holds names the module may mention (relevance's BH names):
	// add sets watched when a token it reads is one, in its pass over
	// every token, without a pass of its own. watchLengths is their
	// lengthBits.
	watch        map[string]bool
	watchLengths uint64
	watchList    []string // watch's names, when a few: compared, not hashed
	watched      bool
}

// watchFor makes add look for the names of watch (none: nothing).
func (m *moduleNames) watchFor(watch map[string]bool) {
	if len(watch) == 0 {
		return
	}
	m.watch, m.watchLengths, m.watchList = watch, lengthBits(watch), nil
	if len(watch) <= 8 {
		for n := range watch {
			m.watchList = append(m.watchList, n)
		}
	}
}

// lengthBits has a bit per length of the names (one for all longer than
// 63): a token whose length's bit is clear is none of them, told apart
// without a lookup (hasLength).
func lengthBits(names map[string]bool) uint64 {
	var bits uint64
	for n := range names {
		bits |= 1 << min(len(n), 63)
	}
	return bits
}

// hasLength reports whether a token n bytes long may be one of the names
// of bits (lengthBits).
func hasLength(bits uint64, n int) bool { return bits&(1<<min(n, 63)) != 0 }

// watches reports whether t of s is a name of watch.
func (m *moduleNames) watches(s *scanned, t tok) bool {
	n := int(t.end - t.off)
	if t.kind != tIdent || !hasLength(m.watchLengths, n) {
		return false
	}
	if m.watchList == nil {
		return m.watch[s.text(t)]
	}
	for _, w := range m.watchList {
		if len(w) == n && w[0] == s.src[t.off] && w == s.text(t) {
			return true
		}
	}
	return false
}

func newModuleNames(model *kmodel.Model) *moduleNames {
	return &moduleNames{macros: map[string]bool{}, typedefs: map[string]bool{}, funcs: map[string]bool{}, vars: map[string]bool{},
		model: model.Names()}
}

// countFuncs counts the function definitions of the module's .c files.
func countFuncs(src *moduleSources) {
	for _, f := range src.files {
		if strings.HasSuffix(f.rel, ".c") {
			for _, it := range f.scan.items {
				if it.funcDef {
					f.ir.Funcs++
				}
			}
		}
	}
}

// moduleNamesOf is the names stage.
func moduleNamesOf(src *moduleSources) *moduleNames { return moduleNamesWatching(src, nil) }

// moduleNamesWatching is moduleNamesOf that also answers whether the
// texts mention a name of watch (moduleNames.watched), as mentionsAny
// over them would.
func moduleNamesWatching(src *moduleSources, watch map[string]bool) *moduleNames {
	names := newModuleNames(src.cfg.model())
	names.watchFor(watch)
	// Room for every active #define of the module's own files (most
	// name distinct macros), so that the map is not grown define by
	// define.
	n := 0
	for _, f := range src.files {
		for _, d := range f.scan.directives {
			if d.name == "define" && !d.alt {
				n++
			}
		}
	}
	names.macros = make(map[string]bool, n)
	// What add makes of a text depends on the typedefs known before it
	// alone (isTypeWord): a variant sharing its file's text (sameAsFirst)
	// adds nothing new while none was added since that text was.
	typedefsAt := make(map[*scanned]int, len(src.files)+len(src.headers.found))
	add := func(f *srcFile) {
		if n, ok := typedefsAt[f.scan]; ok && n == len(names.typedefs) {
			return
		}
		names.add(f.scan)
		typedefsAt[f.scan] = len(names.typedefs)
	}
	for _, f := range src.config() {
		names.add(f.scan)
	}
	for _, f := range src.files {
		add(f)
	}
	for _, f := range src.headers.found {
		add(f)
	}
	for _, f := range src.variants {
		add(f)
	}
	return names
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
			if it.name != "" && !macroBeforeDef(s, it) && !definedByMacro(s, it) {
				m.funcs[it.name] = true
			}
			continue
		}
		addTypedef(s, it, m.typedefs)
	}
	// Typedefs inside structs or functions are rare; prototypes give names
	// of functions the module declares.
	watching := m.watch != nil && !m.watched
	if watching && len(s.toks) > 0 && (m.watches(s, s.toks[0]) || m.watches(s, s.toks[len(s.toks)-1])) {
		m.watched, watching = true, false // the tokens the loop does not read
	}
	for i := 1; i+1 < len(s.toks); i++ {
		t := s.toks[i]
		if t.kind != tIdent {
			continue
		}
		if watching && m.watches(s, t) {
			m.watched, watching = true, false
		}
		// Both cases are of a name before a punctuator.
		n := s.toks[i+1]
		if n.kind != tPunct {
			continue
		}
		if n.end-n.off == 1 && s.src[n.off] == '(' {
			// int f(...), u8 *acpi_f(...), struct foo *make_foo(...)
			j := i - 1
			for j > 0 && s.is(j, "*") {
				j--
			}
			if s.toks[j].kind == tIdent && m.isTypeWord(s, j) {
				if name := s.text(t); !m.funcs[name] { // most are there: read, not written
					m.funcs[name] = true
				}
			}
			continue
		}
		// A declarator after a type: int debug; u32 *regs = ...; f(int n)
		if !t.alt {
			j := i - 1
			for j > 0 && s.is(j, "*") {
				j--
			}
			switch s.src[n.off] {
			case ';', '=', ',', '[', ')':
				if n.end-n.off == 1 && s.toks[j].kind == tIdent && m.isTypeWord(s, j) {
					if name := s.text(t); !m.vars[name] {
						m.vars[name] = true
					}
				}
			}
		}
	}
}

// known reports whether name needs no inference.
func (m *moduleNames) known(name string) bool {
	return cKeywords[name] || m.macros[name] || m.typedefs[name] || kmodel.Prelude[name] != nil
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
	// The checks without a lookup first (the answer is their union).
	w := s.text(s.toks[i])
	if isTypeKeyword(w) {
		return true
	}
	if i > 0 && s.toks[i-1].kind == tIdent {
		switch s.text(s.toks[i-1]) {
		case "struct", "union", "enum":
			return true
		}
	}
	if m.typedefs[w] {
		return true
	}
	e := kmodel.Prelude[w]
	return e != nil && e.Typedef
}

// isTypeKeyword is typeKeywords[w], compared rather than hashed.
func isTypeKeyword(w string) bool {
	switch w {
	case "char", "int", "long", "short", "signed", "unsigned", "void", "float", "double", "_Bool":
		return true
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

// definedByMacro reports whether a function definition's item has no
// return type before the name the scanner took for the function's, only
// storage classes: that is a macro defining the function
// (SYSCALL_DEFINE1(close, unsigned int, fd) {...}, static
// CLOSURE_CALLBACK(fn) {...}), not its name.
func definedByMacro(s *scanned, it item) bool {
	for i := it.first; i < it.bodyOpen; i++ {
		t := s.toks[i]
		if t.alt {
			continue
		}
		if w := s.text(t); w == it.name {
			return true
		} else if t.kind != tIdent || !declQualifiers[w] {
			return false
		}
	}
	return false
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
		// The last name at depth 0, but for attributes after it:
		// } foo_t __aligned(32); } bar_t __packed;
		if depth == 0 && t.kind == tIdent && !s.is(i+1, "(") && !cKeywords[s.text(t)] && !isPreludeMacro(s.text(t)) {
			name = s.text(t)
		}
	}
	return name
}
