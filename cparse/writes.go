package cparse

// What a body the front end does not parse may write. The atomic
// analysis forgets, after a call, what it knew of the members the callee
// may write; a body that relevance blanked or dropped gives it nothing to
// look at, so without this it would take such a call as a call out of
// the module (which may change any member of what it is given) or as one
// that writes nothing. The tokens of the body, and of the module macros
// it uses, say conservatively what it can write (ir.Module.Unparsed).

import (
	"slices"
	"strings"

	"github.com/kdlint/kdlint/ir"
)

// writeRecorder collects ir.Writes for the bodies markUnneeded prunes.
type writeRecorder struct {
	src   *moduleSources
	names *moduleNames
	// pruned holds the pruned definitions by name, scanned only if a
	// record is asked for (done).
	pruned map[string][]prunedBody
	out    map[string]*ir.Writes
	macros map[string][]*define // module macros by name, made on first use
	// macroWrites memoises what each macro's replacement list writes
	// (with the macros it uses); nil while one is being worked out.
	macroWrites map[string]*ir.Writes
	// first has, by first byte, a bit per length (modulo 64) of the
	// module's macro names (maybeMacro); set on first use.
	first    [256]uint64
	firstSet bool
}

type prunedBody struct {
	s  *scanned
	it item
}

func newWriteRecorder(src *moduleSources, names *moduleNames) *writeRecorder {
	return &writeRecorder{src: src, names: names, pruned: map[string][]prunedBody{}, out: map[string]*ir.Writes{}}
}

// add notes that the body of function definition it of s is pruned.
func (w *writeRecorder) add(s *scanned, it item) {
	w.pruned[it.name] = append(w.pruned[it.name], prunedBody{s, it})
}

// done returns the records of m's pruned bodies that the analysis can
// ask for: those of the functions the parsed bodies call, of the
// functions m keeps without a body, and of what their bodies call, each
// list sorted and without repeats. Functions of the same name (static
// ones of different files) share one record, the union.
func (w *writeRecorder) done(m *ir.Module) map[string]*ir.Writes {
	if len(w.pruned) == 0 {
		return nil
	}
	var work []string
	want := func(name string) {
		if _, ok := w.pruned[name]; ok {
			if _, done := w.out[name]; !done {
				w.out[name] = nil
				work = append(work, name)
			}
		}
	}
	for _, f := range m.Funcs {
		want(f.Name)
		for _, b := range f.Blocks {
			for _, n := range b.Nodes {
				if c, ok := n.(*ir.Call); ok && c.Name != "" {
					want(c.Name)
				}
			}
		}
	}
	for len(work) > 0 {
		name := work[len(work)-1]
		work = work[:len(work)-1]
		rec := &ir.Writes{ContainerOfParam: true}
		for _, p := range w.pruned[name] {
			w.scan(p.s, p.it.bodyOpen, p.it.last+1, rec)
			rec.ContainerOfParam = rec.ContainerOfParam && w.containerOfParam(p.s, p.it)
		}
		w.out[name] = rec
		for _, c := range rec.Calls {
			want(c)
		}
	}
	if len(w.out) == 0 {
		return nil
	}
	for _, rec := range w.out {
		tidy(rec)
		// The names share the scanned text; the IR outlives it.
		for _, l := range [][]string{rec.Members, rec.Addressed, rec.Calls} {
			for i := range l {
				l[i] = strings.Clone(l[i])
			}
		}
	}
	return w.out
}

func tidy(rec *ir.Writes) {
	for _, l := range []*[]string{&rec.Members, &rec.Addressed, &rec.Calls} {
		slices.Sort(*l)
		*l = slices.Compact(*l)
	}
}

