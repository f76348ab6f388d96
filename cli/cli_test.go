package cli

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kdlint/kdlint/internal/kdtest"
)

var update = flag.Bool("update", false, "rewrite golden files")

const samples = "../testdata/drivers"

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
	write("binary.c", []byte("int x;\x00\x01\x02"))
	write("broken.c", []byte("static int f(void) { spin_lock(&l); return ; ]]] }\nstatic int g(void) { msleep(1); return 0; }\n"))
	write("good.c", []byte("#include <linux/interrupt.h>\nstatic irqreturn_t h(int irq, void *d) { msleep(1); return IRQ_HANDLED; }\nstatic int p(void) { return request_irq(1, h, 0, \"x\", 0); }\n"))
	code, out, errs := runMain(t, "-v", "-stats", dir)
	if code != ExitFindings {
		t.Errorf("exit %d, want %d (stderr %s)", code, ExitFindings, errs)
	}
	if !strings.Contains(errs, "binary.c: error: binary file") {
		t.Errorf("no clear notice for the binary file: %s", errs)
	}
	if !strings.Contains(errs, "skipped function f") {
		t.Errorf("the unparsable function is not reported as skipped: %s", errs)
	}
	if !strings.Contains(out, "good.c:2:") || !strings.Contains(out, "KD101") {
		t.Errorf("the good file was not analysed: %q", out)
	}
	var st struct {
		Files, FilesFailed, Functions, FunctionsSkipped, FunctionsUnneeded int
	}
	lines := strings.Split(strings.TrimSpace(errs), "\n")
	if err := json.Unmarshal([]byte(strings.ReplaceAll(lines[len(lines)-1], "_", "")), &st); err != nil {
		t.Fatalf("last stderr line is not the stats JSON: %q: %v", lines[len(lines)-1], err)
	}
	// g sleeps but nothing atomic reaches it: its body is not parsed.
	if st.Files != 3 || st.FilesFailed != 1 || st.FunctionsSkipped != 1 || st.Functions != 2 || st.FunctionsUnneeded != 1 {
		t.Errorf("stats = %+v, want 3 files, 1 failed, 2 functions, 1 skipped, 1 unneeded", st)
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
	t.Chdir("..")
	code, out, errs := runMain(t, "-format", "sarif", "testdata/drivers/chardev-old")
	if code != ExitFindings {
		t.Fatalf("exit %d: %s", code, errs)
	}
	cwd, _ := os.Getwd()
	got := strings.ReplaceAll(out, filepath.ToSlash(cwd), "$CWD")
	golden := filepath.Join("cli", "testdata", "chardev-old.sarif")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./cli -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("SARIF differs from %s; run go test ./cli -update and review the diff", golden)
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
// does) analyses the whole directory but reports only that file.
func TestFileArguments(t *testing.T) {
	core := filepath.Join(samples, "split-driver", "xmbox-core.c")
	code, out, errs := runMain(t, core)
	if code != ExitFindings {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "xmbox-core.c:31:") {
		t.Errorf("the finding reached through xmbox-irq.c is missing: %s", out)
	}
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, "[KD") && !strings.HasPrefix(line, core) {
			t.Errorf("finding outside the named file: %s", line)
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
// fixture gives the same report with and without -parse-all.
func TestPruningChangesNothing(t *testing.T) {
	dirs, _ := filepath.Glob(filepath.Join(samples, "*"))
	fixtures, _ := filepath.Glob("../analyzers/*/testdata/src/*")
	dirs = append(dirs, fixtures...)
	n := 0
	for _, d := range dirs {
		if fi, err := os.Stat(d); err != nil || !fi.IsDir() {
			continue
		}
		n++
		_, all, _ := runMain(t, "-cache=false", "-parse-all=true", d)
		_, pruned, _ := runMain(t, "-cache=false", "-parse-all=false", d)
		if all != pruned {
			t.Errorf("%s: findings differ with -parse-all:\n%s\nwithout:\n%s", d, all, pruned)
		}
		if all == "" && !strings.HasSuffix(d, "clean") {
			t.Logf("%s: no findings", d)
		}
	}
	if n < 10 {
		t.Errorf("compared %d directories, want the samples and the rule fixtures", n)
	}
}
