package sarif

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/kdlint/kdlint/output/rulesdoc"
	"github.com/kdlint/kdlint/report"
)

// fooC is the source the sample findings point into.
const fooC = `#include <linux/delay.h>
#include <linux/spinlock.h>

static void foo_reset(struct foo_dev *dev)
{
	spin_lock(&dev->lock);
	msleep(10);
	spin_unlock(&dev->lock);
}
`

const barC = `#include <linux/module.h>

static int bar_probe(struct platform_device *pdev
`

func sampleRules() []*report.Rule {
	return []*report.Rule{
		{
			ID:        "KD101",
			Name:      "sleep-in-atomic",
			Summary:   "A function that may sleep is called in atomic context.",
			Level:     report.Error,
			Precision: "high",
			Tags:      []string{"correctness", "locking", "correctness", ""},
			Since:     "0.1.0",
			What:      "Finds calls to functions that may sleep, such as `msleep()`, while a spinlock is held.",
			Why:       "Sleeping in atomic context can deadlock the CPU; see [lock types](https://docs.kernel.org/locking/locktypes.html).",
			Example:   "spin_lock(&dev->lock);\nmsleep(10);\nspin_unlock(&dev->lock);\n",
			UseInstead: "spin_lock(&dev->lock);\n" +
				"mdelay(10);\n" +
				"spin_unlock(&dev->lock);",
			KnownProblems: "Calls through function pointers are not followed.",
			Options:       []report.Option{{Name: "max-depth", Default: "8", Doc: "How deep to follow calls."}},
			References:    []string{"Documentation/locking/spinlocks.rst", "https://docs.kernel.org/locking/locktypes.html"},
		},
		{
			ID:        "KD202",
			Name:      "missing-unlock",
			Summary:   "A lock is not released on every path.",
			Level:     report.Warning,
			Precision: "medium",
		},
	}
}

// sampleRun has findings in drivers/foo.c and notices about drivers/bar.c,
// relative to a directory that writeSources fills.
func sampleRun() *report.Run {
	return &report.Run{
		ToolVersion: "v0.3.1",
		Rules:       sampleRules(),
		Findings: []report.Finding{
			{
				RuleID:   "KD101",
				Level:    report.Error,
				Message:  "msleep() may sleep while spinlock dev->lock is held.",
				Location: report.Location{Path: "drivers/foo.c", Line: 7, Col: 2, EndLine: 7, EndCol: 12},
				Related: []report.Related{
					{Location: report.Location{Path: "drivers/foo.c", Line: 6, Col: 2, EndLine: 6, EndCol: 23}, Message: "spinlock dev->lock acquired here"},
					{Location: report.Location{Line: 4, Col: 13}, Message: "in foo_reset()"},
				},
				Fixes: []report.Fix{{Description: "wait with mdelay() instead", Edits: []report.Edit{
					{Location: report.Location{Path: "drivers/foo.c", Line: 7, Col: 2, EndLine: 7, EndCol: 8}, New: "mdelay"},
				}}},
				Fingerprint: "0123456789abcdef01234567:1",
			},
			{
				RuleID:   "KD202",
				Message:  "dev->lock is still held when foo_reset() returns.",
				Location: report.Location{Path: "drivers/foo.c", Line: 6, Col: 2},
			},
		},
		Suppressed: []report.Finding{{
			RuleID: "KD101", Level: report.Error, Message: "msleep() may sleep in foo_reset().",
			Location:    report.Location{Path: "drivers/foo.c", Line: 7, Col: 2, EndLine: 7, EndCol: 12},
			Suppression: &report.Suppression{Kind: report.SuppressedInSource, Justification: "the lock is dropped first"},
			Fingerprint: "76543210fedcba9876543210:1",
		}},
		Notices: []report.Notice{
			{Level: report.Error, Kind: report.NoticeFileFailed, Message: "cannot parse drivers/bar.c: expected ')'.", Location: report.Location{Path: "drivers/bar.c", Line: 3, Col: 50}},
			{Level: report.Warning, Kind: report.NoticeSkipped, Message: "skipped foo_reset(): too many paths.", Location: report.Location{Path: "drivers/foo.c", Line: 4, Col: 13}, Name: "foo_reset"},
			{Level: report.Note, Message: "no Kconfig given; assuming all options are enabled."},
		},
	}
}

func writeSources(t *testing.T, dir string) {
	t.Helper()
	for name, text := range map[string]string{"drivers/foo.c": fooC, "drivers/bar.c": barC} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// render writes run as if kdlint ran in dir.
func render(t *testing.T, run *report.Run, dir string) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := write(&buf, run, dir, Options{Root: dir}, os.ReadFile); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// decode reads a log back into the package's own types.
func decode(t *testing.T, data []byte) sarifRun {
	t.Helper()
	var log sarifLog
	if err := json.Unmarshal(data, &log); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, data)
	}
	if len(log.Runs) != 1 {
		t.Fatalf("got %d runs, want 1", len(log.Runs))
	}
	return log.Runs[0]
}

