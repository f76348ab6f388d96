package locks

import (
	"strings"

	"github.com/kdlint/kdlint/ir"
)

// Lock identity by access path. Within a function, a lock is named by the
// expression its operation is given, with each local variable that is
// assigned once replaced by its value, so that the lock of
//
//	struct foo *p = container_of(w, struct foo, work);	/* the IR sees p = w */
//	spinlock_t *l = &p->lock;
//	spin_lock(l);
//	spin_unlock(&p->lock);
//
// is w.lock at both calls. Private-data getters stay as calls
// (netdev_priv(dev).lock), so a caller and a callee that reach the same
// structure through the same getter name the same lock once the
// callee's parameters are replaced by the caller's arguments.

// vars is what the path analysis knows of one function's variables.
type vars struct {
	f      *ir.Func
	params map[string]bool
	locals map[string]bool
	// single holds the locals assigned exactly once, with their value.
	single map[string]ir.Expr
	// volatile holds the variables that change where the IR does not
	// show it: incremented or decremented (p++), or whose address is
	// passed to a call. A lock named through one is never taken for
	// the same lock as another.
	volatile map[string]bool
	// loop holds the variables assigned in a loop (inLoop).
	loop map[string]bool
}

// inLoop returns the variables of the function assigned in a block that
// is part of a cycle of its control flow.
func (v *vars) inLoop() map[string]bool {
	if v.loop != nil {
		return v.loop
	}
	v.loop = map[string]bool{}
	for _, b := range cyclic(v.f) {
		for _, n := range b.Nodes {
			if a, ok := n.(*ir.Assign); ok {
				if id, ok := a.LHS.(*ir.Ident); ok {
					v.loop[id.Name] = true
				}
			}
		}
	}
	return v.loop
}

// cyclic returns the blocks of f that lie on a cycle (Tarjan's strongly
// connected components: those of more than one block, or with an edge
// to themselves).
func cyclic(f *ir.Func) []*ir.Block {
	n := len(f.Blocks)
	index, low := make([]int, n), make([]int, n)
	for i := range index {
		index[i] = -1
	}
	onStack := make([]bool, n)
	var stack []int
	var out []*ir.Block
	counter := 0
	var visit func(i int)
	visit = func(i int) {
		index[i], low[i] = counter, counter
		counter++
		stack = append(stack, i)
		onStack[i] = true
		for _, s := range f.Blocks[i].Succs {
			j := s.Index
			if j < 0 || j >= n {
				continue
			}
			if index[j] < 0 {
				visit(j)
				low[i] = min(low[i], low[j])
			} else if onStack[j] {
				low[i] = min(low[i], index[j])
			}
		}
		if low[i] == index[i] {
			var comp []int
			for {
				j := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				onStack[j] = false
				comp = append(comp, j)
				if j == i {
					break
				}
			}
			self := false
			for _, s := range f.Blocks[i].Succs {
				self = self || s.Index == i
			}
			if len(comp) > 1 || self {
				for _, j := range comp {
					out = append(out, f.Blocks[j])
				}
			}
		}
	}
	for i := range f.Blocks {
		if index[i] < 0 {
			visit(i)
		}
	}
	return out
}

func newVars(f *ir.Func, src []byte, isLockOp func(*ir.Call) bool) *vars {
	v := &vars{f: f, params: map[string]bool{}, locals: map[string]bool{}, single: map[string]ir.Expr{}, volatile: map[string]bool{}}
	for _, p := range f.Params {
		v.params[p] = true
	}
	for _, l := range f.Locals {
		v.locals[l] = true
	}
	count := map[string]int{}
	value := map[string]ir.Expr{}
	for _, b := range f.Blocks {
		for _, n := range b.Nodes {
			switch n := n.(type) {
			case *ir.Assign:
				if id, ok := n.LHS.(*ir.Ident); ok {
					count[id.Name]++
					value[id.Name] = n.RHS
				}
			case *ir.Call:
				if isLockOp(n) {
					continue
				}
				for _, a := range n.Args {
					if u, ok := a.(*ir.Unary); ok && u.Op == "&" {
						if id, ok := u.X.(*ir.Ident); ok && (v.locals[id.Name] || v.params[id.Name]) {
							v.volatile[id.Name] = true
						}
					}
				}
			}
		}
	}
	if src == nil {
		// Without the text, any variable may be incremented.
		for name := range v.locals {
			v.volatile[name] = true
		}
		for name := range v.params {
			v.volatile[name] = true
		}
	} else {
		incremented(src, v.volatile)
	}
	for name, n := range count {
		if n == 1 && v.locals[name] && !v.params[name] && !v.volatile[name] && value[name] != nil {
			v.single[name] = value[name]
		}
	}
	return v
}

// canon returns e with the single-assignment locals replaced by their
// values, and the variables it depends on (those named on the way).
func (v *vars) canon(e ir.Expr) (ir.Expr, []string) {
	deps := make([]string, 0, 4)
	out := v.canon1(e, 0, &deps)
	return out, deps
}

