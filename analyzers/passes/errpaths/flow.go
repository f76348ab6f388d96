package errpaths

import (
	"github.com/kdlint/kdlint/ir"
)

// pathState tracks, path-sensitively, two facts: whether the object is
// live (created and not torn down), and whether the function's result
// variable (ret, err, ...) is known to hold success (0), so that
// "out: return ret;", reached both by failures and by the successful
// fall-through, is judged per path. combos has one bit per (live, ok)
// pair that some path reaches.
type pathState struct {
	combos uint8
	label  string // first label a path entered with the object live, for messages
}

func combo(live, ok bool) uint8 {
	i := 0
	if live {
		i |= 2
	}
	if ok {
		i |= 1
	}
	return 1 << i
}

// mapCombos applies f to every (live, ok) pair of s.
func (s pathState) mapCombos(f func(live, ok bool) (bool, bool)) pathState {
	out := pathState{label: s.label}
	for i := 0; i < 4; i++ {
		if s.combos&(1<<i) != 0 {
			out.combos |= combo(f(i&2 != 0, i&1 != 0))
		}
	}
	return out
}

func (s pathState) live() bool { return s.combos&(combo(true, false)|combo(true, true)) != 0 }

// liveOnError reports whether a path reaches here with the object live and
// the result variable not known to be success.
func (s pathState) liveOnError() bool { return s.combos&combo(true, false) != 0 }

// tracked is what the path analysis follows: an object's life, or (nil
// object) none, for the error returns of the function alone.
type tracked interface {
	createdBy(c *ir.Call) bool
	destroyedBy(c *ir.Call) bool
	// failedOn reports whether taking successor i of b means that the
	// object was not created: if (!wq), if (IS_ERR(wq)), or the other
	// branch of the test the creation ran under.
	failedOn(b *ir.Block, i int) bool
	// returnedBy reports whether return r hands the object to the caller.
	returnedBy(r *ir.Return) bool
}

// endsInGoto reports whether block b ends in a goto.
func endsInGoto(b *ir.Block) bool {
	if len(b.Nodes) == 0 {
		return false
	}
	_, ok := b.Nodes[len(b.Nodes)-1].(*ir.Goto)
	return ok
}

// found is an error return reached with the object live.
type found struct {
	ret   *ir.Return
	kind  Kind
	label string
}

// walk runs the path analysis over f, with the object live from the
// start when live is set, and returns the error returns reached with it
// live, in block order.
func walk(f *ir.Func, fi *funcInfo, obj tracked, live bool) []found {
	if len(f.Blocks) == 0 {
		return nil
	}
	in := make([]pathState, len(f.Blocks))
	seen := make([]bool, len(f.Blocks))
	work := []*ir.Block{f.Blocks[0]}
	seen[0] = true
	in[0] = pathState{combos: combo(live, false)}
	for iter := 0; len(work) > 0 && iter < 40*len(f.Blocks)+100; iter++ {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		st := in[b.Index]
		for _, n := range b.Nodes {
			st = step(st, n, obj, fi)
		}
		for i, s := range b.Succs {
			next := edge(st, b, i, obj, fi.retVar)
			if s.Label != "" && next.live() && next.label == "" && endsInGoto(b) {
				next.label = s.Label // the first goto taken with the object live
			}
			old := in[s.Index]
			if seen[s.Index] {
				merged := pathState{combos: old.combos | next.combos, label: old.label}
				if merged.label == "" {
					merged.label = next.label
				}
				if merged.combos == old.combos {
					continue // no new information
				}
				next = merged
			}
			seen[s.Index] = true
			in[s.Index] = next
			work = append(work, s)
		}
	}
	var out []found
	for _, b := range f.Blocks {
		if !seen[b.Index] {
			continue
		}
		st := in[b.Index]
		for _, n := range b.Nodes {
			if r, ok := n.(*ir.Return); ok && st.live() && (obj == nil || !obj.returnedBy(r)) {
				k := fi.kindOf(r, b)
				if fi.returnsResultVar(r) && !st.liveOnError() {
					k = NotError // success on every path that reaches it live
				}
				if k != NotError {
					out = append(out, found{r, k, st.label})
				}
			}
			st = step(st, n, obj, fi)
		}
	}
	return out
}

// edge applies what taking successor i of b tells: the object was not
// created, or the result variable is or is not success.
func edge(st pathState, b *ir.Block, i int, obj tracked, retVar string) pathState {
	if b.Cond == nil || len(b.Succs) != 2 {
		return st
	}
	if st.live() && obj != nil && obj.failedOn(b, i) {
		st = st.mapCombos(func(_, ok bool) (bool, bool) { return false, ok })
	}
	if retVar != "" {
		if nonZeroTest(b.Cond, retVar) {
			// True: failure. False: success.
			isOK := i == 1
			st = st.mapCombos(func(live, _ bool) (bool, bool) { return live, isOK })
		} else if u, ok := b.Cond.(*ir.Unary); ok && u.Op == "!" && nonZeroTest(u.X, retVar) {
			isOK := i == 0
			st = st.mapCombos(func(live, _ bool) (bool, bool) { return live, isOK })
		}
	}
	return st
}

func step(st pathState, n ir.Node, obj tracked, fi *funcInfo) pathState {
	retVar := fi.retVar
	if a, ok := n.(*ir.Assign); ok && retVar != "" {
		if id, ok := a.LHS.(*ir.Ident); ok && id.Name == retVar {
			l, isLit := a.RHS.(*ir.Lit)
			zero := isLit && l.Text == "0"
			if c, ok := a.RHS.(*ir.Call); ok && fi.neverFails != nil && fi.neverFails(c) {
				zero = true // ret = helper() of a helper that only returns 0
			}
			return st.mapCombos(func(live, _ bool) (bool, bool) { return live, zero })
		}
		return st
	}
	c, ok := n.(*ir.Call)
	if !ok || obj == nil {
		return st
	}
	if obj.createdBy(c) {
		return st.mapCombos(func(_, ok bool) (bool, bool) { return true, ok })
	}
	if st.live() && obj.destroyedBy(c) {
		return st.mapCombos(func(_, ok bool) (bool, bool) { return false, ok })
	}
	return st
}
