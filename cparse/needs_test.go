package cparse

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/kdlint/kdlint/ir"
	"github.com/kdlint/kdlint/kmodel"
)

// The needs of today's rules, as each rule's package declares them; the
// front end only ever sees such values.
var (
	needSleepInAtomic = kmodel.Needs{InAtomic: []kmodel.CallFamily{kmodel.SleepingCalls, kmodel.TimerWaits}}
	needMutexInAtomic = kmodel.Needs{InAtomic: []kmodel.CallFamily{kmodel.SleepingLocks}}
	needWorkqueues    = kmodel.Needs{Objects: []kmodel.ObjectKind{kmodel.Workqueue}}
	needTasklets      = kmodel.Needs{Objects: []kmodel.ObjectKind{kmodel.Tasklet}}
	needMutexes       = kmodel.Needs{Locks: []kmodel.LockClass{kmodel.Mutex}}
	needWork          = kmodel.Needs{Objects: []kmodel.ObjectKind{kmodel.Work}}
	needTaskletsWork  = kmodel.Needs{Objects: []kmodel.ObjectKind{kmodel.Tasklet, kmodel.Work}}
	ruleNeeds         = needSleepInAtomic.Union(needMutexInAtomic).Union(needWorkqueues).Union(needTasklets)
)

// shape is what of a function's IR an analysis can see: its calls and
// returns in block order.
func shape(fn *ir.Func) string {
	var b strings.Builder
	for _, blk := range fn.Blocks {
		for _, n := range blk.Nodes {
			switch n := n.(type) {
			case *ir.Call:
				b.WriteString(n.String() + "; ")
			case *ir.Return:
				fmt.Fprintf(&b, "return %v; ", n.Value)
			}
		}
	}
	return b.String()
}

// checkNeedsKeep parses files for needs, and with ParseAll, and checks
// that exactly the functions of want have their bodies parsed, each
// exactly as ParseAll parses it.
func checkNeedsKeep(t *testing.T, needs kmodel.Needs, files map[string]string, want string) {
	t.Helper()
	pruned := parseFilesFor(t, files, &Config{Needs: needs})
	all := parseFilesFor(t, files, &Config{Needs: needs, ParseAll: true})
	if len(all.Skipped) != 0 {
		t.Fatalf("skipped %+v", all.Skipped)
	}
	full := map[string]string{}
	for _, fn := range all.Funcs {
		full[fn.Name] = shape(fn)
	}
	var kept []string
	for _, fn := range pruned.Funcs {
		if fn.BodyUnneeded {
			continue
		}
		kept = append(kept, fn.Name)
		if got := shape(fn); got != full[fn.Name] {
			t.Errorf("%s: pruned run sees %q, -parse-all %q", fn.Name, got, full[fn.Name])
		}
	}
	sort.Strings(kept)
	if got := strings.Join(kept, " "); got != want {
		t.Errorf("bodies parsed = %q, want %q", got, want)
	}
}

