package cparse

import (
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/kdlint/kdlint/ir"
)

// parseFiles parses a module made of the given files, as a default run
// does (unneeded bodies pruned), for the needs of today's rules.
func parseFiles(t *testing.T, files map[string]string) *ir.Module {
	t.Helper()
	return parseFilesFor(t, files, &Config{Needs: ruleNeeds})
}

// parseFilesFor parses a module made of the given files with cfg.
func parseFilesFor(t *testing.T, files map[string]string, cfg *Config) *ir.Module {
	t.Helper()
	dir, paths := writeFiles(t, files)
	return ParseModule(token.NewFileSet(), dir, paths, cfg)
}

// writeFiles writes the files of a module to a new directory and returns
// it and their paths, sorted.
func writeFiles(t *testing.T, files map[string]string) (dir string, paths []string) {
	t.Helper()
	dir = t.TempDir()
	for name, src := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	sort.Strings(paths)
	return dir, paths
}

// readSources reads and preprocesses a module made of the given files,
// as ParseModule does before its units are parsed.
func readSources(t *testing.T, files map[string]string, cfg *Config) *moduleSources {
	t.Helper()
	dir, paths := writeFiles(t, files)
	src := readModule(token.NewFileSet(), dir, paths, moduleConfig(cfg, paths), ir.NewModule(dir))
	preprocess(src)
	return src
}

// bodies lists the functions whose bodies were parsed and those pruned.
func bodies(m *ir.Module) (parsed, pruned string) {
	var p, u []string
	for _, f := range m.Funcs {
		if f.BodyUnneeded {
			u = append(u, f.Name)
		} else {
			p = append(p, f.Name)
		}
	}
	sort.Strings(p)
	sort.Strings(u)
	return strings.Join(p, " "), strings.Join(u, " ")
}

func TestUnneededBodiesArePruned(t *testing.T) {
	m := parseFiles(t, map[string]string{"drv.c": `
#include <linux/interrupt.h>
#include <linux/workqueue.h>
#define HW_LOCK(d) spin_lock(&(d)->lock)
#define HW_UNLOCK(d) spin_unlock(&(d)->lock)
#define ARM(d) timer_setup(&(d)->t, poll_timer, 0)
#define CALL_HOOK(d, x) d##_##x##_hook(d)
struct dev { spinlock_t lock; struct timer_list t; struct work_struct w; struct workqueue_struct *wq; };
static int reg_read(struct dev *d, int r) { return r * 4; }        /* pure helper */
static void settle(struct dev *d) { msleep(10); }                  /* sleeps, reached from atomic */
static void slow_config(struct dev *d) { msleep(100); }            /* sleeps, process context only */
static void dev_a_hook(struct dev *d) { msleep(1); }               /* reached by a pasted name */
static irqreturn_t isr(int irq, void *p) { settle(p); return IRQ_HANDLED; }
static void poll_timer(struct timer_list *t) { reg_read(0, 1); }
static void kick(struct dev *d) { HW_LOCK(d); CALL_HOOK(dev, a); HW_UNLOCK(d); }
static void work_fn(struct work_struct *w) { slow_config(0); }
static int probe(struct dev *d)
{
	d->wq = alloc_workqueue("x", 0, 0);
	INIT_WORK(&d->w, work_fn);
	ARM(d);
	return request_irq(1, isr, 0, "x", d);
}
`})
	if len(m.Skipped) != 0 {
		t.Fatalf("skipped %+v", m.Skipped)
	}
	parsed, pruned := bodies(m)
	// probe sets up objects; isr, settle: an IRQ handler and the sleep it
	// reaches; kick takes a spinlock through a macro and reaches
	// dev_a_hook through a pasted name.
	if want := "dev_a_hook isr kick probe settle"; parsed != want {
		t.Errorf("parsed bodies = %q, want %q", parsed, want)
	}
	// poll_timer (a root) reaches nothing and work_fn sleeps in process
	// context only: as callbacks they keep their signature.
	if want := "poll_timer work_fn"; pruned != want {
		t.Errorf("pruned bodies = %q, want %q", pruned, want)
	}
	// reg_read (pure) and slow_config (sleeps in process context) are
	// only ever called: dropped whole, and counted.
	if m.Unneeded != 2 {
		t.Errorf("functions dropped whole = %d, want 2", m.Unneeded)
	}
	for _, f := range m.Funcs {
		if f.BodyUnneeded && len(f.Calls()) != 0 {
			t.Errorf("%s: pruned body still has calls", f.Name)
		}
	}
}

