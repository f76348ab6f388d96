package wqteardown

import (
	"fmt"
	"sort"

	"golang.org/x/tools/go/analysis"

	"github.com/kdlint/kdlint/analyzers/passes/lifecycle"
	"github.com/kdlint/kdlint/analyzers/rule"
	"github.com/kdlint/kdlint/ir"
	"github.com/kdlint/kdlint/kmodel"
)

// Rule reports workqueues not destroyed on the exit/remove path or on an
// error path of the function that creates them (KD301).
var Rule = rule.New(rule.Spec{
	Doc:      doc,
	Run:      run,
	Requires: []*analysis.Analyzer{lifecycle.Analyzer},
	Options:  []*rule.Option{requireFlush},
	Needs:    kmodel.Needs{Objects: []kmodel.ObjectKind{kmodel.Workqueue}},
})

func run(pass *analysis.Pass) (any, error) {
	lc := lifecycle.Of(pass)
	setup := map[*ir.Func]bool{}
	for _, f := range lc.Entries.Setup() {
		setup[f] = true
	}
	var destroys map[*ir.Func]map[string]bool // computed once, when needed
	for _, o := range lc.Objects {
		if o.Kind != kmodel.Workqueue {
			continue
		}
		if lc.HasTeardownPath {
			checkExitPath(pass, lc, o, requireFlush.Bool(pass))
		}
		if o.In != nil && setup[o.In] && !sharedByDevices(lc, o) {
			if destroys == nil {
				destroys = destroyingFuncs(lc)
			}
			checkErrorPaths(pass, lc, o, destroys)
		}
	}
	return nil, nil
}

func checkExitPath(pass *analysis.Pass, lc *lifecycle.Result, o *lifecycle.Object, requireFlush bool) {
	path := lc.PathName(o)
	destroys := func(t *kmodel.Teardown) bool { return t.Destroy }
	destroy, ok := lc.TornDown(o, destroys)
	if !ok && lc.TornDownSomewhere(o, destroys) {
		return // destroyed in code the call graph cannot connect to exit/remove
	}
	if !ok {
		pass.Report(analysis.Diagnostic{
			Pos: o.Setup.P, End: o.Setup.E, Category: doc.ID,
			Message: fmt.Sprintf("workqueue %s is never destroyed: destroy_workqueue(%s) is not called on the exit or remove path (%s)", o.Name(), o.Name(), path),
		})
		return
	}
	if !requireFlush {
		return
	}
	if _, ok := lc.TornDown(o, func(t *kmodel.Teardown) bool { return !t.Destroy && t.Waits }); !ok {
		pass.Report(analysis.Diagnostic{
			Pos: o.Setup.P, End: o.Setup.E, Category: doc.ID,
			Message: fmt.Sprintf("workqueue %s is destroyed without flush_workqueue(%s) first (require-flush)", o.Name(), o.Name()),
			Related: []analysis.RelatedInformation{{Pos: destroy.Call.P, Message: "destroyed here"}},
		})
	}
}

// liveState tracks, path-sensitively, two facts: whether the workqueue
// exists undestroyed, and whether the variable the function returns (ret,
// err, ...) is known to hold success (0) — so that "out: return ret;",
// reached both by failures and by the successful fall-through, is judged
// per path. combos has one bit per (live, ok) pair that some path reaches.
type liveState struct {
	combos uint8
	label  string // first error label a live path entered, for messages
}

func combo(live, ok bool) uint8 {
	i := 0
	if live {
		i |= 2
	}
	if ok {
		i |= 1
	}
	return 1 << i
}

// mapCombos applies f to every (live, ok) pair of s.
func (s liveState) mapCombos(f func(live, ok bool) (bool, bool)) liveState {
	out := liveState{label: s.label}
	for i := 0; i < 4; i++ {
		if s.combos&(1<<i) != 0 {
			out.combos |= combo(f(i&2 != 0, i&1 != 0))
		}
	}
	return out
}

func (s liveState) live() bool { return s.combos&(combo(true, false)|combo(true, true)) != 0 }

// leaksOnError reports whether a path reaches here with the workqueue live
// and the returned variable not known to be success.
func (s liveState) leaksOnError() bool { return s.combos&combo(true, false) != 0 }

