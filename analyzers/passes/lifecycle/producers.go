package lifecycle

import (
	"slices"
	"sort"
	"strings"

	"github.com/kdlint/kdlint/analyzers/passes/ctext"
	"github.com/kdlint/kdlint/ir"
	"github.com/kdlint/kdlint/kmodel"
)

// IRQ is one interrupt handler installation.
type IRQ struct {
	Request  *ir.Call
	Op       *kmodel.IRQRequest
	In       *ir.Func
	Handlers []*ir.Func
	// IRQKey and DevKey name the interrupt number and the dev_id cookie
	// (ir.ObjectKey), by which free_irq(irq, dev_id) is matched.
	IRQKey, DevKey string
	// NoAutoEnable: requested disabled (IRQF_NO_AUTOEN); the driver
	// enables and disables it itself.
	NoAutoEnable bool
	// External: the line is another device's (a GPIO's, or one from
	// board platform data: kmodel.ExternalIRQSources), so that no write
	// to the driver's device registers masks it.
	External bool
}

// Stops reports whether IRQ stop call c (free_irq, disable_irq, ...) of
// function f stops q's handlers: same interrupt number (by its last
// member name: priv->irq and irq match) or same dev_id.
func (r *Result) Stops(q *IRQ, f *ir.Func, c *ir.Call) bool {
	op := r.km.IRQStopFor(c.Name)
	if op == nil {
		return false
	}
	if op.IRQArg < len(c.Args) && q.IRQKey != "" {
		return lastName(ir.ObjectKey(c.Args[op.IRQArg])) == lastName(q.IRQKey)
	}
	// The number cannot be named (pci_irq_vector(...)): by dev_id, when
	// no other interrupt of the module has the same one.
	if op.DevIDArg < 0 || op.DevIDArg >= len(c.Args) || q.DevKey == "" || q.DevKey == "NULL" {
		return false
	}
	for _, other := range r.IRQs {
		if other != q && other.DevKey == q.DevKey {
			return false
		}
	}
	return slices.Contains(r.keysOf(f, c.Args[op.DevIDArg]), q.DevKey)
}

func lastName(k string) string {
	if len(k) > 0 && k[0] == '.' {
		return k[1:]
	}
	return k
}

func (r *Result) findIRQs() {
	for _, f := range r.module.Funcs {
		for _, c := range f.Calls() {
			op := r.km.IRQRequestFor(c.Name)
			if op == nil {
				continue
			}
			q := &IRQ{Request: c, Op: op, In: f}
			if op.IRQArg < len(c.Args) {
				q.IRQKey = ir.ObjectKey(c.Args[op.IRQArg])
				q.External = r.externalIRQ(f, c.Args[op.IRQArg])
			}
			if op.DevIDArg < len(c.Args) {
				q.DevKey = ir.ObjectKey(c.Args[op.DevIDArg])
			}
			if op.FlagsArg >= 0 && op.FlagsArg < len(c.Args) {
				q.NoAutoEnable = ir.Mentions(c.Args[op.FlagsArg], kmodel.IRQNoAutoEnable)
			}
			for _, h := range op.Handlers {
				if h < len(c.Args) {
					if fn := r.module.Resolve(ir.CalleeName(c.Args[h]), f.File); fn != nil {
						q.Handlers = append(q.Handlers, fn)
					}
				}
			}
			r.IRQs = append(r.IRQs, q)
		}
	}
}

// externalIRQ reports whether interrupt number e, requested in f, is
// another device's line: the result of an external source
// (gpiod_to_irq(...)), a variable or member f assigns from one, or a
// member of what f assigns from one (pdata = dev_get_platdata(dev);
// pdata->vbus->irq); for a member, also when every assignment of a
// member of its name in the module is from one.
func (r *Result) externalIRQ(f *ir.Func, e ir.Expr) bool {
	if r.fromIRQSource(e) {
		return true
	}
	root := e
	for {
		m, ok := root.(*ir.Member)
		if !ok {
			break
		}
		root = m.X
	}
	key := ir.ObjectKey(e)
	rootKey := ""
	if id, ok := root.(*ir.Ident); ok && root != e {
		rootKey = id.Name
	}
	found := false
	eachAssign(f, func(a *ir.Assign) {
		k := ir.ObjectKey(a.LHS)
		if r.fromIRQSource(a.RHS) && (k == key || rootKey != "" && k == rootKey) {
			found = true
		}
	})
	if found {
		return true
	}
	if _, ok := e.(*ir.Member); !ok || key == "" {
		return false
	}
	return r.membersFromSource()[key]
}

// eachAssign calls visit for each plain assignment (=) of g.
func eachAssign(g *ir.Func, visit func(a *ir.Assign)) {
	for _, b := range g.Blocks {
		for _, n := range b.Nodes {
			if a, ok := n.(*ir.Assign); ok && a.Op == "" {
				visit(a)
			}
		}
	}
}