// Each fixture holds only what one rule's needs are about, and functions
// that matter to nobody. What the need must keep is kept whole; the rest
// is not parsed.
func TestEachNeedKeepsItsCode(t *testing.T) {
	for _, c := range []struct {
		name  string
		needs kmodel.Needs
		src   string
		want  string
	}{
		{"sleeping calls and timer waits in atomic context", needSleepInAtomic, `
#include <linux/interrupt.h>
#include <linux/timer.h>
struct dev { struct timer_list t; };
static DEFINE_SPINLOCK(lock);
static int scale(int x) { return x * 2; }
static void settle(void) { msleep(scale(1)); }
static void stop(struct dev *d) { del_timer_sync(&d->t); }
/* The locks a timer callback takes matter to waits for it. */
static void tick(struct timer_list *t) { spin_lock(&lock); scale(3); spin_unlock(&lock); }
static void halt(struct dev *d) { spin_lock(&lock); del_timer_sync(&d->t); spin_unlock(&lock); }
static int ioctl(struct dev *d) { halt(d); return scale(4); }
static irqreturn_t isr(int irq, void *p) { settle(); stop(p); return IRQ_HANDLED; }
static int probe(struct dev *d) { scale(2); timer_setup(&d->t, tick, 0); return request_irq(1, isr, 0, "x", d); }
`, "halt isr probe settle stop tick"},
		{"sleeping locks in atomic context", needMutexInAtomic, `
#include <linux/spinlock.h>
#include <linux/mutex.h>
static DEFINE_SPINLOCK(lock);
static struct mutex m;
static int scale(int x) { return x * 2; }
static void take(void) { mutex_lock(&m); scale(1); mutex_unlock(&m); }
static void kick(void) { spin_lock(&lock); take(); spin_unlock(&lock); }
static void slow(void) { mutex_lock(&m); mutex_unlock(&m); }
static int ioctl(void) { slow(); kick(); return 0; }
`, "kick take"},
		{"workqueue objects", needWorkqueues, `
#include <linux/module.h>
#include <linux/workqueue.h>
static struct workqueue_struct *wq;
static int scale(int x) { return x * 2; }
static int setup_hw(void) { return scale(1); }
static void teardown(void) { destroy_workqueue(wq); }
static int __init drv_init(void)
{
	wq = alloc_workqueue("x", 0, 0);
	if (!wq)
		return -ENOMEM;
	if (setup_hw())
		goto err;
	return 0;
err:
	teardown();
	return -EIO;
}
static void __exit drv_exit(void) { teardown(); }
module_init(drv_init);
module_exit(drv_exit);
`, "drv_exit drv_init teardown"},
		{"tasklet objects", needTasklets, `
#include <linux/interrupt.h>
#include <linux/platform_device.h>
struct dev { struct tasklet_struct t; };
static int scale(int x) { return x * 2; }
static void bh(struct tasklet_struct *t) { scale(1); }
static void stop(struct dev *d) { tasklet_kill(&d->t); }
static int probe(struct platform_device *p) { struct dev *d = 0; tasklet_setup(&d->t, bh); return scale(2); }
static void remove(struct platform_device *p) { stop(0); }
static struct platform_driver drv = { .probe = probe, .remove = remove };
module_platform_driver(drv);
`, "probe remove stop"},
		// What schedules an object matters where it is called and one
		// call up (what a callback schedules itself or through a
		// function it calls), not in every function above: reset()
		// reaches schedule_work() two calls down, the work function
		// only through poke(), which schedules nothing itself.
		{"work objects: schedules near their calls", needWork, `
#include <linux/module.h>
#include <linux/workqueue.h>
struct dev { struct work_struct w; };
static struct dev d0;
static int scale(int x) { return x * 2; }
static void kick(struct dev *d) { schedule_work(&d->w); }
static void poke(struct dev *d) { kick(d); }
static void reset(struct dev *d) { scale(1); poke(d); }
static void fn(struct work_struct *w) { poke(&d0); }
static int __init drv_init(void) { INIT_WORK(&d0.w, fn); reset(&d0); return 0; }
static void __exit drv_exit(void) { cancel_work_sync(&d0.w); }
module_init(drv_init);
module_exit(drv_exit);
`, "drv_exit drv_init kick poke"},
		// An object kind the module never sets up: its teardowns and
		// schedules matter to nothing (no tasklet here), while what
		// orders the teardown of the work it has (free_irq) does.
		{"kinds the module does not set up", needTaskletsWork, `
#include <linux/interrupt.h>
#include <linux/module.h>
#include <linux/workqueue.h>
struct dev { struct work_struct w; struct tasklet_struct t; int irq; };
static struct dev d0;
static int scale(int x) { return x * 2; }
static void stop_bh(struct dev *d) { tasklet_kill(&d->t); scale(1); }
static void kick_bh(struct dev *d) { tasklet_schedule(&d->t); }
static void quiesce(struct dev *d) { free_irq(d->irq, d); }
static void fn(struct work_struct *w) { scale(2); }
static int __init drv_init(void) { INIT_WORK(&d0.w, fn); return 0; }
static void __exit drv_exit(void) { quiesce(&d0); stop_bh(&d0); kick_bh(&d0); cancel_work_sync(&d0.w); }
module_init(drv_init);
module_exit(drv_exit);
`, "drv_exit drv_init quiesce"},
	} {
		t.Run(c.name, func(t *testing.T) {
			checkNeedsKeep(t, c.needs, map[string]string{"drv.c": c.src}, c.want)
		})
	}
}

