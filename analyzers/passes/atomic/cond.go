package atomic

import "github.com/kdlint/kdlint/ir"

// A call in an arm of a conditional expression (c ? f() : g()) or in the
// right operand of && or || runs only when the condition selects it. The
// front end emits such calls as nodes of the block like any other, so the
// exploration asks, at each call, the guards it sits under: a guard
// whose condition is known, with what is known at the call, and selects
// the other arm means the call does not run there.

// armGuard is a condition a call runs under: cond has the truth value
// want.
type armGuard struct {
	cond ir.Expr
	want bool
}

// guardsOf returns the calls of f made under guards, each with its
// guards, outermost first.
func (mf *moduleFacts) guardsOf(f *ir.Func) map[*ir.Call][]armGuard {
	if g, ok := mf.guards[f]; ok {
		return g
	}
	var out map[*ir.Call][]armGuard
	var walk func(e ir.Expr, under []armGuard)
	walk = func(e ir.Expr, under []armGuard) {
		switch x := e.(type) {
		case nil:
		case *ir.Call:
			if len(under) > 0 {
				if out == nil {
					out = map[*ir.Call][]armGuard{}
				}
				if _, seen := out[x]; !seen {
					out[x] = append([]armGuard(nil), under...)
				}
			}
			walk(x.Fun, under)
			for _, a := range x.Args {
				walk(a, under)
			}
		case *ir.Cond:
			walk(x.C, under)
			walk(x.Then, append(under[:len(under):len(under)], armGuard{x.C, true}))
			walk(x.Else, append(under[:len(under):len(under)], armGuard{x.C, false}))
		case *ir.Binary:
			walk(x.X, under)
			switch x.Op {
			case "&&":
				walk(x.Y, append(under[:len(under):len(under)], armGuard{x.X, true}))
			case "||":
				walk(x.Y, append(under[:len(under):len(under)], armGuard{x.X, false}))
			default:
				walk(x.Y, under)
			}
		case *ir.Unary:
			walk(x.X, under)
		case *ir.Member:
			walk(x.X, under)
		case *ir.InitList:
			for _, el := range x.Elems {
				walk(el.Value, under)
			}
		case *ir.Other:
			for _, c := range x.Calls {
				walk(c, under)
			}
		}
	}
	for _, b := range f.Blocks {
		for _, n := range b.Nodes {
			eachExpr(n, func(e ir.Expr) { walk(e, nil) })
		}
		walk(b.Cond, nil)
		if b.Switch != nil {
			walk(b.Switch.Value, nil)
		}
	}
	if mf.guards == nil {
		mf.guards = map[*ir.Func]map[*ir.Call][]armGuard{}
	}
	mf.guards[f] = out
	return out
}

// guardConds calls visit for the condition of each guard of f's calls.
func (mf *moduleFacts) guardConds(f *ir.Func, visit func(ir.Expr)) {
	for _, gs := range mf.guardsOf(f) {
		for _, g := range gs {
			visit(g.cond)
		}
	}
}

// selected reports whether call c of f, made with st known, is in the
// arms its guards select: false when a guard's condition is known to be
// the other way; sure is set when every guard's is known to select it.
func (e *engine) selected(ev *evaluator, f *ir.Func, c *ir.Call, st env) (runs, sure bool) {
	gs := e.r.facts.guardsOf(f)[c]
	sure = true
	for _, g := range gs {
		t, known := ev.eval(g.cond, st).truth()
		if !known {
			sure = false
			continue
		}
		if t != g.want {
			return false, false
		}
	}
	return true, sure
}
