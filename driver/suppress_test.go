package driver

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/kdlint/kdlint/analyzers"
	"github.com/kdlint/kdlint/analyzers/rule"
	"github.com/kdlint/kdlint/report"
)

// suppressRun lints testdata/suppress with opts and returns its findings
// as "file:line:ID" and the run.
func suppressRun(t *testing.T, opts Options) (string, *report.Run) {
	t.Helper()
	mods, notices := Discover([]string{"testdata/suppress"})
	if len(notices) > 0 {
		t.Fatalf("notices: %v", notices)
	}
	opts.Version = "test"
	res := Run(mods, opts)
	var got []string
	for _, f := range res.Run.Findings {
		name := f.Path[strings.LastIndex(f.Path, "/")+1:]
		got = append(got, fmt.Sprintf("%s:%d:%s", name, f.Line, f.RuleID))
	}
	sort.Strings(got)
	return strings.Join(got, " "), res.Run
}

func without(id string) []*rule.Rule {
	var out []*rule.Rule
	for _, r := range analyzers.All {
		if r.Doc.ID != id {
			out = append(out, r)
		}
	}
	return out
}

func TestSuppressions(t *testing.T) {
	known := analyzers.Docs(analyzers.All)
	got, run := suppressRun(t, Options{Rules: analyzers.All, Known: known})
	// s.c: 6 and 7 are silenced; 8 has no comment; 9's comment silences
	// nothing; 10's has no reason, so it silences nothing and is itself
	// reported. names.c: 7 (by name), 9 (KD102) and 11 (a list written
	// with a space) are silenced; 8 names an unknown rule and 10 the
	// meta-rule, so both are reported and silence nothing.
	want := "names.c:10:KD001 names.c:10:KD101 names.c:8:KD001 names.c:8:KD101 " +
		"s.c:10:KD001 s.c:10:KD101 s.c:8:KD101 s.c:9:KD001"
	if got != want {
		t.Errorf("findings\n%s\nwant\n%s", got, want)
	}
	if len(run.Rules) == 0 || run.Rules[0] != report.BadSuppression {
		t.Errorf("the run does not describe the meta-rule KD001: %v", run.Rules)
	}
	for _, f := range run.Findings {
		if f.RuleID == "KD001" && f.Level != report.Warning {
			t.Errorf("KD001 finding at level %s", f.Level)
		}
	}

	// -disable KD101: comments that name KD101 are left alone (s.c:7
	// names KD102 as well, but KD101 did not run); a malformed one is
	// still malformed.
	got, _ = suppressRun(t, Options{Rules: without("KD101"), Known: known})
	if want := "names.c:10:KD001 names.c:8:KD001 s.c:10:KD001"; got != want {
		t.Errorf("with KD101 disabled:\n%s\nwant\n%s", got, want)
	}

	// -disable KD001: suppressions apply, nothing is said about them.
	got, run = suppressRun(t, Options{Rules: analyzers.All, Known: known, NoSuppressionCheck: true})
	if want := "names.c:10:KD101 names.c:8:KD101 s.c:10:KD101 s.c:8:KD101"; got != want {
		t.Errorf("with KD001 disabled:\n%s\nwant\n%s", got, want)
	}
	for _, r := range run.Rules {
		if r.ID == "KD001" {
			t.Error("KD001 described although disabled")
		}
	}
}

func TestParseIgnores(t *testing.T) {
	src := "a(); // kdlint:ignore KD101 why\n\t/* kdlint:ignore KD101,sleep-in-atomic, KD102 why not */\nb();\n// kdlint:ignore\n"
	got := parseIgnores("x.c", []byte(src))
	want := []ignoreComment{
		{Path: "x.c", Line: 1, At: 1, Col: 9, Rules: []string{"KD101"}, Reason: "why"},
		{Path: "x.c", Line: 3, At: 2, Col: 5, Rules: []string{"KD101", "sleep-in-atomic", "KD102"}, Reason: "why not"},
		{Path: "x.c", Line: 5, At: 4, Col: 4},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("parseIgnores:\n%v\nwant\n%v", got, want)
	}
}
