package locks

import (
	"strings"

	"github.com/kdlint/kdlint/ir"
	"github.com/kdlint/kdlint/kmodel"
)

// Take is a lock a function takes while it runs (and, as a rule,
// releases before it returns), or a point where it enables interrupts:
// what its callers must not hold when they call it. Takes compose
// through the module's call graph: a function takes what the functions
// it calls take, in its own terms.
type Take struct {
	Op
	// Lock is the lock, canonical and in the terms of Func's parameters
	// and the module's globals.
	Lock ir.Expr
	// At is the lock operation in Func, or the call of the module
	// function that takes it (Inner then says where).
	At    *ir.Call
	Func  *ir.Func
	Inner *Take
	// Conds are the conditions on Func's parameters that hold on every
	// path to At.
	Conds []cond
}

type cond struct {
	expr  ir.Expr
	value bool
}

// Origin is the lock operation at the end of the chain of calls.
func (t *Take) Origin() *Take {
	for t.Inner != nil {
		t = t.Inner
	}
	return t
}

// Chain lists the functions from Func down to the lock operation's.
func (t *Take) Chain() []*ir.Func {
	var out []*ir.Func
	for ; t != nil; t = t.Inner {
		out = append(out, t.Func)
	}
	return out
}

// takeClasses are the classes whose taking twice deadlocks.
func takeClass(op Op) bool {
	return op.Class == kmodel.Spin || op.Class == kmodel.Mutex || op.Class == kmodel.Semaphore
}

// computeTakes works out what each function takes and where it enables
// interrupts, callees before callers: for the functions whose takes are
// asked (takesAsked), all of them when allTakes is set.
func (r *Result) computeTakes() {
	r.takes = map[*ir.Func][]*Take{}
	r.enables = map[*ir.Func]*Take{}
	asked := r.takesAsked()
	for _, scc := range r.components() {
		// A component is asked whole or not at all: each of its
		// functions calls the others.
		if !allTakes && !asked[scc[0]] {
			continue
		}
		for round := 0; round < 3; round++ {
			changed := false
			for _, f := range scc {
				if len(f.Blocks) == 0 {
					continue
				}
				ts, en := r.takesOf(f)
				if len(ts) != len(r.takes[f]) || (en == nil) != (r.enables[f] == nil) {
					changed = true
				}
				if len(ts) > 0 {
					r.takes[f] = ts
				}
				if en != nil {
					r.enables[f] = en
				}
			}
			if !changed || len(scc) == 1 && !callsItself(scc[0], r.graph) {
				break
			}
		}
	}
}

// allTakes makes computeTakes work out the takes of every function (the
// tests' reference).
var allTakes = false

// takesAsked returns the functions whose takes someone asks about: the
// path view asks about the module functions its functions (those that
// make lock calls) call directly, and the takes of a function are made
// from those of the functions it calls directly; so the functions
// reached by direct calls from one that makes lock calls. A function no
// such chain reaches (an entry point, a callback, a helper only they
// call) would have its takes worked out for nothing.
func (r *Result) takesAsked() map[*ir.Func]bool {
	asked := map[*ir.Func]bool{}
	var work []*ir.Func
	for _, f := range r.module.Funcs {
		if len(f.Blocks) > 0 && r.usesLocks(f) {
			work = append(work, f)
		}
	}
	for len(work) > 0 {
		f := work[len(work)-1]
		work = work[:len(work)-1]
		for _, s := range r.graph.Callees[f] {
			if !asked[s.Callee] {
				asked[s.Callee] = true
				work = append(work, s.Callee)
			}
		}
	}
	return asked
}

// maxTakes bounds the takes kept for one function.
const maxTakes = 16

