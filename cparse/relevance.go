package cparse

// File-scope declarations that cannot matter are not parsed. The parser
// needs typedefs (to tell types from values) and function definitions;
// analyses need, besides, the initializers that name functions (ops tables,
// driver structures) and the kernel's object-defining macros
// (DECLARE_TASKLET, module_init). Struct and enum definitions, prototypes,
// plain variables and data tables only cost parse time: register tables
// and ID tables are a large share of driver sources.

import "github.com/kdlint/kdlint/kmodel"

var (
	// modelNames holds every name the kernel API model knows.
	modelNames = kmodel.Names()
	// contextNames holds the names without which no rule can report
	// anything in a module (kmodel.ContextNames).
	contextNames = kmodel.ContextNames()
)

// neededDecl reports whether a file-scope declaration item must be parsed:
// it declares a typedef, or mentions a function or macro of the module or
// a name of the kernel API model.
func neededDecl(s *scanned, it item, names *moduleNames) bool {
	for i := it.first; i <= it.last; i++ {
		t := s.toks[i]
		if t.kind != tIdent || t.alt {
			continue
		}
		name := s.text(t)
		if name == "typedef" || modelNames[name] || names.funcs[name] || names.macros[name] {
			return true
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
	mentions map[string]map[string]bool // name -> names its body or expansion mentions
	// callArgs holds, for calls to atomic registrations and to module
	// macros, the names in their arguments.
	callArgs map[string][]string
	// stored holds the names assigned to atomic callback members.
	stored []string
	// pastes holds the globs of names that macros build with ## (paste.go):
	// such a macro may reach any function whose name matches one.
	pastes map[string][]string
}

// neededBodies returns the names of the module's functions whose bodies
// must be parsed. files are the module's files and the headers outside
// it that they include.
func neededBodies(files []*srcFile, names *moduleNames) map[string]bool {
	g := &mentionGraph{funcs: map[string]bool{}, macros: names.macros, mentions: map[string]map[string]bool{},
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
	users := g.users()
	onObjects := g.reaching(users, kmodel.ActsOnObjects)
	inContext := g.reaching(users, kmodel.ActsInContext)
	roots := append([]string(nil), g.stored...)
	registers := g.reachingThroughMacros(users, kmodel.RegistersAtomicCallback)
	for callee, args := range g.callArgs {
		if kmodel.RegistersAtomicCallback(callee) || registers[callee] {
			roots = append(roots, args...)
		}
	}
	opens := g.reachingThroughMacros(users, kmodel.OpensAtomicRegion)
	for n := range g.funcs {
		if opens[n] {
			roots = append(roots, n)
		}
	}
	atomic := g.reachable(roots)
	need := map[string]bool{}
	for n := range g.funcs {
		if onObjects[n] || inContext[n] && atomic[n] {
			need[n] = true
		}
	}
	return need
}

// add records what the tokens s.toks[from:to] of name's body or
// expansion mention; name is "" for a file-scope declaration.
func (g *mentionGraph) add(name string, s *scanned, from, to int) {
	m := g.mentions[name]
	if m == nil {
		m = map[string]bool{}
		g.mentions[name] = m
	}
	for i := from; i < to; i++ {
		if s.toks[i].kind != tIdent {
			continue
		}
		id := s.text(s.toks[i])
		if id == name {
			continue
		}
		m[id] = true
		switch {
		case i+1 < to && s.is(i+1, "(") && (g.macros[id] || kmodel.RegistersAtomicCallback(id)):
			g.callArgs[id] = append(g.callArgs[id], identsUntil(s, i+2, to, false)...)
		case i+1 < to && s.is(i+1, "=") && kmodel.AtomicCallbackField(id):
			g.stored = append(g.stored, identsUntil(s, i+2, to, true)...)
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

// users inverts the graph: name -> functions and macros mentioning it.
func (g *mentionGraph) users() map[string][]string {
	out := map[string][]string{}
	for n, m := range g.mentions {
		if n == "" {
			continue
		}
		for id := range m {
			out[id] = append(out[id], n)
		}
	}
	return out
}

// reaching returns the functions and macros that mention a name acts
// accepts, directly or through other functions and macros.
func (g *mentionGraph) reaching(users map[string][]string, acts func(string) bool) map[string]bool {
	return g.reachingVia(users, acts, func(string) bool { return true })
}

// reachingThroughMacros is reaching with only macros in between.
func (g *mentionGraph) reachingThroughMacros(users map[string][]string, acts func(string) bool) map[string]bool {
	return g.reachingVia(users, acts, func(n string) bool { return !g.funcs[n] })
}

func (g *mentionGraph) reachingVia(users map[string][]string, acts func(string) bool, via func(string) bool) map[string]bool {
	out := map[string]bool{}
	var queue []string
	for n, m := range g.mentions {
		if n == "" {
			continue
		}
		for id := range m {
			if acts(id) {
				queue = append(queue, n)
				break
			}
		}
	}
	for len(queue) > 0 {
		n := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		if out[n] {
			continue
		}
		out[n] = true
		if !via(n) {
			continue
		}
		queue = append(queue, users[n]...)
		if g.funcs[n] {
			for m, globs := range g.pastes {
				if !out[m] && pasteMayBuild(globs, n) {
					queue = append(queue, m)
				}
			}
		}
	}
	return out
}

// reachable returns the functions and macros that roots mention,
// transitively, roots included.
func (g *mentionGraph) reachable(roots []string) map[string]bool {
	out := map[string]bool{}
	queue := append([]string(nil), roots...)
	for len(queue) > 0 {
		n := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		if out[n] {
			continue
		}
		out[n] = true
		for id := range g.mentions[n] {
			if !out[id] && g.mentions[id] != nil {
				queue = append(queue, id)
			}
		}
		if globs := g.pastes[n]; globs != nil {
			for f := range g.funcs {
				if !out[f] && pasteMayBuild(globs, f) {
					queue = append(queue, f)
				}
			}
		}
	}
	return out
}

// prunable reports whether the scanner's function definition it can have
// its body dropped: it is a real, named function (not a macro that
// defines one) and need does not hold it.
func prunable(s *scanned, it item, names *moduleNames, need map[string]bool) bool {
	return need != nil && it.funcDef && it.name != "" && !need[it.name] &&
		!names.macros[it.name] && !macroBeforeDef(s, it) &&
		it.bodyOpen > it.first && it.bodyOpen < it.last && s.is(it.bodyOpen, "{") && s.is(it.last, "}")
}
