package cparse

import (
	"testing"

	"github.com/kdlint/kdlint/ir"
)

// TestArenaPiecesAreOwn checks that what the lowering arena hands out
// does not share room: blocks growing in turn out of one pool, argument
// lists appended past their length, names copied before the chunk fills.
func TestArenaPiecesAreOwn(t *testing.T) {
	var pool []int
	var a, b []int
	for i := 0; i < 300; i++ {
		if len(a) == cap(a) {
			a = grow(&pool, a)
		}
		a = append(a, i)
		if i%3 == 0 {
			if len(b) == cap(b) {
				b = grow(&pool, b)
			}
			b = append(b, -i)
		}
	}
	for i, v := range a {
		if v != i {
			t.Fatalf("a[%d] = %d", i, v)
		}
	}
	for i, v := range b {
		if v != -3*i {
			t.Fatalf("b[%d] = %d", i, v)
		}
	}

	ar := &irArena{}
	x := ar.args(2)
	y := ar.args(2)
	x = append(x, &ir.Ident{Name: "x0"}, &ir.Ident{Name: "x1"})
	y = append(y, &ir.Ident{Name: "y0"}, &ir.Ident{Name: "y1"})
	x = append(x, &ir.Ident{Name: "x2"}) // past its room: copied
	if y[0].(*ir.Ident).Name != "y0" || x[2].(*ir.Ident).Name != "x2" || len(ar.args(0)) != 0 {
		t.Fatalf("argument lists share room: x %v, y %v", x, y)
	}

	var names []string
	var want []string
	for i := 0; i < 2000; i++ {
		w := string(rune('a'+i%26)) + string(rune('a'+i/26%26)) + "_name"
		buf := []byte(w)
		names = append(names, ar.str(buf))
		buf[0] = '!' // the name is a copy
		want = append(want, w)
	}
	for i := range names {
		if names[i] != want[i] {
			t.Fatalf("name %d = %q, want %q", i, names[i], want[i])
		}
	}
	if ar.str(nil) != "" || ar.op([]byte("<<=")) != "<<=" || ar.op([]byte("?")) != "?" {
		t.Fatal("empty name or operators")
	}
}