// checkErrorPaths reports error returns of o's creating function that can
// be reached with the workqueue created and not destroyed.
func checkErrorPaths(pass *analysis.Pass, lc *lifecycle.Result, o *lifecycle.Object, destroys map[*ir.Func]map[string]bool) {
	f := o.In
	retVar := returnedVariable(f)
	in := make([]liveState, len(f.Blocks))
	seen := make([]bool, len(f.Blocks))
	type leak struct {
		ret   *ir.Return
		label string
	}
	var leaks []leak
	work := []*ir.Block{f.Blocks[0]}
	seen[0] = true
	in[0] = liveState{combos: combo(false, false)}
	enter := func(b *ir.Block, st liveState) liveState {
		if b.Label != "" && st.live() && st.label == "" {
			st.label = b.Label
		}
		return st
	}
	for iter := 0; len(work) > 0 && iter < 40*len(f.Blocks)+100; iter++ {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		st := enter(b, in[b.Index])
		for _, n := range b.Nodes {
			st = step(st, n, o, destroys, lc, retVar)
		}
		for i, s := range b.Succs {
			next := edge(st, b, i, o, retVar)
			old := in[s.Index]
			if seen[s.Index] {
				merged := liveState{combos: old.combos | next.combos, label: old.label}
				if merged.label == "" {
					merged.label = next.label
				}
				if merged.combos == old.combos {
					continue // no new information
				}
				next = merged
			}
			seen[s.Index] = true
			in[s.Index] = next
			work = append(work, s)
		}
	}
	isOK := returnsSuccessExplicitly(f)
	preds := predecessors(f)
	for _, b := range f.Blocks {
		if !seen[b.Index] {
			continue
		}
		st := enter(b, in[b.Index])
		for _, n := range b.Nodes {
			if r, ok := n.(*ir.Return); ok && st.live() {
				var bad bool
				if id, isID := r.Value.(*ir.Ident); isID && id.Name == retVar && retVar != "" {
					bad = st.leaksOnError()
				} else {
					bad = isErrorReturn(r, isOK) || testedNonZero(r, b, preds)
				}
				if bad {
					leaks = append(leaks, leak{r, st.label})
				}
			}
			st = step(st, n, o, destroys, lc, retVar)
		}
	}
	if len(leaks) == 0 {
		return
	}
	sort.Slice(leaks, func(i, j int) bool { return leaks[i].ret.P < leaks[j].ret.P })
	first := leaks[0]
	where := fmt.Sprintf("at line %d", pass.Fset.Position(first.ret.P).Line)
	if first.label != "" {
		where += fmt.Sprintf(" (goto %s)", first.label)
	}
	more := ""
	if n := len(leaks) - 1; n == 1 {
		more = " and on 1 other error path"
	} else if n > 1 {
		more = fmt.Sprintf(" and on %d other error paths", n)
	}
	rel := make([]analysis.RelatedInformation, 0, len(leaks))
	for _, l := range leaks {
		rel = append(rel, analysis.RelatedInformation{Pos: l.ret.P, Message: "returns here without destroy_workqueue(" + o.Name() + ")"})
	}
	pass.Report(analysis.Diagnostic{
		Pos: o.Setup.P, End: o.Setup.E, Category: doc.ID,
		Message: fmt.Sprintf("workqueue %s is not destroyed when %s() returns %s%s", o.Name(), f.Name, where, more),
		Related: rel,
	})
}

// returnedVariable is the variable f returns most often ("ret", "err"),
// or "" when it returns none.
func returnedVariable(f *ir.Func) string {
	count := map[string]int{}
	best := ""
	for _, b := range f.Blocks {
		for _, n := range b.Nodes {
			if r, ok := n.(*ir.Return); ok {
				if id, ok := r.Value.(*ir.Ident); ok {
					count[id.Name]++
					if count[id.Name] > count[best] {
						best = id.Name
					}
				}
			}
		}
	}
	return best
}

// edge applies what taking successor i of b tells: the workqueue was not
// created (if (!wq)), or the returned variable is or is not success.
func edge(st liveState, b *ir.Block, i int, o *lifecycle.Object, retVar string) liveState {
	if b.Cond == nil || len(b.Succs) != 2 {
		return st
	}
	if st.live() && nullOnEdge(b, i, o) {
		st = st.mapCombos(func(_, ok bool) (bool, bool) { return false, ok })
	}
	if retVar != "" {
		if nonZeroTest(b.Cond, retVar) {
			// True: failure. False: success.
			isOK := i == 1
			st = st.mapCombos(func(live, _ bool) (bool, bool) { return live, isOK })
		} else if u, ok := b.Cond.(*ir.Unary); ok && u.Op == "!" && nonZeroTest(u.X, retVar) {
			isOK := i == 0
			st = st.mapCombos(func(live, _ bool) (bool, bool) { return live, isOK })
		}
	}
	return st
}

