package locks

import (
	"github.com/kdlint/kdlint/ir"
	"github.com/kdlint/kdlint/kmodel"
)

// The path view tests and names the same few expressions on every path
// through a block: each branch condition, its atoms and the conditions
// of the locks held are turned into text (ir's String builds a new
// string every time) to look up and record the facts of the path, and
// the conditions of what a called function takes are written in the
// caller's terms at every visit of the call. None of that depends on the
// path, so each explorer works each out once: the text of an expression
// by its identity, and the expressions it derives (a != b tested as
// a == b, flags & (A | B) split into its bits, a callee's condition with
// the call's arguments) once per expression they derive from, so that
// their text is found by identity too. The IR is not changed after it is
// built, so an expression's text never changes.

// uncached turns the memos of this file, the sharing of path states
// between successors and the takes' memo of a block's conditions off,
// for the test that the path view finds the same with and without them.
var uncached bool

type substKey struct {
	c *ir.Call
	e ir.Expr
}

type bitKey struct {
	e     *ir.Binary
	right bool
}

type takeKey struct {
	t *Take
	c *ir.Call
}

// ownRelease is what the path view names of the lock an unlock call
// releases (release).
type ownRelease struct {
	e        ir.Expr
	id, key  string
	unstable bool
	// flags is the canonical text of its flags argument ("" without).
	flags string
}

type exprMemo struct {
	texts    map[ir.Expr]string
	eqs      map[*ir.Binary]*ir.Binary
	bits     map[bitKey]*ir.Binary
	substs   map[substKey]ir.Expr
	excluded map[substKey]string
	contra   map[takeKey]bool
	setBits  map[*ir.Assign]string
	empties  map[*ir.Call]*ir.Call
	releases map[*ir.Call]ownRelease
	locks    map[*ir.Call]string
}

// text is e.String(), worked out once per expression.
func (x *explorer) text(e ir.Expr) string {
	if uncached {
		return e.String()
	}
	if s, ok := x.memo.texts[e]; ok {
		return s
	}
	s := e.String()
	if x.memo.texts == nil {
		x.memo.texts = map[ir.Expr]string{}
	}
	x.memo.texts[e] = s
	return s
}

// equalityOf is equality(e), the same expression for the same e.
func (x *explorer) equalityOf(e *ir.Binary) *ir.Binary {
	if uncached {
		return equality(e)
	}
	if q, ok := x.memo.eqs[e]; ok {
		return q
	}
	q := equality(e)
	if x.memo.eqs == nil {
		x.memo.eqs = map[*ir.Binary]*ir.Binary{}
	}
	x.memo.eqs[e] = q
	return q
}

// bitOf is the test e.X & y.X (right: e.X & y.Y) of a test e of
// flags & (A | B), where y is A | B: the same expression for the same e.
func (x *explorer) bitOf(e, y *ir.Binary, right bool) *ir.Binary {
	k := bitKey{e, right}
	if b, ok := x.memo.bits[k]; ok && !uncached {
		return b
	}
	b := &ir.Binary{Op: "&", X: e.X, Y: y.X, P: e.P}
	if right {
		b.Y = y.Y
	}
	if x.memo.bits == nil {
		x.memo.bits = map[bitKey]*ir.Binary{}
	}
	x.memo.bits[k] = b
	return b
}

// substituted is substitute(e, g.Params, c.Args) for an expression e of
// module function g, which call c calls.
func (x *explorer) substituted(c *ir.Call, g *ir.Func, e ir.Expr) ir.Expr {
	k := substKey{c, e}
	if s, ok := x.memo.substs[k]; ok && !uncached {
		return s
	}
	s := substitute(e, g.Params, c.Args)
	if x.memo.substs == nil {
		x.memo.substs = map[substKey]ir.Expr{}
	}
	x.memo.substs[k] = s
	return s
}

// excludedText is the canonical text, in this function's terms, of
// condition e of module function g as call c passes it its arguments.
func (x *explorer) excludedText(c *ir.Call, g *ir.Func, e ir.Expr) string {
	k := substKey{c, e}
	if s, ok := x.memo.excluded[k]; ok && !uncached {
		return s
	}
	ce, _ := x.v.canon(x.substituted(c, g, e))
	s := ce.String()
	if x.memo.excluded == nil {
		x.memo.excluded = map[substKey]string{}
	}
	x.memo.excluded[k] = s
	return s
}

// contradictedAt is contradicted(t, g, c), once per take and call.
func (x *explorer) contradictedAt(t *Take, g *ir.Func, c *ir.Call) bool {
	k := takeKey{t, c}
	if v, ok := x.memo.contra[k]; ok && !uncached {
		return v
	}
	v := contradicted(t, g, c)
	if x.memo.contra == nil {
		x.memo.contra = map[takeKey]bool{}
	}
	x.memo.contra[k] = v
	return v
}

// setBitText is the text of the test lhs & bit that compound
// assignment a decides (setBits).
func (x *explorer) setBitText(a *ir.Assign, bit ir.Expr) string {
	if s, ok := x.memo.setBits[a]; ok && !uncached {
		return s
	}
	s := (&ir.Binary{Op: "&", X: a.LHS, Y: bit}).String()
	if x.memo.setBits == nil {
		x.memo.setBits = map[*ir.Assign]string{}
	}
	x.memo.setBits[a] = s
	return s
}

// emptyTest is the test that the list iterator macro call c walks is
// empty, as the source writes it (iteratorExit).
func (x *explorer) emptyTest(c *ir.Call, head ir.Expr) *ir.Call {
	if e, ok := x.memo.empties[c]; ok && !uncached {
		return e
	}
	e := &ir.Call{Name: kmodel.ListEmptyTest, Fun: &ir.Ident{Name: kmodel.ListEmptyTest}, Args: []ir.Expr{head}}
	if x.memo.empties == nil {
		x.memo.empties = map[*ir.Call]*ir.Call{}
	}
	x.memo.empties[c] = e
	return e
}

// ownReleaseOf names the lock that unlock call c, of operation op,
// releases.
func (x *explorer) ownReleaseOf(c *ir.Call, op Op) ownRelease {
	if m, ok := x.memo.releases[c]; ok && !uncached {
		return m
	}
	var m ownRelease
	if op.Lock != nil {
		e, deps := x.v.canon(op.Lock)
		m.e, m.id, m.key = e, pointerPath(e), ir.ObjectKey(e)
		m.unstable = !x.v.stable(e, deps)
	}
	if op.Flags != nil {
		fe, _ := x.v.canon(op.Flags)
		m.flags = fe.String()
	}
	if x.memo.releases == nil {
		x.memo.releases = map[*ir.Call]ownRelease{}
	}
	x.memo.releases[c] = m
	return m
}

// lockText is the text of the lock argument of lock operation op, which
// call c performs (an operation on a member of its argument, xa_lock,
// builds its lock expression anew every time).
func (x *explorer) lockText(c *ir.Call, op Op) string {
	if s, ok := x.memo.locks[c]; ok && !uncached {
		return s
	}
	s := op.Lock.String()
	if x.memo.locks == nil {
		x.memo.locks = map[*ir.Call]string{}
	}
	x.memo.locks[c] = s
	return s
}
