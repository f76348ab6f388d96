package sleepinatomic_test

import (
	"testing"

	"github.com/kdlint/kdlint/analyzers"
	"github.com/kdlint/kdlint/internal/kdtest"
)

func Test(t *testing.T) {
	kdtest.Run(t, []string{"testdata/src/a"}, *analyzers.ByID("KD101"))
}

// TestStaticNamesPerFile: a call resolves to the static function of the
// caller's own file.
func TestStaticNamesPerFile(t *testing.T) {
	kdtest.Run(t, []string{"testdata/src/static"}, *analyzers.ByID("KD101"))
}
