package usercopyinatomic_test

import (
	"testing"

	"github.com/kdlint/kdlint/analyzers/sleepinatomic"
	"github.com/kdlint/kdlint/analyzers/usercopyinatomic"
	"github.com/kdlint/kdlint/internal/kdtest"
)

// KD101 runs too, to show that a user copy is reported as KD104 only.
func Test(t *testing.T) {
	kdtest.Run(t, []string{"testdata/src/a"}, usercopyinatomic.Rule, sleepinatomic.Rule)
}
