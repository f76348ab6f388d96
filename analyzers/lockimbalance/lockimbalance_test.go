package lockimbalance_test

import (
	"testing"

	"github.com/kdlint/kdlint/analyzers/lockimbalance"
	"github.com/kdlint/kdlint/internal/kdtest"
)

func Test(t *testing.T) {
	kdtest.Run(t, []string{"testdata/src/a"}, lockimbalance.Rule)
}