func step(st liveState, n ir.Node, o *lifecycle.Object, destroys map[*ir.Func]map[string]bool, lc *lifecycle.Result, retVar string) liveState {
	if a, ok := n.(*ir.Assign); ok && retVar != "" {
		if id, ok := a.LHS.(*ir.Ident); ok && id.Name == retVar {
			l, isLit := a.RHS.(*ir.Lit)
			zero := isLit && l.Text == "0"
			return st.mapCombos(func(live, _ bool) (bool, bool) { return live, zero })
		}
		return st
	}
	c, ok := n.(*ir.Call)
	if !ok {
		return st
	}
	if c == o.Setup {
		return st.mapCombos(func(_, ok bool) (bool, bool) { return true, ok })
	}
	if !st.live() {
		return st
	}
	dead := st.mapCombos(func(_, ok bool) (bool, bool) { return false, ok })
	for _, op := range kmodel.TeardownsFor(c.Name) {
		if op.Kind == kmodel.Workqueue && op.Destroy && op.ObjArg < len(c.Args) {
			if k := ir.ObjectKey(c.Args[op.ObjArg]); k == "" || o.Matches(k) {
				return dead
			}
		}
	}
	if lc.IsDevresTeardown(c, o) {
		return dead // devres destroys it from now on
	}
	// A cleanup helper of the module that destroys it.
	for key := range destroys[lc.Graph.Module.Func(c.Name)] {
		if key == "" || o.Matches(key) {
			return dead
		}
	}
	return st
}

// destroyingFuncs maps each module function to the workqueue keys it
// destroys, directly or through the functions it calls.
func destroyingFuncs(lc *lifecycle.Result) map[*ir.Func]map[string]bool {
	out := map[*ir.Func]map[string]bool{}
	for _, f := range lc.Graph.Module.Funcs {
		for _, c := range f.Calls() {
			for _, op := range kmodel.TeardownsFor(c.Name) {
				if op.Kind == kmodel.Workqueue && op.Destroy && op.ObjArg < len(c.Args) {
					if out[f] == nil {
						out[f] = map[string]bool{}
					}
					out[f][ir.ObjectKey(c.Args[op.ObjArg])] = true
				}
			}
		}
	}
	// Callers inherit their callees' keys, until nothing changes.
	for changed := true; changed; {
		changed = false
		for f, sites := range lc.Graph.Callees {
			for _, s := range sites {
				for k := range out[s.Callee] {
					if !out[f][k] {
						if out[f] == nil {
							out[f] = map[string]bool{}
						}
						out[f][k] = true
						changed = true
					}
				}
			}
		}
	}
	return out
}

// nullOnEdge reports whether taking successor i of b means the workqueue
// was not created: if (!wq), if (wq == NULL), if (IS_ERR(wq)).
func nullOnEdge(b *ir.Block, i int, o *lifecycle.Object) bool {
	if b.Cond == nil || len(b.Succs) != 2 {
		return false
	}
	nullWhenTrue, ok := nullTest(b.Cond, o)
	if !ok {
		return false
	}
	return (i == 0) == nullWhenTrue
}

// nullTest reports whether cond tests o for NULL, and whether cond is true
// when o is NULL.
func nullTest(cond ir.Expr, o *lifecycle.Object) (nullWhenTrue, ok bool) {
	switch e := cond.(type) {
	case *ir.Unary:
		if e.Op == "!" {
			if o.Matches(ir.ObjectKey(e.X)) {
				return true, true
			}
			if n, ok := nullTest(e.X, o); ok {
				return !n, true
			}
		}
	case *ir.Ident, *ir.Member:
		if o.Matches(ir.ObjectKey(e)) {
			return false, true
		}
	case *ir.Binary:
		zero := func(x ir.Expr) bool {
			l, ok := x.(*ir.Lit)
			return ok && l.Text == "0" || ir.ObjectKey(x) == "NULL"
		}
		if (e.Op == "==" || e.Op == "!=") && (o.Matches(ir.ObjectKey(e.X)) && zero(e.Y) || o.Matches(ir.ObjectKey(e.Y)) && zero(e.X)) {
			return e.Op == "==", true
		}
	case *ir.Call:
		if len(e.Args) == 1 {
			if kmodel.In(e.Name, kmodel.BranchHints) {
				return nullTest(e.Args[0], o)
			}
			if kmodel.In(e.Name, kmodel.ErrorPointerTests) && o.Matches(ir.ObjectKey(e.Args[0])) {
				return true, true
			}
		}
	}
	return false, false
}

