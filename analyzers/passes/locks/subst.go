package locks

import "github.com/kdlint/kdlint/ir"

// substitute names, in a caller's terms, a lock expression written in a
// called function's: each use of a parameter becomes the call's argument,
// so that foo_lock(priv), which takes &p->lock, takes &priv->lock. Names
// that are not parameters (globals, the callee's locals) are kept.
func substitute(e ir.Expr, params []string, args []ir.Expr) ir.Expr {
	switch e := e.(type) {
	case *ir.Ident:
		for i, p := range params {
			if p == e.Name && i < len(args) && args[i] != nil {
				return args[i]
			}
		}
	case *ir.Member:
		x := substitute(e.X, params, args)
		if x == e.X {
			return e
		}
		// (&dev)->lock is dev.lock.
		if u, ok := x.(*ir.Unary); ok && u.Op == "&" && e.Arrow {
			return &ir.Member{X: u.X, Name: e.Name, P: e.P}
		}
		return &ir.Member{X: x, Name: e.Name, Arrow: e.Arrow, P: e.P}
	case *ir.Unary:
		x := substitute(e.X, params, args)
		if x == e.X {
			return e
		}
		// *(&lock) is lock.
		if u, ok := x.(*ir.Unary); ok && u.Op == "&" && e.Op == "*" {
			return u.X
		}
		return &ir.Unary{Op: e.Op, X: x, P: e.P}
	case *ir.Binary:
		x, y := substitute(e.X, params, args), substitute(e.Y, params, args)
		if x == e.X && y == e.Y {
			return e
		}
		return &ir.Binary{Op: e.Op, X: x, Y: y, P: e.P}
	case *ir.Call:
		// A getter: netdev_priv(dev) is netdev_priv(ndev).
		out := make([]ir.Expr, len(e.Args))
		changed := false
		for i, a := range e.Args {
			out[i] = substitute(a, params, args)
			changed = changed || out[i] != a
		}
		if !changed {
			return e
		}
		return &ir.Call{Fun: e.Fun, Name: e.Name, Args: out, P: e.P, E: e.E}
	}
	return e
}

// inCaller names, in the terms of the caller that makes call c, the lock
// expression e of module function g: e with g's aliases resolved and its
// parameters replaced by c's arguments. ok is false when e names the
// lock through one of g's own variables (a lock the caller cannot name);
// the expression returned is then e canonical in g's terms, and
// private names it for matching g's calls with one another.
func (r *Result) inCaller(g *ir.Func, c *ir.Call, e ir.Expr) (out ir.Expr, private string, ok bool) {
	if e == nil || g == nil {
		return e, "", true
	}
	v := r.varsFor(g)
	if v == nil {
		out = substitute(e, g.Params, c.Args)
	} else {
		ce, _ := v.canon(e)
		if !v.outside(ce) {
			if exprSize(ce, maxExpr) > maxExpr {
				return ce, g.Name + "().?", false
			}
			return ce, g.Name + "()." + pointerPath(ce), false
		}
		out = substitute(ce, g.Params, c.Args)
	}
	if exprSize(out, maxExpr) > maxExpr {
		// An access path that keeps growing as it is carried up the
		// call graph (f(x) calling f(x->next)): no caller names it.
		return e, g.Name + "().?", false
	}
	return out, "", true
}

// opInCaller is op, which g returns holding, as g's caller c sees it:
// its lock and flags in the caller's terms, no longer g's guard; private
// names a lock only g's own calls can name ("" when the caller can).
func (r *Result) opInCaller(g *ir.Func, c *ir.Call, op Op) (_ Op, private string) {
	if g != nil {
		op.Lock, private, _ = r.inCaller(g, c, op.Lock)
		op.Flags = substitute(op.Flags, g.Params, c.Args)
	}
	op.Guard = false
	return op, private
}

// maxExpr bounds the size of a lock's access path carried into a caller.
const maxExpr = 24

// exprSize counts the nodes of e, stopping past limit.
func exprSize(e ir.Expr, limit int) int {
	n := 0
	var walk func(e ir.Expr)
	walk = func(e ir.Expr) {
		if n > limit || e == nil {
			return
		}
		n++
		switch e := e.(type) {
		case *ir.Member:
			walk(e.X)
		case *ir.Unary:
			walk(e.X)
		case *ir.Binary:
			walk(e.X)
			walk(e.Y)
		case *ir.Call:
			for _, a := range e.Args {
				walk(a)
			}
		}
	}
	walk(e)
	return n
}
