package atomic

import (
	"bytes"

	"github.com/kdlint/kdlint/analyzers/passes/callgraph"
	"github.com/kdlint/kdlint/analyzers/passes/ctext"
	"github.com/kdlint/kdlint/analyzers/passes/entries"
	"github.com/kdlint/kdlint/ir"
	"github.com/kdlint/kdlint/kmodel"
)

// Static keys (DEFINE_STATIC_KEY_FALSE(key), static_branch_unlikely(&key))
// are module globals that code tests to pick a path, and that only the
// static key calls change (kmodel.StaticKeyChanges). The exploration
// binds "$key" when a branch tests one (the path taken says whether it
// is on), forgets the binding at a call that may change the key (a
// change call naming it, a call out of the module given its address, a
// module function that changes a key, at any depth), and a root starts
// with the keys every arming call of its work item or timer tested:
// dm-verity queues its BH work only under
// static_branch_unlikely(&use_bh_wq_enabled), and the BH path tests the
// key again to leave the sleeping fallback to a workqueue.
//
// The front end parses the bodies that change a key where the code can
// run in atomic context (the calls are in the rules' needs), so a body it
// left out changes none on an atomic path. What is not seen: a key switched off
// while a work item queued under it is still pending (the kernel's own
// code relies on that not happening while it uses the key: a key is
// changed at set-up and teardown).

// keyBinding is the environment name of static key k.
func keyBinding(k string) string { return "$" + k }

func isKeyBinding(name string) bool { return name != "" && name[0] == '$' }

// staticKeyName returns the key an argument names: &key, &key.key
// (kmodel.StaticKeyMember: the struct static_key inside a
// DEFINE_STATIC_KEY_* key, or the key of a deferred one).
func staticKeyName(e ir.Expr) (string, bool) {
	x := ir.StripAddr(e)
	for {
		m, ok := x.(*ir.Member)
		if !ok || m.Name != kmodel.StaticKeyMember || m.Arrow {
			break
		}
		x = m.X
	}
	if id, ok := x.(*ir.Ident); ok {
		return id.Name, true
	}
	return "", false
}

// keyTested returns the key a static key test c reads.
func keyTested(km *kmodel.Model, c *ir.Call) (string, bool) {
	t := km.StaticKeyTestFor(c.Name)
	if t == nil || t.Arg >= len(c.Args) {
		return "", false
	}
	return staticKeyName(c.Args[t.Arg])
}

// changesKeys reports whether f, or a module function it calls, may
// change a static key.
func (mf *moduleFacts) changesKeys(f *ir.Func) bool {
	if mf.keyChangers == nil {
		mf.keyChangers = map[*ir.Func]bool{}
		var work []*ir.Func
		for _, g := range mf.graph.Module.Funcs {
			for _, c := range g.Calls() {
				if mf.km.StaticKeyChangeFor(c.Name) != nil {
					mf.keyChangers[g] = true
					work = append(work, g)
					break
				}
			}
		}
		for len(work) > 0 {
			g := work[len(work)-1]
			work = work[:len(work)-1]
			for _, s := range mf.graph.CallersOf(g) {
				if !mf.keyChangers[s.Caller] {
					mf.keyChangers[s.Caller] = true
					work = append(work, s.Caller)
				}
			}
		}
	}
	return mf.keyChangers[f]
}

// anyKeyChanger reports whether a function of the module may change a
// static key.
func (mf *moduleFacts) anyKeyChanger() bool {
	if len(mf.graph.Module.Funcs) > 0 {
		mf.changesKeys(mf.graph.Module.Funcs[0]) // works keyChangers out
	}
	return len(mf.keyChangers) > 0
}

// keysAfterCall forgets the keys call c (of the module's functions
// callees, none for a call out of the module) may change.
func (e *engine) keysAfterCall(c *ir.Call, callees []*ir.Func, st env) env {
	if len(callees) > 0 {
		for _, g := range callees {
			if e.r.facts.changesKeys(g) {
				return st.without(func(b binding) bool { return isKeyBinding(b.name) })
			}
		}
		return st
	}
	if e.km.StaticKeyTestFor(c.Name) != nil {
		return st
	}
	if c.Name == "" && e.r.facts.anyKeyChanger() {
		// Through a function pointer the analysis does not resolve: it
		// may reach the module's function that changes a key.
		return st.without(func(b binding) bool { return isKeyBinding(b.name) })
	}
	if ch := e.km.StaticKeyChangeFor(c.Name); ch != nil {
		if ch.Arg < len(c.Args) {
			if k, ok := staticKeyName(c.Args[ch.Arg]); ok {
				return st.with(keyBinding(k), unknown, false)
			}
		}
		return st.without(func(b binding) bool { return isKeyBinding(b.name) })
	}
	// A call out of the module given a key's address may change it.
	for _, a := range c.Args {
		walkExpr(a, func(x ir.Expr) {
			if id, ok := x.(*ir.Ident); ok {
				st = st.with(keyBinding(id.Name), unknown, false)
			}
		})
	}
	return st
}

