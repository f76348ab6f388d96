package entries

import (
	"github.com/kdlint/kdlint/ir"
	"github.com/kdlint/kdlint/kmodel"
)

// Atomic contexts that come from where a callback is stored rather than
// from the call that registers it: the notifier_call of a notifier block
// handed to an atomic notifier chain, and the work function of a work
// item queued on a BH workqueue. They are kept apart from the
// registrations above; atomicContexts runs after them.

// atomicContexts finds the callbacks of atomic notifier chains and BH
// workqueues.
func (f *finder) atomicContexts() {
	var stores map[string][]memberStore // by member name, built on first use
	bhQueues := map[string]bool{}       // object keys of BH workqueues
	for _, fn := range f.m.Funcs {
		f.file, f.fn = fn.File, fn
		for _, b := range fn.Blocks {
			for _, n := range b.Nodes {
				if a, ok := n.(*ir.Assign); ok {
					if c, ok := a.RHS.(*ir.Call); ok && f.bhAlloc(c) {
						if k := ir.ObjectKey(a.LHS); k != "" {
							bhQueues[k] = true
						}
					}
				}
				c, ok := n.(*ir.Call)
				if !ok {
					continue
				}
				for _, r := range f.km.StructRegistrationsFor(c.Name) {
					if r.Arg >= len(c.Args) {
						continue
					}
					if stores == nil {
						stores = f.memberStores()
					}
					f.structCallbacks(c, r, stores)
				}
			}
		}
	}
	f.bhWork(bhQueues)
}

// memberStore is a function stored in a member: in the initializer of a
// global (the object is the global) or by an assignment (the object is
// the assignment's base).
type memberStore struct {
	object string // object key of the structure
	fn     string
	file   string
	pos    ir.Expr
}

// memberStores returns the functions the module stores in members, by
// member name.
func (f *finder) memberStores() map[string][]memberStore {
	out := map[string][]memberStore{}
	for _, g := range f.m.Globals {
		list, ok := g.Init.(*ir.InitList)
		if !ok {
			continue
		}
		for _, el := range list.Elems {
			if name := ir.CalleeName(el.Value); name != "" && el.Field != "" {
				out[el.Field] = append(out[el.Field], memberStore{object: g.Name, fn: name, file: g.File, pos: el.Value})
			}
		}
	}
	for _, fn := range f.m.Funcs {
		for _, b := range fn.Blocks {
			for _, n := range b.Nodes {
				a, ok := n.(*ir.Assign)
				if !ok {
					continue
				}
				mem, ok := a.LHS.(*ir.Member)
				if !ok {
					continue
				}
				if name := ir.CalleeName(a.RHS); name != "" {
					out[mem.Name] = append(out[mem.Name], memberStore{object: ir.ObjectKey(mem.X), fn: name, file: fn.File, pos: a.RHS})
				}
			}
		}
	}
	return out
}

// structCallbacks records the callbacks that registration c of a
// structure makes run: the functions stored in the registered
// structure's callback member.
func (f *finder) structCallbacks(c *ir.Call, r *kmodel.StructRegistration, stores map[string][]memberStore) {
	obj := ir.ObjectKey(c.Args[r.Arg])
	if obj == "" {
		return
	}
	for _, s := range stores[r.Member] {
		if s.object != obj {
			continue
		}
		saved := f.file
		f.file = s.file
		cb := Callback{Context: r.Context, Kind: r.Kind, Pos: c.P, By: c.Name, Where: r.Where}
		if r.Arg > 0 {
			// A notifier head with a context of its own (the panic chain).
			if id, ok := ir.StripAddr(c.Args[0]).(*ir.Ident); ok {
				if ch := f.km.NotifierChainFor(id.Name); ch != nil {
					cb.Kind, cb.Where, cb.IRQsOff = ch.Kind, ch.Where, ch.IRQsOff
				}
			}
		}
		f.callback(s.fn, cb)
		f.file = saved
	}
}

// bhAlloc reports whether c allocates a workqueue with the BH flag.
func (f *finder) bhAlloc(c *ir.Call) bool {
	wa := f.km.WorkqueueAllocFor(c.Name)
	return wa != nil && wa.FlagsArg < len(c.Args) && ir.Mentions(c.Args[wa.FlagsArg], kmodel.WQBHFlag)
}

// bhWork records as BH work functions the work functions of the work
// items the module queues on a BH workqueue: a system one, or one it
// allocated with WQ_BH (bhQueues). A work item is the one its queueing
// call names by the same access path (io->work), set up in the same
// function before the call (the last such set-up: a work item reused for
// another function is set up again before it is queued), else anywhere
// in the same file.
func (f *finder) bhWork(bhQueues map[string]bool) {
	type queued struct {
		fn   *ir.Func
		call *ir.Call
		path string
	}
	var qs []queued
	for _, fn := range f.m.Funcs {
		for _, c := range fn.Calls() {
			q := f.km.WorkQueueingFor(c.Name)
			if q == nil || q.WQArg >= len(c.Args) || q.WorkArg >= len(c.Args) {
				continue
			}
			wq := c.Args[q.WQArg]
			if !f.km.IsBHWorkqueue(ir.CalleeName(wq)) && !bhQueues[ir.ObjectKey(wq)] {
				continue
			}
			qs = append(qs, queued{fn, c, ir.StripAddr(c.Args[q.WorkArg]).String()})
		}
	}
	if len(qs) == 0 {
		return
	}
	type work struct {
		fn *ir.Func
		cb Callback
	}
	var works []work
	for _, fn := range f.m.Funcs {
		for _, cb := range f.e.Callbacks[fn] {
			if cb.ObjectKind == kmodel.Work && cb.Object != nil {
				works = append(works, work{fn, cb})
			}
		}
	}
	for _, q := range qs {
		// The set-up in the queueing function, last before the call.
		var setup *ir.Call
		for _, c := range q.fn.Calls() {
			st := f.km.SetupFor(c.Name)
			if c.P >= q.call.P || st == nil || st.Kind != kmodel.Work || st.ObjArg < 0 || st.ObjArg >= len(c.Args) {
				continue
			}
			if ir.StripAddr(c.Args[st.ObjArg]).String() == q.path && (setup == nil || c.P > setup.P) {
				setup = c
			}
		}
		var chosen []work
		if setup != nil {
			for _, r := range f.km.RegistrationsFor(setup.Name) {
				if r.Arg < len(setup.Args) {
					f.file = q.fn.File
					if fn := f.resolve(ir.CalleeName(setup.Args[r.Arg])); fn != nil {
						chosen = append(chosen, work{fn, Callback{Pos: setup.P, By: setup.Name, Object: setup.Args[0]}})
					}
				}
			}
		} else {
			// Set up elsewhere in the file: only when one work function
			// is ever set up on that path there.
			for _, w := range works {
				if ir.StripAddr(w.cb.Object).String() == q.path && w.fn.File == q.fn.File {
					chosen = append(chosen, w)
				}
			}
			if len(chosen) > 1 {
				chosen = nil
			}
		}
		for _, w := range chosen {
			f.file = w.fn.File
			f.callback(w.fn.Name, Callback{Context: kmodel.SoftIRQ, Kind: kmodel.BHWorkKind, Pos: w.cb.Pos, By: w.cb.By + " + " + q.call.Name,
				Object: w.cb.Object, ObjectKind: kmodel.Work})
		}
	}
}
