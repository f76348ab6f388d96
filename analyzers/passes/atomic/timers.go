package atomic

import (
	"go/token"

	"github.com/kdlint/kdlint/analyzers/passes/entries"
	"github.com/kdlint/kdlint/ir"
	"github.com/kdlint/kdlint/kmodel"
)

// A timer's callback runs only after the timer was armed with that
// callback set. A driver that sets a timer up with one callback and, right
// before the only add_timer(), sets it up again with another has its first
// callback never run as a timer callback (cpqphp: the function runs in a
// kthread instead). For each timer of the module (named by its member,
// or a global), the callbacks that can be set where each arming call
// (add_timer, mod_timer, hrtimer_start, ...) runs are worked out within
// the arming function; what its caller set is unknown and counts as any
// of the timer's callbacks. A callback none of the arming calls can run
// is not an atomic root. The analysis gives up (every callback counts)
// when an arming call names its timer through a plain variable or a
// parameter, or, for the callbacks of a Kbuild object, when the front end
// had to skip part of that object (a function skipped in another object
// built from the same directory cannot arm this one's timers).

// deadTimerCallbacks returns the timer callbacks that no arming call of
// the module can run.
func deadTimerCallbacks(m *ir.Module, km *kmodel.Model, ents *entries.Entries, mf *moduleFacts) map[*entries.Callback]bool {
	blind := mf.blind()
	if blind == nil {
		return nil
	}
	globals := map[string]bool{}
	for _, g := range m.Globals {
		globals[g.Name] = true
	}
	key := func(e ir.Expr) string {
		switch x := ir.StripAddr(e).(type) {
		case *ir.Member:
			return "." + x.Name
		case *ir.Ident:
			if globals[x.Name] {
				return x.Name
			}
		}
		return ""
	}
	// The callbacks of each timer, and the registrations by position.
	byKey := map[string][]*entries.Callback{}
	byPos := map[token.Pos][]*entries.Callback{}
	for _, f := range m.Funcs {
		for i := range ents.Callbacks[f] {
			cb := &ents.Callbacks[f][i]
			if cb.ObjectKind != kmodel.Timer || cb.Object == nil {
				continue
			}
			if k := key(cb.Object); k != "" {
				byKey[k] = append(byKey[k], cb)
				byPos[cb.Pos] = append(byPos[cb.Pos], cb)
			}
		}
	}
	if len(byKey) == 0 {
		return nil
	}
	live := map[*ir.Func]map[string]bool{} // callback -> timers it can run for
	armed := map[string]bool{}
	markAll := func(k string) {
		for _, cb := range byKey[k] {
			if live[cb.Func] == nil {
				live[cb.Func] = map[string]bool{}
			}
			live[cb.Func][k] = true
		}
	}
	for _, f := range m.Funcs {
		var arms []*ir.Call
		for _, b := range f.Blocks {
			for _, n := range b.Nodes {
				if c, ok := n.(*ir.Call); ok {
					if a := km.TimerArmFor(c.Name); a != nil {
						if a.ObjArg >= len(c.Args) {
							continue
						}
						if key(c.Args[a.ObjArg]) == "" {
							return nil // a timer the analysis cannot name
						}
						arms = append(arms, c)
					}
				}
			}
		}
		if len(arms) == 0 {
			continue
		}
		set := installed(f, byPos, key)
		for _, c := range arms {
			k := key(c.Args[km.TimerArmFor(c.Name).ObjArg])
			armed[k] = true
			fns, ok := set[c][k]
			if !ok || fns == nil {
				markAll(k) // what the caller set: any of them
				continue
			}
			for fn := range fns {
				if live[fn] == nil {
					live[fn] = map[string]bool{}
				}
				live[fn][k] = true
			}
		}
	}
	dead := map[*entries.Callback]bool{}
	for k, cbs := range byKey {
		if !armed[k] {
			continue // armed nowhere the analysis sees: keep them all
		}
		for _, cb := range cbs {
			if !live[cb.Func][k] && !blind[cb.Func.File] {
				dead[cb] = true
			}
		}
	}
	return dead
}