// scan adds to rec what tokens [from, to) of s may write: the member
// names in the left operand of an assignment (compound ones included) or
// of ++/--, the members after a unary &, the module functions they call
// and, through the module macros they use, what those write. A member
// name built with ## in a macro that writes is not known: rec.Any.
func (w *writeRecorder) scan(s *scanned, from, to int, rec *ir.Writes) {
	for i := from; i < to; i++ {
		t := s.toks[i]
		switch t.kind {
		case tIdent:
			name := s.text(t)
			switch {
			case w.maybeMacro(name) && w.names.macros[name]:
				if m := w.macro(name); m != nil {
					merge(rec, m)
				}
				if s.is(i+1, "(") {
					rec.Calls = append(rec.Calls, w.renamed(name)...)
				}
			case s.is(i+1, "(") && w.names.funcs[name]:
				rec.Calls = append(rec.Calls, name)
			}
		case tPunct:
			switch s.text(t) {
			case "=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=":
				end := i
				if s.is(i-1, "<<") || s.is(i-1, ">>") { // <<= and >>= scan as two tokens
					end = i - 1
				}
				rec.Members = lvalueBefore(s, end, from, rec.Members)
			case "++", "--":
				rec.Members = lvalueBefore(s, i, from, rec.Members)
				rec.Members = operandAfter(s, i, to, rec.Members)
			case "&":
				if w.unaryAt(s, i, from) {
					rec.Addressed = operandAfter(s, i, to, rec.Addressed)
				}
			case "##":
				rec.Any = rec.Any || w.writesAround(s, from, to)
			}
		}
	}
}

// maybeMacro is a quick filter before the lookup of name among the
// module's macros: false when no macro has name's first byte and length
// (modulo 64). Most identifiers of a body are locals and members.
func (w *writeRecorder) maybeMacro(name string) bool {
	if !w.firstSet {
		w.firstSet = true
		for m := range w.names.macros {
			if m != "" {
				w.first[m[0]] |= 1 << (len(m) & 63)
			}
		}
	}
	return w.first[name[0]]&(1<<(len(name)&63)) != 0
}

// writesAround reports whether tokens [from, to) hold an assignment or
// an increment: a pasted name there may be what is written.
func (w *writeRecorder) writesAround(s *scanned, from, to int) bool {
	for i := from; i < to; i++ {
		if t := s.toks[i]; t.kind == tPunct {
			switch s.text(t) {
			case "=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "++", "--", "&":
				return true
			}
		}
	}
	return false
}

// macro returns what the module macro name may write, over all its
// definitions; nil for one being worked out (a recursive use adds
// nothing the outer scan does not add).
func (w *writeRecorder) macro(name string) *ir.Writes {
	if w.macros == nil {
		files := append(w.src.code(), w.src.config()...)
		n := 0
		for _, f := range files {
			n += len(f.defines())
		}
		w.macros = make(map[string][]*define, n)
		w.macroWrites = map[string]*ir.Writes{}
		for _, f := range files {
			for _, d := range f.defines() {
				w.macros[d.d.arg] = append(w.macros[d.d.arg], d)
			}
		}
	}
	if rec, ok := w.macroWrites[name]; ok {
		return rec
	}
	w.macroWrites[name] = nil
	rec := &ir.Writes{}
	for _, d := range w.macros[name] {
		b := joinPunct(d.body)
		w.scan(b, 0, len(b.toks), rec)
	}
	tidy(rec)
	w.macroWrites[name] = rec
	return rec
}

// renamed returns the module functions that name, an object-like macro
// called like a function, stands for, by the names the IR gives them: a header that renames a family of
// functions (#define vnic_dev_stats_dump fnic_dev_stats_dump) makes the
// call in the text a call of the function its replacement names.
func (w *writeRecorder) renamed(name string) []string {
	var out []string
	for _, d := range w.macros[name] {
		if d.params == nil && len(d.body.toks) == 1 && d.body.toks[0].kind == tIdent {
			// The definition's own text may use the macro's name
			// (int vnic_dev_stats_dump(...) { ... }): the scanner
			// knows the function by that name, the IR by the target.
			if target := d.body.text(d.body.toks[0]); w.names.funcs[target] || w.names.funcs[name] {
				out = append(out, target)
			}
		}
	}
	return out
}

