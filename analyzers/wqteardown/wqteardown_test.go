package wqteardown_test

import (
	"testing"

	"github.com/kdlint/kdlint/analyzers/wqteardown"
	"github.com/kdlint/kdlint/internal/kdtest"
)

func Test(t *testing.T) {
	kdtest.Run(t, []string{"testdata/src/a"}, wqteardown.Rule)
}

// TestAliases: workqueues reached through local copies, helpers that make
// them, kref release callbacks, devres actions, and created and destroyed
// under the same test; return call() fails when the call does.
func TestAliases(t *testing.T) {
	kdtest.Run(t, []string{"testdata/src/alias"}, wqteardown.Rule)
}

// TestKbuild: module boundaries come from the directory's Makefile, and
// code that can only be built in has no module exit.
func TestKbuild(t *testing.T) {
	kdtest.Run(t, []string{"testdata/src/kbuild"}, wqteardown.Rule)
}

// TestEntryPointsWithoutSemicolon: module_init(fn) and module_exit(fn)
// written without a ';' still name the module's init and exit functions.
func TestEntryPointsWithoutSemicolon(t *testing.T) {
	kdtest.Run(t, []string{"testdata/src/nosemi/leak", "testdata/src/nosemi/clean"}, wqteardown.Rule)
}
