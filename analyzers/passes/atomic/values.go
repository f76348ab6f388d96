package atomic

import (
	"math/bits"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/kdlint/kdlint/ir"
	"github.com/kdlint/kdlint/kmodel"
)

// Values are what the analysis knows of an integer at a program point:
// which of its bits are known (known) and their values (bits). A fully
// known value is a constant; a value with no known bit is unknown. Flag
// expressions keep what they can: GFP_KERNEL | flags still has its
// reclaim bit set when flags is unknown.

// Value is an integer, as far as the analysis knows it.
type Value struct {
	known, bits uint64
	// sym names a constant whose value is not known (a macro or
	// enumerator of a kernel header the model does not define), when
	// no bit is known: two different names are taken as different
	// values, the same name as the same.
	sym string
}

var unknown = Value{}

// Const returns the constant v.
func Const(v int64) Value { return Value{known: ^uint64(0), bits: uint64(v)} }

func boolValue(b bool) Value {
	if b {
		return Const(1)
	}
	return Const(0)
}

// IsConst reports whether every bit of v is known, and its value.
func (v Value) IsConst() (int64, bool) { return int64(v.bits), v.known == ^uint64(0) }

// Known reports whether anything is known of v.
func (v Value) Known() bool { return v.known != 0 || v.sym != "" }

// Has reports whether the bits of mask are all known to be set in v.
func (v Value) Has(mask uint64) bool { return v.known&mask == mask && v.bits&mask == mask }

// Lacks reports whether the bits of mask are all known to be clear in v.
func (v Value) Lacks(mask uint64) bool { return v.known&mask == mask && v.bits&mask == 0 }

// truth returns whether v is non-zero, if that is known.
func (v Value) truth() (value, known bool) {
	if v.known&v.bits != 0 {
		return true, true
	}
	if v.known == ^uint64(0) {
		return v.bits != 0, true
	}
	return false, false
}

// meet is what is known of a value that is either v or w.
func (v Value) meet(w Value) Value {
	if v.sym != "" || w.sym != "" {
		if v == w {
			return v
		}
		return unknown
	}
	k := v.known & w.known &^ (v.bits ^ w.bits)
	return Value{known: k, bits: v.bits & k}
}

func (v Value) String() string {
	if c, ok := v.IsConst(); ok {
		return strconv.FormatInt(c, 10)
	}
	if !v.Known() {
		return "?"
	}
	return "bits " + strconv.FormatUint(v.bits, 16) + "/" + strconv.FormatUint(v.known, 16)
}

func binaryValue(op string, x, y Value) Value {
	switch op {
	case "|":
		// A bit is known when it is known set in either, or known clear in both.
		set := x.known&x.bits | y.known&y.bits
		clear := x.known &^ x.bits & (y.known &^ y.bits)
		return Value{known: set | clear, bits: set}
	case "&":
		clear := x.known&^x.bits | y.known&^y.bits
		set := x.known & x.bits & y.known & y.bits
		return Value{known: set | clear, bits: set}
	case "^":
		k := x.known & y.known
		return Value{known: k, bits: (x.bits ^ y.bits) & k}
	case "&&":
		xt, xk := x.truth()
		yt, yk := y.truth()
		if xk && !xt || yk && !yt {
			return Const(0)
		}
		if xk && yk {
			return Const(1)
		}
		return unknown
	case "||":
		xt, xk := x.truth()
		yt, yk := y.truth()
		if xk && xt || yk && yt {
			return Const(1)
		}
		if xk && yk {
			return Const(0)
		}
		return unknown
	case "==", "!=":
		if x.sym != "" || y.sym != "" {
			if x.sym == "" || y.sym == "" {
				return unknown
			}
			return boolValue((x.sym == y.sym) == (op == "=="))
		}
		eq, known := equal(x, y)
		if !known {
			return unknown
		}
		return boolValue(eq == (op == "=="))
	}
	a, aok := x.IsConst()
	b, bok := y.IsConst()
	if op == "*" && (aok && a == 0 || bok && b == 0) {
		return Const(0) // 10 * HZ * can_sleep with can_sleep 0
	}
	if !aok || !bok {
		if op == "<<" && bok && b >= 0 && b < 64 {
			// Known low bits become zero.
			return Value{known: x.known<<uint(b) | (1<<uint(b) - 1), bits: x.bits << uint(b)}
		}
		return unknown
	}
	switch op {
	case "+":
		return Const(a + b)
	case "-":
		return Const(a - b)
	case "*":
		return Const(a * b)
	case "/":
		if b != 0 {
			return Const(a / b)
		}
	case "%":
		if b != 0 {
			return Const(a % b)
		}
	case "<<":
		if b >= 0 && b < 64 {
			return Const(a << uint(b))
		}
	case ">>":
		if b >= 0 && b < 64 {
			return Const(a >> uint(b))
		}
	case "<":
		return boolValue(a < b)
	case ">":
		return boolValue(a > b)
	case "<=":
		return boolValue(a <= b)
	case ">=":
		return boolValue(a >= b)
	}
	return unknown
}

