package cparse

// The enumerations stage: the values of the enumeration constants the
// module's files define, read from each file's scan, so that analyses
// can compare an enumerator passed as an argument with the one a callee
// tests (ir.Module.Enums). Only values written with integer literals,
// earlier enumerators, BIT() and the usual operators are computed: an
// enumerator whose value cannot be, and those after it in the same list,
// are left out.

import (
	"strings"

	"github.com/kdlint/kdlint/ir"
	"github.com/kdlint/kdlint/kmodel"
)

// definedStructs returns the struct tags the files define (struct tag
// { ... }): the module's own structures, and those of the headers it
// includes with quotes, as opposed to the kernel's.
func definedStructs(files []*srcFile) map[string]bool {
	out := map[string]bool{}
	for _, f := range files {
		for _, tag := range f.structTags() {
			out[tag] = true
		}
	}
	return out
}

// structTags returns the tags of the structs f defines (struct x {),
// worked out once: relevance and enumeration both ask.
func (f *srcFile) structTags() []string {
	f.structsOnce.Do(func() {
		s := f.scan
		if s == nil {
			return
		}
		for _, k := range s.structs {
			i := int(k)
			if i+2 < len(s.toks) && !s.toks[i].alt && s.toks[i+1].kind == tIdent && s.is(i+2, "{") {
				f.structs = append(f.structs, strings.Clone(s.text(s.toks[i+1])))
			}
		}
	})
	return f.structs
}

// itemStructTag returns the struct tag a file-scope declaration item
// declares its objects of (static const struct foo_ops x = {...} gives
// foo_ops), "" when it starts otherwise or defines the struct itself.
func itemStructTag(s *scanned, it item) string {
	for i := it.first; i+1 <= it.last && i < it.first+8; i++ {
		t := s.toks[i]
		if t.kind != tIdent {
			return ""
		}
		switch s.text(t) {
		case "static", "const", "extern", "volatile", "__read_mostly", "__initconst", "__initdata", "__refdata", "__maybe_unused":
			continue
		case "struct":
			if n := s.toks[i+1]; n.kind == tIdent && !s.is(i+2, "{") {
				return s.text(n)
			}
		}
		return ""
	}
	return ""
}

// unionMembers returns the names of the members declared directly in the
// union definitions of the files (union { u64 u64; struct {...} s; }
// gives u64 and s).
func unionMembers(files []*srcFile) map[string]bool {
	var out map[string]bool
	for _, f := range files {
		s := f.scan
		if s == nil {
			continue
		}
		for _, k := range s.unions {
			i := int(k)
			if i+1 >= len(s.toks) || s.toks[i].alt {
				continue
			}
			j := i + 1
			if s.toks[j].kind == tIdent {
				j++
			}
			if !s.is(j, "{") {
				continue
			}
			depth := 0
			for k := j; k < len(s.toks); k++ {
				switch {
				case s.is(k, "{"):
					depth++
				case s.is(k, "}"):
					depth--
				case depth == 1 && s.toks[k].kind == tIdent && (s.is(k+1, ";") || s.is(k+1, ",") || s.is(k+1, ":") || s.is(k+1, "[")):
					if out == nil {
						out = map[string]bool{}
					}
					out[strings.Clone(s.text(s.toks[k]))] = true
				}
				if depth == 0 {
					break
				}
			}
		}
	}
	return out
}

// enumerate fills m.Enums from the enum definitions of the files read,
// m.Structs from their struct definitions and m.UnionMembers from their
// union definitions.
func enumerate(m *ir.Module, src *moduleSources) {
	m.Structs = definedStructs(src.all())
	m.UnionMembers = unionMembers(src.all())
	vals := map[string]int64{}
	bad := map[string]bool{}
	for _, f := range src.all() {
		if f.scan == nil || len(f.scan.enums) == 0 {
			continue
		}
		fileEnums(f.scan, vals, bad, src.cfg.model())
	}
	for n := range bad {
		delete(vals, n)
	}
	if len(vals) > 0 {
		m.Enums = vals
	}
}

