package lifecycle

import (
	"bytes"
	"go/token"
	"slices"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/kdlint/kdlint/analyzers/passes/ctext"
	"github.com/kdlint/kdlint/ir"
	"github.com/kdlint/kdlint/kmodel"
)

// Event is a teardown or interrupt stop an exit or remove function makes,
// itself or in a function it calls.
type Event struct {
	Call *ir.Call
	In   *ir.Func
	// Teardown is set for a teardown (tasklet_kill, cancel_work_sync,
	// del_timer, destroy_workqueue, ...) with the keys of its object;
	// IRQStop for free_irq, disable_irq and the like.
	Teardown *kmodel.Teardown
	Keys     []string
	// Path is the member path of the teardown's object
	// (MemberPath), for matching it strictly.
	Path    []string
	IRQStop *kmodel.IRQStop
	// DeviceWrite: a device register write (kmodel.DeviceWrites), or a
	// call of a module function whose body was not parsed, which may be
	// one.
	DeviceWrite bool
	// RequestsStopped: a call after which the driver has no request in
	// flight (kmodel.RequestStops), so that interrupts completing
	// requests stop, and the timers that time them out are not armed.
	RequestsStopped bool
	// RequestsDrained: a call after which no request is in flight
	// (kmodel.RequestDrains, and RequestsStopped), although other
	// interrupts may still fire.
	RequestsDrained bool
	// VFsRemoved: a call after which no virtual function is left to
	// send the driver a request (kmodel.VFDisables).
	VFsRemoved bool
	// Top is the call of the root function the event happens in (the
	// event's own call when it is the root's).
	Top *ir.Call
}

// MemberPath returns the member names of an object expression, outer
// first: hdev->device_reset_work.reset_work gives [device_reset_work
// reset_work]; nil for a plain name.
func MemberPath(e ir.Expr) []string {
	var out []string
	for {
		switch x := ir.StripAddr(e).(type) {
		case *ir.Member:
			out = append([]string{x.Name}, out...)
			e = x.X
			continue
		case *ir.Unary:
			if x.Op == "*" {
				e = x.X
				continue
			}
		}
		return out
	}
}

// SamePath reports whether two member paths may name the same object:
// their last two members agree, or both have one member and it agrees
// (dev->work and dev->ir.work do not). A plain name (a local copy)
// matches any path.
func SamePath(a, b []string) bool {
	if len(a) == 0 || len(b) == 0 {
		return true // a plain name: matched by keys alone
	}
	if (len(a) == 1) != (len(b) == 1) {
		return false
	}
	n := min(len(a), len(b), 2)
	return slices.Equal(a[len(a)-n:], b[len(b)-n:])
}

const (
	maxOrderDepth  = 2
	maxOrderEvents = 4000
)

