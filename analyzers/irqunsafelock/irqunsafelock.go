package irqunsafelock

import (
	"fmt"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/kdlint/kdlint/analyzers/passes/callgraph"
	"github.com/kdlint/kdlint/analyzers/passes/entries"
	"github.com/kdlint/kdlint/analyzers/passes/input"
	"github.com/kdlint/kdlint/analyzers/passes/locks"
	"github.com/kdlint/kdlint/analyzers/rule"
	"github.com/kdlint/kdlint/ir"
	"github.com/kdlint/kdlint/kmodel"
)

// Rule reports locks taken in interrupt context and, with interrupts
// enabled, in process context (KD203).
var Rule = rule.New(rule.Spec{
	Doc:      doc,
	Run:      run,
	Requires: []*analysis.Analyzer{input.Analyzer, input.KernelModel, callgraph.Analyzer, entries.Analyzer, locks.Analyzer},
	Needs: kmodel.Needs{
		Locks:    []kmodel.LockClass{kmodel.Spin},
		InAtomic: []kmodel.CallFamily{kmodel.AtomicLocks},
		// Work functions are process-context roots: their
		// registrations (INIT_WORK) are parsed wherever they are.
		Objects: []kmodel.ObjectKind{kmodel.Work},
	},
})

// site is an acquisition of a lock in some context.
type site struct {
	f  *ir.Func
	c  *ir.Call
	op locks.Op
	// how is how its function runs in interrupt context.
	how *inIRQ
}

// reach is how a function is reached in process context: with
// interrupts (bottom halves) enabled on some path from a process-context
// entry point.
type reach struct {
	irq, bh  bool
	root     string // "work function foo_work()"
	from     *ir.Func
	fromCall *ir.Call
}