// joinPunct returns a replacement list's tokens with the two-character
// operators joined as scan joins them (scanBody keeps them apart, but for
// ## and ->).
func joinPunct(b *scanned) *scanned {
	if !joinable(b) {
		return b
	}
	out := &scanned{src: b.src, str: b.str, toks: make([]tok, 0, len(b.toks))}
	for i := 0; i < len(b.toks); i++ {
		t := b.toks[i]
		if t.kind == tPunct && t.end == t.off+1 && i+1 < len(b.toks) {
			if n := b.toks[i+1]; n.kind == tPunct && n.off == t.end && n.end == n.off+1 {
				switch b.str[t.off:n.end] {
				case "++", "--", "&&", "||", "==", "!=", "<=", ">=", "<<", ">>",
					"+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=":
					t.end = n.end
					i++
				}
			}
		}
		out.toks = append(out.toks, t)
	}
	return out
}

// joinable reports whether b has two adjacent one-character punctuators:
// most replacement lists (constants, calls) have none.
func joinable(b *scanned) bool {
	for i := 0; i+1 < len(b.toks); i++ {
		t, n := b.toks[i], b.toks[i+1]
		if t.kind == tPunct && n.kind == tPunct && n.off == t.end && t.end == t.off+1 && n.end == n.off+1 {
			return true
		}
	}
	return false
}

func merge(rec, m *ir.Writes) {
	rec.Members = append(rec.Members, m.Members...)
	rec.Addressed = append(rec.Addressed, m.Addressed...)
	rec.Calls = append(rec.Calls, m.Calls...)
	rec.Any = rec.Any || m.Any
}

// lvalueBefore appends the member names of the operand that ends before
// token i (not before from): names, member accesses, dereferences and
// bracketed groups, back to the first token that cannot be in one.
func lvalueBefore(s *scanned, i, from int, out []string) []string {
	j := i - 1
	for j >= from {
		t := s.toks[j]
		if t.kind == tIdent {
			if j > from && (s.is(j-1, ".") || s.is(j-1, "->")) {
				out = append(out, s.text(t))
			}
			j--
			continue
		}
		if t.kind != tPunct {
			return out
		}
		switch s.text(t) {
		case ".", "->", "*":
			j--
		case "]", ")":
			open := matchBack(s, j, from)
			if open < 0 || s.text(t) == ")" && open > from && controlWord(s, open-1) {
				return out // if (d->busy) x = 0: the condition is not written
			}
			out = membersIn(s, open, j, out)
			j = open - 1
		default:
			return out
		}
	}
	return out
}

// controlWord reports whether token i is a keyword whose parenthesised
// group is not an operand: the statement ends at its ')'.
func controlWord(s *scanned, i int) bool {
	if s.toks[i].kind != tIdent {
		return false
	}
	switch s.text(s.toks[i]) {
	case "if", "while", "for", "switch":
		return true
	}
	return false
}

// operandAfter appends the member names of the operand that starts after
// token i (before to).
func operandAfter(s *scanned, i, to int, out []string) []string {
	for j := i + 1; j < to; j++ {
		t := s.toks[j]
		if t.kind == tIdent {
			if s.is(j-1, ".") || s.is(j-1, "->") {
				out = append(out, s.text(t))
			}
			continue
		}
		if t.kind != tPunct {
			return out
		}
		switch s.text(t) {
		case ".", "->", "*", "&":
		case "[", "(":
			end := matchForward(s, j, to)
			if end < 0 {
				return out
			}
			out = membersIn(s, j, end, out)
			j = end
		default:
			return out
		}
	}
	return out
}

// membersIn appends every member name of tokens [from, to].
func membersIn(s *scanned, from, to int, out []string) []string {
	for j := from + 1; j <= to; j++ {
		if s.toks[j].kind == tIdent && (s.is(j-1, ".") || s.is(j-1, "->")) {
			out = append(out, s.text(s.toks[j]))
		}
	}
	return out
}

