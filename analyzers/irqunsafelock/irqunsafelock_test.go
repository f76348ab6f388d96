package irqunsafelock_test

import (
	"testing"

	"github.com/kdlint/kdlint/analyzers/irqunsafelock"
	"github.com/kdlint/kdlint/internal/kdtest"
)

func Test(t *testing.T) {
	kdtest.Run(t, []string{"testdata/src/a"}, irqunsafelock.Rule)
}