func TestCallbackStoredInAMemberIsARoot(t *testing.T) {
	m := parseFiles(t, map[string]string{"a.c": `
#include <linux/timer.h>
static void wait_hw(void) { usleep_range(10, 20); }
static void expire(struct timer_list *t) { wait_hw(); }
static void arm(struct timer_list *t) { t->function = expire; mod_timer(t, 1); }
`})
	if parsed, _ := bodies(m); !strings.Contains(parsed, "expire") || !strings.Contains(parsed, "wait_hw") {
		t.Errorf("parsed bodies = %q, want expire and wait_hw among them", parsed)
	}
}

func TestParseAllKeepsEveryBody(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a.c")
	src := "#include <linux/spinlock.h>\nstatic int pure(int x) { return x + 1; }\nstatic void f(spinlock_t *l) { spin_lock(l); spin_unlock(l); }\n"
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	m := ParseModule(token.NewFileSet(), dir, []string{p}, &Config{ParseAll: true})
	if _, pruned := bodies(m); pruned != "" {
		t.Errorf("-parse-all pruned %q", pruned)
	}
}

func TestPastePatterns(t *testing.T) {
	for _, c := range []struct {
		def  string
		want string
	}{
		{"#define CAT(r, m) IXGBE_##r##_##m", "IXGBE_*_*"},
		{"#define H(x) x##_handler(x)", "*_handler"},
		{"#define J(a, b) a ## b", "**"},
		{"#define D(fmt, args...) pr_debug(fmt, ## args)", ""},
		{"#define U(m, s) ((m ## U) << (s))", "*U"},
		{"#define N(x) (x + 1)", ""},
	} {
		name := strings.Fields(c.def)[1]
		name = name[:strings.IndexByte(name, '(')]
		text, params := defineBody([]byte(c.def), name)
		if got := strings.Join(pastePatterns(scanBody(text), params), " "); got != c.want {
			t.Errorf("%s: globs %q, want %q", c.def, got, c.want)
		}
	}
	if !pasteMayBuild([]string{"IXGBE_*_*"}, "IXGBE_RXD_STAT") || pasteMayBuild([]string{"IXGBE_*_*"}, "E1000_RXD") {
		t.Error("glob matching is wrong")
	}
}

func TestGlobMatch(t *testing.T) {
	for _, c := range []struct {
		glob, name string
		want       bool
	}{
		{"IXGBE_*_*", "IXGBE_RXD_STAT", true},
		{"IXGBE_*_*", "IXGBE_RXD", false},
		{"*_handler", "dev_a_handler", true},
		{"*_handler", "dev_a_handler2", false},
		{"**", "anything", true},
		{"a*b*c", "abc", true},
		{"a*b*c", "axbyc", true},
		{"a*b*c", "acb", false},
		{"exact", "exact", true},
		{"exact", "exactly", false},
	} {
		if got := globMatch(c.glob, c.name); got != c.want {
			t.Errorf("globMatch(%q, %q) = %v, want %v", c.glob, c.name, got, c.want)
		}
	}
}

func TestLockRegionRunsToTheEnd(t *testing.T) {
	// The unlock on the early-return path is the last in the text, but
	// slow() runs with the lock held on the other path.
	m := parseFiles(t, map[string]string{"a.c": `
#include <linux/spinlock.h>
static void slow(void) { msleep(10); }
static int grab(spinlock_t *l, int busy)
{
	spin_lock(l);
	if (busy) {
		spin_unlock(l);
		return -1;
	}
	slow();
	return 0;
}
`})
	if parsed, _ := bodies(m); !strings.Contains(parsed, "slow") {
		t.Errorf("parsed bodies = %q, want slow among them", parsed)
	}
}

