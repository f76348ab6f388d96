package gfpinatomic_test

import (
	"testing"

	"github.com/kdlint/kdlint/analyzers/gfpinatomic"
	"github.com/kdlint/kdlint/analyzers/sleepinatomic"
	"github.com/kdlint/kdlint/internal/kdtest"
)

// KD101 runs too, to show that an allocation is reported as KD103 only.
func Test(t *testing.T) {
	kdtest.Run(t, []string{"testdata/src/a"}, gfpinatomic.Rule, sleepinatomic.Rule)
}

// Static keys: a root starts with the keys every arming call of its work
// item or timer tested; a path's tests and changes of a key are followed.
func TestStaticKeys(t *testing.T) {
	kdtest.Run(t, []string{"testdata/src/keys"}, gfpinatomic.Rule, sleepinatomic.Rule)
}

// Helpers whose bodies the front end did not parse: after a call to one,
// what a test found of a member stays known unless the helper's tokens
// (its macros, the helpers it calls) may write it or take its address.
func TestUnparsedHelpers(t *testing.T) {
	kdtest.Run(t, []string{"testdata/src/unparsed"}, gfpinatomic.Rule, sleepinatomic.Rule)
}

// Do-once set-up: a function that allocates only on its first call finds
// itself done in atomic context when probe makes that call before the
// driver can run anything for the device, and only set-up and teardown
// undo it. The interrupt requested first, a reset the kernel may call at
// any time, a first call from the timer itself and a first call under
// probe's own spinlock are all still reported.
func TestDoOnceSetup(t *testing.T) {
	kdtest.Run(t, []string{"testdata/src/once/done", "testdata/src/once/irqfirst", "testdata/src/once/reset",
		"testdata/src/once/lazy", "testdata/src/once/locked"}, gfpinatomic.Rule, sleepinatomic.Rule)
}
