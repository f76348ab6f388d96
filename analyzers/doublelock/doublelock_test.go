package doublelock_test

import (
	"testing"

	"github.com/kdlint/kdlint/analyzers/doublelock"
	"github.com/kdlint/kdlint/internal/kdtest"
)

func Test(t *testing.T) {
	kdtest.Run(t, []string{"testdata/src/a"}, doublelock.Rule)
}
