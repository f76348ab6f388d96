package cparse

import (
	"bytes"
	"slices"
	"strings"
	"unsafe"

	"github.com/kdlint/kdlint/kmodel"
)

// A fast, forgiving C scanner. It does not preprocess: it finds tokens,
// directives and the top-level items of a file (function definitions and
// declarations) so that the front end can infer unknown names before
// parsing and skip exactly one item when the parser rejects it.

type tokKind uint8

const (
	tIdent tokKind = iota + 1
	tNumber
	tString
	tChar
	tPunct
)

// tok is 16 bytes (the one-byte fields last): a module's scans hold
// tens of millions.
type tok struct {
	off  int32 // byte offset of the first byte
	end  int32 // byte offset after the last byte
	line int32 // 1-based
	kind tokKind
	// alt marks tokens in an #else or #elif branch. The scanner follows the
	// first branch of every conditional to find the structure of the file.
	alt bool
}

type directive struct {
	name     string // "define", "include", "if", ...
	arg      string // macro name for define/undef; header for include
	system   bool   // #include <...>
	off, end int    // byte range of the whole directive, continuation lines included
	line     int
	alt      bool // in an inactive conditional branch
}

// item is a top-level declaration or function definition.
type item struct {
	first, last int // token indexes, inclusive
	funcDef     bool
	name        string // function name for definitions
	bodyOpen    int    // token index of the body's '{' for definitions
}

type scanned struct {
	// openComment is set when the file ends inside a /* comment, which
	// starts at openCommentAt.
	openComment   bool
	openCommentAt int
	// brokenLiteral is the offset of the first string or character
	// literal in active code that its line ends (-1: none), and
	// brokenLiterals how many there are.
	brokenLiteral, brokenLiterals int
	src                           []byte
	// str is src as a string, sharing its bytes (bytesString): token
	// texts are slices of it, never copies.
	str        string
	toks       []tok
	directives []directive
	items      []item
	// structs, unions and enums hold the indexes of the identifier
	// tokens struct, union and enum, in order (alt ones included);
	// annot is set when an identifier is one of annotationWords. The
	// stages that look for these read them instead of every token.
	structs, unions, enums []int32
	annot                  bool
}

// text returns the text of t. It shares the bytes of the scanned text
// (which no one writes after scanning: working copies are copies):
// what outlives the module, its IR, takes a copy (strings.Clone).
func (s *scanned) text(t tok) string { return s.str[t.off:t.end] }

// bytesString returns b as a string without copying it. b must never be
// written again.
func bytesString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// isIdent reports whether token i is the identifier name.
func (s *scanned) isIdent(i int, name string) bool {
	if uint(i) >= uint(len(s.toks)) {
		return false
	}
	t := s.toks[i]
	return t.kind == tIdent && !t.alt && s.str[t.off:t.end] == name
}

func (s *scanned) is(i int, punct string) bool {
	if uint(i) >= uint(len(s.toks)) {
		return false
	}
	t := s.toks[i]
	return t.kind == tPunct && int(t.end-t.off) == len(punct) && s.str[t.off:t.end] == punct
}

func isIdentByte(c byte) bool { return identBytes[c] }

// identBytes holds the bytes of identifiers (and of numbers).
var identBytes = func() (t [256]bool) {
	for c := range 256 {
		t[c] = c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
	}
	return t
}()

var commentClose, comma, hash = []byte("*/"), []byte(","), []byte("#")

