package lifecycle

import (
	"testing"

	"github.com/kdlint/kdlint/ir"
)

func TestPathName(t *testing.T) {
	fns := func(names ...string) []*ir.Func {
		var out []*ir.Func
		for _, n := range names {
			out = append(out, &ir.Func{Name: n})
		}
		return out
	}
	for _, c := range []struct {
		fs   []*ir.Func
		want string
	}{
		{nil, "no exit or remove function"},
		{fns("a_exit", "a_remove"), "a_exit(), a_remove()"},
		{fns("t_exit", "t_exit"), "t_exit()"},
		{fns("a", "b", "c", "d"), "a(), b(), c(), d()"},
		{fns("a", "b", "c", "d", "e", "f"), "a(), b(), c() and 3 more"},
	} {
		if got := pathName(c.fs); got != c.want {
			t.Errorf("pathName = %q, want %q", got, c.want)
		}
	}
}
