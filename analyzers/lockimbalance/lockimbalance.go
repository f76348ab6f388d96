package lockimbalance

import (
	"fmt"
	"go/token"

	"golang.org/x/tools/go/analysis"

	"github.com/kdlint/kdlint/analyzers/passes/callgraph"
	"github.com/kdlint/kdlint/analyzers/passes/input"
	"github.com/kdlint/kdlint/analyzers/passes/locks"
	"github.com/kdlint/kdlint/analyzers/rule"
	"github.com/kdlint/kdlint/ir"
	"github.com/kdlint/kdlint/kmodel"
)

// Rule reports locks not released on a path, released without being
// held, or released by another name (KD201).
var Rule = rule.New(rule.Spec{
	Doc:      doc,
	Run:      run,
	Requires: []*analysis.Analyzer{input.Analyzer, callgraph.Analyzer, locks.Analyzer},
	Needs: kmodel.Needs{Locks: []kmodel.LockClass{kmodel.Spin, kmodel.Mutex, kmodel.Semaphore,
		kmodel.IRQOff, kmodel.BHOff, kmodel.PreemptOff, kmodel.RCURead}},
})

type checker struct {
	pass    *analysis.Pass
	lk      *locks.Result
	callers map[*ir.Func][]callgraph.Site
}

func run(pass *analysis.Pass) (any, error) {
	m := input.Of(pass)
	c := &checker{pass: pass, lk: locks.Of(pass), callers: callgraph.Of(pass).Callers}
	for _, f := range m.Funcs {
		p := c.lk.Paths(f)
		if p == nil || p.Incomplete {
			continue
		}
		for _, e := range p.Events {
			switch e.Kind {
			case locks.HeldAtReturn:
				c.heldAtReturn(f, p, e)
			case locks.ReleaseOther:
				c.releaseOther(f, p, e)
			case locks.ReleaseAgain:
				c.releaseAgain(f, p, e)
			case locks.ReleaseUntaken:
				c.releaseUntaken(f, p, e)
			}
		}
	}
	return nil, nil
}

func (c *checker) line(p token.Pos) int { return c.pass.Fset.Position(p).Line }

// heldAtReturn reports a lock f took and still holds at a return, when
// f releases it on other paths and nothing says it returns holding it on
// purpose.
func (c *checker) heldAtReturn(f *ir.Func, p *locks.FuncPaths, e *locks.Event) {
	l := e.Lock
	if l.Class == kmodel.UnknownLock || l.Lost || l.Unstable || l.Loopy || l.Retake || deliberate(f) || c.lk.CallerReleased(l.At) {
		return
	}
	if counting(l.Op) {
		return
	}
	for _, o := range p.Events {
		if o.Kind == locks.ReleaseUntaken && l.ID != "" && o.New.ID == l.ID {
			// f also releases the lock where it did not take it: the
			// lock is held across calls (taken by one, released by a
			// later one) or by its caller.
			return
		}
	}
	ok := p.AfterRelease[l.At]
	if len(ok) == 0 {
		// Never released before a return: a function that returns
		// holding it (a lock wrapper).
		return
	}
	report := false
	for v := range e.Values {
		switch {
		case v == locks.VoidValue, v == locks.ErrorValue:
			// No value tells the caller the lock is held, or an error
			// return kept it.
			report = true
		case ok[v]:
			// A path that released it returns the same.
			report = true
		}
	}
	if !report {
		return
	}
	what := locks.Describe(l.Op)
	took := ""
	if l.Via != nil {
		took = fmt.Sprintf(" by %s()", l.At.Name)
	}
	rel := []analysis.RelatedInformation{{Pos: e.Return.P, Message: fmt.Sprintf("%s() returns here with %s held", f.Name, what)}}
	if e.Via != "" && e.Goto.IsValid() {
		rel = append([]analysis.RelatedInformation{{Pos: e.Goto, Message: "goto " + e.Via + " skips the release"}}, rel...)
	}
	c.pass.Report(analysis.Diagnostic{
		Pos:      l.At.P,
		End:      l.At.E,
		Category: doc.ID,
		Message: fmt.Sprintf("%s taken%s at line %d is still held when %s() returns at line %d%s",
			what, took, c.line(l.At.P), f.Name, c.line(e.Return.P), e.ViaText()),
		Related: rel,
	})
}

// counting reports whether op is a counting semaphore's, which drivers
// also use to count resources or to signal (down() in one function, up()
// in another), not only to exclude.
func counting(op locks.Op) bool {
	return op.Class == kmodel.Semaphore && op.Variant&(kmodel.Read|kmodel.Write) == 0
}

// deliberate reports whether f says it returns holding a lock on
// purpose: an __acquires annotation, or sparse's context statements
// (__acquire, __release, __cond_lock) in its body.
func deliberate(f *ir.Func) bool {
	for _, a := range f.Annotations {
		if a.Kind == ir.Acquires {
			return true
		}
	}
	for _, c := range f.Calls() {
		if kmodel.In(c.Name, kmodel.ContextAnnotations) {
			return true
		}
	}
	return false
}

