package locks

import (
	"fmt"
	"go/token"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/kdlint/kdlint/ir"
	"github.com/kdlint/kdlint/kmodel"
)

// The path view follows each function path by path rather than merging
// states at joins, for the rules that judge lock balance: it sees that a
// lock is held on the path that reaches a return through `goto out`,
// even where another path to the same return released it.
//
// A path remembers the outcome of the branch conditions it took, so that
// a later test of the same unchanged condition goes the same way
// (conditional locking: if (locked) spin_lock(l); ... if (locked)
// spin_unlock(l)); a condition is forgotten when a variable it names is
// assigned. It also remembers the value each returned variable was given
// (ret = -EINVAL), for telling an error return from a success, the flags
// variables an irqsave saved into, and the locks it released. Locks are
// named by their canonical access path (canon.go); a lock whose name
// depends on a variable assigned since it was taken is Lost: an unlock
// of its class by another name still releases it, but it is never taken
// for the same lock as another.
//
// Calls of module functions apply their summaries (Summary), and what
// the function takes and releases inside (Takes). The analysis of a
// function stops after a budget of steps; its facts are then Incomplete.

// PathLock is a lock held on a path.
type PathLock struct {
	Op
	// At is the call that took it: a lock operation, a guard, a trylock
	// on its success branch, or a call to a module function that returns
	// holding it (Via is then the lock as that function holds it).
	At  *ir.Call
	Via *Held
	// ID names the lock by its canonical access path (LockPath's form;
	// "" when the operation has no lock argument); Key is its object key.
	ID, Key string
	// Expr is the canonical lock argument.
	Expr ir.Expr
	deps []string
	// Flags is the canonical text of the irqsave flags argument.
	Flags string
	// Maybe marks a lock a called function returns holding on some of
	// its paths only.
	Maybe bool
	// Kept marks a lock the path kept where a conditional release of it
	// (if (c) spin_unlock(l);) did not release it: on purpose.
	Kept bool
	// Loopy marks a lock whose name depends on a variable assigned in a
	// loop: which object it is depends on the iteration.
	Loopy bool
	// Retake marks a lock taken again after the path released it
	// without having taken it: its caller's lock, dropped and retaken.
	Retake bool
	// Private marks a lock a called function took through a variable of
	// its own: named for that function's calls only.
	Private bool
	// Under are the branch conditions the acquisition is made under
	// (canonical, with their values), as long as no variable they name
	// has changed on the path: a callee that takes the lock only when
	// one of them has the other value does not take it here.
	Under []cond
	// Residue marks the interrupts-off state a lock taken with
	// spin_lock_irqsave() leaves when a plain spin_unlock() releases it:
	// interrupts stay disabled until the flags are restored. It is held
	// Maybe: never reported, but calls under it run with interrupts off.
	Residue bool
	// Unstable marks a lock whose name is more than variables and
	// members or depends on a variable that changes where the IR does not
	// say (p++); Lost one whose name depends on a variable assigned since
	// it was taken. Neither is ever taken for the same lock as another.
	Unstable, Lost bool
}

// Same reports whether l and o are certainly the same lock object.
func (l *PathLock) Same(o *PathLock) bool {
	return l.ID != "" && l.ID == o.ID && !l.Unstable && !o.Unstable && !l.Lost && !o.Lost && !l.Private && !o.Private && l.Class == o.Class
}

// DisablesIRQ reports whether holding l keeps interrupts disabled.
func (l *PathLock) DisablesIRQ() bool { return l.Variant&kmodel.IRQ != 0 || l.Class == kmodel.IRQOff }

// DisablesBH reports whether holding l keeps bottom halves from running
// on this CPU.
func (l *PathLock) DisablesBH() bool {
	return l.DisablesIRQ() || l.Variant&kmodel.BH != 0 || l.Class == kmodel.BHOff
}

// EventKind is what the path view saw happen on a path.
type EventKind uint8

const (
	// HeldAtReturn: Lock, which the function took, is held at Return.
	HeldAtReturn EventKind = iota
	// Reacquire: Call takes Lock's lock again while Lock holds it (New is
	// the second acquisition).
	Reacquire
	// CallTakes: Call calls a module function that takes Lock's lock
	// (Take says where) while it is held.
	CallTakes
	// ReleaseAgain: Call releases a lock this path released already, at
	// Prior, and did not take again.
	ReleaseAgain
	// ReleaseUntaken: Call releases a lock this path neither holds nor
	// released: a lock the function's caller holds, or a mistake.
	ReleaseUntaken
	// ReleaseOther: Call releases a lock that is not held while Lock, of
	// the same class and another name, is.
	ReleaseOther
	// NestedSave: Call saves the interrupt state into the flags variable
	// Lock saved it into, while Lock is held.
	NestedSave
	// RestoreUnsaved: Call restores interrupt flags that no irqsave
	// saved on the path (Lock is the lock it releases, when held).
	RestoreUnsaved
	// EnableInside: Call enables interrupts while Lock, which keeps them
	// disabled, is held.
	EnableInside
)

// Event is one thing the path view saw, on at least one path.
type Event struct {
	Kind   EventKind
	Call   *ir.Call
	Return *ir.Return
	Lock   *PathLock
	New    *PathLock
	Prior  *ir.Call
	Take   *Take
	// Via is the label of the last goto on the path, and Goto that goto.
	Via  string
	Goto token.Pos
	// Values are the classes of the value returned at Return on the
	// paths of the event (ValueClass).
	Values map[string]bool
}

// ViaText names the event's path for a message: " (goto out)", or ""
// when no goto led there.
func (e *Event) ViaText() string {
	if e.Via == "" {
		return ""
	}
	return " (goto " + e.Via + ")"
}

// FuncPaths is what the path view found in one function.
type FuncPaths struct {
	Events []*Event
	// Incomplete is set when the analysis stopped before it had followed
	// every path.
	Incomplete bool
	// Released holds the acquisitions some path released, and Releasing
	// the unlocks (and calls) that released a held lock on some path.
	Released, Releasing map[*ir.Call]bool
	// AfterRelease holds, for each acquisition, the classes of the values
	// returned on the paths that released it.
	AfterRelease map[*ir.Call]map[string]bool
	// IRQOn and BHOn hold the calls that some path reaches with
	// interrupts (bottom halves) enabled, as far as the function's own
	// locks say.
	IRQOn, BHOn map[*ir.Call]bool
	// Vars tells the function's variables apart.
	Vars *vars
}

// ValueClass names the classes of returned values: "void", "0" (0, NULL,
// false), "neg" (an error code or error pointer), "nz" (a variable known
// to be non-zero), or "text:" and the expression for any other.
const (
	VoidValue    = "void"
	ZeroValue    = "0"
	ErrorValue   = "neg"
	NonZeroValue = "nz"
	// callResult marks, while a path runs, a variable last assigned the
	// result of a call that takes no lock: tested non-zero, an error code.
	callResult = "call"
)

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

// explorer follows the paths of one function.
type explorer struct {
	r *Result
	f *ir.Func
	// pointer is set when f returns a pointer or a bool: a non-zero
	// result of a call is then an object or a success, not an error code.
	pointer bool
	fl      *flow
	v       *vars
	tracked map[string]bool
	retVars map[string]bool
	// errVars are the variables the function assigns an error code to.
	errVars map[string]bool
	num     map[*ir.Call]int
	out     *FuncPaths
	events  map[evKey]*Event
	steps   int
	budget  int
	seen    map[stateKey]bool
	doneID  map[*ir.Call]string
	// ownIDs and ownKeys name the locks the function takes itself.
	ownIDs, ownKeys map[string]bool
	// keeps holds the branches that skip a conditional release: the
	// successor that does not release, and the locks it keeps.
	keeps map[*ir.Block]keep
	// callerReleased collects the acquisitions of other functions that
	// this function's paths release after the call returned holding them.
	callerReleased map[*ir.Call]bool
	// lockMemo and releaseMemo hold what the path view worked out about
	// each call (memo.go).
	lockMemo    map[lockMemoKey]*PathLock
	releaseMemo map[releaseMemoKey]releaseMemo
	// iters holds the heads of iterator macro loops (iteratorCall).
	iters map[*ir.Block]*ir.Call
	// under holds the conditions of the acquisitions (underOf).
	under map[*ir.Call][]cond
	// asserts holds the warnings written as statements (WARN_ON(c);):
	// the author's word that c is false where the function goes on.
	asserts map[*ir.Call]bool
	// memo holds the texts and derived expressions of text.go.
	memo exprMemo
	// sigBuf is signature's buffer.
	sigBuf []byte
	// calls holds what is known of each call (callInfoOf).
	calls map[*ir.Call]*callInfo
}

