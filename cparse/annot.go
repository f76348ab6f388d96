package cparse

// The annotations stage: sparse's lock annotations (__acquires(x),
// __releases(x), __must_hold(x)) and noreturn, read from the scan of each
// function definition and prototype. The prelude defines the annotations
// away (cc/v4 could not parse them), so the scan is where they are seen.

import (
	"sort"
	"strconv"
	"strings"

	"github.com/kdlint/kdlint/ir"
	"github.com/kdlint/kdlint/kmodel"
)

// funcNotes is what one definition or prototype says of a function.
type funcNotes struct {
	file     string // path of the file it is written in
	noreturn bool
	annots   []ir.Annotation
}

var annotationKinds = map[string]ir.AnnotationKind{
	"__acquires": ir.Acquires, "__releases": ir.Releases, "__must_hold": ir.MustHold,
}

// noreturnWords are the spellings of noreturn fileNotes reads: the
// attributes __noreturn and _Noreturn, and the attribute arguments of
// __attribute__((noreturn)).
var noreturnWords = []string{"__noreturn", "_Noreturn", "noreturn", "__noreturn__"}

// annotationWords are the identifiers fileNotes acts on (lock
// annotations and noreturn), with their lengths and first bytes, so
// that the scanner tells most identifiers apart from them without a
// lookup (scanned.annot).
var annotationWords, annotationLengths, annotationFirst = func() (map[string]bool, uint64, [256]bool) {
	words := map[string]bool{}
	for w := range annotationKinds {
		words[w] = true
	}
	for _, w := range noreturnWords {
		words[w] = true
	}
	var first [256]bool
	for w := range words {
		first[w[0]] = true
	}
	return words, lengthBits(words), first
}()

// annotationWord reports whether the identifier w is one of
// annotationWords.
func annotationWord(w []byte) bool {
	return annotationFirst[w[0]] && hasLength(annotationLengths, len(w)) && annotationWords[string(w)]
}

func isAnnotation(w string) bool {
	_, ok := annotationKinds[w]
	return ok
}

// annotate fills the annotations and NoReturn of m's functions from what
// their definitions and prototypes say: those in the function's own file,
// in headers, and, for a function that is not static, anywhere.
func annotate(m *ir.Module, src *moduleSources) {
	notes := map[string][]funcNotes{}
	for _, f := range src.all() {
		for name, n := range fileNotes(f) {
			notes[name] = append(notes[name], n...)
		}
	}
	if len(notes) == 0 {
		return
	}
	for _, fn := range m.Funcs {
		seen := map[string]bool{}
		for _, n := range notes[fn.Name] {
			if n.file != fn.File && !strings.HasSuffix(n.file, ".h") && fn.Static {
				continue
			}
			fn.NoReturn = fn.NoReturn || n.noreturn
			for _, a := range n.annots {
				// The same annotation on the prototype and the definition
				// is one.
				key := strconv.Itoa(int(a.Kind)) + " " + a.Lock.String()
				if !seen[key] {
					seen[key] = true
					fn.Annotations = append(fn.Annotations, a)
				}
			}
		}
		sort.SliceStable(fn.Annotations, func(i, j int) bool { return fn.Annotations[i].P < fn.Annotations[j].P })
	}
}

// fileNotes returns, by function name, what the items of f say.
func fileNotes(f *srcFile) map[string][]funcNotes {
	if f.tf == nil || f.scan == nil || !mayAnnotate(f.scan) {
		return nil
	}
	s := f.scan
	var out map[string][]funcNotes
	for _, it := range s.items {
		end := it.last + 1
		if it.funcDef {
			end = it.bodyOpen
		}
		n := funcNotes{file: f.path}
		for i := it.first; i < end; i++ {
			t := s.toks[i]
			if t.kind != tIdent || t.alt {
				continue
			}
			switch w := s.text(t); {
			case w == "__noreturn" || w == "_Noreturn":
				n.noreturn = true
			case (w == "__attribute__" || w == "__attribute") && s.is(i+1, "("):
				close := matchParen(s, i+1)
				if close < 0 || close > end {
					continue
				}
				for j := i + 2; j < close; j++ {
					if a := s.toks[j]; a.kind == tIdent && (s.text(a) == "noreturn" || s.text(a) == "__noreturn__") {
						n.noreturn = true
					}
				}
				i = close
			case isAnnotation(w):
				if !s.is(i+1, "(") {
					continue
				}
				close := matchParen(s, i+1)
				if close < 0 || close > end {
					continue
				}
				if lock := lockExpr(f, i+2, close); lock != nil {
					n.annots = append(n.annots, ir.Annotation{Kind: annotationKinds[w], Lock: lock, P: f.pos(int(t.off))})
				}
				i = close
			}
		}
		if !n.noreturn && len(n.annots) == 0 {
			continue
		}
		name := it.name
		if !it.funcDef {
			name = declaredFunc(s, it.first, end)
		}
		if name == "" {
			continue
		}
		if out == nil {
			out = map[string][]funcNotes{}
		}
		out[name] = append(out[name], n)
	}
	return out
}