// Sequence returns the teardowns and interrupt stops root makes, for o, in the
// order they run: the calls of each function in source order, the calls
// of a module function (or of a release callback named in the call,
// kref_put(&k, release)) in place of the call,
// two calls deep (deeper helpers run on paths, resets and error
// recovery, that the order of root's own calls says little about).
// Branches are not told apart: a teardown on one branch and an interrupt
// stop after the branches come in source order.
//
// Only the functions of o's kernel module are followed: what another
// module's exported function does to an object of its own is not o's.
func (r *Result) Sequence(o *Object, root *ir.Func) []Event {
	var out []Event
	onPath := map[*ir.Func]bool{}
	var top *ir.Call
	var visit func(f *ir.Func, depth int)
	visit = func(f *ir.Func, depth int) {
		if onPath[f] || depth > maxOrderDepth || len(out) > maxOrderEvents || o.unit != nil && !r.inUnit(o.unit, f) {
			return
		}
		onPath[f] = true
		defer delete(onPath, f)
		calls := slices.Clone(f.Calls()) // sorted here: Calls is shared
		sort.SliceStable(calls, func(i, j int) bool { return calls[i].P < calls[j].P })
		for _, c := range calls {
			if depth == 0 {
				top = c
			}
			for _, op := range r.km.TeardownsFor(c.Name) {
				var keys []string
				var path []string
				if op.ObjArg < len(c.Args) {
					keys = r.keysOf(f, c.Args[op.ObjArg])
					path = MemberPath(c.Args[op.ObjArg])
				}
				out = append(out, Event{Call: c, In: f, Teardown: op, Keys: keys, Path: path, Top: top})
			}
			if op := r.km.IRQStopFor(c.Name); op != nil {
				out = append(out, Event{Call: c, In: f, IRQStop: op, Top: top})
			}
			if r.km.IsDeviceWrite(c.Name) {
				out = append(out, Event{Call: c, In: f, DeviceWrite: true, Top: top})
			}
			if vf := r.km.VFDisableFor(c.Name); vf != nil && (vf.Arg < 0 || vf.Arg < len(c.Args) && isZero(c.Args[vf.Arg])) {
				out = append(out, Event{Call: c, In: f, VFsRemoved: true, Top: top})
			}
			if r.km.IsRequestDrain(c.Name) {
				out = append(out, Event{Call: c, In: f, RequestsStopped: r.km.IsRequestStop(c.Name), RequestsDrained: true, Top: top})
			}
			if callee := r.module.Resolve(c.Name, f.File); callee != nil && c.Name != "" {
				if callee.BodyUnneeded {
					out = append(out, Event{Call: c, In: f, DeviceWrite: true, Top: top})
				}
				visit(callee, depth+1)
			} else if c.Name != "" && r.definedHere(c.Name) {
				// A module function the front end did not keep (nothing
				// in it matters to the rules): what it does is not known.
				out = append(out, Event{Call: c, In: f, DeviceWrite: true, Top: top})
			}
			if m, ok := c.Fun.(*ir.Member); ok && c.Name == "" {
				for _, g := range r.edges.stored[m.Name] {
					visit(g, depth+1) // an operations-table call: what it may be
				}
			}
			if rc := r.km.ReleaseCallFor(c.Name); rc != nil && (rc.FnArg >= 0 || rc.Runs) {
				for _, rel := range r.edges.releases(f, c) {
					if rel.BodyUnneeded {
						// A stop callback the front end did not keep:
						// what it does to the device is not known.
						out = append(out, Event{Call: c, In: f, DeviceWrite: true, Top: top})
					}
					if rc.Runs && len(rc.RegisteredBy) > 0 {
						// A callback the call runs now, registered
						// elsewhere (cpuhp_remove_state runs the
						// state's teardown): the call's own body.
						visit(rel, depth)
						continue
					}
					visit(rel, depth+1) // kref_put(&k, release): release runs here
				}
			}
		}
	}
	visit(root, 0)
	return out
}

// TeardownRoots returns the exit and remove functions that run for o,
// with whether each is a remove callback (after which devres frees what
// the driver's probe requested with devm_*).
func (r *Result) TeardownRoots(o *Object) (roots []*ir.Func, isRemove []bool) {
	u := o.unit
	if u == nil {
		return nil, nil
	}
	if u.exitRuns {
		for _, f := range u.exits {
			roots, isRemove = append(roots, f), append(isRemove, false)
		}
	}
	lt := r.LifetimeOf(o)
	if lt.Remove {
		for _, f := range lt.Roots {
			if !slices.Contains(u.exits, f) {
				roots, isRemove = append(roots, f), append(isRemove, true)
			}
		}
	}
	return roots, isRemove
}

// FlushesSystemWork returns a call on o's teardown path that waits for
// all the work of the system workqueue (flush_scheduled_work), or nil.
func (r *Result) FlushesSystemWork(o *Object) *ir.Call {
	roots, _ := r.TeardownRoots(o)
	for f := range r.reach(roots, o.unit) {
		for _, c := range f.Calls() {
			if r.km.IsSystemWorkFlush(c.Name) {
				return c
			}
		}
	}
	return nil
}

