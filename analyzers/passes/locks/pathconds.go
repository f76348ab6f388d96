package locks

import (
	"go/token"
	"strings"

	"github.com/kdlint/kdlint/ir"
	"github.com/kdlint/kdlint/kmodel"
)

// Branch conditions on a path: which conditions the path view remembers,
// how it evaluates one against a path's facts, and what taking a branch
// tells it.

// conditions decides which condition atoms the paths remember: those
// tested more than once, and those that name a returned variable.
func (x *explorer) conditions() {
	x.retVars, x.errVars = map[string]bool{}, map[string]bool{}
	x.pointer = returnsPointer(x.r.src[x.f.File], x.f)
	for _, b := range x.f.Blocks {
		for _, n := range b.Nodes {
			switch n := n.(type) {
			case *ir.Return:
				if id, ok := n.Value.(*ir.Ident); ok {
					x.retVars[id.Name] = true
				}
			case *ir.Assign:
				if id, ok := n.LHS.(*ir.Ident); ok && assignedClass(n.RHS) == ErrorValue {
					x.errVars[id.Name] = true
				}
			}
		}
	}
	count := map[string]int{}
	guards := map[string]bool{}
	for _, b := range x.f.Blocks {
		if b.Cond != nil && len(b.Succs) == 2 {
			near := x.locksNear(b, 2)
			for _, a := range x.atoms(b.Cond, nil) {
				count[a]++
				guards[a] = guards[a] || near
			}
			for _, id := range x.counters(b.Cond, nil) {
				if x.v.locals[id] {
					x.retVars[id] = true
				}
			}
			for _, id := range x.flagAtoms(b.Cond, nil) {
				// A local flag tested: its constant values are followed.
				if x.v.locals[id] {
					x.retVars[id] = true
				}
			}
		}
	}
	x.tracked = map[string]bool{}
	whole := map[string]int{}
	for _, b := range x.f.Blocks {
		if b.Cond != nil && len(b.Succs) == 2 {
			if bin, ok := b.Cond.(*ir.Binary); ok && (bin.Op == "&&" || bin.Op == "||") {
				whole[b.Cond.String()]++
			}
		}
	}
	for w, n := range whole {
		if n >= 2 {
			x.tracked[w] = true
		}
	}
	for a, n := range count {
		// A condition tested again where a lock is taken or released
		// (conditional locking), or one on a returned variable.
		keep := n >= 2 && guards[a]
		for v := range x.retVars {
			keep = keep || mentions(a, v)
		}
		if keep {
			x.tracked[a] = true
		}
	}
}

// assertions finds the warnings (WARN_ON(c)) that are statements of
// their own, not a condition or an argument: after one, the path goes on
// as if c were false.
func (x *explorer) assertions() {
	var warns []*ir.Call
	for _, c := range x.f.Calls() {
		if kmodel.In(c.Name, kmodel.ConditionWarnings) && len(c.Args) >= 1 {
			warns = append(warns, c)
		}
	}
	if len(warns) == 0 {
		return
	}
	nested := map[token.Pos]bool{}
	var walk func(e ir.Expr, top bool)
	walk = func(e ir.Expr, top bool) {
		switch e := e.(type) {
		case *ir.Call:
			if !top {
				nested[e.P] = true
			}
			walk(e.Fun, false)
			for _, a := range e.Args {
				walk(a, false)
			}
		case *ir.Unary:
			walk(e.X, false)
		case *ir.Binary:
			walk(e.X, false)
			walk(e.Y, false)
		case *ir.Member:
			walk(e.X, false)
		case *ir.Cond:
			walk(e.C, false)
			walk(e.Then, false)
			walk(e.Else, false)
		case *ir.Other:
			for _, c := range e.Calls {
				nested[c.P] = true
			}
		case *ir.InitList:
			for _, el := range e.Elems {
				walk(el.Value, false)
			}
		}
	}
	for _, b := range x.f.Blocks {
		for _, n := range b.Nodes {
			switch n := n.(type) {
			case *ir.Call:
				walk(n, true)
			case *ir.Assign:
				walk(n.RHS, false)
				walk(n.LHS, false)
			case *ir.Return:
				walk(n.Value, false)
			}
		}
		walk(b.Cond, false)
		if b.Switch != nil {
			walk(b.Switch.Value, false)
		}
	}
	for _, c := range warns {
		if !nested[c.P] {
			if x.asserts == nil {
				x.asserts = map[*ir.Call]bool{}
			}
			x.asserts[c] = true
			// What the warning rules out is remembered where it is
			// tested later, even once.
			for _, a := range x.atoms(c.Args[0], nil) {
				x.tracked[a] = true
			}
			for _, a := range bitAtoms(c.Args[0], nil) {
				x.tracked[a] = true
			}
		}
	}
}

