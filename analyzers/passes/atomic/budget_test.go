package atomic_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kdlint/kdlint/analyzers/passes/atomic"
	"github.com/kdlint/kdlint/analyzers/rule"
	"github.com/kdlint/kdlint/analyzers/sleepinatomic"
	"github.com/kdlint/kdlint/driver"
	"github.com/kdlint/kdlint/internal/kdtest"
	"github.com/kdlint/kdlint/ir"
	"github.com/kdlint/kdlint/report"
)

// chainModule writes a module whose exploration has the shape that makes
// path-sensitive analyses blow up: a chain of n functions, each testing
// and setting members members of the device (facts its callee is
// entered with), switching on a parameter over cases cases, and calling
// the next twice with other constants, so that each function is reached
// with ever new bindings, each carrying every member; the last one
// sleeps where the constants allow. Without the budget, 40 functions of
// 100 members took main 18 s of CPU and 1.5 GB (200 members: over 100 s
// and 4.7 GB). The locked root also calls quiet(), which sleeps only
// when its argument allows, with 0: path-sensitively not reported,
// path-insensitively reported, as wanted when quietWanted is set.
func chainModule(t *testing.T, n, members, cases int, quietWanted bool) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("#include <linux/spinlock.h>\n#include <linux/delay.h>\n\n")
	b.WriteString("struct dev {\n\tspinlock_t lock;\n")
	for k := 0; k < members; k++ {
		fmt.Fprintf(&b, "\tint m%d;\n", k)
	}
	b.WriteString("};\n\n")
	b.WriteString("static void quiet(struct dev *d, int can_sleep)\n{\n\tif (!can_sleep)\n\t\treturn;\n")
	if quietWanted {
		b.WriteString("\tmsleep(1); /* want \"msleep\\\\(\\\\) may sleep.*in quiet\\\\(\\\\), called from dev_run\\\\(\\\\) -> quiet\\\\(\\\\)\" */\n}\n\n")
	} else {
		b.WriteString("\tmsleep(1);\n}\n\n")
	}
	for i := n - 1; i >= 0; i-- {
		fmt.Fprintf(&b, "static int f%d(struct dev *d, int a, int b)\n{\n\tint r = 0;\n\n", i)
		for k := 0; k < members; k++ {
			fmt.Fprintf(&b, "\tif (d->m%d == %d)\n\t\tr++;\n\td->m%d = a + %d;\n", k, k, k, k)
		}
		b.WriteString("\tswitch (b) {\n")
		for c := 0; c < cases; c++ {
			fmt.Fprintf(&b, "\tcase %d:\n\t\tr += %d;\n\t\tbreak;\n", c, c)
		}
		b.WriteString("\tdefault:\n\t\tbreak;\n\t}\n")
		if i == n-1 {
			fmt.Fprintf(&b, "\tif (a > 3)\n\t\tmsleep(10); /* want \"msleep\\\\(\\\\) may sleep.*in f%d\\\\(\\\\), called from dev_run\\\\(\\\\) -> f0\\\\(\\\\) -> .* -> f%d\\\\(\\\\) while spin_lock\" */\n", i, i)
		} else {
			fmt.Fprintf(&b, "\tr += f%d(d, a + 1, b + 1);\n\tr += f%d(d, b, a * 2 + 1);\n", i+1, i+1)
		}
		b.WriteString("\treturn r;\n}\n\n")
	}
	b.WriteString("int dev_run(struct dev *d)\n{\n\tint r;\n\n\tspin_lock(&d->lock);\n\tr = f0(d, 0, 1);\n\tquiet(d, 0);\n\tspin_unlock(&d->lock);\n\treturn r;\n}\n")
	dir := filepath.Join(t.TempDir(), "chain")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "chain.c"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// runChain runs KD101 on the chain; spends says whether the run must
// tell the user that the budget was spent (a NoticeBudget).
func runChain(t *testing.T, dir string, spends bool) time.Duration {
	t.Helper()
	opts := driver.Options{Rules: []*rule.Rule{sleepinatomic.Rule}}
	for _, o := range sleepinatomic.Rule.Options {
		if o.Name == atomic.MaxDepthName {
			opts.RuleOptions = rule.Values{o: "0"}
		}
	}
	if opts.RuleOptions == nil {
		t.Fatal("KD101 has no max-depth option")
	}
	start := time.Now()
	var kinds []report.NoticeKind
	if spends {
		kinds = append(kinds, report.NoticeBudget)
	}
	kdtest.RunNoticing(t, []string{dir}, opts, kinds...)
	return time.Since(start)
}

// TestBudgetSmall: a small chain stays within the default budget and
// is explored path-sensitively (quiet() is not reported).
func TestBudgetSmall(t *testing.T) {
	exhausted := 0
	defer atomic.SetBudget(1<<19, 512, func(*ir.Module) { exhausted++ })()
	runChain(t, chainModule(t, 6, 4, 4, false), false)
	if exhausted != 0 {
		t.Errorf("the small chain spent its budget")
	}
}

// TestBudgetPathological: the pathological chain spends the default
// budget, finishes in a fraction of the time main took, and still
// reports the chain's sleep.
func TestBudgetPathological(t *testing.T) {
	exhausted := 0
	defer atomic.SetBudget(1<<19, 512, func(*ir.Module) { exhausted++ })()
	d := runChain(t, chainModule(t, 40, 100, 20, false), true)
	if d > 15*time.Second {
		t.Errorf("the chain took %v", d)
	}
	if exhausted != 1 {
		t.Errorf("the budget was spent %d times, want once", exhausted)
	}
}

// TestBudgetExhausted: with a budget spent at the first block the
// exploration goes on path-insensitively and finishes; the chain's sleep
// is still reported, and so is quiet()'s, which only the path-sensitive
// answer rules out: the fallback finds a superset, never less.
func TestBudgetExhausted(t *testing.T) {
	exhausted := 0
	defer atomic.SetBudget(0, 0, func(*ir.Module) { exhausted++ })()
	d := runChain(t, chainModule(t, 40, 100, 20, true), true)
	if d > 15*time.Second {
		t.Errorf("the chain took %v", d)
	}
	if exhausted != 1 {
		t.Errorf("the budget was spent %d times, want once", exhausted)
	}
}