type keep struct {
	skip      int
	ids, keys []string
	// classes are those of the sections released without a lock
	// argument (local_irq_restore).
	classes []kmodel.LockClass
}

type evKey struct {
	kind EventKind
	node ir.Node
	at   *ir.Call
}

type work struct {
	b  *ir.Block
	st *pstate
	// owned says no other work item shares st: it need not be cloned
	// before the block changes it. Items that share a state count it in
	// its refs, and the last of them to be taken off the stack takes
	// the state itself.
	owned bool
}

var pathStats = os.Getenv("KDLINT_PATHSTATS") != ""

var traceFunc = os.Getenv("KDLINT_TRACE")

// maxSteps bounds the blocks the path view visits in one function.
const maxSteps = 6000

func (r *Result) explore(f *ir.Func, v *vars, callerReleased map[*ir.Call]bool) *FuncPaths {
	x := &explorer{r: r, f: f, fl: newFlow(r, f, true), v: v, num: map[*ir.Call]int{}, events: map[evKey]*Event{},
		seen: map[stateKey]bool{}, callerReleased: callerReleased, budget: maxSteps, doneID: map[*ir.Call]string{},
		out: &FuncPaths{Released: map[*ir.Call]bool{}, Releasing: map[*ir.Call]bool{}, AfterRelease: map[*ir.Call]map[string]bool{},
			IRQOn: map[*ir.Call]bool{}, BHOn: map[*ir.Call]bool{}, Vars: v}}
	var start time.Time
	if pathStats {
		start = time.Now()
	}
	x.conditions()
	x.conditionalReleases()
	x.assertions()
	stack := []work{{f.Blocks[0], &pstate{}, true}}
	for len(stack) > 0 {
		w := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		// One map operation: the insert tells a state seen before by
		// leaving the map's size as it was.
		n := len(x.seen)
		if x.seen[keyOf(x.signature(w.b, w.st))] = true; len(x.seen) == n {
			if !w.owned {
				w.st.refs--
			}
			continue
		}
		x.steps++
		if x.steps > x.budget {
			x.out.Incomplete = true
			break
		}
		st := w.st
		if !w.owned {
			if st.refs > 1 || uncached {
				st.refs--
				st = st.clone()
			} else {
				st.refs = 0
			}
		}
		if traceFunc != "" && traceFunc == f.Name {
			var hs []string
			for _, h := range st.held {
				hs = append(hs, fmt.Sprintf("%s@%d", h.ID, h.At.P))
			}
			fmt.Fprintf(os.Stderr, "trace %s b%d held=%v facts=%v vals=%v\n", f.Name, w.b.Index, hs, st.facts, st.vals)
		}
		alive := true
		for _, n := range w.b.Nodes {
			if alive = x.node(st, n); !alive {
				break
			}
		}
		if !alive {
			continue
		}
		stack = x.successors(stack, w.b, st)
	}
	if pathStats {
		fmt.Fprintf(os.Stderr, "paths: %s %s steps=%d blocks=%d incomplete=%v time=%v\n", f.File, f.Name, x.steps, len(f.Blocks), x.out.Incomplete, time.Since(start))
	}
	for _, e := range x.events {
		x.out.Events = append(x.out.Events, e)
	}
	sort.SliceStable(x.out.Events, func(i, j int) bool { return x.out.Events[i].pos() < x.out.Events[j].pos() })
	return x.out
}

func (e *Event) pos() token.Pos {
	if e.Call != nil {
		return e.Call.P
	}
	if e.Return != nil {
		return e.Return.P
	}
	return token.NoPos
}

func (x *explorer) number(c *ir.Call) int {
	if n, ok := x.num[c]; ok {
		return n
	}
	n := len(x.num) + 1
	x.num[c] = n
	return n
}

// signature returns the key of the path state st at block b, in a
// buffer of x that the next call overwrites.
func (x *explorer) signature(b *ir.Block, st *pstate) []byte {
	s := strconv.AppendInt(x.sigBuf[:0], int64(b.Index), 10)
	for _, h := range st.held {
		s = append(s, "|h"...)
		s = strconv.AppendInt(s, int64(x.number(h.At)), 10)
		if h.Lost {
			s = append(s, 'L')
		}
		if h.Residue {
			s = append(s, 'R')
		}
		if h.Via != nil {
			s = append(s, h.ID...)
		}
	}
	// The facts and values are kept in order (setFact, setVal).
	for _, f := range st.facts {
		s = append(s, "|f"...)
		s = append(s, f.key...)
		if f.val {
			s = append(s, '1')
		}
	}
	for _, v := range st.vals {
		s = append(append(append(append(s, "|v"...), v.name...), '='), v.class...)
	}
	for _, f := range st.saved {
		s = append(append(s, "|s"...), f...)
	}
	for _, r := range st.released {
		s = append(append(s, "|r"...), r.id...)
		if r.held {
			s = append(s, 'h')
		}
	}
	for _, d := range st.done {
		s = strconv.AppendInt(append(s, "|d"...), int64(x.number(d)), 10)
	}
	for _, r := range st.results {
		s = strconv.AppendInt(append(append(s, "|x"...), r.name...), int64(x.number(r.call)), 10)
	}
	for _, e := range st.entryRel {
		s = append(append(s, "|e"...), e...)
	}
	for _, d := range st.decided {
		s = strconv.AppendInt(append(s, "|t"...), int64(x.number(d)), 10)
	}
	x.sigBuf = s
	return s
}

// conditions decides which condition atoms the paths remember: those
// tested more than once, and those that name a returned variable.
func (x *explorer) conditions() {
	x.retVars, x.errVars = map[string]bool{}, map[string]bool{}
	x.pointer = returnsPointer(x.r.src[x.f.File], x.f)
	for _, b := range x.f.Blocks {
		for _, n := range b.Nodes {
			switch n := n.(type) {
			case *ir.Return:
				if id, ok := n.Value.(*ir.Ident); ok {
					x.retVars[id.Name] = true
				}
			case *ir.Assign:
				if id, ok := n.LHS.(*ir.Ident); ok && assignedClass(n.RHS) == ErrorValue {
					x.errVars[id.Name] = true
				}
			}
		}
	}
	count := map[string]int{}
	guards := map[string]bool{}
	for _, b := range x.f.Blocks {
		if b.Cond != nil && len(b.Succs) == 2 {
			near := x.locksNear(b, 2)
			for _, a := range x.atoms(b.Cond, nil) {
				count[a]++
				guards[a] = guards[a] || near
			}
			for _, id := range x.counters(b.Cond, nil) {
				if x.v.locals[id] {
					x.retVars[id] = true
				}
			}
			for _, id := range x.flagAtoms(b.Cond, nil) {
				// A local flag tested: its constant values are followed.
				if x.v.locals[id] {
					x.retVars[id] = true
				}
			}
		}
	}
	x.tracked = map[string]bool{}
	whole := map[string]int{}
	for _, b := range x.f.Blocks {
		if b.Cond != nil && len(b.Succs) == 2 {
			if bin, ok := b.Cond.(*ir.Binary); ok && (bin.Op == "&&" || bin.Op == "||") {
				whole[b.Cond.String()]++
			}
		}
	}
	for w, n := range whole {
		if n >= 2 {
			x.tracked[w] = true
		}
	}
	for a, n := range count {
		// A condition tested again where a lock is taken or released
		// (conditional locking), or one on a returned variable.
		keep := n >= 2 && guards[a]
		for v := range x.retVars {
			keep = keep || mentions(a, v)
		}
		if keep {
			x.tracked[a] = true
		}
	}
}

// assertions finds the warnings (WARN_ON(c)) that are statements of
// their own, not a condition or an argument: after one, the path goes on
// as if c were false.
func (x *explorer) assertions() {
	var warns []*ir.Call
	for _, c := range x.f.Calls() {
		if kmodel.In(c.Name, kmodel.ConditionWarnings) && len(c.Args) >= 1 {
			warns = append(warns, c)
		}
	}
	if len(warns) == 0 {
		return
	}
	nested := map[token.Pos]bool{}
	var walk func(e ir.Expr, top bool)
	walk = func(e ir.Expr, top bool) {
		switch e := e.(type) {
		case *ir.Call:
			if !top {
				nested[e.P] = true
			}
			walk(e.Fun, false)
			for _, a := range e.Args {
				walk(a, false)
			}
		case *ir.Unary:
			walk(e.X, false)
		case *ir.Binary:
			walk(e.X, false)
			walk(e.Y, false)
		case *ir.Member:
			walk(e.X, false)
		case *ir.Cond:
			walk(e.C, false)
			walk(e.Then, false)
			walk(e.Else, false)
		case *ir.Other:
			for _, c := range e.Calls {
				nested[c.P] = true
			}
		case *ir.InitList:
			for _, el := range e.Elems {
				walk(el.Value, false)
			}
		}
	}
	for _, b := range x.f.Blocks {
		for _, n := range b.Nodes {
			switch n := n.(type) {
			case *ir.Call:
				walk(n, true)
			case *ir.Assign:
				walk(n.RHS, false)
				walk(n.LHS, false)
			case *ir.Return:
				walk(n.Value, false)
			}
		}
		walk(b.Cond, false)
		if b.Switch != nil {
			walk(b.Switch.Value, false)
		}
	}
	for _, c := range warns {
		if !nested[c.P] {
			if x.asserts == nil {
				x.asserts = map[*ir.Call]bool{}
			}
			x.asserts[c] = true
			// What the warning rules out is remembered where it is
			// tested later, even once.
			for _, a := range x.atoms(c.Args[0], nil) {
				x.tracked[a] = true
			}
			for _, a := range bitAtoms(c.Args[0], nil) {
				x.tracked[a] = true
			}
		}
	}
}

