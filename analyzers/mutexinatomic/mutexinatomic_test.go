package mutexinatomic_test

import (
	"testing"

	"github.com/kdlint/kdlint/analyzers/mutexinatomic"
	"github.com/kdlint/kdlint/analyzers/sleepinatomic"
	"github.com/kdlint/kdlint/internal/kdtest"
)

// KD101 runs too, to show that a sleeping lock is reported as KD102 only.
func Test(t *testing.T) {
	kdtest.Run(t, []string{"testdata/src/a"}, sleepinatomic.Rule, mutexinatomic.Rule)
}