// keyFacts returns, for the work and timer callbacks of the module, the
// static keys their roots start with: a key tested the same way on every
// path to every arming call (queue_work(), mod_timer(), ...) of the
// callback's work item or timer, found by its member name. Given up for
// an object whose address goes elsewhere than to a kernel call (a module
// function, a variable: it might be armed there unseen), or whose name
// the module's text mentions outside the bodies the front end parsed;
// and for a key the arming function may change, or the module's text
// changes unseen.
func keyFacts(m *ir.Module, km *kmodel.Model, mf *moduleFacts, ents *entries.Entries) map[*entries.Callback]env {
	if !mentionsKeyTest(m, km) {
		return nil
	}
	blind := mf.blind()
	if blind == nil {
		return nil
	}
	objs := map[string][]*entries.Callback{}
	for _, f := range m.Funcs {
		for i := range ents.Callbacks[f] {
			cb := &ents.Callbacks[f][i]
			if !cb.Context.Atomic() || cb.Object == nil || cb.ObjectKind != kmodel.Work && cb.ObjectKind != kmodel.Timer {
				continue
			}
			if x, ok := ir.StripAddr(cb.Object).(*ir.Member); ok {
				objs[x.Name] = append(objs[x.Name], cb)
			}
		}
	}
	if len(objs) == 0 {
		return nil
	}
	var unseen func(string) bool
	out := map[*entries.Callback]env{}
	ev := &evaluator{km: km, enums: m.Enums}
	moduleCalls := map[*ir.Call]bool{}
	for _, sites := range []map[*ir.Func][]callgraph.Site{mf.graph.Callees, mf.graph.Indirect} {
		for _, ss := range sites {
			for _, s := range ss {
				moduleCalls[s.Call] = true
			}
		}
	}
	for name, cbs := range objs {
		facts, ok := armingKeys(m, km, mf, ev, name, blind, moduleCalls)
		if !ok || len(facts) == 0 {
			continue
		}
		if unseen == nil {
			unseen = unseenText(mf.texts)
		}
		if unseen(name) {
			continue
		}
		var b env
		for k, v := range facts {
			b = b.with(keyBinding(k), v, false)
		}
		for _, cb := range cbs {
			out[cb] = b
		}
	}
	return out
}

// mentionsKeyTest reports whether a function of m tests a static key.
func mentionsKeyTest(m *ir.Module, km *kmodel.Model) bool {
	for _, f := range m.Funcs {
		for _, c := range f.Calls() {
			if km.StaticKeyTestFor(c.Name) != nil {
				return true
			}
		}
	}
	return false
}

