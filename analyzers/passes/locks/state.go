package locks

import "github.com/kdlint/kdlint/kmodel"

// State is the locks held at a program point, innermost last: Must on
// every path that reaches it, May on at least one.
type State struct {
	Must, May []*Held
}

// Innermost returns the innermost lock of s that keep accepts, or nil.
func Innermost(s []*Held, keep func(*Held) bool) *Held {
	for i := len(s) - 1; i >= 0; i-- {
		if keep(s[i]) {
			return s[i]
		}
	}
	return nil
}

// Contains reports whether h is in s.
func Contains(s []*Held, h *Held) bool {
	for _, x := range s {
		if x == h {
			return true
		}
	}
	return false
}

// set is a list of held locks, innermost last. Sets are never changed in
// place: every operation that changes one returns a copy.
type set []*Held

// maxHeld bounds a set: a function that calls many functions returning
// with locks held (or one whose summaries keep growing around a cycle of
// the call graph) would otherwise collect thousands of them.
const maxHeld = 64

func (s set) with(h *Held) set {
	if Contains(s, h) || len(s) >= maxHeld {
		return s
	}
	out := make(set, len(s), len(s)+1)
	copy(out, s)
	return append(out, h)
}

func (s set) without(i int) set {
	out := make(set, 0, len(s)-1)
	out = append(out, s[:i]...)
	return append(out, s[i+1:]...)
}

// release finds the lock an unlock of class, path and key releases: the
// innermost lock of that class with the same access path, else with the
// same object key, else (an unlock through another name for the lock)
// the innermost of that class. The locks the function took come first;
// only when it holds none of that class does the unlock release a lock
// its caller holds (an entry lock). It returns -1 when none is held.
func (s set) release(class kmodel.LockClass, path, key string) int {
	// By name first, whoever took the lock: an unlock of the caller's
	// lock by its name is not one of another lock the function took.
	for by := 0; by < 3; by++ {
		for _, entry := range [2]bool{false, true} {
			if i := s.search(by, entry, class, path, key); i >= 0 {
				return i
			}
		}
	}
	return -1
}

// search looks for the lock an unlock releases by path (by 0), object
// key (1) or class (2), among the locks the function took or, with
// entry, those its caller holds.
func (s set) search(by int, entry bool, class kmodel.LockClass, path, key string) int {
	// A lock known only from an annotation matches any class.
	same := func(h *Held) bool {
		return h.entry == entry && (h.Class == class || h.Class == kmodel.UnknownLock || class == kmodel.UnknownLock)
	}
	for i := len(s) - 1; i >= 0; i-- {
		switch {
		case by == 0 && path != "" && same(s[i]) && s[i].canon == path,
			by == 1 && same(s[i]) && s[i].key == key,
			by == 2 && s[i].entry == entry && s[i].Class == class:
			return i
		}
	}
	return -1
}

// innermostGuard is the index of the innermost guard, or -1.
func (s set) innermostGuard() int {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i].Guard {
			return i
		}
	}
	return -1
}

// meet keeps the locks of a that are also in b.
func meet(a, b set) set {
	var out set
	for _, h := range a {
		if Contains(b, h) {
			out = append(out, h)
		}
	}
	return out
}

// join is a followed by the locks of b that are not in a.
func join(a, b set) set {
	out := a
	for _, h := range b {
		if !Contains(a, h) && len(out) < maxHeld {
			if len(out) == len(a) {
				out = append(set(nil), a...)
			}
			out = append(out, h)
		}
	}
	return out
}

// state is State inside the analysis.
type state struct{ must, may set }

func (st state) with(h *Held) state { return state{st.must.with(h), st.may.with(h)} }

// releasing drops the lock an unlock of class, path and key releases:
// from Must the one it matches there; from May every lock of that path
// (whichever call took it) or, when none has it, the one it matches.
func (st state) releasing(class kmodel.LockClass, path, key string) state {
	if i := st.must.release(class, path, key); i >= 0 {
		st.must = st.must.without(i)
	}
	st.may = st.may.releaseAll(class, path, key)
	return st
}

func (s set) releaseAll(class kmodel.LockClass, path, key string) set {
	i := s.release(class, path, key)
	if i < 0 {
		return s
	}
	if path == "" || s[i].canon != path {
		return s.without(i)
	}
	var out set
	for _, h := range s {
		if h.entry != s[i].entry || h.canon != path || h.Class != class && h.Class != kmodel.UnknownLock && class != kmodel.UnknownLock {
			out = append(out, h)
		}
	}
	return out
}

// maybeReleasing drops a lock released on some paths only: from Must.
func (st state) maybeReleasing(class kmodel.LockClass, path, key string) state {
	if i := st.must.release(class, path, key); i >= 0 {
		st.must = st.must.without(i)
	}
	return st
}

func (st state) endGuard() state {
	if i := st.must.innermostGuard(); i >= 0 {
		st.must = st.must.without(i)
	}
	if i := st.may.innermostGuard(); i >= 0 {
		st.may = st.may.without(i)
	}
	return st
}

// public is the State callers see: without the locks the analysis
// assumes a caller may hold, unless an annotation says it does.
func (st state) public() State {
	return State{Must: visible(st.must), May: visible(st.may)}
}

func visible(s set) []*Held {
	for i, h := range s {
		if h.entry && h.Annotation == nil {
			out := append([]*Held(nil), s[:i]...)
			for _, h := range s[i+1:] {
				if !h.entry || h.Annotation != nil {
					out = append(out, h)
				}
			}
			return out
		}
	}
	return s
}
