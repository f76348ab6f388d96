package locks

import (
	"strings"

	"github.com/kdlint/kdlint/ir"
)

// Held is a lock held at a program point. There is one Held for each
// call that takes a lock (and each lock a called function returns
// holding), so the same Held on two paths is the same acquisition.
type Held struct {
	// Op is the operation that took it: its class, variant, lock and
	// flags arguments. For a lock taken by a called function, Lock and
	// Flags are in the caller's terms where the callee's parameters could
	// be replaced by the call's arguments.
	Op
	// Acquire is the call that took it: a lock operation, a guard, or a
	// call to a module function that returns holding it (Via is then the
	// lock as that function holds it). Nil for a lock that an annotation
	// of the function says its caller holds.
	Acquire *ir.Call
	Via     *Held
	// Annotation is the __must_hold, __releases or __acquires annotation
	// a lock comes from, when no lock call of the body says more.
	Annotation *ir.Annotation

	path, key string
	// canon is the path with the function's aliases resolved (canon.go),
	// which unlocks are matched by.
	canon string
	// entry marks a lock the function's caller holds when it calls it
	// (from an annotation, or one the body releases without taking it).
	entry bool
}

func (fl *flow) newHeld(op Op, acquire *ir.Call) *Held {
	h := &Held{Op: op, Acquire: acquire}
	h.path = pointerPath(op.Lock)
	h.canon, h.key = fl.canonPath(op.Lock, false)
	return h
}

// canonPath returns the canonical path and object key of lock argument
// e in the flow's function: written as lock calls take it (a pointer),
// or as an annotation names it (annot).
func (fl *flow) canonPath(e ir.Expr, annot bool) (string, string) {
	if e != nil && fl.v != nil {
		e, _ = fl.v.canon(e)
	}
	if annot {
		return annotationPath(e), ir.ObjectKey(e)
	}
	return pointerPath(e), ir.ObjectKey(e)
}

// Path names the lock by its whole access path, so that p->lock and
// q->lock differ and &p->lock and p->lock are the same: "p.lock" for
// &p->lock, "*(locks + i)" for a pointer expression. It is "" for
// operations without a lock argument.
func (h *Held) Path() string { return h.path }

// Key is the lock's object key (ir.ObjectKey): its last member or
// variable name, so that priv->lock and p->lock match; the matching
// today's rules use.
func (h *Held) Key() string { return h.key }

// Origin is the lock operation or guard that took the lock, following
// called functions that return holding it; nil for an annotation.
func (h *Held) Origin() *Held {
	for h.Via != nil {
		h = h.Via
	}
	if h.Acquire == nil {
		return nil
	}
	return h
}

// Describe names the lock for messages: "spin_lock(&priv->lock)",
// "guard(spinlock_irqsave)", "foo_lock(priv)" for a lock wrapper.
func (h *Held) Describe() string {
	switch {
	case h.Acquire == nil && h.Lock != nil:
		return h.Lock.String()
	case h.Acquire == nil:
		return "lock"
	case h.Guard && len(h.Acquire.Args) > 0:
		return "guard(" + h.Acquire.Args[0].String() + ")"
	}
	return h.Acquire.String()
}

// LockPath is Path for an expression that designates the lock itself
// rather than a pointer to it (wait_event_lock_irq(wq, cond, p->lock)):
// "p.lock" for p->lock and for *(&p->lock), "" for nil.
func LockPath(e ir.Expr) string {
	if u, ok := e.(*ir.Unary); ok && u.Op == "*" {
		return pointerPath(u.X)
	}
	if e == nil {
		return ""
	}
	var buf [96]byte
	return dotted(ir.AppendString(buf[:0], e), "", "")
}

// pointerPath is LockPath for a pointer to the lock, as lock calls take
// it: &p->lock names p.lock, hash_locks + i names *(hash_locks + i).
func pointerPath(e ir.Expr) string {
	if u, ok := e.(*ir.Unary); ok && u.Op == "&" {
		return LockPath(u.X)
	}
	if e == nil {
		return ""
	}
	var buf [96]byte
	return dotted(ir.AppendString(buf[:0], e), "*(", ")")
}

// dotted returns pre, then s with each "->" made "." (left to right, as
// strings.ReplaceAll), then post: one string made.
func dotted(s []byte, pre, post string) string {
	var b strings.Builder
	b.Grow(len(pre) + len(s) + len(post))
	b.WriteString(pre)
	for i := 0; i < len(s); i++ {
		if s[i] == '-' && i+1 < len(s) && s[i+1] == '>' {
			b.WriteByte('.')
			i++
			continue
		}
		b.WriteByte(s[i])
	}
	b.WriteString(post)
	return b.String()
}

// annotationPath is the path of an annotation's argument, which the
// kernel writes either way: __acquires(&p->lock) or __acquires(p->lock).
func annotationPath(e ir.Expr) string {
	if u, ok := e.(*ir.Unary); ok && u.Op == "&" {
		return pointerPath(e)
	}
	return LockPath(e)
}
