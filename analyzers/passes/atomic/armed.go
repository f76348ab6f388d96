package atomic

import (
	"bytes"
	"crypto/sha256"
	"go/token"
	"math/bits"
	"os"
	"slices"
	"sort"
	"strings"

	"github.com/kdlint/kdlint/analyzers/passes/ctext"
	"github.com/kdlint/kdlint/analyzers/passes/entries"
	"github.com/kdlint/kdlint/ir"
	"github.com/kdlint/kdlint/kmodel"
)

// A timer's callback runs only after an arming call, so what holds of
// the timer's object at every arming call holds when the callback runs,
// if nothing can change it in between. gpio_keys arms its debounce
// hrtimer only under if (bdata->debounce_use_hrtimer), and the callback's
// path tests the same member to pick the non-sleeping GPIO read.
//
// The facts kept are a member of the structure that holds the timer
// (the arming call's &base->timer and a test of base->m on the same
// base), tested on every path to every arming call of that timer in the
// module (the branch dominates the call): base->m true or false, for a
// member only ever assigned a truth value (!x, a comparison, true), and
// base->m & BIT true or false. The member must be assigned only in the
// functions that set the timer up (timer_setup, hrtimer_init, .function
// =): it is chosen with the timer, and set-up does not run while the
// timer is armed. The callback's own variable for the structure (the
// local it assigns from its timer parameter: container_of, from_timer)
// then starts with the fact.

// armedFacts returns, for the timer callbacks of the module, the member
// facts their roots start with.
func armedFacts(m *ir.Module, km *kmodel.Model, ents *entries.Entries, mf *moduleFacts) map[*entries.Callback]env {
	tracked := mf.members
	if len(tracked) == 0 {
		return nil
	}
	blind := mf.blind()
	if blind == nil {
		return nil
	}
	// The timers named by a member, their callbacks, and the functions
	// that set each up.
	byKey := map[string][]*entries.Callback{}
	for _, f := range m.Funcs {
		for i := range ents.Callbacks[f] {
			cb := &ents.Callbacks[f][i]
			if cb.ObjectKind != kmodel.Timer || cb.Object == nil {
				continue
			}
			if x, ok := ir.StripAddr(cb.Object).(*ir.Member); ok {
				byKey[x.Name] = append(byKey[x.Name], cb)
			}
		}
	}
	if len(byKey) == 0 {
		return nil
	}
	setupFuncs := map[string]map[*ir.Func]bool{}
	for k, cbs := range byKey {
		setupFuncs[k] = map[*ir.Func]bool{}
		for _, cb := range cbs {
			if f := funcAt(m, cb.Pos); f != nil {
				setupFuncs[k][f] = true
			} else {
				setupFuncs[k] = nil // set up where the analysis cannot place it
				break
			}
		}
	}
	writers, boolean, notBoolean := memberAssignments(m, tracked)
	// A function whose body the front end did not parse may assign the
	// member too: its text is read for the member's name after . or ->,
	// as are the module's macro definitions.
	// (Read only for the members a fact is about: below.)
	var opaque func(string) []*ir.Func
	// The facts at every arming call of each timer.
	ev := &evaluator{km: km, enums: m.Enums}
	type fact struct {
		v  Value
		ok bool
	}
	at := map[string]map[string]fact{} // timer -> member -> fact
	gaveUp := map[string]bool{}
	for _, f := range m.Funcs {
		for bi, b := range f.Blocks {
			for _, n := range b.Nodes {
				c, ok := n.(*ir.Call)
				if !ok {
					continue
				}
				a := km.TimerArmFor(c.Name)
				if a == nil || a.ObjArg >= len(c.Args) {
					continue
				}
				x, ok := ir.StripAddr(c.Args[a.ObjArg]).(*ir.Member)
				if !ok {
					continue // deadTimerCallbacks decides such timers
				}
				k := x.Name
				if gaveUp[k] {
					continue
				}
				if blind[f.File] {
					gaveUp[k] = true
					continue
				}
				got := guardFacts(ev, f, bi, x.X.String(), tracked, boolean, notBoolean)
				prev, seen := at[k]
				if !seen {
					at[k] = map[string]fact{}
					for mem, v := range got {
						at[k][mem] = fact{v, true}
					}
					continue
				}
				for mem, p := range prev {
					v, ok := got[mem]
					if !ok {
						delete(prev, mem)
						continue
					}
					if w := p.v.meet(v); w.Known() {
						prev[mem] = fact{w, true}
					} else {
						delete(prev, mem)
					}
				}
			}
		}
	}
	out := map[*entries.Callback]env{}
	for k, facts := range at {
		if gaveUp[k] || setupFuncs[k] == nil || len(facts) == 0 {
			continue
		}
		for mem, fc := range facts {
			if opaque == nil {
				opaque = opaqueMentions(mf.texts)
			}
			if len(opaque(mem)) > 0 {
				fc.ok = false
			}
			// Assigned only where the timer is set up.
			for w := range writers[mem] {
				if !setupFuncs[k][w] {
					fc.ok = false
					break
				}
			}
			facts[mem] = fc
		}
		for _, cb := range byKey[k] {
			vars := containerVars(m, cb.Func)
			var b env
			for mem, fc := range facts {
				if !fc.ok {
					continue
				}
				for _, v := range vars {
					b = b.with("."+v+"."+mem, fc.v, false)
				}
			}
			if len(b) > 0 {
				out[cb] = b
			}
		}
	}
	return out
}