// bitAtoms lists the single-bit tests flags & A that a test of
// flags & (A | B) covers.
func bitAtoms(e ir.Expr, out []string) []string {
	switch e := e.(type) {
	case *ir.Unary:
		return bitAtoms(e.X, out)
	case *ir.Binary:
		if e.Op == "&" {
			if y, ok := e.Y.(*ir.Binary); ok && y.Op == "|" {
				out = bitAtoms(&ir.Binary{Op: "&", X: e.X, Y: y.X}, out)
				return bitAtoms(&ir.Binary{Op: "&", X: e.X, Y: y.Y}, out)
			}
			return append(out, e.String())
		}
		if e.Op == "&&" || e.Op == "||" {
			return bitAtoms(e.Y, bitAtoms(e.X, out))
		}
	case *ir.Call:
		if hint(e) {
			return bitAtoms(e.Args[0], out)
		}
	}
	return out
}

// conditionalReleases finds the branches of the form if (c) unlock(l);
// where the branch that releases falls through to where the other goes.
func (x *explorer) conditionalReleases() {
	for _, b := range x.f.Blocks {
		if b.Cond == nil || len(b.Succs) != 2 {
			continue
		}
		for i, t := range b.Succs {
			o := b.Succs[1-i]
			if len(t.Succs) != 1 || t == o {
				continue
			}
			j := t.Succs[0]
			if j == x.f.Exit || returns(t) || returns(o) || jumps(o) || !onlyReleases(x.r, t) {
				// Two exits, not a conditional release: if (c) return
				// err; (or goto out;) unlock(l); return 0;
				continue
			}
			// if (c) unlock(l); or if (c) unlock(l); else other();
			if o != j && (len(o.Succs) != 1 || o.Succs[0] != j || x.releases(o) != nil) {
				continue
			}
			var k keep
			for _, e := range x.releases(t) {
				k.ids = append(k.ids, pointerPath(e))
				k.keys = append(k.keys, ir.ObjectKey(e))
			}
			for _, n := range t.Nodes {
				if c, ok := n.(*ir.Call); ok {
					if op, ok := x.r.Op(c); ok && op.Effect == Release && op.Lock == nil {
						k.classes = append(k.classes, op.Class)
					}
				}
			}
			if len(k.ids)+len(k.classes) > 0 {
				k.skip = 1 - i
				if x.keeps == nil {
					x.keeps = map[*ir.Block]keep{}
				}
				x.keeps[b] = k
			}
		}
	}
}

// returnsPointer reports whether the declaration of f, as written before
// its name, returns a pointer (struct foo *name(...)) or a bool.
func returnsPointer(file *ir.File, f *ir.Func) bool {
	if file == nil || file.Src == nil || file.Tok == nil {
		return false
	}
	off := int(f.Pos) - file.Tok.Base()
	if off <= 0 || off > len(file.Src) {
		return false
	}
	head := strings.TrimRight(string(file.Src[max(0, off-200):off]), " \t\n")
	return strings.HasSuffix(head, "*") || strings.HasSuffix(head, "bool")
}

// equality is a != b written as a == b.
func equality(e *ir.Binary) *ir.Binary {
	return &ir.Binary{Op: "==", X: e.X, Y: e.Y, P: e.P}
}

// returns reports whether block b ends in a return statement.
func returns(b *ir.Block) bool {
	for _, n := range b.Nodes {
		if _, ok := n.(*ir.Return); ok {
			return true
		}
	}
	return false
}

// onlyReleases reports whether block b does nothing but release locks:
// if (c) spin_unlock(l); and not if (!ret) { dev->x = v; unlock(l); },
// the rest of a function that breaks out on an error.
func onlyReleases(r *Result, b *ir.Block) bool {
	for _, n := range b.Nodes {
		c, ok := n.(*ir.Call)
		if !ok {
			return false
		}
		if op, ok := r.Op(c); !ok || op.Effect != Release {
			return false
		}
	}
	return true
}

// jumps reports whether block b is a goto.
func jumps(b *ir.Block) bool {
	for _, n := range b.Nodes {
		if _, ok := n.(*ir.Goto); ok {
			return true
		}
	}
	return false
}

