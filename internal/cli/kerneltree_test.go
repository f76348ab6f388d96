package cli

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestKernelTreeRoot: from a kernel tree's root, kdlint lints kernel
// code and leaves out the user-space and host-program directories,
// saying so in one line; -include-userspace, or naming such a
// directory, lints them.
func TestKernelTreeRoot(t *testing.T) {
	root := t.TempDir()
	for _, f := range []string{"Kbuild", "Makefile", "MAINTAINERS"} {
		writeFile(t, filepath.Join(root, f), "\n")
	}
	writeFile(t, filepath.Join(root, "drivers", "d", "a.c"), "int a;\n")
	writeFile(t, filepath.Join(root, "tools", "t", "b.c"), sleepyC)
	code, out, errs := runMain(t, "-cache=false", root)
	if code != ExitClean || out != "" {
		t.Errorf("root: exit %d, output %q: tools/ was linted", code, out)
	}
	if strings.Count(errs, "\n") != 1 || !strings.Contains(errs, "note: kernel tree: tools/ left out") || !strings.Contains(errs, "-include-userspace") {
		t.Errorf("root: want one line saying tools/ is left out: %q", errs)
	}
	for _, args := range [][]string{{"-include-userspace", root}, {root, filepath.Join(root, "tools")}} {
		code, out, errs := runMain(t, append([]string{"-cache=false"}, args...)...)
		if code != ExitFindings || !strings.Contains(out, "b.c:2:") || strings.Contains(errs, "left out") {
			t.Errorf("%v: exit %d, output %q, stderr %q", args, code, out, errs)
		}
	}
}
