package locks

import (
	"fmt"
	"go/token"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/kdlint/kdlint/analyzers/passes/internal/passtest"
	"github.com/kdlint/kdlint/ir"
)

// TestMemoChangesNothing runs the path view over the lock rules'
// fixtures and sample drivers with its memos (text.go, memo.go's
// shared states, the takes' block conditions) and without, and wants
// the same events, releases and interrupt states in every function.
func TestMemoChangesNothing(t *testing.T) {
	dirs := lockFixtureDirs()
	for _, dir := range dirs {
		cached := dumpPaths(t, dir)
		uncached = true
		plain := dumpPaths(t, dir)
		uncached = false
		if cached != plain {
			t.Errorf("%s: the path view differs with its memos:\n--- with\n%s\n--- without\n%s", dir, cached, plain)
		}
		if !strings.Contains(cached, "event") && strings.Contains(dir, "lockimbalance") {
			t.Errorf("%s: no events: the test compares nothing", dir)
		}
	}
}

// TestTakesAskedChangesNothing runs the path view, the views and the
// takes with the takes worked out only where asked (takesAsked) and for
// every function, and wants the same; and wants some fixture to have
// takes the restriction skips, or the test compares nothing.
func TestTakesAskedChangesNothing(t *testing.T) {
	skipped := 0
	for _, dir := range lockFixtureDirs() {
		asked := dumpPaths(t, dir)
		allTakes = true
		all := dumpPaths(t, dir)
		m, fset := parse(t, dir)
		r := passtest.Run(t, fset, m, Analyzer).(*Result)
		r.pathsOnce.Do(r.computePaths)
		need := r.takesAsked()
		for f, ts := range r.takes {
			if !need[f] && len(ts) > 0 {
				skipped++
			}
		}
		allTakes = false
		if asked != all {
			t.Errorf("%s: the path view differs with the takes worked out only where asked:\n--- asked\n%s\n--- all\n%s", dir, asked, all)
		}
	}
	if skipped == 0 {
		t.Error("no function has takes that are not asked: the test compares nothing")
	}
}

// dumpPaths parses dir afresh and prints its path view.
func dumpPaths(t *testing.T, dir string) string {
	t.Helper()
	m, fset := parse(t, dir)
	r := passtest.Run(t, fset, m, Analyzer).(*Result)
	line := func(p token.Pos) string {
		if !p.IsValid() {
			return "-"
		}
		return fmt.Sprint(fset.Position(p).Line, ":", fset.Position(p).Column)
	}
	lock := func(l *PathLock) string {
		if l == nil {
			return "<nil>"
		}
		at := "-"
		if l.At != nil {
			at = line(l.At.P)
		}
		return fmt.Sprintf("%s/%s@%s maybe=%v kept=%v loopy=%v retake=%v private=%v residue=%v unstable=%v lost=%v flags=%s under=%d",
			l.ID, l.Key, at, l.Maybe, l.Kept, l.Loopy, l.Retake, l.Private, l.Residue, l.Unstable, l.Lost, l.Flags, len(l.Under))
	}
	calls := func(s map[*ir.Call]bool) string {
		var out []string
		for c, v := range s {
			if v {
				out = append(out, line(c.P))
			}
		}
		sort.Strings(out)
		return strings.Join(out, " ")
	}
	var b strings.Builder
	for _, f := range m.Funcs {
		p := r.Paths(f)
		if p == nil {
			continue
		}
		fmt.Fprintf(&b, "func %s incomplete=%v\n", f.Name, p.Incomplete)
		for _, e := range p.Events {
			var vals []string
			for v := range e.Values {
				vals = append(vals, v)
			}
			sort.Strings(vals)
			take := ""
			for tk := e.Take; tk != nil; tk = tk.Inner {
				take += fmt.Sprintf(" %s:%s/%d", tk.Func.Name, exprText(tk.Lock), len(tk.Conds))
			}
			prior := "-"
			if e.Prior != nil {
				prior = line(e.Prior.P)
			}
			fmt.Fprintf(&b, "  event %d at %s lock=%s new=%s prior=%s via=%s goto=%s values=%v take=%s\n",
				e.Kind, line(e.pos()), lock(e.Lock), lock(e.New), prior, e.Via, line(e.Goto), vals, take)
		}
		fmt.Fprintf(&b, "  released %s\n  releasing %s\n  irqon %s\n  bhon %s\n",
			calls(p.Released), calls(p.Releasing), calls(p.IRQOn), calls(p.BHOn))
		var after []string
		for c, m := range p.AfterRelease {
			var vals []string
			for v := range m {
				vals = append(vals, v)
			}
			sort.Strings(vals)
			after = append(after, line(c.P)+"="+strings.Join(vals, ","))
		}
		sort.Strings(after)
		fmt.Fprintf(&b, "  after %s\n", strings.Join(after, " "))
	}
	held := func(hs []*Held) string {
		var out []string
		for _, h := range hs {
			out = append(out, h.Path()+"/"+h.Key()+"@"+h.Describe())
		}
		return strings.Join(out, " ")
	}
	for _, f := range m.Funcs {
		for _, c := range f.Calls() {
			for _, v := range []*View{r.Local, r.Deep} {
				st := v.Before(f, c)
				if len(st.Must)+len(st.May) > 0 {
					fmt.Fprintf(&b, "before %s %s deep=%v must=[%s] may=[%s]\n", f.Name, line(c.P), v.deep, held(st.Must), held(st.May))
				}
			}
		}
		if s := r.Summary(f); s != nil {
			fmt.Fprintf(&b, "summary %s %s\n", f.Name, s.signature())
		}
	}
	asked := r.takesAsked()
	for _, f := range m.Funcs {
		if !asked[f] {
			continue // their takes are not worked out (takesAsked)
		}
		ts, en := r.Takes(f)
		for _, tk := range ts {
			fmt.Fprintf(&b, "takes %s %s at %s conds=%d\n", f.Name, exprText(tk.Lock), line(tk.At.P), len(tk.Conds))
		}
		if en != nil {
			fmt.Fprintf(&b, "enables %s at %s conds=%d\n", f.Name, line(en.At.P), len(en.Conds))
		}
	}
	return b.String()
}

func exprText(e ir.Expr) string {
	if e == nil {
		return "<nil>"
	}
	return e.String()
}

// lockFixtureDirs returns the directories of C the path view's tests
// run over: the pass's own fixtures, the lock rules' and the sample
// drivers.
func lockFixtureDirs() []string {
	dirs := []string{"testdata/src/a", "testdata/src/annot"}
	for _, rule := range []string{"lockimbalance", "doublelock", "irqflags", "irqunsafelock"} {
		dirs = append(dirs, filepath.Join("..", "..", rule, "testdata", "src", "a"))
	}
	drivers, _ := filepath.Glob(filepath.Join("..", "..", "..", "testdata", "drivers", "*"))
	for _, d := range drivers {
		if files, _ := filepath.Glob(filepath.Join(d, "*.c")); len(files) > 0 {
			dirs = append(dirs, d)
		}
	}
	return dirs
}
