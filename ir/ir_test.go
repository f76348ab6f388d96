package ir

import "testing"

func TestIntLiteral(t *testing.T) {
	for _, c := range []struct {
		text string
		want int64
		ok   bool
	}{
		{"0", 0, true}, {"42", 42, true}, {"42UL", 42, true}, {"0x1F", 31, true}, {"0X1fu", 31, true},
		{"010", 8, true}, {"0b101", 5, true}, {"0xffffffffffffffff", -1, true},
		{"1.5", 0, false}, {"1e3", 0, false}, {"0x1p3", 0, false}, {"09", 0, false},
		{"FOO", 0, false}, {"", 0, false}, {"1_000", 0, false}, {"'a'", 0, false},
	} {
		got, ok := IntLiteral(c.text)
		if got != c.want || ok != c.ok {
			t.Errorf("IntLiteral(%q) = %d, %v; want %d, %v", c.text, got, ok, c.want, c.ok)
		}
	}
}

func TestMentionsAndWalkCalls(t *testing.T) {
	flags := &Binary{Op: "|", X: &Ident{Name: "WQ_BH"}, Y: &Other{Text: "WQ_HIGHPRI"}}
	if !Mentions(flags, "WQ_BH") || !Mentions(flags, "WQ_HIGHPRI") || Mentions(flags, "WQ_UNBOUND") {
		t.Errorf("Mentions(%v) wrong", flags)
	}
	inner := &Call{Name: "inner"}
	outer := &Call{Name: "outer", Args: []Expr{&Binary{Op: "+", X: &Member{X: inner, Name: "m"}, Y: &Lit{Text: "1"}}}}
	var order []string
	WalkCalls(&InitList{Elems: []InitElem{{Value: &Unary{Op: "&", X: outer}}}}, func(c *Call) { order = append(order, c.Name) })
	if len(order) != 2 || order[0] != "inner" || order[1] != "outer" {
		t.Errorf("WalkCalls order %v, want [inner outer]", order)
	}
}

// TestCallsOnce checks that Calls, made once and kept, lists what a walk
// of the blocks finds, in order, every time it is asked; and nil for a
// function without calls or without a body.
func TestCallsOnce(t *testing.T) {
	a, b, c := &Call{Name: "a"}, &Call{Name: "b"}, &Call{Name: "c"}
	f := &Func{Blocks: []*Block{
		{Nodes: []Node{a, &Assign{LHS: &Ident{Name: "x"}, RHS: &Lit{Text: "1"}}}},
		{},
		{Nodes: []Node{&Return{}, b, c}},
	}}
	var walked []*Call
	for _, bl := range f.Blocks {
		for _, n := range bl.Nodes {
			if c, ok := n.(*Call); ok {
				walked = append(walked, c)
			}
		}
	}
	for i := 0; i < 2; i++ {
		got := f.Calls()
		if len(got) != len(walked) || cap(got) != len(walked) {
			t.Fatalf("ask %d: %d calls (cap %d), want %d", i, len(got), cap(got), len(walked))
		}
		for j := range got {
			if got[j] != walked[j] {
				t.Errorf("ask %d: call %d is %s, want %s", i, j, got[j].Name, walked[j].Name)
			}
		}
	}
	empty := &Func{Blocks: []*Block{{Nodes: []Node{&Return{}}}}}
	if got := empty.Calls(); got != nil {
		t.Errorf("a function without calls: %v, want nil", got)
	}
	if got := (&Func{}).Calls(); got != nil {
		t.Errorf("a function without a body: %v, want nil", got)
	}
}
