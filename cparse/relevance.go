package cparse

// File-scope declarations that cannot matter are not parsed. The parser
// needs typedefs (to tell types from values) and function definitions;
// analyses need, besides, the initializers that name functions (ops tables,
// driver structures) and the kernel's object-defining macros
// (DECLARE_TASKLET, module_init). Struct and enum definitions, prototypes,
// plain variables and data tables only cost parse time: register tables
// and ID tables are a large share of driver sources.

import (
	"math"

	"github.com/kdlint/kdlint/kmodel"
)

var (
	// modelNames holds every name the kernel API model knows.
	modelNames = kmodel.Names()
	// contextNames holds the names without which no rule can report
	// anything in a module (kmodel.ContextNames).
	contextNames = kmodel.ContextNames()
)

// neededDecl reports whether a file-scope declaration item must be parsed:
// it declares a typedef, names a function of the module other than by
// declaring it (ops tables, module_init(fn)), or mentions a name of the
// kernel API model or a module macro that may expand to one of these.
// Without relevance (rel == nil, -parse-all) any mention of a module
// function or macro keeps it.
func neededDecl(s *scanned, it item, names *moduleNames, rel *relevance) bool {
	for i := it.first; i <= it.last; i++ {
		t := s.toks[i]
		if t.kind != tIdent || t.alt {
			continue
		}
		name := s.text(t)
		switch {
		case name == "typedef" || modelNames[name]:
			return true
		case names.funcs[name]:
			if rel == nil || !s.is(i+1, "(") {
				return true
			}
		case names.macros[name]:
			if rel == nil || rel.declMacros[name] {
				return true
			}
		}
	}
	return false
}

// moduleCanReport reports whether any file of a module mentions a name
// that could let a rule report something. A module that mentions none
// provably has no atomic context and no workqueue or tasklet, so it is
// not parsed at all (unless Config.ParseAll).
func moduleCanReport(files []*srcFile) bool {
	for _, f := range files {
		s := f.scan
		for _, t := range s.toks {
			if t.kind == tIdent && contextNames[s.text(t)] {
				return true
			}
		}
	}
	return false
}

// Function bodies that cannot matter are not parsed either. Over the
// module's functions and macros, by name, a body matters when it
//   - reaches a name that acts on objects (set-up, teardown, callback
//     registration: kmodel.ActsOnObjects), mentioning it directly or
//     through the functions and macros it mentions; or
//   - reaches a name that acts in context (sleeps, locks) and is itself
//     reachable from a root of atomic context: a function handed to an
//     atomic callback registration (directly or through a module macro)
//     or stored in an atomic callback member, or one that takes an atomic
//     lock (directly or through a module macro).
// The rest (register accessors, table lookups, work done in process
// context: most of a driver) keep their signature and an empty body.
// Names are matched textually, so a local variable that shares a
// function's name only makes the sets larger.

// mentionGraph is the module's mention graph over function and macro
// names.
type mentionGraph struct {
	funcs    map[string]bool
	macros   map[string]bool
	mentions map[string]map[string]span // name -> names its body or expansion mentions
	// callArgs holds, for calls to atomic registrations and to module
	// macros, the names in their arguments.
	callArgs map[string][]string
	// stored holds the names assigned to atomic callback members.
	stored []string
	// pastes holds the globs of names that macros build with ## (paste.go):
	// such a macro may reach any function whose name matches one.
	pastes map[string][]string
	// users, builders and built index mentions and pastes (index).
	users, builders, built map[string][]string
}

// relevance is what of a module must be parsed.
type relevance struct {
	// bodies holds the functions whose bodies must be parsed.
	bodies map[string]bool
	// declMacros holds the module macros that may expand to a function
	// name, a typedef or a name of the model: a file-scope declaration
	// that uses one is parsed (neededDecl).
	declMacros map[string]bool
}

