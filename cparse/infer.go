package cparse

import (
	"strings"
	"sync"

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

// inference is what the front end decided about a file's unknown names.
type inference struct {
	prelude map[string]bool // prelude entries to include
	// guessed holds, per unknown name, every guess its uses suggest;
	// decide says which one is rendered.
	guessed map[string]guesses
	// declsNoSemi are declaration macros used with no ';' after them;
	// code the shapes of the macros taking statements.
	declsNoSemi map[string]bool
	code        map[string]*codeMacro
	// unnamedFuncDefs are function-defining macros (asFuncDef) used with
	// a first argument that is no name.
	unnamedFuncDefs map[string]bool
	// wrappers are module macros used like iterators (M(a, b) { ... });
	// when one expands to a single call of an unknown name, that name is
	// the iterator: #define ice_for_each_vf_rcu(...) hash_for_each_rcu(...).
	wrappers map[string]bool
	// facts caches, per name, what scanFile asks of factsOf (nameFact):
	// most names are used many times in a unit, and each question is
	// several map lookups.
	facts map[string]nameFact
	// moduleKnown: moduleKnownNames of the module, or nil (inferWith).
	moduleKnown map[string]bool
	factsOf     *moduleNames
	// srcs are the files whose scans inference reads, by their source
	// (body).
	srcs map[*byte]*srcFile
}

// body returns the replacement list and parameters of the #define d of
// s: its file's, parsed once for the module (srcFile.defines), when the
// file is known.
func (inf *inference) body(s *scanned, d directive) (*scanned, map[string]bool) {
	if len(s.src) > 0 {
		if f := inf.srcs[&s.src[0]]; f != nil {
			if def := defineAt(f, d.off); def != nil && def.d.arg == d.arg && def.d.end == d.end {
				return def.body, def.params
			}
		}
	}
	text, params := defineBody(s.src[d.off:d.end], d.arg)
	return scanBody(text), params
}

// nameFact is what scanFile knows of a name under one moduleNames.
type nameFact uint8

const (
	factSet     nameFact = 1 << iota // the other bits are set
	factUnknown                      // no keyword, macro, typedef, prelude entry, function or variable
	factMacro                        // a macro of the unit
	factPrelude                      // its prelude entry, if any, was added (addPrelude)
)

// fact returns what is known of name under names, working it out on
// first use.
func (inf *inference) fact(name string, names *moduleNames) nameFact {
	if inf.factsOf != names {
		inf.facts, inf.factsOf = map[string]nameFact{}, names
	}
	f := inf.facts[name]
	if f&factSet == 0 {
		f = inf.computeFact(name, names)
		inf.facts[name] = f
	}
	return f
}

// computeFact works out what fact returns of name.
func (inf *inference) computeFact(name string, names *moduleNames) nameFact {
	f := factSet
	switch {
	case inf.moduleKnown != nil:
		// known, funcs and isVar in four lookups (moduleKnown).
		if names.macros[name] {
			f |= factMacro
		} else if !keywordOrPrelude()[name] && !inf.moduleKnown[name] && !names.typedefs[name] {
			f |= factUnknown
		}
	default:
		if !names.known(name) && !names.funcs[name] && !names.isVar(name) {
			f |= factUnknown
		}
		if names.macros[name] {
			f |= factMacro
		}
	}
	return f
}

// factOnce returns fact(name, names) and notes mark of it, reporting
// whether mark was not noted before; the name's facts are stored once.
func (inf *inference) factOnce(name string, names *moduleNames, mark nameFact) (nameFact, bool) {
	if inf.factsOf != names {
		inf.facts, inf.factsOf = map[string]nameFact{}, names
	}
	f := inf.facts[name]
	if f&mark != 0 {
		return f, false
	}
	if f&factSet == 0 {
		f = inf.computeFact(name, names)
	}
	inf.facts[name] = f | mark
	return f, true
}

// keywordOrPrelude returns the names known whatever the module: C's
// keywords and the prelude's (moduleNames.known).
var keywordOrPrelude = sync.OnceValue(func() map[string]bool {
	m := make(map[string]bool, len(cKeywords)+len(kmodel.Prelude))
	for k := range cKeywords {
		m[k] = true
	}
	for k := range kmodel.Prelude {
		m[k] = true
	}
	return m
})

// moduleKnownNames returns the names of module that no unit can take for
// unknown: its functions and the names it declares as objects but never
// as types (module's typedefs are a unit's allTypedefs, inferWith). With
// keywordOrPrelude and a unit's macros and typedefs they are those fact
// does not take for unknown: a name declared as an object is a variable
// (isVar) unless the unit or the module has it as a typedef, and a unit's
// typedef is known.
func moduleKnownNames(module *moduleNames) map[string]bool {
	m := make(map[string]bool, len(module.funcs)+len(module.vars))
	for k := range module.funcs {
		m[k] = true
	}
	for k := range module.vars {
		if !module.typedefs[k] {
			m[k] = true
		}
	}
	return m
}

// guess is what inference takes an unknown name for, from one use.
type guess uint8

const (
	asType       guess = iota // foo_t *p:              typedef int foo_t;
	asMarker                  // int __devinit f(void): #define __devinit
	asString                  // DRV_NAME ": x":        #define DRV_NAME ""
	asStringFunc              // "abc" STR(x):          #define STR(...) ""
	asTypeArg                 // FOO(x, struct bar):    #define FOO(...) 0
	asTypeMacro               // FOO(struct bar) x;     #define FOO(...) int
	asIterator                // my_for_each(x, h) {}:  for (my_for_each(...);;)
	asCode                    // M(c, return -1);       codeMacro.define
	asDecl                    // DEFINE_THING(x, 3);    int __kd_ignored
	asFuncDef                 // BPF_CALL_1(f, u64, x) {...}: long f(void)
	asStmt                    // do { UNROLL(n, M) } ...: UNROLL(n, M);
	asParams                  // f(PMF_STD_ARGS, u32 len) {...}: int __kd_params_PMF_STD_ARGS
)

// guesses is a set of guesses.
type guesses uint16

func (g guesses) has(x guess) bool { return g&(1<<x) != 0 }

// macroPrecedence lists the guesses rendered as a macro, the strongest
// first: when the uses of a name suggest several, the first of them wins.
// A declaration macro must swallow its arguments wherever it is used; a
// macro given statements must keep them; a loop header must be followed
// by its body; the others are expressions, the more specific first.
var macroPrecedence = []guess{asFuncDef, asDecl, asCode, asIterator, asStmt, asTypeMacro, asTypeArg, asStringFunc, asString, asParams, asMarker}

// decide returns the macro guess that wins for g (ok false: none), and
// whether the name is also declared as a type: a typedef is kept beside a
// function-like macro (FOO *p and FOO(x, int) can both hold), but an
// object-like one would expand the typedef's name away.
func (g guesses) decide() (macro guess, ok, typedef bool) {
	for _, x := range macroPrecedence {
		if g.has(x) {
			macro, ok = x, true
			break
		}
	}
	return macro, ok, g.has(asType) && !g.has(asMarker) && !g.has(asString)
}

// add records that one use of name suggests x.
func (inf *inference) add(name string, x guess) { inf.guessed[name] |= 1 << x }

// is reports whether some use of name suggested x.
func (inf *inference) is(name string, x guess) bool { return inf.guessed[name].has(x) }

// codeMacro is a macro taking statements as arguments.
type codeMacro struct {
	n    int    // number of arguments
	code uint64 // bit i: argument i is a statement
	iter bool   // the use is followed by a statement, like a loop
	bad  bool   // uses disagree
}

// infer looks at every use of an unknown name in the files of one
// translation unit.
func infer(files []*scanned, names *moduleNames) *inference {
	return inferWith(files, nil, nil, nil, names, nil)
}

// inferWith is infer with, for each file when it is known (tokNames[i]
// not nil), the distinct names of its tokens: what the file's tokens ask
// of the prelude, asked once per name rather than once per token; and
// the files the scans are of (srcs[i], when not nil), whose #defines are
// parsed once for the module.
//
// moduleKnown, when not nil, is moduleKnownNames(names), made once for
// the module's units.
func inferWith(files []*scanned, tokNames [][]string, srcs []*srcFile, preludes [][]*kmodel.PreludeEntry, names *moduleNames, moduleKnown map[string]bool) *inference {
	inf := &inference{prelude: map[string]bool{}, guessed: map[string]guesses{}, declsNoSemi: map[string]bool{},
		code: map[string]*codeMacro{}, wrappers: map[string]bool{}, unnamedFuncDefs: map[string]bool{},
		srcs: map[*byte]*srcFile{}, moduleKnown: moduleKnown}
	for i, f := range srcs {
		if f != nil && i < len(files) && len(f.src) > 0 && len(files[i].src) > 0 && &files[i].src[0] == &f.src[0] {
			inf.srcs[&f.src[0]] = f
		}
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
	for i, s := range files {
		var toks []string
		if i < len(tokNames) {
			toks = tokNames[i]
		}
		var pe []*kmodel.PreludeEntry
		if i < len(preludes) {
			pe = preludes[i]
		}
		inf.scanFile(s, toks, pe, &local)
	}
	inf.wrappedIterators(files, &local)
	inf.wrappedDeclarations(files, &local)
	return inf
}

// wrappedDeclarations infers the declaration macros that module macros
// used as declarations wrap: a macro called after a storage class
// (static M(x, 0); in code or in another macro's body) or as a file-scope
// item (M(x);) whose body ends in a call of an unknown name declares what
// that name does: #define MADERA_MUX_ENUM_DECL(n, r)
// SOC_VALUE_ENUM_SINGLE_AUTODISABLE_DECL(n, r, ...), or a function
// definition then early_param(#p, fn). Up to three levels of wrapping
// are followed.
func (inf *inference) wrappedDeclarations(files []*scanned, names *moduleNames) {
	decls := map[string]bool{}
	afterStorage := func(s *scanned) {
		for i := 1; i+1 < len(s.toks); i++ {
			if t := s.toks[i]; t.kind == tIdent && s.is(i+1, "(") && s.toks[i-1].kind == tIdent &&
				storageClasses[s.text(s.toks[i-1])] && names.macros[s.text(t)] {
				decls[s.text(t)] = true
			}
		}
	}
	for _, s := range files {
		afterStorage(s)
		// Module macros called as a file-scope item: M(x);
		for _, it := range s.items {
			if t := s.toks[it.first]; !it.funcDef && t.kind == tIdent && names.macros[s.text(t)] && s.is(it.first+1, "(") &&
				matchParen(s, it.first+1) == it.last-1 && s.is(it.last, ";") {
				decls[s.text(t)] = true
			}
		}
		for _, d := range s.directives {
			if d.name == "define" && !d.alt {
				body, _ := inf.body(s, d)
				afterStorage(body)
			}
		}
	}
	for range 3 {
		if len(decls) == 0 {
			return
		}
		next := map[string]bool{}
		for _, s := range files {
			for _, d := range s.directives {
				if d.name != "define" || d.alt || !decls[d.arg] {
					continue
				}
				body, _ := inf.body(s, d)
				name, ok := lastCall(body)
				switch {
				case !ok:
				case names.macros[name]:
					next[name] = true
				case !names.known(name) && !names.funcs[name] && !names.isVar(name) && !cKeywords[name]:
					inf.add(name, asDecl)
				}
			}
		}
		decls = next
	}
}

// wrappedIterators infers the iterators that module macros used like
// iterators wrap, through up to three levels of wrapping: the call the
// macro's body ends in ((bit) = FIRST; for_each_set_bit_from(bit, ...)).
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
				body, _ := inf.body(s, d)
				name, ok := lastCall(body)
				switch {
				case !ok:
				case names.macros[name]:
					next[name] = true
				case !names.known(name) && !names.funcs[name] && !names.isVar(name) && !cKeywords[name]:
					inf.add(name, asIterator)
				}
			}
		}
		inf.wrappers = next
	}
}