// scan tokenizes src.
func scan(src []byte) *scanned {
	// About a token per five bytes, and one per comma more: tables of
	// numbers are denser (drivers/net: a file in 80 needs more than
	// len/5, a fifth of the tokens; a file in 65 more than this).
	s := &scanned{src: src, str: bytesString(src), toks: make([]tok, 0, len(src)/5+bytes.Count(src, comma)), brokenLiteral: -1,
		// A directive per '#' but for those in comments and strings and
		// the ## of macros (and not one per 8 bytes: a banner of #s),
		// so that register headers, all #defines, are not grown one by
		// one.
		directives: make([]directive, 0, min(bytes.Count(src, hash), len(src)/8+16))}
	line := int32(1)
	lineStart := true // only white space since the last newline
	// Conditional state, one frame per open #if. The conditions were
	// rewritten to constants beforehand (cond.go), except include guards.
	type frame struct{ taken, active bool }
	var conds []frame
	inAlt := func() bool {
		for _, f := range conds {
			if !f.active {
				return true
			}
		}
		return false
	}
	alt := false
	items := newItemFinder()
	n := len(src)
	for i := 0; i < n; {
		c := src[i]
		switch {
		case c == '\n':
			line++
			lineStart = true
			i++
			continue
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			i++
			continue
		case c == '\\' && i+1 < n && (src[i+1] == '\n' || src[i+1] == '\r'):
			i++
			continue
		case c == '/' && i+1 < n && src[i+1] == '/':
			// To the newline that no backslash continues.
			for {
				k := bytes.IndexByte(src[i:], '\n')
				if k < 0 {
					i = n
					break
				}
				i += k
				if src[i-1] != '\\' {
					break
				}
				line++
				i++
			}
			continue
		case c == '/' && i+1 < n && src[i+1] == '*':
			at := i
			i += 2
			k := bytes.Index(src[i:], commentClose)
			if k < 0 {
				k = n - i
				s.openComment, s.openCommentAt = true, at
			}
			line += int32(bytes.Count(src[i:i+k], newline))
			i += k + 2
			continue
		case c == '#' && lineStart:
			d, next, lines := scanDirective(src, s.str, i, int(line))
			d.alt = alt
			s.directives = append(s.directives, d)
			switch d.name {
			case "if", "ifdef", "ifndef":
				on := !(d.name == "if" && d.arg == "0")
				conds = append(conds, frame{taken: on, active: on})
			case "elif", "elifdef", "elifndef":
				if n := len(conds); n > 0 {
					on := !conds[n-1].taken && d.arg != "0"
					conds[n-1] = frame{taken: conds[n-1].taken || on, active: on}
				}
			case "else":
				if n := len(conds); n > 0 {
					conds[n-1] = frame{taken: true, active: !conds[n-1].taken}
				}
			case "endif":
				if n := len(conds); n > 0 {
					conds = conds[:n-1]
				}
			}
			alt = inAlt()
			line += int32(lines)
			i = next
			continue
		}
		lineStart = false
		start := i
		var kind tokKind
		switch {
		case isIdentByte(c) && !(c >= '0' && c <= '9'):
			for i < n && isIdentByte(src[i]) {
				i++
			}
			kind = tIdent
			// L"..." and u8"..." are strings.
			if i < n && (src[i] == '"' || src[i] == '\'') && i-start <= 2 {
				switch string(src[start:i]) {
				case "L", "u", "U", "u8":
					kind, i = scanQuoted(src, i)
				}
			}
			switch w := i - start; {
			case kind != tIdent:
			case w == 6 && string(src[start:i]) == "struct":
				s.structs = append(s.structs, int32(len(s.toks)))
			case w == 5 && string(src[start:i]) == "union":
				s.unions = append(s.unions, int32(len(s.toks)))
			case w == 4 && string(src[start:i]) == "enum":
				s.enums = append(s.enums, int32(len(s.toks)))
			case !s.annot && annotationWord(src[start:i]):
				s.annot = true
			}
		case c >= '0' && c <= '9' || c == '.' && i+1 < n && src[i+1] >= '0' && src[i+1] <= '9':
			for i < n && (isIdentByte(src[i]) || src[i] == '.' ||
				(src[i] == '+' || src[i] == '-') && (src[i-1] == 'e' || src[i-1] == 'E' || src[i-1] == 'p' || src[i-1] == 'P')) {
				i++
			}
			kind = tNumber
		case c == '"' || c == '\'':
			kind, i = scanQuoted(src, i)
			// Count newlines inside a broken literal so lines stay right.
			for _, b := range src[start:i] {
				if b == '\n' {
					line++
				}
			}
		default:
			kind = tPunct
			i++
			if i < n {
				// The two bytes as one number: no string made.
				switch uint16(c)<<8 | uint16(src[i]) {
				case '-'<<8 | '>', '+'<<8 | '+', '-'<<8 | '-', '&'<<8 | '&', '|'<<8 | '|', '='<<8 | '=',
					'!'<<8 | '=', '<'<<8 | '=', '>'<<8 | '=', '<'<<8 | '<', '>'<<8 | '>', '#'<<8 | '#',
					'+'<<8 | '=', '-'<<8 | '=', '*'<<8 | '=', '/'<<8 | '=', '%'<<8 | '=', '&'<<8 | '=',
					'|'<<8 | '=', '^'<<8 | '=':
					i++
				case '.'<<8 | '.':
					if i+1 < n && src[i+1] == '.' {
						i += 2
					}
				}
			}
		}
		if (kind == tString || kind == tChar) && !alt && !closedLiteral(src[start:i]) {
			if s.brokenLiterals++; s.brokenLiteral < 0 {
				s.brokenLiteral = start
			}
		}
		if len(s.toks) == cap(s.toks) {
			// Room for the rest of the text at the density so far, and
			// an eighth more, in one copy (append grows a long slice by
			// a quarter at a time).
			s.toks = slices.Grow(s.toks, len(s.toks)*(n-i)/max(i, 1)+len(s.toks)/8+16)
		}
		t := tok{kind: kind, off: int32(start), end: int32(i), line: line, alt: alt}
		s.toks = append(s.toks, t)
		if !alt {
			items.step(s, len(s.toks)-1, t)
		}
	}
	s.items = items.done(s)
	return s
}

