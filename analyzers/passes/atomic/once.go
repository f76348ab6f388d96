package atomic

import (
	"bytes"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/kdlint/kdlint/analyzers/passes/callgraph"
	"github.com/kdlint/kdlint/analyzers/passes/ctext"
	"github.com/kdlint/kdlint/analyzers/passes/entries"
	"github.com/kdlint/kdlint/ir"
	"github.com/kdlint/kdlint/kmodel"
)

// A function that sets something up on its first call and skips that on
// the later ones (do-once set-up) sleeps only on its first call:
//
//	if (!vdev->stats)
//		vdev->stats = dma_alloc_coherent(..., GFP_KERNEL);
//
//	if (mhba->fw_flag & MVUMI_FW_ALLOC)
//		return 0;
//	... allocations ...
//	mhba->fw_flag |= MVUMI_FW_ALLOC;
//
// When probe makes that first call before anything of the driver can run
// for the device (before it requests an interrupt, registers a callback,
// arms a timer, queues work or registers the device with its subsystem:
// kmodel.Model.Publishes), and nothing but set-up and teardown undoes it,
// every call made in atomic context finds it done. The test then decides
// the same way on each of them (onceGuards).

// onceTest is a do-once test of a function: the block whose condition
// tests the member, and the way it decides once the set-up is done.
type onceTest struct {
	block *ir.Block
	done  bool
}

// onceGuards returns, for the functions of the module that set up on
// their first call, the way their test decides in atomic context.
func onceGuards(m *ir.Module, km *kmodel.Model, g *callgraph.Graph, ents *entries.Entries, r *Result) map[*ir.Func]onceTest {
	var out map[*ir.Func]onceTest
	var oc *onceContext
	ev := &evaluator{km: km, enums: m.Enums}
	for _, f := range m.Funcs {
		if !r.reach[f] || len(f.Blocks) == 0 {
			continue
		}
		t, base, mem, ok := onceGuard(ev, f)
		if !ok {
			continue
		}
		if oc == nil {
			oc = newOnceContext(m, km, g, ents, r)
		}
		oc.lifecycle = map[string]bool{}
		if !oc.undoneOnlyAtTeardown(f, base, mem) || !oc.setUpFirst(f) {
			continue
		}
		if out == nil {
			out = map[*ir.Func]onceTest{}
		}
		out[f] = t
	}
	return out
}

// onceGuard finds f's do-once test: the first condition f tests (after
// straight-line code that does not write the member) is a test of a
// member of a parameter, p->m or p->m & K, that f itself sets for good:
// p->m = x for a pointer tested against NULL, p->m |= K for a flag.
// Nothing else in f writes the member.
func onceGuard(ev *evaluator, f *ir.Func) (t onceTest, base, mem string, ok bool) {
	b := f.Blocks[0]
	var prefix []*ir.Block
	for steps := 0; b.Cond == nil && b.Switch == nil && len(b.Succs) == 1 && steps < 8; steps++ {
		prefix = append(prefix, b)
		b = b.Succs[0]
	}
	if b.Cond == nil || len(b.Succs) != 2 {
		return t, "", "", false
	}
	prefix = append(prefix, b)
	cond, negated := stripTest(b.Cond)
	params := map[string]bool{}
	for _, p := range f.Params {
		params[p] = true
	}
	var flag uint64 // the bit tested, for a flag
	var x *ir.Member
	switch c := cond.(type) {
	case *ir.Member:
		x = c
	case *ir.Binary:
		switch c.Op {
		case "==", "!=":
			// p->m == NULL, p->m != NULL
			if isNull(c.Y) {
				x, _ = c.X.(*ir.Member)
				negated = negated != (c.Op == "==")
			}
		case "&":
			mx, isMem := c.X.(*ir.Member)
			k, isConst := ev.eval(c.Y, nil).IsConst()
			if !isMem {
				mx, _ = c.Y.(*ir.Member)
				k, isConst = ev.eval(c.X, nil).IsConst()
			}
			if mx != nil && isConst && k != 0 {
				x, flag = mx, uint64(k)
			}
		}
	}
	if x == nil {
		return t, "", "", false
	}
	id, isIdent := x.X.(*ir.Ident)
	if !isIdent || !params[id.Name] {
		return t, "", "", false
	}
	// The writes of the member in f: exactly the ones that set it up.
	sets := 0
	for _, blk := range f.Blocks {
		for _, n := range blk.Nodes {
			w, isMem := written(n).(*ir.Member)
			if !isMem || w.Name != x.Name {
				continue
			}
			a, isAssign := n.(*ir.Assign)
			if wid, sameBase := w.X.(*ir.Ident); !sameBase || wid.Name != id.Name || !isAssign || slices.Contains(prefix, blk) {
				return t, "", "", false
			}
			switch {
			case flag == 0 && a.Op == "" && !isNull(a.RHS):
			case flag != 0 && a.Op == "|=":
				if k, isConst := ev.eval(a.RHS, nil).IsConst(); !isConst || uint64(k)&flag != flag {
					return t, "", "", false
				}
			default:
				return t, "", "", false
			}
			sets++
		}
	}
	if sets == 0 {
		return t, "", "", false
	}
	// Done, the member is non-zero (the pointer set, the flag's bit set):
	// the test p->m holds, !p->m does not.
	return onceTest{block: b, done: !negated}, id.Name, x.Name, true
}

