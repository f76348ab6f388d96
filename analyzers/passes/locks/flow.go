package locks

import (
	"github.com/kdlint/kdlint/ir"
	"github.com/kdlint/kdlint/kmodel"
)

// flow runs the lock analysis over one function: a forward dataflow
// whose state is the locks held, Must met by intersection and May by
// union at joins, one Held per acquiring call.
type flow struct {
	f *ir.Func
	r *Result
	// callee returns the module function a call of f calls, for the
	// summaries of the deep view; nil in the local view.
	callee    func(*ir.Call) *ir.Func
	summaries map[*ir.Func]*Summary
	tries     map[string]*ir.Call
	held      map[heldKey]*Held
	// releasedAt records the first call that released each entry lock,
	// and dropped the entry locks a called function drops and retakes.
	releasedAt map[*Held]*ir.Call
	dropped    map[*Held]bool
	// v resolves the function's aliases, for matching unlocks to locks.
	v *vars
	// paths holds the canonical path and key of the lock each release
	// a called function's summary makes names, and unlocks those of the
	// unlock calls themselves (keyed by the call alone, which hashes
	// faster than refKey): the dataflow applies a block's calls at every
	// visit of it.
	paths   map[refKey][2]string
	unlocks map[*ir.Call][2]string
}

// refKey names a release a called function's summary makes: the call,
// the lock of the summary's Ref and whether an annotation names it.
type refKey struct {
	c     *ir.Call
	lock  ir.Expr
	annot bool
}

// heldKey names the lock a call takes: the call, and for a call to a lock
// wrapper, the lock the wrapper returns holding.
type heldKey struct {
	call  *ir.Call
	inner *Held
}

// facts is what the analysis found in one function.
type facts struct {
	before   map[*ir.Call]state
	atReturn map[*ir.Return]state
	exit     state
	reached  bool // whether the exit is reachable at all
}

func newFlow(r *Result, f *ir.Func, deep bool) *flow {
	fl := &flow{f: f, r: r, held: map[heldKey]*Held{}, v: r.varsFor(f)}
	if deep {
		fl.callee, fl.summaries = r.callee, r.summaries
	}
	fl.tries = fl.trylockVars()
	return fl
}

// summaryOf returns the summary of the module function c calls, in the
// deep view; nil otherwise or when it has no effect on locks.
func (fl *flow) summaryOf(c *ir.Call) *Summary {
	if fl.callee == nil {
		return nil
	}
	if g := fl.callee(c); g != nil {
		return fl.summaries[g]
	}
	return nil
}

// acquired is the Held that call c, taking a lock with op, gives.
func (fl *flow) acquired(c *ir.Call, op Op) *Held {
	k := heldKey{call: c}
	if h := fl.held[k]; h != nil {
		return h
	}
	h := fl.newHeld(op, c)
	fl.held[k] = h
	return h
}

// through is the Held for lock inner, which the function c calls returns
// holding, with its lock named in the caller's terms.
func (fl *flow) through(c *ir.Call, inner *Held) *Held {
	k := heldKey{call: c, inner: inner}
	if h := fl.held[k]; h != nil {
		return h
	}
	op, private := fl.r.opInCaller(fl.callee(c), c, inner.Op)
	h := fl.newHeld(op, c)
	if private != "" {
		h.path, h.canon, h.key = private, private, private
	}
	h.Via = inner
	fl.held[k] = h
	return h
}

// transfer applies call c to st.
func (fl *flow) transfer(st state, c *ir.Call) state {
	if op, ok := fl.op(c); ok {
		switch op.Effect {
		case Acquire:
			if op.conditional() {
				return st // held only where it succeeded: see edge
			}
			return st.with(fl.acquired(c, op))
		case Release:
			path, key := fl.unlockPath(c, op)
			return fl.release(st, c, op.Class, path, key)
		case EndGuard:
			return st.endGuard()
		}
		return st
	}
	s := fl.summaryOf(c)
	if s == nil {
		return st
	}
	g := fl.callee(c)
	for _, r := range s.Releases {
		path, key := fl.refPath(g, c, r)
		st = fl.release(st, c, r.Class, path, key)
	}
	for _, r := range s.MayRelease {
		path, key := fl.refPath(g, c, r)
		st = st.maybeReleasing(r.Class, path, key)
	}
	for _, r := range s.Drops {
		path, key := fl.refPath(g, c, r)
		if i := st.must.release(r.Class, path, key); i >= 0 && st.must[i].entry {
			fl.drop(st.must[i])
		}
	}
	for _, h := range s.Acquires {
		st = st.with(fl.through(c, h))
	}
	for _, h := range s.MayAcquire {
		st.may = st.may.with(fl.through(c, h))
	}
	return st
}

