package cli

// Issue 13, where driver developers work: the configuration file, the
// model extensions it declares, baselines, fixes, the JSON and GitHub
// formats and -version. Each test does what README tells a newcomer to
// do, and checks what README says they will see.

import (
	"bytes"
	"encoding/json"
	"go/token"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/tools/go/analysis"

	"github.com/kdlint/kdlint/analyzers"
	"github.com/kdlint/kdlint/analyzers/passes/input"
	"github.com/kdlint/kdlint/analyzers/rule"
	jsonout "github.com/kdlint/kdlint/output/json"
	"github.com/kdlint/kdlint/report"
)

// A driver whose timer calls the driver's own wait helper, defined in a
// library outside the module: kdlint cannot know that it sleeps until
// .kdlint.yaml says so.
const ownHelperC = `#include <linux/timer.h>

extern void acme_fw_wait(struct acme *a);	/* in the vendor library: sleeps */

static struct timer_list poll_timer;

static void acme_poll(struct timer_list *t)
{
	acme_fw_wait(the_acme);
}

static int acme_probe(void)
{
	timer_setup(&poll_timer, acme_poll, 0);
	return 0;
}
`

// TestConfigDeclaresSleepingHelper is README's configuration walk-through:
// a .kdlint.yaml in the project's top level that declares a sleeping
// helper of the user's own makes kdlint report the timer that calls it,
// from any directory below, and pruning does not hide it.
func TestConfigDeclaresSleepingHelper(t *testing.T) {
	root := t.TempDir()
	writeFile(t, filepath.Join(root, "drivers", "acme", "acme.c"), ownHelperC)
	t.Chdir(filepath.Join(root, "drivers"))
	if code, out, errs := runMain(t, "-cache=false", "acme"); code != ExitClean || out != "" {
		t.Fatalf("without the configuration: exit %d %s%s", code, out, errs)
	}
	writeFile(t, filepath.Join(root, ".kdlint.yaml"), "kernel:\n  sleeping-functions:\n    - acme_fw_wait\n")
	for _, parseAll := range []string{"-parse-all=false", "-parse-all=true"} {
		code, out, errs := runMain(t, "-cache=false", parseAll, "acme")
		want := "acme/acme.c:9:2: error: acme_fw_wait() may sleep, but it runs in atomic context in timer callback acme_poll() (softirq context) [KD101 sleep-in-atomic]"
		if code != ExitFindings || !strings.HasPrefix(out, want+"\n") {
			t.Errorf("%s: exit %d\n%s%s\nwant first line %s", parseAll, code, out, errs, want)
		}
	}
	// The cache knows the model changed.
	if _, out, _ := runMain(t, "acme"); !strings.Contains(out, "acme_fw_wait() may sleep") {
		t.Errorf("cached run: %q", out)
	}
	writeFile(t, filepath.Join(root, ".kdlint.yaml"), "kernel:\n  sleeping-functions: []\n")
	if code, out, _ := runMain(t, "acme"); code != ExitClean {
		t.Errorf("cached run after the helper was taken out of the file: exit %d %s", code, out)
	}
}

