package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
)

// The GitHub Action (action.yml) and the example workflow: their shape,
// actionlint's verdict on both (the action's steps checked as a reusable
// workflow, so that actionlint and shellcheck read its expressions and
// scripts), and what the action's own scripts do with kdlint's exit
// statuses.

type actionStep struct {
	Name             string            `yaml:"name,omitempty"`
	ID               string            `yaml:"id,omitempty"`
	Uses             string            `yaml:"uses,omitempty"`
	If               string            `yaml:"if,omitempty"`
	Shell            string            `yaml:"shell,omitempty"`
	Run              string            `yaml:"run,omitempty"`
	WorkingDirectory string            `yaml:"working-directory,omitempty"`
	Env              map[string]string `yaml:"env,omitempty"`
	With             map[string]string `yaml:"with,omitempty"`
}

type actionFile struct {
	Name        string `yaml:"name"`
	Description string `yaml:"description"`
	Inputs      map[string]struct {
		Description string `yaml:"description"`
		Required    bool   `yaml:"required"`
		Default     string `yaml:"default"`
	} `yaml:"inputs"`
	Outputs map[string]struct {
		Description string `yaml:"description"`
		Value       string `yaml:"value"`
	} `yaml:"outputs"`
	Runs struct {
		Using string       `yaml:"using"`
		Steps []actionStep `yaml:"steps"`
	} `yaml:"runs"`
}

func readAction(t *testing.T) (actionFile, []byte) {
	t.Helper()
	data, err := os.ReadFile("../../action.yml")
	if err != nil {
		t.Fatal(err)
	}
	var a actionFile
	if err := yaml.Unmarshal(data, &a); err != nil {
		t.Fatal(err)
	}
	return a, data
}

// TestActionShape: a composite action whose every input is used and
// documented in README, whose expressions name only declared inputs,
// and whose scripts name a shell and take inputs through env, never
// pasted into the script.
func TestActionShape(t *testing.T) {
	a, data := readAction(t)
	if a.Runs.Using != "composite" || a.Name != "kdlint" || a.Description == "" {
		t.Fatalf("action: %+v", a)
	}
	readme, _ := os.ReadFile("../../README.md")
	for _, want := range []string{"paths", "args", "category", "fail-on-findings", "annotations", "upload"} {
		in, ok := a.Inputs[want]
		if !ok || in.Description == "" {
			t.Errorf("input %q is missing or undocumented", want)
		}
		if !strings.Contains(string(readme), "`"+want+"`") {
			t.Errorf("README does not document the action's input `%s`", want)
		}
	}
	for _, m := range regexp.MustCompile(`inputs\.([a-z-]+)`).FindAllStringSubmatch(string(data), -1) {
		if _, ok := a.Inputs[m[1]]; !ok {
			t.Errorf("action.yml uses undeclared input %q", m[1])
		}
	}
	for _, s := range a.Runs.Steps {
		if s.Run != "" && s.Shell == "" {
			t.Errorf("step %q runs a script without a shell", s.Name)
		}
		if strings.Contains(s.Run, "${{") {
			t.Errorf("step %q pastes an expression into its script; pass it through env", s.Name)
		}
	}
	var uses []string
	for _, s := range a.Runs.Steps {
		if s.Uses != "" {
			uses = append(uses, s.Uses)
		}
	}
	if strings.Join(uses, " ") != "actions/setup-go@v5 github/codeql-action/upload-sarif@v3" {
		t.Errorf("the action uses %v", uses)
	}
}

// actionlintBin finds actionlint ($ACTIONLINT, the PATH, or GOPATH/bin,
// where .ci/run installs it).
func actionlintBin(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("ACTIONLINT"); p != "" {
		return p
	}
	if p, err := exec.LookPath("actionlint"); err == nil {
		return p
	}
	if out, err := exec.Command("go", "env", "GOPATH").Output(); err == nil {
		p := filepath.Join(strings.TrimSpace(string(out)), "bin", "actionlint")
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	msg := "actionlint not installed (go install github.com/rhysd/actionlint/cmd/actionlint@v1.7.12); .ci/run installs it"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// TestActionlint runs actionlint on the example workflow, and on the
// action's steps as the jobs of a reusable workflow whose inputs are the
// action's (actionlint reads no action.yml on its own): expressions,
// the actions used and their inputs, and, with shellcheck installed
// (.ci/run installs it), the scripts.
func TestActionlint(t *testing.T) {
	bin := actionlintBin(t)
	a, _ := readAction(t)
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("name: action-as-workflow\non:\n  workflow_call:\n    inputs:\n")
	names := make([]string, 0, len(a.Inputs))
	for n := range a.Inputs {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		in := a.Inputs[n]
		b.WriteString("      " + n + ":\n        type: string\n        required: false\n        default: " + quote(in.Default) + "\n")
	}
	b.WriteString("jobs:\n  action:\n    runs-on: ubuntu-latest\n    steps:\n")
	steps, err := yaml.Marshal(a.Runs.Steps)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimRight(string(steps), "\n"), "\n") {
		b.WriteString("      " + line + "\n")
	}
	wf := filepath.Join(dir, "action-as-workflow.yml")
	if err := os.WriteFile(wf, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	example, _ := filepath.Abs("../../docs/examples/kdlint-workflow.yml")
	for _, f := range []string{wf, example} {
		cmd := exec.Command(bin, "-no-color", f)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("actionlint %s: %v\n%s", filepath.Base(f), err, out)
			if f == wf {
				t.Logf("the action as a workflow:\n%s", b.String())
			}
		}
	}
	if _, err := exec.LookPath("shellcheck"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("shellcheck not installed (apt-get install shellcheck); actionlint checks no script without it")
		}
		t.Log("shellcheck not installed: the scripts were not checked")
	}
}