func sampleOutput(t *testing.T) (dir string, out []byte) {
	t.Helper()
	dir = t.TempDir()
	writeSources(t, dir)
	return dir, render(t, sampleRun(), dir)
}

func TestSchema(t *testing.T) {
	f, err := os.Open("testdata/sarif-2.1.0-schema.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat() // uri and uri-reference are where escaping bugs would show
	if err := c.AddResource("sarif-2.1.0-schema.json", doc); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile("sarif-2.1.0-schema.json")
	if err != nil {
		t.Fatal(err)
	}

	_, sample := sampleOutput(t)
	odd := &report.Run{
		ToolVersion: "(devel)",
		Findings: []report.Finding{
			{RuleID: "KD999", Location: report.Location{Path: "/usr/include/linux/a b#c.h", Line: 1}},
			{RuleID: "KD999", Location: report.Location{Path: "dir/ü:x%.c", Line: 2, Col: 3}},
			{RuleID: "KD999"},
		},
		Notices: []report.Notice{{}},
	}
	for name, out := range map[string][]byte{
		"empty":  render(t, &report.Run{}, t.TempDir()),
		"nil":    render(t, nil, t.TempDir()),
		"sample": sample,
		"odd":    render(t, odd, "/work/a tree"),
	} {
		t.Run(name, func(t *testing.T) {
			inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
			if err != nil {
				t.Fatal(err)
			}
			if err := schema.Validate(inst); err != nil {
				t.Errorf("%v\n%s", err, out)
			}
			// The validator's uri formats accept spaces and the like.
			assertStrictURIs(t, inst)
		})
	}

	// The validator must catch what it is here to catch.
	for name, broken := range map[string]string{
		"bad level":      strings.Replace(string(sample), `"level": "error"`, `"level": "fatal"`, 1),
		"no message":     strings.Replace(string(sample), `"message": {`, `"msg": {`, 1),
		"startLine zero": strings.Replace(string(sample), `"startLine": 7`, `"startLine": 0`, 1),
	} {
		if broken == string(sample) {
			t.Fatalf("%s: the replacement did not apply", name)
		}
		inst, err := jsonschema.UnmarshalJSON(strings.NewReader(broken))
		if err != nil {
			t.Fatal(err)
		}
		if schema.Validate(inst) == nil {
			t.Errorf("%s: the schema accepted it", name)
		}
	}
}

// uriRE is RFC 3986's character set for URI references, with every "%"
// starting an escape.
var uriRE = regexp.MustCompile(`^(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-F]{2})+$`)

// assertStrictURIs checks every "uri" string in a decoded document.
func assertStrictURIs(t *testing.T, doc any) {
	t.Helper()
	switch v := doc.(type) {
	case []any:
		for _, e := range v {
			assertStrictURIs(t, e)
		}
	case map[string]any:
		for k, e := range v {
			if s, ok := e.(string); ok && k == "uri" && !uriRE.MatchString(s) {
				t.Errorf("uri %q is not an RFC 3986 URI reference", s)
			}
			assertStrictURIs(t, e)
		}
	}
}

func TestEmptyRun(t *testing.T) {
	dir := t.TempDir()
	out := render(t, &report.Run{}, dir)

	if !bytes.HasPrefix(out, []byte("{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n")) {
		t.Errorf("unexpected start of output:\n%s", out)
	}
	if !bytes.HasSuffix(out, []byte("}\n")) {
		t.Errorf("output does not end in a newline")
	}
	if !bytes.Contains(out, []byte(`"results": []`)) {
		t.Errorf("no empty results array:\n%s", out)
	}
	var raw struct {
		Runs []map[string]json.RawMessage `json:"runs"`
	}
	if err := json.Unmarshal(out, &raw); err != nil {
		t.Fatal(err)
	}
	if got := string(raw.Runs[0]["results"]); got != "[]" {
		t.Errorf("results = %s, want []", got)
	}

	run := decode(t, out)
	d := run.Tool.Driver
	if d.Name != "kdlint" || d.InformationURI != "https://github.com/kdlint/kdlint" {
		t.Errorf("driver = %+v", d)
	}
	if d.Version != "" || d.SemanticVersion != "" {
		t.Errorf("version without a ToolVersion: %q, %q", d.Version, d.SemanticVersion)
	}
	inv := run.Invocations[0]
	if !inv.ExecutionSuccessful || len(inv.ToolExecutionNotifications) != 0 {
		t.Errorf("invocation = %+v", inv)
	}
	base := run.OriginalURIBaseIDs["%SRCROOT%"].URI
	if want := fileURI(dir) + "/"; base != want {
		t.Errorf("%%SRCROOT%% = %q, want %q", base, want)
	}
	if inv.WorkingDirectory == nil || inv.WorkingDirectory.URI != base {
		t.Errorf("workingDirectory = %+v, want %q", inv.WorkingDirectory, base)
	}
	if run.ColumnKind != "utf16CodeUnits" {
		t.Errorf("columnKind = %q", run.ColumnKind)
	}
}

func TestFindings(t *testing.T) {
	_, out := sampleOutput(t)
	run := decode(t, out)

	if got, want := run.Tool.Driver.Version, "0.3.1"; got != want {
		t.Errorf("version = %q, want %q", got, want)
	}
	if got, want := run.Tool.Driver.SemanticVersion, "0.3.1"; got != want {
		t.Errorf("semanticVersion = %q, want %q", got, want)
	}
	if len(run.Results) != 3 { // two findings, one suppressed
		t.Fatalf("got %d results, want 3", len(run.Results))
	}

	r := run.Results[0]
	if r.RuleID != "KD101" || r.RuleIndex == nil || *r.RuleIndex != 0 || r.Level != "error" {
		t.Errorf("result 0: ruleId %q ruleIndex %v level %q", r.RuleID, r.RuleIndex, r.Level)
	}
	// GitHub shows related locations only where the message links them.
	if r.Message.Text != "msleep() may sleep while spinlock dev->lock is held. ([spinlock dev->lock acquired here](1); [in foo_reset()](2))" {
		t.Errorf("message = %q", r.Message.Text)
	}
	wantLoc := location{PhysicalLocation: physicalLocation{
		ArtifactLocation: artifactLocation{URI: "drivers/foo.c", URIBaseID: "%SRCROOT%"},
		Region:           &region{StartLine: 7, StartColumn: 2, EndLine: 7, EndColumn: 12},
	}}
	if len(r.Locations) != 1 || !equalJSON(r.Locations[0], wantLoc) {
		t.Errorf("locations = %s, want [%s]", mustJSON(r.Locations), mustJSON(wantLoc))
	}
	wantRelated := []location{
		{ID: 1, Message: &message{Text: "spinlock dev->lock acquired here"}, PhysicalLocation: physicalLocation{
			ArtifactLocation: artifactLocation{URI: "drivers/foo.c", URIBaseID: "%SRCROOT%"},
			Region:           &region{StartLine: 6, StartColumn: 2, EndLine: 6, EndColumn: 23},
		}},
		// No path: the finding's file.
		{ID: 2, Message: &message{Text: "in foo_reset()"}, PhysicalLocation: physicalLocation{
			ArtifactLocation: artifactLocation{URI: "drivers/foo.c", URIBaseID: "%SRCROOT%"},
			Region:           &region{StartLine: 4, StartColumn: 13, EndLine: 4, EndColumn: 14},
		}},
	}
	if !equalJSON(r.RelatedLocations, wantRelated) {
		t.Errorf("relatedLocations = %s, want %s", mustJSON(r.RelatedLocations), mustJSON(wantRelated))
	}
	fp := regexp.MustCompile(`^[0-9a-f]{16}:1$`)
	if got := r.PartialFingerprints["primaryLocationLineHash"]; !fp.MatchString(got) {
		t.Errorf("primaryLocationLineHash = %q", got)
	}

	r = run.Results[1]
	if r.RuleIndex == nil || *r.RuleIndex != 1 || r.Level != "warning" {
		t.Errorf("result 1: ruleIndex %v level %q; want 1, the rule's default level", r.RuleIndex, r.Level)
	}
	if got := r.Locations[0].PhysicalLocation.Region; *got != (region{StartLine: 6, StartColumn: 2, EndLine: 6, EndColumn: 3}) {
		t.Errorf("region without an end = %+v", *got)
	}

	inv := run.Invocations[0]
	if !inv.ExecutionSuccessful {
		t.Error("executionSuccessful = false; file failures are notifications")
	}
	wantNotes := []notification{
		{Descriptor: &descriptorReference{ID: "file-failed"}, Level: "error", Message: message{Text: "cannot parse drivers/bar.c: expected ')'."},
			Locations: []location{{PhysicalLocation: physicalLocation{
				ArtifactLocation: artifactLocation{URI: "drivers/bar.c", URIBaseID: "%SRCROOT%"},
				Region:           &region{StartLine: 3, StartColumn: 50, EndLine: 3, EndColumn: 51},
			}}}},
		{Descriptor: &descriptorReference{ID: "skipped"}, Level: "warning", Message: message{Text: "skipped foo_reset(): too many paths."},
			Locations: []location{{PhysicalLocation: physicalLocation{
				ArtifactLocation: artifactLocation{URI: "drivers/foo.c", URIBaseID: "%SRCROOT%"},
				Region:           &region{StartLine: 4, StartColumn: 13, EndLine: 4, EndColumn: 14},
			}}}},
		{Level: "note", Message: message{Text: "no Kconfig given; assuming all options are enabled."}},
		// What was not analysed, as the text summary line and -stats say it.
		{Descriptor: &descriptorReference{ID: "not-analysed"}, Level: "warning",
			Message: message{Text: "1 file and 1 function in 1 other file not analysed; the other notifications list them"}},
	}
	if !equalJSON(inv.ToolExecutionNotifications, wantNotes) {
		t.Errorf("notifications = %s\nwant %s", mustJSON(inv.ToolExecutionNotifications), mustJSON(wantNotes))
	}
	if want := (report.Unanalysed{Files: 1, Functions: 1, InFiles: 1}); inv.Properties == nil || inv.Properties.NotAnalysed != want {
		t.Errorf("invocation properties = %+v, want notAnalysed %+v", inv.Properties, want)
	}
}

func TestRuleDescriptors(t *testing.T) {
	_, out := sampleOutput(t)
	rules := decode(t, out).Tool.Driver.Rules
	if len(rules) != 2 {
		t.Fatalf("got %d rules, want 2", len(rules))
	}

	r := rules[0]
	check := func(field, got, want string) {
		t.Helper()
		if got != want {
			t.Errorf("%s = %q, want %q", field, got, want)
		}
	}
	check("id", r.ID, "KD101")
	check("name", r.Name, "sleep-in-atomic")
	check("shortDescription", r.ShortDescription.Text, "A function that may sleep is called in atomic context.")
	check("fullDescription.text", r.FullDescription.Text,
		"Finds calls to functions that may sleep, such as msleep(), while a spinlock is held.\n\n"+
			"Sleeping in atomic context can deadlock the CPU; see lock types (https://docs.kernel.org/locking/locktypes.html).")
	check("fullDescription.markdown", r.FullDescription.Markdown,
		"Finds calls to functions that may sleep, such as `msleep()`, while a spinlock is held.\n\n"+
			"Sleeping in atomic context can deadlock the CPU; see [lock types](https://docs.kernel.org/locking/locktypes.html).")
	check("helpUri", r.HelpURI, "https://github.com/kdlint/kdlint/blob/main/rules.md#kd101")
	check("defaultConfiguration.level", r.DefaultConfiguration.Level, "error")
	check("precision", r.Properties.Precision, "high")
	check("problem.severity", r.Properties.ProblemSeverity, "error")
	if want := []string{"correctness", "locking"}; !slices.Equal(r.Properties.Tags, want) {
		t.Errorf("tags = %q, want %q", r.Properties.Tags, want)
	}

	// The help is the rule's section of rules.md, from the one renderer.
	check("help.markdown", r.Help.Markdown, rulesdoc.HelpMarkdown(sampleRules()[0]))
	check("help.text", r.Help.Text, rulesdoc.HelpText(sampleRules()[0]))
	for _, want := range []string{"### What it does", "### Why is this bad?", "```c\nspin_lock(&dev->lock);",
		"`-rule.KD101.max-depth=VALUE`", "[Documentation/locking/spinlocks.rst](https://docs.kernel.org/locking/spinlocks.html)"} {
		if !strings.Contains(r.Help.Markdown, want) {
			t.Errorf("help.markdown lacks %q:\n%s", want, r.Help.Markdown)
		}
	}

	// GitHub requires fullDescription and help: a rule with only a summary
	// repeats it as its full description, and its help says what is missing.
	r = rules[1]
	want := multiformatMessage{Text: "A lock is not released on every path."}
	if r.FullDescription == nil || *r.FullDescription != want || r.Help == nil || r.Help.Markdown == "" || r.Help.Text == "" {
		t.Errorf("KD202 fullDescription %+v, help %+v; want the summary and a help", r.FullDescription, r.Help)
	}
	check("KD202 problem.severity", r.Properties.ProblemSeverity, "warning")

	assertNoEmptyStrings(t, out)
}

// assertNoEmptyStrings fails if any string in the JSON document is empty.
func assertNoEmptyStrings(t *testing.T, data []byte) {
	t.Helper()
	var doc any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch v := v.(type) {
		case string:
			if v == "" {
				t.Errorf("empty string at %s", path)
			}
		case []any:
			for i, e := range v {
				walk(fmt.Sprintf("%s[%d]", path, i), e)
			}
		case map[string]any:
			for k, e := range v {
				walk(path+"."+k, e)
			}
		}
	}
	walk("$", doc)
}

