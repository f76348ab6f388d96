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
	}
	return e
}
