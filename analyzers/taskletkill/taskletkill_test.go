package taskletkill_test

import (
	"testing"

	"github.com/kdlint/kdlint/analyzers/taskletkill"
	"github.com/kdlint/kdlint/internal/kdtest"
)

func Test(t *testing.T) {
	kdtest.Run(t, []string{"testdata/src/a"}, taskletkill.Rule)
}

// TestMultiDriverDirectory: each driver of a directory holding several is
// checked against its own exit function, and same-named static functions
// of different files are kept apart.
func TestMultiDriverDirectory(t *testing.T) {
	kdtest.Run(t, []string{"testdata/src/multi"}, taskletkill.Rule)
}

// TestKinds: a tasklet pinned by a reference taken before scheduling, one
// disabled only in a stop function the remove path does not reach, one
// on the stack, one only disabled at teardown, next to ones never killed.
func TestKinds(t *testing.T) {
	kdtest.Run(t, []string{"testdata/src/kinds"}, taskletkill.Rule)
}

// TestBuiltin: built-in code without sysfs unbinding has no teardown
// path; with it, unbinding still tears down; a remove callback set at
// run time is a teardown path.
func TestBuiltin(t *testing.T) {
	kdtest.Run(t, []string{"testdata/src/builtin"}, taskletkill.Rule)
}
