package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestPreCommitHook runs the repository's .pre-commit-hooks.yaml with
// pre-commit try-repo (which builds kdlint from this checkout, tracked
// changes included, as language: golang does for users) on consumer
// repositories:
//
//   - a commit that changes only main.c to call an existing sleeping
//     helper of helper.c from a timer must fail the hook, with the
//     finding in helper.c;
//   - a clean driver passes with --all-files.
//
// Without pre-commit the test is skipped, saying how to install it; in
// CI (CI=true, as .ci/run runs) it fails instead.
func TestPreCommitHook(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the pre-commit hook test builds kdlint several times")
	}
	bin, err := exec.LookPath("pre-commit")
	if err != nil {
		msg := "pre-commit not installed (apt-get install pre-commit, or pip install pre-commit); .ci/run installs it"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("git", "-C", root, "rev-parse", "HEAD").CombinedOutput(); err != nil {
		t.Skipf("%s is not a git checkout (%s); try-repo needs one", root, out)
	}
	gomodcache, err := exec.Command("go", "env", "GOMODCACHE").Output()
	if err != nil {
		t.Fatal(err)
	}
	home := t.TempDir()
	env := append(os.Environ(),
		"PRE_COMMIT_HOME="+filepath.Join(home, "pre-commit"),
		// Reuse the module cache: language: golang sets GOPATH to the
		// hook's environment, which would download every module again.
		"GOMODCACHE="+strings.TrimSpace(string(gomodcache)),
		"GIT_AUTHOR_NAME=kdlint test", "GIT_AUTHOR_EMAIL=test@kdlint.invalid",
		"GIT_COMMITTER_NAME=kdlint test", "GIT_COMMITTER_EMAIL=test@kdlint.invalid",
		"GIT_CONFIG_GLOBAL="+os.DevNull, "GIT_CONFIG_NOSYSTEM=1")
	git := func(dir string, args ...string) {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir, cmd.Env = dir, env
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	hook := func(dir string, args ...string) (string, bool) {
		t.Helper()
		start := time.Now()
		defer func() { t.Logf("try-repo %v: %v", args, time.Since(start)) }()
		cmd := exec.Command(bin, append([]string{"try-repo", root, "kdlint"}, args...)...)
		cmd.Dir, cmd.Env = dir, env
		out, err := cmd.CombinedOutput()
		if _, ok := err.(*exec.ExitError); err != nil && !ok {
			t.Fatalf("pre-commit: %v", err)
		}
		return string(out), err == nil
	}
	consumer := func(name string) string {
		dir := filepath.Join(home, name)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		git(dir, "init", "-q")
		return dir
	}
	copyFile := func(from, to string, edit func(string) string) {
		t.Helper()
		b, err := os.ReadFile(from)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(to, []byte(edit(string(b))), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	same := func(s string) string { return s }
	const call = "\tledpulse_set(led_on);\n"
	noCall := func(s string) string {
		if !strings.Contains(s, call) {
			t.Fatalf("the sample's timer no longer calls ledpulse_set")
		}
		return strings.Replace(s, call, "", 1)
	}

	// The driver before the commit: the timer does not call the helper.
	drv := consumer("helper-file")
	sample := filepath.Join(root, "testdata", "drivers", "helper-file")
	for _, f := range []string{"helper.c", "ledpulse.h"} {
		copyFile(filepath.Join(sample, f), filepath.Join(drv, f), same)
	}
	copyFile(filepath.Join(sample, "main.c"), filepath.Join(drv, "main.c"), noCall)
	git(drv, "add", ".")
	git(drv, "commit", "-q", "-m", "ledpulse")

	// The commit that makes the timer call the sleeping helper fails it,
	// though only main.c changed.
	copyFile(filepath.Join(sample, "main.c"), filepath.Join(drv, "main.c"), same)
	git(drv, "add", "main.c")
	out, ok := hook(drv)
	if ok || !strings.Contains(out, "helper.c:32:2: error: msleep() may sleep") || !strings.Contains(out, "main.c:19:2: note: ledpulse_blink() calls ledpulse_set()") {
		t.Errorf("the commit that calls helper.c's msleep from a timer passes the hook, or the finding is missing:\n%s", out)
	}

	// A clean driver passes.
	clean := consumer("clean")
	copyFile(filepath.Join(root, "testdata", "drivers", "clean", "lxcap.c"), filepath.Join(clean, "lxcap.c"), same)
	git(clean, "add", ".")
	git(clean, "commit", "-q", "-m", "lxcap")
	if out, ok := hook(clean, "--all-files"); !ok || !strings.Contains(out, "Passed") {
		t.Errorf("the clean driver fails the hook:\n%s", out)
	}
}
