package cli

// The cases of "never silently clean" (issue 12): each test is one case
// in which kdlint said less than the truth or did not do what it
// documents. The front-end cases are in frontend_test.go.

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/kdlint/kdlint/analyzers"
)

// A hard IRQ handler that sleeps: one KD101 finding on line 2.
const sleepyC = "#include <linux/interrupt.h>\n" +
	"static irqreturn_t h(int i, void *d) { msleep(1); return IRQ_HANDLED; }\n" +
	"static int p(void) { return request_irq(1, h, 0, \"x\", 0); }\n"

// A function the front end skips today (and will keep skipping: it is not C).
const brokenC = "static int f(void) { spin_lock(&l); return ; ]]] }\n"

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// runSystem runs as if on terminals (or not), with the environment env.
func runSystem(t *testing.T, terminal bool, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, system{stdout: &out, stderr: &errb,
		getenv:   func(k string) string { return env[k] },
		terminal: func(io.Writer) bool { return terminal }})
	return code, out.String(), errb.String()
}

// Case: a driver directory given through a symbolic link was not walked
// ({"files":0}, exit 0).
func TestSymlinkedDirectoryArgument(t *testing.T) {
	root := t.TempDir()
	writeFile(t, filepath.Join(root, "real", "a.c"), sleepyC)
	link := filepath.Join(root, "drv")
	if err := os.Symlink(filepath.Join(root, "real"), link); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runMain(t, "-cache=false", "-stats", link)
	if code != ExitFindings || !strings.Contains(out, filepath.Join(link, "a.c")+":2:") || !strings.Contains(errs, `"files":1,`) {
		t.Errorf("symlinked directory: exit %d\n%s%s", code, out, errs)
	}
}

// Case: an empty directory, or one with no C files, was silent with exit
// 0.
func TestNoCFiles(t *testing.T) {
	empty := t.TempDir()
	docs := t.TempDir()
	writeFile(t, filepath.Join(docs, "README"), "nothing here\n")
	for _, dir := range []string{empty, docs} {
		code, out, errs := runMain(t, dir)
		if code != ExitNoFiles || out != "" || !strings.Contains(errs, dir+": note: no .c files") {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want %d and a note", dir, code, out, errs, ExitNoFiles)
		}
	}
	// With a driver among the paths, the empty one is said and the status
	// is the driver's.
	drv := t.TempDir()
	writeFile(t, filepath.Join(drv, "a.c"), sleepyC)
	if code, _, errs := runMain(t, empty, drv); code != ExitFindings || !strings.Contains(errs, "no .c files") {
		t.Errorf("empty and driver: exit %d, %s", code, errs)
	}
	// A header named alone (a pre-commit run on a header-only change) is
	// said, and is not "no C files".
	writeFile(t, filepath.Join(docs, "inc", "x.h"), "int x;\n")
	if code, _, errs := runMain(t, filepath.Join(docs, "inc", "x.h")); code != ExitClean || !strings.Contains(errs, "x.h: note: not analysed on its own") {
		t.Errorf("header alone: exit %d, %s", code, errs)
	}
}

// Case: a file over 10 MB was skipped with exit 0 and no way to raise the
// limit.
func TestMaxFileSize(t *testing.T) {
	dir := t.TempDir()
	padding := strings.Repeat("/* "+strings.Repeat("x", 76)+" */\n", (10<<20)/80+100)
	writeFile(t, filepath.Join(dir, "big.c"), sleepyC+padding)
	code, out, errs := runMain(t, "-cache=false", dir)
	if code != ExitNotAnalysed || out != "" || !strings.Contains(errs, "big.c: note: file too large") ||
		!strings.Contains(errs, "-max-file-size raises the limit") || !strings.HasSuffix(errs, "kdlint: 1 file not analysed\n") {
		t.Errorf("over 10 MB: exit %d, stdout %q, stderr %q", code, out, errs)
	}
	if code, out, errs := runMain(t, "-cache=false", "-max-file-size", "20M", dir); code != ExitFindings || !strings.Contains(out, "big.c:2:") {
		t.Errorf("-max-file-size 20M: exit %d, %s%s", code, out, errs)
	}
	if code, _, errs := runMain(t, "-max-file-size", "lots", dir); code != ExitError || !strings.Contains(errs, "-max-file-size") {
		t.Errorf("bad size: exit %d, %s", code, errs)
	}
}