func TestURIs(t *testing.T) {
	b := &builder{cwd: "/work/src tree", root: "/work/src tree"}
	for _, tc := range []struct {
		path, uri, base string
	}{
		{"drivers/foo.c", "drivers/foo.c", "%SRCROOT%"},
		{"./drivers//net/../foo.c", "drivers/foo.c", "%SRCROOT%"},
		{"/work/src tree/drivers/a b.c", "drivers/a%20b.c", "%SRCROOT%"},
		{"/work/src tree", "file:///work/src%20tree", ""},
		{"/work/src treehouse/x.c", "file:///work/src%20treehouse/x.c", ""},
		{"/usr/include/linux/types.h", "file:///usr/include/linux/types.h", ""},
		{"../other/x.c", "file:///work/other/x.c", ""},
		{"drivers/c#1?.c", "drivers/c%231%3F.c", "%SRCROOT%"},
		{"a:b.c", "a%3Ab.c", "%SRCROOT%"},
		{"/opt/a:b.c", "file:///opt/a:b.c", ""},
		{"drivers/ü.c", "drivers/%C3%BC.c", "%SRCROOT%"},
		{"drivers/100%.c", "drivers/100%25.c", "%SRCROOT%"},
	} {
		_, got := b.artifact(tc.path)
		if !uriRE.MatchString(got.URI) {
			t.Errorf("artifact(%q) = %q, not an RFC 3986 URI reference", tc.path, got.URI)
		}
		if got.URI != tc.uri || got.URIBaseID != tc.base {
			t.Errorf("artifact(%q) = {%q %q}, want {%q %q}", tc.path, got.URI, got.URIBaseID, tc.uri, tc.base)
			continue
		}
		// The URI must parse back to the same file.
		u, err := url.Parse(got.URI)
		if err != nil {
			t.Errorf("%q: %v", got.URI, err)
			continue
		}
		abs := tc.path
		if !filepath.IsAbs(abs) {
			abs = filepath.Join(b.cwd, abs)
		}
		abs = filepath.Clean(abs)
		if tc.base == "" {
			if u.Scheme != "file" || u.Path != abs {
				t.Errorf("%q parses to scheme %q path %q, want file %q", got.URI, u.Scheme, u.Path, abs)
			}
		} else if rel, _ := filepath.Rel(b.cwd, abs); u.Scheme != "" || u.Path != rel {
			t.Errorf("%q parses to scheme %q path %q, want relative %q", got.URI, u.Scheme, u.Path, rel)
		}
	}
	if got, want := dirURI(b.cwd), "file:///work/src%20tree/"; got != want {
		t.Errorf("dirURI = %q, want %q", got, want)
	}
	if got, want := dirURI("/"), "file:///"; got != want {
		t.Errorf("dirURI of / = %q, want %q", got, want)
	}
}

