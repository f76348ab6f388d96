package driver

import (
	"strconv"
	"strings"
	"testing"

	"github.com/kdlint/kdlint/analyzers"
)

func TestSuppressions(t *testing.T) {
	mods, _ := Discover([]string{"testdata/suppress"})
	res := Run(mods, Options{Rules: analyzers.All, Version: "test"})
	var lines []int
	for _, f := range res.Run.Findings {
		lines = append(lines, f.Line)
	}
	// Lines 6 and 7 are suppressed; 8 has no directive; 10's directive has
	// no reason, so it does not count.
	if len(lines) != 2 || lines[0] != 8 || lines[1] != 10 {
		t.Errorf("findings on lines %v, want [8 10]", lines)
	}
	var notes []string
	for _, n := range res.Run.Notices {
		notes = append(notes, n.Kind.String()+":"+strconv.Itoa(n.Line))
	}
	got := strings.Join(notes, " ")
	if !strings.Contains(got, "bad-ignore:10") || !strings.Contains(got, "unused-ignore:9") {
		t.Errorf("notices = %s; want the reasonless directive on 10 and the unused one on 9", got)
	}
}
