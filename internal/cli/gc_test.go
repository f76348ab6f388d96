package cli

import (
	"runtime"
	"runtime/debug"
	"testing"
)

// gcSettings reads the collector's percent and limit without changing them.
func gcSettings() (percent int, limit int64) {
	percent = debug.SetGCPercent(100)
	debug.SetGCPercent(percent)
	return percent, debug.SetMemoryLimit(-1)
}

func TestTuneGC(t *testing.T) {
	const source = 10 << 20
	before, beforeLimit := gcSettings()
	own := gcLimit(source, runtime.GOMAXPROCS(0))
	for _, c := range []struct {
		gogc, gomemlimit string
		percent          int
		limit            int64
	}{
		{"", "", -1, own},                      // the limit alone decides
		{"", "900MiB", 800, beforeLimit},       // the user's limit: GOGC's trigger stays
		{"200", "", before, own},               // the user's GOGC
		{"200", "900MiB", before, beforeLimit}, // both the user's
	} {
		t.Setenv("GOGC", c.gogc)
		t.Setenv("GOMEMLIMIT", c.gomemlimit)
		restore := tuneGC(source)
		percent, limit := gcSettings()
		restore()
		if percent != c.percent || limit != c.limit {
			t.Errorf("GOGC=%q GOMEMLIMIT=%q: GC percent %d, limit %d; want %d, %d", c.gogc, c.gomemlimit, percent, limit, c.percent, c.limit)
		}
		if p, l := gcSettings(); p != before || l != beforeLimit {
			t.Errorf("not restored: %d %d, want %d %d", p, l, before, beforeLimit)
		}
	}
	if got, want := gcLimit(source, 2), int64(256<<20+2*source); got != want {
		t.Errorf("limit for 10 MiB on 2 CPUs %d, want %d", got, want)
	}
	if got := gcLimit(749<<20, 2); got != 1200<<20 {
		t.Errorf("whole-tree limit %d, want the 1200 MiB cap", got)
	}
}
