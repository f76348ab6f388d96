package atomic

import (
	"github.com/kdlint/kdlint/ir"
	"github.com/kdlint/kdlint/kmodel"
)

// Code that tests its context (if (!in_interrupt()) msleep(...)) does not
// take the branch its context rules out. Each atomic function carries the
// set of atomic contexts it can run in; a call counts as made in one of
// them only when the branches leading to it are possible there.

// contexts is a set of kmodel.Contexts.
type contexts uint8

func contextSet(c kmodel.Context) contexts { return 1 << c }

func (s contexts) each(visit func(kmodel.Context)) {
	for c := kmodel.Context(0); c < 8; c++ {
		if s&(1<<c) != 0 {
			visit(c)
		}
	}
}

// feasibility caches, per function and context, the calls that can run,
// and which functions test their context at all (most do not: for them
// every call can run).
type feasibility struct {
	km    *kmodel.Model
	runs  map[*ir.Func]map[kmodel.Context]map[*ir.Call]bool
	tests map[*ir.Func]bool
}

func newFeasibility(km *kmodel.Model) *feasibility {
	return &feasibility{km: km, runs: map[*ir.Func]map[kmodel.Context]map[*ir.Call]bool{}, tests: map[*ir.Func]bool{}}
}

// possible reports whether call c of f can run in one of the contexts of
// s; an empty set rules out nothing.
func (fs *feasibility) possible(f *ir.Func, c *ir.Call, s contexts) bool {
	return s == 0 || fs.in(f, c, s) != 0
}

// in returns the contexts of s in which call c of f can run.
func (fs *feasibility) in(f *ir.Func, c *ir.Call, s contexts) contexts {
	tests, ok := fs.tests[f]
	if !ok {
		tests = fs.testsContext(f)
		fs.tests[f] = tests
	}
	if !tests {
		return s
	}
	var out contexts
	s.each(func(ctx kmodel.Context) {
		if fs.calls(f, ctx)[c] {
			out |= contextSet(ctx)
		}
	})
	return out
}

func (fs *feasibility) calls(f *ir.Func, ctx kmodel.Context) map[*ir.Call]bool {
	if fs.runs[f] == nil {
		fs.runs[f] = map[kmodel.Context]map[*ir.Call]bool{}
	}
	if set, ok := fs.runs[f][ctx]; ok {
		return set
	}
	set := map[*ir.Call]bool{}
	seen := make([]bool, len(f.Blocks))
	work := []*ir.Block{f.Blocks[0]}
	seen[0] = true
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		for _, n := range b.Nodes {
			if c, ok := n.(*ir.Call); ok {
				set[c] = true
			}
		}
		succs := b.Succs
		if v, known := fs.evalIn(b.Cond, ctx); known && len(succs) == 2 {
			if v {
				succs = succs[:1]
			} else {
				succs = succs[1:]
			}
		}
		for _, s := range succs {
			if !seen[s.Index] {
				seen[s.Index] = true
				work = append(work, s)
			}
		}
	}
	fs.runs[f][ctx] = set
	return set
}

// testsContext reports whether a branch of f depends on a context test.
func (fs *feasibility) testsContext(f *ir.Func) bool {
	for _, b := range f.Blocks {
		if b.Cond != nil && fs.mentionsTest(b.Cond) {
			return true
		}
	}
	return false
}

func (fs *feasibility) mentionsTest(e ir.Expr) bool {
	switch e := e.(type) {
	case *ir.Call:
		if fs.km.IsContextTest(e.Name) {
			return true
		}
		for _, a := range e.Args {
			if fs.mentionsTest(a) {
				return true
			}
		}
	case *ir.Unary:
		return fs.mentionsTest(e.X)
	case *ir.Binary:
		return fs.mentionsTest(e.X) || fs.mentionsTest(e.Y)
	}
	return false
}

// evalIn evaluates a branch condition in context ctx, as far as context
// tests, !, && and || decide it.
func (fs *feasibility) evalIn(e ir.Expr, ctx kmodel.Context) (value, known bool) {
	switch e := e.(type) {
	case *ir.Call:
		if kmodel.In(e.Name, kmodel.BranchHints) && len(e.Args) == 1 {
			return fs.evalIn(e.Args[0], ctx)
		}
		if len(e.Args) == 0 {
			return fs.km.ContextTestIn(e.Name, ctx)
		}
	case *ir.Unary:
		if e.Op == "!" {
			v, known := fs.evalIn(e.X, ctx)
			return !v, known
		}
	case *ir.Binary:
		x, xk := fs.evalIn(e.X, ctx)
		y, yk := fs.evalIn(e.Y, ctx)
		switch e.Op {
		case "&&":
			if xk && !x || yk && !y {
				return false, true
			}
			return true, xk && yk
		case "||":
			if xk && x || yk && y {
				return true, true
			}
			return false, xk && yk
		}
	}
	return false, false
}