// bitAtoms lists the single-bit tests flags & A that a test of
// flags & (A | B) covers.
func bitAtoms(e ir.Expr, out []string) []string {
	switch e := e.(type) {
	case *ir.Unary:
		return bitAtoms(e.X, out)
	case *ir.Binary:
		if e.Op == "&" {
			if y, ok := e.Y.(*ir.Binary); ok && y.Op == "|" {
				out = bitAtoms(&ir.Binary{Op: "&", X: e.X, Y: y.X}, out)
				return bitAtoms(&ir.Binary{Op: "&", X: e.X, Y: y.Y}, out)
			}
			return append(out, e.String())
		}
		if e.Op == "&&" || e.Op == "||" {
			return bitAtoms(e.Y, bitAtoms(e.X, out))
		}
	case *ir.Call:
		if hint(e) {
			return bitAtoms(e.Args[0], out)
		}
	}
	return out
}

// conditionalReleases finds the branches of the form if (c) unlock(l);
// where the branch that releases falls through to where the other goes.
func (x *explorer) conditionalReleases() {
	for _, b := range x.f.Blocks {
		if b.Cond == nil || len(b.Succs) != 2 {
			continue
		}
		for i, t := range b.Succs {
			o := b.Succs[1-i]
			if len(t.Succs) != 1 || t == o {
				continue
			}
			j := t.Succs[0]
			if j == x.f.Exit || returns(t) || returns(o) || jumps(o) || !onlyReleases(x.r, t) {
				// Two exits, not a conditional release: if (c) return
				// err; (or goto out;) unlock(l); return 0;
				continue
			}
			// if (c) unlock(l); or if (c) unlock(l); else other();
			if o != j && (len(o.Succs) != 1 || o.Succs[0] != j || x.releases(o) != nil) {
				continue
			}
			var k keep
			for _, e := range x.releases(t) {
				k.ids = append(k.ids, pointerPath(e))
				k.keys = append(k.keys, ir.ObjectKey(e))
			}
			for _, n := range t.Nodes {
				if c, ok := n.(*ir.Call); ok {
					if op, ok := x.r.Op(c); ok && op.Effect == Release && op.Lock == nil {
						k.classes = append(k.classes, op.Class)
					}
				}
			}
			if len(k.ids)+len(k.classes) > 0 {
				k.skip = 1 - i
				if x.keeps == nil {
					x.keeps = map[*ir.Block]keep{}
				}
				x.keeps[b] = k
			}
		}
	}
}

// returnsPointer reports whether the declaration of f, as written before
// its name, returns a pointer (struct foo *name(...)) or a bool.
func returnsPointer(file *ir.File, f *ir.Func) bool {
	if file == nil || file.Src == nil || file.Tok == nil {
		return false
	}
	off := int(f.Pos) - file.Tok.Base()
	if off <= 0 || off > len(file.Src) {
		return false
	}
	head := strings.TrimRight(string(file.Src[max(0, off-200):off]), " \t\n")
	return strings.HasSuffix(head, "*") || strings.HasSuffix(head, "bool")
}

// equality is a != b written as a == b.
func equality(e *ir.Binary) *ir.Binary {
	return &ir.Binary{Op: "==", X: e.X, Y: e.Y, P: e.P}
}

// returns reports whether block b ends in a return statement.
func returns(b *ir.Block) bool {
	for _, n := range b.Nodes {
		if _, ok := n.(*ir.Return); ok {
			return true
		}
	}
	return false
}

// onlyReleases reports whether block b does nothing but release locks:
// if (c) spin_unlock(l); and not if (!ret) { dev->x = v; unlock(l); },
// the rest of a function that breaks out on an error.
func onlyReleases(r *Result, b *ir.Block) bool {
	for _, n := range b.Nodes {
		c, ok := n.(*ir.Call)
		if !ok {
			return false
		}
		if op, ok := r.Op(c); !ok || op.Effect != Release {
			return false
		}
	}
	return true
}

// jumps reports whether block b is a goto.
func jumps(b *ir.Block) bool {
	for _, n := range b.Nodes {
		if _, ok := n.(*ir.Goto); ok {
			return true
		}
	}
	return false
}

// releases returns the canonical locks the unlock calls of block b
// release.
func (x *explorer) releases(b *ir.Block) []ir.Expr {
	var out []ir.Expr
	for _, n := range b.Nodes {
		c, ok := n.(*ir.Call)
		if !ok {
			continue
		}
		if op, ok := x.r.Op(c); ok && op.Effect == Release && op.Lock != nil {
			e, _ := x.v.canon(op.Lock)
			out = append(out, e)
		} else if s := x.fl.summaryOf(c); s != nil {
			g := x.fl.callee(c)
			for _, rel := range s.Releases {
				if rel.Lock != nil {
					e, _ := x.v.canon(substitute(rel.Lock, g.Params, c.Args))
					out = append(out, e)
				}
			}
		}
	}
	return out
}

// locksNear reports whether a block at most depth edges after b's
// branch takes or releases a lock, itself or through a module function.
func (x *explorer) locksNear(b *ir.Block, depth int) bool {
	for _, s := range b.Succs {
		for _, n := range s.Nodes {
			if c, ok := n.(*ir.Call); ok {
				if _, ok := x.r.Op(c); ok || x.fl.summaryOf(c) != nil {
					return true
				}
			}
		}
		if depth > 1 && x.locksNear(s, depth-1) {
			return true
		}
	}
	return false
}

// counters lists the variables condition e compares with a number
// (i < 3), whose constant values are followed.
func (x *explorer) counters(e ir.Expr, out []string) []string {
	switch e := e.(type) {
	case *ir.Unary:
		if e.Op == "!" {
			return x.counters(e.X, out)
		}
	case *ir.Binary:
		if e.Op == "&&" || e.Op == "||" {
			return x.counters(e.Y, x.counters(e.X, out))
		}
		if id, ok := e.X.(*ir.Ident); ok && relational(e.Op) {
			if _, ok := number(e.Y); ok {
				return append(out, id.Name)
			}
		}
	}
	return out
}

func relational(op string) bool {
	switch op {
	case "<", "<=", ">", ">=", "==", "!=":
		return true
	}
	return false
}

// number is the value of an integer literal.
func number(e ir.Expr) (int64, bool) {
	l, ok := e.(*ir.Lit)
	if !ok {
		return 0, false
	}
	return ir.IntLiteral(l.Text)
}

// flagAtoms lists the variables that are atoms of condition e.
func (x *explorer) flagAtoms(e ir.Expr, out []string) []string {
	switch e := e.(type) {
	case *ir.Ident:
		return append(out, e.Name)
	case *ir.Unary:
		if e.Op == "!" {
			return x.flagAtoms(e.X, out)
		}
	case *ir.Binary:
		if e.Op == "&&" || e.Op == "||" {
			return x.flagAtoms(e.Y, x.flagAtoms(e.X, out))
		}
		if (e.Op == "==" || e.Op == "!=") && isNull(e.Y) {
			return x.flagAtoms(e.X, out)
		}
	case *ir.Call:
		if hint(e) {
			return x.flagAtoms(e.Args[0], out)
		}
	}
	return out
}

// atoms lists the atomic conditions of e: what remains once !, &&, ||,
// comparisons with 0 and branch hints are taken apart.
func (x *explorer) atoms(e ir.Expr, out []string) []string {
	switch e := e.(type) {
	case *ir.Unary:
		if e.Op == "!" {
			return x.atoms(e.X, out)
		}
	case *ir.Binary:
		switch {
		case e.Op == "&&" || e.Op == "||":
			return x.atoms(e.Y, x.atoms(e.X, out))
		case (e.Op == "==" || e.Op == "!=") && isNull(e.Y):
			return x.atoms(e.X, out)
		case e.Op == "!=":
			return x.atoms(equality(e), out)
		}
	case *ir.Lit:
		return out
	case *ir.Call:
		if hint(e) {
			return x.atoms(e.Args[0], out)
		}
		if x.fl.conditional(e) {
			return out
		}
	}
	return append(out, e.String())
}

