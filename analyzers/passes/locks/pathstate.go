package locks

import (
	"go/token"
	"slices"
	"strings"

	"github.com/kdlint/kdlint/ir"
)

// The state a path carries: the locks it holds, the branch outcomes and
// values it remembers, and what it released.

type fact struct {
	key string
	val bool
}

type pval struct{ name, class string }

type presult struct {
	name string
	call *ir.Call
}

type prelease struct {
	id string
	at *ir.Call
	// held says the release released a lock the path held, rather than
	// one its caller may hold.
	held bool
}

// pstate is the state of one path. Its slices are never changed in
// place once shared: clone before changing.
type pstate struct {
	held     []*PathLock
	facts    []fact
	vals     []pval
	saved    []string
	released []prelease
	done     []*ir.Call
	// results holds the variables that hold the result of an
	// acquisition that may fail (ret = mutex_lock_interruptible(...)).
	results []presult
	// entryRel holds the locks the path released without having taken
	// them: its caller's.
	entryRel []string
	// decided holds the conditional acquisitions whose outcome a branch
	// of the path has already tested.
	decided []*ir.Call
	via     string
	gotoPos token.Pos
	// refs counts the work items that share the state (work.owned).
	refs int
	// shared marks the slices that another state may share (clone):
	// they are copied before they are changed in place (own).
	shared sharedSlices
}

// sharedSlices has a bit for each slice of a pstate that is changed in
// place (an element written, or filtered in place); the others are only
// appended to, or rebuilt.
type sharedSlices uint8

const (
	sharedHeld sharedSlices = 1 << iota
	sharedFacts
	sharedVals
	sharedReleased
	sharedDone
	sharedResults
	sharedAll = sharedHeld | sharedFacts | sharedVals | sharedReleased | sharedDone | sharedResults
)

// clone returns a copy of st that shares its slices: both are clipped
// to their length, so that appending to either copies, and each copies
// a shared slice before it changes it in place (own). Most successors
// change few of the slices, or none.
func (st *pstate) clone() *pstate {
	if uncached {
		return st.deepClone()
	}
	st.held = st.held[:len(st.held):len(st.held)]
	st.facts = st.facts[:len(st.facts):len(st.facts)]
	st.vals = st.vals[:len(st.vals):len(st.vals)]
	st.saved = st.saved[:len(st.saved):len(st.saved)]
	st.released = st.released[:len(st.released):len(st.released)]
	st.done = st.done[:len(st.done):len(st.done)]
	st.results = st.results[:len(st.results):len(st.results)]
	st.entryRel = st.entryRel[:len(st.entryRel):len(st.entryRel)]
	st.decided = st.decided[:len(st.decided):len(st.decided)]
	st.shared = sharedAll
	c := *st
	c.refs = 0
	return &c
}

// own makes the slices of which st may share unshared, copying them.
func (st *pstate) own(which sharedSlices) {
	w := st.shared & which
	if w == 0 {
		return
	}
	st.shared &^= w
	if w&sharedHeld != 0 {
		st.held = slices.Clone(st.held)
	}
	if w&sharedFacts != 0 {
		st.facts = slices.Clone(st.facts)
	}
	if w&sharedVals != 0 {
		st.vals = slices.Clone(st.vals)
	}
	if w&sharedReleased != 0 {
		st.released = slices.Clone(st.released)
	}
	if w&sharedDone != 0 {
		st.done = slices.Clone(st.done)
	}
	if w&sharedResults != 0 {
		st.results = slices.Clone(st.results)
	}
}

// deleteFunc is slices.DeleteFunc for slice s of st (the one of bit
// which), copied first when it may be shared and something goes.
func deleteFunc[T any](st *pstate, which sharedSlices, s []T, gone func(T) bool) []T {
	i := slices.IndexFunc(s, gone)
	if i < 0 {
		return s
	}
	if st.shared&which != 0 {
		st.shared &^= which
		out := slices.Clone(s[:i])
		for _, v := range s[i+1:] {
			if !gone(v) {
				out = append(out, v)
			}
		}
		return out
	}
	return slices.DeleteFunc(s, gone)
}