// RenameFix is a fix that replaces the name of the function c calls
// with name (del_timer -> del_timer_sync), when the call's name is
// written as such in the source at its position (not made by a macro).
func (r *Result) RenameFix(fset *token.FileSet, c *ir.Call, name string) []analysis.SuggestedFix {
	id, ok := c.Fun.(*ir.Ident)
	if !ok || !id.P.IsValid() {
		return nil
	}
	p := fset.Position(id.P)
	for _, f := range r.module.Files {
		if f.Path != p.Filename || p.Offset+len(id.Name) > len(f.Src) {
			continue
		}
		if string(f.Src[p.Offset:p.Offset+len(id.Name)]) != id.Name {
			return nil
		}
		return []analysis.SuggestedFix{{
			Message:   "call " + name + "() instead of " + c.Name + "()",
			TextEdits: []analysis.TextEdit{{Pos: id.P, End: id.P + token.Pos(len(id.Name)), NewText: []byte(name)}},
		}}
	}
	return nil
}

// FlagGuarded reports whether the schedule at site runs only under a
// test of a flag that root sets before the call top: a constant it
// passes to a call (set_bit(FOO_DOWN, &p->state) against if
// (!test_bit(FOO_DOWN, &p->state))) or a member it assigns (p->closing
// = true against if (!p->closing)). Drivers stop their producers that
// way before tearing down what they schedule.
func (r *Result) FlagGuarded(root *ir.Func, kill Event, site ScheduleSite) bool {
	top := kill.Top
	guards := map[string]bool{}
	for _, g := range guardAt(site.In, site.Call) {
		var walk func(e ir.Expr)
		walk = func(e ir.Expr) {
			switch e := e.(type) {
			case *ir.Ident:
				if !slices.Contains(site.In.Locals, e.Name) && !slices.Contains(site.In.Params, e.Name) {
					guards[e.Name] = true
				}
			case *ir.Member:
				guards[ir.ObjectKey(e)] = true
			case *ir.Unary:
				walk(e.X)
			case *ir.Binary:
				walk(e.X)
				walk(e.Y)
			case *ir.Call:
				for _, a := range e.Args {
					walk(ir.StripAddr(a))
				}
			}
		}
		walk(g.Block.Cond)
	}
	if len(guards) == 0 {
		return false
	}
	set := func(f *ir.Func, before token.Pos) bool {
		for _, b := range f.Blocks {
			for _, n := range b.Nodes {
				if before.IsValid() && n.Pos() >= before {
					continue
				}
				switch n := n.(type) {
				case *ir.Assign:
					if m, ok := n.LHS.(*ir.Member); ok && guards[ir.ObjectKey(m)] {
						return true
					}
				case *ir.Call:
					for _, a := range n.Args {
						if id, ok := a.(*ir.Ident); ok && guards[id.Name] && !slices.Contains(f.Locals, id.Name) && !slices.Contains(f.Params, id.Name) {
							return true
						}
						if u, ok := a.(*ir.Unary); ok && u.Op == "&" {
							if m, ok := u.X.(*ir.Member); ok && guards[ir.ObjectKey(m)] {
								return true // atomic_set(&p->active, 0), set_bit(.., &p->flags)
							}
						}
					}
				}
			}
		}
		return false
	}
	if set(root, top.P) || kill.In != root && set(kill.In, kill.Call.P) {
		return true
	}
	for _, c := range root.Calls() {
		if c.P < top.P {
			if callee := r.module.Resolve(c.Name, root.File); callee != nil && set(callee, token.NoPos) {
				return true
			}
		}
	}
	return false
}

// definedHere reports whether the module's own sources define a
// function named name (read from the text: the front end drops the
// definitions nothing in can matter to a rule).
func (r *Result) definedHere(name string) bool {
	r.indexDefinitions()
	_, ok := r.defined[name]
	return ok
}

// bodyText returns the text of the module's definitions of name, in
// the order of the files and within each: made when first asked (few
// names are), not for every definition of the module.
func (r *Result) bodyText(name string) string {
	r.indexDefinitions()
	if t, ok := r.bodies[name]; ok {
		return t
	}
	var b strings.Builder
	for _, sp := range r.defined[name] {
		b.Write(sp.src[sp.from:sp.to])
	}
	if r.bodies == nil {
		r.bodies = map[string]string{}
	}
	r.bodies[name] = b.String()
	return r.bodies[name]
}

// span is a definition's body, braces included: src[from:to].
type span struct {
	src      []byte
	from, to int
}

