package errpaths

import (
	"github.com/kdlint/kdlint/ir"
	"github.com/kdlint/kdlint/kmodel"
)

// Kind says how a return reports failure.
type Kind uint8

const (
	NotError Kind = iota
	// Code: a non-zero or negated constant (return -ENOMEM).
	Code
	// Value: an error value call (return PTR_ERR(p), ERR_PTR(-EIO),
	// dev_err_probe(...)).
	Value
	// Var: a variable that holds an error on the path: the function's
	// result variable where it is not known to be 0, or another returned
	// from an error label, after a test that found it non-zero, or in a
	// function that returns 0 explicitly on success.
	Var
	// Propagated: another call's result (return foo_register(...)),
	// which is an error when that call fails.
	Propagated
)

// funcInfo is what deciding f's error returns needs to know about f.
type funcInfo struct {
	// retVar is the variable f returns most often ("ret", "err"), whose
	// value is followed along each path; "" when f returns none.
	retVar string
	// explicitSuccess is set when f has a "return 0".
	explicitSuccess bool
	preds           map[*ir.Block][]*ir.Block
	// neverFails reports whether a call of f is of a module function
	// that only ever returns 0.
	neverFails func(*ir.Call) bool
}

func newFuncInfo(f *ir.Func) *funcInfo {
	return &funcInfo{retVar: returnedVariable(f), explicitSuccess: returnsSuccessExplicitly(f), preds: predecessors(f)}
}

// kindOf decides how return r, at the end of block b, reports failure.
// A return of the result variable is decided by the path (Var, for the
// caller to check), every other by its value.
func (fi *funcInfo) kindOf(r *ir.Return, b *ir.Block) Kind {
	switch v := r.Value.(type) {
	case *ir.Lit:
		if v.Text != "0" {
			return Code
		}
	case *ir.Unary:
		if v.Op == "-" {
			return Code
		}
	case *ir.Call:
		if kmodel.In(v.Name, kmodel.ErrorValueCalls) {
			return Value
		}
		return Propagated
	case *ir.Ident:
		switch {
		case v.Name == fi.retVar:
			return Var
		case v.Name == "NULL" || v.Name == "IRQ_HANDLED":
		case r.ViaLabel != "" || fi.explicitSuccess || testedNonZero(r, b, fi.preds):
			return Var
		}
	}
	return NotError
}

// returnsResultVar reports whether r returns f's result variable, whose
// value the path decides.
func (fi *funcInfo) returnsResultVar(r *ir.Return) bool {
	id, ok := r.Value.(*ir.Ident)
	return ok && fi.retVar != "" && id.Name == fi.retVar
}

// returnedVariable is the variable f returns most often ("ret", "err"),
// or "" when it returns none.
func returnedVariable(f *ir.Func) string {
	count := map[string]int{}
	best := ""
	for _, b := range f.Blocks {
		for _, n := range b.Nodes {
			if r, ok := n.(*ir.Return); ok {
				if id, ok := r.Value.(*ir.Ident); ok {
					count[id.Name]++
					if count[id.Name] > count[best] {
						best = id.Name
					}
				}
			}
		}
	}
	return best
}

// returnsSuccessExplicitly reports whether f has a "return 0".
func returnsSuccessExplicitly(f *ir.Func) bool {
	for _, b := range f.Blocks {
		for _, n := range b.Nodes {
			if r, ok := n.(*ir.Return); ok {
				if l, ok := r.Value.(*ir.Lit); ok && l.Text == "0" {
					return true
				}
			}
		}
	}
	return false
}

func predecessors(f *ir.Func) map[*ir.Block][]*ir.Block {
	out := map[*ir.Block][]*ir.Block{}
	for _, b := range f.Blocks {
		for _, s := range b.Succs {
			out[s] = append(out[s], b)
		}
	}
	return out
}

// testedNonZero reports whether a "return v;" is only reached when a test
// just before it found v to be non-zero or negative:
//
//	ret = register_thing();
//	if (ret)
//		return ret;
func testedNonZero(r *ir.Return, b *ir.Block, preds map[*ir.Block][]*ir.Block) bool {
	id, ok := r.Value.(*ir.Ident)
	if !ok {
		return false
	}
	// Walk up through blocks with a single predecessor to the branch.
	for guard := 0; guard < 8; guard++ {
		ps := preds[b]
		if len(ps) != 1 {
			return false
		}
		p := ps[0]
		if p.Cond != nil && len(p.Succs) == 2 {
			return p.Succs[0] == b && nonZeroTest(p.Cond, id.Name)
		}
		b = p
	}
	return false
}

// nonZeroTest reports whether cond is true only when name is non-zero:
// name, name != 0, name < 0, unlikely(name), IS_ERR_VALUE(name).
func nonZeroTest(cond ir.Expr, name string) bool {
	switch e := cond.(type) {
	case *ir.Ident:
		return e.Name == name
	case *ir.Binary:
		x, ok := e.X.(*ir.Ident)
		lit, lok := e.Y.(*ir.Lit)
		return ok && lok && x.Name == name && lit.Text == "0" && (e.Op == "!=" || e.Op == "<")
	case *ir.Call:
		if (kmodel.In(e.Name, kmodel.BranchHints) || kmodel.In(e.Name, kmodel.ErrorValueTests)) && len(e.Args) == 1 {
			return nonZeroTest(e.Args[0], name)
		}
	}
	return false
}
