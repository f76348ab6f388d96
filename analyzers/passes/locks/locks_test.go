package locks

import (
	"go/token"
	"regexp"
	"strings"
	"testing"

	"github.com/kdlint/kdlint/analyzers/passes/callgraph"
	"github.com/kdlint/kdlint/analyzers/passes/internal/passtest"
	"github.com/kdlint/kdlint/cparse"
	"github.com/kdlint/kdlint/ir"
	"github.com/kdlint/kdlint/kmodel"
)

// TestFixture checks the expectations written in testdata/src/a.
func TestFixture(t *testing.T) {
	m, fset := parse(t, "testdata/src/a")
	r := passtest.Run(t, fset, m, Analyzer).(*Result)
	checkHeld(t, fset, m, r)
	checkSummaries(t, fset, m, r)
}

var heldRe = regexp.MustCompile(`^(\S+): must (.*); may (.*)$`)

// checkHeld checks the "held", "local" and "deep" comments.
func checkHeld(t *testing.T, fset *token.FileSet, m *ir.Module, r *Result) {
	n := 0
	for word, views := range map[string][]*View{"held": {r.Local, r.Deep}, "local": {r.Local}, "deep": {r.Deep}} {
		for _, c := range passtest.Comments(t, m, word) {
			mm := heldRe.FindStringSubmatch(c.Text)
			if mm == nil {
				t.Errorf("%v: bad expectation %q", c.Pos, c.Text)
				continue
			}
			f, node := find(fset, m, c.Pos, mm[1])
			if node == nil {
				t.Errorf("%v: no %s on this line", c.Pos, mm[1])
				continue
			}
			for _, v := range views {
				var st State
				switch node := node.(type) {
				case *ir.Call:
					st = v.Before(f, node)
				case *ir.Return:
					st = v.AtReturn(f, node)
				}
				if got, want := renderAll(st.Must), norm(mm[2]); got != want {
					t.Errorf("%v: %s view: must-held before %s = %s, want %s", c.Pos, viewName(v), mm[1], got, want)
				}
				if got, want := renderAll(st.May), norm(mm[3]); got != want {
					t.Errorf("%v: %s view: may-held before %s = %s, want %s", c.Pos, viewName(v), mm[1], got, want)
				}
				n++
			}
		}
	}
	if n == 0 {
		t.Error("no held expectations found")
	}
}

var summaryField = regexp.MustCompile(`(acquires|mayacquire|try|releases|mayrelease|drops|holds) ([^;]*)`)

// checkSummaries checks the "summary" comments on function lines.
func checkSummaries(t *testing.T, fset *token.FileSet, m *ir.Module, r *Result) {
	for _, c := range passtest.Comments(t, m, "summary") {
		var f *ir.Func
		for _, fn := range m.Funcs {
			if file, line := passtest.Line(fset, fn.Pos); file == c.Pos.Filename && line == c.Pos.Line {
				f = fn
			}
		}
		if f == nil {
			t.Errorf("%v: no function defined on this line", c.Pos)
			continue
		}
		want := map[string]string{}
		if c.Text != "none" {
			for _, mm := range summaryField.FindAllStringSubmatch(c.Text, -1) {
				want[mm[1]] = norm(mm[2])
			}
		}
		got := renderSummary(r.Summary(f))
		for _, k := range []string{"acquires", "mayacquire", "try", "releases", "mayrelease", "drops", "holds"} {
			if got[k] != want[k] {
				t.Errorf("%v: summary of %s(): %s = %q, want %q", c.Pos, f.Name, k, got[k], want[k])
			}
		}
	}
}

func viewName(v *View) string {
	if v.deep {
		return "deep"
	}
	return "local"
}

func norm(s string) string {
	s = strings.TrimSpace(s)
	if s == "-" {
		return ""
	}
	return strings.Join(strings.Fields(s), " ")
}

// find returns the function and the call named name (or the return
// statement, for "return") on the line of pos.
func find(fset *token.FileSet, m *ir.Module, pos token.Position, name string) (*ir.Func, ir.Node) {
	for _, f := range m.Funcs {
		for _, b := range f.Blocks {
			for _, n := range b.Nodes {
				file, line := passtest.Line(fset, n.Pos())
				if file != pos.Filename || line != pos.Line {
					continue
				}
				switch n := n.(type) {
				case *ir.Call:
					if n.Name == name {
						return f, n
					}
				case *ir.Return:
					if name == "return" {
						return f, n
					}
				}
			}
		}
	}
	return nil, nil
}

var classNames = map[kmodel.LockClass]string{
	kmodel.Spin: "spin", kmodel.IRQOff: "irqoff", kmodel.BHOff: "bhoff", kmodel.PreemptOff: "preempt",
	kmodel.RCURead: "rcu", kmodel.Mutex: "mutex", kmodel.Semaphore: "sem", kmodel.UnknownLock: "unknown",
}

func renderAll(hs []*Held) string {
	var out []string
	for _, h := range hs {
		out = append(out, render(h))
	}
	return strings.Join(out, " ")
}

// render writes a held lock as the fixtures do: class:path/variants@fn.
func render(h *Held) string {
	s := renderLock(h.Class, h.path, h.Variant, h.Flags)
	if h.Try {
		s += "/try"
	}
	if h.Guard {
		s += "/guard"
	}
	if h.Via != nil {
		s += "@" + h.Acquire.Name
	}
	if h.Annotation != nil {
		s += "!annotation"
	}
	return s
}

