package wqteardown_test

import (
	"testing"

	"github.com/kdlint/kdlint/analyzers"
	"github.com/kdlint/kdlint/internal/kdtest"
)

func Test(t *testing.T) {
	kdtest.Run(t, []string{"testdata/src/a"}, *analyzers.ByID("KD301"))
}