// same compares x and y for a switch: by value, or by name for named
// constants whose values are not known.
func same(x, y Value) (eq, known bool) {
	if x.sym != "" || y.sym != "" {
		if x.sym == "" || y.sym == "" {
			return false, false
		}
		return x.sym == y.sym, true
	}
	return equal(x, y)
}

// equal compares x and y: unequal as soon as a bit known in both
// differs.
func equal(x, y Value) (eq, known bool) {
	k := x.known & y.known
	if (x.bits^y.bits)&k != 0 {
		return false, true
	}
	if k == ^uint64(0) {
		return true, true
	}
	return false, false
}

// parseLit returns the value of a C integer or character literal.
func parseLit(text string) (Value, bool) {
	if text == "" {
		return unknown, false
	}
	if text[0] == '\'' {
		if len(text) == 3 {
			return Const(int64(text[1])), true
		}
		return unknown, false
	}
	if n, ok := ir.IntLiteral(text); ok {
		return Const(n), true
	}
	return unknown, false
}

// evaluator evaluates expressions of one function in an environment.
type evaluator struct {
	km    *kmodel.Model
	enums map[string]int64
	// ctx is the context the code runs in, for context tests; ok is
	// false where they are not relied on (under a lock in process
	// context).
	ctx   kmodel.Context
	ctxOK bool
	// irqsOff is set where a caller's lock that disables interrupts is
	// held throughout: irqs_disabled() is then true.
	irqsOff bool
	unions  map[string]bool // the union members of the module
	vars    map[string]bool // the tracked variables of the function
	locals  map[string]bool // the variables declared in its body
	mems    map[string]bool // the tracked members of the module
	// once is the function's do-once test, decided when the set-up is
	// done (once.go); its block is nil when there is none.
	once onceTest
}

// eval returns what env says of e.
func (ev *evaluator) eval(e ir.Expr, env env) Value {
	switch e := e.(type) {
	case *ir.Lit:
		v, _ := parseLit(e.Text)
		return v
	case *ir.Ident:
		if ev.vars[e.Name] {
			return env.get(e.Name)
		}
		if v, ok := ev.enums[e.Name]; ok {
			return Const(v)
		}
		if b, ok := ev.km.GFPFlagBits(e.Name); ok {
			return Value{known: ^uint64(0), bits: b}
		}
		if isConstName(e.Name) {
			return Value{sym: e.Name}
		}
	case *ir.Member:
		if ev.mems[e.Name] {
			k := memberKey(e)
			v := env.lookupMember(k)
			if !v.Known() && env.zeroAt(k, ev.unions) {
				return Const(0)
			}
			return v
		}
	case *ir.Unary:
		x := ev.eval(e.X, env)
		switch e.Op {
		case "!":
			if t, ok := x.truth(); ok {
				return boolValue(!t)
			}
		case "~":
			return Value{known: x.known, bits: ^x.bits & x.known}
		case "-":
			if c, ok := x.IsConst(); ok {
				return Const(-c)
			}
		case "+":
			return x
		}
	case *ir.Binary:
		x := ev.eval(e.X, env)
		// Short-circuit: the right side of && and || does not matter
		// when the left decides.
		if e.Op == "&&" || e.Op == "||" {
			if t, ok := x.truth(); ok && t == (e.Op == "||") {
				return boolValue(t)
			}
		}
		return binaryValue(e.Op, x, ev.eval(e.Y, env))
	case *ir.Call:
		return ev.call(e, env)
	case *ir.Cond:
		if t, ok := ev.eval(e.C, env).truth(); ok {
			if t {
				return ev.eval(e.Then, env)
			}
			return ev.eval(e.Else, env)
		}
		return ev.eval(e.Then, env).meet(ev.eval(e.Else, env))
	}
	return unknown
}