// TestSourceRoot: with the source root above the working directory (a run
// from a subdirectory of a repository), paths are written from the root;
// paths outside the root are file URIs.
func TestSourceRoot(t *testing.T) {
	b := &builder{cwd: "/repo/drivers/net", root: "/repo"}
	for path, want := range map[string]artifactLocation{
		"foo/a.c":              {URI: "drivers/net/foo/a.c", URIBaseID: "%SRCROOT%"},
		"../../include/x.h":    {URI: "include/x.h", URIBaseID: "%SRCROOT%"},
		"/repo/drivers/b.c":    {URI: "drivers/b.c", URIBaseID: "%SRCROOT%"},
		"../../../elsewhere.c": {URI: "file:///elsewhere.c"},
	} {
		if _, got := b.artifact(path); got != want {
			t.Errorf("artifact(%q) = %+v, want %+v", path, got, want)
		}
	}
	var buf bytes.Buffer
	if err := write(&buf, &report.Run{}, "/repo/drivers/net", Options{Root: "/repo"}, os.ReadFile); err != nil {
		t.Fatal(err)
	}
	run := decode(t, buf.Bytes())
	if got := run.OriginalURIBaseIDs["%SRCROOT%"].URI; got != "file:///repo/" {
		t.Errorf("%%SRCROOT%% = %q, want file:///repo/", got)
	}
	if got := run.Invocations[0].WorkingDirectory.URI; got != "file:///repo/drivers/net/" {
		t.Errorf("workingDirectory = %q, want the working directory", got)
	}
}

