package workcancel_test

import (
	"testing"

	"github.com/kdlint/kdlint/analyzers/workcancel"
	"github.com/kdlint/kdlint/internal/kdtest"
	"github.com/kdlint/kdlint/report"
)

func Test(t *testing.T) {
	wantCancelFixes(t, kdtest.Run(t, []string{"testdata/src/a", "testdata/src/legacy"}, workcancel.Rule), 1)
}

// wantCancelFixes checks that run has n fixes, each renaming the call to
// cancel_delayed_work_sync.
func wantCancelFixes(t *testing.T, run *report.Run, n int) {
	t.Helper()
	fixes := 0
	for _, f := range run.Findings {
		for _, fix := range f.Fixes {
			if len(fix.Edits) != 1 || fix.Edits[0].New != "cancel_delayed_work_sync" {
				t.Errorf("%s:%d: fix %+v, want cancel_delayed_work_sync", f.Path, f.Line, fix)
			}
			fixes++
		}
	}
	if fixes != n {
		t.Errorf("%d fixes, want %d", fixes, n)
	}
}

// TestPinned: a reference taken by a helper before queueing and dropped
// two calls deep in the work function pins the work item.
func TestPinned(t *testing.T) {
	kdtest.Run(t, []string{"testdata/src/pinned"}, workcancel.Rule)
}

// TestSplit: a queue site in another file of the module is named by file.
func TestSplit(t *testing.T) {
	kdtest.Run(t, []string{"testdata/src/split"}, workcancel.Rule)
}

// TestConditionalRequeue: a work item that re-queues itself only under a
// test and is cancelled without waiting is reported here; one that
// re-queues itself under no test is left to KD305.
func TestConditionalRequeue(t *testing.T) {
	kdtest.Run(t, []string{"testdata/src/retry"}, workcancel.Rule)
}

// TestExportedProducers: a module-wide work item queued, without delay,
// only from functions other modules call is not reported; one the module
// queues itself, or with a delay, is.
func TestExportedProducers(t *testing.T) {
	kdtest.Run(t, []string{"testdata/src/exported"}, workcancel.Rule)
}

// TestDeferredLastPut: a work function that hands the structure it lives
// in to a helper that frees it (two calls down) is the object's last put
// and is not reported; one whose helper frees something else (what the
// structure points to, another argument) is.
func TestDeferredLastPut(t *testing.T) {
	kdtest.Run(t, []string{"testdata/src/lastput"}, workcancel.Rule)
}

// TestForeignDevres: a work item whose driver's probe hands the device to
// a managed (devm_) function of another module, declared in the
// directory's own header, is not reported (that function's devres action
// may cancel it); one whose probe calls only a plain function of that
// module, or the kernel's own managed interfaces, is.
func TestForeignDevres(t *testing.T) {
	kdtest.Run(t, []string{"testdata/src/foreign"}, workcancel.Rule)
}

// TestSiblingModules: in a directory that Kbuild builds into two
// modules, a cancel of a work item of the same member name made by the
// other module does not count; a work item set up with INIT_WORK and then
// handed to devm_work_autocancel() is cancelled by devres; one set up in
// a .c file that its module's file includes is its module's.
func TestSiblingModules(t *testing.T) {
	kdtest.Run(t, []string{"testdata/src/sibling"}, workcancel.Rule)
}

// TestOffTeardownPath: a cancel made only on probe's own error path or
// in a system-suspend callback is no teardown: each such work item is
// reported. One cancelled in a runtime-PM suspend callback or in the
// interrupt handler is not.
func TestOffTeardownPath(t *testing.T) {
	kdtest.Run(t, []string{"testdata/src/offpath"}, workcancel.Rule)
}

// TestFlushedOnly: a work item that re-queues itself under no test,
// itself or through a helper, and that remove only flushes is reported
// at the flush, with a fix to the cancelling form; one that re-queues
// itself under a test, or that remove also cancels, is not.
func TestFlushedOnly(t *testing.T) {
	wantCancelFixes(t, kdtest.Run(t, []string{"testdata/src/flushed"}, workcancel.Rule), 2)
}

// TestDrainedReference: a work item whose work function completes
// commands that hold a reference to a count the teardown drains and
// waits for (percpu_ref_kill or kref_put, then a wait for the completion
// its release callback completes) is not reported, even when the put is
// first met down a longer chain; one whose count is killed but whose
// release the teardown does not wait for, or whose put is four calls
// down, is.
func TestDrainedReference(t *testing.T) {
	kdtest.Run(t, []string{"testdata/src/drained"}, workcancel.Rule)
}

// TestZeroWait: a work item whose work function drops a count that
// remove sleeps on until it is zero (wait_event(..., atomic_read(&c) ==
// 0)) is not reported, even when the put is first met down a longer
// chain; one whose count remove waits to become non-zero, or that only
// a function off the teardown path (suspend) waits to drain, is.
func TestZeroWait(t *testing.T) {
	kdtest.Run(t, []string{"testdata/src/zerowait"}, workcancel.Rule)
}