func TestSizeFlag(t *testing.T) {
	for in, want := range map[string]int64{"1234": 1234, "64K": 64 << 10, "20M": 20 << 20, "20MB": 20 << 20, "1GiB": 1 << 30, "2g": 2 << 30} {
		var s sizeFlag
		if err := s.Set(in); err != nil || int64(s) != want {
			t.Errorf("%q: %d, %v; want %d", in, s, err, want)
		}
	}
	for _, in := range []string{"", "M", "-1", "0", "1T", "ten"} {
		var s sizeFlag
		if err := s.Set(in); err == nil {
			t.Errorf("%q accepted as %d", in, s)
		}
	}
	if s := sizeFlag(defaultMaxFileSize); s.String() != "10M" {
		t.Errorf("default prints as %q", s.String())
	}
}

// Cases: a skipped function (a tasklet handler the front end could not
// parse) was said only with -v; notices used the words of findings.
// Every run in which anything was not analysed ends with one line on
// stderr, -stats and SARIF say the same, and -strict fails the run.
func TestNotAnalysedIsSaid(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "broken.c"), brokenC)
	writeFile(t, filepath.Join(dir, "good.c"), sleepyC)

	code, out, errs := runMain(t, "-cache=false", dir)
	if code != ExitFindings || !strings.Contains(out, "KD101") {
		t.Errorf("exit %d, stdout %q", code, out)
	}
	if strings.Contains(errs, "skipped function") || errs != "kdlint: 1 function in 1 file not analysed; -v lists them\n" {
		t.Errorf("stderr without -v = %q; want only the summary line", errs)
	}

	_, _, errs = runMain(t, "-cache=false", "-v", dir)
	lines := strings.Split(strings.TrimSuffix(errs, "\n"), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], "broken.c:1:1: note: skipped function f: ") ||
		lines[1] != "kdlint: 1 function in 1 file not analysed" {
		t.Errorf("stderr with -v = %q", errs)
	}
	for _, l := range lines {
		if strings.Contains(l, ": warning: ") || strings.Contains(l, ": error: ") {
			t.Errorf("a notice with a finding's word: %s", l)
		}
	}

	_, _, errs = runMain(t, "-cache=false", "-stats", dir)
	lines = strings.Split(strings.TrimSuffix(errs, "\n"), "\n")
	var st struct {
		NotAnalysed map[string]int `json:"not_analysed"`
	}
	if err := json.Unmarshal([]byte(lines[0]), &st); err != nil || st.NotAnalysed["functions"] != 1 || st.NotAnalysed["in_files"] != 1 || st.NotAnalysed["files"] != 0 {
		t.Errorf("-stats %q: %v %v", lines[0], st, err)
	}

	_, out, _ = runMain(t, "-cache=false", "-format", "sarif", dir)
	var log struct {
		Runs []struct {
			Invocations []struct {
				Notifications []struct {
					Descriptor struct{ ID string }
					Message    struct{ Text string }
				} `json:"toolExecutionNotifications"`
				Properties struct {
					NotAnalysed map[string]int `json:"notAnalysed"`
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatal(err)
	}
	inv := log.Runs[0].Invocations[0]
	said := false
	for _, n := range inv.Notifications {
		said = said || n.Descriptor.ID == "not-analysed" && strings.HasPrefix(n.Message.Text, "1 function in 1 file not analysed")
	}
	if !said || inv.Properties.NotAnalysed["functions"] != 1 {
		t.Errorf("SARIF does not say what was not analysed: %+v", inv)
	}

	if code, _, _ := runMain(t, "-cache=false", "-strict", dir); code != ExitNotAnalysed {
		t.Errorf("-strict: exit %d, want %d", code, ExitNotAnalysed)
	}
}

// Case: flags after a path were taken as paths; -j1, -Iinc and -DFOO were
// "flag provided but not defined".
func TestCommandLine(t *testing.T) {
	for _, tc := range []struct {
		args        []string
		paths       []string
		jobs        int
		inc, define []string
		disable     string
	}{
		{args: []string{"drivers", "-disable", "KD101"}, paths: []string{"drivers"}, disable: "KD101"},
		{args: []string{"a", "-j1", "b", "-Iinc", "-DFOO", "-DBAR=2", "c"}, paths: []string{"a", "b", "c"}, jobs: 1,
			inc: []string{"inc"}, define: []string{"FOO", "BAR=2"}},
		{args: []string{"-j", "2", "-I", "inc", "-D", "X", "a"}, paths: []string{"a"}, jobs: 2, inc: []string{"inc"}, define: []string{"X"}},
		{args: []string{"-I=inc", "--disable=KD102", "a"}, paths: []string{"a"}, inc: []string{"inc"}, disable: "KD102"},
		{args: []string{"a", "--", "-disable", "-j1"}, paths: []string{"a", "-disable", "-j1"}},
		{args: []string{"-v", "a", "-stats", "-rule.KD301.require-flush", "b"}, paths: []string{"a", "b"}},
		{args: nil, paths: []string{"."}},
	} {
		c, _, err := parseFlags(tc.args, &bytes.Buffer{}, analyzers.All)
		if err != nil {
			t.Errorf("%q: %v", tc.args, err)
			continue
		}
		if strings.Join(c.paths, " ") != strings.Join(tc.paths, " ") || c.jobs != tc.jobs || c.disable != tc.disable ||
			strings.Join(c.frontend.IncludeDirs, " ") != strings.Join(tc.inc, " ") ||
			strings.Join(c.frontend.Defines, " ") != strings.Join(tc.define, " ") {
			t.Errorf("%q: paths %q, -j %d, -I %q, -D %q, -disable %q", tc.args, c.paths, c.jobs,
				c.frontend.IncludeDirs, c.frontend.Defines, c.disable)
		}
	}

	// End to end: a flag after the path takes effect, and -Iinc finds
	// the header a macro comes from.
	root := t.TempDir()
	writeFile(t, filepath.Join(root, "inc", "slow.h"), "#define SLOW_WAIT() msleep(5)\n")
	writeFile(t, filepath.Join(root, "drv", "a.c"), "#include \"slow.h\"\n"+
		"static irqreturn_t h(int i, void *d) { SLOW_WAIT(); return IRQ_HANDLED; }\n"+
		"static int p(void) { return request_irq(1, h, 0, \"x\", 0); }\n")
	drv := filepath.Join(root, "drv")
	if code, out, errs := runMain(t, drv, "-cache=false", "-j1", "-I"+filepath.Join(root, "inc")); code != ExitFindings || !strings.Contains(out, "a.c:2:") {
		t.Errorf("-I joined, after the path: exit %d %s%s", code, out, errs)
	}
	if code, out, _ := runMain(t, drv, "-cache=false", "-I"+filepath.Join(root, "inc"), "-disable", "KD101"); code != ExitClean || out != "" {
		t.Errorf("-disable after the path: exit %d %s", code, out)
	}
	// After --, "-disable" is a path (and does not exist).
	if code, _, errs := runMain(t, drv, "--", "-disable"); code != ExitError || !strings.Contains(errs, "kdlint: -disable: no such file") {
		t.Errorf("-- then -disable: exit %d %s", code, errs)
	}
	// An unknown flag is a usage error that points to -h.
	if code, out, errs := runMain(t, "-frobnicate", drv); code != ExitError || out != "" ||
		!strings.Contains(errs, "flag provided but not defined: -frobnicate") || !strings.Contains(errs, "kdlint -h") {
		t.Errorf("unknown flag: exit %d, %q, %q", code, out, errs)
	}
}

// Case: -h printed to stderr. It prints usage, examples, exit statuses,
// rules and flags on stdout, however it is spelt.
func TestHelp(t *testing.T) {
	for _, h := range []string{"-h", "-help", "--help"} {
		code, out, errs := runMain(t, h)
		if code != ExitClean || errs != "" {
			t.Errorf("%s: exit %d, stderr %q", h, code, errs)
		}
		for _, want := range []string{"usage: kdlint [flags] [path ...]", "Examples:", "Exit status:", "  3  no .c file",
			"  4  a file could not be analysed", "KD001  bad-suppression", "-max-file-size", "-strict", "-sarif-root"} {
			if !strings.Contains(out, want) {
				t.Errorf("%s: no %q in\n%s", h, want, out)
			}
		}
	}
}

// TestExitStatusDocumented: README documents every exit status -h does,
// with the same meaning.
func TestExitStatusDocumented(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for code := ExitClean; code <= ExitNotAnalysed; code++ {
		if !regexp.MustCompile(`(?m)^\| ` + string(rune('0'+code)) + ` \| `).Match(readme) {
			t.Errorf("README's exit status table has no row for %d", code)
		}
		if !strings.Contains(exitText, "  "+string(rune('0'+code))+"  ") {
			t.Errorf("-h does not document exit status %d", code)
		}
	}
}

// Case: no per-rule counts and no colours on a terminal. On one, text
// output ends with the counts and is coloured unless NO_COLOR is set;
// elsewhere it is neither.
func TestTerminalOutput(t *testing.T) {
	drv := filepath.Join(samples, "split-driver")
	_, out, _ := runSystem(t, true, nil, drv)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	counts := regexp.MustCompile(`^(\x1b\[1m)?3 findings(\x1b\[0m)?: 1 KD101 sleep-in-atomic, 1 KD102 mutex-in-atomic, 1 KD302 tasklet-not-killed$`)
	if !counts.MatchString(lines[len(lines)-1]) {
		_, plain, _ := runMain(t, drv)
		t.Logf("plain output:\n%s", plain)
		t.Errorf("last line on a terminal: %q", lines[len(lines)-1])
	}
	if !strings.Contains(out, "\x1b[1;31merror\x1b[0m") || !strings.Contains(out, "\x1b[1;36mnote\x1b[0m") {
		t.Errorf("no colours on a terminal:\n%s", out)
	}
	for _, env := range []map[string]string{{"NO_COLOR": "1"}, {"TERM": "dumb"}} {
		_, out, _ = runSystem(t, true, env, drv)
		if strings.Contains(out, "\x1b[") || !strings.Contains(out, " findings: ") {
			t.Errorf("%v: colours, or no counts:\n%s", env, out)
		}
	}
	_, out, _ = runSystem(t, false, nil, drv)
	if strings.Contains(out, "\x1b[") || strings.Contains(out, " findings: ") {
		t.Errorf("not a terminal: colours or counts:\n%s", out)
	}
	if _, out, _ := runSystem(t, true, nil, filepath.Join(samples, "clean")); out != "no findings\n" {
		t.Errorf("clean driver on a terminal: %q", out)
	}
}

// Cases: kdlint:ignore did not take rule names; -disable KD101 turned
// every KD101 suppression into a warning; unused or malformed
// suppressions changed neither the exit status nor the SARIF results.
func TestSuppressionsEndToEnd(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.c"), "#include <linux/interrupt.h>\n"+
		"static irqreturn_t h(int i, void *d)\n{\n"+
		"\tmsleep(1); /* kdlint:ignore sleep-in-atomic polled mode only */\n"+
		"\tmdelay(1); /* kdlint:ignore KD101 stale: mdelay does not sleep */\n"+
		"\treturn IRQ_HANDLED;\n}\n"+
		"static int p(void) { return request_irq(1, h, 0, \"x\", 0); }\n")
	code, out, _ := runMain(t, "-cache=false", dir)
	if code != ExitFindings || strings.Contains(out, "a.c:4:") ||
		!strings.Contains(out, "a.c:5:16: warning: kdlint:ignore KD101 silences no finding on line 5; remove it [KD001 bad-suppression]") {
		t.Errorf("exit %d:\n%s", code, out)
	}
	if code, out, errs := runMain(t, "-cache=false", "-disable", "KD101", dir); code != ExitClean || out != "" || errs != "" {
		t.Errorf("-disable KD101: exit %d, %q %q; its suppressions must be left alone", code, out, errs)
	}
	if code, out, _ := runMain(t, "-cache=false", "-disable", "bad-suppression", dir); code != ExitClean || out != "" {
		t.Errorf("-disable bad-suppression: exit %d, %q", code, out)
	}
	_, out, _ = runMain(t, "-cache=false", "-format", "sarif", dir)
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct{ Rules []struct{ ID string } }
			}
			Results []struct {
				RuleID string
				Level  string
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatal(err)
	}
	r := log.Runs[0]
	if len(r.Results) != 1 || r.Results[0].RuleID != "KD001" || r.Results[0].Level != "warning" || r.Tool.Driver.Rules[0].ID != "KD001" {
		t.Errorf("SARIF results %+v, rules %+v; want the KD001 finding as a result", r.Results, r.Tool.Driver.Rules)
	}
	if code, out, _ := runMain(t, "-explain", "KD001"); code != ExitClean || !strings.Contains(out, "kdlint:ignore") {
		t.Errorf("-explain KD001: exit %d %q", code, out)
	}
	if _, out, _ := runMain(t, "-list"); !strings.HasPrefix(out, "KD001  bad-suppression") {
		t.Errorf("-list does not start with KD001:\n%s", out)
	}
}

