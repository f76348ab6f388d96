// Package github writes findings as GitHub Actions workflow commands,
// which a workflow run shows as annotations on the pull request's diff
// and in the run's summary:
//
//	::error file=drivers/mydrv/a.c,line=89,endLine=89,col=2,endColumn=8,title=KD101 sleep-in-atomic::msleep() may sleep ...
//
// error and warning findings are ::error and ::warning, notes ::notice.
// The message goes on with the finding's related locations, one per line
// ("path:line:col: note: ..."), and the fix it has, if any. Paths are
// relative to the repository's top level, as GitHub resolves them.
// Values are escaped as the Actions toolkit does: in the message %, CR
// and LF; in properties also ":" and ",".
//
// Files that could not be analysed are ::warning commands too, and a run
// in which anything was not analysed ends with one that says what.
package github

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/kdlint/kdlint/report"
)

// Write writes run's findings and notices to w. rel gives each path as
// GitHub must see it (relative to the repository's top level).
func Write(w io.Writer, run *report.Run, rel func(string) string) error {
	names := map[string]string{}
	for _, r := range run.Rules {
		if r != nil {
			names[r.ID] = r.Name
		}
	}
	for _, f := range run.Findings {
		msg := []string{f.Message}
		for _, r := range f.Related {
			loc := r.Location
			if loc.Path == "" {
				loc.Path = f.Path
			}
			msg = append(msg, pos(loc, rel)+": note: "+r.Message)
		}
		if len(f.Fixes) > 0 {
			msg = append(msg, "fix: "+f.Fixes[0].Description+" (kdlint -fix applies it)")
		}
		title := strings.TrimSpace(f.RuleID + " " + names[f.RuleID])
		if err := command(w, command1(f.Level), f.Location, rel, title, strings.Join(msg, "\n")); err != nil {
			return err
		}
	}
	for _, n := range run.Notices {
		if n.Kind.LosesFile() || n.Kind.LosesPart() || n.Kind.LosesAnalysis() || n.Kind.FailsRun() {
			if err := command(w, "warning", n.Location, rel, "kdlint: not analysed", n.Message); err != nil {
				return err
			}
		}
	}
	if s := report.Summarize(run.Notices).String(); s != "" {
		return command(w, "warning", report.Location{}, rel, "kdlint", s)
	}
	return nil
}

func command1(l report.Level) string {
	switch l {
	case report.Error:
		return "error"
	case report.Warning:
		return "warning"
	}
	return "notice"
}

// command writes one workflow command.
func command(w io.Writer, name string, l report.Location, rel func(string) string, title, msg string) error {
	var props []string
	add := func(k, v string) { props = append(props, k+"="+escapeProperty(v)) }
	if l.Path != "" {
		add("file", rel(l.Path))
		if l.Line > 0 {
			add("line", strconv.Itoa(l.Line))
			end := l.Line
			if l.EndLine > l.Line {
				end = l.EndLine
			}
			add("endLine", strconv.Itoa(end))
			if l.Col > 0 {
				add("col", strconv.Itoa(l.Col))
				if (l.EndLine == 0 || l.EndLine == l.Line) && l.EndCol > l.Col {
					add("endColumn", strconv.Itoa(l.EndCol))
				}
			}
		}
	}
	if title != "" {
		add("title", title)
	}
	head := "::" + name
	if len(props) > 0 {
		head += " " + strings.Join(props, ",")
	}
	_, err := fmt.Fprintf(w, "%s::%s\n", head, escapeData(msg))
	return err
}

func pos(l report.Location, rel func(string) string) string {
	switch {
	case l.Line == 0:
		return rel(l.Path)
	case l.Col == 0:
		return fmt.Sprintf("%s:%d", rel(l.Path), l.Line)
	}
	return fmt.Sprintf("%s:%d:%d", rel(l.Path), l.Line, l.Col)
}

var (
	dataEscaper     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	propertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

// escapeData escapes a command's message.
func escapeData(s string) string { return dataEscaper.Replace(s) }

// escapeProperty escapes a property's value.
func escapeProperty(s string) string { return propertyEscaper.Replace(s) }
