package driver

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/kdlint/kdlint/report"
)

// discover runs Discover, failing the test if it blocks (a FIFO opened
// for reading waits for a writer forever).
func discover(t *testing.T, paths ...string) ([]Module, []report.Notice) {
	t.Helper()
	type result struct {
		mods    []Module
		notices []report.Notice
	}
	done := make(chan result, 1)
	go func() {
		m, n := Discover(paths)
		done <- result{m, n}
	}()
	select {
	case r := <-done:
		return r.mods, r.notices
	case <-time.After(10 * time.Second):
		t.Fatal("Discover blocked")
	}
	return nil, nil
}

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func kinds(ns []report.Notice) string {
	var out []string
	for _, n := range ns {
		out = append(out, n.Kind.String()+" "+filepath.Base(n.Path))
	}
	return strings.Join(out, "; ")
}

func mkfifo(t *testing.T, path string) {
	t.Helper()
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
}

// TestDiscoverFIFO: a FIFO named on the command line, found while walking
// or beside a named file is never opened; the named one fails the run.
func TestDiscoverFIFO(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "a.c"), "int a;\n")
	fifo := filepath.Join(dir, "pipe.c")
	mkfifo(t, fifo)

	mods, ns := discover(t, fifo)
	if len(mods) != 0 || len(ns) != 1 || ns[0].Kind != report.NoticeNotRegular || !ns[0].Kind.FailsRun() ||
		!strings.Contains(ns[0].Message, "FIFO") {
		t.Errorf("named FIFO: %d modules, notices %s %v", len(mods), kinds(ns), ns)
	}
	mods, ns = discover(t, dir)
	if len(mods) != 1 || strings.Join(mods[0].Files, " ") != filepath.Join(dir, "a.c") ||
		kinds(ns) != "special-file-skipped pipe.c" || ns[0].Kind.FailsRun() || !ns[0].Kind.LosesFile() {
		t.Errorf("FIFO found while walking: %v, notices %s", mods, kinds(ns))
	}
	mods, ns = discover(t, filepath.Join(dir, "a.c"))
	if len(mods) != 1 || len(mods[0].Files) != 1 || kinds(ns) != "special-file-skipped pipe.c" {
		t.Errorf("FIFO beside a named file: %v, notices %s", mods, kinds(ns))
	}
}

// TestDiscoverSymlinks: a symbolic link to a directory given as an
// argument is followed; one found while walking is not (and says so); a
// link to a source file is read as a file of its directory; a link loop
// is an I/O error; a directory reached by two paths is one module.
func TestDiscoverSymlinks(t *testing.T) {
	root := t.TempDir()
	drv := filepath.Join(root, "drv")
	write(t, filepath.Join(drv, "a.c"), "int a;\n")
	write(t, filepath.Join(root, "shared", "common.c"), "int c;\n")
	link := filepath.Join(root, "link")
	for _, l := range [][2]string{
		{drv, link},
		{filepath.Join(root, "shared", "common.c"), filepath.Join(drv, "common.c")},
		{root, filepath.Join(drv, "up")}, // a loop, were it followed
		{filepath.Join(root, "loop2"), filepath.Join(root, "loop1")},
		{filepath.Join(root, "loop1"), filepath.Join(root, "loop2")},
	} {
		if err := os.Symlink(l[0], l[1]); err != nil {
			t.Fatal(err)
		}
	}

	mods, ns := discover(t, link)
	if len(mods) != 1 || mods[0].Dir != link || strings.Join(mods[0].Files, " ") != filepath.Join(link, "a.c")+" "+filepath.Join(link, "common.c") {
		t.Errorf("symlinked directory argument: %+v", mods)
	}
	if kinds(ns) != "symlink-not-followed up" || ns[0].Level != report.Note || ns[0].Kind.FailsRun() || ns[0].Kind.LosesFile() {
		t.Errorf("link to a directory found while walking: notices %s", kinds(ns))
	}

	mods, _ = discover(t, drv, link, filepath.Join(link, "a.c"))
	if len(mods) != 1 || mods[0].Dir != drv || mods[0].Only != nil {
		t.Errorf("one directory by three paths: %+v", mods)
	}

	mods, ns = discover(t, filepath.Join(root, "loop1"))
	if len(mods) != 0 || len(ns) != 1 || ns[0].Kind != report.NoticeIO {
		t.Errorf("symlink loop: %v %s", mods, kinds(ns))
	}
}