// membersFromSource returns, per member key, whether every assignment
// of a member of that key in the module gives it an external interrupt
// source; worked out once for every installation that passes a member.
func (r *Result) membersFromSource() map[string]bool {
	if r.memberIRQ == nil {
		r.memberIRQ = map[string]bool{}
		for _, g := range r.module.Funcs {
			eachAssign(g, func(a *ir.Assign) {
				if _, ok := a.LHS.(*ir.Member); ok {
					k := ir.ObjectKey(a.LHS)
					all, seen := r.memberIRQ[k]
					r.memberIRQ[k] = (all || !seen) && r.fromIRQSource(a.RHS)
				}
			})
		}
	}
	return r.memberIRQ
}

// fromIRQSource reports whether rhs is a call that returns an external
// interrupt source (kmodel ExternalIRQs).
func (r *Result) fromIRQSource(rhs ir.Expr) bool {
	c, ok := rhs.(*ir.Call)
	return ok && r.km.IsExternalIRQSource(c.Name)
}

// ScheduleSite is a call that schedules, queues or arms an object.
type ScheduleSite struct {
	Call *ir.Call
	Op   *kmodel.Schedule
	In   *ir.Func
	Keys []string
	Path []string // MemberPath of the object argument
	// System: queued on a system workqueue (schedule_work,
	// queue_work(system_wq, ...)); WQKeys name the workqueue otherwise.
	System bool
	WQKeys []string
}

type schedules struct {
	direct map[*ir.Func][]ScheduleSite
}

func (r *Result) findSchedules() *schedules {
	s := &schedules{direct: map[*ir.Func][]ScheduleSite{}}
	for _, f := range r.module.Funcs {
		for _, c := range f.Calls() {
			op := r.km.ScheduleFor(c.Name)
			if op == nil || op.ObjArg >= len(c.Args) {
				continue
			}
			site := ScheduleSite{Call: c, Op: op, In: f, Keys: r.keysOf(f, c.Args[op.ObjArg]), Path: MemberPath(c.Args[op.ObjArg])}
			if op.Kind == kmodel.Work {
				if op.WQArg < 0 {
					site.System = true
				} else if op.WQArg < len(c.Args) {
					site.System = r.km.IsSystemWorkqueue(ir.CalleeName(c.Args[op.WQArg]))
					site.WQKeys = r.keysOf(f, c.Args[op.WQArg])
				}
			}
			s.direct[f] = append(s.direct[f], site)
		}
	}
	return s
}

// sitesNear returns the schedule sites of f and of the module functions
// f calls directly: what a callback schedules, without the far reach of
// deep call chains (a reset path that restarts everything).
func (r *Result) sitesNear(f *ir.Func) []ScheduleSite {
	out := append([]ScheduleSite{}, r.sched.direct[f]...)
	for _, s := range r.graph.Callees[f] {
		out = append(out, r.sched.direct[s.Callee]...)
	}
	return out
}

