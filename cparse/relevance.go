package cparse

// File-scope declarations that cannot matter are not parsed. The parser
// needs typedefs (to tell types from values) and function definitions;
// analyses need, besides, the initializers that name functions (ops tables,
// driver structures) and the kernel's object-defining macros
// (DECLARE_TASKLET, module_init). Struct and enum definitions, prototypes,
// plain variables and data tables only cost parse time: register tables
// and ID tables are a large share of driver sources.

import (
	"strings"

	"github.com/kdlint/kdlint/ir"
	"github.com/kdlint/kdlint/kmodel"
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
		case name == "typedef" || names.model[name]:
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

// relevanceGate is the relevance stage's first half, which needs no
// names: the sets of names that matter to the module, and false when
// nothing of it can (nil sets: all of it, -parse-all). Whether the
// module mentions a BH name (kmodel.NameSets.BHWork) the names stage
// finds out in its pass over every token (namesAndSets).
func relevanceGate(src *moduleSources) (*kmodel.NameSets, bool) {
	if src.cfg.parseAll() {
		return nil, true
	}
	sets := src.cfg.model().RelevantNames(src.cfg.needs())
	if !moduleCanReport(append(src.code(), src.config()...), sets) {
		return nil, false
	}
	return sets, true
}

// namesAndSets is the names stage after relevanceGate: the names, and
// sets with the BH names' sets when the module mentions one, which the
// names stage looks for in its pass over every token.
func namesAndSets(src *moduleSources, sets *kmodel.NameSets) (*moduleNames, *kmodel.NameSets) {
	if sets == nil {
		return moduleNamesOf(src), nil
	}
	names := moduleNamesWatching(src, sets.BHWork)
	if names.watched {
		sets = sets.WithBHWork()
	}
	return names, sets
}

// relevanceOf is the relevance stage's second half: what of the module
// matters to sets (nil: all of it).
func relevanceOf(src *moduleSources, names *moduleNames, sets *kmodel.NameSets) *relevance {
	if sets == nil {
		return nil
	}
	// -D and -include macros count where they are used, as module macros.
	return moduleRelevance(append(src.all(), src.config()...), names, sets)
}

// markUnneeded marks the functions whose bodies were not parsed, and
// counts those dropped whole, which are in no unit.
func markUnneeded(m *ir.Module, src *moduleSources, names *moduleNames, shared *moduleState) {
	rel := shared.rel
	pruned := map[string]map[string]bool{} // file -> functions with blanked bodies
	writes := newWriteRecorder(src, names) // writes.go
	for _, f := range src.code() {
		for _, it := range f.scan.items {
			if !prunable(f.scan, it, names, rel) {
				continue
			}
			writes.add(f.scan, it)
			if !rel.referenced[it.name] {
				if src.byRel[f.rel] == f && (strings.HasSuffix(f.rel, ".c") || shared.headerFuncsDone[f.rel]) {
					m.Unneeded++
				}
				continue
			}
			if pruned[f.path] == nil {
				pruned[f.path] = map[string]bool{}
			}
			pruned[f.path][it.name] = true
		}
	}
	for _, fn := range m.Funcs {
		fn.BodyUnneeded = pruned[fn.File][fn.Name]
	}
	if rel != nil {
		m.Links = rel.links
	}
	m.Unparsed = writes.done(m)
}

// moduleCanReport reports whether any file of a module mentions a name
// of the needs' gate (kmodel.NameSets.Gate). A module that mentions none
// provably holds nothing the needs are about (for the rules of today: no
// atomic context, no workqueue or tasklet), so it is not parsed at all
// (unless Config.ParseAll).
func moduleCanReport(files []*srcFile, sets *kmodel.NameSets) bool {
	contextNames := sets.Gate
	lengths := lengthBits(contextNames)
	for _, f := range files {
		s := f.scan
		for _, t := range s.toks {
			if t.kind == tIdent && hasLength(lengths, int(t.end-t.off)) && contextNames[s.text(t)] {
				return true
			}
		}
		// A macro may hide the registration: #define REG(n) request_irq(...).
		found := false
		for _, d := range s.directives {
			if d.name == "define" && !found {
				eachIdent(s.src[d.off:d.end], func(b []byte) { found = found || contextNames[string(b)] })
			}
		}
		if found {
			return true
		}
	}
	return false
}

// Function bodies that cannot matter are not parsed either. Which names
// matter, and how, comes from the needs alone (kmodel.Model.RelevantNames).
// Over the module's functions and macros, by name, a body matters when it
//   - reaches a name that matters anywhere (for the needs of today's
//     rules: a set-up, teardown or callback registration; for a lock
//     class, its lock operations), mentioning it directly or through the
//     functions and macros it mentions; for the names of an object kind
//     (kmodel.KindNames.Anywhere), only on a path a lifecycle analysis
//     walks (mentionGraph.onLifecyclePaths); or
//   - reaches a name that matters in atomic context (sleeps, locks) and is itself
//     reachable from a root of atomic context: a function handed to an
//     atomic callback registration (directly or through a module macro,
//     also by a name the macro builds with ##) or stored in an atomic
//     callback member, or what a function mentions from its first atomic
//     lock on (directly or through a module macro) to its end; or
//   - for a group of lock classes of the needs (kmodel.NameSets.Locks),
//     mentions one of its lock operations, or reaches one and is called
//     from a function's first lock operation of the group on. A mutex
//     held makes only its group's operations below it matter: not the
//     sleeps (no atomic context) nor another group's lock takers (whose
//     own bodies are parsed).
// The rest (register accessors, table lookups, work done in process
// context: most of a driver) keep their signature and an empty body.
// Names are matched textually, so a local variable that shares a
// function's name only makes the sets larger.

// relevance is what of a module must be parsed.
type relevance struct {
	// bodies holds the functions whose bodies must be parsed.
	bodies map[string]bool
	// declMacros holds the module macros that may expand to a function
	// name, a typedef or a name of the model: a file-scope declaration
	// that uses one is parsed (neededDecl).
	declMacros map[string]bool
	// referenced holds the functions named other than in a direct call
	// (callbacks, ops tables, module_init). An unneeded function that is
	// not referenced is dropped whole; a referenced one keeps its
	// signature, so that entry points are still known.
	referenced map[string]bool
	// links are the pairs of files of which one holds a function whose
	// body is not parsed, but was before lock classes were told apart
	// by group, that names a function of the other (ir.Module.Links).
	links [][2]string
}

// moduleRelevance works out what of a module must be parsed. files are
// the module's files and the headers outside it that they include.
func moduleRelevance(files []*srcFile, names *moduleNames, sets *kmodel.NameSets) *relevance {
	return graphRelevance(files, names, sets, graphShortcuts{internMacros: true, skipShared: true})
}

// graphShortcuts are the mention graph's shortcuts, all taken in
// production (moduleRelevance); tests leave one out to hold the graph
// against the one built without it.
type graphShortcuts struct {
	// internMacros gives the module's macros their ids first, rather
	// than looking up whether each name is a macro one by one.
	internMacros bool
	// skipShared leaves out the variants sharing their file's text.
	skipShared bool
}

// graphRelevance is moduleRelevance, taking only the shortcuts in take.
func graphRelevance(files []*srcFile, names *moduleNames, sets *kmodel.NameSets, take graphShortcuts) *relevance {
	g := newMentionGraph(names, sets)
	// A variant sharing its file's text (sameAsFirst) adds what its file
	// added: the same names, mentions by name and calls, again.
	shared := map[*srcFile]bool{}
	if take.skipShared {
		shared = sharedVariants(files)
	}
	own := files // the files whose names are added, for reserve
	if len(shared) > 0 {
		own = make([]*srcFile, 0, len(files)-len(shared))
		for _, f := range files {
			if !shared[f] {
				own = append(own, f)
			}
		}
	}
	g.reserve(own)
	if take.internMacros {
		g.internMacros(own)
	}
	g.structs = definedStructs(files)
	for _, f := range files {
		if shared[f] {
			// But for which definition of a ## macro comes last.
			for _, def := range f.variantOf.defines() {
				if len(def.globs) > 0 {
					g.pastes[g.id(def.d.arg)] = def.globs
				}
			}
			continue
		}
		s := f.scan
		for _, it := range s.items {
			switch {
			case it.funcDef && it.name != "":
				id := g.id(it.name)
				g.isFunc[id] = true
				g.add(id, s, it.bodyOpen, it.last+1)
			default:
				// Ops tables, driver structures, DECLARE_* objects. The
				// functions stored in a kernel structure's members are
				// not called by the module (callgraph does the same).
				g.kernelTable = false
				if tag := itemStructTag(s, it); tag != "" && !g.structs[tag] {
					g.kernelTable = true
				}
				g.add(fileScope, s, it.first, it.last+1)
				g.kernelTable = false
			}
		}
		for _, def := range f.defines() {
			id := g.id(def.d.arg)
			g.add(id, def.body, 0, len(def.body.toks))
			if len(def.globs) > 0 {
				g.pastes[id] = def.globs
			}
		}
	}
	g.index()
	g.applyKinds(sets.Kinds)
	reachesObjects := g.reaching(flagOnObjects, false)
	onObjects := g.onLifecyclePaths(reachesObjects)
	// What matters near its mention: the functions that mention it
	// (directly or through module macros), and those that call one.
	near := g.reaching(flagNear, true)
	nearCallers := g.reachingIf(func(id nameID) bool { return g.isFunc[id] && near[id] }, true)
	inContext := g.reaching(flagInContext, false)
	roots := append(append([]nameID(nil), g.stored...), g.declaredRoots(sets.AtomicFuncs)...)
	registers := g.reaching(flagRegistersAtomic, true)
	for callee, args := range g.callArgs {
		if g.flags[callee]&flagRegistersAtomic != 0 || registers[callee] {
			roots = append(roots, args...)
		}
	}
	// Callbacks named by ## in a registering macro: any function the
	// macro may build.
	for m := range g.pastes {
		if registers[m] || g.storesCallback[m] {
			roots = append(roots, g.built[m]...)
		}
	}
	// A lock taker matters from its first lock on (to its end: an unlock
	// on one path may leave the lock held on another): what it calls
	// before runs in whatever context it runs in.
	opensAtomic := func(id nameID) bool { return g.flags[id]&flagOpens != 0 }
	atomic := g.reachable(roots, g.regions(g.reachingIf(opensAtomic, true), opensAtomic))
	// A lock operation matters where it is, and under a lock of its
	// group (kmodel.NameSets.Locks): in a function called from the first
	// lock operation of the group on, when it reaches one. Of all the
	// groups together, for lockedOnce: what reaches an operation of any,
	// and what a lock of any is held over.
	locked := make([]bool, len(g.names))
	anyReaches, anyUnder := make([]bool, len(g.names)), make([]bool, len(g.names))
	for i := range sets.Locks {
		bit := uint8(1) << i
		ofGroup := func(id nameID) bool { return g.lockBits[id]&bit != 0 }
		reaches := g.reachingIf(ofGroup, false)
		under := g.reachable(nil, g.regions(g.reachingIf(ofGroup, true), ofGroup))
		for n := range locked {
			locked[n] = locked[n] || reaches[n] && under[n]
			anyReaches[n] = anyReaches[n] || reaches[n]
			anyUnder[n] = anyUnder[n] || under[n]
		}
	}
	typedef := g.id("typedef")
	code := g.reachingIf(func(id nameID) bool { return id == typedef || g.flags[id]&flagModel != 0 || g.isFunc[id] }, true)
	rel := &relevance{bodies: map[string]bool{}, declMacros: map[string]bool{}, referenced: map[string]bool{}}
	for n, name := range g.names {
		if g.isFunc[n] && (onObjects[n] || near[n] || nearCallers[n] || inContext[n] && atomic[n] || locked[n]) {
			rel.bodies[name] = true
		}
		if g.isFunc[n] && g.referenced[n] {
			rel.referenced[name] = true
		}
		if g.isMacro[n] && code[n] {
			rel.declMacros[name] = true
		}
	}
	linked := g.lockedOnce(anyReaches, anyUnder, inContext, rel.bodies)
	for n, name := range g.names {
		// Off the lifecycle paths, they relate files all the same.
		if g.isFunc[n] && reachesObjects[n] && !rel.bodies[name] {
			linked[name] = true
		}
	}
	rel.links = g.links(files, linked)
	return rel
}

// lockedOnce returns the functions not in bodies that a lock held made
// matter before lock classes were told apart by group: called from the
// first lock operation of any group on (under), they reach a lock
// operation of any group (reaches) or a name that matters in atomic
// context (inContext). A function's first operation of any group is the
// first of its groups' firsts, so under is the union of the groups'.
//
// Their bodies relate files all the same. The call graph relates two
// files when a parsed body of one calls or names a function of the
// other, and the atomic analysis follows a call through a function
// pointer member only into a file related to the chain's (on 6.12
// drivers/misc/cxl, pci.c's lock region reaches native.c's ops through
// main.c, related by cxl_write_sstp(), a sleeper called only under a
// mutex). So that parsing fewer of these bodies changes no finding,
// their mentions still relate the files (links); the bodies that were
// never parsed relate nothing, as before.
func (g *mentionGraph) lockedOnce(reaches, under, inContext []bool, bodies map[string]bool) map[string]bool {
	out := map[string]bool{}
	for n, name := range g.names {
		if g.isFunc[n] && !bodies[name] && under[n] && (reaches[n] || inContext[n]) {
			out[name] = true
		}
	}
	return out
}

// links returns the pairs of files of which one defines a function of
// the set of that names a function the other defines, as its body
// mentions it (ir.Module.Links). A name defined in several files relates
// to each of them.
func (g *mentionGraph) links(files []*srcFile, of map[string]bool) [][2]string {
	defined := map[nameID][]string{}
	for _, f := range files {
		for _, it := range f.scan.items {
			if it.funcDef && it.name != "" {
				id, _ := g.lookup(it.name)
				if l := defined[id]; len(l) == 0 || l[len(l)-1] != f.path {
					defined[id] = append(l, f.path)
				}
			}
		}
	}
	seen := map[[2]string]bool{}
	var out [][2]string
	for _, f := range files {
		for _, it := range f.scan.items {
			if !it.funcDef || it.name == "" || !of[it.name] {
				continue
			}
			for _, m := range g.mentions[g.idOf(it.name)] {
				for _, to := range defined[m.id] {
					k := [2]string{f.path, to}
					if to != f.path && !seen[k] {
						seen[k] = true
						out = append(out, k)
					}
				}
			}
		}
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