// TestConfigKernelModel: each kind of model extension takes effect, with
// and without pruning, and without the file nothing is reported.
func TestConfigKernelModel(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "drv", "a.c"), `#include <linux/workqueue.h>
#include <linux/delay.h>
struct acme_bus_ops { void (*kick)(void *); };
static struct workqueue_struct *wq;
/* Called by the vendor core's own dispatcher, from its interrupt handler. */
static void acme_rx_poll(void *p)
{
	msleep(1);
}
static void acme_kick(void *p)
{
	usleep_range(10, 20);
}
static const struct acme_bus_ops ops = { .kick = acme_kick };
static void acme_update(struct acme *a)
{
	acme_lock(a);
	msleep(2);
	acme_unlock(a);
}
static int __init acme_init(void)
{
	wq = alloc_workqueue("acme", 0, 0);
	if (!wq)
		return -ENOMEM;
	return 0;
}
static void __exit acme_exit(void)
{
	acme_wq_free(wq);
}
module_init(acme_init);
module_exit(acme_exit);
`)
	cfg := filepath.Join(dir, "kdlint.yaml")
	writeFile(t, cfg, `kernel:
  atomic-callbacks:
    - function: acme_rx_poll
      context: hardirq
    - {struct: acme_bus_ops, member: kick, context: softirq}
  lock-wrappers:
    - {function: acme_lock, lock: spinlock}
    - {function: acme_unlock, lock: spinlock, releases: true}
  teardown-helpers:
    - {function: acme_wq_free, object: workqueue}
`)
	drv := filepath.Join(dir, "drv")
	empty := filepath.Join(dir, "empty.yaml")
	writeFile(t, empty, "")
	_, out, _ := runMain(t, "-cache=false", "-config", empty, drv)
	if !strings.Contains(out, "KD301") || strings.Contains(out, "KD101") {
		t.Errorf("without the extensions: want the workqueue finding only:\n%s", out)
	}
	for _, parseAll := range []string{"-parse-all=false", "-parse-all=true"} {
		_, out, errs := runMain(t, "-cache=false", parseAll, "-config", cfg, drv)
		for _, want := range []string{
			"a.c:8:2: error: msleep() may sleep, but it runs in atomic context in hard IRQ callback acme_rx_poll() (hard IRQ context) [KD101",
			"a.c:6:13: note: acme_rx_poll() registered as hard IRQ callback by kdlint.yaml",
			"a.c:12:2: error: usleep_range() may sleep, but it runs in atomic context in softirq callback acme_kick() (softirq context)",
			"a.c:18:2: error: msleep() may sleep, but it runs in atomic context while acme_lock(a) is held (line 17)",
		} {
			if !strings.Contains(out, want) {
				t.Errorf("%s: no %q in\n%s%s", parseAll, want, out, errs)
			}
		}
		if strings.Contains(out, "KD301") {
			t.Errorf("%s: the teardown helper was not taken as destroying the workqueue:\n%s", parseAll, out)
		}
	}
}

