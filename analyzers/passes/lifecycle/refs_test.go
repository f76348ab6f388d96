package lifecycle

import (
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kdlint/kdlint/analyzers/passes/internal/passtest"
	"github.com/kdlint/kdlint/cparse"
)

// TestReferencesAreCode: a reference operation that a comment or a
// string literal mentions is no reference taken or dropped; the same
// operation in code is.
func TestReferencesAreCode(t *testing.T) {
	const get, put = "kref_get(&d->kref);", "kref_put(&d->kref, d_release);"
	for _, c := range []struct {
		name     string
		get, put string // in the probe and in the work callback
		want     bool
	}{
		{"code", get, put, true},
		{"get in a block comment", "/* " + get + " */", put, false},
		{"get in a line comment", "// the caller did " + get, put, false},
		{"get in a string", `pr_debug("` + strings.ReplaceAll(get, ";", "") + `");`, put, false},
		{"put in a comment", get, "/* " + put + " later */", false},
		{"put in a char and a string", get, `pr_debug("'%c' ` + strings.ReplaceAll(put, ";", "") + `", 'x');`, false},
		// A quote in a comment opens no literal: the put after it counts.
		{"code after a comment's quote", get, "/* don't */ " + put, true},
	} {
		src := `#include <linux/workqueue.h>
#include <linux/kref.h>
struct d { struct kref kref; struct work_struct work; };
static void d_release(struct kref *kref) { }
static void d_work(struct work_struct *ws)
{
	struct d *d = container_of(ws, struct d, work);
	` + c.put + `
}
static int d_probe(struct d *d)
{
	` + c.get + `
	INIT_WORK(&d->work, d_work);
	schedule_work(&d->work);
	return 0;
}
`
		eachWorkOf(t, src, "d_work", func(r *Result, o *Object) {
			if got := r.HoldsReference(o); got != c.want {
				t.Errorf("%s: HoldsReference %v, want %v", c.name, got, c.want)
			}
		})
	}
}

// TestSelfFreeingIsCode: a work callback frees what it lives in only
// when it calls a freeing function in code, by its whole name; a comment,
// a string or a driver's own foo_kfree() does not make it self-freeing.
func TestSelfFreeingIsCode(t *testing.T) {
	for _, c := range []struct {
		name, body string
		want       bool
	}{
		{"kfree call", "kfree(d);", true},
		{"kmem_cache_free call", "kmem_cache_free(d_cache, d);", true},
		{"kfree in a comment", "/* the owner will kfree(d) */", false},
		{"kfree in a line comment", "// kfree(d) happens in d_release", false},
		{"kfree in a string", `pr_debug("kfree(d)\n");`, false},
		{"a name that ends in kfree", "d_kfree(d);", false},
	} {
		src := `#include <linux/workqueue.h>
#include <linux/slab.h>
struct d { struct work_struct work; };
static void d_kfree(struct d *d) { }
static void d_work(struct work_struct *ws)
{
	struct d *d = container_of(ws, struct d, work);
	` + c.body + `
}
static int d_probe(struct d *d)
{
	INIT_WORK(&d->work, d_work);
	schedule_work(&d->work);
	return 0;
}
`
		eachWorkOf(t, src, "d_work", func(r *Result, o *Object) {
			if got := r.SelfFreeing(o); got != c.want {
				t.Errorf("%s: SelfFreeing %v, want %v", c.name, got, c.want)
			}
		})
	}
}

// eachWorkOf parses src as a one-file module and calls fn for each
// deferred-work object whose callback is cb; it fails the test when
// there is none.
func eachWorkOf(t *testing.T, src, cb string, fn func(r *Result, o *Object)) {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "d.c"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	m := cparse.ParseModule(fset, dir, passtest.Files(t, dir), &cparse.Config{ParseAll: true})
	r := passtest.Run(t, fset, m, Analyzer).(*Result)
	n := 0
	for _, o := range r.Objects {
		if f := r.Callback(o); f != nil && f.Name == cb {
			n++
			fn(r, o)
		}
	}
	if n == 0 {
		t.Errorf("no object with callback %s in:\n%s", cb, src)
	}
}