// closedLiteral reports whether the literal lit (its prefix included) ends
// in its quote.
func closedLiteral(lit []byte) bool {
	q := bytes.IndexAny(lit, "\"'")
	if q < 0 || len(lit)-q < 2 || lit[len(lit)-1] != lit[q] {
		return false
	}
	// The quote is not escaped: an even number of backslashes before it.
	n := 0
	for j := len(lit) - 2; j > q && lit[j] == '\\'; j-- {
		n++
	}
	return n%2 == 0
}

func scanQuoted(src []byte, i int) (tokKind, int) {
	q := src[i]
	kind := tString
	if q == '\'' {
		kind = tChar
	}
	i++
	for i < len(src) && src[i] != q {
		if src[i] == '\\' && i+1 < len(src) {
			i++
		} else if src[i] == '\n' {
			// An unterminated literal ends at the end of the line.
			return kind, i
		}
		i++
	}
	if i < len(src) {
		i++
	}
	return kind, i
}

// directiveName returns b as a string, without a copy for the names of
// common directives.
func directiveName(b []byte) string {
	switch string(b) {
	case "define":
		return "define"
	case "include":
		return "include"
	case "if":
		return "if"
	case "ifdef":
		return "ifdef"
	case "ifndef":
		return "ifndef"
	case "elif":
		return "elif"
	case "else":
		return "else"
	case "endif":
		return "endif"
	case "undef":
		return "undef"
	}
	return string(b)
}

// scanDirective reads the directive starting at src[i] == '#'. It returns
// the directive, the offset after it and the number of newlines it spans
// (not counting the final one). str is src as a string (bytesString):
// the directive's strings share its bytes, as tokens' texts do.
func scanDirective(src []byte, str string, i, line int) (directive, int, int) {
	d := directive{off: i, line: line}
	lines := 0
	j := i + 1
	for j < len(src) && (src[j] == ' ' || src[j] == '\t') {
		j++
	}
	k := j
	for k < len(src) && isIdentByte(src[k]) {
		k++
	}
	d.name = directiveName(src[j:k])
	// Find the end of the logical line, skipping comments.
	e := k
	for e < len(src) && src[e] != '\n' {
		switch {
		case src[e] == '\\' && e+1 < len(src) && src[e+1] == '\n':
			lines++
			e += 2
			continue
		case src[e] == '\\' && e+2 < len(src) && src[e+1] == '\r' && src[e+2] == '\n':
			lines++
			e += 3
			continue
		case src[e] == '/' && e+1 < len(src) && src[e+1] == '*':
			e += 2
			for e < len(src) && !(src[e] == '*' && e+1 < len(src) && src[e+1] == '/') {
				if src[e] == '\n' {
					lines++
				}
				e++
			}
			e += 2
			continue
		case src[e] == '/' && e+1 < len(src) && src[e+1] == '/':
			for e < len(src) && src[e] != '\n' {
				e++
			}
			continue
		}
		e++
	}
	if e > len(src) {
		e = len(src)
	}
	d.end = e
	rest, srest := src[k:e], str[k:e]
	switch d.name {
	case "if", "elif":
		d.arg = strings.TrimSpace(srest)
	case "define", "undef":
		a := 0
		for a < len(rest) && (rest[a] == ' ' || rest[a] == '\t') {
			a++
		}
		b := a
		for b < len(rest) && isIdentByte(rest[b]) {
			b++
		}
		d.arg = srest[a:b]
	case "include", "include_next":
		a := 0
		for a < len(rest) && (rest[a] == ' ' || rest[a] == '\t') {
			a++
		}
		if a < len(rest) {
			switch rest[a] {
			case '<':
				if b := indexByte(rest[a+1:], '>'); b >= 0 {
					d.arg, d.system = srest[a+1:a+1+b], true
				}
			case '"':
				if b := indexByte(rest[a+1:], '"'); b >= 0 {
					d.arg = srest[a+1 : a+1+b]
				}
			}
		}
	}
	return d, e, lines
}