func (r *Result) takesOf(f *ir.Func) ([]*Take, *Take) {
	if !r.usesLocks(f) && !r.callsTakes(f) {
		return nil, nil
	}
	v := r.varsOf(f)
	// The locks f's callers hold when they call it are not taken by it.
	callerHeld := map[string]bool{}
	if s := r.summaries[f]; s != nil {
		for _, rs := range [][]Ref{s.Releases, s.MayRelease, s.Drops, s.Holds} {
			for _, ref := range rs {
				e, _ := v.canon(ref.Lock)
				callerHeld[ref.path(e)] = true
			}
		}
		for _, hs := range [][]*Held{s.Acquires, s.MayAcquire, s.TryAcquires} {
			for _, h := range hs {
				e, _ := v.canon(h.Lock)
				callerHeld[pointerPath(e)] = true
			}
		}
	}
	var dom *dominators
	// The conditions of a block, worked out for the first call in it
	// that takes a lock and shared by its takes (read only: innerConds
	// appends to a copy).
	blockConds := map[*ir.Block][]cond{}
	conds := func(c *ir.Call, b *ir.Block) []cond {
		if cs, ok := blockConds[b]; ok && !uncached {
			return cs
		}
		if dom == nil {
			dom = r.dominatorsOf(f)
		}
		cs := dom.paramConds(b, v)
		blockConds[b] = cs
		return cs
	}
	var out []*Take
	var enables *Take
	seen := map[string]bool{}
	// add keeps t unless its lock is kept already, is its caller's, or
	// f has its fill of takes; only then are its conditions worked out
	// (by conds, which has no other effect).
	add := func(t *Take, conds func() []cond) {
		if len(out) >= maxTakes {
			return
		}
		id := pointerPath(t.Lock)
		if seen[id] || callerHeld[id] {
			return
		}
		seen[id] = true
		t.Conds = conds()
		out = append(out, t)
	}
	for _, b := range f.Blocks {
		for _, n := range b.Nodes {
			c, ok := n.(*ir.Call)
			if !ok {
				continue
			}
			if op, ok := r.Op(c); ok {
				switch {
				case op.Effect == Acquire && !op.Try && op.Lock != nil && takeClass(op):
					e, deps := v.canon(op.Lock)
					if v.stable(e, deps) && v.outside(e) {
						add(&Take{Op: op, Lock: e, At: c, Func: f}, func() []cond { return conds(c, b) })
					}
				case op.Effect == Release && op.Variant&kmodel.IRQ != 0 && op.Variant&kmodel.IRQSave == 0 && enables == nil:
					t := &Take{Op: op, At: c, Func: f, Conds: conds(c, b)}
					if op.Lock != nil {
						t.Lock, _ = v.canon(op.Lock)
						if callerHeld[pointerPath(t.Lock)] {
							// The caller's lock, dropped (to sleep) and
							// taken again: it ends that lock's region
							// rather than enabling interrupts inside one.
							continue
						}
					}
					enables = t
				}
				continue
			}
			g := r.calleeOf[c]
			if g == nil || g == f {
				continue
			}
			for _, t := range r.takes[g] {
				if contradicted(t, g, c) {
					continue // schedule_erase(..., true) where it locks only if !nested
				}
				e, deps := v.canon(substitute(t.Lock, g.Params, c.Args))
				if !v.stable(e, deps) || !v.outside(e) || exprSize(e, maxExpr) > maxExpr {
					continue
				}
				add(&Take{Op: t.Op, Lock: e, At: c, Func: f, Inner: t}, func() []cond { return r.innerConds(t, g, c, conds(c, b), v) })
			}
			if en := r.enables[g]; en != nil && enables == nil {
				t := &Take{Op: en.Op, At: c, Func: f, Inner: en, Conds: r.innerConds(en, g, c, conds(c, b), v)}
				if en.Lock != nil {
					t.Lock, _ = v.canon(substitute(en.Lock, g.Params, c.Args))
				}
				enables = t
			}
		}
	}
	return out, enables
}

// innerConds are the conditions of t, g's take, in the terms of f, which
// calls g at c, and the conditions own of f's path to c: those that still
// name f's parameters.
func (r *Result) innerConds(t *Take, g *ir.Func, c *ir.Call, own []cond, v *vars) []cond {
	out := own[:len(own):len(own)]
	for _, cd := range t.Conds {
		e := substitute(cd.expr, g.Params, c.Args)
		if v.namesParam(e) && len(out) < 4 {
			out = append(out, cond{e, cd.value})
		}
	}
	return out
}

// namesGlobal reports whether e names only globals (and constants): a
// condition the caller can evaluate as it stands (if (!debugfs_root)).
func (v *vars) namesGlobal(e ir.Expr) bool {
	rs := roots(e, nil)
	for _, r := range rs {
		if r == "" || v.locals[r] || v.params[r] {
			return false
		}
	}
	return len(rs) > 0
}

func (v *vars) namesParam(e ir.Expr) bool {
	for _, r := range roots(e, nil) {
		if v.params[r] {
			return true
		}
	}
	return false
}

