package driver

// Suppressions: a comment "kdlint:ignore KD101 reason" on the line of a
// finding, or alone on the line above it, silences that rule there.
// Several rules may be given, separated by commas, by ID or by name. The
// reason is required. Comments that are malformed or silence nothing are
// findings of the meta-rule report.BadSuppression (KD001).
//
// The analysis of a module (what the cache stores) only collects the
// comments; which of them silence what is decided per run, in
// applySuppressions, because it depends on the rules the run enabled.

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/kdlint/kdlint/ir"
	"github.com/kdlint/kdlint/report"
)

const ignoreMarker = "kdlint:ignore"

// ignoreComment is one kdlint:ignore comment as written.
type ignoreComment struct {
	Path   string   `json:"path"`
	Line   int      `json:"line"` // the line it applies to
	At     int      `json:"at"`   // the line it is written on
	Col    int      `json:"col"`
	Rules  []string `json:"rules"` // as written: IDs or names
	Reason string   `json:"reason"`
}

// collectIgnores finds the kdlint:ignore comments of a module's files, in
// the text the front end read.
func collectIgnores(files []*ir.File) []ignoreComment {
	var out []ignoreComment
	for _, f := range files {
		if bytes.Contains(f.Src, []byte(ignoreMarker)) {
			out = append(out, parseIgnores(f.Path, f.Src)...)
		}
	}
	return out
}

// parseIgnores finds the comments of one file.
func parseIgnores(path string, src []byte) []ignoreComment {
	var out []ignoreComment
	for i, line := range strings.Split(string(src), "\n") {
		col := strings.Index(line, ignoreMarker)
		if col < 0 {
			continue
		}
		rest := line[col+len(ignoreMarker):]
		if end := strings.Index(rest, "*/"); end >= 0 {
			rest = rest[:end]
		}
		fields := strings.Fields(rest)
		// "KD101, KD102 reason": a list may go on after a comma and a space.
		var ids string
		for len(fields) > 0 {
			ids += fields[0]
			fields = fields[1:]
			if !strings.HasSuffix(ids, ",") {
				break
			}
		}
		c := ignoreComment{Path: path, Line: i + 1, At: i + 1, Col: col + 1, Reason: strings.Join(fields, " ")}
		for _, id := range strings.Split(ids, ",") {
			if id != "" {
				c.Rules = append(c.Rules, id)
			}
		}
		// A comment alone on its line applies to the next line.
		if before := strings.TrimSpace(line[:col]); before == "//" || before == "/*" || before == "" {
			c.Line = i + 2
		}
		out = append(out, c)
	}
	return out
}

// suppression is what a run decides about the comments: which rule IDs
// and names it knows, which rules ran, and whether KD001 reports.
type suppression struct {
	known   map[string]string // ID or name -> ID
	enabled map[string]bool   // IDs of the rules that ran
	check   bool              // report KD001 findings
	keep    bool              // keep the silenced findings (Options.KeepSuppressed)
}

func newSuppression(opts *Options) *suppression {
	s := &suppression{known: map[string]string{}, enabled: map[string]bool{}, check: !opts.NoSuppressionCheck, keep: opts.KeepSuppressed}
	known := opts.Known
	if known == nil {
		for _, r := range opts.Rules {
			known = append(known, r.Doc)
		}
	}
	for _, r := range append(known, report.MetaRules...) {
		s.known[strings.ToUpper(r.ID)] = r.ID
		s.known[r.Name] = r.ID
	}
	for _, r := range opts.Rules {
		s.enabled[r.Doc.ID] = true
	}
	return s
}

// apply removes the findings the comments silence and, when the check is
// on, adds a KD001 finding for each comment that is malformed, or that
// silences nothing although all of its rules ran: a rule turned off may
// be what the comment is for.
func (s *suppression) apply(out *moduleResult) {
	if len(out.Ignores) == 0 {
		return
	}
	type resolved struct {
		c     *ignoreComment
		ids   map[string]bool
		err   string
		used  bool
		ran   bool // all of its rules ran in this run
		where report.Location
	}
	var cs []*resolved
	for i := range out.Ignores {
		c := &out.Ignores[i]
		r := &resolved{c: c, ids: map[string]bool{}, ran: true,
			where: report.Location{Path: c.Path, Line: c.At, Col: c.Col, EndLine: c.At, EndCol: c.Col + len(ignoreMarker)}}
		switch {
		case len(c.Rules) == 0 || c.Reason == "":
			r.err = ignoreMarker + " needs rules and a reason: /* " + ignoreMarker + " KD101 why this is safe */"
		default:
			for _, name := range c.Rules {
				id, ok := s.known[name]
				if !ok {
					id, ok = s.known[strings.ToUpper(name)]
				}
				switch {
				case !ok:
					r.err = fmt.Sprintf("%s names unknown rule %q (kdlint -list lists the rules)", ignoreMarker, name)
				case id == report.BadSuppression.ID:
					r.err = fmt.Sprintf("%s cannot silence %s itself; -disable %s turns it off", ignoreMarker, id, id)
				}
				r.ids[id] = true
				r.ran = r.ran && s.enabled[id]
			}
		}
		cs = append(cs, r)
	}
	keep := out.Findings[:0]
	for _, f := range out.Findings {
		var by *resolved
		for _, r := range cs {
			if r.err == "" && r.ids[f.RuleID] && r.c.Path == f.Path && r.c.Line == f.Line {
				r.used = true
				if by == nil {
					by = r
				}
			}
		}
		switch {
		case by == nil:
			keep = append(keep, f)
		case s.keep:
			f.Suppression = &report.Suppression{Kind: report.SuppressedInSource, Justification: by.c.Reason}
			out.Suppressed = append(out.Suppressed, f)
		}
	}
	out.Findings = keep
	if !s.check {
		return
	}
	for _, r := range cs {
		msg := r.err
		if msg == "" && !r.used && r.ran {
			msg = fmt.Sprintf("%s %s silences no finding on line %d; remove it", ignoreMarker, strings.Join(r.c.Rules, ","), r.c.Line)
		}
		if msg != "" {
			out.Findings = append(out.Findings, report.Finding{RuleID: report.BadSuppression.ID,
				Level: report.BadSuppression.Level, Message: msg, Location: r.where})
		}
	}
}