func (ev *evaluator) call(c *ir.Call, env env) Value {
	if kmodel.In(c.Name, kmodel.BranchHints) && len(c.Args) == 1 {
		return ev.eval(c.Args[0], env)
	}
	if cm := ev.km.ConstMacroFor(c.Name); cm != nil {
		switch {
		case cm.Op == kmodel.ConstBit && len(c.Args) == 1:
			if n, ok := ev.eval(c.Args[0], env).IsConst(); ok && n >= 0 && n < 64 {
				return Const(1 << uint(n))
			}
		case cm.Op == kmodel.ConstFieldPrep && len(c.Args) == 2:
			m, mok := ev.eval(c.Args[0], env).IsConst()
			if !mok || m == 0 {
				return unknown
			}
			mask := uint64(m)
			if v, ok := ev.eval(c.Args[1], env).IsConst(); ok {
				return Const(int64((uint64(v) << uint(bits.TrailingZeros64(mask))) & mask))
			}
			return Value{known: ^mask, bits: 0}
		case cm.Op == kmodel.ConstGenmask && len(c.Args) == 2:
			h, hok := ev.eval(c.Args[0], env).IsConst()
			l, lok := ev.eval(c.Args[1], env).IsConst()
			if hok && lok && l >= 0 && h < 64 && l <= h {
				return Value{known: ^uint64(0), bits: (^uint64(0) >> uint(63-h)) &^ (1<<uint(l) - 1)}
			}
		}
		return unknown
	}
	if k, ok := keyTested(ev.km, c); ok {
		return env.get(keyBinding(k))
	}
	if t := ev.km.GFPTestFor(c.Name); t != nil && t.Arg < len(c.Args) {
		x := ev.eval(c.Args[t.Arg], env)
		switch {
		case x.Has(t.Bits):
			return Const(1)
		case x.known&t.Bits != 0 && x.bits&t.Bits == 0 && bits.OnesCount64(t.Bits) == 1:
			return Const(0)
		}
		return unknown
	}
	if len(c.Args) == 0 && ev.irqsOff && ev.km.ContextTestIRQsOff(c.Name) {
		return Const(1)
	}
	if len(c.Args) == 0 && ev.ctxOK {
		if v, known := ev.km.ContextTestIn(c.Name, ev.ctx); known {
			return boolValue(v)
		}
	}
	return unknown
}

// isConstName reports whether name is written as a constant (CAPITALS,
// digits and underscores, a letter first).
func isConstName(name string) bool {
	if name == "" || name[0] < 'A' || name[0] > 'Z' {
		return false
	}
	letters := 0
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c >= 'A' && c <= 'Z':
			letters++
		case c >= '0' && c <= '9' || c == '_':
		default:
			return false
		}
	}
	return letters >= 2
}

// memberKey is the environment key of a tracked member: its whole
// access path, so that first->type and adapter->hw.mac.type differ.
func memberKey(m *ir.Member) string { return "." + strings.ReplaceAll(m.String(), "->", ".") }

// memberName is the member name of a memberKey.
func memberName(key string) string { return key[strings.LastIndexByte(key, '.')+1:] }

// memberRoot is the variable a memberKey's path starts from, "" when it
// does not start from one.
func memberRoot(key string) string {
	p := key[1:]
	for i := 0; i < len(p); i++ {
		if c := p[i]; !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			if c == '.' {
				return p[:i]
			}
			return ""
		}
	}
	return ""
}

// env is an environment: what is known of each tracked variable and
// member, sorted by name. Names absent are unknown. An env is never
// changed in place.
type env []binding

type binding struct {
	name string
	v    Value
	// observed marks a member fact learned from a branch condition (the
	// member was tested), rather than from an assignment of the module's:
	// kernel calls may change it.
	observed bool
}