// dominators is the dominator tree of a function's blocks.
type dominators struct {
	f     *ir.Func
	idom  []int // -1 for the entry and unreachable blocks
	order []int // reverse postorder number
	preds [][]*ir.Block
}

// dominatorsOf returns the dominator tree of f, made once: the takes of
// each round over f's component and the path view's conditions of its
// acquisitions share it.
func (r *Result) dominatorsOf(f *ir.Func) *dominators {
	if d := r.doms[f]; d != nil && !uncached {
		return d
	}
	d := newDominators(f)
	if r.doms == nil {
		r.doms = map[*ir.Func]*dominators{}
	}
	r.doms[f] = d
	return d
}

func newDominators(f *ir.Func) *dominators {
	n := len(f.Blocks)
	d := &dominators{f: f, idom: make([]int, n), order: make([]int, n), preds: make([][]*ir.Block, n)}
	for i := range d.order {
		d.order[i] = -1
		d.idom[i] = -1
	}
	var post []*ir.Block
	visited := make([]bool, n)
	var dfs func(b *ir.Block)
	dfs = func(b *ir.Block) {
		visited[b.Index] = true
		for _, s := range b.Succs {
			if s.Index >= 0 && s.Index < n && !visited[s.Index] {
				dfs(s)
			}
		}
		post = append(post, b)
	}
	dfs(f.Blocks[0])
	for i, b := range post {
		d.order[b.Index] = len(post) - 1 - i
	}
	for _, b := range f.Blocks {
		if d.order[b.Index] < 0 {
			continue
		}
		for _, s := range b.Succs {
			if s.Index >= 0 && s.Index < n {
				d.preds[s.Index] = append(d.preds[s.Index], b)
			}
		}
	}
	d.idom[0] = 0
	for changed := true; changed; {
		changed = false
		for i := len(post) - 1; i >= 0; i-- {
			b := post[i]
			if b.Index == 0 {
				continue
			}
			nd := -1
			for _, p := range d.preds[b.Index] {
				if d.idom[p.Index] < 0 {
					continue
				}
				if nd < 0 {
					nd = p.Index
				} else {
					nd = d.intersect(nd, p.Index)
				}
			}
			if nd >= 0 && d.idom[b.Index] != nd {
				d.idom[b.Index] = nd
				changed = true
			}
		}
	}
	return d
}

func (d *dominators) intersect(a, b int) int {
	for a != b {
		for d.order[a] > d.order[b] {
			a = d.idom[a]
		}
		for d.order[b] > d.order[a] {
			b = d.idom[b]
		}
	}
	return a
}

// dominates reports whether block a dominates block b.
func (d *dominators) dominates(a, b int) bool {
	for steps := 0; steps < len(d.idom)+1; steps++ {
		if a == b {
			return true
		}
		if b == 0 || d.idom[b] < 0 {
			return false
		}
		b = d.idom[b]
	}
	return false
}

// paramConds returns the branch conditions that name a parameter of the
// function and have one value on every path to b. A local assigned once
// stands for its value (multi = bus->multi && n >= bus->min; if (multi)).
func (d *dominators) paramConds(b *ir.Block, v *vars) []cond {
	return d.conds(b, v, true)
}

// conds returns the branch conditions, canonical, that have one value on
// every path to b; with params, only those that name a parameter.
func (d *dominators) conds(b *ir.Block, v *vars, params bool) []cond {
	var out []cond
	cur := b.Index
	for steps := 0; cur > 0 && d.idom[cur] >= 0 && steps < len(d.idom) && len(out) < 4; steps++ {
		p := d.f.Blocks[d.idom[cur]]
		if p.Cond != nil && len(p.Succs) == 2 && p.Succs[0] != p.Succs[1] {
			c, _ := v.canon(p.Cond)
			if !params || v.namesParam(c) || v.namesGlobal(c) {
				for i, s := range p.Succs {
					if s.Index >= 0 && s.Index < len(d.idom) && len(d.preds[s.Index]) == 1 && d.dominates(s.Index, b.Index) {
						out = append(out, cond{c, i == 0})
					}
				}
			}
		}
		cur = p.Index
	}
	return out
}