func isNull(e ir.Expr) bool {
	if isZero(e) {
		return true
	}
	id, ok := e.(*ir.Ident)
	return ok && (id.Name == "NULL" || id.Name == "false")
}

// eval returns the value of condition e on a path, when the path knows it.
func (x *explorer) eval(st *pstate, e ir.Expr) (value, known bool) {
	switch e := e.(type) {
	case *ir.Lit:
		if e.Text == "0" {
			return false, true
		}
		if len(e.Text) > 0 && e.Text[0] >= '1' && e.Text[0] <= '9' {
			return true, true
		}
		return false, false
	case *ir.Unary:
		if e.Op == "!" {
			v, k := x.eval(st, e.X)
			return !v, k
		}
	case *ir.Binary:
		switch {
		case e.Op == "&&" || e.Op == "||":
			if v, ok := st.fact(x.text(e)); ok {
				return v, true
			}
		}
		if id, ok := e.X.(*ir.Ident); ok && relational(e.Op) {
			if b, ok := number(e.Y); ok {
				c := st.val(id.Name)
				if c == ZeroValue {
					c = "text:0"
				}
				if a, ok := ir.IntLiteral(strings.TrimPrefix(c, "text:")); ok && strings.HasPrefix(c, "text:") {
					return compare(a, e.Op, b), true
				}
			}
		}
		switch {
		case e.Op == "&&":
			a, ka := x.eval(st, e.X)
			b, kb := x.eval(st, e.Y)
			if ka && !a || kb && !b {
				return false, true
			}
			return true, ka && kb
		case e.Op == "||":
			a, ka := x.eval(st, e.X)
			b, kb := x.eval(st, e.Y)
			if ka && a || kb && b {
				return true, true
			}
			return false, ka && kb
		case e.Op == "==" && isNull(e.Y):
			v, k := x.eval(st, e.X)
			return !v, k
		case e.Op == "!=" && isNull(e.Y):
			return x.eval(st, e.X)
		case e.Op == "!=":
			// a != b is !(a == b): one fact for both tests.
			v, k := x.eval(st, x.equalityOf(e))
			return !v, k
		}
	case *ir.Call:
		if hint(e) {
			return x.eval(st, e.Args[0])
		}
	case *ir.Ident:
		switch e.Name {
		case "NULL", "false":
			return false, true
		case "true":
			return true, true
		}
		switch c := st.val(e.Name); {
		case c == ZeroValue:
			return false, true
		case c == ErrorValue || c == NonZeroValue:
			return true, true
		case c == "text:true", strings.HasPrefix(c, "text:") && len(c) > 5 && c[5] >= '1' && c[5] <= '9':
			return true, true
		}
	}
	return st.fact(x.text(e))
}

func compare(a int64, op string, b int64) bool {
	switch op {
	case "<":
		return a < b
	case "<=":
		return a <= b
	case ">":
		return a > b
	case ">=":
		return a >= b
	case "==":
		return a == b
	}
	return a != b
}

// assume records on a path that condition e has value v.
func (x *explorer) assume(st *pstate, e ir.Expr, v bool) {
	if bin, ok := e.(*ir.Binary); ok && (bin.Op == "&&" || bin.Op == "||") {
		if k := x.text(e); x.tracked[k] {
			st.setFact(k, v)
		}
	}
	switch e := e.(type) {
	case *ir.Lit:
		return
	case *ir.Unary:
		if e.Op == "!" {
			x.assume(st, e.X, !v)
			return
		}
	case *ir.Binary:
		switch {
		case e.Op == "&&":
			if v {
				x.assume(st, e.X, true)
				x.assume(st, e.Y, true)
			}
			return
		case e.Op == "||":
			if !v {
				x.assume(st, e.X, false)
				x.assume(st, e.Y, false)
			}
			return
		case e.Op == "==" && isNull(e.Y):
			x.assume(st, e.X, !v)
			return
		case e.Op == "!=" && isNull(e.Y):
			x.assume(st, e.X, v)
			return
		case e.Op == "!=":
			x.assume(st, x.equalityOf(e), !v)
			return
		case e.Op == "&" && !v:
			// flags & (A | B) is 0: so are flags & A and flags & B.
			if y, ok := e.Y.(*ir.Binary); ok && y.Op == "|" {
				x.assume(st, x.bitOf(e, y, false), false)
				x.assume(st, x.bitOf(e, y, true), false)
			}
		}
	case *ir.Call:
		if hint(e) {
			x.assume(st, e.Args[0], v)
			return
		}
	}
	if b, ok := e.(*ir.Binary); ok && b.Op == "==" && v {
		// x == 2 says x is true too: if (x == 2) lock(l); ... if (x)
		// unlock(l);
		if n, ok := number(b.Y); ok && n != 0 {
			if k := x.text(b.X); x.tracked[k] {
				st.setFact(k, true)
			}
		}
	}
	if b, ok := e.(*ir.Binary); ok {
		if id, ok := b.X.(*ir.Ident); ok && isZero(b.Y) && x.retVars[id.Name] {
			switch {
			case b.Op == "<" && v, b.Op == ">=" && !v:
				st.setVal(id.Name, ErrorValue)
			case b.Op == ">" && v, b.Op == "<=" && !v:
				st.setVal(id.Name, NonZeroValue)
			}
		}
	}
	if k := x.text(e); x.tracked[k] {
		st.setFact(k, v)
	}
}

func (x *explorer) successors(stack []work, b *ir.Block, st *pstate) []work {
	if b.Cond != nil && len(b.Succs) == 2 {
		value, known := x.eval(st, b.Cond)
		for i := 1; i >= 0; i-- {
			if known && value != (i == 0) {
				continue
			}
			// What the test decides of the path's conditional
			// acquisitions, from the state before the branch.
			outs := x.outcomes(st, b.Cond, i == 0, nil)
			// The state after the block is this walk's own: the last
			// successor takes it, the other a copy.
			ns := st
			if i == 1 && !known || uncached {
				ns = st.clone()
			}
			x.assume(ns, b.Cond, i == 0)
			if k, ok := x.keeps[b]; ok && k.skip == i {
				for j, h := range ns.held {
					if h.ID != "" && (contains(k.ids, h.ID) || contains(k.keys, h.Key)) || h.ID == "" && slices.Contains(k.classes, h.Class) {
						l := *h
						l.Kept = true
						ns.own(sharedHeld)
						ns.held[j] = &l
					}
				}
			}
			for _, o := range outs {
				if containsCall(ns.decided, o.call) {
					continue // tested again: the first test decided
				}
				ns.decided = append(ns.decided, o.call)
				for _, l := range x.trySucceeded(o.call, o.value) {
					l.Maybe = o.maybe
					x.acquire(ns, l, o.call, false)
				}
			}
			stack = append(stack, work{b.Succs[i], ns, true})
		}
		return stack
	}
	if backEdge(b) {
		// Around a loop: the variables that change where the IR does
		// not say (i++) no longer have the value they had.
		if uncached {
			st = st.clone()
		}
		for name := range x.v.volatile {
			if st.val(name) != "" {
				st.forget(name, x.text)
			}
		}
	}
	succs := b.Succs
	if s := x.iteratorExit(st, b); s != nil {
		// list_for_each_entry(pos, head, m) over a list the path knows
		// is empty: the body does not run.
		succs = []*ir.Block{s}
	} else if loopWithoutCond(b) && !x.iterator(b) {
		// for (;;) and scoped_guard(): the loop is left by break (or,
		// for scoped_guard, after the body), never from its head.
		succs = succs[:1]
	}
	n := 0
	for _, s := range succs {
		if s != x.f.Exit {
			n++
		}
	}
	if n > 1 {
		st.refs = n
	}
	for i := len(succs) - 1; i >= 0; i-- {
		if succs[i] == x.f.Exit {
			continue
		}
		stack = append(stack, work{succs[i], st, n == 1})
	}
	return stack
}