// isNull reports whether e is a null pointer or zero constant.
func isNull(e ir.Expr) bool {
	switch e := e.(type) {
	case *ir.Ident:
		return e.Name == "NULL"
	case *ir.Lit:
		return e.Text == "0"
	}
	return false
}

// onceContext is what the do-once checks read of a module, made once.
type onceContext struct {
	m     *ir.Module
	km    *kmodel.Model
	ev    *evaluator // for constants
	g     *callgraph.Graph
	ents  *entries.Entries
	r     *Result
	texts []*moduleText
	// lifecycle memoises lifecycleOnly for one function set up once.
	lifecycle map[string]bool
	// units holds the Kbuild unit of each .c file; unit is the one of
	// the probe being read.
	units  map[string]int
	unit   int
	bodies map[string]foundBody // bodyText's answers
	// atomicRoots are the functions that are atomic roots (made on first
	// use); above the callers, direct or below, of the function whose
	// set-up is being checked.
	atomicRoots, above map[string]bool
	// quietMemo memoises quiet for the roots of one function.
	quietMemo map[string]bool
	calls     map[string][]string // module function names each name calls
	callers   map[string][]string // and the reverse
	// seeds are the probe, remove, init and exit functions; referenced
	// the functions named other than by a direct call (ops tables,
	// registrations, callbacks).
	seeds, referenced map[string]bool
}

func newOnceContext(m *ir.Module, km *kmodel.Model, g *callgraph.Graph, ents *entries.Entries, r *Result) *onceContext {
	oc := &onceContext{m: m, km: km, ev: &evaluator{km: km, enums: m.Enums}, g: g, ents: ents, r: r, calls: map[string][]string{}, callers: map[string][]string{},
		seeds: map[string]bool{}, referenced: map[string]bool{}, bodies: map[string]foundBody{}}
	for _, f := range m.Funcs {
		for _, c := range f.Calls() {
			if c.Name != "" {
				oc.calls[f.Name] = append(oc.calls[f.Name], c.Name)
			}
		}
		for _, s := range g.Callees[f] {
			oc.calls[f.Name] = append(oc.calls[f.Name], s.Callee.Name)
		}
	}
	for name, w := range m.Unparsed {
		oc.calls[name] = append(oc.calls[name], w.Calls...)
	}
	for name, callees := range oc.calls {
		for _, c := range callees {
			if !slices.Contains(oc.callers[c], name) {
				oc.callers[c] = append(oc.callers[c], name)
			}
		}
	}
	for _, list := range [][]*ir.Func{ents.Probes, ents.Removes, ents.Inits, ents.Exits} {
		for _, fn := range list {
			oc.seeds[fn.Name] = true
		}
	}
	named := func(e ir.Expr) {
		callee := map[ir.Expr]bool{} // walkExpr visits a call before its callee
		walkExpr(e, func(x ir.Expr) {
			switch x := x.(type) {
			case *ir.Call:
				callee[x.Fun] = true
			case *ir.Ident:
				if !callee[x] {
					oc.referenced[x.Name] = true
				}
			}
		})
	}
	for fn, cbs := range ents.Callbacks {
		if len(cbs) > 0 {
			oc.referenced[fn.Name] = true
		}
	}
	for _, gl := range m.Globals {
		named(gl.Init)
	}
	for _, fn := range m.Funcs {
		for _, b := range fn.Blocks {
			for _, n := range b.Nodes {
				switch n := n.(type) {
				case *ir.Call:
					for _, a := range n.Args {
						named(a)
					}
				case *ir.Assign:
					named(n.RHS)
				}
			}
		}
	}
	oc.texts, _ = r.facts.texts()
	oc.units = map[string]int{}
	for i, u := range m.Units {
		for _, f := range u.Files {
			oc.units[f] = i
		}
	}
	return oc
}