func TestCallbackBuiltByPaste(t *testing.T) {
	m := parseFiles(t, map[string]string{"a.c": `
#include <linux/interrupt.h>
#define REG(n) request_irq(1, n##_isr, 0, #n, 0)
static irqreturn_t foo_isr(int irq, void *p) { msleep(1); return IRQ_HANDLED; }
static int probe(void) { return REG(foo); }
`})
	if parsed, _ := bodies(m); !strings.Contains(parsed, "foo_isr") {
		t.Errorf("parsed bodies = %q, want foo_isr among them", parsed)
	}
}

// TestLifecycleNamesMatterOnLifecyclePaths: a function that reaches a
// teardown is parsed when it is on a path the lifecycle analysis walks:
// reached from a remove member (also through an operations-table call
// whose member holds more functions than the mention graph links), from
// module_exit, or from a devres action; or within three calls above a
// set-up. The same reach from an ioctl, or four calls above a set-up, is
// not parsed; the functions that mention a teardown themselves always
// are.
func TestLifecycleNamesMatterOnLifecyclePaths(t *testing.T) {
	m := parseFilesFor(t, map[string]string{"drv.c": `
#include <linux/module.h>
#include <linux/workqueue.h>
struct dev;
struct ops { void (*halt)(struct dev *d); };
struct dev { struct work_struct w; const struct ops *ops; };
static void flush(struct dev *d) { cancel_work_sync(&d->w); }
static void rm_b(struct dev *d) { flush(d); }
static void rm_a(struct dev *d) { rm_b(d); }
static void remove(struct dev *d) { rm_a(d); d->ops->halt(d); }
static void halt1(struct dev *d) { flush(d); }
static void halt2(struct dev *d) { flush(d); }
static void halt3(struct dev *d) { }
static void halt4(struct dev *d) { }
static const struct ops o1 = { .halt = halt1 }, o2 = { .halt = halt2 }, o3 = { .halt = halt3 }, o4 = { .halt = halt4 };
static void ex_a(void) { flush(0); }
static void dev_exit(void) { ex_a(); }
module_exit(dev_exit);
static void act_a(void *p) { flush(p); }
static void action(void *p) { act_a(p); }
static void io_b(struct dev *d) { flush(d); }
static void io_a(struct dev *d) { io_b(d); }
static long ioctl(struct dev *d) { io_a(d); return 0; }
static void init_w(struct dev *d) { INIT_WORK(&d->w, 0); flush(d); }
static void up1(struct dev *d) { init_w(d); }
static void up2(struct dev *d) { up1(d); }
static void up3(struct dev *d) { up2(d); }
static void up4(struct dev *d) { up3(d); }
struct platform_driver { void (*remove)(struct dev *d); };
static struct platform_driver drv = { .remove = remove };
static struct fops { long (*unlocked_ioctl)(struct dev *d); } fops = { .unlocked_ioctl = ioctl };
static int probe(struct dev *d) { return devm_add_action_or_reset(0, action, d); }
static struct platform_driver2 { int (*probe)(struct dev *d); } drv2 = { .probe = probe };
`}, &Config{Needs: needWork})
	parsed, pruned := bodies(m)
	for _, f := range strings.Fields("flush rm_b rm_a remove halt1 halt2 ex_a dev_exit act_a action init_w up1 up2 up3") {
		if !slices.Contains(strings.Fields(parsed), f) {
			t.Errorf("%s: body not parsed (parsed: %s)", f, parsed)
		}
	}
	for _, f := range strings.Fields("io_b io_a ioctl up4") {
		if slices.Contains(strings.Fields(parsed), f) {
			t.Errorf("%s: body parsed, on no lifecycle path (pruned: %s)", f, pruned)
		}
	}
}
