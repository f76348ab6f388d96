package atomic

import "testing"

// TestMeetKeeps checks meet against merge on every pair of a
// set of envs (bindings kept, dropped, weakened, markers on either side,
// observed flags, unknown values), and that it hands back its receiver
// exactly when the meet is all of it.
func TestMeetKeeps(t *testing.T) {
	b := func(name string, v Value, obs bool) binding { return binding{name, v, obs} }
	bits := Value{known: 0xf0, bits: 0x30}
	sym := Value{sym: "FOO"}
	envs := []env{
		nil,
		{b(".a", Const(1), false)},
		{b(".a", Const(1), true)},
		{b(".a", Const(2), false)},
		{b(".a", bits, false)},
		{b(".a", Const(1), false), b("x", Const(0), false)},
		{b(".a", Const(1), false), b("1p|m", Const(1), false)},
		{b("1p|m", Const(1), false)},
		{b("1q|m", Const(1), false), b("x", Const(0), false)},
		{b("x", Const(0), false)},
		{b("x", sym, false)},
		{b("x", Value{sym: "BAR"}, false)},
		{b("x", unknown, false)},
		{b("$k", Const(1), false), b(".a", Const(1), false), b("x", Const(0), false), b("y", Const(3), false)},
		{b("$k", Const(1), false), b(".a", Const(1), false), b("x", Const(0), false)},
	}
	kept, made := 0, 0
	for i, e := range envs {
		for j, o := range envs {
			got, want := e.meet(o), e.merge(o)
			if !got.equal(want) {
				t.Errorf("env %d meet env %d = %v, want %v", i, j, got, want)
			}
			same := len(got) > 0 && len(e) > 0 && &got[0] == &e[0] || len(got) == 0 && len(e) == 0
			if keeps := want.equal(e); keeps != e.meetKeeps(o) || keeps && len(e) > 0 && !same {
				t.Errorf("env %d meet env %d: meetKeeps %v, returned the receiver %v; the meet equals the receiver: %v", i, j, e.meetKeeps(o), same, keeps)
			} else if keeps {
				kept++
			} else {
				made++
			}
		}
	}
	if kept == 0 || made == 0 {
		t.Fatalf("kept %d, made %d: the cases do not cover both", kept, made)
	}
	t.Logf("%d meets kept the receiver, %d made a new env", kept, made)
}
