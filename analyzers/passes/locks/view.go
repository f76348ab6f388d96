package locks

import (
	"sync"

	"github.com/kdlint/kdlint/analyzers/passes/callgraph"
	"github.com/kdlint/kdlint/ir"
)

// View answers which locks are held where, in one of two ways: Local
// sees only each function's own lock calls and guards; Deep also sees
// what the module functions it calls do to locks (their summaries) and
// what its annotations say its caller holds.
type View struct {
	r     *Result
	deep  bool
	facts map[*ir.Func]*facts

	mu        sync.Mutex
	inherited map[inheritKey]CallSet
}

type inheritKey struct {
	f *ir.Func
	h *Held
}

// CallSet is a set of calls.
type CallSet map[*ir.Call]bool

// Has reports whether c is in the set.
func (s CallSet) Has(c *ir.Call) bool { return s[c] }

func (v *View) ready() {
	if v.deep {
		v.r.deepOnce.Do(v.r.computeDeep)
	} else {
		v.r.localOnce.Do(v.r.computeLocal)
	}
}

// Before returns the locks held just before call c of f.
func (v *View) Before(f *ir.Func, c *ir.Call) State {
	v.ready()
	if fs := v.facts[f]; fs != nil {
		return fs.before[c].public()
	}
	return State{}
}

// AtReturn returns the locks held at return statement ret of f, as its
// value is computed (a guard's lock is released after it).
func (v *View) AtReturn(f *ir.Func, ret *ir.Return) State {
	v.ready()
	if fs := v.facts[f]; fs != nil {
		return fs.atReturn[ret].public()
	}
	return State{}
}

// AtExit returns the locks held when f returns, guards included, and
// whether it can return at all.
func (v *View) AtExit(f *ir.Func) (State, bool) {
	v.ready()
	if fs := v.facts[f]; fs != nil {
		return fs.exit.public(), fs.reached
	}
	return State{}, len(f.Blocks) > 0
}

// Inherited returns the calls of f before which h, a lock f's caller
// holds when it calls f, is still held on every path: f may release it
// (and take it again), itself or, in the deep view, through the
// functions it calls. The set must not be changed.
func (v *View) Inherited(f *ir.Func, h *Held) CallSet {
	v.ready()
	v.mu.Lock()
	defer v.mu.Unlock()
	k := inheritKey{f, h}
	if s, ok := v.inherited[k]; ok {
		return s
	}
	out := CallSet{}
	if len(f.Blocks) > 0 {
		for c, st := range newFlow(v.r, f, v.deep).run(set{h}).before {
			if Contains(st.must, h) {
				out[c] = true
			}
		}
	}
	if v.inherited == nil {
		v.inherited = map[inheritKey]CallSet{}
	}
	v.inherited[k] = out
	return out
}

// HeldThrough reports whether h, held where path[0].Caller makes call
// path[0].Call, is still held on every path when the last function of
// the path makes call inner: each path[i+1].Call is a call of
// path[i].Callee, and inner a call of the last callee. Any function on
// the way may release the lock.
func (v *View) HeldThrough(h *Held, path []callgraph.Site, inner *ir.Call) bool {
	for i, s := range path {
		next := inner
		if i+1 < len(path) {
			next = path[i+1].Call
		}
		if !v.Inherited(s.Callee, h).Has(next) {
			return false
		}
	}
	return true
}