func indexByte(b []byte, c byte) int {
	for i, x := range b {
		if x == c {
			return i
		}
	}
	return -1
}

// itemFinder splits the active tokens of a file into top-level items,
// one token at a time, so that scan finds the items as it makes the
// tokens, not in a second pass over them (as findItemsPlain, the tests'
// reference, does).
type itemFinder struct {
	items     []item
	braces    int  // {} nesting
	parens    int  // () and [] nesting, counted apart so a stray ']' cannot end a body
	start     int  // first token of the item, -1 between items
	parenSeen bool // a '(' at depth 0 in this item
	eqSeen    bool // a '=' at depth 0 in this item
	bodyOpen  int
	lastSig   int // last active token index
}

func newItemFinder() itemFinder { return itemFinder{start: -1, bodyOpen: -1, lastSig: -1} }

// step reads the active token t, s.toks[i] (those before it made).
func (f *itemFinder) step(s *scanned, i int, t tok) {
	if f.start < 0 {
		if t.kind == tPunct && s.src[t.off] == ';' {
			return // stray semicolon
		}
		f.start, f.parenSeen, f.eqSeen, f.bodyOpen = i, false, false, -1
	}
	if t.kind == tPunct {
		switch s.src[t.off] {
		case '(', '[':
			if f.braces == 0 && f.parens == 0 && s.src[t.off] == '(' {
				f.parenSeen = true
			}
			f.parens++
		case ')', ']':
			if f.parens > 0 {
				f.parens--
			}
		case '{':
			if f.braces == 0 && f.parens == 0 && f.parenSeen && !f.eqSeen && f.lastSig >= 0 && f.bodyOpen < 0 &&
				(s.is(f.lastSig, ")") || s.toks[f.lastSig].kind == tIdent && !tagged(s, f.lastSig)) {
				f.bodyOpen = i
			}
			f.braces++
		case '}':
			if f.braces > 0 {
				f.braces--
			}
			if f.braces == 0 {
				f.parens = 0
				if f.bodyOpen >= 0 {
					f.items = append(f.items, item{first: f.start, last: i, funcDef: true, bodyOpen: f.bodyOpen, name: funcName(s, f.start, f.bodyOpen)})
					f.start = -1
				}
			}
		case ';':
			if f.braces == 0 && f.parens == 0 {
				f.items = append(f.items, item{first: f.start, last: i})
				f.start = -1
			}
		case '=':
			if f.braces == 0 && f.parens == 0 && t.end-t.off == 1 {
				f.eqSeen = true
			}
		}
	}
	f.lastSig = i
}

// done returns the items, the last one ended by the end of the file.
func (f *itemFinder) done(s *scanned) []item {
	if f.start >= 0 && f.lastSig >= f.start {
		// The file ends inside this item; a function whose body is not
		// closed is still a function, for the notice that skips it.
		it := item{first: f.start, last: f.lastSig}
		if f.bodyOpen >= 0 {
			it.funcDef, it.bodyOpen, it.name = true, f.bodyOpen, funcName(s, f.start, f.bodyOpen)
		}
		f.items = append(f.items, it)
	}
	return f.items
}

