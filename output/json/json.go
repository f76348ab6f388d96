// Package json writes a kdlint run as one JSON document, for scripts and
// for baselines (kdlint -baseline reads it back). The schema is stable:
// fields are only ever added, and a change that would break a reader
// changes "schema". schema.json is its JSON Schema; README's "JSON output"
// section documents it.
//
//	{
//	  "schema": "kdlint-json/1",
//	  "tool": {"name": "kdlint", "version": "0.1.0"},
//	  "exitStatus": 1,
//	  "executionSuccessful": true,
//	  "rules": [{"id": "KD101", "name": "sleep-in-atomic", "severity": "error", "summary": "...", "helpUri": "..."}],
//	  "findings": [{
//	    "rule": {"id": "KD101", "name": "sleep-in-atomic"},
//	    "severity": "error",
//	    "location": {"path": "drv/a.c", "line": 89, "column": 2, "endLine": 89, "endColumn": 8},
//	    "message": "msleep() may sleep, but ...",
//	    "chain": [{"location": {...}, "message": "sadc_timer_fn() registered as timer callback by .function"}],
//	    "fixes": [{"description": "use GFP_ATOMIC", "edits": [{"location": {...}, "newText": "GFP_ATOMIC"}]}],
//	    "fingerprint": "3f1c...:1"
//	  }],
//	  "suppressed": [],
//	  "notices": [{"kind": "skipped", "severity": "warning", "location": {...}, "message": "..."}],
//	  "notAnalysed": {"files": 0, "functions": 0, "declarations": 0, "inFiles": 0, "analyses": 0, "parts": 0}
//	}
//
// Paths are as kdlint was given them (relative to the working directory
// when given relative); lines and columns are 1-based, columns count
// bytes, and an end column is one past the last byte of the range (0
// when unknown). Every array is present, empty rather than null.
package json

import (
	_ "embed"
	stdjson "encoding/json"
	"io"
	"strings"

	"github.com/kdlint/kdlint/report"
)

// SchemaID is the value of the document's "schema" field.
const SchemaID = "kdlint-json/1"

// Schema is the JSON Schema (draft 2020-12) of the document.
//
//go:embed schema.json
var Schema []byte

const rulesDocURI = "https://github.com/kdlint/kdlint/blob/main/rules.md#"

// Document is the JSON document of one run.
type Document struct {
	Schema              string      `json:"schema"`
	Tool                Tool        `json:"tool"`
	ExitStatus          int         `json:"exitStatus"`
	ExecutionSuccessful bool        `json:"executionSuccessful"`
	Rules               []Rule      `json:"rules"`
	Findings            []Finding   `json:"findings"`
	Suppressed          []Finding   `json:"suppressed"`
	Notices             []Notice    `json:"notices"`
	NotAnalysed         NotAnalysed `json:"notAnalysed"`
}

// Tool names kdlint.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Rule is a rule that ran.
type Rule struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Severity string `json:"severity"`
	Summary  string `json:"summary"`
	HelpURI  string `json:"helpUri"`
}

// RuleRef names a finding's rule.
type RuleRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Location is a range of a file.
type Location struct {
	Path      string `json:"path"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"endLine"`
	EndColumn int    `json:"endColumn"`
}

// Step is one related location: a step of the chain that leads to the
// finding.
type Step struct {
	Location Location `json:"location"`
	Message  string   `json:"message"`
}

// Fix is one way to resolve a finding: all of its edits together.
type Fix struct {
	Description string `json:"description"`
	Edits       []Edit `json:"edits"`
}

// Edit replaces the text of a range (its end excluded) with NewText.
type Edit struct {
	Location Location `json:"location"`
	NewText  string   `json:"newText"`
}

// Suppression says why a finding is not reported.
type Suppression struct {
	Kind          string `json:"kind"` // "inSource" (kdlint:ignore) or "external" (a baseline)
	Justification string `json:"justification"`
}