// memberAssignments returns, for the tracked members, the functions
// that assign each, and whether some assignment of each is a truth value
// (boolean) or is not (notBoolean).
func memberAssignments(m *ir.Module, tracked map[string]bool) (writers map[string]map[*ir.Func]bool, boolean, notBoolean map[string]bool) {
	writers = map[string]map[*ir.Func]bool{}
	boolean = map[string]bool{}
	notBoolean = map[string]bool{}
	for _, f := range m.Funcs {
		for _, b := range f.Blocks {
			for _, n := range b.Nodes {
				var lhs, rhs ir.Expr
				op := ""
				switch n := n.(type) {
				case *ir.Assign:
					lhs, rhs, op = n.LHS, n.RHS, n.Op
				case *ir.IncDec:
					lhs = n.X
				}
				mem, ok := lhs.(*ir.Member)
				if !ok || !tracked[mem.Name] {
					continue
				}
				if writers[mem.Name] == nil {
					writers[mem.Name] = map[*ir.Func]bool{}
				}
				writers[mem.Name][f] = true
				if op == "" && rhs != nil && truthValued(rhs) {
					boolean[mem.Name] = true
				} else {
					notBoolean[mem.Name] = true
				}
			}
		}
	}
	return writers, boolean, notBoolean
}

// funcAt returns the function whose body holds pos.
func funcAt(m *ir.Module, pos token.Pos) *ir.Func {
	for _, f := range m.Funcs {
		if f.Pos <= pos && pos <= f.End {
			return f
		}
	}
	return nil
}

// truthValued reports whether e is 0 or 1 whatever its operands: a
// comparison, a logical operator, or the literals true, false, 0, 1.
func truthValued(e ir.Expr) bool {
	switch x := e.(type) {
	case *ir.Unary:
		return x.Op == "!"
	case *ir.Binary:
		switch x.Op {
		case "==", "!=", "<", "<=", ">", ">=", "&&", "||":
			return true
		}
	case *ir.Ident:
		return x.Name == "true" || x.Name == "false"
	case *ir.Lit:
		return x.Text == "0" || x.Text == "1"
	}
	return false
}

// guardFacts returns what the branches that every path from f's entry
// to block target goes through say of the members of base: base->m is
// false, or true (m only ever assigned a truth value), base->m & BIT is
// true or false. f must not assign the member after the branch (before
// it is how set-up code picks a callback: p->can_sleep = ...; if
// (!p->can_sleep) p->cdev.set = fn).
func guardFacts(ev *evaluator, f *ir.Func, target int, base string, tracked, boolean, notBoolean map[string]bool) map[string]Value {
	out := map[string]Value{}
	if len(f.Blocks) > maxGuardBlocks {
		return out // each branch costs a walk of the graph: nothing known
	}
	for bi, b := range f.Blocks {
		if b.Cond == nil || len(b.Succs) != 2 || bi == target {
			continue
		}
		for i, s := range b.Succs {
			mem, v, ok := memberTest(ev, b.Cond, i == 0, base, tracked, boolean, notBoolean)
			if !ok || assignedFrom(f, s, mem) {
				continue
			}
			if !reachableAvoiding(f, target, bi, s) {
				if prev, seen := out[mem]; seen {
					v = Value{known: prev.known | v.known, bits: prev.bits | v.bits}
				}
				out[mem] = v
			}
		}
	}
	return out
}

