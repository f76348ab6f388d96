package locks

import (
	"github.com/kdlint/kdlint/ir"
	"github.com/kdlint/kdlint/kmodel"
)

// Effect is what a call does to the locks held.
type Effect uint8

const (
	NoEffect Effect = iota
	// Acquire takes a lock: a lock operation or a guard. A trylock takes
	// it only on the branch where it succeeded.
	Acquire
	// Release releases a lock.
	Release
	// EndGuard releases the lock of the innermost guard whose scope ends.
	EndGuard
)

// Op is the lock operation of one call, as the kernel model describes it.
type Op struct {
	Effect  Effect
	Class   kmodel.LockClass
	Variant kmodel.LockVariant
	// Try marks a conditional acquire: a trylock, or a _try guard.
	Try bool
	// Lock is the lock argument (a pointer to the lock, as lock calls take
	// it); nil when the operation has none (local_irq_disable).
	Lock ir.Expr
	// Flags is the flags argument of the irqsave and irqrestore forms.
	Flags ir.Expr
	// Model is the kernel model's row; nil for guards.
	Model *kmodel.LockOp
	// Guard is set for guard() and scoped_guard(); Type is then its lock
	// type (nil when the model does not know it: srcu, a driver's own).
	Guard bool
	Type  *kmodel.Guard
}

// Op returns the lock operation call c performs; ok is false when it
// performs none.
func (r *Result) Op(c *ir.Call) (op Op, ok bool) {
	if r.halves[c] {
		return Op{}, false
	}
	return r.opOf(c)
}

// opOf is Op for a call that is not the first half of a guard.
func (r *Result) opOf(c *ir.Call) (op Op, ok bool) {
	switch c.Name {
	case ir.GuardCall:
		return r.guardOp(c), true
	case ir.GuardEnd:
		return Op{Effect: EndGuard}, true
	}
	m := r.km.LockOpFor(c.Name)
	if m == nil {
		return Op{}, false
	}
	op = Op{Effect: Release, Class: m.Class, Variant: m.Variant, Try: m.Try, Model: m}
	if m.Acquire {
		op.Effect = Acquire
	}
	op.Lock = arg(c, m.Arg)
	if op.Lock != nil && m.Member != "" {
		// xa_lock(&p->xa) takes &p->xa.xa_lock, xa_lock(xa) &xa->xa_lock.
		mem := &ir.Member{X: op.Lock, Name: m.Member, Arrow: true, P: op.Lock.Pos()}
		if u, ok := op.Lock.(*ir.Unary); ok && u.Op == "&" {
			mem = &ir.Member{X: u.X, Name: m.Member, P: op.Lock.Pos()}
		}
		op.Lock = &ir.Unary{Op: "&", X: mem, P: op.Lock.Pos()}
	}
	op.Flags = arg(c, m.Flags)
	return op, true
}

// guardOp describes guard(type)(lock) and scoped_guard(type, lock): Args[0]
// is the type, Args[1] the lock. A guard of a type the model does not
// know still has a scope, which its guard.end closes.
func (r *Result) guardOp(c *ir.Call) Op {
	op := Op{Effect: Acquire, Class: kmodel.UnknownLock, Guard: true, Lock: arg(c, 1)}
	if len(c.Args) == 0 {
		return op
	}
	if g := r.km.GuardFor(c.Args[0].String()); g != nil {
		op.Type, op.Class, op.Variant, op.Try = g, g.Class, g.Variant, g.Try
	}
	return op
}

// conditional reports whether op takes its lock only where it succeeded:
// a trylock (not a scoped guard, whose scope is its success branch) or an
// acquisition that may fail (mutex_lock_interruptible).
func (op Op) conditional() bool {
	return op.Effect == Acquire && !op.Guard && (op.Try || op.Model != nil && op.Model.Fails)
}

func arg(c *ir.Call, i int) ir.Expr {
	if i >= 0 && i < len(c.Args) {
		return c.Args[i]
	}
	return nil
}

// guardHalves finds the first halves of guard(type)(lock) statements in
// f: the front end lowers the statement to the call guard(type), then
// the guard with its type and lock at the same position; only the second
// takes the lock.
func guardHalves(f *ir.Func, out map[*ir.Call]bool) {
	for _, b := range f.Blocks {
		var last *ir.Call
		for _, n := range b.Nodes {
			c, ok := n.(*ir.Call)
			if !ok || c.Name != ir.GuardCall {
				continue
			}
			if last != nil && last.P == c.P {
				out[last] = true
			}
			last = c
		}
	}
}

// usesLocks reports whether f makes a lock call or opens a guard itself,
// worked out once per function (the views, the summaries, the takes and
// the path view all ask).
func (r *Result) usesLocks(f *ir.Func) bool {
	if v, ok := r.uses[f]; ok && !uncached {
		return v
	}
	v := usesLocks(r.km, f)
	if r.uses == nil {
		r.uses = map[*ir.Func]bool{}
	}
	r.uses[f] = v
	return v
}

func usesLocks(km *kmodel.Model, f *ir.Func) bool {
	for _, b := range f.Blocks {
		for _, n := range b.Nodes {
			if c, ok := n.(*ir.Call); ok && (c.Name == ir.GuardCall || km.LockOpFor(c.Name) != nil) {
				return true
			}
		}
	}
	return false
}