// undoneOnlyAtTeardown reports whether every write of the member mem
// outside f, which sets it up, is made only on the way to set-up or
// teardown: in functions whose every caller is probe, remove, init, exit
// or such a function (or f, on its own failure). A flag's other bits
// set with |= undo nothing.
func (oc *onceContext) undoneOnlyAtTeardown(f *ir.Func, base, mem string) bool {
	private := privateStruct(oc.m, f, &ir.Ident{Name: base})
	// Writes in bodies not parsed count by the function whose text holds
	// them.
	texts, ok := oc.r.facts.texts()
	if !ok {
		return false
	}
	file := privateFile(f, private)
	for _, t := range texts {
		if file != "" && t.path != file && !isHeader(t.path) {
			continue
		}
		for _, at := range memberWrites(t.src, mem) {
			if t.inParsed(at) {
				continue
			}
			if g := oc.enclosing(t, at); g == "" || g == f.Name || !oc.lifecycleOnly(g, f.Name) {
				return false
			}
		}
	}
	for _, g := range oc.m.Funcs {
		if g == f || private && g.File != f.File && !isHeader(g.File) {
			continue
		}
		for _, b := range g.Blocks {
			for _, n := range b.Nodes {
				w, isMem := written(n).(*ir.Member)
				if !isMem || w.Name != mem {
					continue
				}
				if a, isAssign := n.(*ir.Assign); isAssign && a.Op == "|=" {
					if _, isConst := oc.ev.eval(a.RHS, nil).IsConst(); isConst {
						continue
					}
				}
				if !oc.lifecycleOnly(g.Name, f.Name) {
					return false
				}
			}
		}
	}
	return true
}

// funcAtOffset returns the function of the module whose text, in file,
// holds offset at; nil when none does.
func (oc *onceContext) funcAtOffset(file string, at int) *ir.Func {
	for _, mf := range oc.m.Files {
		if mf.Path == file && mf.Tok != nil && at <= mf.Tok.Size() {
			return funcAt(oc.m, mf.Tok.Pos(at))
		}
	}
	return nil
}

func isHeader(path string) bool { return strings.HasSuffix(path, ".h") }

// lifecycleOnly reports whether the function name runs only as part of
// set-up or teardown: it is a probe, remove, init or exit function, or it
// is called, and only by such functions or by f, and named nowhere else
// (a callback the kernel may call at any time is not). Callers are read
// from parsed bodies and from the records of the others alike.
func (oc *onceContext) lifecycleOnly(name, f string) bool {
	if v, ok := oc.lifecycle[name]; ok {
		return v
	}
	oc.lifecycle[name] = false // a cycle of calls proves nothing
	if oc.seeds[name] {
		oc.lifecycle[name] = true
		return true
	}
	callers := oc.callers[name]
	if oc.referenced[name] || len(callers) == 0 {
		return false
	}
	for _, c := range callers {
		if c != f && !oc.lifecycleOnly(c, f) {
			return false
		}
	}
	oc.lifecycle[name] = true
	return true
}

