// Package text writes findings in the gcc style editors and CI logs
// understand:
//
//	path:line:col: severity: message [KD101 sleep-in-atomic]
//	path:line:col: note: related information
package text

import (
	"fmt"
	"io"

	"github.com/kdlint/kdlint/report"
)

// Write prints the findings of run. With verbose, notices (skipped
// functions) are printed too; error notices are always printed.
func Write(w io.Writer, run *report.Run, verbose bool) error {
	names := map[string]string{}
	for _, r := range run.Rules {
		names[r.ID] = r.Name
	}
	for _, f := range run.Findings {
		if _, err := fmt.Fprintf(w, "%s: %s: %s [%s %s]\n", pos(f.Location), f.Level, f.Message, f.RuleID, names[f.RuleID]); err != nil {
			return err
		}
		for _, r := range f.Related {
			loc := r.Location
			if loc.Path == "" {
				loc.Path = f.Path
			}
			if _, err := fmt.Fprintf(w, "%s: note: %s\n", pos(loc), r.Message); err != nil {
				return err
			}
		}
	}
	return nil
}

// WriteNotices prints tool notices (to stderr, normally). Skipped
// functions are listed only when verbose; everything else always.
func WriteNotices(w io.Writer, run *report.Run, verbose bool) {
	for _, n := range run.Notices {
		if n.Kind == report.NoticeSkipped && !verbose {
			continue
		}
		level := "warning"
		if n.Level == report.Error {
			level = "error"
		} else if n.Level == report.Note {
			level = "note"
		}
		fmt.Fprintf(w, "%s: %s: %s\n", pos(n.Location), level, n.Message)
	}
}

func pos(l report.Location) string {
	switch {
	case l.Path == "":
		return "kdlint"
	case l.Line == 0:
		return l.Path
	case l.Col == 0:
		return fmt.Sprintf("%s:%d", l.Path, l.Line)
	}
	return fmt.Sprintf("%s:%d:%d", l.Path, l.Line, l.Col)
}