// Case: the pre-commit hook reported only findings located in the
// changed files: a commit changing only main.c to call a sleeping helper
// of helper.c from a timer passed.
func TestChangedFileEvidence(t *testing.T) {
	main := filepath.Join(samples, "helper-file", "main.c")
	code, out, errs := runMain(t, "-cache=false", main)
	if code != ExitFindings || !strings.Contains(out, "helper.c:32:2: error: msleep() may sleep") ||
		!strings.Contains(out, "main.c:19:2: note: ledpulse_blink() calls ledpulse_set()") {
		t.Errorf("main.c named: exit %d\n%s%s", code, out, errs)
	}
}

// Case: SARIF said executionSuccessful on a run that exited 2.
func TestSARIFFailedRun(t *testing.T) {
	code, out, _ := runMain(t, "-format", "sarif", "no/such/dir", filepath.Join(samples, "clean"))
	var log struct {
		Runs []struct {
			Invocations []struct {
				ExecutionSuccessful bool
				ExitCode            int
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatal(err)
	}
	inv := log.Runs[0].Invocations[0]
	if code != ExitError || inv.ExecutionSuccessful || inv.ExitCode != ExitError {
		t.Errorf("exit %d, executionSuccessful %t, exitCode %d", code, inv.ExecutionSuccessful, inv.ExitCode)
	}
}

// Case: %SRCROOT% was the working directory, so an upload from a
// subdirectory misplaced the files. It is the git top level, or the
// working directory outside a repository, or -sarif-root.
func TestSARIFSourceRoot(t *testing.T) {
	repo := t.TempDir()
	if err := os.Mkdir(filepath.Join(repo, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(repo, "drivers", "drv", "a.c"), sleepyC)
	t.Chdir(filepath.Join(repo, "drivers"))
	uri := func(args ...string) (string, string) {
		t.Helper()
		_, out, errs := runMain(t, append([]string{"-cache=false", "-format", "sarif"}, args...)...)
		var log struct {
			Runs []struct {
				OriginalURIBaseIDs map[string]struct{ URI string } `json:"originalUriBaseIds"`
				Results            []struct {
					Locations []struct {
						PhysicalLocation struct {
							ArtifactLocation struct{ URI, URIBaseID string }
						}
					}
				}
			}
		}
		if err := json.Unmarshal([]byte(out), &log); err != nil || len(log.Runs[0].Results) == 0 {
			t.Fatalf("%v: %s", err, errs)
		}
		r := log.Runs[0]
		return r.Results[0].Locations[0].PhysicalLocation.ArtifactLocation.URI, r.OriginalURIBaseIDs["%SRCROOT%"].URI
	}
	if u, root := uri("drv"); u != "drivers/drv/a.c" || root != "file://"+filepath.ToSlash(repo)+"/" {
		t.Errorf("in a repository: uri %q, %%SRCROOT%% %q; want drivers/drv/a.c from the top level", u, root)
	}
	if u, _ := uri("-sarif-root", ".", "drv"); u != "drv/a.c" {
		t.Errorf("-sarif-root .: uri %q", u)
	}
	// Outside a repository: the working directory.
	if err := os.Remove(filepath.Join(repo, ".git")); err != nil {
		t.Fatal(err)
	}
	if hasGitAbove(repo) {
		t.Skipf("%s is inside a git repository", repo)
	}
	if u, _ := uri("drv"); u != "drv/a.c" {
		t.Errorf("outside a repository: uri %q, want drv/a.c", u)
	}
}

func hasGitAbove(dir string) bool {
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, ".git")); err == nil {
			return true
		}
		if filepath.Dir(d) == d {
			return false
		}
	}
}

