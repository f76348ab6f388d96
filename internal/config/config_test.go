package config

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kdlint/kdlint/analyzers/rule"
	"github.com/kdlint/kdlint/kmodel"
	"github.com/kdlint/kdlint/report"
)

// A registry of two rules, one with options, as the command line hands
// it over.
var (
	depth   = rule.Int("max-depth", 8, "how deep")
	flush   = rule.Bool("require-flush", false, "flush first")
	testKD1 = &report.Rule{ID: "KD101", Name: "sleep-in-atomic"}
	testKD3 = &report.Rule{ID: "KD301", Name: "workqueue-teardown"}
	rules   = []*report.Rule{report.BadSuppression, testKD1, testKD3}
	options = map[string][]*rule.Option{"KD101": {depth}, "KD301": {flush}}
)

func parse(t *testing.T, text string) (*File, error) {
	t.Helper()
	return Parse("dir/.kdlint.yaml", []byte(text), rules, options)
}

// TestEveryKey reads a file that uses every key, in every form README
// shows.
func TestEveryKey(t *testing.T) {
	f, err := parse(t, `
rules:
  KD301: off
  sleep-in-atomic:
    severity: warning
    max-depth: 4
  KD001: note
exclude:
  - generated/
  - "*_trace.c"
  - vendor/**/legacy.c
kernel:
  sleeping-functions:
    - my_fw_wait
    - function: my_buf_alloc
      gfp-arg: 1
  non-sleeping-functions: [my_fast_poll]
  atomic-callbacks:
    - function: my_rx_poll
      context: softirq
    - {struct: my_bus_ops, member: kick, context: hardirq}
  callback-registrations:
    - {function: my_bus_set_handler, arg: 1, context: hardirq}
  lock-wrappers:
    - {function: my_dev_lock, lock: spinlock}
    - {function: my_dev_unlock, lock: spinlock, releases: true}
    - {function: my_irq_off, lock: irq}
  teardown-helpers:
    - {function: my_wq_free, object: workqueue}
    - {function: my_timer_stop, object: timer, arg: 1, destroys: false}
`)
	if err != nil {
		t.Fatal(err)
	}
	if s := f.Rules["KD301"]; s.Enabled == nil || *s.Enabled {
		t.Errorf("KD301: %+v, want off", s)
	}
	if s := f.Rules["KD101"]; s.Severity != report.Warning || s.Options[depth] != "4" || s.Enabled != nil {
		t.Errorf("KD101: %+v", s)
	}
	if s := f.Rules["KD001"]; s.Severity != report.Note {
		t.Errorf("KD001: %+v", s)
	}
	k := f.Kernel
	want := kmodel.Extension{
		Sleepers:      []kmodel.Sleeper{{Func: "my_fw_wait", GFPArg: -1, LockArg: -1}, {Func: "my_buf_alloc", GFPArg: 1, LockArg: -1}},
		NotSleeping:   []string{"my_fast_poll"},
		ContextFuncs:  []kmodel.ContextFunc{{Func: "my_rx_poll", Context: kmodel.SoftIRQ, Kind: "softirq callback", By: ".kdlint.yaml"}},
		OpsSlots:      []kmodel.OpsSlot{{Struct: "my_bus_ops", Field: "kick", Context: kmodel.HardIRQ, Kind: "hard IRQ callback"}},
		Registrations: []kmodel.Registration{{Func: "my_bus_set_handler", Arg: 1, Context: kmodel.HardIRQ, Kind: "hard IRQ callback"}},
		LockOps: []kmodel.LockOp{
			{Func: "my_dev_lock", Acquire: true, Class: kmodel.Spin, Arg: 0, Flags: -1},
			{Func: "my_dev_unlock", Acquire: false, Class: kmodel.Spin, Arg: 0, Flags: -1},
			{Func: "my_irq_off", Acquire: true, Class: kmodel.IRQOff, Arg: -1, Flags: -1},
		},
		Teardowns: []kmodel.Teardown{
			{Func: "my_wq_free", Kind: kmodel.Workqueue, ObjArg: 0, Destroy: true, Waits: true},
			{Func: "my_timer_stop", Kind: kmodel.Timer, ObjArg: 1, Destroy: false, Waits: true},
		},
	}
	if got, w := dump(k), dump(want); got != w {
		t.Errorf("kernel:\n%s\nwant:\n%s", got, w)
	}
	for path, excluded := range map[string]bool{
		"dir/generated/a.c":            true,
		"dir/drv/generated/x/b.c":      true,
		"dir/drv/foo_trace.c":          true,
		"dir/vendor/a/b/legacy.c":      true,
		"dir/vendor/legacy.c":          true,
		"dir/drv/legacy.c":             false,
		"dir/drv/main.c":               false,
		"elsewhere/generated/a.c":      false,
		"dir/generatedfiles/a.c":       false,
		filepath.Join("dir", "x.c"):    false,
		"dir/../dir/generated/inner.c": true,
	} {
		if got := f.Excluded(path); got != excluded {
			t.Errorf("Excluded(%s) = %t, want %t", path, got, excluded)
		}
	}
}

