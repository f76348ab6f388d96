package cparse

import (
	"unsafe"

	"github.com/kdlint/kdlint/ir"
)

// Allocation for lowering (build.go). A unit's IR is made of many small
// nodes and names that live as long as the module: they are carved out
// of chunks that grow with the unit instead of being allocated one by
// one, and the names are copied into shared byte chunks instead of one
// string each.

// slab hands out values of T from chunks.
type slab[T any] struct {
	free []T
	n    int // size of the last chunk
}

func (s *slab[T]) alloc() *T {
	if len(s.free) == 0 {
		s.n = min(max(2*s.n, 8), 128)
		s.free = make([]T, s.n)
	}
	p := &s.free[0]
	s.free = s.free[1:]
	return p
}

// irArena allocates one unit's IR.
type irArena struct {
	idents  slab[ir.Ident]
	calls   slab[ir.Call]
	members slab[ir.Member]
	lits    slab[ir.Lit]
	assigns slab[ir.Assign]
	unaries slab[ir.Unary]
	binarys slab[ir.Binary]
	blocks  slab[ir.Block]
	exprs   []ir.Expr   // free space for argument lists
	nodes   []ir.Node   // free space for blocks' nodes
	succs   []*ir.Block // free space for blocks' successors
	bytes   []byte      // free space for names
	nbytes  int         // size of the last byte chunk
}

// str returns b as a string that shares a chunk with other names. The
// chunk is only ever appended to, so the strings never change.
func (a *irArena) str(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if len(b) > cap(a.bytes)-len(a.bytes) {
		a.nbytes = min(max(2*a.nbytes, 128), 4<<10)
		a.bytes = make([]byte, 0, max(a.nbytes, len(b)))
	}
	start := len(a.bytes)
	a.bytes = append(a.bytes, b...)
	return unsafe.String(&a.bytes[start], len(b))
}

// op returns the operator b as a constant string.
func (a *irArena) op(b []byte) string {
	switch string(b) {
	case "=":
		return "="
	case "+":
		return "+"
	case "-":
		return "-"
	case "*":
		return "*"
	case "/":
		return "/"
	case "%":
		return "%"
	case "&":
		return "&"
	case "|":
		return "|"
	case "^":
		return "^"
	case "!":
		return "!"
	case "~":
		return "~"
	case "<":
		return "<"
	case ">":
		return ">"
	case "<=":
		return "<="
	case ">=":
		return ">="
	case "==":
		return "=="
	case "!=":
		return "!="
	case "&&":
		return "&&"
	case "||":
		return "||"
	case "<<":
		return "<<"
	case ">>":
		return ">>"
	case "++":
		return "++"
	case "--":
		return "--"
	case "+=":
		return "+="
	case "-=":
		return "-="
	case "*=":
		return "*="
	case "/=":
		return "/="
	case "%=":
		return "%="
	case "&=":
		return "&="
	case "|=":
		return "|="
	case "^=":
		return "^="
	case "<<=":
		return "<<="
	case ">>=":
		return ">>="
	}
	return a.str(b)
}

// args returns an empty argument list with room for n; appending more
// than n copies it.
func (a *irArena) args(n int) []ir.Expr {
	if n == 0 {
		return nil
	}
	if n > len(a.exprs) {
		a.exprs = make([]ir.Expr, max(n, 64))
	}
	s := a.exprs[:0:n]
	a.exprs = a.exprs[n:]
	return s
}

// grow returns s moved to a piece of *free twice its capacity (at least
// 2): a block's nodes and successors grow there instead of in slices
// of their own. The piece is the block's alone; the one it leaves is
// not reused.
func grow[T any](free *[]T, s []T) []T {
	n := max(2, 2*cap(s))
	if n > len(*free) {
		*free = make([]T, max(n, 128))
	}
	t := (*free)[:len(s):n]
	*free = (*free)[n:]
	copy(t, s)
	return t
}