func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// TestActionScripts runs the action's two scripts with a kdlint built
// from this checkout, as the runner would: the lint step records the
// SARIF log and the exit status and prints annotations; the last step
// passes findings unless fail-on-findings, and fails on 2 to 4.
func TestActionScripts(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: builds kdlint")
	}
	a, _ := readAction(t)
	step := func(id, name string) actionStep {
		for _, s := range a.Runs.Steps {
			if s.ID == id && id != "" || s.Name == name {
				return s
			}
		}
		t.Fatalf("no step %s", name)
		return actionStep{}
	}
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "kdlint-bin", "kdlint")
	if out, err := exec.Command("go", "build", "-o", bin, "../../cmd/kdlint").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	work := t.TempDir()
	writeFile(t, filepath.Join(work, "drivers", "mydrv", "a.c"), sleepyC)
	runScript := func(s actionStep, env map[string]string) (string, int) {
		t.Helper()
		cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", s.Run)
		cmd.Dir = work
		cmd.Env = append(os.Environ(), "RUNNER_TEMP="+tmp, "GITHUB_OUTPUT="+filepath.Join(tmp, "out"), "XDG_CACHE_HOME="+filepath.Join(tmp, "cache"))
		for k, v := range env {
			cmd.Env = append(cmd.Env, k+"="+v)
		}
		out, err := cmd.CombinedOutput()
		code := 0
		if e, ok := err.(*exec.ExitError); ok {
			code = e.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return string(out), code
	}
	lint := step("lint", "")
	out, code := runScript(lint, map[string]string{"KDLINT_PATHS": "drivers/mydrv", "KDLINT_ARGS": "-cache=false -j 1",
		"KDLINT_CATEGORY": "kdlint", "KDLINT_ANNOTATIONS": "true"})
	outputs, _ := os.ReadFile(filepath.Join(tmp, "out"))
	if code != 0 || !strings.Contains(string(outputs), "exit-code=1\n") || !strings.Contains(out, "::error file=drivers/mydrv/a.c,line=2,") {
		t.Errorf("lint step: exit %d\n%s\noutputs:\n%s", code, out, outputs)
	}
	if sarif, err := os.ReadFile(filepath.Join(tmp, "kdlint.sarif")); err != nil || !strings.Contains(string(sarif), `"id": "kdlint/"`) {
		t.Errorf("SARIF log: %v", err)
	}
	// One path per line: a directory whose name has a space is one path;
	// split on spaces it would be two paths that do not exist (exit 2).
	writeFile(t, filepath.Join(work, "drivers", "my drv", "b.c"), sleepyC)
	os.Remove(filepath.Join(tmp, "out"))
	out, code = runScript(lint, map[string]string{"KDLINT_PATHS": "drivers/mydrv\n  drivers/my drv  \n\n", "KDLINT_ARGS": "-cache=false -j 1",
		"KDLINT_CATEGORY": "kdlint", "KDLINT_ANNOTATIONS": "true"})
	outputs, _ = os.ReadFile(filepath.Join(tmp, "out"))
	if code != 0 || !strings.Contains(string(outputs), "exit-code=1\n") ||
		!strings.Contains(out, "::error file=drivers/mydrv/a.c,line=2,") || !strings.Contains(out, "::error file=drivers/my drv/b.c,line=2,") {
		t.Errorf("lint step, one path per line: exit %d\n%s\noutputs:\n%s", code, out, outputs)
	}
	check := step("", "Check kdlint's exit status")
	for _, c := range []struct {
		status, fail string
		want         int
	}{{"0", "true", 0}, {"1", "false", 0}, {"1", "true", 1}, {"2", "false", 2}, {"4", "false", 4}} {
		if _, code := runScript(check, map[string]string{"KDLINT_STATUS": c.status, "KDLINT_FAIL_ON_FINDINGS": c.fail}); code != c.want {
			t.Errorf("status %s, fail-on-findings %s: exit %d, want %d", c.status, c.fail, code, c.want)
		}
	}
}