// SchedulesOf returns every call of o's kernel module that schedules,
// queues or arms o, in position order.
func (r *Result) SchedulesOf(o *Object) []ScheduleSite {
	var out []ScheduleSite
	for f, sites := range r.sched.direct {
		if o.unit != nil && !r.inUnit(o.unit, f) {
			continue
		}
		for _, s := range sites {
			if s.Op.Kind == o.Kind && o.matchesAny(s.Keys) {
				out = append(out, s)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Call.P < out[j].Call.P })
	return out
}

// QueuesOn returns the schedule sites of work queued on workqueue wq.
func (r *Result) QueuesOn(wq *Object) []ScheduleSite {
	var out []ScheduleSite
	for _, sites := range r.sched.direct {
		for _, s := range sites {
			if s.Op.Kind == kmodel.Work && !s.System && wq.matchesAny(s.WQKeys) {
				out = append(out, s)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Call.P < out[j].Call.P })
	return out
}

// Callback returns the function o's callback is: the callback argument
// of its set-up, or a function assigned to its .function member
// (init_timer, hrtimer_init); nil when none is known.
func (r *Result) Callback(o *Object) *ir.Func {
	if o.Op != nil && o.Factory == nil && o.Op.CbArg >= 0 && o.Op.CbArg < len(o.Setup.Args) {
		file := o.File()
		if fn := r.module.Resolve(ir.CalleeName(o.Setup.Args[o.Op.CbArg]), file); fn != nil {
			return fn
		}
	}
	// Several functions may be stored in the object's .function: the
	// first in the source answers, whatever order the map gives.
	var first *ir.Func
	for fn, cbs := range r.ents.Callbacks {
		for _, cb := range cbs {
			if cb.By == ".function" && cb.Object != nil && o.Matches(ir.ObjectKey(cb.Object)) && (o.In == nil || cb.Func.File == o.File()) {
				if first == nil || fn.Pos < first.Pos {
					first = fn
				}
				break
			}
		}
	}
	return first
}

// Producer is something that schedules an object: an interrupt handler,
// or the callback of another object (a timer that queues a work item).
type Producer struct {
	// Kind says what it is, for messages: "IRQ handler", "timer
	// callback", "work function", "tasklet handler", "hrtimer callback".
	Kind string
	Func *ir.Func
	// Site is the schedule call the producer reaches.
	Site ScheduleSite
	IRQ  *IRQ    // for interrupt handlers
	Obj  *Object // for callbacks of other objects; o itself when it re-arms or re-queues itself
}

// Name names the producer for messages: "IRQ handler vd_irq".
func (p Producer) Name() string { return p.Kind + " " + p.Func.Name }

// ProducersOf returns what schedules o: interrupt handlers and callbacks
// of the module's objects that reach a call scheduling o, o's own
// callback included (Obj == o).
func (r *Result) ProducersOf(o *Object) []Producer {
	return r.producers(o.unit, func(s ScheduleSite) bool {
		return s.Op.Kind == o.Kind && o.matchesAny(s.Keys) && SamePath(o.Path, s.Path) && !r.setUpBeside(o, s)
	})
}

// setUpBeside reports whether schedule site s belongs to another object
// than o that has the same name: one set up in the function that
// schedules it (info = kmalloc(...); INIT_WORK(&info->work, fn);
// queue_work(wq, &info->work)), when o is set up elsewhere.
func (r *Result) setUpBeside(o *Object, s ScheduleSite) bool {
	if o.In == s.In {
		return false
	}
	for _, p := range r.Objects {
		if p != o && p.Kind == o.Kind && p.In == s.In && p.matchesAny(s.Keys) && SamePath(p.Path, s.Path) {
			return true
		}
	}
	return false
}

// QueueProducers returns what queues work on workqueue wq.
func (r *Result) QueueProducers(wq *Object) []Producer {
	return r.producers(wq.unit, func(s ScheduleSite) bool {
		return s.Op.Kind == kmodel.Work && !s.System && wq.matchesAny(s.WQKeys)
	})
}

// producers returns the producers in unit u of the schedule sites want
// accepts: interrupt handlers and callbacks that make such a call
// themselves or in a module function they call directly.
func (r *Result) producers(u *unit, want func(ScheduleSite) bool) []Producer {
	var out []Producer
	match := func(f *ir.Func) (ScheduleSite, bool) {
		if u != nil && !r.inUnit(u, f) {
			return ScheduleSite{}, false
		}
		for _, s := range r.sitesNear(f) {
			if want(s) {
				return s, true
			}
		}
		return ScheduleSite{}, false
	}
	for _, q := range r.IRQs {
		for _, h := range q.Handlers {
			if s, ok := match(h); ok {
				out = append(out, Producer{Kind: "IRQ handler", Func: h, Site: s, IRQ: q})
			}
		}
	}
	for _, p := range r.Objects {
		if p.Kind == kmodel.Workqueue {
			continue
		}
		cb := r.Callback(p)
		if cb == nil {
			continue
		}
		if s, ok := match(cb); ok {
			out = append(out, Producer{Kind: callbackKind(p.Kind), Func: cb, Site: s, Obj: p})
		}
	}
	return out
}

// StopsWhatItArms reports whether o is a request's timeout timer as far
// as producer p is concerned: p's function (for an interrupt, any handler
// of its installation: the hard handler and the thread), or a module
// function it calls directly, also stops o (del_timer(&host->timer) in
// the handler that completes a command, whose next command arms it
// again), and o is also armed where a request starts: by a function
// that is none of those, or that something else calls too. A debounce
// timer the interrupt alone restarts is not one.
func (r *Result) StopsWhatItArms(p Producer, o *Object) bool {
	return r.stopsItself(p, o) && r.armedElsewhere(p, o)
}

func (r *Result) armedElsewhere(p Producer, o *Object) bool {
	roots := []*ir.Func{p.Func}
	if p.IRQ != nil {
		roots = p.IRQ.Handlers
	}
	for _, s := range r.SchedulesOf(o) {
		if !slices.Contains(roots, s.In) {
			for _, c := range r.graph.Callers[s.In] {
				if !slices.Contains(roots, c.Caller) {
					return true
				}
			}
			if len(r.graph.Callers[s.In]) == 0 {
				return true // not called by the handlers: an entry of its own
			}
		}
	}
	return false
}

func (r *Result) stopsItself(p Producer, o *Object) bool {
	roots := []*ir.Func{p.Func}
	if p.IRQ != nil {
		roots = p.IRQ.Handlers
	}
	var fs []*ir.Func
	for _, h := range roots {
		fs = append(fs, h)
		for _, s := range r.graph.Callees[h] {
			fs = append(fs, s.Callee)
		}
	}
	for _, f := range fs {
		for _, t := range r.teardownsIn(f) {
			if t.Op.Kind == o.Kind && t.Op.Destroy && o.matchesAny(t.Keys) {
				return true
			}
		}
	}
	return false
}

// QueuedOnlyByOtherModules reports whether every call that schedules o
// is in a function only other modules can call: exported
// (kmodel.ExportMacros, read from the sources), called by no function of
// the module, stored in no member and registered as no callback. Those
// modules depend on this one and are unloaded before it, so at module
// exit nothing is left to schedule o.
func (r *Result) QueuedOnlyByOtherModules(o *Object) bool {
	sites := r.SchedulesOf(o)
	if len(sites) == 0 {
		return false
	}
	if r.exported == nil {
		r.exported = map[string]bool{}
		for _, f := range r.module.Files {
			text := f.Src
			ctext.EachCall(text, func(from, to int) {
				if r.km.IsExportMacro(string(text[from:to])) {
					if arg, ok := firstArg(text[to:]); ok {
						r.exported[arg] = true
					}
				}
			})
		}
	}
	for _, s := range sites {
		f := s.In
		if !r.exported[f.Name] || len(r.graph.Callers[f]) > 0 || len(r.ents.Callbacks[f]) > 0 {
			return false
		}
		for _, fs := range r.edges.stored {
			if slices.Contains(fs, f) {
				return false
			}
		}
	}
	return true
}

// Others returns the producers that are not o itself.
func Others(ps []Producer, o *Object) []Producer {
	var out []Producer
	for _, p := range ps {
		if p.Obj != o {
			out = append(out, p)
		}
	}
	return out
}

// NoWaitHere reports whether call c of f is where waiting for a
// callback is not allowed, or may deadlock: f runs in atomic context
// (an atomic callback reaches it), or c comes after a lock is taken (a
// spinlock, which forbids waiting, or a mutex, which the callback may
// take too) and not released by then, in source order, by f or by a
// caller, two calls up, before its call.
func (r *Result) NoWaitHere(f *ir.Func, c *ir.Call) bool {
	if r.atomicReach == nil {
		var roots []*ir.Func
		for fn, cbs := range r.ents.Callbacks {
			for _, cb := range cbs {
				if cb.Context.Atomic() {
					roots = append(roots, fn)
					break
				}
			}
		}
		r.atomicReach = map[*ir.Func]bool{}
		work := roots
		for len(work) > 0 {
			g := work[len(work)-1]
			work = work[:len(work)-1]
			if r.atomicReach[g] {
				continue
			}
			r.atomicReach[g] = true
			work = append(work, r.edges.calleesDirect(g)...)
		}
	}
	if r.atomicReach[f] {
		return true
	}
	return r.lockedAt(f, c, 2)
}

// lockedAt reports whether a lock is held at call c of f,
// taken by f or, up to depth callers up, by a caller at its call of f.
func (r *Result) lockedAt(f *ir.Func, c *ir.Call, depth int) bool {
	held := 0
	for _, x := range f.Calls() {
		if x.P >= c.P {
			continue
		}
		if op := r.km.LockOpFor(x.Name); op != nil && !op.Try {
			if op.Acquire {
				held++
			} else if held > 0 {
				held--
			}
		}
	}
	if held > 0 {
		return true
	}
	if depth > 0 {
		for _, s := range r.graph.Callers[f] {
			if r.lockedAt(s.Caller, s.Call, depth-1) {
				return true
			}
		}
	}
	return false
}

// Synchronous reports whether every call that arms or schedules o is
// followed, in its function, by a wait for a completion (the callback
// completes it): o is used synchronously, and idle when the function
// returns.
func (r *Result) Synchronous(o *Object) bool {
	sites := r.SchedulesOf(o)
	if len(sites) == 0 {
		return false
	}
	for _, s := range sites {
		waits := false
		for _, c := range s.In.Calls() {
			waits = waits || c.P > s.Call.P && r.km.IsCompletionWait(c.Name)
		}
		if !waits {
			return false
		}
	}
	return true
}

func callbackKind(k kmodel.ObjectKind) string {
	switch k {
	case kmodel.Tasklet:
		return "tasklet handler"
	case kmodel.Timer:
		return "timer callback"
	case kmodel.Hrtimer:
		return "hrtimer callback"
	}
	return "work function"
}

// Pinned reports whether every call that schedules or queues o (a
// tasklet or work item) is preceded, in its function, by taking a
// reference (kref_get, refcount_inc, get_device, atomic_inc, or a module
// function that does) and o's callback drops one (kref_put,
// refcount_dec_and_test, put_device, ...): the object o lives in is then
// pinned until the callback has run, and a teardown that waits for the
// last reference waits for it.
func (r *Result) Pinned(o *Object) bool {
	sites := r.SchedulesOf(o)
	cb := r.Callback(o)
	if len(sites) == 0 || cb == nil {
		return false
	}
	own := map[*ir.Call]bool{} // re-scheduled by its handler: as pinned as it is
	for _, s := range r.sitesNear(cb) {
		own[s.Call] = true
	}
	pinned := false
	for _, s := range sites {
		switch {
		case r.getsBefore(s.In, s.Call):
			pinned = true
		case !own[s.Call]:
			return false
		}
	}
	return pinned && r.puts(r.textOf(cb), 0, map[string]int{cb.Name: 0})
}

// HoldsReference reports whether o's callback drops a reference (kref_put,
// put_device, refcount_dec_and_test, ..., itself or in what it calls)
// to a count the module takes references to elsewhere (kref_get,
// get_device, ... on the same member): the work item is handed a
// reference when it is queued, wherever that is taken, and the last put
// frees what it lives in only after it ran.
func (r *Result) HoldsReference(o *Object) bool {
	cb := r.Callback(o)
	if cb == nil {
		return false
	}
	// What it says depends on the callback only, which the objects of a
	// module often share, and each rule asks for each object.
	if v, ok := r.holdsRef[cb]; ok {
		return v
	}
	v := r.holdsReference(cb)
	if r.holdsRef == nil {
		r.holdsRef = map[*ir.Func]bool{}
	}
	r.holdsRef[cb] = v
	return v
}

// holdsReference is HoldsReference for an object of callback cb.
func (r *Result) holdsReference(cb *ir.Func) bool {
	puts := map[string]bool{}
	r.putKeys(r.textOf(cb), 0, map[string]bool{}, puts)
	if len(puts) == 0 {
		return false
	}
	if r.gets == nil {
		r.gets = map[string]bool{}
		for _, f := range r.module.Files {
			for _, k := range refKeys(r.km, f.Src, true) {
				r.gets[k] = true
			}
		}
	}
	for k := range puts {
		if r.gets[k] {
			return true
		}
	}
	return false
}

// Reference counting is read from the text of the module's functions:
// the helpers that take and drop references (dasd_get_device:
// atomic_inc(&device->ref_count)) matter to nothing else, and the front
// end does not parse them.

func (r *Result) putKeys(text string, depth int, seen map[string]bool, out map[string]bool) {
	if depth > 3 {
		return
	}
	for _, k := range refKeys(r.km, text, false) {
		out[k] = true
	}
	for _, name := range calledNames(text) {
		if !seen[name] && r.definedHere(name) {
			seen[name] = true
			r.putKeys(r.bodyText(name), depth+1, seen, out)
		}
	}
}

// getsBefore reports whether f takes a reference before call c, itself
// or in a module function it calls.
func (r *Result) getsBefore(f *ir.Func, c *ir.Call) bool {
	for _, x := range f.Calls() {
		if x.P >= c.P {
			continue
		}
		if op := r.km.RefOpFor(x.Name); op != nil && op.Get {
			return true
		}
		if r.definedHere(x.Name) && len(refKeys(r.km, r.bodyText(x.Name), true)) > 0 {
			return true
		}
	}
	return false
}

// puts reports whether the function with body text, or what it calls,
// drops a reference.
func (r *Result) puts(text string, depth int, seen map[string]int) bool {
	if depth > 3 {
		return false
	}
	if len(refKeys(r.km, text, false)) > 0 {
		return true
	}
	for _, name := range calledNames(text) {
		if d, ok := seen[name]; (!ok || d > depth+1) && r.definedHere(name) {
			seen[name] = depth + 1
			if r.puts(r.bodyText(name), depth+1, seen) {
				return true
			}
		}
	}
	return false
}

// sourceText is what the text scans read: a file's bytes (ir.File.Src,
// not copied) or a definition's text (bodyText).
type sourceText interface{ ~string | ~[]byte }

// calledNames returns the names text calls, each once.
func calledNames(text string) []string {
	var out []string
	seen := map[string]bool{}
	ctext.EachCall(text, func(from, to int) {
		if name := text[from:to]; !seen[name] {
			seen[name] = true
			out = append(out, name)
		}
	})
	return out
}

// firstArg returns the first argument of the call whose name ends text
// (what follows the name), '&' and spaces around it left out, as
// `^\s*\(\s*&?\s*([^,()]*)` would find it; false when no '(' follows. A
// comment ends the argument.
func firstArg[T sourceText](text T) (string, bool) {
	i := pastREspace(text, 0)
	if i == len(text) || text[i] != '(' {
		return "", false
	}
	i = pastREspace(text, i+1)
	if i < len(text) && text[i] == '&' {
		i = pastREspace(text, i+1)
	}
	j := i
	for ; j < len(text); j++ {
		if c := text[j]; c == ',' || c == '(' || c == ')' || c == '/' && j+1 < len(text) && (text[j+1] == '*' || text[j+1] == '/') {
			break
		}
	}
	return strings.TrimSpace(string(text[i:j])), true
}

// pastREspace returns the index of the first byte of text from i on that
// is not a space as a regexp's \s is.
func pastREspace[T sourceText](text T, i int) int {
	for i < len(text) && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\f' || text[i] == '\r') {
		i++
	}
	return i
}

// refKeys returns the keys (as ir.ObjectKey would: ".ref_count" for
// &device->ref_count) of the counts the code of text takes (get) or
// drops references to.
func refKeys[T sourceText](km *kmodel.Model, text T, get bool) []string {
	var out []string
	ctext.EachCall(text, func(from, to int) {
		op := km.RefOpFor(string(text[from:to]))
		if op == nil || op.Get != get || op.ObjArg != 0 {
			return
		}
		arg, ok := firstArg(text[to:])
		if !ok {
			return
		}
		if i := strings.LastIndexAny(arg, ".>"); i >= 0 {
			out = append(out, "."+strings.TrimSpace(arg[i+1:]))
		} else if arg != "" {
			out = append(out, arg)
		}
	})
	return out
}

// textOf returns the source text of f's definition.
func (r *Result) textOf(f *ir.Func) string {
	for _, file := range r.module.Files {
		if file.Tok == nil || file.Path != f.File || file.Src == nil || !f.Pos.IsValid() || !f.End.IsValid() {
			continue
		}
		from, to := int(f.Pos)-file.Tok.Base(), int(f.End)-file.Tok.Base()
		if from >= 0 && to <= len(file.Src) && from < to {
			return string(file.Src[from:to])
		}
	}
	return ""
}

// SelfFreeing reports whether o's callback frees memory (kfree and the
// like, read from the callback's text, which the front end may not have
// parsed): it most often frees the request or event the object lives in.
// Only a call in code counts, by its whole name: a comment saying the
// caller kfree()s, or a call of foo_kfree(), frees nothing here.
func (r *Result) SelfFreeing(o *Object) bool {
	cb := r.Callback(o)
	if cb == nil {
		return false
	}
	body := r.textOf(cb)
	frees := r.km.MemoryFreeNames()
	found := false
	ctext.EachCall(body, func(from, to int) {
		if !found && slices.Contains(frees, body[from:to]) {
			found = true
		}
	})
	return found
}

// FreedByHelper reports whether o's callback hands the structure it
// lives in (the container_of() of its argument) to a module function
// that frees that parameter, itself or through further helpers (a
// deferred last put: the work function calls foo_free(foo), which
// kfree()s foo); a helper that frees something else it reaches
// (foo->cmd) does not count. It reads the module's definitions, so rules
// ask it last.
func (r *Result) FreedByHelper(o *Object) bool {
	cb := r.Callback(o)
	if cb == nil {
		return false
	}
	body := r.textOf(cb)
	for _, v := range r.containers(body) {
		if r.handsToFree(body, v, 0, map[string]bool{cb.Name: true}) {
			return true
		}
	}
	return false
}

// containers returns the variables text assigns the container of a
// callback's argument to: foo = container_of(w, ...), or from_work(foo,
// w, ...) and the other forms (kmodel ContainerMacros).
func (r *Result) containers(text string) []string {
	macros := r.km.ContainerMacroNames()
	var out []string
	ctext.EachCall(text, func(from, to int) {
		if !slices.Contains(macros, text[from:to]) {
			return
		}
		i := from - 1
		for i >= 0 && isSpace(text[i]) {
			i--
		}
		if i < 0 || text[i] != '=' {
			return
		}
		for i--; i >= 0 && isSpace(text[i]); i-- {
		}
		end := i + 1
		for i >= 0 && ctext.IsIdentByte(text[i]) {
			i--
		}
		if v := text[i+1 : end]; v != "" && !slices.Contains(out, v) {
			out = append(out, v)
		}
	})
	return out
}

// handsToFree reports whether text (a function's) passes v, as a whole
// argument, to a module function that frees its parameter there, itself
// or in a module function it passes that parameter on to (at most three
// calls down).
func (r *Result) handsToFree(text, v string, depth int, seen map[string]bool) bool {
	if depth > 3 {
		return false
	}
	found := false
	ctext.EachCall(text, func(from, to int) {
		name := text[from:to]
		if found || seen[name] || !r.definedHere(name) {
			return
		}
		params := r.paramsOf(name)
		for i, a := range callArgs(text, to) {
			if a != v || i >= len(params) || params[i] == "" {
				continue
			}
			body := r.bodyText(name)
			seen[name] = true
			if r.frees(body, params[i]) || r.handsToFree(body, params[i], depth+1, seen) {
				found = true
				return
			}
		}
	})
	return found
}

// frees reports whether text frees v itself (kfree(v),
// kmem_cache_free(cache, v)).
func (r *Result) frees(text, v string) bool {
	found := false
	ctext.EachCall(text, func(from, to int) {
		if op := r.km.MemoryFreeFor(text[from:to]); op != nil && !found {
			if args := callArgs(text, to); op.Arg < len(args) && args[op.Arg] == v {
				found = true
			}
		}
	})
	return found
}

// callArgs returns the arguments of the call whose name ends at
// text[to], each trimmed of spaces, as text.
func callArgs(text string, to int) []string {
	i := strings.IndexByte(text[to:], '(')
	if i < 0 {
		return nil
	}
	var out []string
	depth, start := 0, to+i+1
	for j := start; j < len(text); j++ {
		switch text[j] {
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			if depth == 0 {
				return append(out, strings.TrimSpace(text[start:j]))
			}
			depth--
		case ',':
			if depth == 0 {
				out = append(out, strings.TrimSpace(text[start:j]))
				start = j + 1
			}
		}
	}
	return out
}

// UnderRTNL reports whether f runs with the RTNL mutex held: it is, or
// is called from, a function stored in one of kmodel.RTNLMembers.
func (r *Result) UnderRTNL(f *ir.Func) bool {
	if r.rtnl == nil {
		var roots []*ir.Func
		for _, m := range kmodel.RTNLMembers {
			roots = append(roots, r.edges.stored[m]...)
		}
		r.rtnl = r.reach(roots, nil)
	}
	return r.rtnl[f]
}

// HoldsDrainedReference reports whether o's callback, itself or in what
// it calls (nearest first, at most three calls down), drops a reference
// to a count whose references the module drains and waits for:
//   - a function of the module drops the count's own reference
//     (percpu_ref_kill, kref_put: kmodel RefDrains) and then waits for a
//     completion that the count's release callback completes; or
//   - o's teardown path (what exit and remove reach, and up to two calls
//     further down in the module's text) sleeps until the count is zero
//     (wait_event(wq, atomic_read(&x->pending) == 0), ...:
//     kmodel CondWaitPrefixes, CountReads).
//
// Each queued item then carries a reference the teardown waits for (the
// target core's queue-full work: every command on its list holds its
// LUN's lun_ref, which LUN removal kills and waits for), so the work
// function has run by the time the wait returns. It returns the count's
// key, "" when there is none.
//
// Unlike HoldsReference, a count the module merely takes references to
// does not count: only one whose teardown waits for the last put.
func (r *Result) HoldsDrainedReference(o *Object) string {
	cb := r.Callback(o)
	if cb == nil {
		return ""
	}
	puts, ok := r.putsOf[cb]
	if !ok {
		puts = r.putsNear(cb)
		if r.putsOf == nil {
			r.putsOf = map[*ir.Func][]string{}
		}
		r.putsOf[cb] = puts
	}
	if len(puts) == 0 {
		return ""
	}
	drained := r.drainedKeys()
	for _, k := range puts {
		if drained[k] {
			return k
		}
	}
	waited := r.zeroWaitsOnTeardown(o)
	for _, k := range puts {
		if waited[k] {
			return k
		}
	}
	return ""
}

// putsNear returns the keys of the counts cb's text, or the module
// functions it calls up to three calls down, drops references to.
// Breadth first: a function is read at the depth it is first met at,
// which is its nearest.
func (r *Result) putsNear(cb *ir.Func) []string {
	var out []string
	seen := map[string]bool{cb.Name: true}
	level := []string{r.textOf(cb)}
	for depth := 0; depth <= 3 && len(level) > 0; depth++ {
		var next []string
		for _, text := range level {
			for _, k := range refKeys(r.km, text, false) {
				if !slices.Contains(out, k) {
					out = append(out, k)
				}
			}
			for _, name := range calledNames(text) {
				if !seen[name] && r.definedHere(name) {
					seen[name] = true
					next = append(next, r.bodyText(name))
				}
			}
		}
		level = next
	}
	return out
}

// zeroWaitsOnTeardown returns the keys of the counts o's teardown path
// waits to reach zero: in the functions exit and remove reach, and in
// the module functions their text calls, up to two calls down.
func (r *Result) zeroWaitsOnTeardown(o *Object) map[string]bool {
	out := map[string]bool{}
	roots, _ := r.TeardownRoots(o)
	if len(roots) == 0 {
		return out
	}
	seen := map[string]bool{}
	var level []string
	for f := range r.reach(roots, o.unit) {
		if !seen[f.Name] {
			seen[f.Name] = true
			level = append(level, f.Name)
		}
	}
	slices.Sort(level)
	for depth := 0; depth <= 2 && len(level) > 0; depth++ {
		var next []string
		for _, name := range level {
			text := r.bodyText(name)
			for _, k := range r.zeroWaitKeys(name, text) {
				out[k] = true
			}
			for _, c := range calledNames(text) {
				if !seen[c] && r.definedHere(c) {
					seen[c] = true
					next = append(next, c)
				}
			}
		}
		level = next
	}
	return out
}

// zeroWaitKeys returns the keys of the counts the text of function name
// waits to reach zero: a wait_event-style call whose condition tests
// one (percpu_ref_is_zero(&x->ref), atomic_read(&x->pending) == 0,
// !refcount_read(&x->users)). Kept for each function.
func (r *Result) zeroWaitKeys(name, text string) []string {
	if v, ok := r.zeroWaits[name]; ok {
		return v
	}
	var out []string
	ctext.EachCall(text, func(from, to int) {
		if !r.km.IsCondWait(text[from:to]) {
			return
		}
		args := callArgs(text, to)
		if len(args) < 2 {
			return
		}
		cond := args[1]
		ctext.EachCall(cond, func(cf, ct int) {
			rd := r.km.CountReadFor(cond[cf:ct])
			if rd == nil {
				return
			}
			a := callArgs(cond, ct)
			if len(a) == 0 {
				return
			}
			before := strings.TrimRight(cond[:cf], " \t\n")
			negated := strings.HasSuffix(before, "!")
			zero := rd.Zero && !negated
			if !rd.Zero {
				after := strings.TrimLeft(cond[callEnd(cond, ct):], " \t\n")
				zero = negated || strings.HasSuffix(before, "0 ==") || strings.HasSuffix(before, "0==") ||
					(strings.HasPrefix(after, "==") && strings.HasPrefix(strings.TrimLeft(after[2:], " \t\n"), "0") &&
						!strings.HasPrefix(strings.TrimLeft(after[2:], " \t\n"), "0x"))
			}
			if k := countKey(a[0]); zero && k != "" && !slices.Contains(out, k) {
				out = append(out, k)
			}
		})
	})
	if r.zeroWaits == nil {
		r.zeroWaits = map[string][]string{}
	}
	r.zeroWaits[name] = out
	return out
}

// callEnd returns the offset just past the closing parenthesis of the
// call whose name ends at text[to], len(text) when it does not close.
func callEnd(text string, to int) int {
	i := strings.IndexByte(text[to:], '(')
	if i < 0 {
		return len(text)
	}
	depth := 0
	for j := to + i; j < len(text); j++ {
		switch text[j] {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return j + 1
			}
		}
	}
	return len(text)
}