// Finding is one finding.
type Finding struct {
	Rule        RuleRef      `json:"rule"`
	Severity    string       `json:"severity"`
	Location    Location     `json:"location"`
	Message     string       `json:"message"`
	Chain       []Step       `json:"chain"`
	Fixes       []Fix        `json:"fixes"`
	Fingerprint string       `json:"fingerprint"`
	Suppression *Suppression `json:"suppression,omitempty"`
}

// Notice is something kdlint says about its own run: what it could not
// analyse, and why.
type Notice struct {
	Kind     string   `json:"kind"`
	Severity string   `json:"severity"`
	Location Location `json:"location"`
	Message  string   `json:"message"`
}

// NotAnalysed counts what was not analysed, as -stats does.
type NotAnalysed struct {
	Files        int `json:"files"`
	Functions    int `json:"functions"`
	Declarations int `json:"declarations"`
	InFiles      int `json:"inFiles"`
	Analyses     int `json:"analyses"`
	Parts        int `json:"parts"` // files of which part of the text was not analysed (an unterminated comment, an #include not expanded)
}

// Write writes run as indented JSON ending in a newline.
func Write(w io.Writer, run *report.Run) error {
	enc := stdjson.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(Build(run))
}

// Build converts run to its document.
func Build(run *report.Run) Document {
	d := Document{Schema: SchemaID, Tool: Tool{Name: "kdlint", Version: run.ToolVersion},
		ExitStatus: run.ExitStatus, ExecutionSuccessful: !run.Failed,
		Rules: []Rule{}, Findings: []Finding{}, Suppressed: []Finding{}, Notices: []Notice{}}
	names := map[string]string{}
	for _, r := range run.Rules {
		if r == nil {
			continue
		}
		names[r.ID] = r.Name
		d.Rules = append(d.Rules, Rule{ID: r.ID, Name: r.Name, Severity: string(r.Level), Summary: r.Summary,
			HelpURI: rulesDocURI + strings.ToLower(r.Anchor())})
	}
	for _, f := range run.Findings {
		d.Findings = append(d.Findings, finding(f, names))
	}
	for _, f := range run.Suppressed {
		d.Suppressed = append(d.Suppressed, finding(f, names))
	}
	for _, n := range run.Notices {
		d.Notices = append(d.Notices, Notice{Kind: n.Kind.String(), Severity: string(n.Level), Location: location(n.Location), Message: n.Message})
	}
	u := report.Summarize(run.Notices)
	d.NotAnalysed = NotAnalysed{Files: u.Files, Functions: u.Functions, Declarations: u.Declarations, InFiles: u.InFiles, Analyses: u.Analyses, Parts: u.Parts}
	return d
}

func finding(f report.Finding, names map[string]string) Finding {
	out := Finding{Rule: RuleRef{ID: f.RuleID, Name: names[f.RuleID]}, Severity: string(f.Level),
		Location: location(f.Location), Message: f.Message, Chain: []Step{}, Fixes: []Fix{}, Fingerprint: f.Fingerprint}
	for _, r := range f.Related {
		loc := r.Location
		if loc.Path == "" {
			loc.Path = f.Path
		}
		out.Chain = append(out.Chain, Step{Location: location(loc), Message: r.Message})
	}
	for _, fx := range f.Fixes {
		x := Fix{Description: fx.Description, Edits: []Edit{}}
		for _, e := range fx.Edits {
			loc := e.Location
			if loc.Path == "" {
				loc.Path = f.Path
			}
			x.Edits = append(x.Edits, Edit{Location: location(loc), NewText: e.New})
		}
		out.Fixes = append(out.Fixes, x)
	}
	if s := f.Suppression; s != nil {
		out.Suppression = &Suppression{Kind: s.Kind, Justification: s.Justification}
	}
	return out
}

func location(l report.Location) Location {
	return Location{Path: l.Path, Line: l.Line, Column: l.Col, EndLine: l.EndLine, EndColumn: l.EndCol}
}

// Read decodes a document written by Write (for baselines). It checks
// the schema's name only.
func Read(r io.Reader) (*Document, error) {
	var d Document
	if err := stdjson.NewDecoder(r).Decode(&d); err != nil {
		return nil, err
	}
	return &d, nil
}