// moduleRelevance works out what of a module must be parsed. files are
// the module's files and the headers outside it that they include.
func moduleRelevance(files []*srcFile, names *moduleNames) *relevance {
	g := &mentionGraph{funcs: map[string]bool{}, macros: names.macros, mentions: map[string]map[string]span{},
		callArgs: map[string][]string{}, pastes: map[string][]string{}}
	for _, f := range files {
		s := f.scan
		for _, it := range s.items {
			switch {
			case it.funcDef && it.name != "":
				g.funcs[it.name] = true
				g.add(it.name, s, it.bodyOpen, it.last+1)
			default:
				// Ops tables, driver structures, DECLARE_* objects.
				g.add("", s, it.first, it.last+1)
			}
		}
		for _, d := range s.directives {
			if d.name == "define" && d.arg != "" {
				text, params := defineBody(f.src[d.off:d.end], d.arg)
				body := scanBody(text)
				g.add(d.arg, body, 0, len(body.toks))
				if globs := pastePatterns(body, params); len(globs) > 0 {
					g.pastes[d.arg] = globs
				}
			}
		}
	}
	g.index()
	onObjects := g.reaching(kmodel.ActsOnObjects)
	inContext := g.reaching(kmodel.ActsInContext)
	roots := append([]string(nil), g.stored...)
	registers := g.reachingThroughMacros(kmodel.RegistersAtomicCallback)
	for callee, args := range g.callArgs {
		if kmodel.RegistersAtomicCallback(callee) || registers[callee] {
			roots = append(roots, args...)
		}
	}
	// A lock taker matters from its first lock to its last unlock (or its
	// end): what it calls outside runs in whatever context it runs in.
	opens := g.reachingThroughMacros(kmodel.OpensAtomicRegion)
	closes := g.reachingThroughMacros(kmodel.ClosesAtomicRegion)
	regions := map[string]span{}
	for n := range g.funcs {
		if !opens[n] {
			continue
		}
		r := span{math.MaxInt32, 0}
		for id, sp := range g.mentions[n] {
			if (kmodel.OpensAtomicRegion(id) || opens[id] && !g.funcs[id]) && sp.first < r.first {
				r.first = sp.first
			}
		}
		for id, sp := range g.mentions[n] {
			if (kmodel.ClosesAtomicRegion(id) || closes[id] && !g.funcs[id]) && sp.last > r.last {
				r.last = sp.last
			}
		}
		if r.last < r.first {
			r.last = math.MaxInt32 // returns with the lock held
		}
		regions[n] = r
	}
	atomic := g.reachable(roots, regions)
	rel := &relevance{bodies: map[string]bool{}, declMacros: map[string]bool{}}
	for n := range g.funcs {
		if onObjects[n] || inContext[n] && atomic[n] {
			rel.bodies[n] = true
		}
	}
	code := g.reachingThroughMacros(func(id string) bool { return id == "typedef" || modelNames[id] || g.funcs[id] })
	for n := range code {
		if names.macros[n] {
			rel.declMacros[n] = true
		}
	}
	return rel
}

// span is where a name is mentioned in a body or expansion: the ordinals
// of its first and last mentions among the body's names.
type span struct{ first, last int32 }

// add records what the tokens s.toks[from:to] of name's body or
// expansion mention; name is "" for a file-scope declaration. Member
// names (p->x, .x) are not mentions of functions, except the names the
// model knows (t->function = cb).
func (g *mentionGraph) add(name string, s *scanned, from, to int) {
	m := g.mentions[name]
	if m == nil {
		m = map[string]span{}
		g.mentions[name] = m
	}
	var k int32
	for i := from; i < to; i++ {
		if s.toks[i].kind != tIdent {
			continue
		}
		id := s.text(s.toks[i])
		if id == name {
			continue
		}
		switch {
		case i+1 < to && s.is(i+1, "(") && (g.macros[id] || kmodel.RegistersAtomicCallback(id)):
			g.callArgs[id] = append(g.callArgs[id], identsUntil(s, i+2, to, false)...)
		case i+1 < to && s.is(i+1, "=") && kmodel.AtomicCallbackField(id):
			g.stored = append(g.stored, identsUntil(s, i+2, to, true)...)
		}
		if i > from && (s.is(i-1, ".") || s.is(i-1, "->")) && !modelNames[id] && !kmodel.ActsInContext(id) {
			continue
		}
		k++
		if sp, ok := m[id]; ok {
			sp.last = k
			m[id] = sp
		} else {
			m[id] = span{k, k}
		}
	}
}

