package locks

import (
	"github.com/kdlint/kdlint/ir"
	"github.com/kdlint/kdlint/kmodel"
)

// Paths returns the path view of f (paths.go): nil when f has no body or
// nothing in it touches a lock.
func (r *Result) Paths(f *ir.Func) *FuncPaths {
	r.pathsOnce.Do(r.computePaths)
	return r.paths[f]
}

// CallerReleased reports whether some caller releases the lock that
// acquisition at takes, after the function holding at returned holding
// it: the function returns with the lock held on purpose.
func (r *Result) CallerReleased(at *ir.Call) bool {
	r.pathsOnce.Do(r.computePaths)
	return r.callerReleased[at]
}

// Takes returns what f takes while it runs (takes.go), and where it
// enables interrupts (nil when it does not). It knows them for the
// functions the path view asks about (takesAsked): a function that no
// function making lock calls reaches by direct calls has none here.
func (r *Result) Takes(f *ir.Func) ([]*Take, *Take) {
	r.pathsOnce.Do(r.computePaths)
	return r.takes[f], r.enables[f]
}

func (r *Result) computePaths() {
	r.deepOnce.Do(r.computeDeep)
	r.computeTakes()
	r.paths = map[*ir.Func]*FuncPaths{}
	r.callerReleased = map[*ir.Call]bool{}
	for _, f := range r.module.Funcs {
		// Only functions that make lock calls themselves: the front end
		// parses every one of them (kmodel.Needs.Locks), while a
		// function that only calls lock wrappers may be left unparsed.
		if len(f.Blocks) == 0 || !r.usesLocks(f) {
			continue
		}
		r.paths[f] = r.explore(f, r.varsOf(f), r.callerReleased)
	}
}

func (r *Result) callsTakes(f *ir.Func) bool {
	for _, s := range r.graph.Callees[f] {
		if len(r.takes[s.Callee]) > 0 || r.enables[s.Callee] != nil {
			return true
		}
	}
	return false
}

// funcText is the source of f's definition, nil when it is not at hand.
func funcText(file *ir.File, f *ir.Func) []byte {
	if file == nil || file.Src == nil || file.Tok == nil {
		return nil
	}
	base, size := file.Tok.Base(), file.Tok.Size()
	if int(f.Pos) < base || int(f.End) > base+size || f.End < f.Pos || len(file.Src) < size {
		return nil
	}
	return file.Src[int(f.Pos)-base : int(f.End)-base]
}

// Noun names the kind of lock an operation takes, for messages:
// "spinlock", "raw spinlock", "rwlock", "mutex", "semaphore",
// "rw_semaphore", or the section it opens ("RCU read-side section").
func Noun(op Op) string {
	switch op.Class {
	case kmodel.Spin:
		switch {
		case op.Variant&(kmodel.Read|kmodel.Write) != 0:
			return "rwlock"
		case op.Variant&kmodel.Raw != 0:
			return "raw spinlock"
		}
		return "spinlock"
	case kmodel.Mutex:
		return "mutex"
	case kmodel.Semaphore:
		if op.Variant&(kmodel.Read|kmodel.Write) != 0 {
			return "rw_semaphore"
		}
		return "semaphore"
	case kmodel.IRQOff:
		return "interrupts-disabled section"
	case kmodel.BHOff:
		return "bottom-halves-disabled section"
	case kmodel.PreemptOff:
		return "preemption-disabled section"
	case kmodel.RCURead:
		return "RCU read-side section"
	}
	return "lock"
}

// Name is how messages name the lock of a lock argument: the object, so
// dev->lock for &dev->lock; "" for nil.
func Name(e ir.Expr) string {
	if e == nil {
		return ""
	}
	if u, ok := e.(*ir.Unary); ok && u.Op == "&" {
		return u.X.String()
	}
	if u, ok := e.(*ir.Unary); ok && u.Op == "*" {
		return u.X.String()
	}
	return "*" + e.String()
}

// Describe names a lock for messages: "mutex dev->cfg_lock", or the
// section ("RCU read-side section") for the operations without a lock.
func Describe(op Op) string {
	if op.Lock == nil {
		return Noun(op)
	}
	return Noun(op) + " " + Name(op.Lock)
}

// ID is the canonical access path of lock argument e in the function of
// p, as PathLock.ID.
func (p *FuncPaths) ID(e ir.Expr) string {
	c, _ := p.Vars.canon(e)
	return pointerPath(c)
}

// Key is the canonical object key of lock argument e, as PathLock.Key.
func (p *FuncPaths) Key(e ir.Expr) string {
	c, _ := p.Vars.canon(e)
	return ir.ObjectKey(c)
}

// varsOf returns what the path view knows of f's variables.
func (r *Result) varsOf(f *ir.Func) *vars {
	if v := r.varsFor(f); v != nil {
		return v
	}
	// Not made by run: the function has no body, or touches no lock
	// and calls nothing.
	return newVars(f, funcText(r.src[f.File], f), func(c *ir.Call) bool { _, ok := r.opOf(c); return ok })
}

// Loopy reports whether lock argument e names its lock through a
// variable assigned in a loop of the function of p: which object it is
// depends on the iteration.
func (p *FuncPaths) Loopy(e ir.Expr) bool {
	_, deps := p.Vars.canon(e)
	for _, d := range deps {
		if p.Vars.inLoop()[d] || p.Vars.volatile[d] {
			return true
		}
	}
	return false
}

// Local reports whether lock argument e names its lock through a local
// variable of the function of p (after its aliases are resolved): the
// same unlock reached again around a loop may then be another object's.
func (p *FuncPaths) Local(e ir.Expr) bool {
	c, _ := p.Vars.canon(e)
	return !p.Vars.outside(c)
}