// outcomes is flow.outcomes, and also for the variables of the path
// that hold a conditional acquisition's result (ret = ...; if (ret)), and
// for a test that an acquisition that may fail returned an error (< 0).
func (x *explorer) outcomes(st *pstate, e ir.Expr, value bool, out []tryOutcome) []tryOutcome {
	switch e := e.(type) {
	case *ir.Call:
		if hint(e) {
			return x.outcomes(st, e.Args[0], value, out)
		}
	case *ir.Ident:
		if x.fl.tries[e.Name] == nil {
			if c := st.result(e.Name); c != nil {
				return append(out, tryOutcome{call: c, value: value})
			}
		}
	case *ir.Unary:
		if e.Op == "!" {
			return x.outcomes(st, e.X, !value, out)
		}
	case *ir.Binary:
		switch {
		case e.Op == "&&" && value, e.Op == "||" && !value:
			return x.outcomes(st, e.Y, value, x.outcomes(st, e.X, value, out))
		case e.Op == "&&" || e.Op == "||":
			// Either side decided: what each says is possible only.
			for _, o := range x.outcomes(st, e.Y, value, x.outcomes(st, e.X, value, nil)) {
				o.maybe = true
				out = append(out, o)
			}
			return out
		case e.Op == "==" && isZero(e.Y):
			return x.outcomes(st, e.X, !value, out)
		case e.Op == "!=" && isZero(e.Y):
			return x.outcomes(st, e.X, value, out)
		case e.Op == "<" && isZero(e.Y):
			// An error code: non-zero when negative, 0 otherwise, for
			// the acquisitions that may fail.
			var sub []tryOutcome
			for _, o := range x.outcomes(st, e.X, value, nil) {
				if x.fl.mayFail(o.call) {
					sub = append(sub, o)
				}
			}
			return append(out, sub...)
		}
		return out
	}
	return x.fl.outcomes(e, value, out)
}

// backEdge reports whether b jumps back to an earlier block, as the end
// of a loop body does.
func backEdge(b *ir.Block) bool {
	return len(b.Succs) == 1 && b.Succs[0].Index <= b.Index
}

// iterator reports whether b is the head of the loop of an iterator
// macro (list_for_each_entry(), for_each_set_bit(): the block before it
// ends with the macro, kept as a call): the loop ends when the iterator
// does, as well as by break.
func (x *explorer) iterator(b *ir.Block) bool {
	return x.iteratorCall(b) != nil
}

// iteratorCall returns the iterator macro call whose loop b heads, or nil.
func (x *explorer) iteratorCall(b *ir.Block) *ir.Call {
	if !loopWithoutCond(b) {
		return nil
	}
	if x.iters == nil {
		x.iters = map[*ir.Block]*ir.Call{}
		for _, p := range x.f.Blocks {
			if len(p.Succs) != 1 || len(p.Nodes) == 0 {
				continue
			}
			h := p.Succs[0]
			if h.Index <= p.Index || !loopWithoutCond(h) {
				continue
			}
			if c, ok := p.Nodes[len(p.Nodes)-1].(*ir.Call); ok && x.r.km.IsLoopIterator(c.Name) {
				x.iters[h] = c
			}
		}
	}
	return x.iters[b]
}

// iteratorExit returns the exit of the iterator loop b heads when the
// path knows the list it walks is empty, nil otherwise.
func (x *explorer) iteratorExit(st *pstate, b *ir.Block) *ir.Block {
	c := x.iteratorCall(b)
	if c == nil {
		return nil
	}
	it := x.r.km.ListIteratorFor(c.Name)
	if it == nil || it.Head >= len(c.Args) {
		return nil
	}
	// The fact is keyed by the test as written: list_empty(&d->list).
	empty := x.emptyTest(c, c.Args[it.Head])
	if v, ok := x.eval(st, empty); ok && v {
		return b.Succs[1]
	}
	return nil
}

// loopWithoutCond reports whether b is the head of a for loop without a
// condition, as the front end lowers it: no condition, the body next and
// the exit, made before the head, as its two successors. A switch head
// has no condition either, but its successors all come after it.
func loopWithoutCond(b *ir.Block) bool {
	return b.Cond == nil && len(b.Succs) == 2 && b.Succs[0].Index == b.Index+1 && b.Succs[1].Index < b.Index
}

// trySucceeded returns the locks conditional acquire c holds when its
// result is value.
func (x *explorer) trySucceeded(c *ir.Call, value bool) []*PathLock {
	if op, ok := x.r.Op(c); ok {
		if op.Model != nil && op.Model.TryHolds(value) {
			return []*PathLock{x.callLock(op, c)}
		}
		return nil
	}
	s := x.fl.summaryOf(c)
	if s == nil {
		return nil
	}
	g := x.fl.callee(c)
	var out []*PathLock
	for _, t := range s.TryAcquires {
		if o := t.Origin(); o != nil && o.Model != nil && o.Model.TryHolds(value) {
			out = append(out, x.throughLock(c, g, t))
		}
	}
	return out
}

// newLock is the PathLock that call c, taking a lock with op, gives.
func (x *explorer) newLock(op Op, c *ir.Call, via *Held) *PathLock {
	l := &PathLock{Op: op, At: c, Via: via}
	if op.Lock != nil {
		e, deps := x.v.canon(op.Lock)
		l.Expr, l.deps = e, deps
		l.ID, l.Key = pointerPath(e), ir.ObjectKey(e)
		l.Unstable = !x.v.stable(e, deps)
		for _, d := range deps {
			l.Loopy = l.Loopy || x.v.inLoop()[d]
		}
	}
	if op.Flags != nil {
		e, _ := x.v.canon(op.Flags)
		l.Flags = e.String()
	}
	if via == nil && c != nil {
		l.Under = x.underOf(c)
	}
	return l
}

// underOf returns the branch conditions that hold on every path to call
// c of the function.
func (x *explorer) underOf(c *ir.Call) []cond {
	if x.under == nil {
		x.under = map[*ir.Call][]cond{}
		d := x.r.dominatorsOf(x.f)
		for _, b := range x.f.Blocks {
			var cs []cond
			done := false
			for _, n := range b.Nodes {
				if call, ok := n.(*ir.Call); ok {
					if op, ok := x.r.Op(call); ok && op.Effect == Acquire {
						if !done {
							cs, done = d.conds(b, x.v, false), true
						}
						if len(cs) > 0 {
							x.under[call] = cs
						}
					}
				}
			}
		}
	}
	return x.under[c]
}

// excluded reports whether take t of g, which call c makes, cannot
// happen while h is held: t happens only when a condition has one value,
// and h was taken under the same condition with the other, unchanged
// since (if (multi) mutex_lock(l); ... helper(multi) where the helper
// locks only if (!multi)).
func (x *explorer) excluded(h *PathLock, t *Take, g *ir.Func, c *ir.Call) bool {
	for _, tc := range t.Conds {
		k := x.excludedText(c, g, tc.expr)
		for _, u := range h.Under {
			if u.value != tc.value && x.text(u.expr) == k {
				return true
			}
		}
	}
	return false
}

// throughLock is the lock h, which module function g returns holding,
// as its caller's call c holds it.
func (x *explorer) throughLock(c *ir.Call, g *ir.Func, h *Held) *PathLock {
	return x.lockOf(lockMemoKey{c: c, via: h}, func() *PathLock { return x.throughLock1(c, g, h) })
}

func (x *explorer) throughLock1(c *ir.Call, g *ir.Func, h *Held) *PathLock {
	op, private := x.r.opInCaller(g, c, h.Op)
	l := x.newLock(op, c, h)
	if private != "" {
		// g takes a lock of its own finding (platform_get_drvdata(...)):
		// only g's other calls name it.
		l.ID, l.Key, l.Private = private, private, true
	}
	return l
}

// node applies n to the path; it returns false where the path ends.
func (x *explorer) node(st *pstate, n ir.Node) bool {
	switch n := n.(type) {
	case *ir.Call:
		return x.call(st, n)
	case *ir.Assign:
		x.assign(st, n)
	case *ir.Goto:
		st.via, st.gotoPos = n.Label, n.P
	case *ir.Return:
		x.ret(st, n)
		return false
	}
	return true
}

func (x *explorer) assign(st *pstate, a *ir.Assign) {
	switch lhs := a.LHS.(type) {
	case *ir.Ident:
		st.forget(lhs.Name, x.text)
		if c, ok := a.RHS.(*ir.Call); ok && x.fl.conditional(c) {
			st.results = append(st.results, presult{lhs.Name, c})
		}
		if x.retVars[lhs.Name] {
			class := assignedClass(a.RHS)
			if c, ok := a.RHS.(*ir.Call); ok && class == "" && !x.pointer && !x.fl.conditional(c) && !x.fl.mayFail(c) {
				class = callResult
			}
			st.setVal(lhs.Name, class)
		}
		if c, ok := a.RHS.(*ir.Call); ok && kmodel.In(c.Name, kmodel.NonNullCalls) {
			// root = debugfs_create_dir(...): not NULL from here on.
			st.setVal(lhs.Name, NonZeroValue)
		}
		st.saved = without(st.saved, lhs.Name)
	default:
		st.forgetText(x.text(a.LHS), x.text)
	}
	x.setBits(st, a)
}

