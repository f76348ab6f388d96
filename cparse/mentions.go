package cparse

import (
	"encoding/binary"
	"math"
	"reflect"
	"strings"
	"sync"

	"github.com/kdlint/kdlint/kmodel"
)

// The mention graph of a module, over the names of its functions and
// macros: which names each body or macro expansion mentions, in order.
// Names are interned to small integers, as a module's bodies hold
// millions of identifier tokens; what the kernel model says about a name
// is looked up once per distinct name.

type nameID = int32

// fileScope is the node of all file-scope declarations together.
const fileScope nameID = 0

// What the model says about a name (nameFlags).
const (
	flagModel           = 1 << iota // the model's names
	flagOnObjects                   // NameSets.Anywhere
	flagInContext                   // NameSets.InAtomicName
	flagRegistersAtomic             // NameSets.RegistersAtomic
	flagOpens                       // NameSets.OpensAtomic
	flagAtomicField                 // NameSets.AtomicFields
	flagNear                        // NameSets.Near
	flagRootCall                    // NameSets.RootCalls
)

func nameFlags(name string, model map[string]bool, ns *kmodel.NameSets) uint8 {
	var f uint8
	set := func(flag uint8, ok bool) {
		if ok {
			f |= flag
		}
	}
	set(flagModel, model[name])
	set(flagOnObjects, ns.Anywhere[name])
	set(flagInContext, ns.InAtomicName(name))
	set(flagRegistersAtomic, ns.RegistersAtomic[name])
	set(flagOpens, ns.OpensAtomic[name])
	set(flagAtomicField, ns.AtomicFields[name])
	set(flagNear, ns.Near[name])
	set(flagRootCall, ns.RootCalls[name])
	return f
}

// nameInfo is what nameFlags and NameSets.LockGroups say of a name.
type nameInfo struct{ flags, lockBits uint8 }

// nameTable holds nameInfo for every name the model and the sets hold,
// so that a new name of a module costs one lookup, not one per set; a
// name not in it has only the flags of nameFlags' prefixes.
type nameTable struct {
	known map[string]nameInfo
	model map[string]bool
	sets  *kmodel.NameSets
}

func (t *nameTable) info(name string) nameInfo {
	if in, ok := t.known[name]; ok {
		return in
	}
	for _, p := range t.sets.InAtomicPrefixes {
		if strings.HasPrefix(name, p) {
			return nameInfo{flags: flagInContext}
		}
	}
	return nameInfo{}
}

// nameTables holds the table of each pair of model names and sets (the
// sets are worked out once per needs: kmodel.Model.RelevantNames).
var nameTables struct {
	sync.Mutex
	m map[*kmodel.NameSets][]*nameTable
}

func nameTableOf(model map[string]bool, ns *kmodel.NameSets) *nameTable {
	nameTables.Lock()
	defer nameTables.Unlock()
	for _, t := range nameTables.m[ns] {
		if reflect.ValueOf(t.model).UnsafePointer() == reflect.ValueOf(model).UnsafePointer() {
			return t
		}
	}
	t := &nameTable{known: map[string]nameInfo{}, model: model, sets: ns}
	add := func(names map[string]bool) {
		for name := range names {
			if _, ok := t.known[name]; !ok {
				t.known[name] = nameInfo{nameFlags(name, model, ns), ns.LockGroups(name)}
			}
		}
	}
	add(model)
	add(ns.Anywhere)
	add(ns.InAtomic)
	add(ns.RegistersAtomic)
	add(ns.OpensAtomic)
	add(ns.AtomicFields)
	add(ns.Near)
	for _, l := range ns.Locks {
		add(l)
	}
	if nameTables.m == nil {
		nameTables.m = map[*kmodel.NameSets][]*nameTable{}
	}
	nameTables.m[ns] = append(nameTables.m[ns], t)
	return t
}

// mention is one name a body mentions: the ordinals of its first and last
// mentions among the body's names.
type mention struct {
	id          nameID
	first, last int32
}

