package teardownorder_test

import (
	"testing"

	"github.com/kdlint/kdlint/analyzers/teardownorder"
	"github.com/kdlint/kdlint/internal/kdtest"
)

func Test(t *testing.T) {
	run := kdtest.Run(t, []string{"testdata/src/a"}, teardownorder.Rule)
	fixes := 0
	for _, f := range run.Findings {
		for _, fix := range f.Fixes {
			if len(fix.Edits) != 1 || fix.Edits[0].New != "cancel_delayed_work_sync" {
				t.Errorf("%s:%d: fix %+v", f.Path, f.Line, fix)
			}
			fixes++
		}
	}
	if fixes != 2 {
		t.Errorf("%d fixes, want those of the two re-queueing work items", fixes)
	}
}

// TestSubsystemStops: unregistering a device that stops it first (an
// IEEE 802.15.4 radio's .stop, a UDC's .udc_stop) quiets its interrupt,
// and unregistering crypto algorithms ends the requests an interrupt
// completes; a kill before that is still reported.
func TestSubsystemStops(t *testing.T) {
	kdtest.Run(t, []string{"testdata/src/subsys"}, teardownorder.Rule)
}

// TestHotplugTeardown: cpuhp_remove_state() runs the state's teardown
// callback on every CPU before it returns; a per-CPU interrupt that
// callback disables is quiet after it, and not after the _nocalls form.
func TestHotplugTeardown(t *testing.T) {
	kdtest.Run(t, []string{"testdata/src/hotplug", "testdata/src/hotplugnocalls"}, teardownorder.Rule)
}

// TestConditionalRequeue: a work item that re-queues itself only under a
// test (a retry, a loop over pending requests) is not reported as one
// that re-queues itself; one that does so under no test is.
func TestConditionalRequeue(t *testing.T) {
	kdtest.Run(t, []string{"testdata/src/retry"}, teardownorder.Rule)
}

// TestRequeueThroughHelper: a work function that calls, under no test, a
// helper that queues it under no test re-queues itself; one that calls
// the helper under a test, or whose helper queues under a test, does not.
func TestRequeueThroughHelper(t *testing.T) {
	kdtest.Run(t, []string{"testdata/src/helperq"}, teardownorder.Rule)
}

// TestStopInRemoveHelper: remove's helpers kill and free the interrupt
// in order; a kill before the free is reported, one after it is not.
func TestStopInRemoveHelper(t *testing.T) {
	kdtest.Run(t, []string{"testdata/src/deepstop"}, teardownorder.Rule)
}