func run(pass *analysis.Pass) (any, error) {
	m := input.Of(pass)
	lk := locks.Of(pass)
	ents := entries.Of(pass)
	g := callgraph.Of(pass)
	line := func(c *ir.Call) int { return pass.Fset.Position(c.P).Line }

	irq := interruptContext(m, ents, g, input.Model(pass))
	hard, soft := map[string][]site{}, map[string][]site{}
	for _, f := range m.Funcs {
		r := irq[f]
		if r == nil || !r.hard && !r.soft {
			continue // not run in interrupt context: no site to record
		}
		for _, c := range f.Calls() {
			op, ok := lk.Op(c)
			if !ok || op.Effect != locks.Acquire || op.Class != kmodel.Spin || op.Try || op.Lock == nil {
				continue
			}
			k := classKey(op.Lock)
			if k == "" {
				continue
			}
			if r.hard {
				hard[k] = append(hard[k], site{f, c, op, r})
			}
			if r.soft {
				soft[k] = append(soft[k], site{f, c, op, r})
			}
		}
	}
	if len(hard)+len(soft) == 0 {
		return nil, nil
	}

	linked := map[[2]string]bool{}
	for _, f := range m.Funcs {
		linked[[2]string{f.File, f.File}] = true
	}
	for caller, sites := range g.Callees {
		for _, s := range sites {
			linked[[2]string{caller.File, s.Callee.File}] = true
			linked[[2]string{s.Callee.File, caller.File}] = true
		}
	}

	reached := map[*ir.Func]*reach{}
	var queue []*ir.Func
	root := func(f *ir.Func, what string) {
		if f != nil && reached[f] == nil && len(f.Blocks) > 0 {
			reached[f] = &reach{irq: true, bh: true, root: what}
			queue = append(queue, f)
		}
	}
	for _, f := range m.Funcs {
		for _, cb := range ents.Callbacks[f] {
			if cb.Context == kmodel.Process {
				root(f, fmt.Sprintf("%s %s()", cb.Kind, f.Name))
			}
		}
	}
	for _, f := range ents.Probes {
		root(f, fmt.Sprintf("probe function %s()", f.Name))
	}
	for _, f := range ents.Removes {
		root(f, fmt.Sprintf("remove function %s()", f.Name))
	}
	for _, f := range ents.Inits {
		root(f, fmt.Sprintf("module init function %s()", f.Name))
	}
	for _, f := range ents.Exits {
		root(f, fmt.Sprintf("module exit function %s()", f.Name))
	}
	for len(queue) > 0 {
		f := queue[0]
		queue = queue[1:]
		r := reached[f]
		p := lk.Paths(f)
		if !takesSpinlock(lk, f) {
			// Only the functions that take a spinlock themselves are
			// followed: the front end parses each of them, while it may
			// leave the body of another unparsed.
			continue
		}
		for _, s := range g.Callees[f] {
			irq := r.irq && (p == nil || p.IRQOn[s.Call])
			bh := r.bh && (p == nil || p.BHOn[s.Call])
			if !irq && !bh {
				continue
			}
			n := reached[s.Callee]
			if n == nil {
				n = &reach{root: r.root, from: f, fromCall: s.Call}
				reached[s.Callee] = n
			} else if (n.irq || !irq) && (n.bh || !bh) {
				continue
			}
			n.irq, n.bh = n.irq || irq, n.bh || bh
			queue = append(queue, s.Callee)
		}
	}

	for _, f := range m.Funcs {
		r := reached[f]
		if r == nil {
			continue
		}
		p := lk.Paths(f)
		for _, c := range f.Calls() {
			op, ok := lk.Op(c)
			if !ok || op.Effect != locks.Acquire || op.Class != kmodel.Spin || op.Lock == nil {
				continue
			}
			k := classKey(op.Lock)
			var other []site
			var ctx, need, enabled string
			switch {
			case r.irq && (p == nil || p.IRQOn[c]) && op.Variant&kmodel.IRQ == 0 && len(hard[k]) > 0:
				other, ctx, enabled = hard[k], "hard IRQ", "interrupts"
				need = "spin_lock_irqsave() or spin_lock_irq()"
			case r.bh && (p == nil || p.BHOn[c]) && op.Variant&(kmodel.IRQ|kmodel.BH) == 0 && len(soft[k]) > 0:
				other, ctx, enabled = soft[k], "softirq", "bottom halves"
				need = "spin_lock_bh()"
			default:
				continue
			}
			// The lock is matched by name only (classKey): count the
			// interrupt-context sites of this driver, in f's file or in a
			// file that calls into it or is called from it. A directory
			// of drivers (drivers/mmc/host) has many host->lock members
			// of different structures.
			var mine []site
			for _, s := range other {
				if linked[[2]string{f.File, s.f.File}] {
					mine = append(mine, s)
				}
			}
			if len(mine) == 0 {
				continue
			}
			o := mine[0]
			for _, s := range mine {
				if s.f != f {
					o = s
					break
				}
			}
			if o.c == c {
				continue
			}
			rel := []analysis.RelatedInformation{{Pos: o.c.P, Message: fmt.Sprintf("%s taken here %s", locks.Name(o.op.Lock), o.how.why(o.f, ctx))}}
			rel = append(rel, o.how.steps(o.f)...)
			pass.Report(analysis.Diagnostic{
				Pos: c.P, End: c.E, Category: doc.ID,
				Message: fmt.Sprintf("%s() takes %s with %s enabled in %s, but %s() takes it in %s context (line %d): %s while it is held here deadlocks; use %s",
					c.Name, locks.Name(op.Lock), enabled, processPath(f, reached), o.f.Name, ctx, line(o.c), interrupter(ctx), need),
				Related: rel,
			})
		}
	}
	return nil, nil
}

func takesSpinlock(lk *locks.Result, f *ir.Func) bool {
	for _, c := range f.Calls() {
		if op, ok := lk.Op(c); ok && op.Effect == locks.Acquire && op.Class.Atomic() {
			return true
		}
	}
	return false
}

func interrupter(ctx string) string {
	if ctx == "hard IRQ" {
		return "an interrupt on this CPU"
	}
	return "a softirq on this CPU"
}

