// Package kbuild reads the Kbuild files (Kbuild or Makefile) of a Linux
// source tree, and its Kconfig files, as far as kdlint needs them: which
// objects a directory builds, from which source files, under which
// configuration symbol, which subdirectories it descends into, and
// whether an object can only be built into the kernel.
//
// It reads a subset of make, the forms Kbuild files in drivers/ use
// (Documentation/kbuild/makefiles.rst, scripts/Makefile.lib):
//
//	obj-y += a.o              obj-m += b.o             obj-$(CONFIG_X) += c.o d/
//	obj-$(subst m,y,$(CONFIG_X)) += e.o                lib-y += f.o
//	c-y := p.o q.o            c-objs := r.o            c-$(CONFIG_Y) += s.o sub/t.o
//	c-$(CONFIG_Z:m=y) += u.o  common := v.o w.o        c-y += $(common) $(other-y)
//	ifeq/ifneq/ifdef/ifndef/else/endif                  include $(src)/sub/Kbuild
//	$(addprefix P,WORDS)      $(addsuffix S,WORDS)      ${VAR}
//
// Without a configuration, both branches of every conditional count, and
// an object listed under any symbol counts as built: the result says what
// the directory can build, which is what deciding module boundaries
// needs. Anything else (recipes, rules, flags, exports) is ignored;
// member lists that use other make functions are recorded as Unparsed.
//
// Parsing is pure (Parse, ParseKconfig); Reader reads a tree's files
// through a ReadFile function and caches what it parsed.
package kbuild

import (
	"bytes"
	"path"
	"regexp"
	"sort"
	"strings"
)

// File is what one Kbuild file (with the fragments it includes) builds.
type File struct {
	// Objects are the objects listed in obj-* and lib-* lists, in order
	// of first mention. An object named with a directory (obj-y +=
	// sub/x.o) keeps it in its name.
	Objects []*Object
	// Subdirs are the subdirectories the file descends into (obj-* +=
	// dir/, subdir-*), in order of first mention.
	Subdirs []*Subdir
	// Includes are the files the file includes, after expanding $(src)
	// and the file's own variables, and Missing those of them the
	// include function of Parse did not return.
	Includes, Missing []string
	// Unparsed are lines of member lists kdlint does not understand (a
	// make function other than addprefix and addsuffix, a computed
	// name), with their line numbers, for coverage reports.
	Unparsed []Line
}

// Line is a line of a Kbuild file.
type Line struct {
	N    int
	Text string
}

// Object is one object a Kbuild file lists: a loadable module or a
// built-in object.
type Object struct {
	// Name is the object's path relative to the directory, without
	// ".o": "e1000e", "sub/x".
	Name string
	// Selectors are the lists the object is in, one per line naming it.
	Selectors []Selector
	// Parts are the objects it is linked from, relative to the
	// directory ("ixgbe_main.o", "en/tc.o"): its composite parts
	// (Name-y, Name-objs, Name-m, Name-$(CONFIG_X), expanded), or Name.o
	// itself when it has none.
	Parts     []string
	Composite bool
}

// Selector is one line that lists an object in an obj-* or lib-* list.
type Selector struct {
	Kind SelectorKind
	// Symbol is the configuration symbol, without CONFIG_, for Config and
	// BuiltinWhenSet; the first one when the selector concatenates
	// several.
	Symbol string
	Line   int
}

// SelectorKind says what kind of list names an object.
type SelectorKind uint8

const (
	// Builtin: obj-y, lib-y: always built into the kernel.
	Builtin SelectorKind = iota
	// Loadable: obj-m: always a loadable module.
	Loadable
	// Config: obj-$(CONFIG_X): built in or a module as X is y or m.
	Config
	// BuiltinWhenSet: obj-$(subst m,y,$(CONFIG_X)) and the like: built
	// into the kernel whenever X is set.
	BuiltinWhenSet
)