// fileEnums adds the enumerators of the enum definitions of s to vals;
// names given two different values go to bad.
func fileEnums(s *scanned, vals map[string]int64, bad map[string]bool, km *kmodel.Model) {
	toks := s.toks
	from := 0 // where the last definition ended
	for _, k := range s.enums {
		i := int(k)
		if i < from || toks[i].alt {
			continue
		}
		j := i + 1
		if j < len(toks) && toks[j].kind == tIdent {
			j++
		}
		if !s.is(j, "{") {
			continue
		}
		next, known := int64(0), true
		for j++; j < len(toks) && !s.is(j, "}"); {
			if toks[j].kind != tIdent {
				break
			}
			name := strings.Clone(s.text(toks[j])) // a key of the IR's Enums
			j++
			val := next
			if s.is(j, "=") {
				end := j + 1
				for depth := 0; end < len(toks); end++ {
					if depth == 0 && (s.is(end, ",") || s.is(end, "}")) {
						break
					}
					if s.is(end, "(") {
						depth++
					} else if s.is(end, ")") {
						depth--
					}
				}
				ev := &enumEval{s: s, toks: toks[j+1 : end], vals: vals, km: km}
				v, ok := ev.expr(0)
				known = ok && ev.pos == len(ev.toks)
				val = v
				j = end
			}
			if known {
				if old, dup := vals[name]; dup && old != val {
					bad[name] = true
				}
				vals[name] = val
				next = val + 1
			}
			if s.is(j, ",") {
				j++
			}
		}
		from = j + 1
	}
}

// enumEval evaluates an enumerator's constant expression over tokens.
type enumEval struct {
	s    *scanned
	toks []tok
	pos  int
	vals map[string]int64
	km   *kmodel.Model // BIT(n)
}

func (e *enumEval) peek() string {
	if e.pos >= len(e.toks) {
		return ""
	}
	return e.s.text(e.toks[e.pos])
}

var enumPrec = map[string]int{"|": 1, "^": 2, "&": 3, "<<": 4, ">>": 4, "+": 5, "-": 5, "*": 6, "/": 6, "%": 6}

// expr parses a binary expression whose operators bind tighter than min.
func (e *enumEval) expr(min int) (int64, bool) {
	x, ok := e.unary()
	if !ok {
		return 0, false
	}
	for {
		op := e.peek()
		p, isOp := enumPrec[op]
		if !isOp || p <= min || e.toks[e.pos].kind != tPunct {
			return x, true
		}
		e.pos++
		y, ok := e.expr(p)
		if !ok {
			return 0, false
		}
		switch op {
		case "|":
			x |= y
		case "^":
			x ^= y
		case "&":
			x &= y
		case "<<":
			if y < 0 || y > 63 {
				return 0, false
			}
			x <<= uint(y)
		case ">>":
			if y < 0 || y > 63 {
				return 0, false
			}
			x >>= uint(y)
		case "+":
			x += y
		case "-":
			x -= y
		case "*":
			x *= y
		case "/", "%":
			if y == 0 {
				return 0, false
			}
			if op == "/" {
				x /= y
			} else {
				x %= y
			}
		}
	}
}

func (e *enumEval) unary() (int64, bool) {
	if e.pos >= len(e.toks) {
		return 0, false
	}
	t := e.toks[e.pos]
	text := e.s.text(t)
	e.pos++
	switch {
	case t.kind == tPunct && text == "(":
		v, ok := e.expr(0)
		if !ok || e.peek() != ")" {
			return 0, false
		}
		e.pos++
		return v, true
	case t.kind == tPunct && (text == "-" || text == "~" || text == "!" || text == "+"):
		v, ok := e.unary()
		switch text {
		case "-":
			v = -v
		case "~":
			v = ^v
		case "!":
			if v == 0 {
				v = 1
			} else {
				v = 0
			}
		}
		return v, ok
	case t.kind == tNumber:
		return ir.IntLiteral(text)
	case t.kind == tChar && len(text) == 3:
		return int64(text[1]), true
	case t.kind == tIdent && e.isBit(text) && e.peek() == "(":
		e.pos++
		v, ok := e.expr(0)
		if !ok || e.peek() != ")" || v < 0 || v > 63 {
			return 0, false
		}
		e.pos++
		return int64(1) << uint(v), true
	case t.kind == tIdent:
		v, ok := e.vals[text]
		return v, ok
	}
	return 0, false
}

// isBit reports whether name is the kernel's BIT(n) (kmodel.ConstMacros).
func (e *enumEval) isBit(name string) bool {
	cm := e.km.ConstMacroFor(name)
	return cm != nil && cm.Op == kmodel.ConstBit
}
