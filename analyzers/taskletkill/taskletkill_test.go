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
