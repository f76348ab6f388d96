package locks

import (
	"fmt"
	"strings"

	"github.com/kdlint/kdlint/ir"
	"github.com/kdlint/kdlint/kmodel"
)

// Summary is what calling a function does to its caller's locks, from its
// body (with the summaries of the module functions it calls) and its lock
// annotations (__acquires, __releases, __must_hold).
type Summary struct {
	// Acquires are the locks it returns holding on every path, which it
	// took (a lock wrapper); MayAcquire those it returns holding on some
	// paths only.
	Acquires, MayAcquire []*Held
	// TryAcquires are the locks it holds when it returns a trylock's
	// success (return spin_trylock(&p->lock)): its callers hold them
	// where the result says so, as after a trylock.
	TryAcquires []*Held
	// Releases are locks of its caller it releases on every path (an
	// unlock wrapper); MayRelease those it releases on some paths.
	Releases, MayRelease []Ref
	// Drops are locks of its caller it releases and takes again before
	// it returns (around a sleep): held after the call, not throughout.
	Drops []Ref
	// Holds are the locks its callers must hold (__must_hold).
	Holds []Ref
}

// Ref names a lock of a function's caller, in the function's terms.
type Ref struct {
	Lock    ir.Expr // as the function names it; nil for local_irq_enable and the like
	Class   kmodel.LockClass
	Variant kmodel.LockVariant
	// At is the call that releases it: an unlock, or a call to a function
	// that does; nil when it comes from an annotation.
	At         *ir.Call
	Annotation *ir.Annotation
}

// path is the access path of the Ref's lock, given as lock in some
// function's terms.
func (r Ref) path(lock ir.Expr) string {
	if r.Annotation != nil {
		return annotationPath(lock)
	}
	return pointerPath(lock)
}

func (s *Summary) empty() bool {
	return len(s.Acquires)+len(s.MayAcquire)+len(s.TryAcquires)+len(s.Releases)+len(s.MayRelease)+len(s.Drops)+len(s.Holds) == 0
}

// signature is a text that changes when the summary does, for the
// fixpoint over recursive functions.
func (s *Summary) signature() string {
	if s == nil {
		return ""
	}
	var b strings.Builder
	for i, hs := range [][]*Held{s.Acquires, s.MayAcquire, s.TryAcquires} {
		for _, h := range hs {
			fmt.Fprintf(&b, "%d:%d/%d/%s;", i, h.Class, h.Variant, h.path)
		}
	}
	for i, rs := range [][]Ref{s.Releases, s.MayRelease, s.Drops, s.Holds} {
		for _, r := range rs {
			fmt.Fprintf(&b, "r%d:%d/%d/%s;", i, r.Class, r.Variant, r.path(r.Lock))
		}
	}
	return b.String()
}

// maxEntries bounds the entry locks of one function: the releases of
// its callees, in its terms, would otherwise pile up along call chains
// (each caller naming its callees' locks through other expressions).
const maxEntries = 32

// entries returns the locks the analysis of f assumes its caller may
// hold, outermost first: those its annotations name, then one for each
// lock f releases without taking it (by class and path), found in its
// own unlock calls and the releases of the functions it calls.
func (fl *flow) entries() set {
	var out set
	has := func(class kmodel.LockClass, path string) bool {
		for _, h := range out {
			if h.canon == path && (h.Class == class || h.Class == kmodel.UnknownLock) {
				return true
			}
		}
		return false
	}
	for i := range fl.f.Annotations {
		a := &fl.f.Annotations[i]
		if a.Kind == ir.Acquires {
			continue
		}
		h := fl.annotated(a)
		h.entry = true
		out = append(out, h)
	}
	add := func(op Op, annot bool, private string) {
		if len(out) >= maxEntries {
			return
		}
		canon, key := fl.canonPath(op.Lock, annot)
		path := pointerPath(op.Lock)
		if annot {
			path = annotationPath(op.Lock)
		}
		if private != "" {
			path, canon, key = private, private, private
		}
		if !has(op.Class, canon) {
			h := &Held{Op: op, path: path, canon: canon, key: key, entry: true}
			out = append(out, h)
		}
	}
	for _, b := range fl.f.Blocks {
		for _, n := range b.Nodes {
			c, ok := n.(*ir.Call)
			if !ok {
				continue
			}
			if op, ok := fl.op(c); ok {
				if op.Effect == Release {
					add(Op{Class: op.Class, Variant: op.Variant, Lock: op.Lock}, false, "")
				}
				continue
			}
			s := fl.summaryOf(c)
			if s == nil {
				continue
			}
			g := fl.callee(c)
			for _, rs := range [][]Ref{s.Releases, s.MayRelease, s.Drops} {
				for _, r := range rs {
					lock, private, _ := fl.r.inCaller(g, c, r.Lock)
					add(Op{Class: r.Class, Variant: r.Variant, Lock: lock}, r.Annotation != nil, private)
				}
			}
		}
	}
	return out
}

