package locks

import (
	"fmt"
	"go/token"
	"os"
	"sort"
	"strconv"
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