// maxGuardBlocks bounds the size of a function whose arming calls have
// their guards worked out.
const maxGuardBlocks = 1000

// memberTest reads cond, taken with the truth value truth, as a fact of
// a member of base.
func memberTest(ev *evaluator, cond ir.Expr, truth bool, base string, tracked, boolean, notBoolean map[string]bool) (string, Value, bool) {
	cond, negated := stripTest(cond)
	truth = truth != negated
	switch x := cond.(type) {
	case *ir.Member:
		if x.X.String() != base || !tracked[x.Name] {
			break
		}
		// Tested false, the member is 0 whatever it holds; tested true,
		// 1 only when it is only ever assigned a truth value.
		if !truth || boolean[x.Name] && !notBoolean[x.Name] {
			return x.Name, boolValue(truth), true
		}
	case *ir.Binary:
		if x.Op != "&" {
			break
		}
		mem, ok := x.X.(*ir.Member)
		if !ok || mem.X.String() != base || !tracked[mem.Name] {
			break
		}
		c, ok := ev.eval(x.Y, nil).IsConst()
		mask := uint64(c)
		if !ok || bits.OnesCount64(mask) != 1 {
			break
		}
		if truth {
			return mem.Name, Value{known: mask, bits: mask}, true
		}
		return mem.Name, Value{known: mask}, true
	}
	return "", Value{}, false
}

// stripTest returns what a test tests under its branch hints
// (unlikely()) and negations, and whether an odd number of ! negate it.
func stripTest(cond ir.Expr) (x ir.Expr, negated bool) {
	for {
		if u, ok := cond.(*ir.Unary); ok && u.Op == "!" {
			cond, negated = u.X, !negated
			continue
		}
		if c, ok := cond.(*ir.Call); ok && len(c.Args) == 1 && kmodel.In(c.Name, kmodel.BranchHints) {
			cond = c.Args[0]
			continue
		}
		return cond, negated
	}
}

// written returns what node n writes: the left side of an assignment,
// the operand of ++ or --; nil for any other node.
func written(n ir.Node) ir.Expr {
	switch n := n.(type) {
	case *ir.Assign:
		return n.LHS
	case *ir.IncDec:
		return n.X
	}
	return nil
}

// assignedFrom reports whether f may assign a member named mem once
// control is in block from: in from or a block reachable from it.
func assignedFrom(f *ir.Func, from *ir.Block, mem string) bool {
	seen := make([]bool, len(f.Blocks))
	work := []*ir.Block{from}
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		if b.Index < 0 || b.Index >= len(f.Blocks) || f.Blocks[b.Index] != b || seen[b.Index] {
			continue
		}
		seen[b.Index] = true
		for _, n := range b.Nodes {
			if x, ok := written(n).(*ir.Member); ok && x.Name == mem {
				return true
			}
		}
		work = append(work, b.Succs...)
	}
	return false
}

// reachableAvoiding reports whether block target of f can be reached
// from the entry without taking the edge from block from to to.
func reachableAvoiding(f *ir.Func, target, from int, to *ir.Block) bool {
	seen := make([]bool, len(f.Blocks))
	work := []int{0}
	seen[0] = true
	for len(work) > 0 {
		bi := work[len(work)-1]
		work = work[:len(work)-1]
		if bi == target {
			return true
		}
		for _, s := range f.Blocks[bi].Succs {
			if bi == from && s == to {
				continue
			}
			si := s.Index
			if si < 0 || si >= len(f.Blocks) || f.Blocks[si] != s || seen[si] {
				continue
			}
			seen[si] = true
			work = append(work, si)
		}
	}
	return false
}