func (r *Result) indexDefinitions() {
	if r.defined != nil {
		return
	}
	r.defined = map[string][]span{}
	r.firstDef = map[string]defAt{}
	for _, f := range r.module.Files { // .c files and the directory's headers
		for _, d := range definitions(f.Src) {
			r.defined[d.name] = append(r.defined[d.name], span{f.Src, d.from, d.to})
			if _, ok := r.firstDef[d.name]; !ok {
				r.firstDef[d.name] = defAt{f.Src, d.from}
			}
		}
	}
}

// defAt is where a definition's body opens: src[open] is its brace.
type defAt struct {
	src  []byte
	open int
}

// paramsOf returns the parameter names of the module's (first)
// definition of name, "" for one it cannot name; worked out when first
// asked, as few definitions are.
func (r *Result) paramsOf(name string) []string {
	r.indexDefinitions()
	if p, ok := r.params[name]; ok {
		return p
	}
	d, ok := r.firstDef[name]
	if !ok {
		return nil
	}
	if r.params == nil {
		r.params = map[string][]string{}
	}
	r.params[name] = parameters(d.src, d.open)
	return r.params[name]
}

type definition struct {
	name     string
	from, to int // the body, braces included
}

// parameters returns the parameter names of the definition whose body
// opens at src[open]: the last identifier of each declaration in the
// parameter list ("" for one that ends otherwise, as a function pointer
// or an array parameter does); none for (void).
func parameters(src []byte, open int) []string {
	lp, rp, ok := paramList(src, open)
	if !ok {
		return nil
	}
	list := string(src[lp+1 : rp])
	var out []string
	depth, start := 0, 0
	piece := func(p string) {
		p = strings.TrimSpace(p)
		j := len(p)
		for j > 0 && ctext.IsIdentByte(p[j-1]) {
			j--
		}
		name := p[j:]
		if name == "" || name == "void" && strings.TrimSpace(p[:j]) == "" || name[0] >= '0' && name[0] <= '9' {
			name = ""
		}
		out = append(out, name)
	}
	for k := 0; k < len(list); k++ {
		switch list[k] {
		case '(', '[':
			depth++
		case ')', ']':
			depth--
		case ',':
			if depth == 0 {
				piece(list[start:k])
				start = k + 1
			}
		}
	}
	piece(list[start:])
	if len(out) == 1 && out[0] == "" {
		return nil
	}
	return out
}

// defSpecial marks the bytes definitions acts on; it skips the others.
var defSpecial = [256]bool{'/': true, '"': true, '\'': true, '#': true, '{': true, '}': true}

// definitions finds the function definitions of C source: a brace at
// file scope that follows a parameter list, which follows the name.
// Comments, string and character literals and preprocessor lines are
// skipped; an initializer (= {) or a struct body (struct x {) is not a
// definition.
func definitions(src []byte) []definition {
	var out []definition
	depth, open := 0, -1
	for i := 0; i < len(src); i++ {
		c := src[i]
		if !defSpecial[c] {
			continue
		}
		switch c {
		case '/':
			if i+1 < len(src) && src[i+1] == '*' {
				end := bytes.Index(src[i+2:], []byte("*/"))
				if end < 0 {
					return out
				}
				i += end + 3
			} else if i+1 < len(src) && src[i+1] == '/' {
				i = lineEnd(src, i)
			}
		case '"', '\'':
			for i++; i < len(src) && src[i] != c; i++ {
				if src[i] == '\\' {
					i++
				}
			}
		case '#':
			if atLineStart(src, i) {
				for i = lineEnd(src, i); i > 0 && i < len(src) && src[i-1] == '\\'; {
					i = lineEnd(src, i+1)
				}
			}
		case '{':
			if depth == 0 {
				open = i
			}
			depth++
		case '}':
			depth--
			if i == 0 || src[i-1] == '\n' {
				// A closing brace in column 0 ends a definition in
				// kernel style, whatever braces conditional code left
				// open.
				depth = 0
			}
			if depth == 0 && open >= 0 {
				if name := definedName(src, open); name != "" {
					out = append(out, definition{name, open, i + 1})
				}
				open = -1
			}
			if depth < 0 {
				depth = 0
			}
		}
	}
	return out
}