// Case: README's claims were not true: an install command nobody can run,
// a GitHub workflow that could not be pasted and hid exit 2, "go test
// ./... runs everything", -v for notices that are always printed.
func TestReadmeClaims(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	for _, bad := range []string{"@latest", "|| true", "runs everything"} {
		if strings.Contains(readme, bad) {
			t.Errorf("README still says %q", bad)
		}
	}
	for _, want := range []string{"not yet published", "git clone", "go install ./cmd/kdlint",
		"actions/checkout@", "actions/setup-go@", "security-events: write", "github/codeql-action/upload-sarif@",
		"-max-file-size", "-strict", "-sarif-root", "kdlint:ignore sleep-in-atomic", "KD001",
		"v0.1.0", "note:", ".ci/run"} {
		if !strings.Contains(readme, want) {
			t.Errorf("README does not say %q", want)
		}
	}
	// The workflow with the Action is the example file, as it is.
	wf := regexp.MustCompile("(?s)```yaml\n(name: kdlint\n.*?)```").FindStringSubmatch(readme)
	example, err := os.ReadFile("../../docs/examples/kdlint-workflow.yml")
	if err != nil {
		t.Fatal(err)
	}
	var body []string
	for _, l := range strings.Split(string(example), "\n") {
		if !strings.HasPrefix(l, "#") {
			body = append(body, l)
		}
	}
	if wf == nil || wf[1] != strings.TrimLeft(strings.Join(body, "\n"), "\n") {
		t.Error("README's workflow with the Action is not docs/examples/kdlint-workflow.yml")
	}
	for _, want := range []string{"security-events: write", "pull_request:", "actions/checkout@", "uses: kdlint/kdlint@"} {
		if wf != nil && !strings.Contains(wf[1], want) {
			t.Errorf("the workflow lacks %q", want)
		}
	}
	// The workflow without the Action must keep exit 2 visible: the
	// upload step runs always(), the kdlint step's status is checked.
	manual := regexp.MustCompile("(?s)```yaml\n(name: kdlint \\(built from a clone\\).*?)```").FindStringSubmatch(readme)
	if manual == nil {
		t.Fatal("README has no complete GitHub workflow without the Action (```yaml starting with name: kdlint (built from a clone))")
	}
	for _, want := range []string{"on:", "permissions:", "security-events: write", "contents: read", "runs-on:",
		"actions/checkout@", "actions/setup-go@", "go install ./cmd/kdlint", "-format sarif", "if: always()", "sarif_file:"} {
		if !strings.Contains(manual[1], want) {
			t.Errorf("the workflow lacks %q", want)
		}
	}
	// Every key of the configuration file's reference has an example.
	for _, key := range []string{"rules:", "enabled:", "severity:", "max-depth:", "exclude:", "kernel:", "sleeping-functions:", "gfp-arg:",
		"non-sleeping-functions:", "atomic-callbacks:", "context:", "struct:", "member:", "callback-registrations:", "arg:",
		"lock-wrappers:", "lock:", "releases:", "try:", "teardown-helpers:", "object:", "destroys:", "waits:"} {
		if !regexp.MustCompile(`(?m)^ *(- )?` + regexp.QuoteMeta(key) + `( |$)`).MatchString(readme) {
			t.Errorf("README's configuration example has no %q", key)
		}
	}
}