// TestExecutionSuccessful: a run that failed (exit status 2) says so.
func TestExecutionSuccessful(t *testing.T) {
	for _, failed := range []bool{false, true} {
		var buf bytes.Buffer
		status := map[bool]int{false: 1, true: 2}[failed]
		if err := write(&buf, &report.Run{Failed: failed, ExitStatus: status}, "/w", Options{Root: "/w"}, os.ReadFile); err != nil {
			t.Fatal(err)
		}
		inv := decode(t, buf.Bytes()).Invocations[0]
		if inv.ExecutionSuccessful == failed || inv.ExitCode != status {
			t.Errorf("Failed=%t: executionSuccessful %t, exitCode %d", failed, inv.ExecutionSuccessful, inv.ExitCode)
		}
	}
}

func TestRegions(t *testing.T) {
	b := &builder{readFile: func(string) ([]byte, error) { return nil, errors.New("no file") }, files: map[string][]string{}}
	for _, tc := range []struct {
		loc  report.Location
		want *region
	}{
		{report.Location{}, nil},
		{report.Location{Line: 3}, &region{StartLine: 3, EndLine: 3}},
		{report.Location{Line: 3, EndLine: 5}, &region{StartLine: 3, EndLine: 5}},
		{report.Location{Line: 3, Col: 4}, &region{StartLine: 3, StartColumn: 4, EndLine: 3, EndColumn: 5}},
		{report.Location{Line: 3, Col: 4, EndCol: 9}, &region{StartLine: 3, StartColumn: 4, EndLine: 3, EndColumn: 9}},
		{report.Location{Line: 3, Col: 4, EndLine: 3, EndCol: 4}, &region{StartLine: 3, StartColumn: 4, EndLine: 3, EndColumn: 5}},
		{report.Location{Line: 3, Col: 4, EndLine: 3, EndCol: 2}, &region{StartLine: 3, StartColumn: 4, EndLine: 3, EndColumn: 5}},
		{report.Location{Line: 3, Col: 4, EndLine: 2, EndCol: 9}, &region{StartLine: 3, StartColumn: 4, EndLine: 3, EndColumn: 5}},
		{report.Location{Line: 3, Col: 4, EndLine: 6, EndCol: 2}, &region{StartLine: 3, StartColumn: 4, EndLine: 6, EndColumn: 2}},
		{report.Location{Line: 3, Col: 4, EndLine: 6}, &region{StartLine: 3, StartColumn: 4, EndLine: 6}},
	} {
		got := b.region("/x.c", tc.loc)
		if !equalJSON(got, tc.want) {
			t.Errorf("region(%+v) = %s, want %s", tc.loc, mustJSON(got), mustJSON(tc.want))
		}
	}
}