// Subdir is a subdirectory a Kbuild file descends into.
type Subdir struct {
	Path     string // relative to the directory, without the trailing /
	Selector Selector
}

// CFile returns the source file a part object is built from: "x.o"
// gives "x.c".
func CFile(part string) string { return strings.TrimSuffix(part, ".o") + ".c" }

// Object returns the object named name, or nil.
func (f *File) Object(name string) *Object {
	for _, o := range f.Objects {
		if o.Name == name {
			return o
		}
	}
	return nil
}

// ObjectsOf returns the objects built from the source file rel (a path
// relative to the directory: "x.c", "sub/y.c"), in order.
func (f *File) ObjectsOf(rel string) []*Object {
	part := strings.TrimSuffix(rel, ".c") + ".o"
	var out []*Object
	for _, o := range f.Objects {
		for _, p := range o.Parts {
			if p == part {
				out = append(out, o)
				break
			}
		}
	}
	return out
}

// SymbolType is the type of a Kconfig symbol.
type SymbolType uint8

const (
	Unknown SymbolType = iota // not found
	Bool
	Tristate
	Other // string, int, hex
)

func (t SymbolType) String() string {
	return [...]string{"unknown", "bool", "tristate", "other"}[t]
}

// BuiltinOnly reports whether the object can only be built into the
// kernel, and why (for messages): it is listed in obj-y, lib-y or a
// subst m,y list (an object in both obj-y and obj-m is built in,
// scripts/Makefile.lib), or every symbol that selects it is a bool. typ
// gives a symbol's type; a symbol it does not know leaves the object
// modular.
func (o *Object) BuiltinOnly(typ func(symbol string) SymbolType) (bool, string) {
	for _, s := range o.Selectors {
		if s.Kind == Builtin || s.Kind == BuiltinWhenSet {
			return true, "always built in"
		}
	}
	why := ""
	for _, s := range o.Selectors {
		if s.Kind == Loadable || s.Kind == Config && typ(s.Symbol) != Bool {
			return false, ""
		}
		if why == "" {
			why = "CONFIG_" + s.Symbol + " is a bool"
		}
	}
	return why != "", why
}

// Parse reads one Kbuild file. src is its text, dir the directory path
// $(src) and $(obj) stand for. include, when not nil, returns the text
// of an included file (include $(src)/sub/Kbuild), which is read in
// place, as make does; it returns false for a file it cannot give.
func Parse(dir string, src []byte, include func(path string) ([]byte, bool)) *File {
	p := &parser{dir: dir, vars: map[string][]value{}, f: &File{}, include: include}
	p.lines(src, 0)
	p.build()
	return p.f
}

// maxIncludeDepth bounds nested includes (and include loops).
const maxIncludeDepth = 8

type parser struct {
	dir     string
	vars    map[string][]value // every assignment, by variable name
	order   []string           // variables in order of first assignment
	f       *File
	lists   []list // obj-* and lib-* lists, in order
	include func(string) ([]byte, bool)
}

type value struct {
	words []string
	line  int
}

type list struct {
	sel   Selector
	words []string
}

var (
	assignRe  = regexp.MustCompile(`^([^\s:+?=]+(?:\$\([^)]*\))*[^\s:+?=]*)\s*(:=|::=|\+=|\?=|=)\s*(.*)$`)
	condRe    = regexp.MustCompile(`^(ifeq|ifneq|ifdef|ifndef|else|endif)\b`)
	includeRe = regexp.MustCompile(`^-?s?include\s+(.*)$`)
	braceRe   = regexp.MustCompile(`\$\{([^}]*)\}`)
	ignoreRe  = regexp.MustCompile(`^(export|unexport|override|undefine|vpath|private)\b`)
	flagVarRe = regexp.MustCompile(`^((subdir-)?(cc|as|ld|cpp|rust)flags|(CFLAGS|AFLAGS|CPPFLAGS|LDFLAGS|RUSTFLAGS|CFLAGS_REMOVE|AFLAGS_REMOVE)_|KASAN_|UBSAN_|KCOV_|GCOV_|KCSAN_|KMSAN_|OBJECT_FILES_|EXTRA_|KBUILD_|targets|clean-|hostprogs|always-|extra-|userprogs|quiet_cmd_|cmd_)`)
	// lhs forms: obj-SEL, lib-SEL, NAME-SEL, NAME-objs.
	configSel = regexp.MustCompile(`^\$\(CONFIG_([A-Za-z0-9_]+)(?::m=y)?\)`)
	substSel  = regexp.MustCompile(`^\$\(subst m,y,\$\(CONFIG_([A-Za-z0-9_]+)\)\)$`)
)

