package cli

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/kdlint/kdlint/analyzers"
	"github.com/kdlint/kdlint/internal/kdtest"
)

var update = flag.Bool("update", false, "rewrite golden files")

const samples = "../../testdata/drivers"

// TestSampleDrivers runs every rule over each sample driver and checks the
// findings against the want comments in its files.
func TestSampleDrivers(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join(samples, "*"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, d := range dirs {
		if fi, err := os.Stat(d); err != nil || !fi.IsDir() {
			continue
		}
		n++
		t.Run(filepath.Base(d), func(t *testing.T) {
			run := kdtest.Run(t, []string{d})
			if filepath.Base(d) == "clean" && len(run.Findings) != 0 {
				t.Errorf("the clean driver must produce nothing, got %d findings", len(run.Findings))
			}
		})
	}
	if n < 7 {
		t.Errorf("found %d sample drivers, want at least 7", n)
	}
}

func runMain(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestExitStatus(t *testing.T) {
	if code, out, _ := runMain(t, filepath.Join(samples, "clean")); code != ExitClean || out != "" {
		t.Errorf("clean driver: exit %d, output %q; want 0 and nothing", code, out)
	}
	code, out, _ := runMain(t, filepath.Join(samples, "tasklet-module"))
	if code != ExitFindings {
		t.Errorf("tasklet-module: exit %d, want %d", code, ExitFindings)
	}
	if !strings.Contains(out, "pulsecnt.c:") || !strings.Contains(out, ": warning: ") && !strings.Contains(out, ": error: ") {
		t.Errorf("output is not gcc-style: %q", out)
	}
	// A missing path is an error, but the other paths are still linted.
	code, out, errs := runMain(t, "no/such/dir", filepath.Join(samples, "tasklet-module"))
	if code != ExitError {
		t.Errorf("missing path: exit %d, want %d", code, ExitError)
	}
	if !strings.Contains(errs, "no/such/dir") || !strings.Contains(errs, "no such file") {
		t.Errorf("missing path: stderr %q does not name the path and the problem", errs)
	}
	if !strings.Contains(out, "KD302") {
		t.Errorf("missing path: the other path was not linted: %q", out)
	}
	if code, _, _ := runMain(t, "-format", "xml", "."); code != ExitError {
		t.Errorf("bad -format: exit %d, want %d", code, ExitError)
	}
}

func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("big.c", bytes.Repeat([]byte("/* padding */\n"), 300))
	write("broken.c", []byte("static int f(void) { spin_lock(&l); return ; ]]] }\nstatic int g(void) { msleep(1); return 0; }\n"))
	write("good.c", []byte("#include <linux/interrupt.h>\nstatic irqreturn_t h(int irq, void *d) { msleep(1); return IRQ_HANDLED; }\nstatic int p(void) { return request_irq(1, h, 0, \"x\", 0); }\n"))
	code, out, errs := runMain(t, "-v", "-stats", "-max-file-size", "2K", dir)
	if code != ExitNotAnalysed {
		t.Errorf("exit %d, want %d: a file was not analysed (stderr %s)", code, ExitNotAnalysed, errs)
	}
	if !strings.Contains(errs, "big.c: note: file too large") || !strings.Contains(errs, "-max-file-size raises the limit") {
		t.Errorf("no clear notice for the file over the limit: %s", errs)
	}
	if !strings.Contains(errs, "broken.c:1:1: note: skipped function f") {
		t.Errorf("the unparsable function is not reported as skipped: %s", errs)
	}
	if !strings.Contains(out, "good.c:2:") || !strings.Contains(out, "KD101") {
		t.Errorf("the good file was not analysed: %q", out)
	}
	var st struct {
		Files, FilesFailed, Functions, FunctionsSkipped, FunctionsUnneeded int
		NotAnalysed                                                        struct{ Files, Functions, InFiles int }
	}
	lines := strings.Split(strings.TrimSpace(errs), "\n")
	if len(lines) < 2 {
		t.Fatalf("stderr: %q", errs)
	}
	if err := json.Unmarshal([]byte(strings.ReplaceAll(lines[len(lines)-2], "_", "")), &st); err != nil {
		t.Fatalf("the line before the last is not the stats JSON: %q: %v", lines[len(lines)-2], err)
	}
	// g sleeps but nothing atomic reaches it: its body is not parsed.
	if st.Files != 3 || st.FilesFailed != 1 || st.FunctionsSkipped != 1 || st.Functions != 2 || st.FunctionsUnneeded != 1 {
		t.Errorf("stats = %+v, want 3 files, 1 failed, 2 functions, 1 skipped, 1 unneeded", st)
	}
	if st.NotAnalysed.Files != 1 || st.NotAnalysed.Functions != 1 || st.NotAnalysed.InFiles != 1 {
		t.Errorf("stats say %+v was not analysed, want what the last line says", st.NotAnalysed)
	}
	if last := lines[len(lines)-1]; last != "kdlint: 1 file and 1 function in 1 other file not analysed" {
		t.Errorf("last line %q", last)
	}
	// kdlint never modifies its input.
	if b, _ := os.ReadFile(filepath.Join(dir, "broken.c")); !bytes.HasPrefix(b, []byte("static int f(void) { spin_lock(&l); return ; ]]]")) {
		t.Error("broken.c was modified")
	}
}

// TestGoldenSARIF compares the SARIF for the bundled example with a golden
// file. Run with -update to rewrite it after an intended change.
func TestGoldenSARIF(t *testing.T) {
	// Run from the repository root, as a user would, so that URIs are
	// relative to %SRCROOT%.
	t.Chdir("../..")
	code, out, errs := runMain(t, "-format", "sarif", "testdata/drivers/chardev-old")
	if code != ExitFindings {
		t.Fatalf("exit %d: %s", code, errs)
	}
	cwd, _ := os.Getwd()
	got := strings.ReplaceAll(out, filepath.ToSlash(cwd), "$CWD")
	golden := filepath.Join("internal", "cli", "testdata", "chardev-old.sarif")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/cli -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("SARIF differs from %s; run go test ./internal/cli -update and review the diff", golden)
	}
}

