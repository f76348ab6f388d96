package cparse

// Inclusions. A compiler decides a file's conditions anew at every
// #include, under the macros defined there: that is how a file includes
// itself to build a second variant of its code (kernel/locking/qspinlock.c
// under _GEN_PV_LOCK_SLOWPATH), and how a header included under other
// macros gives other code. The front end does the same, but decides a
// file once per distinct macro state. What a decision depends on is the
// set of names its conditions (and those of the files it includes)
// looked up beyond the file, with the answers: its key. An inclusion
// under a state that gives the same answers reuses the decision; any
// other is decided again, as a variant of the file with its own text,
// which the parser reads under its own name (variantName). So every
// inclusion costs one decision per distinct state, and two bounds keep
// the number of states linear: a file decided in more than maxVariants
// states uses its first decision, and an inclusion that would decide a
// file while maxReentry decisions of it are in progress (an include
// cycle) is not expanded. Both are noted (ir.Note).

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/kdlint/kdlint/ir"
)

const (
	// maxVariants bounds the decisions of one file per module.
	maxVariants = 32
	// maxReentry bounds the decisions of one file in progress at once:
	// a file including itself, directly or not, under a new state each
	// time (qspinlock.c needs two).
	maxReentry = 4
)

// inclusions are the decisions made for one file of the module.
type inclusions struct {
	guard  string // the whole-file include guard, "" if none
	list   []*decision
	open   int  // decisions in progress
	capped bool // maxVariants was reached and noted
}

// decision is one file decided under one macro state.
type decision struct {
	f    *srcFile  // the decided text: the file itself for its first decision
	env  *macroEnv // what it defines
	key  map[string]bool
	done bool
}

// matches reports whether the state sc answers every name the decision
// looked up as it was answered then.
func (d *decision) matches(sc *scope) bool {
	for id, v := range d.key {
		if sc.isDefined(id) != v {
			return false
		}
	}
	return true
}

// variantName is the name the parser reads the n-th decision of the file
// named rel under (n > 1): in the same directory, so that the file's own
// quoted includes are found as from the file itself.
func variantName(rel string, n int) string { return rel + "<" + strconv.Itoa(n) + ">" }

// include decides f as included at a point where sc is what is defined;
// from and at are the including file and the offset of its #include
// (nil for the module's own files and the -include files, which are
// decided at the root). It returns the decision the inclusion uses, or nil
// when it adds nothing to parse: f's include guard is defined there, or
// the inclusion is cut (a cycle).
func (p *preprocessor) include(f *srcFile, sc *scope, from *srcFile, at int) *decision {
	inc := p.decided[f]
	if inc == nil {
		// The directives of the text as read, which its decisions
		// start from (rawDirs).
		f.rawDirs = directiveRanges(f.src)
		inc = &inclusions{guard: guardOf(f.src, f.rawDirs)}
		p.decided[f] = inc
		if from != nil && p.isUnit(f) {
			// A .c file another includes is also parsed as a unit of its
			// own, under -D and -include alone: that decision comes first,
			// it is the one the file's unit reads.
			p.decide(f, inc, p.root)
		}
	}
	if inc.guard != "" && sc.isDefined(inc.guard) {
		return nil
	}
	for _, d := range inc.list {
		if d.done && d.matches(sc) {
			return d
		}
	}
	if inc.open >= maxReentry {
		p.note(from, at, ir.NoteIncludeLimit, fmt.Sprintf("#include %q not expanded: an include cycle (%d inclusions of it in progress)", f.rel, inc.open))
		return nil
	}
	if len(inc.list) >= maxVariants {
		if !inc.capped {
			inc.capped = true
			p.note(from, at, ir.NoteIncludeLimit, fmt.Sprintf("%s is included under more than %d distinct macro states; later inclusions use the conditions of its first", f.rel, maxVariants))
		}
		for _, d := range inc.list {
			if d.done {
				return d
			}
		}
		return nil
	}
	return p.decide(f, inc, sc)
}

// isUnit reports whether f is one of the module's .c files.
func (p *preprocessor) isUnit(f *srcFile) bool {
	return p.src.byRel[f.rel] == f && strings.HasSuffix(f.rel, ".c")
}

// decide makes a new decision of f under outer: the file itself the first
// time, a variant after.
func (p *preprocessor) decide(f *srcFile, inc *inclusions, outer *scope) *decision {
	v := f
	if len(inc.list) == 0 {
		f.raw = rewriteNamedVariadics(f.src)
		if f.rawLines == nil || !sameText(f.raw, f.src) {
			f.rawLines = lineStarts(f.raw)
		}
		if !sameText(f.raw, f.src) {
			f.rawDirs = directiveRanges(f.raw)
		}
	} else {
		v = &srcFile{path: f.path, rel: variantName(f.rel, len(inc.list)+1), tf: f.tf, variantOf: f, raw: f.raw}
		p.src.variants = append(p.src.variants, v)
	}
	d := &decision{f: v, env: p.newEnv(), key: map[string]bool{}}
	inc.list = append(inc.list, d)
	inc.open++
	sc := &scope{env: d.env, outer: outer, key: d.key}
	var moved bool
	v.src, moved = rewriteConditionalsLines(f.raw, f.rawDirs, sc, func(off int, name string) *macroEnv {
		h := p.src.headers.resolve(f, name)
		if h == nil {
			p.noteMissing(v, off, name)
			return nil
		}
		hd := p.include(h, sc, v, off)
		if hd == nil {
			return nil
		}
		if v.incl == nil {
			v.incl = map[int]*srcFile{}
		}
		v.incl[off] = hd.f
		return hd.env
	})
	inc.open--
	if first := inc.list[0]; v != f && first.done && bytes.Equal(v.src, f.src) {
		// The text of the first decision (drivers/net: 897 variants of
		// 908), which differs in what it includes: its text, lines and
		// scan, shared (sameAsFirst).
		v.src, v.lines, v.scan = f.src, f.lines, f.scan
		d.done = true
		return d
	}
	v.lines = f.rawLines
	if moved {
		v.lines = lineStarts(v.src)
	}
	v.scan = scan(v.src)
	d.done = true
	return d
}