// scanFile looks at the uses of unknown names in s; tokNames, when not
// nil, are the distinct names of s's tokens.
//
// preludes, when not nil, are the prelude entries of tokNames' names (in
// their order), as kmodel.Prelude has them: only they are tried (each
// name's fact is worked out when the tokens are looked at below, as a
// name met before is). addPrelude adds an entry once, and whether it is
// added depends on names alone: the entries added are those of trying
// every name.
func (inf *inference) scanFile(s *scanned, tokNames []string, preludes []*kmodel.PreludeEntry, names *moduleNames) {
	// Prelude entries for every name used, in code or in directives.
	prelude := func(name string) {
		// Once per name: addPrelude would do nothing the next time.
		if f, first := inf.factOnce(name, names, factPrelude); first {
			if inf.moduleKnown != nil && f&factUnknown != 0 {
				return // not in keywordOrPrelude: no entry
			}
			if e := kmodel.Prelude[name]; e != nil && !names.macros[e.Name] && !names.typedefs[e.Name] {
				inf.addPrelude(e)
			}
		}
	}
	switch {
	case preludes != nil:
		for _, e := range preludes {
			if !names.macros[e.Name] && !names.typedefs[e.Name] {
				inf.addPrelude(e)
			}
		}
	case tokNames != nil:
		for _, name := range tokNames {
			prelude(name)
		}
	default:
		for _, t := range s.toks {
			if t.kind == tIdent {
				prelude(s.text(t))
			}
		}
	}
	for _, d := range s.directives {
		if d.name == "if" || d.name == "elif" || d.name == "define" {
			eachIdent(s.src[d.off:d.end], func(b []byte) {
				// Most names of directives are met once (register
				// headers' #defines): looked up as they come.
				if e := kmodel.Prelude[string(b)]; e != nil && !names.macros[string(b)] {
					inf.addPrelude(e)
				}
			})
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
	// The parameters of each definition's declarator: NAME(...).
	inParamList := make([]bool, len(s.toks))
	for _, it := range s.items {
		if !it.funcDef || it.name == "" || definedByMacro(s, it) || names.macros[it.name] {
			continue
		}
		for j := it.first; j < it.bodyOpen; j++ {
			if s.toks[j].kind == tIdent && s.text(s.toks[j]) == it.name && s.is(j+1, "(") {
				if close := matchParen(s, j+1); close > 0 {
					for k := j + 2; k < close; k++ {
						inParamList[k] = true
					}
				}
				break
			}
		}
	}
	for i, t := range s.toks {
		if t.kind != tIdent {
			continue
		}
		name := s.text(t)
		f := inf.fact(name, names)
		if f&factMacro != 0 && inBody[i] && s.is(i+1, "(") && atStmtStart(s, i) {
			if close := matchParen(s, i+1); close > 0 && s.is(close+1, "{") {
				inf.wrappers[name] = true
			}
		}
		if f&factUnknown == 0 {
			continue
		}
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
			if !inBody[i] && s.is(after, "{") && (itemStart[i] || itemStartAfterQualifiers(s, i, itemStart, names)) {
				// SYSCALL_DEFINE1(close, unsigned int, fd) {...}
				inf.add(name, asFuncDef)
				if !(s.toks[next+1].kind == tIdent && (s.is(next+2, ",") || s.is(next+2, ")"))) {
					inf.unnamedFuncDefs[name] = true
				}
				continue
			}
			if inBody[i] && s.is(after, "}") && atStmtStart(s, i) {
				inf.add(name, asStmt) // FOO(x) } with no ';'
				continue
			}
			if typeMacroUse(s, i, after, inBody[i], inStruct[i], itemStart, names) {
				inf.add(name, asTypeMacro) // typedef GENRADIX(struct x) x_table;
				continue
			}
			if !inBody[i] && (itemStart[i] || itemStartAfterQualifiers(s, i, itemStart, names) || inStruct[i] && memberStart(s, i)) &&
				(s.is(after, ";") || s.is(after, "=") || after < len(s.toks) && s.toks[after].line > s.toks[close].line && !s.is(after, "{")) {
				inf.add(name, asDecl) // DEFINE_THING(x, 3); at file scope or in a struct
				if !s.is(after, ";") && !s.is(after, "=") {
					// static DEF_THING(fn) with no ';': the next item
					// follows on the next line.
					inf.declsNoSemi[name] = true
				}
				continue
			}
			if i > 0 && s.toks[i-1].kind == tString || close+1 < len(s.toks) && s.toks[close+1].kind == tString {
				inf.add(name, asStringFunc) // "abc" STRINGIFY(x)
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
				inf.add(name, asTypeArg)
				continue
			}
			if inBody[i] && atStmtStart(s, i) && after < len(s.toks) &&
				(s.is(after, "{") || s.toks[after].kind == tIdent && stmtKeywords[s.text(s.toks[after])] ||
					s.toks[after].kind == tIdent && s.toks[after].line > s.toks[close].line && !s.is(after+1, "=")) {
				inf.add(name, asIterator)
				continue
			}
			if inBody[i] && atStmtStart(s, i) && s.is(after, "=") && s.is(after+1, "{") {
				inf.add(name, asDecl) // DECLARE_FOO(name) = {...}; in a function
				continue
			}
		case !inBody[i] && !inStruct[i] && s.is(i-1, ")") && (s.is(next, ";") || s.is(next, "{") || s.is(next, ",")) &&
			paramListEnd(s, i-1):
			// void f(int x) ZSTDLIB_HIDDEN; an attribute after a declarator.
			inf.add(name, asMarker)
		case inParamList[i] && (s.is(i-1, "(") || s.is(i-1, ",")) && (s.is(next, ",") || s.is(next, ")")):
			// A parameter of a definition has a name: a lone unknown name
			// is a macro for parameters (static int f(PMF_STD_ARGS, u32 len)).
			inf.add(name, asParams)
		case next < len(s.toks) && (s.toks[next].kind == tString) ||
			i > 0 && s.toks[i-1].kind == tString && !s.is(next, "("):
			inf.add(name, asString)
		case next < len(s.toks) && s.toks[next].kind == tIdent && !inBody[i] && startsDeclaration(s, next, names) &&
			!s.is(next+1, ";") && !(i > 0 && s.toks[i-1].kind == tIdent && s.text(s.toks[i-1]) == "typedef"):
			// Before a storage class, a type keyword or a known type, at
			// file scope, a name is an attribute macro:
			// static __no_kcsan inline void f(...), HUF_ATTRS size_t g(...).
			inf.add(name, asMarker)
		case next < len(s.toks) && s.toks[next].kind == tIdent && !cKeywords[s.text(s.toks[next])] &&
			!names.macros[s.text(s.toks[next])] && !isPreludeMacro(s.text(s.toks[next])):
			// Two names in a row: the first is a type, or a marker
			// between the type and the declarator.
			if afterType(s, i, names) {
				inf.add(name, asMarker)
			} else {
				inf.add(name, asType)
			}
		case next+1 < len(s.toks) && s.toks[next].kind == tIdent && (s.text(s.toks[next]) == "const" || s.text(s.toks[next]) == "volatile") &&
			(s.toks[next+1].kind == tIdent || s.is(next+1, "*")) && declStart(s, i):
			inf.add(name, asType) // ZSTD_bounds const b = ...; foo_t const *p
		case s.is(i-1, "(") && emptyPreludeMacro(s, next) && s.is(next+1, "*"):
			// (compat_ulong_t __user *)buf: a cast to a pointer type.
			inf.add(name, asType)
		case s.is(next, "*") && declStart(s, i):
			// foo_t *p; foo_t **pp = ...;
			j := next
			for s.is(j, "*") {
				j++
			}
			if j < len(s.toks) && s.toks[j].kind == tIdent && (s.is(j+1, ";") || s.is(j+1, "=") ||
				s.is(j+1, ",") || s.is(j+1, ")") || s.is(j+1, "[")) {
				inf.add(name, asType)
			} else if s.is(j, ")") && s.is(i-1, "(") {
				inf.add(name, asType) // (foo_t *)p
			}
		case s.is(next, ")") && s.is(i-1, "(") && next+1 < len(s.toks) &&
			castOperand(s, next+1) && !s.is(i-2, "sizeof") &&
			(i < 2 || s.toks[i-2].kind != tIdent || cKeywords[s.text(s.toks[i-2])] && !condKeywords[s.text(s.toks[i-2])]):
			inf.add(name, asType) // (foo_t)x, (foo_t)(x)
		case s.is(next, ")") && s.is(i-1, "(") && s.is(i-2, ",") && !inBody[i]:
			// foo(int, foo_t) in a prototype
			inf.add(name, asType)
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

// lastCall returns the name of the call a macro body ends in when that
// call is a statement or item of its own: the whole body, or after a ';'
// or a '}'.
func lastCall(b *scanned) (string, bool) {
	n := len(b.toks)
	if n < 3 || !b.is(n-1, ")") {
		return "", false
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
			name := b.toks[j-1]
			if name.kind != tIdent || j-1 > 0 && !b.is(j-2, ";") && !b.is(j-2, "}") {
				return "", false
			}
			return b.text(name), true
		}
	}
	return "", false
}

// paramListEnd reports whether the ')' at close ends the parameter list
// of a declarator: its '(' follows a name.
func paramListEnd(s *scanned, close int) bool {
	depth := 0
	for j := close; j >= 0; j-- {
		switch {
		case s.is(j, ")"):
			depth++
		case s.is(j, "("):
			if depth--; depth == 0 {
				return j > 0 && s.toks[j-1].kind == tIdent && !cKeywords[s.text(s.toks[j-1])]
			}
		case s.is(j, ";") || s.is(j, "{") || s.is(j, "}"):
			return false
		}
	}
	return false
}

// castOperand reports whether token i can start the operand of a cast:
// a name that is no keyword, a number or a parenthesis.
func castOperand(s *scanned, i int) bool {
	if i >= len(s.toks) {
		return false
	}
	t := s.toks[i]
	return t.kind == tIdent && !cKeywords[s.text(t)] || t.kind == tNumber || s.is(i, "(")
}

// startsDeclaration reports whether the name at i is one no type can be
// followed by: a storage class, inline, a type keyword, struct, union or
// enum, or a known type name.
func startsDeclaration(s *scanned, i int, names *moduleNames) bool {
	w := s.text(s.toks[i])
	switch w {
	case "static", "extern", "inline", "__inline", "__inline__", "typedef", "struct", "union", "enum":
		return true
	}
	if typeKeywords[w] || names.typedefs[w] {
		return true
	}
	e := kmodel.Prelude[w]
	return e != nil && e.Typedef
}

// atStmtStart reports whether token i begins a statement.
func atStmtStart(s *scanned, i int) bool {
	if i > 0 && s.is(i-1, "{") && initializerBrace(s, i-1, 0) {
		return false // { PCI_DEVICE(v, d) }, in an initializer list
	}
	return i > 0 && (s.is(i-1, ";") || s.is(i-1, "{") || s.is(i-1, "}") || s.is(i-1, ")") ||
		s.is(i-1, ":") || s.toks[i-1].kind == tIdent && s.text(s.toks[i-1]) == "else")
}

// initializerBrace reports whether the '{' at j opens an initializer list:
// it follows '=', or it follows ',' or '{' inside an initializer list
// (static const struct pci_device_id ids[] = { { PCI_DEVICE(v, d) }, ... }).
// A block in a function body follows neither.
func initializerBrace(s *scanned, j, depth int) bool {
	switch {
	case j == 0 || depth > 4:
		return false
	case s.is(j-1, "="):
		return true
	case s.is(j-1, ",") || s.is(j-1, "{"):
		outer := enclosingBrace(s, j-1)
		return outer >= 0 && initializerBrace(s, outer, depth+1)
	}
	return false
}

// enclosingBrace returns the index of the '{' that encloses token j, or -1
// (looking back a bounded distance: initializer entries are short).
func enclosingBrace(s *scanned, j int) int {
	level := 0
	for k := j; k >= 0 && k > j-4096; k-- {
		switch {
		case s.is(k, "}"):
			level++
		case s.is(k, "{"):
			if level == 0 {
				return k
			}
			level--
		}
	}
	return -1
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

// typeMacroUse reports whether the call of the unknown name at i, whose
// ')' is before after, stands where a declaration's type does: at the
// start of a declaration (after typedef or qualifiers, of a member, of a
// statement) and followed by a declarator, as in typedef GENRADIX(struct
// x) x_table; or DEFINE_MIN_HEAP(int, h) heap; in a struct.
func typeMacroUse(s *scanned, i, after int, inBody, inStruct bool, itemStart []bool, names *moduleNames) bool {
	j := after
	for s.is(j, "*") {
		j++
	}
	if j >= len(s.toks) || s.toks[j].kind != tIdent || cKeywords[s.text(s.toks[j])] || names.macros[s.text(s.toks[j])] {
		return false
	}
	switch {
	case s.is(j+1, ";"), s.is(j+1, ","), s.is(j+1, "["):
	case s.is(j+1, "=") && !inBody:
	default:
		return false
	}
	switch {
	case i > 0 && s.toks[i-1].kind == tIdent && s.text(s.toks[i-1]) == "typedef":
		return true
	case inBody:
		return atStmtStart(s, i) && !s.is(i-1, ")")
	case inStruct:
		return memberStart(s, i)
	}
	return itemStart[i] || itemStartAfterQualifiers(s, i, itemStart, names)
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
		b, params := inf.body(s, d)
		if len(b.src) == 0 {
			continue
		}
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
				case b.is(close+1, "}") && (b.is(i-1, ";") || b.is(i-1, "{") && !bodyInitializerBrace(b, i-1)):
					inf.add(name, asStmt) // #define L(...) do { UNROLL(n, M) } while (0)
				case i > 0 && b.toks[i-1].kind == tString || close+1 < len(b.toks) && b.toks[close+1].kind == tString:
					inf.add(name, asStringFunc)
				case hasTypeArg(b, i+1, close, names) && !bodyDeclarator(b, i, close):
					inf.add(name, asTypeArg)
				}
				continue
			}
			if b.is(i-1, "(") && b.is(i+1, ")") && castOperand(b, i+2) && !(i >= 2 && b.toks[i-2].kind == tIdent && !exprKeywords[b.text(b.toks[i-2])]) {
				inf.add(name, asType) // #define put_short(s, w) put_byte(s, (uch)((w) & 0xff))
				continue
			}
			if i+1 < len(b.toks) && b.toks[i+1].kind == tString || i > 0 && b.toks[i-1].kind == tString ||
				i+1 < len(b.toks) && isFormatParam(b.text(b.toks[i+1]), params) {
				inf.add(name, asString) // PFX "x", PFX fmt
			}
		}
	}
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
			if w := b.text(t); w == "for" || w == "while" || inf.is(w, asIterator) || isPreludeIterator(w) {
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
					inf.add(name, asIterator)
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
	inf.add(name, asCode)
	m := inf.code[name]
	if m == nil {
		inf.code[name] = &codeMacro{n: n, code: code, iter: iter}
		return
	}
	if m.n != n || m.code != code || m.iter != iter {
		m.bad = true
	}
}

// bodyInitializerBrace reports whether the '{' at j of a macro body
// opens an initializer: it starts the body or follows ',' or '=' (#define
// IDS() { USB_DEVICE(1, 2) }, { USB_DEVICE(3, 4) }), where a call before
// the closing brace is an element, not a statement missing its ';'.
func bodyInitializerBrace(b *scanned, j int) bool {
	return j == 0 || b.is(j-1, ",") || b.is(j-1, "=")
}

// bodyDeclarator reports whether the call-like name at i in a macro body
// (its parameters end at close) is the declarator of a function the
// macro defines or declares: "static int NAME(struct x *p) {" or "...;".
// Such a name is not a macro taking a type, whatever its parameters say.
func bodyDeclarator(b *scanned, i, close int) bool {
	if i == 0 {
		return false
	}
	if b.is(i-1, "*") {
		return b.is(close+1, "{")
	}
	if b.toks[i-1].kind != tIdent {
		return false
	}
	w := b.text(b.toks[i-1])
	return !exprKeywords[w] && !stmtKeywords[w] && w != "else" && (b.is(close+1, "{") || b.is(close+1, ";"))
}
