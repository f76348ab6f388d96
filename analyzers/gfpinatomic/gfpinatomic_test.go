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