type mentionGraph struct {
	ids   map[string]nameID
	names []string
	flags []uint8
	// Per name: a function or macro of the module, what its bodies and
	// expansions mention, whether it is named other than as a callee.
	isFunc, isMacro, referenced []bool
	mentions                    [][]mention
	// lockBits has bit i set for a name of NameSets.Locks[i].
	lockBits []uint8
	// callArgs holds, for calls to atomic registrations and to module
	// macros, the names in their arguments.
	callArgs map[nameID][]nameID
	// stored holds the names assigned to atomic callback members, and
	// storesCallback the macros that make such an assignment.
	stored         []nameID
	storesCallback map[nameID]bool
	// stores holds the functions stored in each member node (store);
	// memberPaths the member nodes by their last member.
	stores      map[[2]nameID]bool
	memberPaths map[string][]memberPath
	// structs are the struct tags the module defines; kernelTable is set
	// while the initializer of a kernel structure is added.
	structs     map[string]bool
	kernelTable bool
	// pastes holds the globs of names macros build with ## (paste.go).
	pastes map[nameID][]string
	// lifecycleRoots holds the names in the arguments of root calls and
	// the functions stored in root members (NameSets.RootCalls,
	// RootMembers); storedIn the functions stored in a member, by the
	// member's name, kernel structures' initializers included (as the
	// lifecycle pass follows operations-table calls).
	lifecycleRoots []nameID
	storedIn       map[string][]nameID
	// setup holds the set-ups of the object kinds whose gate the module
	// mentions (applyKinds).
	setup map[nameID]bool
	// users, builders and built invert mentions and pastes (index).
	users           [][]nameID
	builders, built map[nameID][]nameID

	macros map[string]bool  // the module's macros, by name
	funcs  map[string]bool  // the module's functions, by name
	sets   *kmodel.NameSets // what the needs make of each name
	model  map[string]bool  // the kernel model's names
	table  *nameTable       // nameInfo of the model's and the sets' names
	short  shortNames       // the ids of short names, by their bytes (internTok)
	// allMacros is set when every name of macros has an id: a new name
	// is then none (internMacros).
	allMacros bool
	// Scratch for add: the node each name was last seen in, and where.
	seenIn  []int32
	slot    []int32 // in scratch
	stamp   int32
	scratch []mention
}

func newMentionGraph(names *moduleNames, sets *kmodel.NameSets) *mentionGraph {
	macros := names.macros
	g := &mentionGraph{ids: map[string]nameID{}, callArgs: map[nameID][]nameID{}, pastes: map[nameID][]string{},
		storesCallback: map[nameID]bool{},
		builders:       map[nameID][]nameID{}, built: map[nameID][]nameID{}, macros: macros, funcs: names.funcs, model: names.model, sets: sets,
		table: nameTableOf(names.model, sets)}
	g.intern("") // fileScope
	return g
}

// reserve makes room for the names of files, about one per dozen tokens
// (drivers/net: 1.1 million names of 23.6 million tokens, at most one
// per nine in a module), so that the tables are not grown name by name.
func (g *mentionGraph) reserve(files []*srcFile) {
	n := 0
	for _, f := range files {
		n += len(f.scan.toks)
	}
	n /= 12
	// The names interned so far (short ones are in short only), into
	// the table made for n.
	// About half of them are short (below), and the table grows.
	old := g.short.slots
	g.short.init(n / 2)
	for _, e := range old {
		if e.n != 0 {
			g.short.put(e)
		}
	}
	if n <= len(g.names) {
		return
	}
	// About half of the names are longer than 16 bytes (drivers/net:
	// 510,275 of 1,094,788), which ids holds.
	ids := make(map[string]nameID, n/2)
	for name, id := range g.ids {
		ids[name] = id
	}
	g.ids = ids
	grow := func(s []bool) []bool { return append(make([]bool, 0, n), s...) }
	g.names = append(make([]string, 0, n), g.names...)
	g.flags = append(make([]uint8, 0, n), g.flags...)
	g.lockBits = append(make([]uint8, 0, n), g.lockBits...)
	g.isFunc, g.isMacro, g.referenced = grow(g.isFunc), grow(g.isMacro), grow(g.referenced)
	g.mentions = append(make([][]mention, 0, n), g.mentions...)
	g.seenIn = append(make([]int32, 0, n), g.seenIn...)
	g.slot = append(make([]int32, 0, n), g.slot...)
}

