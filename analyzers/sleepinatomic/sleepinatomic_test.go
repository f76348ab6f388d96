package sleepinatomic_test

import (
	"testing"

	"github.com/kdlint/kdlint/analyzers/sleepinatomic"
	"github.com/kdlint/kdlint/internal/kdtest"
)

func Test(t *testing.T) {
	kdtest.Run(t, []string{"testdata/src/a"}, sleepinatomic.Rule)
}

// TestStaticNamesPerFile: a call resolves to the static function of the
// caller's own file.
func TestStaticNamesPerFile(t *testing.T) {
	kdtest.Run(t, []string{"testdata/src/static"}, sleepinatomic.Rule)
}