// TestLockNeedsKeepEveryLockTaker: with a lock class among the needs, a
// function taking such a lock matters wherever it runs: the lone mutex
// below, held on an error return, is parsed whole, whether or not the
// module also takes an unrelated spinlock. The needs of today's rules
// do not reach it: they are about mutexes in atomic context only.
func TestLockNeedsKeepEveryLockTaker(t *testing.T) {
	lone := `
#include <linux/mutex.h>
static int scale(int x) { return x * 2; }
static int update(struct mutex *m, int x)
{
	mutex_lock(m);
	if (x < 0)
		return -EINVAL; /* still holding m */
	scale(x);
	mutex_unlock(m);
	return 0;
}
`
	checkNeedsKeep(t, needMutexes, map[string]string{"drv.c": lone}, "update")
	spin := lone + `
static void poke(spinlock_t *l) { spin_lock(l); scale(1); spin_unlock(l); }
`
	checkNeedsKeep(t, needMutexes, map[string]string{"drv.c": spin}, "update")
	if m := parseFilesFor(t, map[string]string{"drv.c": lone}, &Config{Needs: ruleNeeds}); len(m.Funcs) != 0 {
		t.Errorf("the rules' needs parse %q of a module with a lone mutex", funcNames(m))
	}
}

// TestFewerNeedsParseLess: every need alone parses a part of what their
// union parses, and no need parses nothing.
func TestFewerNeedsParseLess(t *testing.T) {
	files := map[string]string{"drv.c": `
#include <linux/interrupt.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/workqueue.h>
struct dev { struct tasklet_struct t; struct mutex m; };
static struct workqueue_struct *wq;
static void settle(void) { msleep(1); }
static void take(struct dev *d) { mutex_lock(&d->m); mutex_unlock(&d->m); }
static irqreturn_t isr(int irq, void *p) { settle(); return IRQ_HANDLED; }
static void bh(struct tasklet_struct *t) { take(0); }
static int probe(struct dev *d)
{
	wq = alloc_workqueue("x", 0, 0);
	tasklet_setup(&d->t, bh);
	return request_irq(1, isr, 0, "x", d);
}
static void remove(struct dev *d) { tasklet_kill(&d->t); destroy_workqueue(wq); }
static int ioctl(struct dev *d) { take(d); return 0; }
module_init(probe);
module_exit(remove);
`}
	count := func(n kmodel.Needs) (int, map[string]bool) {
		m := parseFilesFor(t, files, &Config{Needs: n})
		kept := map[string]bool{}
		for _, fn := range m.Funcs {
			if !fn.BodyUnneeded {
				kept[fn.Name] = true
			}
		}
		return len(kept), kept
	}
	total, union := count(ruleNeeds.Union(needMutexes))
	for _, n := range []kmodel.Needs{needSleepInAtomic, needMutexInAtomic, needWorkqueues, needTasklets, needMutexes} {
		got, kept := count(n)
		if got >= total {
			t.Errorf("%+v parses %d bodies, the union %d", n, got, total)
		}
		for name := range kept {
			if !union[name] {
				t.Errorf("%+v parses %s, which the union does not", n, name)
			}
		}
	}
	if got, _ := count(kmodel.Needs{}); got != 0 {
		t.Errorf("no needs parse %d bodies", got)
	}
	// The need of an object kind the module never sets up parses
	// nothing more (quiet() only kills a tasklet nobody set up); with
	// the set-up, it parses what the kind is about.
	orig := files["drv.c"]
	files["drv.c"] = strings.Replace(orig, "tasklet_setup(&d->t, bh);", "", 1) +
		"static void quiet(struct dev *d) { tasklet_kill(&d->t); }\n"
	wq, wqKept := count(needWorkqueues)
	both, bothKept := count(needWorkqueues.Union(needTasklets))
	if both != wq || bothKept["quiet"] {
		t.Errorf("without a tasklet, the tasklet need parses %v, the workqueue need alone %v", bothKept, wqKept)
	}
	files["drv.c"] = orig + "static void quiet(struct dev *d) { tasklet_kill(&d->t); }\n"
	if _, kept := count(needWorkqueues.Union(needTasklets)); !kept["quiet"] {
		t.Errorf("with a tasklet, the tasklet need parses %v, not quiet()", kept)
	}
	files["drv.c"] = orig
	if m := parseFilesFor(t, files, nil); len(m.Funcs) != 0 || m.Unneeded != 7 {
		t.Errorf("no needs: %d functions, %d unneeded; want 0 and 7", len(m.Funcs), m.Unneeded)
	}
}