// intern returns the id of name. The graph keeps name itself, a slice
// of the scanned text (scanned.text), not a copy.
func (g *mentionGraph) intern(name string) nameID {
	if w0, w1, ok := shortWords(name); ok {
		if id, ok := g.short.get(w0, w1, len(name)); ok {
			return id
		}
		id := g.newName(name)
		g.short.put(shortName{w0, w1, id, uint8(len(name))})
		return id
	}
	if id, ok := g.ids[name]; ok {
		return id
	}
	id := g.newName(name)
	g.ids[name] = id
	return id
}

// lookup returns the id of name, false when it has none. A name of at
// most 16 bytes (but the empty one) is in the short names' table only,
// a longer one in ids only (intern).
func (g *mentionGraph) lookup(name string) (nameID, bool) {
	if w0, w1, ok := shortWords(name); ok {
		return g.short.get(w0, w1, len(name))
	}
	id, ok := g.ids[name]
	return id, ok
}

// shortWords returns name's bytes as the two words of shortNames, zero
// past its end, when it is 1 to 16 bytes long.
func shortWords(name string) (w0, w1 uint64, ok bool) {
	if len(name) == 0 || len(name) > 16 {
		return 0, 0, false
	}
	var b [16]byte
	copy(b[:], name)
	return binary.LittleEndian.Uint64(b[:8]), binary.LittleEndian.Uint64(b[8:]), true
}

// newName gives name the next id, with what the tables say of it; the
// caller records it in ids or short.
func (g *mentionGraph) newName(name string) nameID {
	id := nameID(len(g.names))
	g.names = append(g.names, name)
	in := g.table.info(name)
	g.flags = append(g.flags, in.flags)
	g.lockBits = append(g.lockBits, in.lockBits)
	g.isFunc = append(g.isFunc, false)
	g.isMacro = append(g.isMacro, !g.allMacros && g.macros[name])
	g.referenced = append(g.referenced, false)
	g.mentions = append(g.mentions, nil)
	g.seenIn = append(g.seenIn, -1)
	g.slot = append(g.slot, 0)
	return id
}

func (g *mentionGraph) id(name string) nameID { return g.intern(name) }

// idOf is lookup's id, fileScope for a name without one.
func (g *mentionGraph) idOf(name string) nameID {
	id, _ := g.lookup(name)
	return id
}

// internMacros gives the module's macros their ids first, in the order
// files define them, so that a name interned later needs no lookup
// among the macros (allMacros).
func (g *mentionGraph) internMacros(files []*srcFile) {
	n := 0
	for _, f := range files {
		for _, d := range f.scan.directives {
			if d.name == "define" && d.arg != "" && !d.alt {
				// (intern looks it up among the macros while allMacros
				// is unset.)
				if before := len(g.names); int(g.intern(d.arg)) >= before && g.isMacro[before] {
					n++
				}
			}
		}
	}
	// Each of these is a new macro: all of them when as many.
	g.allMacros = n == len(g.macros)
}

// shortNames maps the names of at most 16 bytes to their ids, by their
// bytes as two words, in an open-addressed table: most identifiers are
// that short, and the lookup compares two words where a map would hash
// the string and compare it with a key elsewhere in memory.
type shortNames struct {
	slots []shortName // a power of two long; n == 0 when empty
	shift uint        // 64 - log2(len(slots))
	count int
}

type shortName struct {
	w0, w1 uint64
	id     nameID
	n      uint8
}

func (t *shortNames) init(size int) {
	bits := uint(4)
	for 1<<bits < 2*size {
		bits++
	}
	t.slots, t.shift, t.count = make([]shortName, 1<<bits), 64-bits, 0
}

func (t *shortNames) index(w0, w1 uint64, n int) uint64 {
	return ((w0 ^ w1*0x9e3779b97f4a7c15 ^ uint64(n)) * 0xff51afd7ed558ccd) >> t.shift
}

// put records the id of a name not in t.
func (t *shortNames) put(e shortName) {
	if 2*(t.count+1) > len(t.slots) {
		old := t.slots
		t.init(max(len(old), 8))
		for _, o := range old {
			if o.n != 0 {
				t.put(o)
			}
		}
	}
	mask := uint64(len(t.slots) - 1)
	for i := t.index(e.w0, e.w1, int(e.n)); ; i = (i + 1) & mask {
		if t.slots[i].n == 0 {
			t.slots[i] = e
			t.count++
			return
		}
	}
}

