package errpaths

import (
	"fmt"
	"go/token"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/kdlint/kdlint/analyzers/passes/internal/passtest"
	"github.com/kdlint/kdlint/analyzers/passes/lifecycle"
	"github.com/kdlint/kdlint/cparse"
	"github.com/kdlint/kdlint/ir"
)

var kindNames = map[Kind]string{Code: "code", Value: "value", Var: "var", Propagated: "propagated"}

// TestFixture checks the "error" and "live" expectations of
// testdata/src/a.
func TestFixture(t *testing.T) {
	m, fset := parse(t, "testdata/src/a")
	r := passtest.Run(t, fset, m, Analyzer).(*Result)
	lc := passtest.Run(t, fset, m, lifecycle.Analyzer).(*lifecycle.Result)

	type at struct {
		file string
		line int
	}
	line := func(p token.Pos) at {
		f, l := passtest.Line(fset, p)
		return at{f, l}
	}
	wantErr := map[at]string{}
	for _, c := range passtest.Comments(t, m, "error") {
		wantErr[at{c.Pos.Filename, c.Pos.Line}] = c.Text
	}
	wantLive := map[at]string{}
	for _, c := range passtest.Comments(t, m, "live") {
		wantLive[at{c.Pos.Filename, c.Pos.Line}] = c.Text
	}

	gotErr := map[at]ErrorReturn{}
	for _, f := range m.Funcs {
		for _, e := range r.ErrorReturns(f) {
			gotErr[line(e.Return.P)] = e
		}
	}
	for k, want := range wantErr {
		got, ok := gotErr[k]
		if !ok {
			t.Errorf("%s:%d: not an error return, want %q", k.file, k.line, want)
			continue
		}
		if !matches(kindNames[got.Kind], got.Label, want) {
			t.Errorf("%s:%d: error %s label=%s, want %q", k.file, k.line, kindNames[got.Kind], got.Label, want)
		}
	}
	for k, got := range gotErr {
		if _, ok := wantErr[k]; !ok {
			t.Errorf("%s:%d: unexpected error return (%s)", k.file, k.line, kindNames[got.Kind])
		}
	}

	gotLive := map[at][]Leak{}
	for _, o := range lc.Objects {
		for _, l := range r.Leaks(o) {
			gotLive[line(l.Return.P)] = append(gotLive[line(l.Return.P)], l)
		}
	}
	for k := range wantLive {
		if _, ok := gotLive[k]; !ok {
			gotLive[k] = nil
		}
	}
	for k, leaks := range gotLive {
		want := strings.Fields(wantLive[k])
		var got []string
		for _, l := range leaks {
			got = append(got, l.Object.Name())
		}
		sort.Strings(got)
		var names []string
		for _, w := range want {
			names = append(names, strings.Split(w, "@")[0])
		}
		sort.Strings(names)
		if strings.Join(got, " ") != strings.Join(names, " ") {
			t.Errorf("%s:%d: live %v, want %v", k.file, k.line, got, names)
			continue
		}
		for _, l := range leaks {
			for _, w := range want {
				name, label, _ := strings.Cut(w, "@")
				if name == l.Object.Name() && !regexp.MustCompile("^("+label+")$").MatchString(l.Label) {
					t.Errorf("%s:%d: %s live from label %q, want %q", k.file, k.line, name, l.Label, label)
				}
			}
		}
	}
}

// matches reports whether kind and label satisfy an "error" expectation:
// "KIND" or "KIND label=L|M".
func matches(kind, label, want string) bool {
	f := strings.Fields(want)
	if len(f) == 0 || f[0] != kind {
		return false
	}
	wantLabel := ""
	if len(f) > 1 {
		wantLabel = strings.TrimPrefix(f[1], "label=")
	}
	return regexp.MustCompile("^(" + wantLabel + ")$").MatchString(label)
}

// TestLeaksIn checks that LeaksIn gathers the leaks of every object of
// a function, in position order.
func TestLeaksIn(t *testing.T) {
	m, fset := parse(t, "testdata/src/a")
	r := passtest.Run(t, fset, m, Analyzer).(*Result)
	var got []string
	for _, l := range r.LeaksIn(m.Func("kinds")) {
		_, line := passtest.Line(fset, l.Return.P)
		got = append(got, fmt.Sprintf("%s@%d", l.Object.Name(), line))
	}
	var rets []int
	for _, b := range m.Func("kinds").Blocks {
		for _, n := range b.Nodes {
			if r, ok := n.(*ir.Return); ok && r.Value != nil {
				_, line := passtest.Line(fset, r.P)
				rets = append(rets, line)
			}
		}
	}
	sort.Ints(rets) // -EIO, -EBUSY, 0
	if want := fmt.Sprintf("p->timer@%d p->work@%d p->t@%d", rets[0], rets[0], rets[1]); strings.Join(got, " ") != want {
		t.Errorf("LeaksIn(kinds) = %v, want %s", got, want)
	}
}

// parse parses the fixture directory dir as one module, every function.
func parse(t *testing.T, dir string) (*ir.Module, *token.FileSet) {
	fset := token.NewFileSet()
	m := cparse.ParseModule(fset, dir, passtest.Files(t, dir), &cparse.Config{ParseAll: true})
	passtest.Parsed(t, fset, m)
	return m, fset
}