// containerVars returns the locals of callback f assigned from its first
// parameter (the timer): the structure that holds it, through
// container_of() or from_timer(), or through a function of m that
// returns its own first parameter so (cdev_to_gpio_led_data(led_cdev);
// ir.Writes.ContainerOfParam when its body was not parsed).
func containerVars(m *ir.Module, f *ir.Func) []string {
	if len(f.Params) == 0 {
		return nil
	}
	p := f.Params[0]
	from := map[string]bool{}
	count := map[string]int{}
	for _, b := range f.Blocks {
		for _, n := range b.Nodes {
			eachExpr(n, func(x ir.Expr) {
				addressedVars(x, func(name string) { count[name] += 2 })
			})
			var lhs ir.Expr
			switch n := n.(type) {
			case *ir.Assign:
				lhs = n.LHS
				if n.Op == "" && fromParam(m, n.RHS, p) {
					if l, ok := lhs.(*ir.Ident); ok {
						from[l.Name] = true
					}
				}
			case *ir.IncDec:
				lhs = n.X
			}
			if l, ok := lhs.(*ir.Ident); ok {
				count[l.Name]++
			}
		}
	}
	// Assigned once, from the parameter, and never through its address.
	var out []string
	for v := range from {
		if v != p && count[v] == 1 {
			out = append(out, v)
		}
	}
	sort.Strings(out)
	return out
}

// fromParam reports whether e is parameter p, or a call of a function
// of m that returns its first parameter given p first.
func fromParam(m *ir.Module, e ir.Expr, p string) bool {
	if r, ok := e.(*ir.Ident); ok {
		return r.Name == p
	}
	c, ok := e.(*ir.Call)
	if !ok || len(c.Args) == 0 {
		return false
	}
	if a, ok := c.Args[0].(*ir.Ident); !ok || a.Name != p {
		return false
	}
	if f := m.Func(c.Name); f != nil && len(f.Blocks) > 0 && !f.BodyUnneeded {
		return returnsFirstParam(f)
	}
	// A body the front end did not parse: what its tokens say.
	w := m.Unparsed[c.Name]
	return w != nil && w.ContainerOfParam
}

// returnsFirstParam reports whether the parsed body of f returns its
// first parameter on every return, and assigns none of its parameters.
func returnsFirstParam(f *ir.Func) bool {
	if len(f.Params) == 0 {
		return false
	}
	returns := 0
	for _, b := range f.Blocks {
		for _, n := range b.Nodes {
			switch n := n.(type) {
			case *ir.Return:
				if r, ok := n.Value.(*ir.Ident); !ok || r.Name != f.Params[0] {
					return false
				}
				returns++
			case *ir.Assign, *ir.IncDec:
				if l, ok := written(n).(*ir.Ident); ok && slices.Contains(f.Params, l.Name) {
					return false
				}
			}
		}
	}
	return returns > 0
}

// opaqueMentions returns a function that gives, for a member name, the
// functions of m that may assign it unseen: a write to it in the text of
// the module's files (after . or ->, before an assignment operator, ++ or
// --, or in a macro definition) that is not inside a function whose body
// was parsed stands for a nil entry, as does any header the front end
// read whose text cannot be had again (moduleTexts).
func opaqueMentions(moduleTexts func() ([]*moduleText, bool)) func(mem string) []*ir.Func {
	return func(mem string) []*ir.Func {
		if writtenUnseen(moduleTexts, mem, "") {
			return []*ir.Func{nil}
		}
		return nil
	}
}

// writtenUnseen reports whether the module's text (of file and the
// module's headers alone, when file is not "") writes mem outside the
// bodies the front end parsed, or cannot be had again.
func writtenUnseen(moduleTexts func() ([]*moduleText, bool), mem, file string) bool {
	texts, ok := moduleTexts()
	if !ok {
		return true
	}
	for _, t := range texts {
		if file != "" && t.path != file && !strings.HasSuffix(t.path, ".h") {
			continue
		}
		for _, at := range memberWrites(t.src, mem) {
			if !t.inParsed(at) {
				return true
			}
		}
	}
	return false
}

// moduleText is the text of a file of the module, with the spans of the
// function bodies the front end parsed.
type moduleText struct {
	path   string
	src    []byte
	parsed []span
}

type span struct{ lo, hi int }