func (e env) find(name string) int {
	lo, hi := 0, len(e)
	for lo < hi {
		m := (lo + hi) / 2
		if e[m].name < name {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

func (e env) get(name string) Value {
	if i := e.find(name); i < len(e) && e[i].name == name {
		return e[i].v
	}
	return unknown
}

// lookupMember returns what e says of the member at key. A fact about
// v->m, where v is a variable named after a member (chip = &fwd->chip),
// also holds for a longer path ending in that member (fwd->chip.m): the
// kernel's naming convention for a pointer into a structure.
func (e env) lookupMember(key string) Value {
	if v := e.get(key); v.Known() {
		return v
	}
	for _, b := range e {
		if len(b.name) == 0 || b.name[0] != '.' || len(b.name) >= len(key) {
			continue
		}
		// ".chip.can_sleep" ends ".fwd.chip.can_sleep" at a member.
		if memberRoot(b.name) != "" && strings.HasSuffix(key, b.name) {
			return b.v
		}
	}
	return unknown
}

// with returns e with name bound to v (or unbound, when v is unknown).
func (e env) with(name string, v Value, observed bool) env {
	i := e.find(name)
	present := i < len(e) && e[i].name == name
	if !v.Known() {
		if !present {
			return e
		}
		out := make(env, 0, len(e)-1)
		out = append(out, e[:i]...)
		return append(out, e[i+1:]...)
	}
	if present && e[i].v == v && e[i].observed == observed {
		return e
	}
	out := make(env, 0, len(e)+1)
	out = append(out, e[:i]...)
	out = append(out, binding{name, v, observed})
	if present {
		i++
	}
	return append(out, e[i:]...)
}

// withAll returns e with each of names bound to v, which is known: what
// e.with(name, v, observed) for each name in turn returns, in one merge.
// It sorts names in place.
func (e env) withAll(names []string, v Value, observed bool) env {
	if len(names) == 0 {
		return e
	}
	sort.Strings(names)
	names = slices.Compact(names)
	out := make(env, 0, len(e)+len(names))
	i, changed := 0, false
	for _, n := range names {
		for i < len(e) && e[i].name < n {
			out = append(out, e[i])
			i++
		}
		if i < len(e) && e[i].name == n {
			changed = changed || e[i].v != v || e[i].observed != observed
			i++
		} else {
			changed = true
		}
		out = append(out, binding{n, v, observed})
	}
	if !changed {
		return e
	}
	return append(out, e[i:]...)
}

// envOf returns the env that binding each of bs in turn, with with,
// makes of an empty env: the last binding of a name wins, and one of an
// unknown value unbinds it. It sorts bs in place.
func envOf(bs []binding) env {
	slices.SortStableFunc(bs, func(a, b binding) int { return strings.Compare(a.name, b.name) })
	out := bs[:0]
	for i, b := range bs {
		if i+1 < len(bs) && bs[i+1].name == b.name || !b.v.Known() {
			continue
		}
		out = append(out, b)
	}
	if len(out) == 0 {
		return nil
	}
	return env(slices.Clip(out))
}

// without returns e without the bindings drop accepts.
func (e env) without(drop func(binding) bool) env {
	for i, b := range e {
		if drop(b) {
			out := append(env(nil), e[:i]...)
			for _, b := range e[i+1:] {
				if !drop(b) {
					out = append(out, b)
				}
			}
			return out
		}
	}
	return e
}

// meet is what holds on both e and o: e itself when that is all of e
// (a block reached again with what it knew, the common case).
func (e env) meet(o env) env {
	if e.meetKeeps(o) {
		return e
	}
	return e.merge(o)
}

// merge is what holds on both e and o, always as a new env.
func (e env) merge(o env) env {
	out := make(env, 0, len(e))
	i, j := 0, 0
	for i < len(e) || j < len(o) {
		switch {
		case j == len(o) || i < len(e) && e[i].name < o[j].name:
			// A write marker holds when either side wrote.
			if isMarker(e[i].name) {
				out = append(out, e[i])
			}
			i++
		case i == len(e) || e[i].name > o[j].name:
			if isMarker(o[j].name) {
				out = append(out, o[j])
			}
			j++
		default:
			if v := e[i].v.meet(o[j].v); v.Known() {
				out = append(out, binding{e[i].name, v, e[i].observed || o[j].observed})
			}
			i++
			j++
		}
	}
	return out
}

// meetKeeps reports whether e.meet(o) is equal to e.
func (e env) meetKeeps(o env) bool {
	i, j := 0, 0
	for i < len(e) || j < len(o) {
		switch {
		case j == len(o) || i < len(e) && e[i].name < o[j].name:
			if !isMarker(e[i].name) {
				return false
			}
			i++
		case i == len(e) || e[i].name > o[j].name:
			if isMarker(o[j].name) {
				return false
			}
			j++
		default:
			if !e[i].v.Known() || e[i].v.meet(o[j].v) != e[i].v || !e[i].observed && o[j].observed {
				return false
			}
			i++
			j++
		}
	}
	return true
}

func (e env) equal(o env) bool {
	if len(e) != len(o) {
		return false
	}
	for i := range e {
		if e[i] != o[i] {
			return false
		}
	}
	return true
}

func (e env) key() string {
	var b strings.Builder
	for _, x := range e {
		b.WriteString(x.name)
		b.WriteByte('=')
		b.WriteString(strconv.FormatUint(x.v.known, 36))
		b.WriteByte(':')
		b.WriteString(strconv.FormatUint(x.v.bits, 36))
		if x.v.sym != "" {
			b.WriteString("#" + x.v.sym)
		}
		if x.observed {
			b.WriteByte('o')
		}
		b.WriteByte(';')
	}
	return b.String()
}

// Zero defaults. After memset(&v, 0, sizeof(...)), or an initializer
// list, the members of v not written since are 0. Binding "0"+base
// (base a member key, ".v") says so; "1"+path marks a member path under a
// zeroed base written since with a value not known to be 0, and
// "1"+base+"|"+name a member name a called function may write. Markers
// hold where either of two merging paths wrote.

func isMarker(name string) bool { return name != "" && name[0] == '1' }

func isZeroBase(name string) bool { return name != "" && name[0] == '0' }

// zeroed returns e with the members under base all 0.
func (e env) zeroed(base string) env {
	e = e.without(func(b binding) bool { return underBase(b.name, base) })
	return e.with("0"+base, Const(1), false)
}

// unzeroed returns e without the zero defaults drop accepts (given the
// base) and their markers.
func (e env) unzeroed(drop func(base string) bool) env {
	var bases []string
	for _, b := range e {
		if isZeroBase(b.name) && drop(b.name[1:]) {
			bases = append(bases, b.name[1:])
		}
	}
	if len(bases) == 0 {
		return e
	}
	return e.without(func(b binding) bool {
		if !isZeroBase(b.name) && !isMarker(b.name) {
			return false
		}
		for _, base := range bases {
			if underBase(b.name, base) {
				return true
			}
		}
		return false
	})
}

// underBase reports whether binding name is about base or a member under
// it.
func underBase(name, base string) bool {
	if isZeroBase(name) || isMarker(name) {
		name = name[1:]
	}
	return name == base || strings.HasPrefix(name, base) && len(name) > len(base) && (name[len(base)] == '.' || name[len(base)] == '|')
}

// hasZero reports whether e has zero defaults.
func (e env) hasZero() bool {
	for _, b := range e {
		if isZeroBase(b.name) {
			return true
		}
	}
	return false
}

// written returns e with the member at key marked written with v.
func (e env) written(key string, v Value) env {
	if c, ok := v.IsConst(); ok && c == 0 {
		return e
	}
	for _, b := range e {
		if isZeroBase(b.name) && b.name[1:] == key {
			return e.unzeroed(func(base string) bool { return base == key })
		}
	}
	for _, b := range e {
		if isZeroBase(b.name) && underBase(key, b.name[1:]) {
			return e.with("1"+key, Const(1), false)
		}
	}
	return e
}

// zeroAt reports whether the member at key is 0 by a zero default.
func (e env) zeroAt(key string, unions map[string]bool) bool {
	for _, b := range e {
		if !isZeroBase(b.name) {
			continue
		}
		base := b.name[1:]
		if !underBase(key, base) || key == base {
			continue
		}
		clean := true
		for _, w := range e {
			if isMarker(w.name) && underBase(w.name, base) && aliases(w.name[1:], key, unions) {
				clean = false
				break
			}
		}
		if clean {
			return true
		}
	}
	return false
}

// aliases reports whether writing at w (a member key, or base|name) may
// change the member at q: the same member, one within the other, or
// members that part at a union's members.
func aliases(w, q string, unions map[string]bool) bool {
	if i := strings.IndexByte(w, '|'); i >= 0 {
		return memberName(q) == w[i+1:]
	}
	if w == q || strings.HasPrefix(q, w+".") || strings.HasPrefix(w, q+".") {
		return true
	}
	wc, qc := strings.Split(w, "."), strings.Split(q, ".")
	for i := 0; i < len(wc) && i < len(qc); i++ {
		if wc[i] != qc[i] {
			return unions[wc[i]] || unions[qc[i]]
		}
	}
	return false
}

// rootOf is the variable a member key or zero base starts from.
func rootOf(path string) string {
	p := path[1:]
	for i := 0; i < len(p); i++ {
		if c := p[i]; c == '.' || c == '|' {
			return p[:i]
		} else if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return ""
		}
	}
	return p
}