// TestConfigRules: rules turned off and on, severities, options, exclude
// patterns, and flags over the file.
func TestConfigRules(t *testing.T) {
	dir := t.TempDir()
	abs := filepath.Join(dir, "chardev-old")
	for _, name := range []string{"sadc.c"} {
		b, err := os.ReadFile(filepath.Join(samples, "chardev-old", name))
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(abs, name), string(b))
	}
	writeFile(t, filepath.Join(dir, "deep", "a.c"), "static void deep2(void) { msleep(1); }\n"+
		"static void deep1(void) { deep2(); }\n"+
		"static void t_fn(struct timer_list *t) { deep1(); }\n"+
		"static int p(void) { timer_setup(&tm, t_fn, 0); return 0; }\n")
	cfg := filepath.Join(dir, "c.yaml")
	run := func(text string, args ...string) (int, string, string) {
		t.Helper()
		writeFile(t, cfg, text)
		return runMain(t, append([]string{"-cache=false", "-config", cfg}, append(args, abs)...)...)
	}
	if _, out, _ := run("rules:\n  KD101: off\n  mutex-in-atomic: off\n"); strings.Contains(out, "KD101") || strings.Contains(out, "KD102") || !strings.Contains(out, "KD301") {
		t.Errorf("rules off:\n%s", out)
	}
	if _, out, _ := run("rules:\n  KD101: off\n", "-enable", "sleep-in-atomic"); !strings.Contains(out, "KD101") {
		t.Errorf("-enable over the file's off:\n%s", out)
	}
	if _, out, _ := run("rules:\n  KD101: {enabled: true}\n", "-disable", "KD101"); strings.Contains(out, "KD101") {
		t.Errorf("-disable over the file's on:\n%s", out)
	}
	if code, _, errs := run("", "-enable", "KD101", "-disable", "KD101"); code != ExitError || !strings.Contains(errs, "both -enable and -disable") {
		t.Errorf("-enable and -disable of one rule: exit %d %s", code, errs)
	}
	_, out, _ := run("rules:\n  KD301: error\n  KD101:\n    severity: note\n")
	if !strings.Contains(out, "sadc.c:253:12: error: workqueue sadc.wq") || !strings.Contains(out, "sadc.c:89:2: note: msleep() may sleep") {
		t.Errorf("severities:\n%s", out)
	}
	_, sarifOut, _ := run("rules:\n  KD301: error\n", "-format", "sarif")
	if !strings.Contains(sarifOut, `"level": "error",
            "problem.severity": "error"`) && !regexp.MustCompile(`"id": "KD301",(?s:.*?)"level": "error"`).MatchString(sarifOut) {
		t.Errorf("SARIF rule descriptor does not carry the file's severity")
	}
	// max-depth 1 from the file keeps the finding two calls deep out;
	// the flag wins over the file.
	deep := filepath.Join(dir, "deep")
	writeFile(t, cfg, "rules:\n  KD101:\n    max-depth: 1\n")
	if _, out, _ := runMain(t, "-cache=false", "-config", cfg, deep); strings.Contains(out, "a.c:1:") {
		t.Errorf("max-depth from the file not applied:\n%s", out)
	}
	if _, out, _ := runMain(t, "-cache=false", "-config", cfg, "-rule.KD101.max-depth=0", deep); !strings.Contains(out, "a.c:1:27: error: msleep()") {
		t.Errorf("the flag does not win over the file's option:\n%s", out)
	}
	// Exclude patterns are relative to the file's directory: by name at
	// any depth, anchored with a slash, and never outside it.
	for pattern, excluded := range map[string]bool{`"sadc.c"`: true, `"chardev-old/"`: true, `"/chardev-old/*.c"`: true,
		`"chardev-old/x.c"`: false, `"*.h"`: false, `"../*"`: false} {
		_, out, errs := run("exclude: [" + pattern + "]\n")
		if excluded != (out == "") {
			t.Errorf("exclude %s: excluded %t, want %t:\n%s%s", pattern, out == "", excluded, out, errs)
		}
	}
	// Errors point at the line and column.
	code, _, errs := run("rules:\n  KD101:\n    max-dept: 3\n")
	if code != ExitError || !strings.Contains(errs, "kdlint: configuration: "+cfg+":3:5: unknown key \"max-dept\" for rule KD101 (want enabled, severity, max-depth)") {
		t.Errorf("bad option: exit %d %s", code, errs)
	}
	if code, _, errs := runMain(t, "-config", filepath.Join(dir, "missing.yaml"), abs); code != ExitError || !strings.Contains(errs, "missing.yaml: no such file") {
		t.Errorf("missing -config: exit %d %s", code, errs)
	}
}

// TestConfigFoundInAncestor: without -config, the nearest .kdlint.yaml
// of the working directory or its ancestors counts.
func TestConfigFoundInAncestor(t *testing.T) {
	root := t.TempDir()
	writeFile(t, filepath.Join(root, "drv", "a.c"), sleepyC)
	writeFile(t, filepath.Join(root, ".kdlint.yaml"), "rules:\n  KD101: off\n")
	writeFile(t, filepath.Join(root, "sub", ".kdlint.yaml"), "rules:\n  KD101: warning\n")
	t.Chdir(root)
	if code, out, _ := runMain(t, "-cache=false", "drv"); code != ExitClean || out != "" {
		t.Errorf("top level: exit %d %q", code, out)
	}
	t.Chdir(filepath.Join(root, "sub"))
	if _, out, _ := runMain(t, "-cache=false", "../drv"); !strings.Contains(out, "a.c:2:40: warning: msleep()") {
		t.Errorf("the nearer file: %q", out)
	}
}