// get returns the id of the name of n bytes whose words are w0 and w1.
func (t *shortNames) get(w0, w1 uint64, n int) (nameID, bool) {
	if len(t.slots) == 0 {
		return 0, false
	}
	mask := uint64(len(t.slots) - 1)
	for i := t.index(w0, w1, n); ; i = (i + 1) & mask {
		e := &t.slots[i]
		if e.n == 0 {
			return 0, false
		}
		if e.w0 == w0 && e.w1 == w1 && int(e.n) == n {
			return e.id, true
		}
	}
}

// internTok returns the id of the name of the identifier t of s, as
// intern(s.text(t)) does.
func (g *mentionGraph) internTok(s *scanned, t tok) nameID {
	n := int(t.end - t.off)
	if n > 16 || n == 0 || int(t.off)+16 > len(s.src) {
		return g.intern(s.text(t))
	}
	w0 := binary.LittleEndian.Uint64(s.src[t.off:])
	w1 := binary.LittleEndian.Uint64(s.src[t.off+8:])
	if n <= 8 {
		w0 &= 1<<(8*n) - 1
		w1 = 0
	} else {
		w1 &= 1<<(8*(n-8)) - 1
	}
	if id, ok := g.short.get(w0, w1, n); ok {
		return id
	}
	id := g.newName(s.text(t))
	g.short.put(shortName{w0, w1, id, uint8(n)})
	return id
}

// memberNode returns the node of the member access ending at token i (a
// member name), named by its path of members (hw->mbx.ops.write gives
// "->mbx.ops.write": the variable it starts from is left out), kept apart
// from the names of functions and macros. A call through a function
// pointer member mentions its node; a store (.reset = foo_reset,
// p->ops.reset = foo_reset) makes its node mention the function; index
// links each call's node to the stores' nodes of compatible paths, as
// the call graph resolves such calls (a path it resolves is never more
// general than the one seen here).
func (g *mentionGraph) memberNode(s *scanned, i int, call bool) nameID {
	path := []string{s.text(s.toks[i])}
	for j := i - 1; j >= 1 && (s.is(j, ".") || s.is(j, "->")); j -= 2 {
		t := s.toks[j-1]
		if t.kind != tIdent || !(s.is(j-2, ".") || s.is(j-2, "->")) {
			break // the variable the path starts from, or no name
		}
		path = append(path, s.text(t))
	}
	for a, b := 0, len(path)-1; a < b; a, b = a+1, b-1 {
		path[a], path[b] = path[b], path[a]
	}
	prefix := "->"
	if call {
		prefix = "->()"
	}
	name := prefix + strings.Join(path, ".")
	if id, ok := g.lookup(name); ok {
		return id
	}
	id := g.id(name)
	if g.memberPaths == nil {
		g.memberPaths = map[string][]memberPath{}
	}
	last := path[len(path)-1]
	g.memberPaths[last] = append(g.memberPaths[last], memberPath{id, path, call})
	return id
}

// memberPath is a member node and its path.
type memberPath struct {
	id   nameID
	path []string
	call bool
}

// MaxPointerStores bounds the functions a call through a function pointer
// member may be resolved to: a member path whose compatible stores hold
// more is a dispatch kdlint does not follow (callgraph does the same).
const MaxPointerStores = 3

// linkMembers makes each call's member node mention the store nodes of
// the same member it is compatible with: they agree on the members both
// have, from the last one out; not when they hold more than
// MaxPointerStores functions together.
func (g *mentionGraph) linkMembers() {
	for _, paths := range g.memberPaths {
		for _, a := range paths {
			if !a.call {
				continue
			}
			var to []nameID
			fns := map[nameID]bool{}
			for _, b := range paths {
				if b.call || !compatiblePaths(a.path, b.path) {
					continue
				}
				to = append(to, b.id)
				for _, m := range g.mentions[b.id] {
					fns[m.id] = true
				}
			}
			if len(fns) > MaxPointerStores {
				continue
			}
			for _, b := range to {
				g.mentions[a.id] = append(g.mentions[a.id], mention{b, 0, 0})
			}
		}
	}
}

