package irqflags_test

import (
	"testing"

	"github.com/kdlint/kdlint/analyzers/irqflags"
	"github.com/kdlint/kdlint/internal/kdtest"
)

func Test(t *testing.T) {
	kdtest.Run(t, []string{"testdata/src/a"}, irqflags.Rule)
}