// paramList finds the parameter list before the body that opens at
// src[open]: the offsets of its parentheses; ok is false when the body
// does not follow a balanced parenthesis.
func paramList(src []byte, open int) (lp, rp int, ok bool) {
	i := open - 1
	for i >= 0 && isSpace(src[i]) {
		i--
	}
	if i < 0 || src[i] != ')' {
		return 0, 0, false
	}
	rp = i
	for depth := 0; i >= 0; i-- {
		if src[i] == ')' {
			depth++
		} else if src[i] == '(' {
			if depth--; depth == 0 {
				return i, rp, true
			}
		}
	}
	return 0, 0, false
}

// definedName returns the name of the function whose body opens at
// src[open], or "".
func definedName(src []byte, open int) string {
	lp, _, ok := paramList(src, open)
	if !ok {
		return ""
	}
	i := lp - 1
	for i >= 0 && isSpace(src[i]) {
		i--
	}
	end := i + 1
	for i >= 0 && ctext.IsIdentByte(src[i]) {
		i--
	}
	name := string(src[i+1 : end])
	if name == "" || name[0] >= '0' && name[0] <= '9' {
		return ""
	}
	return name
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' }

func lineEnd(src []byte, i int) int {
	if j := bytes.IndexByte(src[i:], '\n'); j >= 0 {
		return i + j
	}
	return len(src)
}

func atLineStart(src []byte, i int) bool {
	for i--; i >= 0 && (src[i] == ' ' || src[i] == '\t'); i-- {
	}
	return i < 0 || src[i] == '\n'
}

// Guarded reports whether the schedule at site can be skipped: some path
// through its function, from the entry to a return, does not pass the
// block that makes the call (a test above it, in a loop or not, or an
// early return).
func (r *Result) Guarded(site ScheduleSite) bool {
	f := site.In
	if len(f.Blocks) == 0 {
		return false
	}
	var at *ir.Block
	for _, b := range f.Blocks {
		for _, n := range b.Nodes {
			if n == ir.Node(site.Call) {
				at = b
			}
		}
	}
	if at == nil || at == f.Blocks[0] {
		return false
	}
	seen := map[*ir.Block]bool{f.Blocks[0]: true}
	work := []*ir.Block{f.Blocks[0]}
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		if len(b.Succs) == 0 {
			return true // an exit reached without the call
		}
		for _, s := range b.Succs {
			if s != at && !seen[s] {
				seen[s] = true
				work = append(work, s)
			}
		}
	}
	return false
}

// SelfRequeue returns the producer of work item o that is o's own work
// function queueing it again under no test: itself, or through a module
// function it calls under no test that queues it under no test (one
// call down, as producers are found), or nil. A work function that
// re-queues itself only under a condition (a state the teardown changes
// first, most often, or a request still pending) is not one.
func (r *Result) SelfRequeue(o *Object) *Producer {
	if o.Kind != kmodel.Work {
		return nil
	}
	for _, p := range r.ProducersOf(o) {
		if p.Obj != o || r.Guarded(p.Site) {
			continue
		}
		if p.Site.In == p.Func || r.callsUnguarded(p.Func, p.Site.In) {
			return &p
		}
	}
	return nil
}

// RequeueName names where a work function re-queues itself, for
// messages: "foo_work" itself, or "foo_work() through foo_rearm".
func RequeueName(p *Producer) string {
	if p.Site.In == p.Func {
		return p.Func.Name
	}
	return p.Func.Name + "() through " + p.Site.In.Name
}

// callsUnguarded reports whether f calls g on every path (a call of g
// that Guarded does not find skippable).
func (r *Result) callsUnguarded(f, g *ir.Func) bool {
	for _, s := range r.graph.Callees[f] {
		if s.Callee == g && !r.Guarded(ScheduleSite{In: f, Call: s.Call}) {
			return true
		}
	}
	return false
}

// isZero reports whether e is the literal 0.
func isZero(e ir.Expr) bool {
	l, ok := e.(*ir.Lit)
	return ok && l.Text == "0"
}