func compatiblePaths(a, b []string) bool {
	for i, j := len(a)-1, len(b)-1; i >= 0 && j >= 0; i, j = i-1, j-1 {
		if a[i] != b[j] {
			return false
		}
	}
	return true
}

// add records what the tokens s.toks[from:to] of node's body or expansion
// mention. Member names (p->x, .x) are not mentions of functions, except
// the names the model knows (t->function = cb); a call through a member
// mentions the member's node (memberNode).
func (g *mentionGraph) add(node nameID, s *scanned, from, to int) {
	g.stamp++
	// The mentions of this body, gathered in scratch and added to the
	// node's at the end, in one allocation.
	ms := g.scratch[:0]
	var k int32
	for i := from; i < to; i++ {
		t := s.toks[i]
		if t.kind != tIdent {
			continue
		}
		id := g.internTok(s, t)
		if id == node {
			continue
		}
		call := i+1 < to && s.is(i+1, "(")
		flags := g.flags[id]
		switch {
		case call && (g.isMacro[id] || flags&flagRegistersAtomic != 0):
			g.callArgs[id] = append(g.callArgs[id], g.identsUntil(s, i+2, to, false)...)
		case flags&flagAtomicField != 0 && i+1 < to && s.is(i+1, "="):
			g.stored = append(g.stored, g.identsUntil(s, i+2, to, true)...)
			g.storesCallback[node] = true
		}
		if call && flags&flagRootCall != 0 {
			g.lifecycleRoots = append(g.lifecycleRoots, g.identsUntil(s, i+2, to, false)...)
		}
		member := i > from && (s.is(i-1, ".") || s.is(i-1, "->"))
		if member && !call && g.sets.RootMembers != nil && i+2 < to && s.is(i+1, "=") {
			g.memberStore(s, i, to)
		}
		if member && flags&(flagModel|flagInContext) == 0 {
			if !call {
				// A store of a function: .x = fn or p->x = &fn, as the call
				// graph reads them (the value is the function's name).
				if i+2 < to && s.is(i+1, "=") && !g.kernelTable {
					if j := storedName(s, i, to); j >= 0 && (j+1 >= to || s.is(j+1, ";") || s.is(j+1, ",") || s.is(j+1, "}")) {
						if v := s.text(s.toks[j]); g.funcs[v] {
							id := g.intern(v)
							g.store(g.memberNode(s, i, false), id)
							g.referenced[id] = true
						}
					}
				}
				continue
			}
			id = g.memberNode(s, i, true)
		}
		if !call {
			g.referenced[id] = true
		}
		k++
		if g.seenIn[id] == g.stamp {
			ms[g.slot[id]].last = k
			continue
		}
		g.seenIn[id] = g.stamp
		g.slot[id] = int32(len(ms))
		ms = append(ms, mention{id, k, k})
	}
	if node != fileScope {
		// What file scope mentions is read by no one: only what adding
		// it records on the way (calls, stores, references, names).
		g.mentions[node] = append(g.mentions[node], ms...)
	}
	g.scratch = ms[:0]
}

// storedName returns the index of the name a member assignment at token
// i stores (.x = fn, p->x = &fn, p->x = (void *)fn), -1 when what follows
// the '=' is no name before to.
func storedName(s *scanned, i, to int) int {
	j := i + 2
	if s.is(j, "(") { // a cast: (void *)fn
		if close := matchParen(s, j); close > j && close < to {
			j = close + 1
		}
	}
	if s.is(j, "&") {
		j++
	}
	if j >= to || s.toks[j].kind != tIdent {
		return -1
	}
	return j
}

// memberStore records the module function that the member assignment
// at token i (.x = fn, p->x = &fn, p->x = (void *)fn) stores, in
// storedIn and, for a root member, in lifecycleRoots.
func (g *mentionGraph) memberStore(s *scanned, i, to int) {
	j := storedName(s, i, to)
	if j < 0 || !g.funcs[s.text(s.toks[j])] {
		return
	}
	fn := g.internTok(s, s.toks[j])
	member := s.text(s.toks[i])
	if g.storedIn == nil {
		g.storedIn = map[string][]nameID{}
	}
	g.storedIn[member] = append(g.storedIn[member], fn)
	if g.sets.RootMembers[member] {
		g.lifecycleRoots = append(g.lifecycleRoots, fn)
	}
}

