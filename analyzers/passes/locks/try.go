package locks

import (
	"github.com/kdlint/kdlint/ir"
	"github.com/kdlint/kdlint/kmodel"
)

// A trylock holds its lock only on the branch where it succeeded:
//
//	if (spin_trylock(&l)) { ... }          held in the then-branch
//	if (!mutex_trylock(&m)) return -EBUSY; held after the test
//	ret = down_trylock(&s); if (ret) ...   held where ret is 0
//
// The branch conditions a block ends with say which trylock calls
// succeeded on each of its two edges.

// tryOutcome is what taking an edge says about a conditional acquire:
// the call's result was true (non-zero) or false.
type tryOutcome struct {
	call  *ir.Call
	value bool
}

// outcomes adds to out what e having the truth value value says about
// the conditional acquires in it.
func (fl *flow) outcomes(e ir.Expr, value bool, out []tryOutcome) []tryOutcome {
	switch e := e.(type) {
	case *ir.Call:
		if fl.conditional(e) {
			return append(out, tryOutcome{e, value})
		}
		if kmodel.In(e.Name, kmodel.BranchHints) && len(e.Args) == 1 {
			return fl.outcomes(e.Args[0], value, out)
		}
	case *ir.Ident:
		if c := fl.tries[e.Name]; c != nil {
			return append(out, tryOutcome{c, value})
		}
	case *ir.Unary:
		if e.Op == "!" {
			return fl.outcomes(e.X, !value, out)
		}
	case *ir.Binary:
		switch {
		case e.Op == "&&" && value, e.Op == "||" && !value:
			return fl.outcomes(e.Y, value, fl.outcomes(e.X, value, out))
		case e.Op == "==" && isZero(e.Y):
			return fl.outcomes(e.X, !value, out)
		case e.Op == "!=" && isZero(e.Y):
			return fl.outcomes(e.X, value, out)
		}
	}
	return out
}

func isZero(e ir.Expr) bool {
	l, ok := e.(*ir.Lit)
	return ok && l.Text == "0"
}

// conditional reports whether c acquires a lock only when it succeeds: a
// trylock, or a call to a function that returns a trylock's result.
func (fl *flow) conditional(c *ir.Call) bool {
	if op, ok := fl.op(c); ok {
		return op.Effect == Acquire && op.Try && !op.Guard
	}
	s := fl.summaryOf(c)
	return s != nil && len(s.TryAcquires) > 0
}

// trylockVars finds the variables of f that hold a conditional
// acquire's result: assigned once, from such a call.
func (fl *flow) trylockVars() map[string]*ir.Call {
	var out map[string]*ir.Call
	count := map[string]int{}
	for _, b := range fl.f.Blocks {
		for _, n := range b.Nodes {
			a, ok := n.(*ir.Assign)
			if !ok {
				continue
			}
			id, ok := a.LHS.(*ir.Ident)
			if !ok {
				continue
			}
			count[id.Name]++
			if c, ok := a.RHS.(*ir.Call); ok && fl.conditional(c) {
				if out == nil {
					out = map[string]*ir.Call{}
				}
				out[id.Name] = c
			}
		}
	}
	for name := range out {
		if count[name] != 1 {
			delete(out, name)
		}
	}
	return out
}

// succeeded returns the locks the conditional acquire c holds when its
// result is value.
func (fl *flow) succeeded(c *ir.Call, value bool) []*Held {
	var out []*Held
	for _, h := range fl.onSuccess(c) {
		if h.Origin().Model.TryHolds(value) {
			out = append(out, h)
		}
	}
	return out
}

// onSuccess returns the locks the conditional acquire c takes when it
// succeeds.
func (fl *flow) onSuccess(c *ir.Call) []*Held {
	if op, ok := fl.op(c); ok {
		return []*Held{fl.acquired(c, op)}
	}
	var out []*Held
	for _, t := range fl.summaryOf(c).TryAcquires {
		out = append(out, fl.through(c, t))
	}
	return out
}