// enclosing returns the name of the function whose definition, in the
// module text t, holds offset at: "" when none does. Outside the parsed
// ones, the definition is found in the kernel's style: the last brace at
// column 0 before at opens the body, the line with the name is the
// nearest before it that starts with a word.
func (oc *onceContext) enclosing(t *moduleText, at int) string {
	if g := oc.funcAtOffset(t.path, at); g != nil {
		return g.Name
	}
	open := bytes.LastIndex(t.src[:at], []byte("\n{"))
	if open < 0 {
		return ""
	}
	open++
	if body := braced(t.src, open); body == nil || at >= open+len(body) {
		return ""
	}
	paren := bytes.LastIndexByte(t.src[:open], '(')
	if paren < 0 {
		return ""
	}
	// The name before the parameters: (the first '(' of the head).
	head := bytes.LastIndexByte(t.src[:paren], '\n') + 1
	if first := bytes.IndexByte(t.src[head:open], '('); first >= 0 {
		paren = head + first
	}
	j := paren
	for j > head && isSpace(t.src[j-1]) {
		j--
	}
	k := j
	for k > head && ctext.IsIdentByte(t.src[k-1]) {
		k--
	}
	if k == j || definitionAt(t.src, k, j-k) != open {
		return ""
	}
	return string(t.src[k:j])
}

// setUpFirst reports whether a probe function calls f, directly or
// below, before it does anything that lets the kernel run the driver's
// code for the device: every call before that one neither publishes
// (kmodel.Model.Publishes) nor reaches a root of atomic context that
// reaches f, nor does something kdlint cannot see (a call through a
// pointer, a body it cannot find), and it is made with no atomic lock
// held (that first run would be atomic). The module's init functions must not
// reach or name such a root either. The order is the text's, which is
// probe's straight-line order; that f's failure makes probe fail is
// not checked.
func (oc *onceContext) setUpFirst(f *ir.Func) bool {
	oc.above = closure([]string{f.Name}, oc.callers)
	if oc.atomicRoots == nil {
		oc.atomicRoots = map[string]bool{}
		for _, h := range oc.m.Funcs {
			atomicRoot := oc.r.locksItself(h)
			for _, cb := range oc.ents.Callbacks[h] {
				atomicRoot = atomicRoot || cb.Context.Atomic()
			}
			if atomicRoot {
				oc.atomicRoots[h.Name] = true
			}
		}
	}
	roots := map[string]bool{}
	for name := range oc.atomicRoots {
		if name != f.Name && oc.above[name] {
			roots[name] = true
		}
	}
	reachRoot := closure(slices.Collect(maps.Keys(roots)), oc.callers) // what calls a root
	for _, init := range oc.ents.Inits {
		for _, c := range init.Calls() {
			if roots[c.Name] || reachRoot[c.Name] || namesAny(c.Args, roots) {
				return false
			}
		}
	}
	oc.quietMemo = map[string]bool{}
	for _, probe := range oc.ents.Probes {
		if !oc.above[probe.Name] {
			continue // it never calls f
		}
		oc.unit = -1
		if u, ok := oc.units[probe.File]; ok {
			oc.unit = u
		}
		if len(probe.Blocks) > 0 && oc.callsFirst(probe.Name, f, roots, 0) {
			return true
		}
	}
	return false
}

// maxSetupDepth bounds how many calls down from probe the first call of
// a do-once function is looked for (mvumi's is six down).
const maxSetupDepth = 8

