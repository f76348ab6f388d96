package cparse

import (
	"fmt"
	"go/token"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kdlint/kdlint/ir"
)

// notes renders fn's annotations and NoReturn: "acquires &d->lock@5".
func notes(fset *token.FileSet, fn *ir.Func) string {
	var out []string
	for _, a := range fn.Annotations {
		kind := [...]string{"acquires", "releases", "must_hold"}[a.Kind]
		out = append(out, fmt.Sprintf("%s %s@%d", kind, a.Lock, fset.Position(a.P).Line))
	}
	if fn.NoReturn {
		out = append(out, "noreturn")
	}
	return strings.Join(out, ", ")
}

func TestLockAnnotationsAndNoReturn(t *testing.T) {
	root := writeTree(t, map[string]string{
		"drv/a.h": `struct dev;
void hdr_fn(struct dev *d) __must_hold(RCU);
`,
		"drv/a.c": `#include <linux/spinlock.h>
#include "a.h"
struct dev { spinlock_t lock; struct dev *parent; };
void dev_lock(struct dev *d) __acquires(&d->lock);
void dev_lock(struct dev *d) __acquires(&d->lock)
{
	spin_lock(&d->lock);
}
static void __releases(d->lock) dev_unlock(struct dev *d) { spin_unlock(&d->lock); }
static int held(struct dev *d) __must_hold(&d->parent->lock) __must_hold(((d)->lock)) { return 0; }
static void swap(struct dev *d) __releases(d->lock) __acquires(d->parent->lock) { }
void hdr_fn(struct dev *d) { }
static void __noreturn die(void) { for (;;); }
static void __attribute__((__cold__, noreturn)) die2(void) { for (;;); }
_Noreturn void die3(void);
void die3(void) { for (;;); }
static void plain(struct dev *d) { }
`})
	fset := token.NewFileSet()
	d := filepath.Join(root, "drv")
	m := ParseModule(fset, d, []string{filepath.Join(d, "a.c"), filepath.Join(d, "a.h")}, &Config{ParseAll: true})
	if len(m.Skipped) != 0 {
		t.Fatalf("skipped %+v", m.Skipped)
	}
	want := map[string]string{
		// The prototype's and the definition's are one annotation.
		"dev_lock":   "acquires &d->lock@4",
		"dev_unlock": "releases d->lock@9",
		"held":       "must_hold &d->parent->lock@10, must_hold d->lock@10",
		"swap":       "releases d->lock@11, acquires d->parent->lock@11",
		"hdr_fn":     "must_hold RCU@2",
		"die":        "noreturn",
		"die2":       "noreturn",
		"die3":       "noreturn",
		"plain":      "",
	}
	for name, w := range want {
		fn := m.Func(name)
		if fn == nil {
			t.Errorf("%s: not in the module", name)
			continue
		}
		if got := notes(fset, fn); got != w {
			t.Errorf("%s: %q, want %q", name, got, w)
		}
	}
	// The lock is an expression the rules can match against calls.
	if a := m.Func("dev_lock").Annotations; len(a) == 1 {
		if u, ok := a[0].Lock.(*ir.Unary); !ok || u.Op != "&" || ir.ObjectKey(u) != ".lock" {
			t.Errorf("dev_lock's lock = %#v, want &d->lock as an expression", a[0].Lock)
		}
	}
}
