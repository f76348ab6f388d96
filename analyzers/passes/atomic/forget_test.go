package atomic

import (
	"fmt"
	"testing"
)

// TestWithAll checks withAll against with applied to each name in turn,
// on envs with and without the names (bound to the same value, another
// value, or observed), names given unsorted and repeated, and that it
// hands back its receiver exactly when nothing changes.
func TestWithAll(t *testing.T) {
	b := func(name string, v Value, obs bool) binding { return binding{name, v, obs} }
	envs := []env{
		nil,
		{b(".a", Const(1), false)},
		{b("0.p", Const(1), false), b("1.p|m", Const(1), false)},
		{b("0.p", Const(1), false), b("1.p|m", Const(2), false)},
		{b("0.p", Const(1), false), b("1.p|m", Const(1), true), b("x", Const(0), false)},
		{b("$k", Const(1), false), b("0.p", Const(1), false), b("0.q", Const(1), false), b("1.q|n", Const(1), false), b("z", Const(3), false)},
	}
	lists := [][]string{
		nil,
		{"1.p|m"},
		{"1.q|n", "1.p|m"},
		{"1.p|n", "1.p|m", "1.p|n", "1.q|m"},
		{"1.q|n"},
		{"1.a|b", "1.z|z"},
	}
	kept, made := 0, 0
	for i, e := range envs {
		for j, names := range lists {
			want := e
			for _, n := range names {
				want = want.with(n, Const(1), false)
			}
			got := e.withAll(append([]string(nil), names...), Const(1), false)
			if !got.equal(want) {
				t.Errorf("env %d withAll list %d = %v, want %v", i, j, got, want)
			}
			same := len(got) == len(e) && (len(e) == 0 || &got[0] == &e[0])
			if unchanged := want.equal(e); unchanged != same {
				t.Errorf("env %d withAll list %d: receiver returned %v, nothing changed %v", i, j, same, unchanged)
			} else if unchanged {
				kept++
			} else {
				made++
			}
		}
	}
	if kept == 0 || made == 0 {
		t.Fatalf("kept %d, made %d: the cases do not cover both", kept, made)
	}
}

// TestForgetWritten checks forgetWritten against what it did before it
// merged the markers at once: for every tracked member any of the sets
// writes, with once per zero base, then the written members' facts
// dropped.
func TestForgetWritten(t *testing.T) {
	b := func(name string, v Value, obs bool) binding { return binding{name, v, obs} }
	members := map[string]bool{"m": true, "n": true, "o": true}
	e := &engine{r: &Result{facts: &moduleFacts{members: members}}}
	reference := func(st env, sets []map[string]bool) env {
		wrote := func(m string) bool {
			for _, w := range sets {
				if w[m] {
					return true
				}
			}
			return false
		}
		if st.hasZero() {
			var bases []string
			for _, b := range st {
				if isZeroBase(b.name) {
					bases = append(bases, b.name[1:])
				}
			}
			for m := range members {
				if wrote(m) {
					for _, base := range bases {
						st = st.with("1"+base+"|"+m, Const(1), false)
					}
				}
			}
		}
		return st.without(func(b binding) bool { return b.name[0] == '.' && wrote(memberName(b.name)) })
	}
	envs := []env{
		nil,
		{b(".p.m", Const(1), true), b(".p.x", Const(2), false)},
		{b(".p.m", Const(1), false), b("0.q", Const(1), false)},
		{b("0.p", Const(1), false), b("0.q", Const(1), false), b("1.p|m", Const(1), false), b("x", Const(4), false)},
		{b("$k", Const(1), false), b(".q.n", Const(0), true), b("0.p", Const(1), false), b("1.p|o", Const(3), false)},
	}
	setss := [][]map[string]bool{
		nil,
		{{}},
		{{"m": true}},
		{{"m": true, "x": true}, {"n": true, "m": true}},
		{{"o": true, "untracked": true}},
		{{"m": false, "n": true}},
	}
	for i, st := range envs {
		for j, sets := range setss {
			got, want := e.forgetWritten(st, sets), reference(st, sets)
			if !got.equal(want) {
				t.Errorf("env %d sets %d: forgetWritten = %v, want %v", i, j, fmt.Sprint(got), fmt.Sprint(want))
			}
		}
	}
}

// TestEnvOf checks envOf against with applied to each binding in turn on
// an empty env: repeated names (the last wins), unknown values (which
// unbind), observed flags and unsorted input.
func TestEnvOf(t *testing.T) {
	b := func(name string, v Value, obs bool) binding { return binding{name, v, obs} }
	lists := [][]binding{
		nil,
		{b("x", unknown, false)},
		{b("x", Const(1), false)},
		{b("y", Const(1), false), b("x", Const(2), true), b("$k", Const(0), false)},
		{b("x", Const(1), false), b("x", Const(2), false)},
		{b("x", Const(1), false), b("x", unknown, false)},
		{b("x", unknown, false), b("x", Const(3), true), b(".p.m", Const(1), true), b("0.p", Const(1), false), b(".p.m", Const(4), false), b("1.p|m", Const(1), false)},
		{b(".q.n", Const(1), true), b(".a.n", Const(1), true), b(".q.n", Const(1), false), b("z", Value{sym: "FOO"}, false)},
	}
	for i, bs := range lists {
		var want env
		for _, x := range bs {
			want = want.with(x.name, x.v, x.observed)
		}
		got := envOf(append([]binding(nil), bs...))
		if !got.equal(want) { // nil and empty are the same env
			t.Errorf("list %d: envOf = %v, want %v", i, got, want)
		}
	}
}