// processPath names how f is reached in process context.
func processPath(f *ir.Func, reached map[*ir.Func]*reach) string {
	var chain []string
	r := reached[f]
	for cur := f; ; {
		chain = append(chain, cur.Name+"()")
		rc := reached[cur]
		if rc.from == nil || len(chain) > 8 {
			break
		}
		cur = rc.from
	}
	if len(chain) == 1 {
		return r.root
	}
	slices.Reverse(chain)
	return fmt.Sprintf("%s(), reached from %s: %s", f.Name, r.root, strings.Join(chain, " -> "))
}

// classKey names a lock across functions: a global by its name, a
// member by it and the name of what holds it (priv->lock and
// up->port.lock as priv.lock and port.lock), "" when neither.
func classKey(e ir.Expr) string {
	e = ir.StripAddr(e)
	switch x := e.(type) {
	case *ir.Ident:
		return x.Name
	case *ir.Member:
		switch b := x.X.(type) {
		case *ir.Ident:
			return b.Name + "." + x.Name
		case *ir.Member:
			return b.Name + "." + x.Name
		}
	}
	return ""
}

// inIRQ is how a function runs in interrupt context: in hard IRQ context
// (hard) or softirq context (soft), as the callback cb or called, at
// call, from the function from.
type inIRQ struct {
	hard, soft bool
	cb         *entries.Callback
	from       *ir.Func
	call       *ir.Call
}

// interruptContext finds the functions that run in hard IRQ or softirq
// context: the module's interrupt-context callbacks and the functions
// they reach through direct calls.
func interruptContext(m *ir.Module, ents *entries.Entries, g *callgraph.Graph, km *kmodel.Model) map[*ir.Func]*inIRQ {
	out := map[*ir.Func]*inIRQ{}
	var queue []*ir.Func
	for _, f := range m.Funcs {
		for i, cb := range ents.Callbacks[f] {
			hard, soft := cb.Context == kmodel.HardIRQ, cb.Context == kmodel.SoftIRQ
			if tag, field, ok := strings.Cut(cb.By, "."); ok && km.InSoftIRQToo(tag, field) {
				// ndo_start_xmit: also from the NET_TX softirq.
				soft = true
			}
			if !hard && !soft {
				continue
			}
			r := out[f]
			if r == nil {
				r = &inIRQ{cb: &ents.Callbacks[f][i]}
				out[f] = r
				queue = append(queue, f)
			}
			r.hard, r.soft = r.hard || hard, r.soft || soft
		}
	}
	for len(queue) > 0 {
		f := queue[0]
		queue = queue[1:]
		r := out[f]
		for _, s := range g.Callees[f] {
			n := out[s.Callee]
			if n == nil {
				n = &inIRQ{from: f, call: s.Call}
				out[s.Callee] = n
			} else if (n.hard || !r.hard) && (n.soft || !r.soft) {
				continue
			}
			n.hard, n.soft = n.hard || r.hard, n.soft || r.soft
			queue = append(queue, s.Callee)
		}
	}
	return out
}

// why says how f runs in the context ctx ("hard IRQ" or "softirq").
func (r *inIRQ) why(f *ir.Func, ctx string) string {
	if r.cb != nil {
		return fmt.Sprintf("in %s %s() (%s context)", r.cb.Kind, f.Name, ctx)
	}
	return fmt.Sprintf("in %s(), called in %s context from %s()", f.Name, ctx, r.from.Name)
}

// steps are the registration and the call that make f run in
// interrupt context.
func (r *inIRQ) steps(f *ir.Func) []analysis.RelatedInformation {
	if r.cb != nil {
		return []analysis.RelatedInformation{{Pos: r.cb.Pos, Message: fmt.Sprintf("%s() registered as %s by %s", f.Name, r.cb.Kind, r.cb.By)}}
	}
	return []analysis.RelatedInformation{{Pos: r.call.P, Message: fmt.Sprintf("%s() calls %s()", r.from.Name, f.Name)}}
}