// TestBaseline is README's baseline walk-through: record the findings of
// today, add code above them and a new bug, and see only the new one.
func TestBaseline(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	src := filepath.Join("drv", "a.c")
	writeFile(t, src, sleepyC)
	code, out, errs := runMain(t, "-write-baseline", "kdlint-baseline.json", "drv")
	if code != ExitFindings || !strings.Contains(out, "a.c:2:") {
		t.Fatalf("recording: exit %d %s%s", code, out, errs)
	}
	if code, out, errs := runMain(t, "-baseline", "kdlint-baseline.json", "drv"); code != ExitClean || out != "" {
		t.Errorf("against its own baseline: exit %d %s%s", code, out, errs)
	}
	// Code moves down three lines, and a new sleeping call appears.
	writeFile(t, src, "#include <linux/interrupt.h>\n/* moved */\n\n\n"+
		"static irqreturn_t h(int i, void *d) { msleep(1); return IRQ_HANDLED; }\n"+
		"static irqreturn_t h2(int i, void *d) { ssleep(1); return IRQ_HANDLED; }\n"+
		"static int p(void) { request_irq(2, h2, 0, \"y\", 0); return request_irq(1, h, 0, \"x\", 0); }\n")
	code, out, _ = runMain(t, "-baseline", "kdlint-baseline.json", "drv")
	if code != ExitFindings || strings.Count(out, ": error: ") != 1 || !strings.Contains(out, "a.c:6:41: error: ssleep()") {
		t.Errorf("after the change: exit %d, want only the new finding:\n%s", code, out)
	}
	// A SARIF log serves as a baseline too, and -include-suppressed
	// shows the old finding as suppressed by it.
	if code, _, errs := runMain(t, "-format", "sarif", "-o", "old.sarif", "-config", os.DevNull, "drv"); code != ExitFindings {
		t.Fatalf("sarif: %d %s", code, errs)
	}
	writeFile(t, src, sleepyC+"static irqreturn_t h3(int i, void *d) { msleep(3); return IRQ_HANDLED; }\n"+
		"static int p3(void) { return request_irq(3, h3, 0, \"z\", 0); }\n")
	_, out, _ = runMain(t, "-format", "json", "-include-suppressed", "-baseline", "old.sarif", "drv")
	var doc jsonout.Document
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Findings) != 1 || doc.Findings[0].Location.Line != 4 || len(doc.Suppressed) != 1 || doc.Suppressed[0].Suppression == nil ||
		doc.Suppressed[0].Suppression.Kind != "external" || doc.Suppressed[0].Location.Line != 2 {
		t.Errorf("SARIF baseline: findings %+v\nsuppressed %+v", doc.Findings, doc.Suppressed)
	}
	for name, text := range map[string]string{"not.json": "[]", "other.json": `{"schema": "x"}`, "bad.sarif": `{"runs": [{"tool": {"driver": {"name": "clang"}}, "results": []}]}`} {
		writeFile(t, name, text)
		if code, _, errs := runMain(t, "-baseline", name, "drv"); code != ExitError || !strings.Contains(errs, "kdlint: -baseline: "+name) {
			t.Errorf("%s: exit %d %s", name, code, errs)
		}
	}
}

// oldWaitRule is a test rule that knows its fix: every call of
// old_wait() becomes new_wait(), as KD103 and KD303 will fix GFP flags and
// del_timer.
var oldWaitRule = rule.New(rule.Spec{
	Doc: report.Rule{ID: "KD900", Name: "old-wait", Summary: "report calls of old_wait()", Level: report.Warning,
		Precision: "high", What: "Calls of old_wait().", Why: "It is gone."},
	Requires: []*analysis.Analyzer{input.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		for _, fn := range input.Of(pass).Funcs {
			for _, c := range fn.Calls() {
				if c.Name != "old_wait" {
					continue
				}
				pass.Report(analysis.Diagnostic{Pos: c.P, End: c.E, Message: "old_wait() is gone",
					SuggestedFixes: []analysis.SuggestedFix{{Message: "call new_wait() instead",
						TextEdits: []analysis.TextEdit{{Pos: c.P, End: c.P + token.Pos(len("old_wait")), NewText: []byte("new_wait")}}}}})
			}
		}
		return nil, nil
	},
})

// withFixRule runs kdlint with the test rule added to the registry.
func withFixRule(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, system{stdout: &out, stderr: &errb, getenv: func(string) string { return "" },
		terminal: func(io.Writer) bool { return false }, rules: append(append([]*rule.Rule(nil), analyzers.All...), oldWaitRule)})
	return code, out.String(), errb.String()
}