// callsFirst reports whether the body of the module function name calls
// target, directly or below, before any call that is not quiet, in the
// order of its text.
func (oc *onceContext) callsFirst(name string, target *ir.Func, roots map[string]bool, depth int) bool {
	if depth > maxSetupDepth {
		return false
	}
	var called []string
	var locked []bool // the call is made with an atomic lock held
	var named []bool  // the call names a root (request_irq(irq, isr, ...))
	if fn := oc.m.Func(name); fn != nil && !fn.BodyUnneeded && len(fn.Blocks) > 0 {
		calls := slices.Clone(fn.Calls())
		slices.SortStableFunc(calls, func(a, b *ir.Call) int { return int(a.P - b.P) })
		for _, c := range calls {
			held := false
			for _, h := range oc.r.lk.Deep.Before(fn, c).May {
				held = held || atomicLock(h)
			}
			called, locked, named = append(called, c.Name), append(locked, held), append(named, namesAny(c.Args, roots))
		}
	} else if body, _ := oc.bodyText(name); body != nil {
		called = calledNames(body)
		locked = make([]bool, len(called)) // a body not parsed takes no lock kdlint sees
		named = make([]bool, len(called))  // and a root it names stops quiet below
	} else {
		return false
	}
	// A text may call the target by a macro that renames it (#define
	// vnic_dev_stats_dump fnic_dev_stats_dump): the name its definition
	// is written with.
	written := oc.writtenName(target)
	for i, c := range called {
		switch {
		case named[i]:
			return false
		case (c == target.Name || c == written) && !locked[i]:
			return true
		case c != "" && oc.foreign(c):
			if oc.km.Publishes(c) {
				return false
			}
		case oc.above[c] && !locked[i]:
			return oc.callsFirst(c, target, roots, depth+1)
		case locked[i] && (c == target.Name || c == written || oc.above[c]):
			return false
		case c == "" || oc.km.Publishes(c) || roots[c] || !oc.quiet(c, roots):
			return false
		}
	}
	return false
}

// writtenName is the name f's definition is written with in its file,
// which a macro may rename; f.Name when it cannot be read.
func (oc *onceContext) writtenName(f *ir.Func) string {
	for _, file := range oc.m.Files {
		if file.Path != f.File || file.Tok == nil || !f.Pos.IsValid() {
			continue
		}
		at := file.Tok.Offset(f.Pos)
		end := at
		for end < len(file.Src) && ctext.IsIdentByte(file.Src[end]) {
			end++
		}
		if at < end {
			return string(file.Src[at:end])
		}
	}
	return f.Name
}

// closure returns the names reached from from over edges (calls or
// callers), from itself left out unless a cycle leads back to it.
func closure(from []string, edges map[string][]string) map[string]bool {
	out := map[string]bool{}
	work := slices.Clone(from)
	for len(work) > 0 {
		n := work[len(work)-1]
		work = work[:len(work)-1]
		for _, c := range edges[n] {
			if !out[c] {
				out[c] = true
				work = append(work, c)
			}
		}
	}
	return out
}

// quiet reports whether a call of name lets nothing of the driver run:
// a kernel function that does not publish, or a module function whose
// body, and what it calls, neither publishes nor reaches a root. A body
// that was not parsed is read from the text; one not found is not quiet.
func (oc *onceContext) quiet(name string, roots map[string]bool) bool {
	if v, ok := oc.quietMemo[name]; ok {
		return v
	}
	oc.quietMemo[name] = false // a cycle of calls is not quiet
	v := oc.quietBody(name, roots)
	oc.quietMemo[name] = v
	return v
}

func (oc *onceContext) quietBody(name string, roots map[string]bool) bool {
	fn := oc.m.Func(name)
	if fn == nil && oc.m.Unparsed[name] == nil || oc.foreign(name) {
		return !oc.km.Publishes(name) // not the driver's
	}
	if fn != nil && !fn.BodyUnneeded && len(fn.Blocks) > 0 {
		for _, c := range fn.Calls() {
			if c.Name == "" || oc.km.Publishes(c.Name) || roots[c.Name] || namesAny(c.Args, roots) || !oc.quiet(c.Name, roots) {
				return false
			}
		}
		return true
	}
	body, _ := oc.bodyText(name)
	if body == nil {
		return false
	}
	for _, callee := range calledNames(body) {
		if oc.km.Publishes(callee) || roots[callee] {
			return false
		}
		if (oc.m.Func(callee) != nil || oc.m.Unparsed[callee] != nil) && !oc.quiet(callee, roots) {
			return false
		}
	}
	for r := range roots {
		if bytes.Contains(body, []byte(r)) {
			return false
		}
	}
	return true
}