// identsUntil returns the identifiers of s.toks[from:to] up to the first
// unmatched closing bracket or, if stopAtComma, the first ',' or ';'
// outside brackets: the rest of an argument list, or an assigned value.
func identsUntil(s *scanned, from, to int, stopAtComma bool) []string {
	var out []string
	depth := 0
	for i := from; i < to; i++ {
		t := s.toks[i]
		if t.kind == tIdent {
			out = append(out, s.text(t))
			continue
		}
		if t.kind != tPunct {
			continue
		}
		switch s.text(t) {
		case "(", "[", "{":
			depth++
		case ")", "]", "}":
			if depth == 0 {
				return out
			}
			depth--
		case ",", ";":
			if depth == 0 && stopAtComma {
				return out
			}
		}
	}
	return out
}

// index inverts the graph: users maps a name to the functions and macros
// mentioning it, builders a function to the ## macros that may build its
// name, built such a macro to those functions.
func (g *mentionGraph) index() {
	g.users = map[string][]string{}
	for n, m := range g.mentions {
		if n == "" {
			continue
		}
		for id := range m {
			g.users[id] = append(g.users[id], n)
		}
	}
	g.builders, g.built = map[string][]string{}, map[string][]string{}
	for m, globs := range g.pastes {
		for f := range g.funcs {
			if pasteMayBuild(globs, f) {
				g.builders[f] = append(g.builders[f], m)
				g.built[m] = append(g.built[m], f)
			}
		}
	}
}

// reaching returns the functions and macros that mention a name acts
// accepts, directly or through other functions and macros.
func (g *mentionGraph) reaching(acts func(string) bool) map[string]bool {
	return g.reachingVia(acts, func(string) bool { return true })
}

// reachingThroughMacros is reaching with only macros in between.
func (g *mentionGraph) reachingThroughMacros(acts func(string) bool) map[string]bool {
	return g.reachingVia(acts, func(n string) bool { return !g.funcs[n] })
}

func (g *mentionGraph) reachingVia(acts func(string) bool, via func(string) bool) map[string]bool {
	out := map[string]bool{}
	var queue []string
	for id, users := range g.users {
		if acts(id) {
			queue = append(queue, users...)
		}
	}
	for len(queue) > 0 {
		n := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		if out[n] {
			continue
		}
		out[n] = true
		if via(n) {
			queue = append(queue, g.users[n]...)
			queue = append(queue, g.builders[n]...)
		}
	}
	return out
}

// reachable returns the functions and macros that roots mention,
// transitively, roots included; lock takers in regions count only what
// they mention inside the region.
func (g *mentionGraph) reachable(roots []string, regions map[string]span) map[string]bool {
	out := map[string]bool{}
	expanded := map[string]bool{}
	var queue []string
	for n, r := range regions {
		out[n] = true
		for id, sp := range g.mentions[n] {
			if sp.last >= r.first && sp.first <= r.last && g.mentions[id] != nil {
				queue = append(queue, id)
			}
		}
	}
	queue = append(queue, roots...)
	for len(queue) > 0 {
		n := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		if expanded[n] {
			continue
		}
		expanded[n] = true
		out[n] = true
		for id := range g.mentions[n] {
			if !expanded[id] && g.mentions[id] != nil {
				queue = append(queue, id)
			}
		}
		queue = append(queue, g.built[n]...)
	}
	return out
}

// prunable reports whether the scanner's function definition it can have
// its body dropped: it is a real, named function (not a macro that
// defines one) whose body rel does not need.
func prunable(s *scanned, it item, names *moduleNames, rel *relevance) bool {
	return rel != nil && it.funcDef && it.name != "" && !rel.bodies[it.name] &&
		!names.macros[it.name] && !macroBeforeDef(s, it) &&
		it.bodyOpen > it.first && it.bodyOpen < it.last && s.is(it.bodyOpen, "{") && s.is(it.last, "}")
}