// returnsSuccessExplicitly reports whether f has a "return 0".
func returnsSuccessExplicitly(f *ir.Func) bool {
	for _, b := range f.Blocks {
		for _, n := range b.Nodes {
			if r, ok := n.(*ir.Return); ok {
				if l, ok := r.Value.(*ir.Lit); ok && l.Text == "0" {
					return true
				}
			}
		}
	}
	return false
}

// isErrorReturn decides whether a return reports failure: a negative or
// non-zero constant, an ERR_PTR/PTR_ERR/dev_err_probe call, or an error
// variable returned from an error label or from a function that returns 0
// explicitly on success.
func isErrorReturn(r *ir.Return, explicitSuccess bool) bool {
	switch v := r.Value.(type) {
	case nil:
		return false
	case *ir.Lit:
		return v.Text != "0"
	case *ir.Unary:
		return v.Op == "-"
	case *ir.Call:
		return kmodel.In(v.Name, kmodel.ErrorValueCalls)
	case *ir.Ident:
		if v.Name == "NULL" || v.Name == "IRQ_HANDLED" {
			return false
		}
		return r.ViaLabel != "" || explicitSuccess
	}
	return false
}

func predecessors(f *ir.Func) map[*ir.Block][]*ir.Block {
	out := map[*ir.Block][]*ir.Block{}
	for _, b := range f.Blocks {
		for _, s := range b.Succs {
			out[s] = append(out[s], b)
		}
	}
	return out
}

// testedNonZero reports whether a "return v;" is only reached when a test
// just before it found v to be non-zero or negative:
//
//	ret = register_thing();
//	if (ret)
//		return ret;
func testedNonZero(r *ir.Return, b *ir.Block, preds map[*ir.Block][]*ir.Block) bool {
	id, ok := r.Value.(*ir.Ident)
	if !ok {
		return false
	}
	// Walk up through blocks with a single predecessor to the branch.
	for guard := 0; guard < 8; guard++ {
		ps := preds[b]
		if len(ps) != 1 {
			return false
		}
		p := ps[0]
		if p.Cond != nil && len(p.Succs) == 2 {
			return p.Succs[0] == b && nonZeroTest(p.Cond, id.Name)
		}
		b = p
	}
	return false
}

// nonZeroTest reports whether cond is true only when name is non-zero:
// name, name != 0, name < 0, unlikely(name), IS_ERR_VALUE(name).
func nonZeroTest(cond ir.Expr, name string) bool {
	switch e := cond.(type) {
	case *ir.Ident:
		return e.Name == name
	case *ir.Binary:
		x, ok := e.X.(*ir.Ident)
		lit, lok := e.Y.(*ir.Lit)
		return ok && lok && x.Name == name && lit.Text == "0" && (e.Op == "!=" || e.Op == "<")
	case *ir.Call:
		if (kmodel.In(e.Name, kmodel.BranchHints) || kmodel.In(e.Name, kmodel.ErrorValueTests)) && len(e.Args) == 1 {
			return nonZeroTest(e.Args[0], name)
		}
	}
	return false
}

// sharedByDevices reports whether o is a module-wide workqueue (a global
// variable) created in a probe function: probe creates it for the first
// device and module exit destroys it, so a failed probe may leave it.
func sharedByDevices(lc *lifecycle.Result, o *lifecycle.Object) bool {
	id, ok := o.Expr.(*ir.Ident)
	if !ok {
		return false
	}
	isProbe := false
	for _, p := range lc.Entries.Probes {
		isProbe = isProbe || p == o.In
	}
	if !isProbe {
		return false
	}
	for _, name := range append(append([]string{}, o.In.Params...), o.In.Locals...) {
		if name == id.Name {
			return false // a local of probe, not module-wide
		}
	}
	return true
}