// unaryAt reports whether the & at token i takes an address: what comes
// before it cannot end an operand, or is a cast ((void *)&p->m).
func (w *writeRecorder) unaryAt(s *scanned, i, from int) bool {
	if i <= from {
		return true
	}
	t := s.toks[i-1]
	switch t.kind {
	case tIdent:
		name := s.text(t)
		return name == "return" || name == "sizeof"
	case tNumber, tString, tChar:
		return false
	}
	switch s.text(t) {
	case ")":
		open := matchBack(s, i-1, from)
		return open >= 0 && w.castAt(s, open, i-1)
	case "]", "++", "--":
		return false
	}
	return true
}

// castAt reports whether tokens [open, close] (a parenthesised group)
// are a cast: a pointer type ("... *)") or one that starts with a type
// name.
func (w *writeRecorder) castAt(s *scanned, open, close int) bool {
	if s.is(close-1, "*") {
		return true
	}
	if open+1 >= close || s.toks[open+1].kind != tIdent {
		return false
	}
	name := s.text(s.toks[open+1])
	switch name {
	case "struct", "union", "enum", "const", "volatile", "void", "char", "short", "int", "long",
		"unsigned", "signed", "float", "double", "_Bool", "bool":
		return true
	}
	return w.names.allTypedefs[name] || w.names.typedefs[name]
}

// matchBack returns the index of the bracket that opens the one that
// closes at j, -1 when there is none at or after from.
func matchBack(s *scanned, j, from int) int {
	depth := 0
	for k := j; k >= from; k-- {
		if s.toks[k].kind != tPunct {
			continue
		}
		switch s.text(s.toks[k]) {
		case ")", "]":
			depth++
		case "(", "[":
			if depth--; depth == 0 {
				return k
			}
		}
	}
	return -1
}

// matchForward returns the index of the bracket that closes the one that
// opens at j, -1 when there is none before to.
func matchForward(s *scanned, j, to int) int {
	depth := 0
	for k := j; k < to; k++ {
		if s.toks[k].kind != tPunct {
			continue
		}
		switch s.text(s.toks[k]) {
		case "(", "[":
			depth++
		case ")", "]":
			if depth--; depth == 0 {
				return k
			}
		}
	}
	return -1
}

// containerOfParam reports whether the body of function definition it
// of s is { return M(p, ...); } for a container macro M of the model
// (kmodel.Model.ContainerMacroNames) and its first parameter p.
func (w *writeRecorder) containerOfParam(s *scanned, it item) bool {
	b := it.bodyOpen
	if !s.isIdent(b+1, "return") || !s.is(b+3, "(") || !s.is(b+5, ",") ||
		!s.is(it.last-2, ")") || !s.is(it.last-1, ";") {
		return false
	}
	for i := b + 1; i < it.last-1; i++ {
		if s.is(i, ";") || s.is(i, "{") {
			return false
		}
	}
	p := firstParam(s, it)
	if p == "" || !s.isIdent(b+4, p) {
		return false
	}
	for _, m := range w.src.cfg.model().ContainerMacroNames() {
		if s.isIdent(b+2, m) {
			return true
		}
	}
	return false
}

// firstParam returns the name of the first parameter of function
// definition it: the last identifier before the first , or ) of the
// parameter list that follows its name ("" when there is none).
func firstParam(s *scanned, it item) string {
	open := -1
	for i := it.first; i+1 < it.bodyOpen; i++ {
		if t := s.toks[i]; t.kind == tIdent && !t.alt && s.text(t) == it.name && s.is(i+1, "(") {
			open = i + 1
			break
		}
	}
	if open < 0 {
		return ""
	}
	name, depth := "", 0
	for i := open + 1; i < it.bodyOpen; i++ {
		switch {
		case s.is(i, "("):
			depth++
		case s.is(i, ")") && depth > 0:
			depth--
		case depth == 0 && (s.is(i, ",") || s.is(i, ")")):
			return name
		case s.toks[i].kind == tIdent && !s.toks[i].alt:
			name = s.text(s.toks[i])
		}
	}
	return ""
}
