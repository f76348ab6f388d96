package cparse

import (
	"fmt"
	"strings"
	"testing"
)

// The bodies relevance prunes keep a record of what their tokens may
// write (ir.Module.Unparsed): assigned, incremented and addressed
// members, through module macros, and the module functions called.
func TestUnparsedBodiesRecordWrites(t *testing.T) {
	m := parseFiles(t, map[string]string{"drv.c": `
#include <linux/interrupt.h>
#define SET(d, v) ((d)->mode = (v))
#define PASTE(d, f) ((d)->f##_cnt++)
#define PLAIN(d) ((d)->plain)
struct dev { spinlock_t lock; int mode, state, hits, idx, arr[4], cnt, plain; int *p; struct dev *peer; };
static int *kept;
static int reads(struct dev *d) { int v = d->mode; if (d->state == 1) v = 2; while (d->hits) v++; return d->state == 1 && d->hits > 0 ? PLAIN(d) : d->arr[d->idx] + v; }
static void assigns(struct dev *d) { d->peer->state = 2; d->arr[d->idx] += 1; d->hits <<= 1; SET(d, 3); }
static void counts(struct dev *d) { ++d->hits; d->cnt--; kept = (int *)&d->idx; d->p = &d->peer->mode; d->cnt = d->plain & d->mode; }
static void pastes(struct dev *d) { PASTE(d, hit); assigns(d); }
static irqreturn_t isr(int irq, void *p) { struct dev *d = p; spin_lock(&d->lock); reads(d); assigns(d); counts(d); pastes(d); spin_unlock(&d->lock); return IRQ_HANDLED; }
static int probe(struct dev *d) { return request_irq(1, isr, 0, "x", d); }
`})
	got := func(name string) string {
		w := m.Unparsed[name]
		if w == nil {
			return "-"
		}
		return fmt.Sprintf("members=%s addressed=%s calls=%s any=%v",
			strings.Join(w.Members, ","), strings.Join(w.Addressed, ","), strings.Join(w.Calls, ","), w.Any)
	}
	for name, want := range map[string]string{
		// Reads only, also through a macro that reads; a condition
		// before an assignment is not written.
		"reads": "members= addressed= calls= any=false",
		// Left operands, brackets and <<= included; a macro that assigns.
		"assigns": "members=arr,hits,idx,mode,peer,state addressed= calls= any=false",
		// ++/--, & after a cast and after =; the & of d->plain & d->mode
		// is binary.
		"counts": "members=cnt,hits,p addressed=idx,mode,peer calls= any=false",
		"pastes": "members= addressed= calls=assigns any=true",
		// Parsed bodies have none.
		"isr": "-", "probe": "-",
	} {
		if g := got(name); g != want {
			t.Errorf("%s: %s, want %s", name, g, want)
		}
	}
}

// A pruned body that is one return of a container macro of its first
// parameter is recorded as such (ir.Writes.ContainerOfParam); one of
// another parameter, or with more statements, is not.
func TestUnparsedContainerOfParam(t *testing.T) {
	m := parseFiles(t, map[string]string{"drv.c": `
#include <linux/interrupt.h>
struct dev { spinlock_t lock; struct tasklet_struct t; int n; };
static inline struct dev *to_dev(struct tasklet_struct *t) { return container_of(t, struct dev, t); }
static inline struct dev *to_dev2(struct tasklet_struct *t, struct dev *d) { return container_of(d, struct dev, t); }
static struct dev *to_dev3(const struct tasklet_struct *t) { t = 0; return container_of(t, struct dev, t); }
static void *plain(struct dev *d) { return d; }
static void work(struct tasklet_struct *t) { struct dev *d = to_dev(t); spin_lock(&d->lock); d = to_dev2(t, d); d = to_dev3(t); plain(d); spin_unlock(&d->lock); }
static int probe(struct dev *d) { tasklet_setup(&d->t, work); return 0; }
`})
	for name, want := range map[string]bool{"to_dev": true, "to_dev2": false, "to_dev3": false, "plain": false} {
		w := m.Unparsed[name]
		if w == nil {
			t.Errorf("%s: no record", name)
			continue
		}
		if w.ContainerOfParam != want {
			t.Errorf("%s: ContainerOfParam %v, want %v", name, w.ContainerOfParam, want)
		}
	}
}

// A header that renames a family of functions (#define foo_get bar_get)
// makes a pruned body's call of the macro a call of the function, by the
// name the IR gives it; a function-like macro, or one whose replacement
// is more than a name, is not a rename.
func TestUnparsedCallsThroughRenames(t *testing.T) {
	m := parseFiles(t, map[string]string{
		"ren.h": `
#define ren_get    drv_get
#define ren_put(d) drv_put(d)
#define ren_both   (drv_get)
int ren_get(struct dev *d);
`,
		"drv.c": `
#include <linux/interrupt.h>
#include "ren.h"
struct dev { spinlock_t lock; int n; };
int ren_get(struct dev *d) { d->n = 1; return 0; }
void drv_put(struct dev *d) { d->n = 0; }
static void setup(struct dev *d) { ren_get(d); ren_put(d); ren_both(d); }
static irqreturn_t isr(int irq, void *p) { struct dev *d = p; spin_lock(&d->lock); setup(d); spin_unlock(&d->lock); return IRQ_HANDLED; }
static int probe(struct dev *d) { return request_irq(1, isr, 0, "x", d); }
`})
	w := m.Unparsed["setup"]
	if w == nil {
		t.Fatal("no record for setup")
	}
	if got, want := strings.Join(w.Calls, ","), "drv_get,drv_put"; got != want {
		t.Errorf("setup calls %s, want %s", got, want)
	}
}