// mayAnnotate reports whether the scan s can hold an annotation at all,
// so that most files are not looked at further: whether an identifier
// (alternative branches included) is one of the words fileNotes acts
// on, as the scanner noted (scanned.annot).
func mayAnnotate(s *scanned) bool { return s.annot }

// declaredFunc returns the name of the function an item's tokens
// [first, end) declare: the first name at depth 0 before a parameter list
// that is no attribute, annotation or prelude macro (__printf(1, 2)).
func declaredFunc(s *scanned, first, end int) string {
	depth := 0
	for i := first; i < end; i++ {
		t := s.toks[i]
		if t.alt {
			continue
		}
		if t.kind == tPunct {
			switch s.src[t.off] {
			case '(':
				depth++
			case ')':
				depth--
			}
			continue
		}
		if t.kind != tIdent || !s.is(i+1, "(") {
			continue
		}
		w := s.text(t)
		if depth == 1 && s.is(i-1, "*") {
			return w // int (*f(void))(int)
		}
		if depth != 0 || w == "__attribute__" || w == "__attribute" || w == "__declspec" || isAnnotation(w) {
			continue
		}
		if e := kmodel.Prelude[w]; e != nil && !e.Typedef {
			continue // __printf(1, 2)
		}
		return w
	}
	return ""
}

// lockExpr parses the tokens [from, to) of f as an expression: names,
// member access, &, *, parentheses; anything else is kept as Other.
func lockExpr(f *srcFile, from, to int) ir.Expr {
	if from >= to {
		return nil
	}
	p := &exprParser{f: f, s: f.scan, i: from, end: to}
	if e := p.unary(); e != nil && p.i == to {
		return e
	}
	s := f.scan
	text := string(s.src[s.toks[from].off:s.toks[to-1].end])
	return &ir.Other{Text: strings.Join(strings.Fields(text), " "), P: f.pos(int(s.toks[from].off))}
}

type exprParser struct {
	f      *srcFile
	s      *scanned
	i, end int
}

func (p *exprParser) at(i int) int { return int(p.s.toks[i].off) }

func (p *exprParser) unary() ir.Expr {
	if p.i >= p.end {
		return nil
	}
	if t := p.s.toks[p.i]; t.kind == tPunct {
		switch op := p.s.text(t); op {
		case "&", "*", "!", "-", "~":
			at := p.at(p.i)
			p.i++
			x := p.unary()
			if x == nil {
				return nil
			}
			return &ir.Unary{Op: op, X: x, P: p.f.pos(at)}
		}
	}
	x := p.primary()
	for x != nil && p.i+1 < p.end && (p.s.is(p.i, ".") || p.s.is(p.i, "->")) && p.s.toks[p.i+1].kind == tIdent {
		x = &ir.Member{X: x, Name: strings.Clone(p.s.text(p.s.toks[p.i+1])), Arrow: p.s.is(p.i, "->"), P: x.Pos()}
		p.i += 2
	}
	return x
}

func (p *exprParser) primary() ir.Expr {
	t := p.s.toks[p.i]
	switch {
	case t.kind == tIdent:
		p.i++
		return &ir.Ident{Name: strings.Clone(p.s.text(t)), P: p.f.pos(int(t.off))}
	case t.kind == tNumber || t.kind == tString || t.kind == tChar:
		p.i++
		return &ir.Lit{Text: strings.Clone(p.s.text(t)), P: p.f.pos(int(t.off))}
	case p.s.is(p.i, "("):
		close := matchParen(p.s, p.i)
		if close < 0 || close >= p.end {
			return nil
		}
		p.i++
		x := p.unary()
		if p.i != close {
			return nil
		}
		p.i++
		return x
	}
	return nil
}