// contradicted reports whether call c of g passes a constant that rules
// out one of the conditions on t, g's take (a flag parameter that says
// the caller holds the lock already).
func contradicted(t *Take, g *ir.Func, c *ir.Call) bool {
	for _, cd := range t.Conds {
		e := substitute(cd.expr, g.Params, c.Args)
		if v, ok := constTruth(e); ok && v != cd.value {
			return true
		}
		if e != cd.expr && passesMacro(cd.expr, g, c) {
			// The caller passes a constant kdlint cannot evaluate
			// (CMD_ASYNC, CAN_NOT_SLEEP), most often chosen to say
			// whether the lock is held: not followed.
			return true
		}
	}
	return false
}

// passesMacro reports whether call c of g passes, for a parameter that
// condition e names, an argument that names a macro constant.
func passesMacro(e ir.Expr, g *ir.Func, c *ir.Call) bool {
	for _, r := range roots(e, nil) {
		for i, p := range g.Params {
			if p == r && i < len(c.Args) && namesMacro(c.Args[i]) {
				return true
			}
		}
	}
	return false
}

// namesMacro reports whether e names an upper-case identifier, a macro
// constant by kernel convention.
func namesMacro(e ir.Expr) bool {
	switch e := e.(type) {
	case *ir.Ident:
		return len(e.Name) > 1 && strings.ToUpper(e.Name) == e.Name && strings.ContainsAny(e.Name, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
	case *ir.Unary:
		return namesMacro(e.X)
	case *ir.Binary:
		return namesMacro(e.X) || namesMacro(e.Y)
	case *ir.Call:
		for _, a := range e.Args {
			if namesMacro(a) {
				return true
			}
		}
	}
	return false
}

// constTruth is the truth value of a constant condition: a literal,
// true, false, NULL, an object's address, their negation, and what && and || and the
// comparisons of integer constants make of them: a register offset the
// caller passes, tested against a range in the callee
// ((reg < size || reg < 0x10000) && !indirect).
func constTruth(e ir.Expr) (bool, bool) {
	switch e := e.(type) {
	case *ir.Ident:
		switch e.Name {
		case "true":
			return true, true
		case "false", "NULL":
			return false, true
		}
		return false, false
	case *ir.Unary:
		switch e.Op {
		case "!":
			v, ok := constTruth(e.X)
			return !v, ok
		case "&":
			// The address of an object is never NULL: a caller that
			// passes &skbs takes the if (skbs) branch.
			return true, true
		}
	case *ir.Binary:
		switch e.Op {
		case "&&":
			a, ka := constTruth(e.X)
			b, kb := constTruth(e.Y)
			if ka && !a || kb && !b {
				return false, true
			}
			return true, ka && kb
		case "||":
			a, ka := constTruth(e.X)
			b, kb := constTruth(e.Y)
			if ka && a || kb && b {
				return true, true
			}
			return false, ka && kb
		}
	}
	if n, ok := constInt(e); ok {
		return n != 0, true
	}
	return false, false
}

// constInt is the value of an integer constant expression: literals
// (decimal, hex, octal, with suffixes) and the C operators on them.
func constInt(e ir.Expr) (int64, bool) {
	switch e := e.(type) {
	case *ir.Lit:
		return ir.IntLiteral(e.Text)
	case *ir.Ident:
		switch e.Name {
		case "true":
			return 1, true
		case "false", "NULL":
			return 0, true
		}
	case *ir.Unary:
		x, ok := constInt(e.X)
		if !ok {
			return 0, false
		}
		switch e.Op {
		case "!":
			return b2i(x == 0), true
		case "-":
			return -x, true
		case "~":
			return ^x, true
		case "+":
			return x, true
		}
	case *ir.Binary:
		if e.Op == "&&" || e.Op == "||" {
			v, ok := constTruth(e)
			return b2i(v), ok
		}
		a, ka := constInt(e.X)
		b, kb := constInt(e.Y)
		if !ka || !kb {
			return 0, false
		}
		switch e.Op {
		case "<", "<=", ">", ">=", "==", "!=":
			return b2i(compare(a, e.Op, b)), true
		case "|":
			return a | b, true
		case "&":
			return a & b, true
		case "^":
			return a ^ b, true
		case "+":
			return a + b, true
		case "-":
			return a - b, true
		case "*":
			return a * b, true
		case "<<":
			if b >= 0 && b < 63 {
				return a << b, true
			}
		case ">>":
			if b >= 0 && b < 63 {
				return a >> b, true
			}
		}
	}
	return 0, false
}

func b2i(v bool) int64 {
	if v {
		return 1
	}
	return 0
}