func renderLock(class kmodel.LockClass, path string, v kmodel.LockVariant, flags ir.Expr) string {
	s := classNames[class]
	if path != "" {
		s += ":" + path
	}
	if v&kmodel.IRQ != 0 && v&kmodel.IRQSave == 0 {
		s += "/irq"
	}
	if v&kmodel.IRQSave != 0 {
		s += "/irqsave"
		if flags != nil {
			s += "(" + flags.String() + ")"
		}
	}
	for _, x := range []struct {
		bit  kmodel.LockVariant
		name string
	}{{kmodel.BH, "bh"}, {kmodel.Raw, "raw"}, {kmodel.Read, "read"}, {kmodel.Write, "write"}, {kmodel.Nested, "nested"}} {
		if v&x.bit != 0 {
			s += "/" + x.name
		}
	}
	return s
}

func renderRefs(rs []Ref) string {
	var out []string
	for _, r := range rs {
		s := renderLock(r.Class, r.path(r.Lock), r.Variant, nil)
		if r.Annotation != nil {
			s += "!annotation"
		}
		out = append(out, s)
	}
	return strings.Join(out, " ")
}

func renderSummary(s *Summary) map[string]string {
	if s == nil {
		return map[string]string{}
	}
	return map[string]string{
		"acquires": renderAll(s.Acquires), "mayacquire": renderAll(s.MayAcquire), "try": renderAll(s.TryAcquires),
		"releases": renderRefs(s.Releases), "mayrelease": renderRefs(s.MayRelease), "drops": renderRefs(s.Drops),
		"holds": renderRefs(s.Holds),
	}
}

// annotations are those of testdata/src/annot, as the front end will
// give them.
var annotations = map[string][]ir.Annotation{
	"ann_lock":   {{Kind: ir.Acquires, Lock: &ir.Unary{Op: "&", X: member("p", "lock")}}},
	"ann_unlock": {{Kind: ir.Releases, Lock: member("p", "lock")}},
	"ann_wait":   {{Kind: ir.MustHold, Lock: &ir.Unary{Op: "&", X: member("p", "lock")}}},
}

func member(x, name string) ir.Expr {
	return &ir.Member{X: &ir.Ident{Name: x}, Name: name, Arrow: true}
}

// TestAnnotations checks summaries from __acquires, __releases and
// __must_hold, set on the functions by hand.
func TestAnnotations(t *testing.T) {
	m, fset := parse(t, "testdata/src/annot")
	for name, as := range annotations {
		m.Func(name).Annotations = as
	}
	r := passtest.Run(t, fset, m, Analyzer).(*Result)
	checkHeld(t, fset, m, r)
	checkSummaries(t, fset, m, r)
}

// TestAnnotationsFromSource checks that the front end reads the
// annotations of testdata/src/annot as TestAnnotations sets them.
func TestAnnotationsFromSource(t *testing.T) {
	m, _ := parse(t, "testdata/src/annot")
	for name, want := range annotations {
		got := m.Func(name).Annotations
		if len(got) != 1 || got[0].Kind != want[0].Kind || got[0].Lock.String() != want[0].Lock.String() {
			t.Errorf("%s: annotations %v, want %v", name, got, want)
		}
	}
}

// TestHeldThrough checks whether the lock outer() holds stays held
// through the calls below it, one and two calls deep.
func TestHeldThrough(t *testing.T) {
	m, fset := parse(t, "testdata/src/a")
	r := passtest.Run(t, fset, m, Analyzer).(*Result)
	g := passtest.Run(t, fset, m, callgraph.Analyzer).(*callgraph.Graph)
	site := func(caller, callee string) callgraph.Site {
		for _, s := range g.Callees[m.Func(caller)] {
			if s.Callee.Name == callee {
				return s
			}
		}
		t.Fatalf("%s() does not call %s()", caller, callee)
		return callgraph.Site{}
	}
	call := func(fn, name string) *ir.Call {
		for _, c := range m.Func(fn).Calls() {
			if c.Name == name {
				return c
			}
		}
		t.Fatalf("%s() does not call %s()", fn, name)
		return nil
	}
	h := r.Local.Before(m.Func("outer"), call("outer", "mid")).Must[0]
	for _, c := range []struct {
		path        []callgraph.Site
		inner       *ir.Call
		local, deep bool
	}{
		// sleeps_plain() does not touch the lock.
		{[]callgraph.Site{site("outer", "mid"), site("mid", "sleeps_plain")}, call("sleeps_plain", "msleep"), true, true},
		// drop_retake() unlocks it before its msleep().
		{[]callgraph.Site{site("outer", "mid"), site("mid", "drop_retake")}, call("drop_retake", "msleep"), false, false},
		// ... but not before its first call.
		{[]callgraph.Site{site("outer", "mid"), site("mid", "drop_retake")}, call("drop_retake", "spin_unlock_irq"), true, true},
		// mid_unlocks() unlocks it through dev_unlock(), which only the
		// deep view sees.
		{[]callgraph.Site{site("outer", "mid_unlocks")}, call("mid_unlocks", "msleep"), true, false},
	} {
		last := c.path[len(c.path)-1]
		if got := r.Local.HeldThrough(h, c.path, c.inner); got != c.local {
			t.Errorf("local view: %s held at %s() in %s() = %v, want %v", h.Describe(), c.inner.Name, last.Callee.Name, got, c.local)
		}
		if got := r.Deep.HeldThrough(h, c.path, c.inner); got != c.deep {
			t.Errorf("deep view: %s held at %s() in %s() = %v, want %v", h.Describe(), c.inner.Name, last.Callee.Name, got, c.deep)
		}
	}
}

// parse parses the fixture directory dir as one module, every function.
func parse(t *testing.T, dir string) (*ir.Module, *token.FileSet) {
	fset := token.NewFileSet()
	m := cparse.ParseModule(fset, dir, passtest.Files(t, dir), &cparse.Config{ParseAll: true})
	passtest.Parsed(t, fset, m)
	return m, fset
}