func TestMain(m *testing.M) {
	// Keep the tests' cache out of the user's.
	dir, err := os.MkdirTemp("", "kdlint-test-cache")
	if err != nil {
		panic(err)
	}
	os.Setenv("XDG_CACHE_HOME", dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// TestCache checks that a re-run gives the same report from the cache and
// that a changed file is analysed again.
func TestCache(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	dir := t.TempDir()
	src := filepath.Join(dir, "a.c")
	write := func(body string) {
		if err := os.WriteFile(src, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("static irqreturn_t h(int i, void *d) { msleep(1); return 0; }\nstatic int p(void) { return request_irq(1, h, 0, \"x\", 0); }\n")
	_, first, _ := runMain(t, dir)
	_, second, _ := runMain(t, dir)
	if first == "" || first != second {
		t.Fatalf("cached re-run differs:\n%s\n---\n%s", first, second)
	}
	entries, _ := filepath.Glob(filepath.Join(os.Getenv("XDG_CACHE_HOME"), "kdlint", "*", "*"))
	if len(entries) != 1 {
		t.Errorf("cache holds %d entries, want 1", len(entries))
	}
	write("static irqreturn_t h(int i, void *d) { mdelay(1); return 0; }\nstatic int p(void) { return request_irq(1, h, 0, \"x\", 0); }\n")
	if code, out, _ := runMain(t, dir); code != ExitClean || out != "" {
		t.Errorf("after the fix: exit %d, output %q; the cache served a stale result", code, out)
	}
	if _, out, _ := runMain(t, "-cache=false", "-rule.KD301.require-flush", dir); out != "" {
		t.Errorf("-cache=false run: %q", out)
	}
}

// TestFileArguments: naming one file of a driver (as a pre-commit hook
// does) analyses the whole directory but reports only the findings whose
// evidence touches that file.
func TestFileArguments(t *testing.T) {
	core := filepath.Join(samples, "split-driver", "xmbox-core.c")
	code, out, errs := runMain(t, core)
	if code != ExitFindings {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "xmbox-core.c:31:") {
		t.Errorf("the finding reached through xmbox-irq.c is missing: %s", out)
	}
	// KD302 in xmbox-irq.c has no evidence in xmbox-core.c.
	if strings.Contains(out, "KD302") {
		t.Errorf("a finding that does not touch the named file:\n%s", out)
	}
	// Named xmbox-irq.c, the findings located in xmbox-core.c whose
	// callback is registered and called from xmbox-irq.c are reported.
	_, out, _ = runMain(t, filepath.Join(samples, "split-driver", "xmbox-irq.c"))
	for _, want := range []string{"xmbox-core.c:31:", "xmbox-core.c:48:", "xmbox-irq.c:83:"} {
		if !strings.Contains(out, want) {
			t.Errorf("named xmbox-irq.c: %s is missing:\n%s", want, out)
		}
	}
}

// TestCacheSeesHeadersOutsideTheModule: editing a header that a driver
// includes from another directory invalidates the driver's cached result.
func TestCacheSeesHeadersOutsideTheModule(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	root := t.TempDir()
	drv := filepath.Join(root, "drv")
	os.MkdirAll(drv, 0o755)
	hdr := filepath.Join(root, "common.h")
	os.WriteFile(hdr, []byte("#define WAIT(x) msleep(x)\n"), 0o644)
	os.WriteFile(filepath.Join(drv, "a.c"), []byte("#include \"../common.h\"\nstatic irqreturn_t h(int i, void *d) { WAIT(1); return 0; }\nstatic int p(void) { return request_irq(1, h, 0, \"x\", 0); }\n"), 0o644)
	if _, out, _ := runMain(t, drv); !strings.Contains(out, "KD101") {
		t.Fatalf("first run: %q", out)
	}
	os.WriteFile(hdr, []byte("#define WAIT(x) mdelay(x)\n"), 0o644)
	if code, out, _ := runMain(t, drv); code != ExitClean {
		t.Errorf("after fixing the header: exit %d, %q; the cache served a stale result", code, out)
	}
}

// TestPruningChangesNothing checks the front end's promise: the bodies it
// does not parse cannot change a finding. Every sample driver and rule
// fixture gives the same report with and without -parse-all, with all
// rules on and, for each rule's own fixtures, with that rule alone (so the
// front end parses only what it needs).
func TestPruningChangesNothing(t *testing.T) {
	dirs, _ := filepath.Glob(filepath.Join(samples, "*"))
	fixtures, _ := filepath.Glob("../../analyzers/*/testdata/src/*")
	same := func(d string, flags ...string) {
		t.Helper()
		_, all, _ := runMain(t, append(append([]string{"-cache=false", "-parse-all=true"}, flags...), d)...)
		_, pruned, _ := runMain(t, append(append([]string{"-cache=false", "-parse-all=false"}, flags...), d)...)
		if all != pruned {
			t.Errorf("%s %v: findings differ with -parse-all:\n%s\nwithout:\n%s", d, flags, all, pruned)
		}
	}
	n := 0
	for _, d := range append(dirs, fixtures...) {
		if fi, err := os.Stat(d); err != nil || !fi.IsDir() {
			continue
		}
		n++
		same(d)
	}
	if n < 10 {
		t.Errorf("compared %d directories, want the samples and the rule fixtures", n)
	}
	alone := 0
	for _, d := range fixtures {
		id := ruleOfFixture(t, d)
		var others []string
		for _, r := range analyzers.All {
			if r.Doc.ID != id {
				others = append(others, r.Doc.ID)
			}
		}
		alone++
		same(d, "-disable", strings.Join(others, ","))
	}
	if alone < len(analyzers.All) {
		t.Errorf("compared %d fixtures with their rule alone, want at least one per rule", alone)
	}
}

// ruleOfFixture returns the ID of the rule whose package holds fixture
// directory d (analyzers/PKG/testdata/src/NAME).
func ruleOfFixture(t *testing.T, d string) string {
	t.Helper()
	doc, err := os.ReadFile(filepath.Join(d, "..", "..", "..", "doc.go"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`ID:\s+"(KD\d+)"`).FindSubmatch(doc)
	if m == nil {
		t.Fatalf("%s: no rule ID in its package's doc.go", d)
	}
	return string(m[1])
}

// TestMainTwice: Main keeps no state between calls. Runs with different
// flags give the same reports whichever ran first in the process, as two
// processes would.
func TestMainTwice(t *testing.T) {
	dir := t.TempDir()
	inc := filepath.Join(dir, "inc")
	drv := filepath.Join(dir, "drv")
	os.MkdirAll(inc, 0o755)
	os.MkdirAll(drv, 0o755)
	os.WriteFile(filepath.Join(inc, "slow.h"), []byte("#define SLOW_WAIT() msleep(5)\n"), 0o644)
	os.WriteFile(filepath.Join(drv, "a.c"), []byte(`#include "slow.h"
static void deep2(void) { msleep(1); }
static void deep1(void) { deep2(); }
static void t_fn(struct timer_list *t)
{
	deep1();
#ifdef SLEEPY
	ssleep(1);
#endif
	SLOW_WAIT();
	my_wait();
}
static int p(void) { timer_setup(&tm, t_fn, 0); return 0; }
`), 0o644)
	// Two configuration files: one declares my_wait() sleeping and sets
	// max-depth, the other turns KD101 off.
	sleepy := filepath.Join(dir, "sleepy.yaml")
	os.WriteFile(sleepy, []byte("kernel:\n  sleeping-functions: [my_wait]\nrules:\n  KD101:\n    max-depth: 1\n    severity: warning\n"), 0o644)
	quiet := filepath.Join(dir, "quiet.yaml")
	os.WriteFile(quiet, []byte("rules:\n  KD101: off\n"), 0o644)
	flagSets := [][]string{
		{"-I", inc, "-D", "SLEEPY", "-rule.KD101.max-depth=1"},
		{"-config", sleepy},
		{"-disable", "KD102"},
		{"-config", quiet},
		{"-I", inc},
		{"-config", sleepy, "-rule.KD101.max-depth=0"},
		{"-rule.KD101.max-depth=0", "-j", "1"},
	}
	report := func(flags []string) string {
		_, out, errs := runMain(t, append(append([]string{"-cache=false"}, flags...), drv)...)
		return out + errs
	}
	first := make([]string, len(flagSets))
	for i, f := range flagSets {
		first[i] = report(f)
	}
	for i := len(flagSets) - 1; i >= 0; i-- {
		if again := report(flagSets[i]); again != first[i] {
			t.Errorf("%v: the report depends on earlier calls:\nfirst:\n%s\nlater:\n%s", flagSets[i], first[i], again)
		}
	}
	// The flags did take effect, each in its own run.
	if !strings.Contains(first[0], "ssleep") || strings.Contains(first[0], "deep2") || !strings.Contains(first[0], "SLOW_WAIT") && !strings.Contains(first[0], "a.c:10:") {
		t.Errorf("-D, -I and max-depth=1 were not all applied:\n%s", first[0])
	}
	if strings.Contains(first[4], "ssleep") || strings.Contains(first[2], "a.c:10:") {
		t.Errorf("a define or include directory leaked into a later run:\n%s\n%s", first[2], first[4])
	}
	// The configuration files took effect in their runs only: the
	// sleeping helper, the file's max-depth and severity, the flag over
	// the file's option, KD101 off.
	if !strings.Contains(first[1], "a.c:11:2: warning: my_wait() may sleep") || strings.Contains(first[1], "deep2") {
		t.Errorf("-config sleepy.yaml:\n%s", first[1])
	}
	if !strings.Contains(first[5], "my_wait() may sleep") || !strings.Contains(first[5], "a.c:2:27: warning: msleep()") {
		t.Errorf("-config sleepy.yaml -rule.KD101.max-depth=0:\n%s", first[5])
	}
	if strings.Contains(first[3], "KD101") {
		t.Errorf("-config quiet.yaml:\n%s", first[3])
	}
	for i, f := range first {
		if (i != 1 && i != 5) && strings.Contains(f, "my_wait") {
			t.Errorf("%v: the sleeping helper of another run's configuration leaked:\n%s", flagSets[i], f)
		}
	}
}

// TestCacheSeesHeadersFromCompileCommands: a header found only through a
// compilation database's -I directory is part of the cache key.
func TestCacheSeesHeadersFromCompileCommands(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	root := t.TempDir()
	drv := filepath.Join(root, "drv")
	inc := filepath.Join(root, "include")
	os.MkdirAll(drv, 0o755)
	os.MkdirAll(inc, 0o755)
	hdr := filepath.Join(inc, "wait.h")
	os.WriteFile(hdr, []byte("#define WAIT(x) msleep(x)\n"), 0o644)
	src := filepath.Join(drv, "a.c")
	os.WriteFile(src, []byte("#include \"wait.h\"\nstatic irqreturn_t h(int i, void *d) { WAIT(1); return 0; }\nstatic int p(void) { return request_irq(1, h, 0, \"x\", 0); }\n"), 0o644)
	db := filepath.Join(root, "compile_commands.json")
	os.WriteFile(db, []byte(`[{"directory": "`+root+`", "file": "drv/a.c", "command": "gcc -Iinclude -c drv/a.c"}]`), 0o644)
	if _, out, errs := runMain(t, "-compile-commands", db, drv); !strings.Contains(out, "KD101") {
		t.Fatalf("first run: %q %s", out, errs)
	}
	os.WriteFile(hdr, []byte("#define WAIT(x) mdelay(x)\n"), 0o644)
	if code, out, _ := runMain(t, "-compile-commands", db, drv); code != ExitClean {
		t.Errorf("after fixing the header: exit %d, %q; the cache served a stale result", code, out)
	}
}

// TestCorruptCacheEntries: an entry that is not what kdlint wrote (JSON
// null, an edited finding, a truncated file, another format) is a miss:
// the module is analysed again and the entry rewritten.
func TestCorruptCacheEntries(t *testing.T) {
	cacheDir := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cacheDir)
	drv := filepath.Join(samples, "tasklet-module")
	_, want, _ := runMain(t, "-cache=false", drv)
	if want == "" {
		t.Fatal("the sample has no findings")
	}
	if _, out, _ := runMain(t, drv); out != want {
		t.Fatalf("first cached run differs:\n%s\nwant:\n%s", out, want)
	}
	entries, _ := filepath.Glob(filepath.Join(cacheDir, "kdlint", "*", "*"))
	if len(entries) != 1 {
		t.Fatalf("cache holds %d entries, want 1", len(entries))
	}
	entry := entries[0]
	good, _ := os.ReadFile(entry)
	var e map[string]any
	if err := json.Unmarshal(good, &e); err != nil {
		t.Fatalf("entry is not JSON: %v", err)
	}
	edited := strings.Replace(string(good), `"Line":`, `"Line":1`, 1) // line 12 becomes 112
	for name, content := range map[string]string{
		"null":          "null",
		"result null":   string(mustMarshal(t, withField(e, "result", nil))),
		"edited line":   edited,
		"truncated":     string(good[:len(good)/2]),
		"empty":         "",
		"other format":  strings.Replace(string(good), `"format":`, `"format":9`, 1),
		"not an object": "[1,2,3]",
	} {
		if content == string(good) {
			t.Fatalf("%s: the corruption changed nothing", name)
		}
		os.WriteFile(entry, []byte(content), 0o644)
		if _, out, _ := runMain(t, drv); out != want {
			t.Errorf("%s entry: report differs:\n%s\nwant:\n%s", name, out, want)
		}
		if again, _ := os.ReadFile(entry); string(again) != string(good) {
			t.Errorf("%s entry: not rewritten", name)
		}
	}
}

// withField returns a copy of m with key set to v.
func withField(m map[string]any, key string, v any) map[string]any {
	out := map[string]any{}
	for k, x := range m {
		out[k] = x
	}
	out[key] = v
	return out
}

func mustMarshal(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestUsageListsRulesAndOptions: -h names every rule and offers exactly
// the documented options of each, as -rule.ID.NAME flags.
func TestUsageListsRulesAndOptions(t *testing.T) {
	code, errs, _ := runMain(t, "-h") // on stdout
	if code != ExitClean {
		t.Fatalf("-h: exit %d", code)
	}
	documented := map[string]bool{}
	for _, r := range analyzers.All {
		if !strings.Contains(errs, r.Doc.ID+"  "+r.Doc.Name) {
			t.Errorf("-h does not list %s %s", r.Doc.ID, r.Doc.Name)
		}
		for _, o := range r.Doc.Options {
			documented["-rule."+r.Doc.ID+"."+o.Name] = true
		}
	}
	offered := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)^\s+(-rule\.[A-Z0-9]+\.[a-z0-9-]+)`).FindAllStringSubmatch(errs, -1) {
		offered[m[1]] = true
	}
	for f := range documented {
		if !offered[f] {
			t.Errorf("documented option %s is not a flag", f)
		}
	}
	for f := range offered {
		if !documented[f] {
			t.Errorf("flag %s is not a documented option", f)
		}
	}
	if len(documented) == 0 {
		t.Error("no rule documents an option; the test checks nothing")
	}
}

// TestCacheSeesNewHeaders: a header that appears where the front end
// looked before finding another (an earlier -I directory) invalidates the
// cached result.
func TestCacheSeesNewHeaders(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	root := t.TempDir()
	drv, first, second := filepath.Join(root, "drv"), filepath.Join(root, "inc1"), filepath.Join(root, "inc2")
	for _, d := range []string{drv, first, second} {
		os.MkdirAll(d, 0o755)
	}
	os.WriteFile(filepath.Join(second, "wait.h"), []byte("#define WAIT(x) msleep(x)\n"), 0o644)
	os.WriteFile(filepath.Join(drv, "a.c"), []byte("#include \"wait.h\"\nstatic irqreturn_t h(int i, void *d) { WAIT(1); return 0; }\nstatic int p(void) { return request_irq(1, h, 0, \"x\", 0); }\n"), 0o644)
	args := []string{"-I", first, "-I", second, drv}
	if _, out, _ := runMain(t, args...); !strings.Contains(out, "KD101") {
		t.Fatalf("first run: %q", out)
	}
	os.WriteFile(filepath.Join(first, "wait.h"), []byte("#define WAIT(x) mdelay(x)\n"), 0o644)
	if code, out, _ := runMain(t, args...); code != ExitClean {
		t.Errorf("after adding a header earlier on the path: exit %d, %q; the cache served a stale result", code, out)
	}
}
