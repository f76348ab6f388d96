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
	// maybe marks an outcome the edge makes possible, not certain (the
	// false branch of x && trylock(l)).
	maybe bool
}

// outcomes adds to out what e having the truth value value says about
// the conditional acquires in it.
func (fl *flow) outcomes(e ir.Expr, value bool, out []tryOutcome) []tryOutcome {
	switch e := e.(type) {
	case *ir.Call:
		if fl.conditional(e) {
			return append(out, tryOutcome{call: e, value: value})
		}
		if hint(e) {
			return fl.outcomes(e.Args[0], value, out)
		}
	case *ir.Ident:
		if c := fl.tries[e.Name]; c != nil {
			return append(out, tryOutcome{call: c, value: value})
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
		case e.Op == "<" && isZero(e.Y):
			// An error code, for the acquisitions that may fail: non-zero
			// when negative, 0 (they hold the lock) otherwise.
			for _, o := range fl.outcomes(e.X, value, nil) {
				if fl.mayFail(o.call) {
					out = append(out, o)
				}
			}
		}
	}
	return out
}

// mayFail reports whether c is an acquisition that returns an error code
// without the lock when it fails (mutex_lock_interruptible), or a call
// of a module function that returns such a result.
func (fl *flow) mayFail(c *ir.Call) bool {
	if op, ok := fl.op(c); ok {
		return op.Model != nil && op.Model.Fails
	}
	if s := fl.summaryOf(c); s != nil {
		for _, h := range s.TryAcquires {
			if o := h.Origin(); o != nil && o.Model != nil && o.Model.Fails {
				return true
			}
		}
	}
	return false
}

func isZero(e ir.Expr) bool {
	l, ok := e.(*ir.Lit)
	return ok && l.Text == "0"
}

// conditional reports whether c acquires a lock only when it succeeds: a
// trylock, or a call to a function that returns a trylock's result.
func (fl *flow) conditional(c *ir.Call) bool {
	if op, ok := fl.op(c); ok {
		return op.conditional()
	}
	s := fl.summaryOf(c)
	return s != nil && len(s.TryAcquires) > 0
}

// trylockVars finds the variables of f that hold a conditional
// acquire's result: assigned once, from such a call.
func (fl *flow) trylockVars() map[string]*ir.Call {
	var out map[string]*ir.Call
	for _, b := range fl.f.Blocks {
		for _, n := range b.Nodes {
			if a, ok := n.(*ir.Assign); ok {
				if id, ok := a.LHS.(*ir.Ident); ok {
					if c, ok := a.RHS.(*ir.Call); ok && fl.conditional(c) {
						if out == nil {
							out = map[string]*ir.Call{}
						}
						out[id.Name] = c
					}
				}
			}
		}
	}
	if out == nil {
		return nil
	}
	// Only those assigned once.
	count := map[string]int{}
	for _, b := range fl.f.Blocks {
		for _, n := range b.Nodes {
			if a, ok := n.(*ir.Assign); ok {
				if id, ok := a.LHS.(*ir.Ident); ok && out[id.Name] != nil {
					count[id.Name]++
				}
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

// hint reports whether call c only passes on the truth value of its
// first argument: a branch hint (unlikely(x)) or a warning (WARN_ON(x)).
func hint(c *ir.Call) bool {
	return kmodel.In(c.Name, kmodel.BranchHints) && len(c.Args) == 1 ||
		kmodel.In(c.Name, kmodel.ConditionWarnings) && len(c.Args) >= 1
}
