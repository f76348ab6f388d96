package doublelock_test

import (
	"testing"

	"github.com/kdlint/kdlint/analyzers/doublelock"
	"github.com/kdlint/kdlint/internal/kdtest"
)

func Test(t *testing.T) {
	kdtest.Run(t, []string{"testdata/src/a"}, doublelock.Rule)
}

// TestFileStatics: a file-static lock of one file is not the lock of the
// same name in another; a global one is, whatever a comment says.
func TestFileStatics(t *testing.T) {
	kdtest.Run(t, []string{"testdata/src/statics"}, doublelock.Rule)
}
