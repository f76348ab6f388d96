package cparse

// GNU named variadic macros (#define dbg(fmt, args...) f(fmt, ## args))
// are common in drivers, but cc/v4 deletes the comma before ## only for
// __VA_ARGS__; and where the comma touches the ## (f(fmt,##__VA_ARGS__))
// it pastes the comma onto the first argument, into one token the parser
// rejects. The front end rewrites such definitions to the standard
// spelling before parsing, with a space between the comma and the ##.
// Only directive lines change, and no newline is added or removed, so
// every other line keeps its line and columns.

import "bytes"

// rewriteNamedVariadics returns src with named variadic parameters of
// #define directives renamed to __VA_ARGS__ and ",##" spelled ", ##". It
// returns src itself when there is nothing to rewrite.
func rewriteNamedVariadics(src []byte) []byte {
	if !bytes.Contains(src, []byte("...)")) {
		return src
	}
	var out []byte
	last := 0
	eachDirective(src, func(j, end int) {
		if rw, ok := rewriteDefine(src[j:end]); ok {
			if out == nil {
				out = make([]byte, 0, len(src)+256)
			}
			out = append(out, src[last:j]...)
			out = append(out, rw...)
			last = end
		}
	})
	if out == nil {
		return src
	}
	return append(out, src[last:]...)
}

// eachDirective calls fn with the byte range of every preprocessor
// directive of src ('#' first on its line, continuation lines included),
// in order. A '#' inside a comment or a string is no directive: a
// changelog comment that mentions "#ifdef FOO/#endif" at the start of a
// line would otherwise open a group that never closes.
func eachDirective(src []byte, fn func(start, end int)) {
	// next holds the offset of the next of each byte eachDirective stops
	// at, from i on (len(src): none), each found by IndexByte when i
	// passes it: four vector scans of src instead of a loop over it.
	stops := [4]byte{'#', '/', '"', '\''}
	next := [4]int{-1, -1, -1, -1}
	for i := 0; i < len(src); {
		j := len(src)
		for k, c := range stops {
			if next[k] < i {
				next[k] = len(src)
				if n := bytes.IndexByte(src[i:], c); n >= 0 {
					next[k] = i + n
				}
			}
			j = min(j, next[k])
		}
		if j == len(src) {
			return
		}
		switch src[j] {
		case '/':
			i = commentEnd(src, j)
		case '"', '\'':
			_, i = scanQuoted(src, j)
		default:
			k := j - 1
			for k >= 0 && (src[k] == ' ' || src[k] == '\t') {
				k--
			}
			if k >= 0 && src[k] != '\n' {
				i = j + 1
				continue
			}
			end := directiveEnd(src, j)
			fn(j, end)
			i = max(end, j+1)
			// A block comment opened in the directive runs on past it.
			if bytes.IndexByte(src[j:end], '/') < 0 {
				continue
			}
			if open := bytes.LastIndex(src[j:end], []byte("/*")); open >= 0 && !bytes.Contains(src[j+open+2:end], []byte("*/")) {
				i = commentEnd(src, j+open)
			}
		}
	}
}

// commentEnd returns the offset just past the comment starting at i, or
// i+1 when no comment starts there. An unterminated block comment runs to
// the end of src; a line comment ends with its line (continuations
// included).
func commentEnd(src []byte, i int) int {
	if i+1 >= len(src) {
		return i + 1
	}
	switch src[i+1] {
	case '*':
		if k := bytes.Index(src[i+2:], []byte("*/")); k >= 0 {
			return i + 2 + k + 2
		}
		return len(src)
	case '/':
		return directiveEnd(src, i)
	}
	return i + 1
}

// directiveEnd returns the offset of the newline ending the directive at i.
func directiveEnd(src []byte, i int) int {
	for i < len(src) && src[i] != '\n' {
		if src[i] == '\\' && i+1 < len(src) && src[i+1] == '\n' {
			i += 2
			continue
		}
		i++
	}
	return i
}

// rewriteDefine rewrites one directive if it is a variadic #define with
// a named parameter or a comma touching a ##.
func rewriteDefine(d []byte) ([]byte, bool) {
	out, named := renameVariadic(d)
	if !named {
		out = d
	}
	if !bytes.Contains(out, []byte(",##")) {
		return out, named
	}
	var b []byte
	for i := 0; i < len(out); {
		c := out[i]
		if c == '"' || c == '\'' {
			_, j := scanQuoted(out, i)
			b = append(b, out[i:j]...)
			i = j
			continue
		}
		b = append(b, c)
		if c == ',' && bytes.HasPrefix(out[i+1:], []byte("##")) {
			b = append(b, ' ')
		}
		i++
	}
	return b, true
}

// renameVariadic renames a #define's named variadic parameter to
// __VA_ARGS__, reporting whether it has one.
func renameVariadic(d []byte) ([]byte, bool) {
	p := 1
	for p < len(d) && (d[p] == ' ' || d[p] == '\t') {
		p++
	}
	if !bytes.HasPrefix(d[p:], []byte("define")) {
		return nil, false
	}
	p += len("define")
	for p < len(d) && (d[p] == ' ' || d[p] == '\t') {
		p++
	}
	for p < len(d) && isIdentByte(d[p]) {
		p++
	}
	if p >= len(d) || d[p] != '(' {
		return nil, false
	}
	close := bytes.IndexByte(d[p:], ')')
	if close < 0 {
		return nil, false
	}
	close += p
	params := d[p+1 : close]
	dots := bytes.LastIndex(params, []byte("..."))
	if dots < 0 {
		return nil, false
	}
	// The name before "...", if any.
	e := dots
	for e > 0 && (params[e-1] == ' ' || params[e-1] == '\t') {
		e--
	}
	s := e
	for s > 0 && isIdentByte(params[s-1]) {
		s--
	}
	name := string(params[s:e])
	if name == "" {
		return nil, false
	}
	var out []byte
	out = append(out, d[:p+1]...)
	out = append(out, params[:s]...)
	out = append(out, params[dots:]...)
	out = append(out, ')')
	body := d[close+1:]
	for i := 0; i < len(body); {
		c := body[i]
		if isIdentByte(c) && !(c >= '0' && c <= '9') {
			j := i
			for j < len(body) && isIdentByte(body[j]) {
				j++
			}
			if string(body[i:j]) == name {
				out = append(out, "__VA_ARGS__"...)
			} else {
				out = append(out, body[i:j]...)
			}
			i = j
			continue
		}
		if c == '"' || c == '\'' {
			_, j := scanQuoted(body, i)
			out = append(out, body[i:j]...)
			i = j
			continue
		}
		out = append(out, c)
		i++
	}
	return out, true
}