// lines reads logical lines: continuations joined, comments dropped,
// recipes and define blocks skipped.
func (p *parser) lines(src []byte, depth int) {
	src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	raw := strings.Split(string(src), "\n")
	inRule, inDefine := false, false
	for i := 0; i < len(raw); i++ {
		n := i + 1
		l := raw[i]
		for strings.HasSuffix(l, "\\") && i+1 < len(raw) {
			i++
			l = strings.TrimSuffix(l, "\\") + " " + raw[i]
		}
		if inRule && strings.HasPrefix(l, "\t") {
			continue // a recipe
		}
		s := strings.TrimSpace(stripComment(l))
		if s == "" {
			continue
		}
		inRule = false
		if inDefine {
			inDefine = !strings.HasPrefix(s, "endef")
			continue
		}
		if strings.HasPrefix(s, "define ") || s == "define" {
			inDefine = true
			continue
		}
		s = braceRe.ReplaceAllString(s, "$($1)")
		switch {
		case condRe.MatchString(s), ignoreRe.MatchString(s):
			continue
		case includeRe.MatchString(s):
			p.includeFiles(includeRe.FindStringSubmatch(s)[1], n, s, depth)
			continue
		}
		m := assignRe.FindStringSubmatch(s)
		if m == nil {
			if i := strings.IndexByte(s, ':'); i > 0 && !strings.HasPrefix(s, "$(") {
				inRule = true // target: prerequisites
			}
			continue
		}
		p.assign(m[1], m[3], n, s)
	}
}

// includeFiles reads the files an include line names.
func (p *parser) includeFiles(arg string, n int, text string, depth int) {
	for _, w := range p.expand(p.words(arg, n, text), map[string]bool{}) {
		w = path.Clean(w)
		p.f.Includes = append(p.f.Includes, w)
		var src []byte
		ok := false
		if p.include != nil && depth < maxIncludeDepth && !strings.Contains(w, "$(") {
			src, ok = p.include(w)
		}
		if !ok {
			p.f.Missing = append(p.f.Missing, w)
			continue
		}
		p.lines(src, depth+1)
	}
}

func stripComment(l string) string {
	if i := strings.IndexByte(l, '#'); i >= 0 {
		return l[:i]
	}
	return l
}

// assign records one assignment.
func (p *parser) assign(lhs, rhs string, n int, text string) {
	if flagVarRe.MatchString(lhs) {
		return
	}
	words := p.words(rhs, n, text)
	for _, kind := range []string{"obj", "lib", "subdir"} {
		if !strings.HasPrefix(lhs, kind+"-") {
			continue
		}
		sel, ok := selector(strings.TrimPrefix(lhs, kind+"-"), n)
		if !ok {
			break // a helper variable named obj-...: obj-foo-$(CONFIG_X)
		}
		if kind == "lib" {
			sel.Kind = Builtin
		}
		if kind == "subdir" {
			for _, w := range words {
				p.lists = append(p.lists, list{sel, []string{strings.TrimSuffix(w, "/") + "/"}})
			}
			return
		}
		p.lists = append(p.lists, list{sel, words})
		return
	}
	if strings.Contains(lhs, "$(") {
		// NAME-$(CONFIG_X): a composite part list; anything else is
		// computed.
		i := strings.Index(lhs, "-$(")
		if i <= 0 {
			p.f.Unparsed = append(p.f.Unparsed, Line{n, text})
			return
		}
		if _, ok := selector(lhs[i+1:], n); !ok {
			p.f.Unparsed = append(p.f.Unparsed, Line{n, text})
			return
		}
		lhs = lhs[:i] + "-$"
	}
	if _, ok := p.vars[lhs]; !ok {
		p.order = append(p.order, lhs)
	}
	p.vars[lhs] = append(p.vars[lhs], value{words, n})
}

