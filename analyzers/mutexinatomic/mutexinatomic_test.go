package mutexinatomic_test

import (
	"testing"

	"github.com/kdlint/kdlint/analyzers"
	"github.com/kdlint/kdlint/internal/kdtest"
)

// KD101 runs too, to show that a sleeping lock is reported as KD102 only.
func Test(t *testing.T) {
	kdtest.Run(t, []string{"testdata/src/a"}, *analyzers.ByID("KD101"), *analyzers.ByID("KD102"))
}