// inParsed reports whether offset at is inside a parsed body.
func (t *moduleText) inParsed(at int) bool {
	for _, sp := range t.parsed {
		if sp.lo <= at && at < sp.hi {
			return true
		}
	}
	return false
}

// moduleTexts returns the text of the module's files and of the headers
// the front end read for it (those of its own directory: kernel headers
// come from the prelude), a header's read again from disk when the module
// does not hold it, and none of it taken as parsed; ok is false when a
// file's text cannot be had (it is gone or changed since it was read).
func moduleTexts(m *ir.Module) (texts []*moduleText, ok bool) {
	have := map[string]*moduleText{}
	spans := map[string][]span{} // the parsed bodies, by file
	for _, fn := range m.Funcs {
		if !fn.BodyUnneeded && len(fn.Blocks) > 0 && fn.Pos.IsValid() && fn.End.IsValid() {
			spans[fn.File] = append(spans[fn.File], span{int(fn.Pos), int(fn.End)})
		}
	}
	for _, f := range m.Files {
		if f.Src == nil || f.Tok == nil {
			return nil, false
		}
		t := &moduleText{path: f.Path, src: f.Src}
		for _, sp := range spans[f.Path] {
			t.parsed = append(t.parsed, span{f.Tok.Offset(token.Pos(sp.lo)), f.Tok.Offset(token.Pos(sp.hi))})
		}
		have[f.Path] = t
		texts = append(texts, t)
	}
	for _, r := range m.Read {
		if have[r.Path] != nil {
			continue
		}
		data, err := os.ReadFile(r.Path)
		if err != nil || sha256.Sum256(data) != r.Sum {
			return nil, false
		}
		t := &moduleText{path: r.Path, src: data}
		have[r.Path] = t
		texts = append(texts, t)
	}
	return texts, true
}

// memberWrites returns the offsets in text where mem, after . or ->, is
// written (an assignment operator or ++/-- follows or precedes it), or
// named in a #define line.
func memberWrites(text []byte, mem string) []int {
	var out []int
	for i := 0; ; {
		j := bytes.Index(text[i:], []byte(mem))
		if j < 0 {
			return out
		}
		at := i + j
		end := at + len(mem)
		i = end
		if end < len(text) && ctext.IsIdentByte(text[end]) || at > 0 && ctext.IsIdentByte(text[at-1]) {
			continue
		}
		k := at - 1
		for k >= 0 && isSpace(text[k]) {
			k--
		}
		if k < 0 || !(text[k] == '.' || k >= 1 && text[k] == '>' && text[k-1] == '-') {
			continue
		}
		if inDefine(text, at) {
			out = append(out, at)
			continue
		}
		e := end
		for e < len(text) && isSpace(text[e]) {
			e++
		}
		rest := text[e:min(e+3, len(text))]
		write := len(rest) > 0 && rest[0] == '=' && (len(rest) < 2 || rest[1] != '=') ||
			bytes.HasPrefix(rest, []byte("++")) || bytes.HasPrefix(rest, []byte("--"))
		for _, op := range []string{"+=", "-=", "*=", "/=", "%=", "|=", "&=", "^=", "<<=", ">>="} {
			if bytes.HasPrefix(text[e:], []byte(op)) {
				write = true
			}
		}
		// ++p->m and --p->m: the operator before the base.
		line := bytes.LastIndexByte(text[:at], '\n') + 1
		stmt := text[line:at]
		if bytes.Contains(stmt, []byte("++")) || bytes.Contains(stmt, []byte("--")) || bytes.Contains(stmt, []byte("&")) {
			write = true
		}
		if write {
			out = append(out, at)
		}
	}
}

// inDefine reports whether offset at of text is on a #define line (or a
// continuation line of one).
func inDefine(text []byte, at int) bool {
	line := bytes.LastIndexByte(text[:at], '\n') + 1
	for {
		l := bytes.TrimLeft(text[line:at], " \t")
		if bytes.HasPrefix(l, []byte("#")) {
			return bytes.HasPrefix(bytes.TrimLeft(l[1:], " \t"), []byte("define"))
		}
		// A continuation of the line before?
		if line < 2 || text[line-2] != '\\' {
			return false
		}
		at = line - 1
		line = bytes.LastIndexByte(text[:at], '\n') + 1
	}
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
