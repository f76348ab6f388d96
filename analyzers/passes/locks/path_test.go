package locks

import (
	"strings"
	"testing"

	"github.com/kdlint/kdlint/ir"
)

// TestPathsAsReplaceAll wants LockPath and pointerPath to name every
// expression of the lock rules' fixtures and the sample drivers as
// their plain form did: e.String() with "->" made ".", and that inside
// "*(...)" for a pointer; and ir.AppendString to write e.String().
func TestPathsAsReplaceAll(t *testing.T) {
	dirs := lockFixtureDirs()
	n, arrows := 0, 0
	var check func(e ir.Expr)
	check = func(e ir.Expr) {
		if e == nil {
			return
		}
		n++
		s := e.String()
		if strings.Contains(s, "->") {
			arrows++
		}
		if got := string(ir.AppendString(nil, e)); got != s {
			t.Errorf("AppendString(%s) = %s", s, got)
		}
		var want string
		if u, ok := e.(*ir.Unary); ok && u.Op == "*" {
			want = pointerPath(u.X)
		} else {
			want = strings.ReplaceAll(s, "->", ".")
		}
		if got := LockPath(e); got != want {
			t.Errorf("LockPath(%s) = %s, want %s", s, got, want)
		}
		if u, ok := e.(*ir.Unary); !ok || u.Op != "&" {
			if got, want := pointerPath(e), "*("+strings.ReplaceAll(s, "->", ".")+")"; got != want {
				t.Errorf("pointerPath(%s) = %s, want %s", s, got, want)
			}
		}
		switch e := e.(type) {
		case *ir.Member:
			check(e.X)
		case *ir.Unary:
			check(e.X)
		case *ir.Binary:
			check(e.X)
			check(e.Y)
		case *ir.Call:
			check(e.Fun)
			for _, a := range e.Args {
				check(a)
			}
		case *ir.Cond:
			check(e.C)
			check(e.Then)
			check(e.Else)
		}
	}
	for _, dir := range dirs {
		m, _ := parse(t, dir)
		for _, f := range m.Funcs {
			for _, b := range f.Blocks {
				if b.Cond != nil {
					check(b.Cond)
				}
				for _, nd := range b.Nodes {
					switch nd := nd.(type) {
					case *ir.Call:
						check(nd)
					case *ir.Assign:
						check(nd.LHS)
						check(nd.RHS)
					case *ir.Return:
						check(nd.Value)
					}
				}
			}
		}
	}
	// And the forms the fixtures may lack: "->" inside a literal, an
	// Other's text, a Cond.
	lit := &ir.Lit{Text: `"a->b"`}
	check(&ir.Call{Fun: &ir.Ident{Name: "f"}, Name: "f", Args: []ir.Expr{lit, &ir.Other{Text: "x->y[2]"}}})
	check(&ir.Cond{C: &ir.Ident{Name: "c"}, Then: &ir.Member{X: &ir.Ident{Name: "p"}, Name: "a", Arrow: true}, Else: lit})
	if n < 100 || arrows == 0 {
		t.Fatalf("%d expressions, %d with ->: the test compares too little", n, arrows)
	}
}