// sameAsFirst reports whether f is a variant whose text is its file's
// first decision's, which it shares (decide): what is read from the
// text alone is read from that file.
func (f *srcFile) sameAsFirst() bool {
	return f.variantOf != nil && f.scan == f.variantOf.scan
}

// sameText reports whether a and b are the same bytes in memory.
func sameText(a, b []byte) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// noteMissing notes a quoted include found nowhere, once per module.
func (p *preprocessor) noteMissing(from *srcFile, at int, name string) {
	if p.missing[name] {
		return
	}
	p.missing[name] = true
	p.note(from, at, ir.NoteMissingInclude, fmt.Sprintf("#include %q not found (next to the file, in the module or in an -I directory); what it declares is inferred", name))
}

// note records a note at offset at of from's text.
func (p *preprocessor) note(from *srcFile, at int, kind ir.NoteKind, msg string) {
	n := ir.Note{Kind: kind, Message: msg}
	if from != nil && from.tf != nil {
		line := 1 + bytes.Count(from.raw[:min(at, len(from.raw))], []byte("\n"))
		if line <= from.tf.LineCount() {
			n.Pos = from.tf.LineStart(line)
		}
	}
	p.src.m.Notes = append(p.src.m.Notes, n)
}

// wholeFileGuard returns the macro that guards all of src (#ifndef X,
// #define X, ... #endif with nothing but comments around), or "".
func wholeFileGuard(src []byte) string { return guardOf(src, directiveRanges(src)) }

// directiveRanges returns the byte ranges of src's directives
// (eachDirective).
func directiveRanges(src []byte) [][2]int {
	var dirs [][2]int
	eachDirective(src, func(start, end int) { dirs = append(dirs, [2]int{start, end}) })
	return dirs
}

// guardOf is wholeFileGuard of src whose directives are dirs.
func guardOf(src []byte, dirs [][2]int) string {
	if len(dirs) < 3 || !onlyComments(src[:dirs[0][0]]) || !onlyComments(src[dirs[len(dirs)-1][1]:]) {
		return ""
	}
	word := func(i int) (string, string) { return directiveWords(src[dirs[i][0]+1 : dirs[i][1]]) }
	name, rest := word(0)
	guard := ""
	switch name {
	case "ifndef":
		guard = firstIdent(rest)
	case "if":
		if r := strings.TrimSpace(rest); strings.HasPrefix(r, "!defined") {
			guard = firstIdent(r[len("!defined"):])
		}
	}
	if guard == "" {
		return ""
	}
	if name, rest := word(1); name != "define" || firstIdent(rest) != guard {
		return ""
	}
	// The #if closing at depth 0 must be the last directive.
	depth := 0
	for i := range dirs {
		switch name, _ := word(i); name {
		case "if", "ifdef", "ifndef":
			depth++
		case "endif":
			depth--
			if depth == 0 && i != len(dirs)-1 {
				return ""
			}
		}
	}
	if depth != 0 {
		return ""
	}
	return guard
}

// onlyComments reports whether b holds only white space and comments.
func onlyComments(b []byte) bool {
	for i := 0; i < len(b); {
		switch c := b[i]; {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			i++
		case c == '/' && i+1 < len(b) && b[i+1] == '*':
			end := bytes.Index(b[i+2:], []byte("*/"))
			if end < 0 {
				return false
			}
			i += end + 4
		case c == '/' && i+1 < len(b) && b[i+1] == '/':
			for i < len(b) && b[i] != '\n' {
				i++
			}
		default:
			return false
		}
	}
	return true
}

// namingIncludes returns the working text w of f with each quoted
// #include naming the file the front end decided it includes by its name
// for the parser: the header's name relative to the module's directory,
// or a variant's (variantName). The front end's search (next to the
// includer, in the module, in -I directories, in Kbuild's) is then the
// only one, and a variant is read where its decision was made. Only the
// include lines change, in length alone, which the parser's positions
// (lines and columns) do not see.
func namingIncludes(f *srcFile, w []byte) []byte {
	if len(f.incl) == 0 {
		return w
	}
	var out []byte
	last := 0
	for _, d := range f.scan.directives {
		h := f.incl[d.off]
		if h == nil || !isInclude(d) {
			continue
		}
		open := bytes.IndexByte(w[d.off:d.end], '"')
		close := bytes.LastIndexByte(w[d.off:d.end], '"')
		if open < 0 || close <= open {
			continue
		}
		out = append(append(append(out, w[last:d.off+open+1]...), h.rel...), '"')
		last = d.off + close + 1
	}
	if out == nil {
		return w
	}
	return append(out, w[last:]...)
}
