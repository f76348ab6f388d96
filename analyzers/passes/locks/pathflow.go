package locks

import (
	"slices"

	"github.com/kdlint/kdlint/ir"
)

// Moving along a path: the successors a block's end allows given the
// path's facts, and how loops and iterators end.

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
