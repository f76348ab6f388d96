package timershutdown_test

import (
	"os"
	"strings"
	"testing"

	"github.com/kdlint/kdlint/analyzers/timershutdown"
	"github.com/kdlint/kdlint/internal/kdtest"
)

func Test(t *testing.T) {
	run := kdtest.Run(t, []string{"testdata/src/a"}, timershutdown.Rule)
	// The del_timer() finding carries a fix to del_timer_sync().
	fixed := 0
	for _, f := range run.Findings {
		for _, fix := range f.Fixes {
			for _, e := range fix.Edits {
				src, err := os.ReadFile(e.Path)
				if err != nil {
					t.Fatal(err)
				}
				line := strings.Split(string(src), "\n")[e.Line-1]
				got := line[:e.Col-1] + e.New + line[e.EndCol-1:]
				if !strings.Contains(got, "del_timer_sync(&tm->blink);") || e.Line != e.EndLine {
					t.Errorf("%s:%d: the fix gives %q", e.Path, e.Line, got)
				}
				fixed++
			}
		}
	}
	if fixed != 1 {
		t.Errorf("%d edits, want the one of the del_timer() finding", fixed)
	}
}
