package locks

import (
	"fmt"
	"testing"

	"github.com/kdlint/kdlint/ir"
)

// TestCloneCopyOnWrite changes a path state and its clone, each way
// that changes a slice in place or appends to it, and wants the other
// untouched; a clone nobody changes shares every slice with its
// original.
func TestCloneCopyOnWrite(t *testing.T) {
	c1, c2, c3 := &ir.Call{Name: "a"}, &ir.Call{Name: "b"}, &ir.Call{Name: "c"}
	l1, l2 := &PathLock{ID: "p.a", At: c1}, &PathLock{ID: "p.b", At: c2, deps: []string{"p"}}
	fresh := func() *pstate {
		st := &pstate{
			held:     make([]*PathLock, 0, 8),
			facts:    make([]fact, 0, 8),
			vals:     make([]pval, 0, 8),
			released: make([]prelease, 0, 8),
			done:     make([]*ir.Call, 0, 8),
			results:  make([]presult, 0, 8),
		}
		st.held = append(st.held, l1, l2)
		st.setFact("p", true)
		st.setFact("q", false)
		st.setVal("ret", ZeroValue)
		st.setVal("err", ErrorValue)
		st.addReleased("p.a", c1, true)
		st.addReleased("p.b", c2, false)
		st.done = append(st.done, c1, c2)
		st.results = append(st.results, presult{"p", c3}, presult{"r", c3})
		return st
	}
	dump := func(st *pstate) string {
		var hs []string
		for _, h := range st.held {
			hs = append(hs, fmt.Sprintf("%s/%v/%v", h.ID, h.Maybe, h.Lost))
		}
		return fmt.Sprint(hs, st.facts, st.vals, st.released, st.done, st.results)
	}
	changes := map[string]func(st *pstate){
		"setFact":     func(st *pstate) { st.setFact("p", false) },
		"newFact":     func(st *pstate) { st.setFact("o", true) },
		"setVal":      func(st *pstate) { st.setVal("ret", NonZeroValue) },
		"dropVal":     func(st *pstate) { st.setVal("ret", "") },
		"newVal":      func(st *pstate) { st.setVal("a", ZeroValue) },
		"forget":      func(st *pstate) { st.forget("p", func(e ir.Expr) string { return "" }) },
		"forgetText":  func(st *pstate) { st.forgetText("q", func(e ir.Expr) string { return "" }) },
		"addReleased": func(st *pstate) { st.addReleased("p.a", c3, false) },
		"newReleased": func(st *pstate) { st.addReleased("p.c", c3, false) },
		"held": func(st *pstate) {
			l := *st.held[0]
			l.Maybe = true
			st.own(sharedHeld)
			st.held[0] = &l
		},
		"acquire": func(st *pstate) {
			st.held = append(st.held, &PathLock{ID: "p.c", At: c3})
			st.done = deleteFunc(st, sharedDone, st.done, func(d *ir.Call) bool { return d == c1 })
			st.released = deleteFunc(st, sharedReleased, st.released, func(r prelease) bool { return r.id == "p.a" })
		},
	}
	for name, change := range changes {
		for _, which := range []string{"clone", "original"} {
			st := fresh()
			before := dump(st)
			cl := st.clone()
			if &cl.facts[0] != &st.facts[0] || &cl.held[0] != &st.held[0] {
				t.Fatalf("%s: the clone copied its slices", name)
			}
			changed, other := cl, st
			if which == "original" {
				changed, other = st, cl
			}
			change(changed)
			if got := dump(other); got != before {
				t.Errorf("%s of the %s changed the other:\n got %s\nwant %s", name, which, got, before)
			}
			if dump(changed) == before {
				t.Errorf("%s of the %s changed nothing: the case tests nothing", name, which)
			}
		}
	}
}
