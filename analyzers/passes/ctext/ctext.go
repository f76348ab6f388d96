// Package ctext scans C source text as written, outside comments and
// string and character literals: for the facts the analyses read from
// a file's text rather than from its parsed code (what a function that
// was not parsed calls, which configuration a file gives its regmaps).
// It does not preprocess: code under #if 0 counts like any other.
package ctext

// Text is what the scans read: a file's bytes (ir.File.Src, not copied)
// or a piece of text.
type Text interface{ ~string | ~[]byte }

// EachCall calls fn with the bounds of each name followed by '(' in the
// code of text (an identifier at a word boundary, then spaces and '('),
// in order, outside comments and string and character literals (a
// comment that mentions kref_get takes no reference).
func EachCall[T Text](text T, fn func(from, to int)) {
	EachIdent(text, func(from, to int) {
		j := to
		for j < len(text) && isSpace(text[j]) {
			j++
		}
		if j < len(text) && text[j] == '(' {
			fn(from, to)
		}
	})
}

// EachIdent calls fn with the bounds of each identifier in the code of
// text, in order, outside comments and string and character literals.
func EachIdent[T Text](text T, fn func(from, to int)) {
	for i := 0; i < len(text); {
		if !IsIdentByte(text[i]) {
			i = PastNonCode(text, i)
			continue
		}
		from := i
		for i < len(text) && IsIdentByte(text[i]) {
			i++
		}
		if '0' <= text[from] && text[from] <= '9' {
			continue
		}
		fn(from, i)
	}
}

// PastNonCode returns the index past the comment or the string or
// character literal that starts at text[i], and i+1 when none does. A
// literal ends at its closing quote or, unterminated (an apostrophe in
// an #error line), at the end of its line.
func PastNonCode[T Text](text T, i int) int {
	switch c := text[i]; {
	case c == '/' && i+1 < len(text) && text[i+1] == '*':
		for j := i + 2; j+1 < len(text); j++ {
			if text[j] == '*' && text[j+1] == '/' {
				return j + 2
			}
		}
		return len(text)
	case c == '/' && i+1 < len(text) && text[i+1] == '/':
		for j := i + 2; j < len(text); j++ {
			if text[j] == '\n' {
				return j
			}
		}
		return len(text)
	case c == '"' || c == '\'':
		for j := i + 1; j < len(text); j++ {
			switch text[j] {
			case '\\':
				j++
			case c:
				return j + 1
			case '\n':
				return j
			}
		}
		return len(text)
	}
	return i + 1
}

// IsIdentByte reports whether c can be part of a C identifier.
func IsIdentByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' }

// Close returns the index past the bracket that closes the one at
// text[open] ('(', '[' or '{'), counting only brackets in code, and
// len(text) when none does.
func Close[T Text](text T, open int) int {
	depth := 0
	for i := open; i < len(text); {
		switch text[i] {
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			if depth--; depth == 0 {
				return i + 1
			}
		case '/', '"', '\'':
			i = PastNonCode(text, i)
			continue
		}
		i++
	}
	return len(text)
}

// Args returns the arguments of the call whose '(' is at text[open], as
// written (trimmed, comments kept), split at the commas outside brackets.
func Args[T Text](text T, open int) []string {
	end := Close(text, open)
	stop := end // past the last byte of the arguments
	if end > open+1 && (text[end-1] == ')' || text[end-1] == ']' || text[end-1] == '}') {
		stop = end - 1
	}
	if trim(string(text[open+1:stop])) == "" {
		return nil
	}
	var out []string
	depth, from := 0, open+1
	for i := open + 1; i < stop; {
		switch text[i] {
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, trim(string(text[from:i])))
				from = i + 1
			}
		case '/', '"', '\'':
			i = PastNonCode(text, i)
			continue
		}
		i++
	}
	return append(out, trim(string(text[from:stop])))
}

// Next returns the index of the first byte of text from i on that is
// neither a space nor in a comment.
func Next[T Text](text T, i int) int {
	for i < len(text) {
		switch {
		case isSpace(text[i]):
			i++
		case text[i] == '/' && i+1 < len(text) && (text[i+1] == '*' || text[i+1] == '/'):
			i = PastNonCode(text, i)
		default:
			return i
		}
	}
	return i
}

func trim(s string) string {
	i, j := 0, len(s)
	for i < j && isSpace(s[i]) {
		i++
	}
	for j > i && isSpace(s[j-1]) {
		j--
	}
	return s[i:j]
}