func TestUTF16Columns(t *testing.T) {
	// "ü" is 2 bytes and 1 UTF-16 unit; "😀" is 4 bytes and 2 units.
	src := "/* Jürgen 😀 */ msleep(1);\n"
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "u.c"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	byteCol := strings.Index(src, "msleep") + 1
	run := &report.Run{Findings: []report.Finding{{
		RuleID:   "KD101",
		Location: report.Location{Path: "u.c", Line: 1, Col: byteCol, EndCol: byteCol + len("msleep(1)")},
	}}}
	got := decode(t, render(t, run, dir)).Results[0].Locations[0].PhysicalLocation.Region
	want := region{StartLine: 1, StartColumn: byteCol - 1 - 2, EndLine: 1, EndColumn: byteCol - 1 - 2 + len("msleep(1)")}
	if *got != want {
		t.Errorf("region = %+v, want %+v", *got, want)
	}
	if got := utf16Column("ab", 6); got != 6 {
		t.Errorf("column past the end = %d, want 6", got)
	}
}

func TestFingerprints(t *testing.T) {
	dir := t.TempDir()
	src := "\tmsleep(1);\n\tmsleep(1);\n  msleep( 1 );\n\tmdelay(1);\n"
	if err := os.WriteFile(filepath.Join(dir, "f.c"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	at := func(rule string, line int) report.Finding {
		return report.Finding{RuleID: rule, Message: "m", Location: report.Location{Path: "f.c", Line: line, Col: 2}}
	}
	findings := []report.Finding{at("KD101", 3), at("KD101", 1), at("KD101", 2), at("KD202", 1), at("KD101", 4), at("KD101", 9)}
	fps := func(fs []report.Finding) map[string]string {
		out := map[string]string{}
		for i, r := range decode(t, render(t, &report.Run{Findings: fs}, dir)).Results {
			out[fmt.Sprint(fs[i].RuleID, ":", fs[i].Line)] = r.PartialFingerprints[lineHashKey]
		}
		return out
	}
	got := fps(findings)

	// Whitespace does not matter; identical lines are ranked by position.
	hash, _, _ := strings.Cut(got["KD101:1"], ":")
	for key, want := range map[string]string{"KD101:1": hash + ":1", "KD101:2": hash + ":2", "KD101:3": hash + ":3"} {
		if got[key] != want {
			t.Errorf("%s: fingerprint %q, want %q", key, got[key], want)
		}
	}
	if h, _, _ := strings.Cut(got["KD202:1"], ":"); h == hash {
		t.Error("the rule ID does not change the hash")
	}
	if h, _, _ := strings.Cut(got["KD101:4"], ":"); h == hash {
		t.Error("the line text does not change the hash")
	}
	if fp, ok := got["KD101:9"]; fp != "" || !ok {
		t.Errorf("line past the end of file: fingerprint %q, want none", fp)
	}

	// The findings' order does not change any fingerprint.
	reversed := slices.Clone(findings)
	slices.Reverse(reversed)
	if again := fps(reversed); !equalJSON(again, got) {
		t.Errorf("fingerprints depend on order:\n%v\n%v", got, again)
	}
}

func TestUnreadableSource(t *testing.T) {
	run := &report.Run{Findings: []report.Finding{{RuleID: "KD101", Location: report.Location{Path: "missing.c", Line: 2, Col: 5, EndCol: 9}}}}
	res := decode(t, render(t, run, t.TempDir())).Results[0]
	if res.PartialFingerprints != nil {
		t.Errorf("fingerprint for an unreadable file: %v", res.PartialFingerprints)
	}
	if got := *res.Locations[0].PhysicalLocation.Region; got != (region{StartLine: 2, StartColumn: 5, EndLine: 2, EndColumn: 9}) {
		t.Errorf("byte columns should pass unchanged, got %+v", got)
	}
	if res.Message.Text != "KD101" || res.Level != "warning" || res.RuleIndex != nil {
		t.Errorf("unknown rule without message: %+v", res)
	}
}

func TestDeterminism(t *testing.T) {
	dir := t.TempDir()
	writeSources(t, dir)
	first := render(t, sampleRun(), dir)
	for range 5 {
		if again := render(t, sampleRun(), dir); !bytes.Equal(first, again) {
			t.Fatalf("output differs between runs:\n%s\n---\n%s", first, again)
		}
	}
}

func TestSemanticVersion(t *testing.T) {
	for v, want := range map[string]string{
		"1.2.3":                              "1.2.3",
		"v0.3.1":                             "0.3.1",
		"v1.0.0-rc.1+build.5":                "1.0.0-rc.1+build.5",
		"v0.0.0-20240101120000-abcdef123456": "0.0.0-20240101120000-abcdef123456",
		"v1.2":                               "",
		"01.2.3":                             "",
		"(devel)":                            "",
		"":                                   "",
	} {
		if got := semanticVersion(v); got != want {
			t.Errorf("semanticVersion(%q) = %q, want %q", v, got, want)
		}
	}
	for v, want := range map[string]string{"v0.3.1": "0.3.1", "0.3.1": "0.3.1", "(devel)": "(devel)", "vendor": "vendor", "": ""} {
		if got := toolVersion(v); got != want {
			t.Errorf("toolVersion(%q) = %q, want %q", v, got, want)
		}
	}
}

func TestWriteUsesWorkingDirectory(t *testing.T) {
	dir := t.TempDir()
	writeSources(t, dir)
	t.Chdir(dir)
	var buf bytes.Buffer
	if err := Write(&buf, sampleRun(), ""); err != nil {
		t.Fatal(err)
	}
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	if want := render(t, sampleRun(), wd); !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("Write differs from write in the working directory:\n%s\n---\n%s", buf.Bytes(), want)
	}
}

// TestMultitool validates the sample log with Microsoft's SARIF multitool,
// including its GitHub Advanced Security rules. .ci/install-sarif-multitool
// installs it.
func TestMultitool(t *testing.T) {
	bin := os.Getenv("KDLINT_SARIF_MULTITOOL")
	if bin == "" {
		bin = filepath.Join(repoRoot(t), "node_modules", "@microsoft", "sarif-multitool-linux", "Sarif.Multitool")
	}
	if _, err := os.Stat(bin); err != nil {
		msg := fmt.Sprintf("SARIF multitool not available (%v); run .ci/install-sarif-multitool or set KDLINT_SARIF_MULTITOOL", err)
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}

	dir := t.TempDir()
	writeSources(t, dir)
	t.Chdir(dir) // through Write itself, as kdlint runs
	logPath := filepath.Join(dir, "out.sarif")
	var buf bytes.Buffer
	if err := Write(&buf, sampleRun(), ""); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(logPath, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}

	resultPath := filepath.Join(dir, "v.sarif")
	cmd := exec.Command(bin, "validate", logPath,
		"--rule-kind", "Sarif;Ghas",
		"--level", "Error;Warning",
		"-o", resultPath)
	cmd.Dir = dir
	// Without libicu, .NET aborts unless told to run culture-invariant, which
	// is all a validator needs; so never depend on libicu.
	cmd.Env = append(os.Environ(),
		"DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1",
		"DOTNET_CLI_TELEMETRY_OPTOUT=1")
	output, err := cmd.CombinedOutput()
	t.Logf("%s\n%s", cmd, output)
	if err != nil {
		t.Fatalf("multitool failed: %v", err)
	}

	data, err := os.ReadFile(resultPath)
	if err != nil {
		t.Fatalf("multitool wrote no results: %v", err)
	}
	var v struct {
		Runs []struct {
			Results []struct {
				RuleID  string `json:"ruleId"`
				Level   string `json:"level"`
				Message struct {
					Text      string   `json:"text"`
					ID        string   `json:"id"`
					Arguments []string `json:"arguments"`
				} `json:"message"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatalf("multitool output: %v\n%s", err, data)
	}
	if len(v.Runs) == 0 {
		t.Fatalf("multitool output has no runs:\n%s", data)
	}
	for _, r := range v.Runs[0].Results {
		text := r.Message.Text
		if text == "" {
			text = fmt.Sprintf("%s %q", r.Message.ID, r.Message.Arguments)
		}
		t.Errorf("%s %s: %s", r.RuleID, r.Level, text)
	}
	if t.Failed() {
		t.Logf("validated log:\n%s", buf.Bytes())
	}
}

func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's directory")
		}
		dir = parent
	}
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

func equalJSON(a, b any) bool { return mustJSON(a) == mustJSON(b) }

func TestEscapeLinkText(t *testing.T) {
	if got := escapeLinkText(`wq[i] \ x`); got != `wq\[i\] \\ x` {
		t.Errorf("escapeLinkText = %q", got)
	}
}

// TestGitHubShape: what GitHub code scanning reads of a log: fixes as
// replacements, kdlint's fingerprint beside GitHub's line hash,
// suppressed results marked, the category, and at most MaxResults
// results, the most severe kept, with a notification saying so.
func TestGitHubShape(t *testing.T) {
	dir := t.TempDir()
	writeSources(t, dir)
	run := decode(t, render(t, sampleRun(), dir))
	r := run.Results[0]
	if len(r.Fixes) != 1 || r.Fixes[0].Description.Text != "wait with mdelay() instead" ||
		mustJSON(r.Fixes[0].ArtifactChanges) != `[{"artifactLocation":{"uri":"drivers/foo.c","uriBaseId":"%SRCROOT%"},"replacements":[{"deletedRegion":{"startLine":7,"startColumn":2,"endLine":7,"endColumn":8},"insertedContent":{"text":"mdelay"}}]}]` {
		t.Errorf("fix: %s", mustJSON(r.Fixes))
	}
	if r.Fingerprints[report.FingerprintKey] != "0123456789abcdef01234567:1" || r.PartialFingerprints[lineHashKey] == "" {
		t.Errorf("fingerprints %v, partial %v", r.Fingerprints, r.PartialFingerprints)
	}
	if len(run.Results) != 3 || len(run.Results[2].Suppressions) != 1 || run.Results[2].Suppressions[0].Kind != "inSource" ||
		run.Results[2].Suppressions[0].Justification != "the lock is dropped first" || len(run.Results[0].Suppressions) != 0 {
		t.Errorf("suppressed result: %s", mustJSON(run.Results))
	}
	if run.AutomationDetails != nil {
		t.Errorf("no category asked, got %+v", run.AutomationDetails)
	}

	var buf bytes.Buffer
	many := sampleRun()
	many.Findings = nil
	for i := range 7 {
		lvl := report.Warning
		if i%3 == 2 {
			lvl = report.Error
		}
		many.Findings = append(many.Findings, report.Finding{RuleID: "KD101", Level: lvl, Message: fmt.Sprint("m", i),
			Location: report.Location{Path: "drivers/foo.c", Line: i + 1, Col: 1}})
	}
	if err := write(&buf, many, dir, Options{Root: dir, Category: "drivers/foo", MaxResults: 4}, os.ReadFile); err != nil {
		t.Fatal(err)
	}
	got := decode(t, buf.Bytes())
	var msgs []string
	for _, r := range got.Results {
		msgs = append(msgs, r.Message.Text)
	}
	// Errors (m2, m5) first, then the first warnings, in position order;
	// the suppressed result has no room left.
	if strings.Join(msgs, " ") != "m0 m1 m2 m5" {
		t.Errorf("kept %v", msgs)
	}
	if got.AutomationDetails == nil || got.AutomationDetails.ID != "drivers/foo/" {
		t.Errorf("category: %+v", got.AutomationDetails)
	}
	found := false
	for _, n := range got.Invocations[0].ToolExecutionNotifications {
		if n.Descriptor != nil && n.Descriptor.ID == "results-truncated" {
			found = strings.HasPrefix(n.Message.Text, "3 of 7 results left out: GitHub code scanning accepts at most 4")
		}
	}
	if !found {
		t.Errorf("no results-truncated notification: %s", mustJSON(got.Invocations))
	}
	if Truncated(7, 4) != 3 || Truncated(10, 0) != 0 || Truncated(MaxResults+1, 0) != 1 {
		t.Error("Truncated")
	}
}