// releases returns the canonical locks the unlock calls of block b
// release.
func (x *explorer) releases(b *ir.Block) []ir.Expr {
	var out []ir.Expr
	for _, n := range b.Nodes {
		c, ok := n.(*ir.Call)
		if !ok {
			continue
		}
		if op, ok := x.r.Op(c); ok && op.Effect == Release && op.Lock != nil {
			e, _ := x.v.canon(op.Lock)
			out = append(out, e)
		} else if s := x.fl.summaryOf(c); s != nil {
			g := x.fl.callee(c)
			for _, rel := range s.Releases {
				if rel.Lock != nil {
					e, _ := x.v.canon(substitute(rel.Lock, g.Params, c.Args))
					out = append(out, e)
				}
			}
		}
	}
	return out
}

// locksNear reports whether a block at most depth edges after b's
// branch takes or releases a lock, itself or through a module function.
func (x *explorer) locksNear(b *ir.Block, depth int) bool {
	for _, s := range b.Succs {
		for _, n := range s.Nodes {
			if c, ok := n.(*ir.Call); ok {
				if _, ok := x.r.Op(c); ok || x.fl.summaryOf(c) != nil {
					return true
				}
			}
		}
		if depth > 1 && x.locksNear(s, depth-1) {
			return true
		}
	}
	return false
}

// counters lists the variables condition e compares with a number
// (i < 3), whose constant values are followed.
func (x *explorer) counters(e ir.Expr, out []string) []string {
	switch e := e.(type) {
	case *ir.Unary:
		if e.Op == "!" {
			return x.counters(e.X, out)
		}
	case *ir.Binary:
		if e.Op == "&&" || e.Op == "||" {
			return x.counters(e.Y, x.counters(e.X, out))
		}
		if id, ok := e.X.(*ir.Ident); ok && relational(e.Op) {
			if _, ok := number(e.Y); ok {
				return append(out, id.Name)
			}
		}
	}
	return out
}

func relational(op string) bool {
	switch op {
	case "<", "<=", ">", ">=", "==", "!=":
		return true
	}
	return false
}

// number is the value of an integer literal.
func number(e ir.Expr) (int64, bool) {
	l, ok := e.(*ir.Lit)
	if !ok {
		return 0, false
	}
	return ir.IntLiteral(l.Text)
}

// flagAtoms lists the variables that are atoms of condition e.
func (x *explorer) flagAtoms(e ir.Expr, out []string) []string {
	switch e := e.(type) {
	case *ir.Ident:
		return append(out, e.Name)
	case *ir.Unary:
		if e.Op == "!" {
			return x.flagAtoms(e.X, out)
		}
	case *ir.Binary:
		if e.Op == "&&" || e.Op == "||" {
			return x.flagAtoms(e.Y, x.flagAtoms(e.X, out))
		}
		if (e.Op == "==" || e.Op == "!=") && isNull(e.Y) {
			return x.flagAtoms(e.X, out)
		}
	case *ir.Call:
		if hint(e) {
			return x.flagAtoms(e.Args[0], out)
		}
	}
	return out
}

// atoms lists the atomic conditions of e: what remains once !, &&, ||,
// comparisons with 0 and branch hints are taken apart.
func (x *explorer) atoms(e ir.Expr, out []string) []string {
	switch e := e.(type) {
	case *ir.Unary:
		if e.Op == "!" {
			return x.atoms(e.X, out)
		}
	case *ir.Binary:
		switch {
		case e.Op == "&&" || e.Op == "||":
			return x.atoms(e.Y, x.atoms(e.X, out))
		case (e.Op == "==" || e.Op == "!=") && isNull(e.Y):
			return x.atoms(e.X, out)
		case e.Op == "!=":
			return x.atoms(equality(e), out)
		}
	case *ir.Lit:
		return out
	case *ir.Call:
		if hint(e) {
			return x.atoms(e.Args[0], out)
		}
		if x.fl.conditional(e) {
			return out
		}
	}
	return append(out, e.String())
}

func isNull(e ir.Expr) bool {
	if isZero(e) {
		return true
	}
	id, ok := e.(*ir.Ident)
	return ok && (id.Name == "NULL" || id.Name == "false")
}