// drainedKeys returns the keys of the counts the module drains and
// waits for (HoldsDrainedReference), worked out once.
func (r *Result) drainedKeys() map[string]bool {
	if r.drained != nil {
		return r.drained
	}
	r.indexDefinitions()
	r.drained = map[string]bool{}
	releases := map[string][]string{} // count key -> release callbacks named at its initialisation
	var texts []string
	for name := range r.defined {
		text := r.bodyText(name)
		texts = append(texts, text)
		ctext.EachCall(text, func(from, to int) {
			in := r.km.RefInitFor(text[from:to])
			if in == nil {
				return
			}
			if args := callArgs(text, to); in.Arg < len(args) && len(args) > 0 {
				k := countKey(args[0])
				releases[k] = append(releases[k], calleeText(args[in.Arg]))
			}
		})
	}
	for _, text := range texts {
		ctext.EachCall(text, func(from, to int) {
			d := r.km.RefDrainFor(text[from:to])
			if d == nil {
				return
			}
			args := callArgs(text, to)
			if d.ObjArg >= len(args) {
				return
			}
			k := countKey(args[d.ObjArg])
			rel := releases[k]
			if d.ReleaseArg >= 0 {
				if d.ReleaseArg >= len(args) {
					return
				}
				rel = []string{calleeText(args[d.ReleaseArg])}
			}
			if k != "" && !r.drained[k] && r.waitsForRelease(text[to:], rel) {
				r.drained[k] = true
			}
		})
	}
	return r.drained
}