// TestDiscoverNothing: a directory without .c files says so; a header
// named alone says it is not analysed on its own.
func TestDiscoverNothing(t *testing.T) {
	empty := t.TempDir()
	mods, ns := discover(t, empty)
	if len(mods) != 0 || kinds(ns) != "no-c-files "+filepath.Base(empty) {
		t.Errorf("empty directory: %v %s", mods, kinds(ns))
	}
	docs := t.TempDir()
	write(t, filepath.Join(docs, "README"), "text\n")
	write(t, filepath.Join(docs, "sub", "x.h"), "int x;\n")
	if mods, ns := discover(t, docs); len(mods) != 0 || kinds(ns) != "no-c-files "+filepath.Base(docs) {
		t.Errorf("directory without .c files: %v %s", mods, kinds(ns))
	}
	if mods, ns := discover(t, filepath.Join(docs, "sub", "x.h")); len(mods) != 0 || kinds(ns) != "header-alone x.h" {
		t.Errorf("header named alone: %v %s", mods, kinds(ns))
	}
	// A directory whose files an earlier argument found is not empty.
	drv := t.TempDir()
	write(t, filepath.Join(drv, "sub", "a.c"), "int a;\n")
	if _, ns := discover(t, drv, filepath.Join(drv, "sub")); len(ns) != 0 {
		t.Errorf("directory found twice: %s", kinds(ns))
	}
}

// TestRestrictByEvidence: with files named, a finding is kept when its
// location or any related location is in them.
func TestRestrictByEvidence(t *testing.T) {
	r := moduleResult{Findings: []report.Finding{
		{RuleID: "A", Location: report.Location{Path: "d/helper.c", Line: 3},
			Related: []report.Related{{Location: report.Location{Path: "d/main.c", Line: 9}}}},
		{RuleID: "B", Location: report.Location{Path: "d/helper.c", Line: 4}},
		{RuleID: "C", Location: report.Location{Path: "d/main.c", Line: 5}},
	}, Notices: []report.Notice{{Kind: report.NoticeFileFailed, Location: report.Location{Path: "d/other.c"}}}}
	r.restrict(map[string]bool{"d/main.c": true})
	var got []string
	for _, f := range r.Findings {
		got = append(got, f.RuleID)
	}
	if strings.Join(got, "") != "AC" {
		t.Errorf("kept %v, want A (related location in main.c) and C", got)
	}
	if len(r.Notices) != 1 {
		t.Error("a file of the module that was not analysed must still be said")
	}
}

// TestDiscoverKernelRoot: at a kernel tree's root (Kbuild, Makefile and
// MAINTAINERS), the user-space and host-program directories are left out
// with one notice naming those left out; naming one, or a file under
// one, lints it; IncludeUserspace walks them all. A directory without
// the three files is walked whole.
func TestDiscoverKernelRoot(t *testing.T) {
	root := t.TempDir()
	for _, f := range []string{"Kbuild", "Makefile", "MAINTAINERS"} {
		write(t, filepath.Join(root, f), "\n")
	}
	for _, f := range []string{"drivers/d/a.c", "sound/s/b.c", "tools/t/c.c", "scripts/d.c", "samples/x/e.c", "usr/f.c",
		"Documentation/g.c", "drivers/tools/h.c"} {
		write(t, filepath.Join(root, f), "int x;\n")
	}
	dirs := func(mods []Module) string {
		var out []string
		for _, m := range mods {
			r, _ := filepath.Rel(root, m.Dir)
			out = append(out, filepath.ToSlash(r))
		}
		return strings.Join(out, " ")
	}
	mods, ns := discover(t, root)
	if got := dirs(mods); got != "drivers/d drivers/tools sound/s" {
		t.Errorf("kernel root: modules %q", got)
	}
	if kinds(ns) != "userspace-left-out "+filepath.Base(root) || ns[0].Level != report.Note || ns[0].Kind.LosesFile() ||
		!strings.Contains(ns[0].Message, "Documentation/, samples/, scripts/, tools/, usr/ left out") ||
		!strings.Contains(ns[0].Message, "-include-userspace") {
		t.Errorf("kernel root: notices %s %v", kinds(ns), ns)
	}

	mods, ns = discover(t, root, filepath.Join(root, "tools"), filepath.Join(root, "usr", "f.c"))
	if got := dirs(mods); got != "drivers/d drivers/tools sound/s tools/t usr" {
		t.Errorf("kernel root and tools/ named: modules %q", got)
	}
	if len(ns) != 1 || !strings.Contains(ns[0].Message, "Documentation/, samples/, scripts/ left out") {
		t.Errorf("kernel root and tools/ named: notices %v", ns)
	}

	mods, ns = DiscoverWith([]string{root}, DiscoverOptions{IncludeUserspace: true})
	if got := dirs(mods); got != "Documentation drivers/d drivers/tools samples/x scripts sound/s tools/t usr" || len(ns) != 0 {
		t.Errorf("IncludeUserspace: modules %q, notices %v", got, ns)
	}

	if err := os.Remove(filepath.Join(root, "MAINTAINERS")); err != nil {
		t.Fatal(err)
	}
	mods, ns = discover(t, root)
	if got := dirs(mods); !strings.Contains(got, "tools/t") || len(ns) != 0 {
		t.Errorf("not a kernel root: modules %q, notices %v", got, ns)
	}
}