// tagged reports whether the identifier at i is a struct, union or enum
// keyword or tag, so that a '{' after it opens a type's body.
func tagged(s *scanned, i int) bool {
	switch s.text(s.toks[i]) {
	case "struct", "union", "enum":
		return true
	}
	if i == 0 || s.toks[i-1].kind != tIdent {
		return false
	}
	switch s.text(s.toks[i-1]) {
	case "struct", "union", "enum":
		return true
	}
	return false
}

// funcName finds the defined function's name: the first identifier at
// depth 0 followed by '(' that is not an attribute or an annotation
// (static void __releases(x) f(void)).
func funcName(s *scanned, first, bodyOpen int) string {
	depth := 0
	for i := first; i < bodyOpen; i++ {
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
		if depth == 0 && t.kind == tIdent && s.is(i+1, "(") {
			name := s.text(t)
			if name != "__attribute__" && name != "__attribute" && name != "__declspec" && !emptyFuncMacro(name) {
				return name
			}
		}
		// int (*fn(void))(int): the name is inside the first parenthesis.
		if depth == 1 && t.kind == tIdent && s.is(i-1, "*") && s.is(i+1, "(") {
			return s.text(t)
		}
	}
	return ""
}

// emptyFuncMacro reports whether the prelude defines name as a
// function-like macro that expands to nothing: an annotation such as
// __acquires(x).
func emptyFuncMacro(name string) bool {
	e := kmodel.Prelude[name]
	if e == nil || e.Typedef {
		return false
	}
	text := strings.TrimSpace(e.Text)
	return strings.HasPrefix(text, "#define "+name+"(") && strings.HasSuffix(text, ")") && strings.Count(text, ")") == 1
}

// eachIdent calls f with each identifier of b, without allocating.
func eachIdent(b []byte, f func([]byte)) {
	for i := 0; i < len(b); {
		if isIdentByte(b[i]) && !(b[i] >= '0' && b[i] <= '9') {
			j := i
			for j < len(b) && isIdentByte(b[j]) {
				j++
			}
			f(b[i:j])
			i = j
			continue
		}
		i++
	}
}

// defineBody splits a #define directive into its replacement text and the
// names of its parameters.
func defineBody(d []byte, name string) ([]byte, map[string]bool) {
	// Skip "#", spaces, "define", spaces, the name.
	i := 1
	for i < len(d) && (d[i] == ' ' || d[i] == '\t') {
		i++
	}
	i += len("define")
	for i < len(d) && (d[i] == ' ' || d[i] == '\t') {
		i++
	}
	i += len(name)
	if i > len(d) {
		return nil, nil
	}
	var params map[string]bool
	if i < len(d) && d[i] == '(' {
		params = map[string]bool{}
		j := i + 1
		for j < len(d) && d[j] != ')' {
			if isIdentByte(d[j]) {
				k := j
				for k < len(d) && isIdentByte(d[k]) {
					k++
				}
				params[string(d[j:k])] = true
				j = k
				continue
			}
			j++
		}
		if j >= len(d) {
			return nil, nil
		}
		params["__VA_ARGS__"] = true
		i = j + 1
	}
	return d[i:], params
}

// scanBody tokenizes a macro body (continuation lines included).
func scanBody(body []byte) *scanned {
	b := &scanned{src: body, str: bytesString(body)}
	for i := 0; i < len(body); {
		c := body[i]
		switch {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\\':
			i++
			continue
		case c == '/' && i+1 < len(body) && body[i+1] == '*':
			i += 2
			for i < len(body) && !(body[i] == '*' && i+1 < len(body) && body[i+1] == '/') {
				i++
			}
			i += 2
			continue
		case c == '/' && i+1 < len(body) && body[i+1] == '/':
			return b
		}
		start := i
		var kind tokKind
		switch {
		case isIdentByte(c) && !(c >= '0' && c <= '9'):
			for i < len(body) && isIdentByte(body[i]) {
				i++
			}
			kind = tIdent
		case c >= '0' && c <= '9':
			for i < len(body) && (isIdentByte(body[i]) || body[i] == '.') {
				i++
			}
			kind = tNumber
		case c == '"' || c == '\'':
			kind, i = scanQuoted(body, i)
		default:
			kind = tPunct
			i++
			if i < len(body) && (c == '#' && body[i] == '#' || c == '-' && body[i] == '>') {
				i++
			}
		}
		b.toks = append(b.toks, tok{kind: kind, off: int32(start), end: int32(i)})
	}
	return b
}