// selector decodes what follows obj-: y, m, "", $(CONFIG_X),
// $(CONFIG_X:m=y), $(subst m,y,$(CONFIG_X)), $(CONFIG_A)$(CONFIG_B).
func selector(s string, n int) (Selector, bool) {
	switch s {
	case "y":
		return Selector{Kind: Builtin, Line: n}, true
	case "m":
		return Selector{Kind: Loadable, Line: n}, true
	case "":
		return Selector{Kind: Config, Line: n}, true // obj-: never built, kept for membership
	}
	if m := substSel.FindStringSubmatch(s); m != nil {
		return Selector{Kind: BuiltinWhenSet, Symbol: m[1], Line: n}, true
	}
	if m := configSel.FindStringSubmatch(s); m != nil {
		sel := Selector{Kind: Config, Symbol: m[1], Line: n}
		if strings.Contains(m[0], ":m=y") {
			sel.Kind = BuiltinWhenSet
		}
		rest := s[len(m[0]):]
		// Concatenated symbols (an OR of exclusive choices): any may
		// select it.
		for rest != "" {
			m2 := configSel.FindStringSubmatch(rest)
			if m2 == nil {
				if rest == "y" || rest == "m" {
					break
				}
				return Selector{}, false
			}
			rest = rest[len(m2[0]):]
		}
		return sel, true
	}
	return Selector{}, false
}

// words splits a value into words (at blanks outside parentheses),
// expanding $(src), $(obj), $(addprefix), $(addsuffix), $(strip) and
// $(sort); other variable references stay as written and are expanded
// when the objects are built.
func (p *parser) words(rhs string, n int, text string) []string {
	rhs = strings.NewReplacer("$(srctree)/$(src)", p.dir, "$(src)", p.dir, "$(obj)", p.dir).Replace(rhs)
	var out []string
	for _, w := range splitWords(rhs) {
		if !strings.HasPrefix(w, "$(") || matchParen(w, 1) != len(w)-1 {
			out = append(out, w)
			continue
		}
		ref := w[2 : len(w)-1]
		fn, args, ok := strings.Cut(ref, " ")
		if !ok {
			out = append(out, w) // $(VAR)
			continue
		}
		switch fn {
		case "addprefix", "addsuffix":
			a, list, ok := strings.Cut(args, ",")
			if !ok {
				p.f.Unparsed = append(p.f.Unparsed, Line{n, text})
				continue
			}
			for _, x := range p.expand(p.words(list, n, text), map[string]bool{}) {
				if fn == "addprefix" {
					out = append(out, strings.TrimSpace(a)+x)
				} else {
					out = append(out, x+strings.TrimSpace(a))
				}
			}
		case "strip", "sort":
			out = append(out, p.words(args, n, text)...)
		default:
			p.f.Unparsed = append(p.f.Unparsed, Line{n, text})
		}
	}
	return out
}

// splitWords splits s at blanks outside parentheses.
func splitWords(s string) []string {
	var out []string
	depth, start := 0, -1
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '(':
			depth++
		case c == ')':
			depth--
		case (c == ' ' || c == '\t') && depth <= 0:
			if start >= 0 {
				out = append(out, s[start:i])
				start = -1
			}
			continue
		}
		if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out
}

