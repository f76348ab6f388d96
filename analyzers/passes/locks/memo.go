package locks

import (
	"hash/maphash"

	"github.com/kdlint/kdlint/ir"
)

// What the path view works out about one call does not depend on the
// path: the lock a call takes (its canonical name, key and stability),
// the lock a called function's summary says it returns holding, or
// releases, as the caller names it. A function's paths visit the same
// call many times (every state a block is reached in), and naming a lock
// builds strings; each is worked out once per explorer. The locks handed
// out are copies: a path may mark its own (Maybe, Retake).

type lockMemoKey struct {
	c   *ir.Call
	via *Held
	// take is set for the locks a called function takes inside (Takes).
	take *Take
}

type releaseMemoKey struct {
	c    *ir.Call
	lock ir.Expr
	ann  bool
}

type releaseMemo struct {
	id, key string
	noLock  bool
}

// lockOf returns a copy of the lock memoised for k, making it with make
// on first sight.
func (x *explorer) lockOf(k lockMemoKey, make func() *PathLock) *PathLock {
	l, ok := x.lockMemo[k]
	if !ok {
		if x.lockMemo == nil {
			x.lockMemo = map[lockMemoKey]*PathLock{}
		}
		l = make()
		x.lockMemo[k] = l
	}
	cp := *l
	return &cp
}

// callLock is newLock for a lock operation c itself.
func (x *explorer) callLock(op Op, c *ir.Call) *PathLock {
	return x.lockOf(lockMemoKey{c: c}, func() *PathLock { return x.newLock(op, c, nil) })
}

// releasedBy returns how the release rel of module function g, called
// at c, names its lock in the caller (releaseBy).
func (x *explorer) releasedBy(c *ir.Call, g *ir.Func, rel Ref) releaseMemo {
	k := releaseMemoKey{c, rel.Lock, rel.Annotation != nil}
	if m, ok := x.releaseMemo[k]; ok {
		return m
	}
	var m releaseMemo
	lock, private, ok := x.r.inCaller(g, c, rel.Lock)
	switch {
	case lock == nil:
		m.noLock = true
	case !ok:
		m.id, m.key = private, private
	default:
		e, _ := x.v.canon(lock)
		m.id, m.key = rel.path(e), ir.ObjectKey(e)
	}
	if x.releaseMemo == nil {
		x.releaseMemo = map[releaseMemoKey]releaseMemo{}
	}
	x.releaseMemo[k] = m
	return m
}

// stateKey stands for a path state's signature in the set of states
// seen: two independent 64-bit hashes of it, so that a long signature
// (many locks held, many facts) is not kept as a string. Two different
// states sharing both hashes are vanishingly unlikely (about 2^-128 per
// pair).
type stateKey [2]uint64

var stateSeeds = [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()}

func keyOf(sig []byte) stateKey {
	return stateKey{maphash.Bytes(stateSeeds[0], sig), maphash.Bytes(stateSeeds[1], sig)}
}
