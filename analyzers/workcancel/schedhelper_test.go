package workcancel_test

import (
	"testing"

	"github.com/kdlint/kdlint/analyzers/workcancel"
	"github.com/kdlint/kdlint/internal/kdtest"
)

// TestQueuedByHelper: work queued on the system workqueue in a helper
// the driver reaches two calls down is queued there all the same; work
// never queued needs no cancel.
func TestQueuedByHelper(t *testing.T) {
	kdtest.Run(t, []string{"testdata/src/schedhelper"}, workcancel.Rule)
}

// TestCancelledDeepInRemove: a cancel four helpers below remove, or
// behind an operations-table call of remove, is on the remove path; one
// reached only from an ioctl is not.
func TestCancelledDeepInRemove(t *testing.T) {
	kdtest.Run(t, []string{"testdata/src/deepcancel", "testdata/src/opscancel"}, workcancel.Rule)
}