// TestLockedCalleesByGroup: a lock held makes its callees matter only
// for what they can do to locks of its group (kmodel.LockGroup): under
// a mutex, a callee that only sleeps (no atomic context) or only reaches
// a spinlock's taker (whose own body is parsed) is not parsed, while one
// that reaches the mutex's taker is (its summary composes into the
// caller's lock state). Under a spinlock, the same callees all matter:
// the sleep runs in atomic context, the spinlock is of the group.
func TestLockedCalleesByGroup(t *testing.T) {
	needLocks := kmodel.Needs{Locks: []kmodel.LockClass{kmodel.Spin, kmodel.Mutex, kmodel.Semaphore,
		kmodel.IRQOff, kmodel.BHOff, kmodel.PreemptOff, kmodel.RCURead}}
	common := `
#include <linux/mutex.h>
#include <linux/spinlock.h>
struct dev { struct mutex m; spinlock_t l; };
static int scale(int x) { return x * 2; }
static void nap(void) { msleep(scale(1)); }
static void poke(struct dev *d) { spin_lock(&d->l); spin_unlock(&d->l); }
static void via_poke(struct dev *d) { poke(d); }
static void take(struct dev *d) { mutex_lock(&d->m); mutex_unlock(&d->m); }
static void via_take(struct dev *d) { take(d); }
static void restore(unsigned long f) { local_irq_restore(f); }
static void via_restore(unsigned long f) { restore(f); }
`
	for _, c := range []struct {
		name  string
		needs kmodel.Needs
		src   string
		want  string
	}{
		{"under a mutex", ruleNeeds.Union(needLocks), `
static int ioctl(struct dev *d) { mutex_lock(&d->m); nap(); via_poke(d); via_take(d); mutex_unlock(&d->m); return 0; }
`, "ioctl poke restore take via_take"},
		{"under a spinlock", ruleNeeds.Union(needLocks), `
static int kick(struct dev *d) { spin_lock(&d->l); nap(); via_poke(d); via_take(d); spin_unlock(&d->l); return 0; }
`, "kick nap poke restore take via_poke via_take"},
		// The lock rules alone: under a spinlock, what reaches the
		// mutex is of another group; what restores interrupts is of
		// the spinlock's.
		{"under a spinlock, lock needs alone", needLocks, `
static int kick(struct dev *d) { unsigned long f; spin_lock_irqsave(&d->l, f); nap(); via_take(d); via_restore(f); return 0; }
`, "kick poke restore take via_restore"},
	} {
		t.Run(c.name, func(t *testing.T) {
			checkNeedsKeep(t, c.needs, map[string]string{"drv.c": common + c.src}, c.want)
		})
	}
}

// TestUnparsedLockedBodiesRelateFiles: a body no longer parsed because a
// mutex held does not make its sleeps matter (nap(), b.c) still relates
// its file to those of the functions it names (ir.Module.Links: the call
// graph follows calls through ops tables only into related files); a
// body no lock ever made matter (idle(), b.c) relates nothing, as its
// body never did.
func TestUnparsedLockedBodiesRelateFiles(t *testing.T) {
	needs := ruleNeeds.Union(kmodel.Needs{Locks: []kmodel.LockClass{kmodel.Spin, kmodel.Mutex}})
	files := map[string]string{
		"a.c": `
#include <linux/mutex.h>
struct mutex m;
void nap(void);
int ioctl(void) { mutex_lock(&m); nap(); mutex_unlock(&m); return 0; }
`,
		"b.c": `
#include <linux/delay.h>
void settle(void);
void count(void);
void nap(void) { msleep(1); settle(); }
void idle(void) { count(); }
`,
		"c.c": "void settle(void) { }\n",
		"d.c": "void count(void) { }\n",
	}
	m := parseFilesFor(t, files, &Config{Needs: needs})
	if parsed, _ := bodies(m); parsed != "ioctl" {
		t.Fatalf("parsed bodies = %q, want ioctl alone", parsed)
	}
	var got []string
	for _, l := range m.Links {
		got = append(got, filepath.Base(l[0])+"-"+filepath.Base(l[1]))
	}
	sort.Strings(got)
	if s := strings.Join(got, " "); s != "b.c-c.c" {
		t.Errorf("links = %q, want b.c-c.c", s)
	}
}
