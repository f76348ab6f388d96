// Package kdtest is kdlint's analogue of x/tools' analysistest, which can
// only load Go packages: it runs rules over a directory of C files and
// compares the findings with expectations written in the files.
//
// An expectation is a comment on the line where a finding must be
// reported: /* want "regexp" */ or // want "regexp" "another". Each regexp
// must match one finding on that line, where a finding reads
// "message [ID name]"; every finding must be matched by an expectation.
package kdtest

import (
	"fmt"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/kdlint/kdlint/analyzers"
	"github.com/kdlint/kdlint/analyzers/rule"
	"github.com/kdlint/kdlint/driver"
	"github.com/kdlint/kdlint/report"
)

type key struct {
	path string
	line int
}

type want struct {
	re      *regexp.Regexp
	matched bool
}

var wantComment = regexp.MustCompile(`(?://|/\*)\s*want((?:\s+"(?:[^"\\]|\\.)*")+)`)
var quoted = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)

// Run lints dirs with the rules (all rules when none are given) and
// checks the findings against the files' expectations. It returns the run
// for further checks.
func Run(t testing.TB, dirs []string, rules ...*rule.Rule) *report.Run {
	t.Helper()
	return RunOptions(t, dirs, driver.Options{Rules: rules})
}

// RunOptions is Run with the options of the run (all rules when
// opts.Rules is empty).
func RunOptions(t testing.TB, dirs []string, opts driver.Options) *report.Run {
	t.Helper()
	return RunNoticing(t, dirs, opts)
}

// RunNoticing is RunOptions for a run that must give at least one notice
// of each of the kinds named; notices of other kinds are errors, as they
// are for Run.
func RunNoticing(t testing.TB, dirs []string, opts driver.Options, kinds ...report.NoticeKind) *report.Run {
	t.Helper()
	if len(opts.Rules) == 0 {
		opts.Rules = analyzers.All
	}
	opts.Jobs, opts.Version = 1, "test"
	mods, notices := driver.Discover(dirs)
	if len(notices) > 0 {
		t.Fatalf("discovering %v: %v", dirs, notices)
	}
	if len(mods) == 0 {
		t.Fatalf("no C modules under %v", dirs)
	}
	res := driver.Run(mods, opts)
	expected := map[report.NoticeKind]int{}
	for _, k := range kinds {
		expected[k] = 0
	}
	for _, n := range res.Run.Notices {
		if _, ok := expected[n.Kind]; ok {
			expected[n.Kind]++
			continue
		}
		t.Errorf("%s:%d: unexpected notice: %s", n.Path, n.Line, n.Message)
	}
	for k, seen := range expected {
		if seen == 0 {
			t.Errorf("no %s notice", k)
		}
	}
	names := map[string]string{}
	for _, r := range opts.Rules {
		names[r.Doc.ID] = r.Doc.Name
	}
	wants := map[key][]*want{}
	for _, m := range mods {
		for _, f := range m.Files {
			for k, ws := range Expectations(t, f) {
				wants[k] = append(wants[k], ws...)
			}
		}
	}
	for _, f := range res.Run.Findings {
		text := fmt.Sprintf("%s [%s %s]", f.Message, f.RuleID, names[f.RuleID])
		ok := false
		for _, w := range wants[key{f.Path, f.Line}] {
			if !w.matched && w.re.MatchString(text) {
				w.matched, ok = true, true
				break
			}
		}
		if !ok {
			t.Errorf("%s:%d:%d: unexpected finding: %s", f.Path, f.Line, f.Col, text)
		}
	}
	var keys []key
	for k := range wants {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].path != keys[j].path {
			return keys[i].path < keys[j].path
		}
		return keys[i].line < keys[j].line
	})
	for _, k := range keys {
		for _, w := range wants[k] {
			if !w.matched {
				t.Errorf("%s:%d: no finding matched %q", k.path, k.line, w.re)
			}
		}
	}
	return res.Run
}

// Expectations reads the want comments of a file.
func Expectations(t testing.TB, path string) map[key][]*want {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out := map[key][]*want{}
	for i, line := range strings.Split(string(src), "\n") {
		m := wantComment.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		for _, q := range quoted.FindAllString(m[1], -1) {
			s, err := strconv.Unquote(q)
			if err != nil {
				t.Fatalf("%s:%d: bad want string %s: %v", path, i+1, q, err)
			}
			re, err := regexp.Compile(s)
			if err != nil {
				t.Fatalf("%s:%d: bad want regexp %q: %v", path, i+1, s, err)
			}
			out[key{path, i + 1}] = append(out[key{path, i + 1}], &want{re: re})
		}
	}
	return out
}
