package driver

// Suppressions: a comment "kdlint:ignore KD101 reason" (several IDs may be
// separated by commas) on the line of a finding, or alone on the line
// above it, silences that rule there. The reason is required, and a
// directive that silences nothing is reported, so suppressions do not
// outlive the code they were written for.

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/kdlint/kdlint/ir"
	"github.com/kdlint/kdlint/report"
)

const ignoreMarker = "kdlint:ignore"

type ignoreDirective struct {
	path  string
	line  int // the line the directive applies to
	at    int // the line it is written on
	col   int
	rules []string
	used  bool
}

// applySuppressions removes suppressed findings from out and adds notices
// for malformed and unused directives, reading the files' text as the
// front end read it.
func applySuppressions(files []*ir.File, out *moduleResult) {
	var dirs []*ignoreDirective
	for _, f := range files {
		if !bytes.Contains(f.Src, []byte(ignoreMarker)) {
			continue
		}
		d, notices := parseIgnores(f.Path, f.Src)
		dirs = append(dirs, d...)
		out.Notices = append(out.Notices, notices...)
	}
	if len(dirs) == 0 {
		return
	}
	keep := out.Findings[:0]
	for _, f := range out.Findings {
		if !suppressed(f, dirs) {
			keep = append(keep, f)
		}
	}
	out.Findings = keep
	for _, d := range dirs {
		if !d.used {
			out.Notices = append(out.Notices, report.Notice{Level: report.Warning, Kind: report.NoticeUnusedIgnore,
				Message:  fmt.Sprintf("%s %s matches no finding", ignoreMarker, strings.Join(d.rules, ",")),
				Location: report.Location{Path: d.path, Line: d.at, Col: d.col}})
		}
	}
}

func suppressed(f report.Finding, dirs []*ignoreDirective) bool {
	for _, d := range dirs {
		if d.path != f.Path || d.line != f.Line {
			continue
		}
		for _, r := range d.rules {
			if strings.EqualFold(r, f.RuleID) {
				d.used = true
				return true
			}
		}
	}
	return false
}

// parseIgnores finds the directives of one file.
func parseIgnores(path string, src []byte) ([]*ignoreDirective, []report.Notice) {
	var dirs []*ignoreDirective
	var notices []report.Notice
	for i, line := range strings.Split(string(src), "\n") {
		col := strings.Index(line, ignoreMarker)
		if col < 0 {
			continue
		}
		rest := strings.TrimSpace(line[col+len(ignoreMarker):])
		rest = strings.TrimSpace(strings.TrimSuffix(rest, "*/"))
		ids, reason, _ := strings.Cut(rest, " ")
		if ids == "" || strings.TrimSpace(reason) == "" {
			notices = append(notices, report.Notice{Level: report.Warning, Kind: report.NoticeBadIgnore,
				Message:  ignoreMarker + " needs rule IDs and a reason: // kdlint:ignore KD101 why this is safe",
				Location: report.Location{Path: path, Line: i + 1, Col: col + 1}})
			continue
		}
		d := &ignoreDirective{path: path, line: i + 1, at: i + 1, col: col + 1, rules: strings.Split(ids, ",")}
		// A comment alone on its line applies to the next line.
		before := strings.TrimSpace(line[:col])
		if before == "//" || before == "/*" || before == "" {
			d.line = i + 2
		}
		dirs = append(dirs, d)
	}
	return dirs, notices
}
