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

// TestPaths: the false-positive classes of the 6.12 triage (constant
// arguments, timers re-armed with another callback, flags set on the
// way, locks released below the caller, the model's corrections,
// noreturn calls), each beside a case that is still reported.
func TestPaths(t *testing.T) {
	kdtest.Run(t, []string{"testdata/src/paths"}, sleepinatomic.Rule)
}

// TestContexts: atomic contexts from slots and APIs (URB completion,
// notifier chains, net_device_ops, uart_ops, irq_chip, RCU, NAPI, BH
// workqueues, regions), beside their process-context neighbours.
func TestContexts(t *testing.T) {
	kdtest.Run(t, []string{"testdata/src/contexts"}, sleepinatomic.Rule)
}

// TestFunctionPointers: calls through the module's own ops tables reach
// every function it stores in that member; one finding per root cause.
func TestFunctionPointers(t *testing.T) {
	kdtest.Run(t, []string{"testdata/src/fnptr"}, sleepinatomic.Rule)
}

// TestRegmaps: accesses through regmaps that take a mutex (slow buses,
// default locking) are reported in atomic context; those whose regmaps
// may take a spinlock or no lock (MMIO, .disable_locking, a syscon
// lookup, a core shared by an MMIO variant) are not. A file that makes
// no regmap takes the module's. A regmap on a bus the driver defines
// takes a mutex unless that bus asks for fast I/O; one on a bus handed
// from elsewhere is not known.
func TestRegmaps(t *testing.T) {
	kdtest.Run(t, []string{"testdata/src/regmap/i2c", "testdata/src/regmap/split", "testdata/src/regmap/mixed",
		"testdata/src/regmap/ownbus", "testdata/src/regmap/fastbus", "testdata/src/regmap/givenbus"}, sleepinatomic.Rule)
}

// TestStoredCallbacks: a callback stored only under a test of a member
// starts with what the test says of it, unless the member can be written
// after the store: later in the storing function, or in another file that
// sees the structure.
func TestStoredCallbacks(t *testing.T) {
	kdtest.Run(t, []string{"testdata/src/stored"}, sleepinatomic.Rule)
}