// setBits records what a compound assignment says of the bit it sets or
// clears: after flags |= F, a test of flags & F is true; after
// flags &= ~F, false (a retry loop that sets the flag that takes the
// lock: if (gfp & F) mutex_lock(l); ... gfp |= F; goto retry;).
func (x *explorer) setBits(st *pstate, a *ir.Assign) {
	var bit ir.Expr
	var v bool
	switch a.Op {
	case "|=":
		bit, v = a.RHS, true
	case "&=":
		if u, ok := a.RHS.(*ir.Unary); ok && u.Op == "~" {
			bit = u.X
		}
	}
	if bit == nil {
		return
	}
	if k := x.setBitText(a, bit); x.tracked[k] {
		st.setFact(k, v)
	}
}

func without(s []string, x string) []string {
	for i, y := range s {
		if y == x {
			return append(s[:i:i], s[i+1:]...)
		}
	}
	return s
}

// assignedClass is the class of a value assigned to a returned variable,
// "" when it is not known.
func assignedClass(e ir.Expr) string {
	switch e := e.(type) {
	case *ir.Lit:
		if e.Text == "0" {
			return ZeroValue
		}
		return "text:" + e.Text
	case *ir.Ident:
		if isNull(e) {
			return ZeroValue
		}
		if e.Name == "true" {
			return "text:true"
		}
	case *ir.Unary:
		if e.Op == "-" {
			return ErrorValue
		}
	case *ir.Call:
		if kmodel.In(e.Name, kmodel.ErrorValueCalls) {
			return ErrorValue
		}
	}
	return ""
}

// ValueClass returns the class of the value e returned on a path.
func (x *explorer) valueClass(st *pstate, e ir.Expr) string {
	switch e := e.(type) {
	case nil:
		return VoidValue
	case *ir.Lit:
		if e.Text == "0" {
			return ZeroValue
		}
	case *ir.Ident:
		if isNull(e) {
			return ZeroValue
		}
		if c := st.val(e.Name); c == callResult {
			// ret = foo(); if (ret) goto out;: the error code of a call
			// that takes no lock.
			if v, ok := st.fact(e.Name); ok {
				if v {
					return ErrorValue
				}
				return ZeroValue
			}
			return "text:" + e.String()
		} else if c != "" {
			return c
		}
		if v, ok := st.fact(e.Name); ok {
			if v && x.pointer {
				// A pointer tested non-NULL and not an error pointer
				// (tty = lookup(); if (IS_ERR(tty)) ...; if (tty) ...):
				// an object, even where the variable also holds an
				// ERR_PTR() on other paths.
				for _, t := range kmodel.ErrorPointerTests {
					if isErr, ok := st.fact(t + "(" + e.Name + ")"); ok && !isErr {
						return NonZeroValue
					}
				}
			}
			if v && x.errVars[e.Name] {
				return ErrorValue // an error code variable, not 0
			}
			if v {
				return NonZeroValue
			}
			return ZeroValue
		}
		if v, ok := st.fact(e.Name + " < 0"); ok && v {
			return ErrorValue
		}
		for _, t := range kmodel.ErrorPointerTests {
			if v, ok := st.fact(t + "(" + e.Name + ")"); ok && v {
				return ErrorValue
			}
		}
	case *ir.Unary:
		if e.Op == "-" {
			return ErrorValue
		}
	case *ir.Call:
		if kmodel.In(e.Name, kmodel.ErrorValueCalls) {
			return ErrorValue
		}
	}
	return "text:" + e.String()
}

func (x *explorer) ret(st *pstate, r *ir.Return) {
	class := x.valueClass(st, r.Value)
	for _, h := range st.held {
		if h.Guard || h.Maybe || h.Kept {
			continue
		}
		e := x.event(HeldAtReturn, r, h, st)
		e.Return = r
		if e.Values == nil {
			e.Values = map[string]bool{}
		}
		e.Values[class] = true
	}
	for _, d := range st.done {
		m := x.out.AfterRelease[d]
		if m == nil {
			m = map[string]bool{}
			x.out.AfterRelease[d] = m
		}
		m[class] = true
	}
}

// event returns the event of kind at node n for lock l, made on first
// sight.
func (x *explorer) event(kind EventKind, n ir.Node, l *PathLock, st *pstate) *Event {
	var at *ir.Call
	if l != nil {
		at = l.At
	}
	k := evKey{kind, n, at}
	if e := x.events[k]; e != nil {
		return e
	}
	e := &Event{Kind: kind, Lock: l, Via: st.via, Goto: st.gotoPos}
	if c, ok := n.(*ir.Call); ok {
		e.Call = c
	}
	x.events[k] = e
	return e
}

func (x *explorer) call(st *pstate, c *ir.Call) bool {
	ci := x.callInfoOf(c)
	if !ci.irqOn || !ci.bhOn {
		irqOn, bhOn := true, true
		for _, h := range st.held {
			irqOn = irqOn && !h.DisablesIRQ()
			bhOn = bhOn && !h.DisablesBH()
		}
		if irqOn && !ci.irqOn {
			ci.irqOn = true
			x.out.IRQOn[c] = true
		}
		if bhOn && !ci.bhOn {
			ci.bhOn = true
			x.out.BHOn[c] = true
		}
	}
	for i, d := range st.decided {
		if d == c {
			st.decided = append(st.decided[:i:i], st.decided[i+1:]...)
			break
		}
	}
	if ci.isOp {
		op := ci.op
		switch op.Effect {
		case Acquire:
			if op.conditional() {
				return true // held on its success branch: successors
			}
			x.acquire(st, x.callLock(op, c), c, true)
		case Release:
			x.release(st, c, op)
		case EndGuard:
			for i := len(st.held) - 1; i >= 0; i-- {
				if st.held[i].Guard {
					st.held = append(st.held[:i:i], st.held[i+1:]...)
					break
				}
			}
		}
		return true
	}
	if ci.flagSave {
		// local_save_flags(flags): saved for a later restore, without
		// disabling anything.
		fe, _ := x.v.canon(c.Args[0])
		if fe != nil && !contains(st.saved, fe.String()) {
			st.saved = append(st.saved, fe.String())
		}
		return true
	}
	if ci.noReturn {
		return false
	}
	if ci.asserts {
		x.assume(st, c.Args[0], false)
	}
	for _, a := range c.Args {
		if u, ok := a.(*ir.Unary); ok && u.Op == "&" {
			if id, ok := u.X.(*ir.Ident); ok {
				st.forget(id.Name, x.text)
				// A helper may save the interrupt state through it.
				if !contains(st.saved, id.Name) {
					st.saved = append(st.saved, id.Name)
				}
			}
		}
	}
	x.callbackReleases(st, ci.callbackRels)
	g := ci.g
	if g == nil {
		return true
	}
	if g.NoReturn {
		return false
	}
	if ci.neverReturns == 0 {
		// Asked when first reached, as the memo of neverReturns
		// depends on the order it is asked in.
		ci.neverReturns = 1
		if x.r.neverReturns(g) {
			ci.neverReturns = 2
		}
	}
	if ci.neverReturns == 2 {
		return false
	}
	if ci.recursive {
		// A recursive call: its summary is made of this function's own
		// effects, and says nothing sure about this call.
		return true
	}
	if s := ci.summary; s != nil {
		for _, rel := range s.Releases {
			x.releaseBy(st, c, g, rel, false)
		}
		for _, rel := range s.MayRelease {
			// Released on some of g's paths: held Maybe.
			x.releaseBy(st, c, g, rel, true)
		}
		for _, h := range s.Acquires {
			x.acquire(st, x.throughLock(c, g, h), c, true)
		}
		for _, h := range s.MayAcquire {
			l := x.throughLock(c, g, h)
			l.Maybe = true
			x.acquire(st, l, c, false)
		}
	}
	if len(st.held) == 0 {
		// What follows reports what g does to the locks the path
		// holds, and changes nothing else.
		return true
	}
	for i, t := range ci.takes {
		if !x.takeHappens(st, ci.takeCheck(x, i, g, c)) {
			continue
		}
		lock := x.lockOf(lockMemoKey{c: c, take: t}, func() *PathLock {
			return x.newLock(Op{Class: t.Class, Variant: t.Variant, Lock: substitute(t.Lock, g.Params, c.Args)}, c, nil)
		})
		for _, h := range st.held {
			if h.Same(lock) && !h.Maybe && !x.excluded(h, t, g, c) {
				e := x.event(CallTakes, c, h, st)
				if e.Take == nil {
					e.Take = t
				}
			}
		}
	}
	if en := ci.enables; en != nil && en.Inner == nil && len(en.Conds) == 0 {
		// Only a callee that enables interrupts itself on every path:
		// deeper, or on a condition, the enabling call is most often on
		// a path the caller never takes (the path view does not follow
		// conditions into callees).
		//
		// The callee that drops the caller's own lock with
		// spin_unlock_irq() (to sleep) and takes it again does not
		// enable interrupts inside that lock's region, which it ends.
		var dropped *PathLock
		if en.Lock != nil {
			dropped = x.lockOf(lockMemoKey{c: c, take: en}, func() *PathLock {
				return x.newLock(Op{Class: en.Class, Variant: en.Variant, Lock: substitute(en.Lock, g.Params, c.Args)}, c, nil)
			})
		}
		for _, h := range st.held {
			if dropped != nil && dropped.ID != "" && dropped.ID == h.ID {
				continue
			}
			if h.DisablesIRQ() && !h.Maybe && h.Variant&kmodel.IRQSave != 0 {
				e := x.event(EnableInside, c, h, st)
				if e.Take == nil {
					e.Take = en
				}
			}
		}
	}
	return true
}