// eval returns the value of condition e on a path, when the path knows it.
func (x *explorer) eval(st *pstate, e ir.Expr) (value, known bool) {
	switch e := e.(type) {
	case *ir.Lit:
		if e.Text == "0" {
			return false, true
		}
		if len(e.Text) > 0 && e.Text[0] >= '1' && e.Text[0] <= '9' {
			return true, true
		}
		return false, false
	case *ir.Unary:
		if e.Op == "!" {
			v, k := x.eval(st, e.X)
			return !v, k
		}
	case *ir.Binary:
		switch {
		case e.Op == "&&" || e.Op == "||":
			if v, ok := st.fact(x.text(e)); ok {
				return v, true
			}
		}
		if id, ok := e.X.(*ir.Ident); ok && relational(e.Op) {
			if b, ok := number(e.Y); ok {
				c := st.val(id.Name)
				if c == ZeroValue {
					c = "text:0"
				}
				if a, ok := ir.IntLiteral(strings.TrimPrefix(c, "text:")); ok && strings.HasPrefix(c, "text:") {
					return compare(a, e.Op, b), true
				}
			}
		}
		switch {
		case e.Op == "&&":
			a, ka := x.eval(st, e.X)
			b, kb := x.eval(st, e.Y)
			if ka && !a || kb && !b {
				return false, true
			}
			return true, ka && kb
		case e.Op == "||":
			a, ka := x.eval(st, e.X)
			b, kb := x.eval(st, e.Y)
			if ka && a || kb && b {
				return true, true
			}
			return false, ka && kb
		case e.Op == "==" && isNull(e.Y):
			v, k := x.eval(st, e.X)
			return !v, k
		case e.Op == "!=" && isNull(e.Y):
			return x.eval(st, e.X)
		case e.Op == "!=":
			// a != b is !(a == b): one fact for both tests.
			v, k := x.eval(st, x.equalityOf(e))
			return !v, k
		}
	case *ir.Call:
		if hint(e) {
			return x.eval(st, e.Args[0])
		}
	case *ir.Ident:
		switch e.Name {
		case "NULL", "false":
			return false, true
		case "true":
			return true, true
		}
		switch c := st.val(e.Name); {
		case c == ZeroValue:
			return false, true
		case c == ErrorValue || c == NonZeroValue:
			return true, true
		case c == "text:true", strings.HasPrefix(c, "text:") && len(c) > 5 && c[5] >= '1' && c[5] <= '9':
			return true, true
		}
	}
	return st.fact(x.text(e))
}

func compare(a int64, op string, b int64) bool {
	switch op {
	case "<":
		return a < b
	case "<=":
		return a <= b
	case ">":
		return a > b
	case ">=":
		return a >= b
	case "==":
		return a == b
	}
	return a != b
}

// assume records on a path that condition e has value v.
func (x *explorer) assume(st *pstate, e ir.Expr, v bool) {
	if bin, ok := e.(*ir.Binary); ok && (bin.Op == "&&" || bin.Op == "||") {
		if k := x.text(e); x.tracked[k] {
			st.setFact(k, v)
		}
	}
	switch e := e.(type) {
	case *ir.Lit:
		return
	case *ir.Unary:
		if e.Op == "!" {
			x.assume(st, e.X, !v)
			return
		}
	case *ir.Binary:
		switch {
		case e.Op == "&&":
			if v {
				x.assume(st, e.X, true)
				x.assume(st, e.Y, true)
			}
			return
		case e.Op == "||":
			if !v {
				x.assume(st, e.X, false)
				x.assume(st, e.Y, false)
			}
			return
		case e.Op == "==" && isNull(e.Y):
			x.assume(st, e.X, !v)
			return
		case e.Op == "!=" && isNull(e.Y):
			x.assume(st, e.X, v)
			return
		case e.Op == "!=":
			x.assume(st, x.equalityOf(e), !v)
			return
		case e.Op == "&" && !v:
			// flags & (A | B) is 0: so are flags & A and flags & B.
			if y, ok := e.Y.(*ir.Binary); ok && y.Op == "|" {
				x.assume(st, x.bitOf(e, y, false), false)
				x.assume(st, x.bitOf(e, y, true), false)
			}
		}
	case *ir.Call:
		if hint(e) {
			x.assume(st, e.Args[0], v)
			return
		}
	}
	if b, ok := e.(*ir.Binary); ok && b.Op == "==" && v {
		// x == 2 says x is true too: if (x == 2) lock(l); ... if (x)
		// unlock(l);
		if n, ok := number(b.Y); ok && n != 0 {
			if k := x.text(b.X); x.tracked[k] {
				st.setFact(k, true)
			}
		}
	}
	if b, ok := e.(*ir.Binary); ok {
		if id, ok := b.X.(*ir.Ident); ok && isZero(b.Y) && x.retVars[id.Name] {
			switch {
			case b.Op == "<" && v, b.Op == ">=" && !v:
				st.setVal(id.Name, ErrorValue)
			case b.Op == ">" && v, b.Op == "<=" && !v:
				st.setVal(id.Name, NonZeroValue)
			}
		}
	}
	if k := x.text(e); x.tracked[k] {
		st.setFact(k, v)
	}
}