// releaseOther reports an unlock that names another lock than the one
// held: f takes lock A and never releases it, releases lock B and never
// takes it, in the same form (the same flags), and no caller holds B.
func (c *checker) releaseOther(f *ir.Func, p *locks.FuncPaths, e *locks.Event) {
	held, rel := e.Lock, e.New
	if !lockObject(held.Expr) || !lockObject(rel.Expr) || held.Via != nil || held.Guard {
		return
	}
	if form(held.Variant) != form(rel.Variant) || held.Flags != flagsOf(c.lk, e.Call) {
		return
	}
	for _, call := range f.Calls() {
		op, ok := c.lk.Op(call)
		if !ok || op.Lock == nil {
			continue
		}
		key := p.Key(op.Lock)
		switch {
		case op.Effect == locks.Acquire && key == rel.Key:
			return // f takes the released lock too
		case op.Effect == locks.Release && key == held.Key:
			return // f releases the held lock too
		}
	}
	for _, s := range c.callers[f] {
		for _, h := range c.lk.Deep.Before(s.Caller, s.Call).May {
			if h.Key() == rel.Key {
				return // a caller holds it: f hands it over
			}
		}
	}
	c.pass.Report(analysis.Diagnostic{
		Pos:      e.Call.P,
		End:      e.Call.E,
		Category: doc.ID,
		Message: fmt.Sprintf("%s() releases %s, which is not held: the lock taken at line %d is %s, which stays held",
			e.Call.Name, locks.Name(rel.Op.Lock), c.line(held.At.P), locks.Name(held.Op.Lock)),
		Related: []analysis.RelatedInformation{{Pos: held.At.P, Message: fmt.Sprintf("%s taken here", locks.Describe(held.Op))}},
	})
}

// lockObject reports whether a canonical lock argument is the address of
// a named object (&x, &p->lock), so that two of them with different
// names are different locks.
func lockObject(e ir.Expr) bool {
	u, ok := e.(*ir.Unary)
	if !ok || u.Op != "&" {
		return false
	}
	switch x := u.X.(type) {
	case *ir.Ident:
		return true
	case *ir.Member:
		_ = x
		return true
	}
	return false
}

// form is the part of a lock operation's variant an unlock must mirror.
func form(v kmodel.LockVariant) kmodel.LockVariant {
	return v & (kmodel.IRQ | kmodel.IRQSave | kmodel.BH | kmodel.Read | kmodel.Write)
}

func flagsOf(lk *locks.Result, c *ir.Call) string {
	op, _ := lk.Op(c)
	if op.Flags == nil {
		return ""
	}
	return op.Flags.String()
}

// releaseAgain reports an unlock of a lock the path released already.
func (c *checker) releaseAgain(f *ir.Func, p *locks.FuncPaths, e *locks.Event) {
	op, _ := c.lk.Op(e.Call)
	if op.Lock == nil || counting(op) || p.Loopy(op.Lock) || e.Prior == e.Call && p.Local(op.Lock) {
		return
	}
	c.pass.Report(analysis.Diagnostic{
		Pos:      e.Call.P,
		End:      e.Call.E,
		Category: doc.ID,
		Message: fmt.Sprintf("%s is released twice in %s(): it was already released at line %d%s",
			locks.Describe(op), f.Name, c.line(e.Prior.P), e.ViaText()),
		Related: []analysis.RelatedInformation{{Pos: e.Prior.P, Message: "first released here"}},
	})
}

// releaseUntaken reports an unlock reached through a goto on a path
// that never took the lock, where other paths to it hold it.
func (c *checker) releaseUntaken(f *ir.Func, p *locks.FuncPaths, e *locks.Event) {
	op, _ := c.lk.Op(e.Call)
	if op.Lock == nil || e.Via == "" || !p.Releasing[e.Call] || len(f.Annotations) > 0 || e.New.Unstable || p.Loopy(op.Lock) {
		return
	}
	// f takes the lock before the unlock, which a goto reaches from
	// before the lock (a lock taken only after it is the caller's,
	// dropped and taken again).
	var took *ir.Call
	for _, call := range f.Calls() {
		if o, ok := c.lk.Op(call); ok && o.Effect == locks.Acquire && !o.Try && o.Lock != nil && p.ID(o.Lock) == e.New.ID && call.P < e.Call.P {
			took = call
			break
		}
	}
	if took == nil {
		return
	}
	for _, call := range f.Calls() {
		if o, ok := c.lk.Op(call); ok && o.Effect == locks.Release && o.Lock != nil && p.ID(o.Lock) == e.New.ID && call.P < took.P {
			return // released before f takes it: its caller's lock
		}
	}
	for _, o := range p.Events {
		if o.Kind == locks.HeldAtReturn && o.Lock.ID == e.New.ID {
			// f also returns holding it: the lock is held across calls
			// (taken by one, released by a later one).
			return
		}
	}
	c.pass.Report(analysis.Diagnostic{
		Pos:      e.Call.P,
		End:      e.Call.E,
		Category: doc.ID,
		Message: fmt.Sprintf("%s is released but not held on the path through goto %s: %s() takes it only at line %d",
			locks.Describe(op), e.Via, f.Name, c.line(took.P)),
		Related: []analysis.RelatedInformation{
			{Pos: e.Goto, Message: "goto " + e.Via + " jumps here before the lock is taken"},
			{Pos: took.P, Message: "taken here"},
		},
	})
}