// callbackReleases applies what a module function handed to call c as a
// callback releases (kref_put(&p->ref, release) where release() unlocks
// its caller's lock): it may run, so the lock, matched by object key
// since the callback names it in its own terms, may be released after
// the call: it is then held Maybe.
func (x *explorer) callbackReleases(st *pstate, rels []callbackRel) {
	for _, rel := range rels {
		if i := x.match(st, rel.class, "", rel.key, rel.noLock); i >= 0 && !st.held[i].Maybe {
			l := *st.held[i]
			l.Maybe = true
			st.own(sharedHeld)
			st.held[i] = &l
		}
	}
}

// callbackRel is a release of a module function that a call hands as a
// callback (callbackReleases), as match takes it.
type callbackRel struct {
	class  kmodel.LockClass
	key    string
	noLock bool
}

// callbackRelsOf lists what the module functions call c hands as
// callbacks release, in the order of c's arguments.
func (x *explorer) callbackRelsOf(c *ir.Call) []callbackRel {
	var out []callbackRel
	for _, a := range c.Args {
		name := ir.CalleeName(a)
		if name == "" {
			continue
		}
		g := x.r.module.Resolve(name, x.f.File)
		s := x.r.summaries[g]
		if g == nil || s == nil {
			continue
		}
		for _, rs := range [][]Ref{s.Releases, s.MayRelease} {
			for _, rel := range rs {
				out = append(out, callbackRel{rel.Class, ir.ObjectKey(rel.Lock), rel.Lock == nil})
			}
		}
	}
	return out
}

// callInfo is what the path view needs to know of one call that does not
// depend on the path, looked up once per explorer: the paths reach a
// call in many states.
type callInfo struct {
	op       Op
	isOp     bool
	flagSave bool // local_save_flags(flags)
	noReturn bool // the model says the call never returns
	asserts  bool
	// g is the module function called, with what the locks pass knows
	// of it.
	g            *ir.Func
	recursive    bool
	summary      *Summary
	takes        []*Take
	enables      *Take
	callbackRels []callbackRel
	checks       []*takeCheck
	// neverReturns is 0 until asked, then 1 (returns) or 2 (never).
	neverReturns uint8
	// irqOn and bhOn say the call is recorded in IRQOn and BHOn.
	irqOn, bhOn bool
}

func (x *explorer) callInfoOf(c *ir.Call) *callInfo {
	if ci := x.calls[c]; ci != nil && !uncached {
		return ci
	}
	ci := &callInfo{asserts: x.asserts[c]}
	if x.calls == nil {
		x.calls = map[*ir.Call]*callInfo{}
	}
	x.calls[c] = ci
	if uncached {
		// Recorded anew each time (the memo test).
		ci.irqOn, ci.bhOn = false, false
	}
	if op, ok := x.r.Op(c); ok {
		ci.op, ci.isOp = op, true
		return ci
	}
	if kmodel.In(c.Name, kmodel.FlagSaves) && len(c.Args) == 1 {
		ci.flagSave = true
		return ci
	}
	if nr := x.r.km.NoReturnFor(c.Name); nr != nil && nr.CondArg < 0 {
		ci.noReturn = true
		return ci
	}
	ci.callbackRels = x.callbackRelsOf(c)
	g := x.fl.callee(c)
	if g == nil {
		return ci
	}
	ci.g = g
	ci.recursive = g == x.f || x.r.scc[g] == x.r.scc[x.f]
	ci.summary = x.fl.summaryOf(c)
	ci.takes, ci.enables = x.r.takes[g], x.r.enables[g]
	return ci
}

// takeHappens reports whether take t of g can happen when c calls g on
// this path: no condition it depends on is known to be false.
func (x *explorer) takeHappens(st *pstate, tc *takeCheck) bool {
	for _, cond := range tc.conds {
		if v, known := x.eval(st, cond.expr); known && v != cond.value {
			return false
		}
	}
	return !tc.contradicted
}

// takeCheck is what takeHappens needs of a take of g, called at c: its
// conditions in the caller's terms, and whether c's arguments contradict
// them.
type takeCheck struct {
	conds        []cond
	contradicted bool
}

// takeCheck returns the check of the i-th take of ci's callee g, made
// once per call.
func (ci *callInfo) takeCheck(x *explorer, i int, g *ir.Func, c *ir.Call) *takeCheck {
	if ci.checks == nil || uncached {
		ci.checks = make([]*takeCheck, len(ci.takes))
	}
	if tc := ci.checks[i]; tc != nil {
		return tc
	}
	t := ci.takes[i]
	tc := &takeCheck{conds: make([]cond, len(t.Conds)), contradicted: x.contradictedAt(t, g, c)}
	for j, cd := range t.Conds {
		tc.conds[j] = cond{x.substituted(c, g, cd.expr), cd.value}
	}
	ci.checks[i] = tc
	return tc
}

func (x *explorer) saveFlags(st *pstate, l *PathLock) {
	if l.Variant&kmodel.IRQSave != 0 && l.Flags != "" && !contains(st.saved, l.Flags) {
		st.saved = append(st.saved, l.Flags)
	}
}

// acquire takes l on the path, at call c; check says whether taking it
// again, or saving flags again, is an event (not for a trylock).
func (x *explorer) acquire(st *pstate, l *PathLock, c *ir.Call, check bool) {
	if l.Via == nil && c != nil {
		// mutex_lock(lock) says lock is not NULL: if (lock) unlock(lock);
		if op, ok := x.r.Op(c); ok && op.Lock != nil {
			if k := x.lockText(c, op); x.tracked[k] {
				st.setFact(k, true)
			}
		}
	}
	for i := len(st.held) - 1; i >= 0; i-- {
		h := st.held[i]
		if h.At == l.At && h.Guard {
			// A guard's scope entered again (a loop the front end left
			// without its end): the same guard.
			st.held = append(st.held[:i:i], st.held[i+1:]...)
			continue
		}
		if !check {
			continue
		}
		if h.Same(l) && !h.Maybe && x.arms(h.At, c) {
			// w ? down_write(l) : down_read(l): the IR lists both arms
			// of a conditional expression as calls; one of them runs.
			st.held = append(st.held[:i:i], st.held[i+1:]...)
			continue
		}
		if h.Same(l) && !h.Maybe {
			e := x.event(Reacquire, c, h, st)
			if e.New == nil {
				e.New = l
			}
		}
		if l.Variant&kmodel.IRQSave != 0 && h.Variant&kmodel.IRQSave != 0 && l.Flags != "" && l.Flags == h.Flags && !h.Lost && !h.Maybe {
			x.event(NestedSave, c, h, st)
		}
	}
	x.saveFlags(st, l)
	if l.ID != "" && contains(st.entryRel, l.ID) {
		l.Retake = true
	}
	for i := len(st.held) - 1; i >= 0; i-- {
		if st.held[i].At == l.At && st.held[i].ID == l.ID {
			// The same acquisition again, around a loop: one lock.
			st.held = append(st.held[:i:i], st.held[i+1:]...)
		}
	}
	st.done = deleteFunc(st, sharedDone, st.done, func(d *ir.Call) bool { return d == l.At || l.ID != "" && x.doneID[d] == l.ID })
	if l.ID != "" {
		st.released = deleteFunc(st, sharedReleased, st.released, func(r prelease) bool { return r.id == l.ID })
	}
	st.held = append(st.held, l)
}

// arms reports whether calls a and b are the two arms of one
// conditional expression (c ? a(...) : b(...)): in the source, only a
// colon separates a's end from b's start.
func (x *explorer) arms(a, b *ir.Call) bool {
	if a == nil || b == nil || a == b || !a.E.IsValid() || b.P <= a.E {
		return false
	}
	file := x.r.src[x.f.File]
	if file == nil || file.Src == nil || file.Tok == nil {
		return false
	}
	base := file.Tok.Base()
	from, to := int(a.E)-base, int(b.P)-base
	if from < 0 || to > len(file.Src) || to-from > 64 {
		return false
	}
	return strings.TrimSpace(string(file.Src[from:to])) == ":"
}