const oldWaitC = `static void a(void)
{
	old_wait(1);
}

static void b(void)
{
	old_wait(2); old_wait(3);
	new_wait(4);
}
`

// TestFix is README's fix walk-through, with a test rule: the text
// output gives the hint, -diff prints a diff git apply accepts, -fix
// applies it, and the next run is clean.
func TestFix(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	src := filepath.Join("drv", "w.c")
	writeFile(t, src, oldWaitC)
	args := []string{"-cache=false", "-parse-all", "-sarif-root", "."}
	code, out, _ := withFixRule(t, append(args, "drv")...)
	if code != ExitFindings || !strings.Contains(out, "drv/w.c:3:2: warning: old_wait() is gone [KD900 old-wait]\n"+
		"drv/w.c:3:2: note: fix: call new_wait() instead (-diff shows it, -fix applies it)\n") {
		t.Errorf("text: exit %d\n%s", code, out)
	}
	code, diff, errs := withFixRule(t, append(args, "-diff", "drv")...)
	want := `--- a/drv/w.c
+++ b/drv/w.c
@@ -1,10 +1,10 @@
 static void a(void)
 {
-	old_wait(1);
+	new_wait(1);
 }
 
 static void b(void)
 {
-	old_wait(2); old_wait(3);
+	new_wait(2); new_wait(3);
 	new_wait(4);
 }
`
	if code != ExitFindings || diff != want {
		t.Errorf("-diff: exit %d\n%s\nwant:\n%s\n%s", code, diff, want, errs)
	}
	if b, _ := os.ReadFile(src); string(b) != oldWaitC {
		t.Fatal("-diff changed the file")
	}
	if git, err := exec.LookPath("git"); err == nil {
		cmd := exec.Command(git, "apply", "--check", "-")
		cmd.Stdin = strings.NewReader(diff)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("git apply --check rejects the diff: %v\n%s", err, out)
		}
	}
	code, out, errs = withFixRule(t, append(args, "-fix", "drv")...)
	if code != ExitClean || out != "" || !strings.Contains(errs, "kdlint: fixed 3 findings in 1 file") {
		t.Errorf("-fix: exit %d %q %s", code, out, errs)
	}
	fixed, _ := os.ReadFile(src)
	if string(fixed) != strings.ReplaceAll(oldWaitC, "old_wait", "new_wait") {
		t.Errorf("fixed file:\n%s", fixed)
	}
	if code, out, _ := withFixRule(t, append(args, "drv")...); code != ExitClean || out != "" {
		t.Errorf("after -fix: exit %d %s", code, out)
	}
	if tmp, _ := filepath.Glob(filepath.Join("drv", ".*")); len(tmp) != 0 {
		t.Errorf("temporary files left: %v", tmp)
	}
	// SARIF and JSON carry the fix.
	writeFile(t, src, oldWaitC)
	_, out, _ = withFixRule(t, append(args, "-format", "sarif", "drv")...)
	if !strings.Contains(out, `"deletedRegion": {
                        "startLine": 3,
                        "startColumn": 2,
                        "endLine": 3,
                        "endColumn": 10
                      },
                      "insertedContent": {
                        "text": "new_wait"`) {
		t.Errorf("SARIF fix:\n%s", out)
	}
	_, out, _ = withFixRule(t, append(args, "-format", "json", "drv")...)
	if !strings.Contains(out, `"description": "call new_wait() instead"`) || !strings.Contains(out, `"newText": "new_wait"`) {
		t.Errorf("JSON fix:\n%s", out)
	}
}