// annotated is the Held an annotation of f names, of the class of f's
// own lock calls on that lock when it has any.
func (fl *flow) annotated(a *ir.Annotation) *Held {
	path := annotationPath(a.Lock)
	op := Op{Effect: Acquire, Class: kmodel.UnknownLock, Lock: a.Lock}
	for _, b := range fl.f.Blocks {
		for _, n := range b.Nodes {
			if c, ok := n.(*ir.Call); ok {
				if o, ok := fl.op(c); ok && !o.Guard && o.Effect != EndGuard && pointerPath(o.Lock) == path {
					op.Class, op.Variant = o.Class, o.Variant
				}
			}
		}
	}
	canon, key := fl.canonPath(a.Lock, true)
	return &Held{Op: op, Annotation: a, path: path, canon: canon, key: key}
}

// summarize builds f's summary from the facts of its analysis from the
// entry locks initial.
func (fl *flow) summarize(initial set, fs *facts) *Summary {
	s := &Summary{}
	if fs != nil && fs.reached {
		fl.fromBody(s, initial, fs)
	}
	fl.fromAnnotations(s)
	if s.empty() {
		return nil
	}
	return s
}

func (fl *flow) fromBody(s *Summary, initial set, fs *facts) {
	own := func(h *Held) bool { return !h.entry && !h.Guard }
	retaken := map[*Held]bool{}
	for _, e := range initial {
		ref := Ref{Lock: e.Lock, Class: e.Class, Variant: e.Variant, At: fl.releasedAt[e], Annotation: e.Annotation}
		switch {
		case !Contains(fs.exit.may, e):
			if h := Innermost(fs.exit.must, func(h *Held) bool {
				return own(h) && !retaken[h] && h.Class == e.Class && h.path == e.path
			}); h != nil && e.path != "" {
				retaken[h] = true
				s.Drops = append(s.Drops, ref)
			} else {
				s.Releases = append(s.Releases, ref)
			}
		case !Contains(fs.exit.must, e):
			s.MayRelease = append(s.MayRelease, ref)
		case fl.dropped[e]:
			s.Drops = append(s.Drops, ref)
		}
	}
	// One entry per lock: a recursive wrapper reaches its exit holding
	// the lock it took and the lock its recursive call returns holding.
	listed := func(h *Held) bool {
		same := func(x *Held) bool { return x.Class == h.Class && x.path == h.path }
		return Innermost(s.Acquires, same) != nil || Innermost(s.MayAcquire, same) != nil
	}
	for _, h := range fs.exit.must {
		if own(h) && !retaken[h] && !listed(h) && len(s.Acquires) < maxEntries {
			s.Acquires = append(s.Acquires, h)
		}
	}
	for _, h := range fs.exit.may {
		if own(h) && !retaken[h] && !listed(h) && len(s.MayAcquire) < maxEntries {
			s.MayAcquire = append(s.MayAcquire, h)
		}
	}
	for _, b := range fl.f.Blocks {
		for _, n := range b.Nodes {
			r, ok := n.(*ir.Return)
			if !ok {
				continue
			}
			c, _ := r.Value.(*ir.Call)
			if id, ok := r.Value.(*ir.Ident); ok {
				c = fl.tries[id.Name]
			}
			if c != nil && fl.conditional(c) {
				for _, h := range fl.onSuccess(c) {
					if !Contains(s.TryAcquires, h) {
						s.TryAcquires = append(s.TryAcquires, h)
					}
				}
			}
		}
	}
}

// fromAnnotations adds what f's annotations say and its body did not.
func (fl *flow) fromAnnotations(s *Summary) {
	for i := range fl.f.Annotations {
		a := &fl.f.Annotations[i]
		path := annotationPath(a.Lock)
		switch a.Kind {
		case ir.Acquires:
			// A lock it drops and takes again (__releases(l) __acquires(l))
			// is its caller's, held after the call as before.
			if !holds(s.Acquires, path) && !holds(s.MayAcquire, path) && !holds(s.TryAcquires, path) && !names(s.Drops, path) {
				s.Acquires = append(s.Acquires, fl.annotated(a))
			}
		case ir.Releases:
			if !names(s.Releases, path) && !names(s.MayRelease, path) && !names(s.Drops, path) {
				h := fl.annotated(a)
				s.Releases = append(s.Releases, Ref{Lock: a.Lock, Class: h.Class, Variant: h.Variant, Annotation: a})
			}
		case ir.MustHold:
			h := fl.annotated(a)
			s.Holds = append(s.Holds, Ref{Lock: a.Lock, Class: h.Class, Variant: h.Variant, Annotation: a})
		}
	}
}

func holds(hs []*Held, path string) bool {
	for _, h := range hs {
		if h.path == path {
			return true
		}
	}
	return false
}

func names(rs []Ref, path string) bool {
	for _, r := range rs {
		if r.path(r.Lock) == path {
			return true
		}
	}
	return false
}