// blindFiles returns the files of the Kbuild objects in which the front
// end skipped something, as a set; nil when that is every file of the
// module (the module is one object, or a skip could not be placed).
func blindFiles(m *ir.Module) map[string]bool {
	blind := map[string]bool{}
	if len(m.Skipped) == 0 {
		return blind
	}
	if len(m.Units) == 0 {
		return nil
	}
	fileOf := func(pos token.Pos) string {
		for _, f := range m.Files {
			if f.Tok != nil && int(pos) >= f.Tok.Base() && int(pos) <= f.Tok.Base()+f.Tok.Size() {
				return f.Path
			}
		}
		return ""
	}
	for _, s := range m.Skipped {
		file, placed := fileOf(s.Pos), false
		for _, u := range m.Units {
			for _, uf := range u.Files {
				if uf != file {
					continue
				}
				placed = true
				for _, g := range u.Files {
					blind[g] = true
				}
			}
		}
		if !placed {
			return nil // in a header, or a file no object lists
		}
	}
	return blind
}

// installed returns, for each call of f, what f has set each timer's
// callback to on every path to it: a timer missing from the map still
// has what f's caller set (nil stands for that among others).
func installed(f *ir.Func, byPos map[token.Pos][]*entries.Callback, key func(ir.Expr) string) map[*ir.Call]map[string]map[*ir.Func]bool {
	type state map[string]map[*ir.Func]bool // timer -> callbacks; nil entry: the caller's
	n := len(f.Blocks)
	if n == 0 {
		return nil
	}
	in := make([]state, n)
	seen := make([]bool, n)
	in[0], seen[0] = state{}, true
	apply := func(st state, nd ir.Node) state {
		cbs := byPos[nd.Pos()]
		if len(cbs) == 0 {
			return st
		}
		if _, ok := nd.(*ir.Call); !ok {
			if _, ok := nd.(*ir.Assign); !ok {
				return st
			}
		}
		out := state{}
		for k, v := range st {
			out[k] = v
		}
		for _, cb := range cbs {
			out[key(cb.Object)] = map[*ir.Func]bool{cb.Func: true}
		}
		return out
	}
	merge := func(a, b state) (state, bool) {
		out := state{}
		changed := false
		for k, v := range a {
			out[k] = v
		}
		// A timer set on one path only keeps the caller's on the other.
		for k := range a {
			if _, ok := b[k]; !ok {
				if out[k] != nil {
					out[k] = nil
					changed = true
				}
			}
		}
		for k, v := range b {
			old, ok := a[k]
			if !ok {
				out[k] = nil
				changed = true
				continue
			}
			if old == nil || v == nil {
				if old != nil {
					changed = true
				}
				out[k] = nil
				continue
			}
			u := map[*ir.Func]bool{}
			for fn := range old {
				u[fn] = true
			}
			for fn := range v {
				if !u[fn] {
					u[fn] = true
					changed = true
				}
			}
			out[k] = u
		}
		return out, changed
	}
	work := []int{0}
	for iter := 0; len(work) > 0 && iter < 64*n; iter++ {
		bi := work[len(work)-1]
		work = work[:len(work)-1]
		st := in[bi]
		for _, nd := range f.Blocks[bi].Nodes {
			st = apply(st, nd)
		}
		for _, s := range f.Blocks[bi].Succs {
			si := s.Index
			if si < 0 || si >= n || f.Blocks[si] != s {
				continue
			}
			if !seen[si] {
				seen[si], in[si] = true, st
				work = append(work, si)
				continue
			}
			if m, changed := merge(in[si], st); changed {
				in[si] = m
				work = append(work, si)
			}
		}
	}
	out := map[*ir.Call]map[string]map[*ir.Func]bool{}
	for bi, b := range f.Blocks {
		if !seen[bi] {
			continue
		}
		st := in[bi]
		for _, nd := range b.Nodes {
			if c, ok := nd.(*ir.Call); ok {
				out[c] = st
			}
			st = apply(st, nd)
		}
	}
	return out
}