// matchParen returns the index of the ')' that closes the '(' at s[open].
func matchParen(s string, open int) int {
	depth := 0
	for i := open; i < len(s); i++ {
		switch s[i] {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// expand expands variable references in words, recursively; an
// undefined variable expands to nothing.
func (p *parser) expand(words []string, seen map[string]bool) []string {
	var out []string
	for _, w := range words {
		i := strings.Index(w, "$(")
		if i < 0 {
			out = append(out, w)
			continue
		}
		end := matchParen(w[i:], 1)
		if end < 0 {
			continue
		}
		name := w[i+2 : i+end]
		prefix, suffix := w[:i], w[i+end+1:]
		if strings.HasPrefix(name, "CONFIG_") || seen[name] {
			continue
		}
		seen[name] = true
		for _, key := range p.keysOf(name) {
			for _, v := range p.vars[key] {
				for _, x := range p.expand(v.words, seen) {
					out = append(out, p.expand([]string{prefix + x + suffix}, seen)...)
				}
			}
		}
		delete(seen, name)
	}
	return out
}

// keysOf returns the variables a reference $(name) reads: name itself,
// and for $(x-y) also every x-$(CONFIG_*) list (Kbuild turns those into
// x-y when the symbol is y).
func (p *parser) keysOf(name string) []string {
	var keys []string
	if _, ok := p.vars[name]; ok {
		keys = append(keys, name)
	}
	if stem, ok := strings.CutSuffix(name, "-y"); ok {
		if _, ok := p.vars[stem+"-$"]; ok {
			keys = append(keys, stem+"-$")
		}
	}
	return keys
}

// build works out the objects and subdirectories from the lists.
func (p *parser) build() {
	seenSub := map[string]*Subdir{}
	for _, l := range p.lists {
		for _, w := range p.expand(l.words, map[string]bool{}) {
			switch {
			case strings.HasSuffix(w, "/"):
				d := path.Clean(strings.TrimPrefix(w, p.dir+"/"))
				if seenSub[d] == nil {
					s := &Subdir{Path: d, Selector: l.sel}
					seenSub[d] = s
					p.f.Subdirs = append(p.f.Subdirs, s)
				}
			case strings.HasSuffix(w, ".o"), strings.HasSuffix(w, ".a"):
				name := strings.TrimSuffix(strings.TrimSuffix(w, ".o"), ".a")
				name = strings.TrimPrefix(name, p.dir+"/")
				o := p.f.Object(name)
				if o == nil {
					o = &Object{Name: name}
					p.f.Objects = append(p.f.Objects, o)
				}
				o.Selectors = append(o.Selectors, l.sel)
			}
		}
	}
	for _, o := range p.f.Objects {
		var parts []string
		for _, key := range []string{o.Name + "-y", o.Name + "-objs", o.Name + "-m", o.Name + "-", o.Name + "-$"} {
			for _, v := range p.vars[key] {
				parts = append(parts, p.expand(v.words, map[string]bool{})...)
			}
		}
		seen := map[string]bool{}
		for _, w := range parts {
			if !strings.HasSuffix(w, ".o") {
				continue
			}
			w = path.Clean(strings.TrimPrefix(w, p.dir+"/"))
			if !seen[w] {
				seen[w] = true
				o.Parts = append(o.Parts, w)
			}
		}
		_, y := p.vars[o.Name+"-y"]
		_, objs := p.vars[o.Name+"-objs"]
		_, m := p.vars[o.Name+"-m"]
		_, e := p.vars[o.Name+"-"]
		_, c := p.vars[o.Name+"-$"]
		o.Composite = y || objs || m || e || c
		if !o.Composite {
			o.Parts = []string{o.Name + ".o"}
		}
		sort.SliceStable(o.Selectors, func(i, j int) bool { return o.Selectors[i].Line < o.Selectors[j].Line })
	}
}