// onLifecyclePaths returns the functions of reach (those that reach a
// name of flagOnObjects) that a lifecycle analysis can walk: those that
// mention one (directly or through module macros), their callers up to
// kmodel.SetupCallers calls up, and what the lifecycle roots and these
// reach, through mentions, ## macros and member calls (to every
// function stored in a member of the called member's name). Without
// roots in the needs (no Objects), reach.
func (g *mentionGraph) onLifecyclePaths(reach []bool) []bool {
	if g.sets.RootMembers == nil {
		return reach
	}
	mentions := g.reaching(flagOnObjects, true)
	setups := g.reachingIf(func(id nameID) bool { return g.setup[id] }, true)
	// Callers of set-ups up to SetupCallers calls up; macros cost no call.
	level := make([]int8, len(g.names))
	var cur, roots []nameID
	for n := range g.names {
		if mentions[n] && g.isFunc[n] {
			roots = append(roots, nameID(n))
		}
		if setups[n] && g.isFunc[n] {
			level[n] = 1
			cur = append(cur, nameID(n))
		}
	}
	for d := int8(2); d <= kmodel.SetupCallers+1 && len(cur) > 0; d++ {
		var next []nameID
		var up func(n nameID)
		up = func(n nameID) {
			for _, l := range [2][]nameID{g.users[n], g.builders[n]} {
				for _, u := range l {
					if level[u] != 0 {
						continue
					}
					level[u] = d
					if g.isFunc[u] {
						next = append(next, u)
						roots = append(roots, u)
					} else {
						up(u) // a macro: its users are as many calls up
					}
				}
			}
		}
		for _, n := range cur {
			up(n)
		}
		cur = next
	}
	roots = append(roots, g.lifecycleRoots...)
	from := make([]bool, len(g.names))
	queue := roots
	for len(queue) > 0 {
		n := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		if from[n] {
			continue
		}
		from[n] = true
		for _, m := range g.mentions[n] {
			if !from[m.id] {
				queue = append(queue, m.id)
			}
		}
		queue = append(queue, g.built[n]...)
		if name := g.names[n]; strings.HasPrefix(name, "->()") {
			queue = append(queue, g.storedIn[name[strings.LastIndexAny(name, ".)")+1:]]...)
		}
	}
	out := make([]bool, len(reach))
	for n := range reach {
		out[n] = reach[n] && from[n]
	}
	return out
}

// store records that the member node m may hold the function fn.
func (g *mentionGraph) store(m, fn nameID) {
	k := [2]nameID{m, fn}
	if g.stores[k] {
		return
	}
	if g.stores == nil {
		g.stores = map[[2]nameID]bool{}
	}
	g.stores[k] = true
	g.mentions[m] = append(g.mentions[m], mention{fn, 0, 0})
}

