package doublelock

import (
	"bytes"
	"fmt"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/kdlint/kdlint/analyzers/passes/ctext"
	"github.com/kdlint/kdlint/analyzers/passes/input"
	"github.com/kdlint/kdlint/analyzers/passes/locks"
	"github.com/kdlint/kdlint/analyzers/rule"
	"github.com/kdlint/kdlint/ir"
	"github.com/kdlint/kdlint/kmodel"
)

// Rule reports locks taken again on a path that holds them (KD202).
var Rule = rule.New(rule.Spec{
	Doc:      doc,
	Run:      run,
	Requires: []*analysis.Analyzer{input.Analyzer, locks.Analyzer},
	Needs:    kmodel.Needs{Locks: []kmodel.LockClass{kmodel.Spin, kmodel.Mutex, kmodel.Semaphore}},
})

func run(pass *analysis.Pass) (any, error) {
	m := input.Of(pass)
	lk := locks.Of(pass)
	line := func(c *ir.Call) int { return pass.Fset.Position(c.P).Line }
	for _, f := range m.Funcs {
		p := lk.Paths(f)
		if p == nil {
			continue
		}
		for _, e := range p.Events {
			h := e.Lock
			if h != nil && h.Kept {
				// Held only because a conditional release did not
				// release it (if (c) unlock(l);), on a condition the
				// path view may not have correlated with the lock's.
				continue
			}
			switch e.Kind {
			case locks.Reacquire:
				if !deadlocks(h.Op, e.New.Op) {
					continue
				}
				what := locks.Describe(h.Op)
				msg := fmt.Sprintf("%s is taken again while it is held (taken at line %d): the second %s() never returns", what, line(h.At), opName(e.New))
				if e.New.Via != nil {
					msg = fmt.Sprintf("%s() takes %s, which is already held here (taken at line %d)", e.Call.Name, what, line(h.At))
				}
				if e.New.At == h.At {
					// Taken again around a loop: on drivers/ these were
					// locks of another object each iteration, or taken
					// on a condition the path view does not correlate.
					continue
				}
				pass.Report(analysis.Diagnostic{
					Pos: e.Call.P, End: e.Call.E, Category: doc.ID, Message: msg,
					Related: []analysis.RelatedInformation{{Pos: h.At.P, Message: what + " taken here"}},
				})
			case locks.CallTakes:
				o := e.Take.Origin()
				if !deadlocks(h.Op, o.Op) || !plausible(e.Take) || fileStatic(m, h.Op.Lock, f.File, o.Func.File) {
					continue
				}
				what := locks.Describe(h.Op)
				var chain []string
				for _, fn := range e.Take.Chain() {
					chain = append(chain, fn.Name+"()")
				}
				rel := []analysis.RelatedInformation{{Pos: h.At.P, Message: what + " taken here"}}
				for t := e.Take; t != nil; t = t.Inner {
					if t.Inner != nil {
						rel = append(rel, analysis.RelatedInformation{Pos: t.At.P, Message: fmt.Sprintf("%s() calls %s()", t.Func.Name, t.Inner.Func.Name)})
					}
				}
				rel = append(rel, analysis.RelatedInformation{Pos: o.At.P, Message: fmt.Sprintf("%s() takes it here", o.Func.Name)})
				pass.Report(analysis.Diagnostic{
					Pos: e.Call.P, End: e.Call.E, Category: doc.ID,
					Message: fmt.Sprintf("%s() takes %s, which is already held here (taken at line %d): %s() at line %d of %s never returns",
						e.Call.Name, what, line(h.At), o.At.Name, line(o.At), strings.Join(chain, " -> ")),
					Related: rel,
				})
			}
		}
	}
	return nil, nil
}

func opName(l *locks.PathLock) string {
	if l.Guard {
		return "guard"
	}
	return l.At.Name
}

// deadlocks reports whether taking a lock with op b while op a holds it
// blocks for ever: not for nested (lockdep subclass) operations, two
// readers, counting semaphores, or the sections without a lock.
func deadlocks(a, b locks.Op) bool {
	if a.Class != b.Class || a.Variant&kmodel.Nested != 0 || b.Variant&kmodel.Nested != 0 {
		return false
	}
	if a.Variant&kmodel.Read != 0 && b.Variant&kmodel.Read != 0 {
		return false
	}
	switch a.Class {
	case kmodel.Spin, kmodel.Mutex:
		return true
	case kmodel.Semaphore:
		// A counting semaphore may admit more than one holder.
		return a.Variant&(kmodel.Read|kmodel.Write) != 0 && b.Variant&(kmodel.Read|kmodel.Write) != 0
	}
	return false
}

// maxChain bounds the calls between the held lock and the acquisition:
// the takes of a callee do not follow the conditions on the way, and
// long chains (often around a recursion) are mostly paths that cannot
// happen (a helper that takes the lock only when its caller does not
// hold it, decided three calls up).
const maxChain = 3

// plausible reports whether the chain of calls of t is short and visits
// no function twice.
func plausible(t *locks.Take) bool {
	chain := t.Chain()
	if len(chain) > maxChain {
		return false
	}
	seen := map[*ir.Func]bool{}
	for _, f := range chain {
		if seen[f] {
			return false
		}
		seen[f] = true
	}
	return true
}

// fileStatic reports whether lock names a static global and the two
// functions are in different files: each file has its own lock of that
// name (static DEFINE_SPINLOCK(irq_controller_lock) in two drivers).
func fileStatic(m *ir.Module, lock ir.Expr, a, b string) bool {
	id, ok := ir.StripAddr(lock).(*ir.Ident)
	if !ok || a == b {
		return false
	}
	for _, g := range m.Globals {
		if g.Name == id.Name && g.Static {
			return true
		}
	}
	// Defined by a macro the front end does not list as a global:
	// static DEFINE_SPINLOCK(name).
	for _, file := range m.Files {
		if (file.Path == a || file.Path == b) && bytes.Contains(file.Src, []byte(id.Name)) && staticallyDefined(file.Src, id.Name) {
			return true
		}
	}
	return false
}

// staticallyDefined reports whether the code of src (not its comments or
// strings) defines name with a static DEFINE_* macro:
// static DEFINE_SPINLOCK(name), static DEFINE_MUTEX(name).
func staticallyDefined(src []byte, name string) bool {
	found := false
	staticEnd := -1 // past the last "static" that only spaces or comments may follow
	ctext.EachIdent(src, func(from, to int) {
		word := src[from:to]
		switch {
		case found:
		case string(word) == "static":
			staticEnd = to
		case staticEnd >= 0 && bytes.HasPrefix(word, []byte("DEFINE_")) && ctext.Next(src, staticEnd) == from:
			if open := ctext.Next(src, to); open < len(src) && src[open] == '(' {
				args := ctext.Args(src, open)
				found = len(args) > 0 && args[0] == name
			}
			staticEnd = -1
		default:
			staticEnd = -1
		}
	})
	return found
}