// match finds the held lock an unlock of class, with canonical lock e,
// releases: by name, else by object key, else one whose name was lost,
// else for the sections without a lock argument the innermost of the
// class. It returns -1 when none.
func (x *explorer) match(st *pstate, class kmodel.LockClass, id, key string, noArg bool) int {
	same := func(h *PathLock) bool {
		return !h.Guard && (h.Class == class || h.Class == kmodel.UnknownLock || class == kmodel.UnknownLock)
	}
	if noArg {
		for i := len(st.held) - 1; i >= 0; i-- {
			if h := st.held[i]; !h.Guard && h.Class == class {
				return i
			}
		}
		for i := len(st.held) - 1; i >= 0; i-- {
			if same(st.held[i]) {
				return i
			}
		}
		return -1
	}
	for i := len(st.held) - 1; i >= 0; i-- {
		if h := st.held[i]; same(h) && id != "" && h.ID == id {
			return i
		}
	}
	for i := len(st.held) - 1; i >= 0; i-- {
		if h := st.held[i]; same(h) && key != "" && h.Key == key {
			return i
		}
	}
	for i := len(st.held) - 1; i >= 0; i-- {
		if h := st.held[i]; same(h) && !h.Private && (h.Lost || h.Unstable) {
			return i
		}
	}
	return -1
}

// release applies unlock operation op at call c.
func (x *explorer) release(st *pstate, c *ir.Call, op Op) {
	own := x.ownReleaseOf(c, op)
	e, id, key, unstable := own.e, own.id, own.key, own.unstable
	i := x.match(st, op.Class, id, key, op.Lock == nil)
	var matched *PathLock
	if i >= 0 {
		matched = st.held[i]
	}
	if op.Variant&kmodel.IRQSave != 0 && op.Flags != nil {
		if !contains(st.saved, own.flags) {
			ev := x.event(RestoreUnsaved, c, matched, st)
			_ = ev
		}
	}
	if op.Variant&kmodel.IRQ != 0 && op.Variant&kmodel.IRQSave == 0 {
		for j, h := range st.held {
			if j != i && h.DisablesIRQ() && !h.Maybe && !h.Guard {
				x.event(EnableInside, c, h, st)
			}
		}
	}
	if i < 0 && op.Lock != nil && !x.takesItself(id, key) {
		// Another lock of the class, by another name?
		var other *PathLock
		for j := len(st.held) - 1; j >= 0; j-- {
			if h := st.held[j]; !h.Guard && h.Class == op.Class && !h.Maybe {
				other = h
				i = j
				break
			}
		}
		if other != nil && !unstable {
			ev := x.event(ReleaseOther, c, other, st)
			if ev.New == nil {
				ev.New = &PathLock{Op: op, At: c, ID: id, Key: key, Expr: e}
			}
		}
	}
	if i < 0 {
		again := false
		for _, r := range st.released {
			if id != "" && r.id == id && !unstable && r.held && !x.arms(r.at, c) {
				ev := x.event(ReleaseAgain, c, nil, st)
				if ev.Prior == nil {
					ev.Prior = r.at
				}
				again = true
				break
			}
		}
		first := true
		for _, r := range st.released {
			first = first && r.id != id
		}
		if !again && first && !contains(st.entryRel, id) {
			// The first this path does with the lock.
			ev := x.event(ReleaseUntaken, c, nil, st)
			if ev.New == nil {
				ev.New = &PathLock{Op: op, At: c, ID: id, Key: key, Expr: e, Unstable: unstable}
			}
		}
		if id != "" && !contains(st.entryRel, id) {
			st.entryRel = append(st.entryRel, id)
		}
		if id != "" {
			st.addReleased(id, c, false)
		}
		return
	}
	h := st.held[i]
	x.releaseAt(st, i, c, id)
	if op.Variant&kmodel.IRQ != 0 {
		x.restoreResidues(st, own.flags)
	} else if h.DisablesIRQ() && h.Class != kmodel.IRQOff && !h.Residue && !slices.ContainsFunc(st.held, func(o *PathLock) bool { return o.Residue && o.At == h.At }) {
		// xa_lock_irqsave(xa, flags); ... xa_unlock(xa); spin_lock(l);
		// ... xa_unlock_irqrestore(xa, flags): interrupts are still off.
		st.held = append(st.held, &PathLock{Op: Op{Class: kmodel.IRQOff, Variant: h.Variant & (kmodel.IRQ | kmodel.IRQSave)},
			At: h.At, Flags: h.Flags, Maybe: true, Residue: true})
	}
}

// restoreResidues drops the interrupts-off states that an unlock which
// enables or restores interrupts ends: those saved into its flags (the
// canonical text of its flags argument), or all for the _irq forms
// (flags "").
func (x *explorer) restoreResidues(st *pstate, flags string) {
	out := st.held[:0:0]
	for _, h := range st.held {
		if h.Residue && (flags == "" || h.Flags == flags) {
			continue
		}
		out = append(out, h)
	}
	st.held = out
}

// takesItself reports whether the function takes the lock of canonical
// path id (or object key) itself somewhere: an unlock of it is then of
// that lock, not of another by another name.
func (x *explorer) takesItself(id, key string) bool {
	if x.ownIDs == nil {
		x.ownIDs, x.ownKeys = map[string]bool{}, map[string]bool{}
		for _, c := range x.f.Calls() {
			if op, ok := x.r.Op(c); ok && op.Effect == Acquire && op.Lock != nil {
				e, _ := x.v.canon(op.Lock)
				x.ownIDs[pointerPath(e)] = true
				x.ownKeys[ir.ObjectKey(e)] = true
			}
		}
	}
	return id != "" && x.ownIDs[id] || key != "" && x.ownKeys[key] && false
}

// releaseAt drops held lock i, released by call c.
func (x *explorer) releaseAt(st *pstate, i int, c *ir.Call, id string) {
	h := st.held[i]
	st.held = append(st.held[:i:i], st.held[i+1:]...)
	x.out.Released[h.At] = true
	x.out.Releasing[c] = true
	if len(st.done) < 8 && !containsCall(st.done, h.At) {
		x.doneID[h.At] = h.ID
		st.done = append(st.done, h.At)
	}
	if id == "" {
		id = h.ID
	}
	if id != "" {
		st.addReleased(id, c, true)
	}
	for v := h.Via; v != nil; v = v.Via {
		if v.Acquire != nil {
			x.callerReleased[v.Acquire] = true
		}
	}
}

func containsCall(s []*ir.Call, c *ir.Call) bool {
	for _, x := range s {
		if x == c {
			return true
		}
	}
	return false
}

// releaseBy applies a called function's release of lock (in the
// caller's terms), quietly: a lock not held is the called function's
// business.
func (x *explorer) releaseBy(st *pstate, c *ir.Call, g *ir.Func, rel Ref, maybe bool) {
	m := x.releasedBy(c, g, rel)
	id := m.id
	i := x.match(st, rel.Class, m.id, m.key, m.noLock)
	switch {
	case i < 0:
	case maybe:
		l := *st.held[i]
		l.Maybe = true
		st.own(sharedHeld)
		st.held[i] = &l
	default:
		x.releaseAt(st, i, c, id)
	}
}

// neverReturns reports whether every path of module function f ends in
// a call that never returns (panic(), or a function of the module that
// never returns).
func (r *Result) neverReturns(f *ir.Func) bool {
	r.noReturnMu.Lock()
	defer r.noReturnMu.Unlock()
	return r.neverReturns1(f, 0)
}

func (r *Result) neverReturns1(f *ir.Func, depth int) bool {
	if v, ok := r.noReturn[f]; ok {
		return v
	}
	if f.NoReturn {
		return true
	}
	if len(f.Blocks) == 0 || depth > 4 {
		return false
	}
	if r.noReturn == nil {
		r.noReturn = map[*ir.Func]bool{}
	}
	r.noReturn[f] = false // while deciding: recursion returns
	seen := make([]bool, len(f.Blocks))
	work := []*ir.Block{f.Blocks[0]}
	seen[0] = true
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		ends := false
		for _, n := range b.Nodes {
			switch n := n.(type) {
			case *ir.Return:
				return false
			case *ir.Call:
				if nr := r.km.NoReturnFor(n.Name); nr != nil && nr.CondArg < 0 {
					ends = true
				} else if g := r.calleeOf[n]; g != nil && g != f && r.neverReturns1(g, depth+1) {
					ends = true
				}
			}
			if ends {
				break
			}
		}
		if ends {
			continue
		}
		for _, s := range b.Succs {
			if s.Index >= 0 && s.Index < len(seen) && !seen[s.Index] {
				seen[s.Index] = true
				work = append(work, s)
			}
		}
	}
	r.noReturn[f] = true
	return true
}