func (v *vars) canon1(e ir.Expr, depth int, deps *[]string) ir.Expr {
	switch e := e.(type) {
	case *ir.Ident:
		*deps = append(*deps, e.Name)
		if val, ok := v.single[e.Name]; ok && depth < 6 {
			return v.canon1(val, depth+1, deps)
		}
		return e
	case *ir.Member:
		x := v.canon1(e.X, depth, deps)
		if u, ok := x.(*ir.Unary); ok && u.Op == "&" && e.Arrow {
			return &ir.Member{X: u.X, Name: e.Name, P: e.P}
		}
		if x == e.X {
			return e
		}
		return &ir.Member{X: x, Name: e.Name, Arrow: e.Arrow, P: e.P}
	case *ir.Unary:
		x := v.canon1(e.X, depth, deps)
		if u, ok := x.(*ir.Unary); ok && (u.Op == "&" && e.Op == "*" || u.Op == "*" && e.Op == "&") {
			return u.X
		}
		if x == e.X {
			return e
		}
		return &ir.Unary{Op: e.Op, X: x, P: e.P}
	case *ir.Call:
		args := make([]ir.Expr, len(e.Args))
		changed := false
		for i, a := range e.Args {
			args[i] = v.canon1(a, depth, deps)
			changed = changed || args[i] != a
		}
		if !changed {
			return e
		}
		return &ir.Call{Fun: e.Fun, Name: e.Name, Args: args, P: e.P, E: e.E}
	case *ir.Binary:
		x, y := v.canon1(e.X, depth, deps), v.canon1(e.Y, depth, deps)
		if x == e.X && y == e.Y {
			return e
		}
		return &ir.Binary{Op: e.Op, X: x, Y: y, P: e.P}
	}
	return e
}

// stable reports whether a canonical lock expression names one object
// for as long as the variables it depends on keep their values: it is
// built of names, members, & and *, and calls of such (getters), and
// depends on no volatile variable.
func (v *vars) stable(e ir.Expr, deps []string) bool {
	for _, d := range deps {
		if v.volatile[d] {
			return false
		}
	}
	return simpleExpr(e)
}

func simpleExpr(e ir.Expr) bool {
	switch e := e.(type) {
	case *ir.Ident:
		return true
	case *ir.Member:
		return simpleExpr(e.X)
	case *ir.Unary:
		return (e.Op == "&" || e.Op == "*") && simpleExpr(e.X)
	case *ir.Call:
		if e.Name == "" {
			return false
		}
		for _, a := range e.Args {
			if !simpleExpr(a) {
				return false
			}
		}
		return true
	}
	return false
}

// roots returns the variables a canonical expression starts from: the
// base of each access path in it.
func roots(e ir.Expr, out []string) []string {
	switch e := e.(type) {
	case *ir.Ident:
		return append(out, e.Name)
	case *ir.Member:
		return roots(e.X, out)
	case *ir.Unary:
		return roots(e.X, out)
	case *ir.Call:
		for _, a := range e.Args {
			out = roots(a, out)
		}
		return out
	case *ir.Binary:
		return roots(e.Y, roots(e.X, out))
	}
	return append(out, "")
}

// outside reports whether every root of a canonical expression is a
// parameter of f or a name that is not f's variable (a global): the
// expression means the same to f's callers once its parameters are
// replaced by their arguments.
func (v *vars) outside(e ir.Expr) bool {
	for _, r := range roots(e, nil) {
		if r == "" || v.locals[r] && !v.params[r] {
			return false
		}
	}
	return true
}

// mentions reports whether the text of a condition or lock names
// variable name as a whole word: not a member of that name (p->dev,
// s.dev are not the variable dev).
func mentions(text, name string) bool {
	for i := 0; ; {
		j := strings.Index(text[i:], name)
		if j < 0 {
			return false
		}
		j += i
		end := j + len(name)
		member := j >= 1 && text[j-1] == '.' || j >= 2 && text[j-2:j] == "->"
		if (j == 0 || !isWord(text[j-1])) && (end == len(text) || !isWord(text[end])) && !member {
			return true
		}
		i = j + 1
	}
}

func isWord(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// incremented adds to out the names the C text src increments or
// decrements (p++, --n): the word right before or after ++ or --.
func incremented(src []byte, out map[string]bool) {
	for i := 0; i+1 < len(src); i++ {
		if !(src[i] == '+' && src[i+1] == '+' || src[i] == '-' && src[i+1] == '-') {
			continue
		}
		j := i - 1
		for j >= 0 && (src[j] == ' ' || src[j] == '\t') {
			j--
		}
		end := j + 1
		for j >= 0 && isWord(src[j]) {
			j--
		}
		if end > j+1 {
			out[string(src[j+1:end])] = true
		}
		k := i + 2
		for k < len(src) && (src[k] == ' ' || src[k] == '\t') {
			k++
		}
		start := k
		for k < len(src) && isWord(src[k]) {
			k++
		}
		if k > start {
			out[string(src[start:k])] = true
		}
		i++
	}
}