// deepClone is clone copying every slice (uncached: the memo test
// checks that sharing them changes nothing).
func (st *pstate) deepClone() *pstate {
	c := *st
	c.refs = 0
	c.shared = 0
	c.held = append([]*PathLock(nil), st.held...)
	c.facts = append([]fact(nil), st.facts...)
	c.vals = append([]pval(nil), st.vals...)
	c.saved = append([]string(nil), st.saved...)
	c.released = append([]prelease(nil), st.released...)
	c.done = append([]*ir.Call(nil), st.done...)
	c.results = append([]presult(nil), st.results...)
	c.entryRel = append([]string(nil), st.entryRel...)
	c.decided = append([]*ir.Call(nil), st.decided...)
	return &c
}

func (st *pstate) addReleased(id string, c *ir.Call, held bool) {
	for i := range st.released {
		if st.released[i].id == id {
			st.own(sharedReleased)
			st.released[i].at, st.released[i].held = c, held
			return
		}
	}
	st.released = append(st.released, prelease{id, c, held})
}

func (st *pstate) fact(key string) (bool, bool) {
	if i, ok := slices.BinarySearchFunc(st.facts, key, factOrder); ok {
		return st.facts[i].val, true
	}
	return false, false
}

// setFact records that condition key has value v. The facts are kept in
// the order of their keys, the order the path's signature lists them in.
func (st *pstate) setFact(key string, v bool) {
	i, ok := slices.BinarySearchFunc(st.facts, key, factOrder)
	if ok {
		st.own(sharedFacts)
		st.facts[i].val = v
		return
	}
	st.facts = slices.Insert(st.facts, i, fact{key, v})
}

func factOrder(f fact, key string) int { return strings.Compare(f.key, key) }

func (st *pstate) result(name string) *ir.Call {
	for _, r := range st.results {
		if r.name == name {
			return r.call
		}
	}
	return nil
}

func (st *pstate) forget(name string, text func(ir.Expr) string) {
	st.results = deleteFunc(st, sharedResults, st.results, func(r presult) bool { return r.name == name })
	st.facts = deleteFunc(st, sharedFacts, st.facts, func(f fact) bool { return mentions(f.key, name) })
	st.vals = deleteFunc(st, sharedVals, st.vals, func(v pval) bool { return v.name == name })
	for i, h := range st.held {
		if !h.Lost && contains(h.deps, name) {
			l := *h
			l.Lost = true
			st.own(sharedHeld)
			st.held[i] = &l
		}
		st.dropUnder(i, func(c cond) bool { return mentions(text(c.expr), name) })
	}
}

// dropUnder forgets the conditions of held lock i that gone says no
// longer hold.
func (st *pstate) dropUnder(i int, gone func(cond) bool) {
	h := st.held[i]
	if len(h.Under) == 0 || !slices.ContainsFunc(h.Under, gone) {
		return
	}
	l := *h
	l.Under = slices.DeleteFunc(slices.Clone(h.Under), gone)
	st.own(sharedHeld)
	st.held[i] = &l
}

func (st *pstate) forgetText(text string, textOf func(ir.Expr) string) {
	st.facts = deleteFunc(st, sharedFacts, st.facts, func(f fact) bool { return strings.Contains(f.key, text) })
	for i := range st.held {
		st.dropUnder(i, func(c cond) bool { return strings.Contains(textOf(c.expr), text) })
	}
}

func (st *pstate) val(name string) string {
	for _, v := range st.vals {
		if v.name == name {
			return v.class
		}
	}
	return ""
}

func (st *pstate) setVal(name, class string) {
	// The values are kept in the order of their names, the order the
	// path's signature lists them in.
	i, ok := slices.BinarySearchFunc(st.vals, name, func(v pval, name string) int { return strings.Compare(v.name, name) })
	switch {
	case ok && class == "":
		st.own(sharedVals)
		st.vals = append(st.vals[:i], st.vals[i+1:]...)
	case ok:
		st.own(sharedVals)
		st.vals[i].class = class
	case class != "":
		st.vals = slices.Insert(st.vals, i, pval{name, class})
	}
}

func contains(s []string, x string) bool {
	for _, y := range s {
		if y == x {
			return true
		}
	}
	return false
}