// TestFixNeverTouchesChangedFiles: a file that changed after kdlint read
// it is left alone, and the run says so and fails.
func TestFixNeverTouchesChangedFiles(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "drv", "w.c")
	writeFile(t, src, oldWaitC)
	changed := strings.Replace(oldWaitC, "new_wait(4);", "new_wait(5);", 1)
	// The test rule's run changes the file, as an editor saving it while
	// kdlint runs would.
	sneaky := *oldWaitRule
	an := *oldWaitRule.Analyzer
	an.Run = func(pass *analysis.Pass) (any, error) {
		os.WriteFile(src, []byte(changed), 0o644)
		return oldWaitRule.Analyzer.Run(pass)
	}
	sneaky.Analyzer = &an
	var out, errb bytes.Buffer
	code := run([]string{"-cache=false", "-parse-all", "-fix", filepath.Join(dir, "drv")}, system{stdout: &out, stderr: &errb,
		getenv: func(string) string { return "" }, terminal: func(io.Writer) bool { return false }, rules: []*rule.Rule{&sneaky}})
	if b, _ := os.ReadFile(src); string(b) != changed {
		t.Errorf("the changed file was rewritten:\n%s", b)
	}
	if code != ExitFindings || !strings.Contains(errb.String(), "changed since kdlint read it") || !strings.Contains(errb.String(), "fixed 0 findings") {
		t.Errorf("exit %d\n%s%s", code, out.String(), errb.String())
	}
}

// TestGoldenFormats: -format json and -format github of the bundled
// example, against golden files (go test ./internal/cli -update rewrites
// them); the JSON validates against its schema.
func TestGoldenFormats(t *testing.T) {
	t.Chdir("../..")
	for _, format := range []string{"json", "github"} {
		code, out, errs := runMain(t, "-format", format, "testdata/drivers/chardev-old")
		if code != ExitFindings {
			t.Fatalf("%s: exit %d: %s", format, code, errs)
		}
		golden := filepath.Join("internal", "cli", "testdata", "chardev-old."+format)
		if *update {
			if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test ./internal/cli -update to create it)", err)
		}
		if out != string(want) {
			t.Errorf("-format %s differs from %s; run go test ./internal/cli -update and review the diff", format, golden)
		}
		if format == "json" {
			validateJSON(t, []byte(out))
		}
	}
}

func validateJSON(t *testing.T, doc []byte) {
	t.Helper()
	c := jsonschema.NewCompiler()
	schema, err := jsonschema.UnmarshalJSON(bytes.NewReader(jsonout.Schema))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.AddResource("schema.json", schema); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("schema.json")
	if err != nil {
		t.Fatal(err)
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(v); err != nil {
		t.Errorf("the JSON output does not follow its schema: %v", err)
	}
}

// TestGitHubEscaping: messages and properties are escaped as the Actions
// toolkit does.
func TestGitHubEscaping(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	writeFile(t, filepath.Join("a,b:c%", "a.c"), sleepyC)
	_, out, _ := runMain(t, "-cache=false", "-format", "github", "-sarif-root", ".", "a,b:c%")
	if !strings.HasPrefix(out, "::error file=a%2Cb%3Ac%25/a.c,line=2,endLine=2,col=40,endColumn=49,title=KD101 sleep-in-atomic::msleep() may sleep") ||
		!strings.Contains(out, "(hard IRQ context)%0Aa,b:c%25/a.c:3:29: note: h() registered") {
		t.Errorf("escaping:\n%s", out)
	}
}

// TestVersion: -version says the version, the commit and whether the tree
// was modified, from Go's build information.
func TestVersion(t *testing.T) {
	for _, c := range []struct {
		bi   *debug.BuildInfo
		want []string
	}{
		{&debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "github.com/kdlint/kdlint", Version: "(devel)"},
			Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "60c8254abc"}, {Key: "vcs.time", Value: "2026-01-02T03:04:05Z"}, {Key: "vcs.modified", Value: "true"}}},
			[]string{"kdlint " + Version + "\n", "commit: 60c8254abc (2026-01-02T03:04:05Z)\n", "modified: yes", "go: go1.26.8\n"}},
		{&debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "abc"}, {Key: "vcs.modified", Value: "false"}}},
			[]string{"commit: abc\n", "modified: no\n"}},
		{&debug.BuildInfo{Main: debug.Module{Version: "v0.1.0"}}, []string{"module: github.com/kdlint/kdlint v0.1.0\n", "commit: the one tagged v0.1.0\n", "modified: no"}},
		{&debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20260102030405-abcdef123456"}}, []string{"commit: abcdef123456 (from the module version)\n"}},
		{&debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, []string{"commit: unknown (built without version control information", "modified: unknown\n"}},
		{nil, []string{"build information: none"}},
	} {
		var out bytes.Buffer
		code := run([]string{"-version"}, system{stdout: &out, stderr: io.Discard, getenv: os.Getenv, terminal: isTerminal,
			buildInfo: func() (*debug.BuildInfo, bool) { return c.bi, c.bi != nil }})
		for _, w := range c.want {
			if code != ExitClean || !strings.Contains(out.String(), w) {
				t.Errorf("exit %d, no %q in\n%s", code, w, out.String())
			}
		}
	}
	// The real binary's: this test binary has build information.
	if code, out, _ := runMain(t, "-version"); code != ExitClean || !strings.Contains(out, "commit: ") || !strings.Contains(out, "modified: ") {
		t.Errorf("-version: %d %s", code, out)
	}
}