// armingKeys returns the keys known at every arming call of the object
// member name (a work item queued, a timer armed); ok is false when the
// object may be armed where the analysis does not see it.
// moduleCalls are the calls of module functions, direct or through a
// function pointer (callgraph).
func armingKeys(m *ir.Module, km *kmodel.Model, mf *moduleFacts, ev *evaluator, name string, blind map[string]bool, moduleCalls map[*ir.Call]bool) (map[string]Value, bool) {
	var facts map[string]Value
	arms := 0
	// named reports whether e is the address of the object, or of a
	// member inside it (&p->dwork.work).
	named := func(e ir.Expr) bool {
		u, ok := e.(*ir.Unary)
		if !ok || u.Op != "&" {
			return false
		}
		for x, ok := u.X.(*ir.Member); ok; x, ok = x.X.(*ir.Member) {
			if x.Name == name {
				return true
			}
		}
		return false
	}
	// escapes reports whether e takes the object's address, not counting
	// the calls inside it (each is a node of its own).
	var escapes func(e ir.Expr) bool
	escapes = func(e ir.Expr) bool {
		if named(e) {
			return true
		}
		switch x := e.(type) {
		case *ir.Unary:
			return escapes(x.X)
		case *ir.Binary:
			return escapes(x.X) || escapes(x.Y)
		case *ir.Member:
			return escapes(x.X)
		case *ir.Cond:
			return escapes(x.C) || escapes(x.Then) || escapes(x.Else)
		case *ir.InitList:
			for _, el := range x.Elems {
				if escapes(el.Value) {
					return true
				}
			}
		}
		return false
	}
	for _, f := range m.Funcs {
		for bi, b := range f.Blocks {
			for _, n := range b.Nodes {
				switch n := n.(type) {
				case *ir.Assign:
					if escapes(n.RHS) {
						return nil, false
					}
					continue
				case *ir.Return:
					if n.Value != nil && escapes(n.Value) {
						return nil, false
					}
					continue
				case *ir.Call:
				default:
					continue
				}
				c := n.(*ir.Call)
				arm := -1
				if q := km.WorkQueueingFor(c.Name); q != nil {
					arm = q.WorkArg
				} else if a := km.TimerArmFor(c.Name); a != nil {
					arm = a.ObjArg
				}
				for i, a := range c.Args {
					if !escapes(a) {
						continue
					}
					if moduleCalls[c] || c.Name == "" || i != arm && (!named(a) || arm >= 0) {
						// To a module function, through a function pointer,
						// or inside an expression.
						return nil, false
					}
					if i != arm {
						continue // a kernel call that does not arm it (INIT_WORK, cancel_work_sync)
					}
					if blind[f.File] || mf.changesKeys(f) {
						return nil, false
					}
					got := keyGuards(ev, f, bi)
					arms++
					if facts == nil {
						facts = got
						continue
					}
					for k, v := range facts {
						if w, ok := got[k]; !ok || w != v {
							delete(facts, k)
						}
					}
				}
			}
		}
	}
	for _, g := range m.Globals {
		found := false
		if g.Init != nil {
			walkExpr(g.Init, func(x ir.Expr) { found = found || named(x) })
		}
		if found {
			return nil, false
		}
	}
	if arms == 0 {
		return nil, false
	}
	return facts, true
}

// keyGuards returns the static keys that the branches every path from
// f's entry to block target goes through test: key on (1) or off (0).
func keyGuards(ev *evaluator, f *ir.Func, target int) map[string]Value {
	out := map[string]Value{}
	if len(f.Blocks) > maxGuardBlocks {
		return out
	}
	for bi, b := range f.Blocks {
		if b.Cond == nil || len(b.Succs) != 2 || bi == target {
			continue
		}
		for i, s := range b.Succs {
			tests := keyTests(ev.km, b.Cond, i == 0, nil)
			if len(tests) == 0 || reachableAvoiding(f, target, bi, s) {
				continue
			}
			for k, v := range tests {
				out[k] = boolValue(v)
			}
		}
	}
	return out
}

// keyTests adds to out what cond, having the truth value truth, says of
// static keys.
func keyTests(km *kmodel.Model, cond ir.Expr, truth bool, out map[string]bool) map[string]bool {
	switch c := cond.(type) {
	case *ir.Unary:
		if c.Op == "!" {
			return keyTests(km, c.X, !truth, out)
		}
	case *ir.Binary:
		if c.Op == "&&" && truth || c.Op == "||" && !truth {
			return keyTests(km, c.Y, truth, keyTests(km, c.X, truth, out))
		}
	case *ir.Call:
		if kmodel.In(c.Name, kmodel.BranchHints) && len(c.Args) == 1 {
			return keyTests(km, c.Args[0], truth, out)
		}
		if k, ok := keyTested(km, c); ok {
			if out == nil {
				out = map[string]bool{}
			}
			out[k] = truth
		}
	}
	return out
}

// unseenText returns a function that tells whether the module's text
// names member name (after . or ->) where the front end parsed no body
// (moduleTexts: a header it cannot read again names everything).
func unseenText(moduleTexts func() ([]*moduleText, bool)) func(name string) bool {
	texts, ok := moduleTexts()
	return func(name string) bool {
		if !ok {
			return true
		}
		for _, t := range texts {
			text := t.src
			for i := 0; ; {
				j := bytes.Index(text[i:], []byte(name))
				if j < 0 {
					break
				}
				at := i + j
				end := at + len(name)
				i = end
				if end < len(text) && ctext.IsIdentByte(text[end]) || at > 0 && ctext.IsIdentByte(text[at-1]) || t.inParsed(at) {
					continue
				}
				k := at - 1
				for k >= 0 && isSpace(text[k]) {
					k--
				}
				if k >= 0 && (text[k] == '.' || k >= 1 && text[k] == '>' && text[k-1] == '-') {
					return true
				}
			}
		}
		return false
	}
}