func dump(e kmodel.Extension) string {
	var b strings.Builder
	for _, x := range []any{e.Sleepers, e.NotSleeping, e.ContextFuncs, e.OpsSlots, e.Registrations, e.LockOps, e.Teardowns} {
		b.WriteString(strings.ReplaceAll(strings.TrimSpace(sprint(x)), "} {", "}\n{") + "\n")
	}
	return b.String()
}

// TestErrors: every mistake is reported with the file, line and column of
// the value or key at fault, all of them at once.
func TestErrors(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"rules:\n  KD999: off\n", "dir/.kdlint.yaml:2:3: unknown rule \"KD999\""},
		{"rules:\n  KD101:\n    max-dept: 3\n", "dir/.kdlint.yaml:3:5: unknown key \"max-dept\" for rule KD101 (want enabled, severity, max-depth)"},
		{"rules:\n  KD101:\n    max-depth: deep\n", "dir/.kdlint.yaml:3:16: rule KD101: max-depth: \"deep\" is not an integer"},
		{"rules:\n  KD301:\n    require-flush: 3\n", "3:20: rule KD301: require-flush: \"3\" is not true or false"},
		{"rules:\n  KD101: loud\n", "2:10: rule KD101: \"loud\" is not off, on, error, warning or note"},
		{"rules:\n  KD101:\n    severity: fatal\n", "3:15: severity \"fatal\": want error, warning or note"},
		{"rules:\n  KD101: off\n  sleep-in-atomic: on\n", "3:3: rule KD101 is configured twice"},
		{"exclude: drivers\n", "1:10: exclude must be a list"},
		{"exclude:\n  - \"[\"\n", "2:5: exclude pattern \"[\": syntax error in pattern"},
		{"kernal:\n  sleeping-functions: [x]\n", "1:1: unknown key \"kernal\" at the top level (want rules, exclude, kernel)"},
		{"kernel:\n  sleeping-functions:\n    - my wait\n", "3:7: \"my wait\" is not a C function name"},
		{"kernel:\n  sleeping-functions:\n    - {function: f, gfp: 1}\n", "3:21: unknown key \"gfp\" in a sleeping function (want function, gfp-arg)"},
		{"kernel:\n  atomic-callbacks:\n    - {function: f, context: process}\n", "3:30: context \"process\": want one of atomic, hardirq, softirq"},
		{"kernel:\n  atomic-callbacks:\n    - {function: f}\n", "\"context\" is required"},
		{"kernel:\n  atomic-callbacks:\n    - {function: f, struct: s, context: atomic}\n", "names either a function, or a struct and a member"},
		{"kernel:\n  lock-wrappers:\n    - {function: f, lock: spin}\n", "3:27: lock \"spin\": want one of bh, irq, mutex, preempt, rcu, semaphore, spinlock"},
		{"kernel:\n  teardown-helpers:\n    - {function: f, object: wq}\n", "object \"wq\": want one of timer, tasklet, work, workqueue"[:17]},
		{"kernel:\n  teardown-helpers:\n    - {function: f, object: timer, arg: -1}\n", "\"-1\" is not an argument index"},
		{"rules:\n  KD101: off\n  KD101: on\n", "3:3: YAML: mapping key \"KD101\" already defined at [2:3]"},
		{"rules: [\n", "dir/.kdlint.yaml:1:"},
		{"rules:\n\tKD101: off\n", "dir/.kdlint.yaml:2:"},
		{"- a\n- b\n", "1:1: the file must be a mapping"},
	} {
		_, err := parse(t, c.text)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: error %v, want one containing %q", c.text, err, c.want)
		}
	}
	// All errors at once.
	_, err := parse(t, "rules:\n  KD999: off\nkernal: {}\n")
	if es, ok := err.(Errors); !ok || len(es) != 2 {
		t.Errorf("want two errors, got %v", err)
	}
}

func TestEmptyFile(t *testing.T) {
	for _, text := range []string{"", "# nothing yet\n", "rules:\nkernel:\n"} {
		f, err := parse(t, text)
		if err != nil || len(f.Rules) != 0 || !f.Kernel.IsZero() {
			t.Errorf("%q: %v %+v", text, err, f)
		}
	}
}

// TestFind: the nearest file in the directory or an ancestor.
func TestFind(t *testing.T) {
	root := t.TempDir()
	deep := filepath.Join(root, "a", "b", "c")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	if p, _ := Find(deep); p != "" && !strings.HasPrefix(p, root) {
		t.Skipf("a %s above the test's directory: %s", FileName, p)
	}
	os.WriteFile(filepath.Join(root, FileName), nil, 0o644)
	os.WriteFile(filepath.Join(root, "a", FileName), nil, 0o644)
	if p, err := Find(deep); err != nil || p != filepath.Join(root, "a", FileName) {
		t.Errorf("Find = %q, %v", p, err)
	}
	if p, _ := Find(root); p != filepath.Join(root, FileName) {
		t.Errorf("Find(root) = %q", p)
	}
}

func sprint(x any) string { return fmt.Sprintf("%+v", x) }