// waitsForRelease reports whether text (what follows a drain in its
// function) waits for a completion that one of the release callbacks
// rel (module functions) completes.
func (r *Result) waitsForRelease(text string, rel []string) bool {
	signalled := map[string]bool{}
	for _, name := range rel {
		if !r.definedHere(name) {
			continue
		}
		body := r.bodyText(name)
		ctext.EachCall(body, func(from, to int) {
			if r.km.IsCompletionSignal(body[from:to]) {
				if args := callArgs(body, to); len(args) > 0 {
					signalled[countKey(args[0])] = true
				}
			}
		})
	}
	if len(signalled) == 0 {
		return false
	}
	waits := false
	ctext.EachCall(text, func(from, to int) {
		if !waits && r.km.IsCompletionWait(text[from:to]) {
			if args := callArgs(text, to); len(args) > 0 && signalled[countKey(args[0])] {
				waits = true
			}
		}
	})
	return waits
}

// countKey is the key refKeys gives an argument: ".lun_ref" for
// &lun->lun_ref, the name itself for a plain variable.
func countKey(arg string) string {
	arg = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(arg), "&"))
	if i := strings.LastIndexAny(arg, ".>"); i >= 0 {
		return "." + strings.TrimSpace(arg[i+1:])
	}
	return arg
}

// calleeText is the function an argument names: core_release for
// core_release or &core_release.
func calleeText(arg string) string {
	return strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(arg), "&"))
}
