// Package report holds what a kdlint run produces, independent of how it is
// printed: findings, tool notices (skipped functions, unreadable files) and
// the metadata of the rules that produced them. Output formats (text, SARIF)
// read these types; analyzers and the driver write them.
package report

import "fmt"

// Level is a finding's severity, spelled as SARIF spells it.
type Level string

const (
	Error   Level = "error"
	Warning Level = "warning"
	Note    Level = "note"
)

// Rule is the public description of one rule. The same record drives
// rules.md, `kdlint -explain` and the SARIF rule descriptors.
type Rule struct {
	ID        string // stable public ID, e.g. "KD101"
	Name      string // readable name, e.g. "sleep-in-atomic"
	Summary   string // one line: what it finds
	Level     Level  // default level
	Precision string // SARIF precision: very-high, high, medium, low
	Tags      []string
	Since     string // kdlint version that introduced the rule

	// Documentation sections, in Markdown.
	What          string // what it finds, one or two sentences
	Why           string // why it is a bug
	Example       string // C code that triggers the rule
	UseInstead    string // the fixed C code
	KnownProblems string // known false positives and negatives
	Options       []Option
	References    []string // links or kernel documentation paths
}

// Option is a rule option, set on the command line as -rule.ID.NAME=VALUE.
type Option struct {
	Name    string
	Default string
	Doc     string
}

// Anchor is the rule's anchor in rules.md.
func (r *Rule) Anchor() string { return r.ID }

// Location is a range in a source file. Path is as the driver was given it
// (relative to the working directory when it was given relative).
// Lines and columns are 1-based; EndCol is exclusive-less: it names the last
// column of the range plus one, as SARIF's endColumn does.
type Location struct {
	Path    string
	Line    int
	Col     int
	EndLine int
	EndCol  int
}

// Related is a secondary location that explains a finding, such as the
// entry point of an atomic context or a step of a call chain.
type Related struct {
	Location
	Message string
}

// Finding is one diagnostic of one rule.
type Finding struct {
	RuleID  string
	Level   Level
	Message string
	Location
	Related []Related
}

// Notice is something the tool itself wants the user to know: a file it
// could not read, a function it had to skip. Notices are not findings; they
// map to SARIF toolExecutionNotifications.
type Notice struct {
	Level   Level // Error for a failed file, Warning for a skipped function, Note otherwise
	Kind    NoticeKind
	Message string
	Location
}

// NoticeKind says what a notice is about. The exit status and the
// outputs decide from the kind, never from a notice's wording.
type NoticeKind uint8

const (
	// NoticeIO: a path named on the command line is missing or cannot
	// be read.
	NoticeIO NoticeKind = iota + 1
	// NoticeNotC: a file named on the command line is not C source.
	NoticeNotC
	// NoticeFileFailed: a file could not be analysed at all.
	NoticeFileFailed
	// NoticeSkipped: a function or declaration could not be parsed and
	// was left out.
	NoticeSkipped
	// NoticeInternal: an analysis failed on a module.
	NoticeInternal
	// NoticeUnusedIgnore: a suppression comment matches no finding.
	NoticeUnusedIgnore
	// NoticeBadIgnore: a suppression comment is malformed.
	NoticeBadIgnore
)

var noticeKindNames = [...]string{
	NoticeIO:           "io",
	NoticeNotC:         "not-c-source",
	NoticeFileFailed:   "file-failed",
	NoticeSkipped:      "skipped",
	NoticeInternal:     "internal",
	NoticeUnusedIgnore: "unused-ignore",
	NoticeBadIgnore:    "bad-ignore",
}

// String is the kind's stable machine-readable name, as SARIF notification
// descriptors and cache entries spell it.
func (k NoticeKind) String() string {
	if int(k) < len(noticeKindNames) && noticeKindNames[k] != "" {
		return noticeKindNames[k]
	}
	return "unknown"
}

// FailsRun reports whether a notice of this kind makes the run fail with
// a usage or I/O error: something the user asked for could not be read.
func (k NoticeKind) FailsRun() bool { return k == NoticeIO || k == NoticeNotC }

// MarshalText spells the kind by its name.
func (k NoticeKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// UnmarshalText reads a kind spelled by its name.
func (k *NoticeKind) UnmarshalText(b []byte) error {
	for i, n := range noticeKindNames {
		if n != "" && n == string(b) {
			*k = NoticeKind(i)
			return nil
		}
	}
	return fmt.Errorf("unknown notice kind %q", b)
}

// Run is the outcome of one kdlint invocation.
type Run struct {
	ToolVersion string
	Rules       []*Rule // every rule that ran, in ID order
	Findings    []Finding
	Notices     []Notice
}