// TestIncludeSuppressed: kdlint:ignore'd findings are left out of SARIF
// by default, and written as suppressed with -include-suppressed.
func TestIncludeSuppressed(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.c"), "#include <linux/interrupt.h>\n"+
		"static irqreturn_t h(int i, void *d)\n{\n"+
		"\tmsleep(1); /* kdlint:ignore KD101 polled mode only */\n"+
		"\treturn IRQ_HANDLED;\n}\n"+
		"static int p(void) { return request_irq(1, h, 0, \"x\", 0); }\n")
	type log struct {
		Runs []struct {
			AutomationDetails struct{ ID string }
			Results           []struct {
				RuleID       string
				Suppressions []struct{ Kind, Status, Justification string }
			}
		}
	}
	get := func(args ...string) log {
		t.Helper()
		code, out, errs := runMain(t, append([]string{"-cache=false", "-format", "sarif"}, append(args, dir)...)...)
		var l log
		if err := json.Unmarshal([]byte(out), &l); err != nil {
			t.Fatalf("exit %d: %v %s", code, err, errs)
		}
		return l
	}
	if l := get(); len(l.Runs[0].Results) != 0 || l.Runs[0].AutomationDetails.ID != "" {
		t.Errorf("default: %+v", l)
	}
	l := get("-include-suppressed", "-sarif-category", "drivers/acme")
	r := l.Runs[0]
	if len(r.Results) != 1 || len(r.Results[0].Suppressions) != 1 || r.Results[0].Suppressions[0].Kind != "inSource" ||
		r.Results[0].Suppressions[0].Justification != "polled mode only" || r.AutomationDetails.ID != "drivers/acme/" {
		t.Errorf("-include-suppressed: %+v", r)
	}
	if code, out, _ := runMain(t, "-cache=false", "-include-suppressed", dir); code != ExitClean || out != "" {
		t.Errorf("text with -include-suppressed: exit %d %q", code, out)
	}
}

// TestReadmeConfigExample: README's complete example is a file kdlint
// accepts.
func TestReadmeConfigExample(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)```yaml\n(# .kdlint.yaml\n.*?)```").FindSubmatch(b)
	if m == nil {
		t.Fatal("README has no complete .kdlint.yaml example")
	}
	cfg := filepath.Join(t.TempDir(), ".kdlint.yaml")
	writeFile(t, cfg, string(m[1]))
	f, err := loadConfig(cfg, analyzers.All)
	if err != nil {
		t.Fatal(err)
	}
	k := f.Kernel
	if len(f.Rules) != 3 || len(f.Exclude) != 3 || len(k.Sleepers) != 2 || len(k.NotSleeping) != 1 || len(k.ContextFuncs) != 1 ||
		len(k.OpsSlots) != 1 || len(k.Registrations) != 1 || len(k.LockOps) != 3 || len(k.Teardowns) != 2 {
		t.Errorf("README's example read as %+v", f)
	}
	if code, _, errs := runMain(t, "-cache=false", "-config", cfg, filepath.Join(samples, "clean")); code != ExitClean {
		t.Errorf("a run with README's example: exit %d %s", code, errs)
	}
}