// identsUntil returns the identifiers of s.toks[from:to] up to the first
// unmatched closing bracket or, if stopAtComma, the first ',' or ';'
// outside brackets: the rest of an argument list, or an assigned value.
func (g *mentionGraph) identsUntil(s *scanned, from, to int, stopAtComma bool) []nameID {
	var out []nameID
	depth := 0
	for i := from; i < to; i++ {
		t := s.toks[i]
		if t.kind == tIdent {
			out = append(out, g.internTok(s, t))
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
	g.linkMembers()
	// The users of all names in one array, counted first, each name's in
	// the order appending them would give.
	count := make([]int32, len(g.names))
	total := 0
	for n, ms := range g.mentions {
		if nameID(n) == fileScope {
			continue
		}
		for _, m := range ms {
			count[m.id]++
		}
		total += len(ms)
	}
	all := make([]nameID, total)
	g.users = make([][]nameID, len(g.names))
	at := 0
	for id, c := range count {
		g.users[id] = all[at : at : at+int(c)]
		at += int(c)
	}
	for n, ms := range g.mentions {
		if nameID(n) == fileScope {
			continue
		}
		for _, m := range ms {
			g.users[m.id] = append(g.users[m.id], nameID(n))
		}
	}
	var funcs []nameID
	if len(g.pastes) > 0 {
		for f, isFunc := range g.isFunc {
			if isFunc {
				funcs = append(funcs, nameID(f))
			}
		}
	}
	for m, globs := range g.pastes {
		// pasteMayBuild, with each glob split once, not once per name.
		split := make([][]string, len(globs))
		for i, glob := range globs {
			split[i] = strings.Split(glob, "*")
		}
		for _, f := range funcs {
			if splitMayBuild(split, g.names[f]) {
				g.builders[nameID(f)] = append(g.builders[nameID(f)], m)
				g.built[m] = append(g.built[m], nameID(f))
				// Named by a ## macro: perhaps as a callback.
				g.referenced[f] = true
			}
		}
	}
}

// splitMayBuild is pasteMayBuild of globs split at '*'.
func splitMayBuild(split [][]string, name string) bool {
	for _, parts := range split {
		if matchSplit(parts, name) {
			return true
		}
	}
	return false
}

// reaching returns the functions and macros that mention a name with one
// of flags, directly or through other functions and macros (only through
// macros when macrosOnly).
func (g *mentionGraph) reaching(flags uint8, macrosOnly bool) []bool {
	return g.reachingIf(func(id nameID) bool { return g.flags[id]&flags != 0 }, macrosOnly)
}

func (g *mentionGraph) reachingIf(acts func(nameID) bool, macrosOnly bool) []bool {
	out := make([]bool, len(g.names))
	var queue []nameID
	for id, users := range g.users {
		if acts(nameID(id)) {
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
		if !macrosOnly || !g.isFunc[n] {
			queue = append(queue, g.users[n]...)
			queue = append(queue, g.builders[n]...)
		}
	}
	return out
}

// regions returns the functions that open a region, from the ordinal of
// their first mention of a name opener accepts, directly or through a
// module macro that reaches one (opens: g.reachingIf(opener, true)).
func (g *mentionGraph) regions(opens []bool, opener func(nameID) bool) map[nameID]int32 {
	out := map[nameID]int32{}
	for n, isFunc := range g.isFunc {
		if !isFunc || !opens[n] {
			continue
		}
		first := int32(math.MaxInt32)
		for _, m := range g.mentions[n] {
			if (opener(m.id) || opens[m.id] && !g.isFunc[m.id]) && m.first < first {
				first = m.first
			}
		}
		out[nameID(n)] = first
	}
	return out
}

// reachable returns the functions and macros that roots mention,
// transitively, roots included; lock takers in from count only what they
// mention from the given ordinal on.
func (g *mentionGraph) reachable(roots []nameID, from map[nameID]int32) []bool {
	out := make([]bool, len(g.names))
	expanded := make([]bool, len(g.names))
	var queue []nameID
	for n, first := range from {
		out[n] = true
		for _, m := range g.mentions[n] {
			if m.last >= first {
				queue = append(queue, m.id)
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
		for _, m := range g.mentions[n] {
			if !expanded[m.id] {
				queue = append(queue, m.id)
			}
		}
		queue = append(queue, g.built[n]...)
	}
	return out
}

// applyKinds adds to the flags of the names the module mentions what
// each object kind whose gate it mentions makes of them
// (kmodel.NameSets.Kinds): its names that matter anywhere and near.
// The graph holds every name the module's code and macros mention, so
// that whether the module mentions a gate's name is a lookup.
func (g *mentionGraph) applyKinds(kinds []kmodel.KindNames) {
	for _, k := range kinds {
		if !g.mentionsAny(k.Gate) {
			continue
		}
		for name := range k.Anywhere {
			if id, ok := g.lookup(name); ok {
				g.flags[id] |= flagOnObjects
			}
		}
		for name := range k.Near {
			if id, ok := g.lookup(name); ok {
				g.flags[id] |= flagNear
			}
		}
		for name := range k.Setups {
			if id, ok := g.lookup(name); ok {
				if g.setup == nil {
					g.setup = map[nameID]bool{}
				}
				g.setup[id] = true
			}
		}
	}
}

// mentionsAny reports whether the module mentions one of names.
func (g *mentionGraph) mentionsAny(names map[string]bool) bool {
	for name := range names {
		if _, ok := g.lookup(name); ok {
			return true
		}
	}
	return false
}
