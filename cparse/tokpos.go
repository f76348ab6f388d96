package cparse

import (
	"bytes"
	"go/token"
	"reflect"
	"unsafe"

	"modernc.org/cc/v4"
)

// Placing tokens by line (positioner). cc/v4 keeps where a token is as
// unexported fields: its source (with the source's bytes) and its
// offset in the unit. Their places in the structs are found by
// reflection, by name and type, once; when they are not as expected (a
// new cc/v4), every token goes through Token.Position.

var tokenLayout = findTokenLayout()

type tokenFields struct {
	ok bool
	// offsets of Token.s, Token.off, scannerSource.buf and
	// scannerSource.fsOff
	s, off, buf, fsOff uintptr
}

func findTokenLayout() (l tokenFields) {
	tt := reflect.TypeOf(cc.Token{})
	s, ok1 := tt.FieldByName("s")
	off, ok2 := tt.FieldByName("off")
	if !ok1 || !ok2 || s.Type.Kind() != reflect.Pointer || s.Type.Elem().Kind() != reflect.Struct || off.Type.Kind() != reflect.Uint32 {
		return l
	}
	st := s.Type.Elem()
	buf, ok3 := st.FieldByName("buf")
	fsOff, ok4 := st.FieldByName("fsOff")
	if !ok3 || !ok4 || buf.Type != reflect.TypeOf([]byte(nil)) || fsOff.Type.Kind() != reflect.Int32 {
		return l
	}
	return tokenFields{ok: true, s: s.Offset, off: off.Offset, buf: buf.Offset, fsOff: fsOff.Offset}
}

// tokenSource returns t's source (nil for a token made by hand), its
// offset in the unit, the source's bytes and where the token is in
// them.
func tokenSource(t *cc.Token) (src unsafe.Pointer, off uint32, buf []byte, idx int) {
	p := unsafe.Pointer(t)
	src = *(*unsafe.Pointer)(unsafe.Add(p, tokenLayout.s))
	off = *(*uint32)(unsafe.Add(p, tokenLayout.off))
	if src == nil {
		return nil, off, nil, 0
	}
	buf = *(*[]byte)(unsafe.Add(src, tokenLayout.buf))
	idx = int(off) - int(*(*int32)(unsafe.Add(src, tokenLayout.fsOff)))
	return src, off, buf, idx
}

// sourceLine is a line of one cc/v4 source, as offsets in the unit,
// and the fset position of its tokens: k plus the offset, at most max.
type sourceLine struct {
	src        unsafe.Pointer
	start, end uint32 // [start, end)
	k, max     int
	none       bool // no position on this line
}

// tokenLines remembers the last lines tokens were placed on, the most
// recent first.
type tokenLines struct {
	l [8]sourceLine
}

func (tl *tokenLines) pos(t *cc.Token, lookup func(cc.Token) (token.Pos, int, int)) token.Pos {
	src, off, buf, idx := tokenSource(t)
	if src == nil {
		p, _, _ := lookup(*t)
		return p
	}
	for i := range tl.l {
		if l := tl.l[i]; l.src == src && l.start <= off && off < l.end {
			if i > 0 {
				copy(tl.l[1:i+1], tl.l[:i])
				tl.l[0] = l
			}
			if l.none {
				return token.NoPos
			}
			return token.Pos(min(l.k+int(off), l.max))
		}
	}
	p, col, limit := lookup(*t)
	if idx < 0 || idx >= len(buf) {
		return p
	}
	start := bytes.LastIndexByte(buf[:idx], '\n') + 1
	end := len(buf)
	if e := bytes.IndexByte(buf[idx:], '\n'); e >= 0 {
		end = idx + e
	}
	l := sourceLine{src: src, start: off - uint32(idx-start), end: off + uint32(end-idx)}
	if !p.IsValid() {
		l.none = true
	} else {
		if col-1 != idx-start || int(p) == limit {
			return p // a column cc/v4 counts otherwise, or past the end of the file: do not guess
		}
		l.k = int(p) - int(off)
		l.max = limit
	}
	copy(tl.l[1:], tl.l[:len(tl.l)-1])
	tl.l[0] = l
	return p
}