// refPath is the canonical path and key, in f's terms, of the lock of
// ref r of g's summary, which f's call c applies.
func (fl *flow) refPath(g *ir.Func, c *ir.Call, r Ref) (string, string) {
	k := refKey{c: c, lock: r.Lock, annot: r.Annotation != nil}
	if p, ok := fl.paths[k]; ok && !uncached {
		return p[0], p[1]
	}
	var path, key string
	if lock, private, ok := fl.r.inCaller(g, c, r.Lock); !ok {
		path, key = private, private
	} else {
		path, key = fl.canonPath(lock, r.Annotation != nil)
	}
	fl.remember(k, path, key)
	return path, key
}

// unlockPath is canonPath for the lock of unlock call c, of operation op.
func (fl *flow) unlockPath(c *ir.Call, op Op) (string, string) {
	if p, ok := fl.unlocks[c]; ok && !uncached {
		return p[0], p[1]
	}
	path, key := fl.canonPath(op.Lock, false)
	if fl.unlocks == nil {
		fl.unlocks = map[*ir.Call][2]string{}
	}
	fl.unlocks[c] = [2]string{path, key}
	return path, key
}

func (fl *flow) remember(k refKey, path, key string) {
	if fl.paths == nil {
		fl.paths = map[refKey][2]string{}
	}
	fl.paths[k] = [2]string{path, key}
}

func (fl *flow) release(st state, c *ir.Call, class kmodel.LockClass, path, key string) state {
	if i := st.must.release(class, path, key); i >= 0 && st.must[i].entry {
		fl.noteRelease(st.must[i], c)
	} else if i := st.may.release(class, path, key); i >= 0 && st.may[i].entry {
		fl.noteRelease(st.may[i], c)
	}
	return st.releasing(class, path, key)
}

func (fl *flow) noteRelease(h *Held, c *ir.Call) {
	if fl.releasedAt == nil {
		fl.releasedAt = map[*Held]*ir.Call{}
	}
	if fl.releasedAt[h] == nil {
		fl.releasedAt[h] = c
	}
}

func (fl *flow) drop(h *Held) {
	if fl.dropped == nil {
		fl.dropped = map[*Held]bool{}
	}
	fl.dropped[h] = true
}

// edge returns the state on successor i of b, given st at the end of b.
func (fl *flow) edge(st state, b *ir.Block, i int) state {
	if b.Cond == nil || len(b.Succs) != 2 {
		return st
	}
	for _, o := range fl.outcomes(b.Cond, i == 0, nil) {
		for _, h := range fl.succeeded(o.call, o.value) {
			st = st.with(h)
		}
	}
	return st
}

// run computes the facts of the function from initial, the locks held on
// entry.
func (fl *flow) run(initial set) *facts {
	f := fl.f
	in := make([]state, len(f.Blocks))
	visited := make([]bool, len(f.Blocks))
	work := []*ir.Block{f.Blocks[0]}
	visited[0] = true
	in[0] = state{must: initial, may: initial}
	for iter := 0; len(work) > 0 && iter < 50*len(f.Blocks)+100; iter++ {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		st := in[b.Index]
		for _, n := range b.Nodes {
			if c, ok := n.(*ir.Call); ok {
				st = fl.transfer(st, c)
			}
		}
		for i, s := range b.Succs {
			next := fl.edge(st, b, i)
			if visited[s.Index] {
				old := in[s.Index]
				next = state{must: meet(old.must, next.must), may: join(old.may, next.may)}
				if len(next.must) == len(old.must) && len(next.may) == len(old.may) {
					continue
				}
			}
			visited[s.Index] = true
			in[s.Index] = next
			work = append(work, s)
		}
	}
	out := &facts{before: map[*ir.Call]state{}, atReturn: map[*ir.Return]state{}}
	for _, b := range f.Blocks {
		if !visited[b.Index] {
			continue
		}
		st := in[b.Index]
		for _, n := range b.Nodes {
			switch n := n.(type) {
			case *ir.Call:
				if len(st.must)+len(st.may) > 0 {
					out.before[n] = st
				}
				st = fl.transfer(st, n)
			case *ir.Return:
				if len(st.must)+len(st.may) > 0 {
					out.atReturn[n] = st
				}
			}
		}
	}
	if x := f.Exit; x != nil && x.Index >= 0 && x.Index < len(f.Blocks) && f.Blocks[x.Index] == x && visited[x.Index] {
		out.exit, out.reached = in[x.Index], true
	}
	return out
}

func (fl *flow) op(c *ir.Call) (Op, bool) { return fl.r.Op(c) }
