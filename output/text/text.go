// Package text writes findings in the gcc style editors and CI logs
// understand:
//
//	path:line:col: severity: message [KD101 sleep-in-atomic]
//	path:line:col: note: related information
//	path:line:col: note: fix: use GFP_ATOMIC (-diff shows it, -fix applies it)
//
// and the tool's own notices, which are never findings, with the word
// "note" (a file or function that was not analysed, a FIFO left out) or,
// for what makes the run fail, as "kdlint: path: problem".
package text

import (
	"fmt"
	"io"
	"strings"

	"github.com/kdlint/kdlint/report"
)

// Options say how to write.
type Options struct {
	// Color writes ANSI colours, as gcc does on a terminal. The caller
	// decides (a terminal, NO_COLOR unset).
	Color bool
	// Verbose lists every notice; otherwise skipped functions and
	// declarations and symbolic links not followed are only counted.
	Verbose bool
}

const (
	bold    = "\033[1m"
	red     = "\033[1;31m"
	magenta = "\033[1;35m"
	cyan    = "\033[1;36m"
	reset   = "\033[0m"
)

func (o Options) paint(color, s string) string {
	if !o.Color || s == "" {
		return s
	}
	return color + s + reset
}

func levelColor(l report.Level) string {
	switch l {
	case report.Error:
		return red
	case report.Warning:
		return magenta
	}
	return cyan
}

// Write prints the findings of run.
func Write(w io.Writer, run *report.Run, o Options) error {
	names := map[string]string{}
	for _, r := range run.Rules {
		names[r.ID] = r.Name
	}
	for _, f := range run.Findings {
		c := levelColor(f.Level)
		tag := strings.TrimSpace(f.RuleID + " " + names[f.RuleID])
		if _, err := fmt.Fprintf(w, "%s: %s: %s %s\n", o.paint(bold, pos(f.Location)),
			o.paint(c, string(f.Level)), f.Message, o.paint(c, "["+tag+"]")); err != nil {
			return err
		}
		for _, r := range f.Related {
			loc := r.Location
			if loc.Path == "" {
				loc.Path = f.Path
			}
			if _, err := fmt.Fprintf(w, "%s: %s: %s\n", o.paint(bold, pos(loc)), o.paint(cyan, "note"), r.Message); err != nil {
				return err
			}
		}
		if hint := fixHint(f); hint != "" {
			if _, err := fmt.Fprintf(w, "%s: %s: %s\n", o.paint(bold, pos(fixLocation(f))), o.paint(cyan, "note"), hint); err != nil {
				return err
			}
		}
	}
	return nil
}

// fixHint says that a finding has a fix, as gcc's fix-it hints do:
// "fix: use GFP_ATOMIC (-diff shows it, -fix applies it)".
func fixHint(f report.Finding) string {
	if len(f.Fixes) == 0 {
		return ""
	}
	d := f.Fixes[0].Description
	if d == "" {
		d = "available"
	}
	return "fix: " + d + " (-diff shows it, -fix applies it)"
}

// fixLocation is where the first fix's first edit is, or the finding's
// location.
func fixLocation(f report.Finding) report.Location {
	if len(f.Fixes[0].Edits) == 0 {
		return f.Location
	}
	l := f.Fixes[0].Edits[0].Location
	if l.Path == "" {
		l.Path = f.Path
	}
	return l
}

// Listed reports whether WriteNotices prints a notice of kind k with
// these options. What is not listed is still counted by the summary line.
func Listed(k report.NoticeKind, o Options) bool {
	switch k {
	case report.NoticeSkipped, report.NoticeSymlinkDir:
		return o.Verbose
	}
	return true
}

// MaxMissingIncludeNotes is how many missing-include notes a run lists
// one by one without -v. A tree linted without the -I directories its
// Makefiles compute (amdgpu's display code: 4,000 of them) would bury
// everything else; past this many they are one line.
const MaxMissingIncludeNotes = 20

// WriteNotices prints tool notices (to stderr, normally).
func WriteNotices(w io.Writer, run *report.Run, o Options) {
	missing, files := 0, map[string]bool{}
	for _, n := range run.Notices {
		if n.Kind == report.NoticeMissingInclude {
			missing++
			files[n.Location.Path] = true
		}
	}
	fold := !o.Verbose && missing > MaxMissingIncludeNotes
	for _, n := range run.Notices {
		if !Listed(n.Kind, o) || fold && n.Kind == report.NoticeMissingInclude {
			continue
		}
		if n.Kind.FailsRun() {
			fmt.Fprintf(w, "kdlint: %s: %s\n", pos(n.Location), n.Message)
			continue
		}
		fmt.Fprintf(w, "%s: %s: %s\n", o.paint(bold, pos(n.Location)), o.paint(cyan, "note"), n.Message)
	}
	if fold {
		fmt.Fprintf(w, "kdlint: %s: %d quoted #include files not found in %d files; what they declare is inferred (-v lists them; -I DIR adds a directory to look in)\n",
			o.paint(cyan, "note"), missing, len(files))
	}
}

// NotAnalysedLine is the line that ends a run in which anything was not
// analysed ("kdlint: 3 functions in 2 files not analysed; -v lists
// them"), or "" when everything was.
func NotAnalysedLine(u report.Unanalysed, o Options) string {
	s := u.String()
	if s == "" {
		return ""
	}
	s = "kdlint: " + s
	if !o.Verbose && u.Functions+u.Declarations > 0 {
		s += "; -v lists them"
	}
	return s
}

// WriteCounts prints the number of findings of each rule, for the end of
// the output on a terminal:
//
//	3 findings: 2 KD101 sleep-in-atomic, 1 KD302 tasklet-not-killed
func WriteCounts(w io.Writer, run *report.Run, o Options) error {
	if len(run.Findings) == 0 {
		_, err := fmt.Fprintln(w, "no findings")
		return err
	}
	count := map[string]int{}
	for _, f := range run.Findings {
		count[f.RuleID]++
	}
	var parts []string
	seen := map[string]bool{}
	for _, r := range run.Rules {
		if count[r.ID] > 0 && !seen[r.ID] {
			seen[r.ID] = true
			parts = append(parts, fmt.Sprintf("%d %s %s", count[r.ID], r.ID, r.Name))
		}
	}
	for _, f := range run.Findings { // rules the run does not describe
		if !seen[f.RuleID] {
			seen[f.RuleID] = true
			parts = append(parts, fmt.Sprintf("%d %s", count[f.RuleID], f.RuleID))
		}
	}
	word := "findings"
	if len(run.Findings) == 1 {
		word = "finding"
	}
	_, err := fmt.Fprintf(w, "%s: %s\n", o.paint(bold, fmt.Sprintf("%d %s", len(run.Findings), word)), strings.Join(parts, ", "))
	return err
}

// Position writes a location as gcc does: path:line:col, path:line or
// path.
func Position(l report.Location) string { return pos(l) }

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