// bodyText finds the body of the module function name in the module's
// text: the one definition of that name, from its opening brace to the
// matching closing one; nil when there is none or more than one.
func (oc *onceContext) bodyText(name string) (body []byte, file string) {
	if d, ok := oc.bodies[name]; ok {
		return d.body, d.file
	}
	defer func() { oc.bodies[name] = foundBody{body, file} }()
	for _, t := range oc.texts {
		for i := 0; ; {
			j := bytes.Index(t.src[i:], []byte(name))
			if j < 0 {
				break
			}
			at := i + j
			i = at + len(name)
			if open := definitionAt(t.src, at, len(name)); open >= 0 {
				if body != nil {
					return nil, ""
				}
				if body, file = braced(t.src, open), t.path; body == nil {
					return nil, ""
				}
			}
		}
	}
	return body, file
}

type foundBody struct {
	body []byte
	file string
}

// definitionAt returns where the body opens when the name at src[at:]
// (n bytes long) begins a function definition written in the kernel's
// style: its line starts with a word at column 0, the name is followed
// by its parenthesised parameters and then by the body's brace; -1
// otherwise.
func definitionAt(src []byte, at, n int) int {
	if at > 0 && ctext.IsIdentByte(src[at-1]) || at+n < len(src) && ctext.IsIdentByte(src[at+n]) {
		return -1
	}
	line := bytes.LastIndexByte(src[:at], '\n') + 1
	if !ctext.IsIdentByte(src[line]) || bytes.ContainsAny(src[line:at], ";{}()=#") {
		return -1
	}
	i := at + n
	for i < len(src) && isSpace(src[i]) {
		i++
	}
	if i >= len(src) || src[i] != '(' {
		return -1
	}
	depth := 0
	for ; i < len(src); i++ {
		switch src[i] {
		case '(':
			depth++
		case ')':
			depth--
		case ';', '{', '}':
			return -1
		}
		if depth == 0 {
			break
		}
	}
	for i++; i < len(src) && isSpace(src[i]); i++ {
	}
	if i < len(src) && src[i] == '{' {
		return i
	}
	return -1
}

// foreign reports whether the module function name is defined in a .c
// file of another Kbuild unit than the probe's (a directory that builds
// a subsystem's core next to its drivers, drivers/scsi): a call of it is
// a call into the kernel, as for the driver it is.
func (oc *onceContext) foreign(name string) bool {
	if len(oc.m.Units) == 0 {
		return false
	}
	file := ""
	if fn := oc.m.Func(name); fn != nil {
		file = fn.File
	} else if oc.m.Unparsed[name] == nil {
		return false // not the module's
	} else if _, file = oc.bodyText(name); file == "" {
		return false
	}
	if isHeader(file) {
		return false
	}
	u, ok := oc.units[file]
	return ok && u != oc.unit
}

// braced returns src from the brace at open to its matching one, or nil.
func braced(src []byte, open int) []byte {
	depth := 0
	for i := open; i < len(src); i++ {
		switch src[i] {
		case '{':
			depth++
		case '}':
			if depth--; depth == 0 {
				return src[open : i+1]
			}
		}
	}
	return nil
}

var callPattern = regexp.MustCompile(`\b([A-Za-z_]\w*)\s*\(`)

// calledNames returns the names followed by "(" in body.
func calledNames(body []byte) []string {
	var out []string
	for _, m := range callPattern.FindAllSubmatch(body, -1) {
		out = append(out, string(m[1]))
	}
	return out
}

// namesAny reports whether an argument names one of names.
func namesAny(args []ir.Expr, names map[string]bool) bool {
	for _, a := range args {
		found := false
		walkExpr(a, func(e ir.Expr) {
			if id, ok := e.(*ir.Ident); ok && names[id.Name] {
				found = true
			}
		})
		if found {
			return true
		}
	}
	return false
}
