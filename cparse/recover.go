package cparse

import (
	"fmt"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/kdlint/kdlint/ir"
)

// Recovery from what cc/v4 rejects: the item an error falls in is blanked
// and recorded as skipped, and the unit is parsed again.

type parseError struct {
	file      string
	line, col int
	msg       string
}

var errLine = regexp.MustCompile(`^(.*?):(\d+):(\d+): (.*)$`)

func parseErrors(err error) []parseError {
	var out []parseError
	for _, l := range strings.Split(err.Error(), "\n") {
		m := errLine.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		line, _ := strconv.Atoi(m[2])
		col, _ := strconv.Atoi(m[3])
		out = append(out, parseError{file: path.Clean(m[1]), line: line, col: col, msg: m[4]})
	}
	return out
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// echo reports whether e, a later error of a pass whose first is first,
// is likely an echo of an earlier one. cc/v4 resynchronises badly after
// an error: a later error on the first token of an item, or in the
// end-of-input guard, is an echo, and skipping the item would lose a
// good function. But an error inside a macro's expansion is placed on
// the macro's name: items that start with the same macro and fail the
// same way as the first error are each broken (a file-scope table of
// MADERA_MIXER_ENUMS(...) lines), and are all skipped in one pass.
func (tu *translationUnit) echo(e, first parseError) bool {
	if e.file == eofName {
		return true
	}
	first0, ok := tu.itemStartAt(e)
	if !ok {
		return false
	}
	return !(tu.names.macros[first0] && e.msg == first.msg)
}

// itemStartAt returns the first token of the top-level item e is at the
// first token of, if it is.
func (tu *translationUnit) itemStartAt(e parseError) (string, bool) {
	f := tu.files[e.file]
	if f == nil || e.line < 1 || e.line > len(f.lines) {
		return "", false
	}
	start, _ := f.lineRange(e.line)
	s := f.scan
	i := sort.Search(len(s.items), func(i int) bool { return int(s.toks[s.items[i].first].line) >= e.line })
	for ; i < len(s.items) && int(s.toks[s.items[i].first].line) == e.line; i++ {
		if t := s.toks[s.items[i].first]; int(t.off)-start+1 == e.col {
			return s.text(t), true
		}
	}
	return "", false
}

// skipAt blanks the top-level item at the error's position. It reports
// whether anything was blanked.
func (tu *translationUnit) skipAt(e parseError) bool {
	if e.file == eofName {
		return tu.skipLast()
	}
	f := tu.files[e.file]
	if f == nil {
		return false
	}
	w := tu.writable(f)
	s := f.scan
	for idx, it := range s.items {
		first, last := s.toks[it.first], s.toks[it.last]
		if int(first.line) <= e.line && e.line <= int(last.line) {
			if tu.blanked[f][idx] {
				continue
			}
			if tu.blanked[f] == nil {
				tu.blanked[f] = map[int]bool{}
			}
			tu.blanked[f][idx] = true
			blank(w, int(first.off), int(last.end), s.directives)
			p := f.pos(int(first.off))
			reason, detail := classify(e.msg), fmt.Sprintf("line %d: %s", e.line, e.msg)
			if m := tu.stubbedIn(s, it); m != "" {
				// The macro bomb is the cause, not what the parser then saw.
				reason, detail = "macro expansion limit", fmt.Sprintf("%s expands to more than %d tokens, so it was read as 0; then %s", m, explosiveTokens, detail)
			}
			tu.module.Skipped = append(tu.module.Skipped, ir.Skip{Pos: p, Name: strings.Clone(it.name), Reason: reason, Detail: detail})
			return true
		}
	}
	// Not inside an item: a directive such as #error, or a stray token.
	// Blank the line so the parse can go on.
	if e.line >= 1 && e.line <= len(f.lines) {
		start, end := f.lineRange(e.line)
		end = min(end, len(w))
		if isBlank(w[start:end]) {
			return false
		}
		blankRaw(w, start, end)
		tu.module.Skipped = append(tu.module.Skipped, ir.Skip{
			Pos: f.pos(start), Reason: classify(e.msg), Detail: e.msg,
		})
		return true
	}
	return false
}

// stubbedIn returns a macro read as 0 (stubExplosiveMacros) that item it
// of s uses, or "".
func (tu *translationUnit) stubbedIn(s *scanned, it item) string {
	for i := it.first; i <= it.last && len(tu.stubbed) > 0; i++ {
		if t := s.toks[i]; t.kind == tIdent && tu.stubbed[s.text(t)] {
			return s.text(t)
		}
	}
	return ""
}

// skipLast blanks the last item of the main file that is not blank yet:
// the file ends inside it.
func (tu *translationUnit) skipLast() bool {
	f := tu.main
	s := f.scan
	for i := len(s.items) - 1; i >= 0; i-- {
		if tu.blanked[f][i] {
			continue
		}
		return tu.skipAt(parseError{file: f.rel, line: int(s.toks[s.items[i].last].line), msg: "unexpected end of file"})
	}
	return false
}

func isBlank(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\n' && c != '\r' && c != '\t' {
			return false
		}
	}
	return true
}

var reUnexpected = regexp.MustCompile(`unexpected (\S+)`)

// classify turns a parser message into a skip reason for statistics.
func classify(msg string) string {
	switch {
	case strings.Contains(msg, "expansion limit"):
		return "macro expansion limit"
	case strings.Contains(msg, "#error"):
		return "#error directive"
	case strings.Contains(msg, "internal parser error"):
		return "parser crash"
	case strings.Contains(msg, "unexpected IDENTIFIER"):
		return "unknown macro or type name"
	case strings.Contains(msg, "unexpected TYPENAME"), strings.Contains(msg, "unexpected typedef name"):
		return "type name used as a value"
	}
	if m := reUnexpected.FindStringSubmatch(msg); m != nil {
		return "unexpected " + strings.TrimSuffix(m[1], ",")
	}
	if i := strings.IndexByte(msg, '('); i > 0 {
		msg = msg[:i]
	}
	return strings.TrimSpace(msg)
}
