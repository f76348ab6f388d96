// Package report holds what a kdlint run produces, independent of how it is
// printed: findings, tool notices (skipped functions, unreadable files) and
// the metadata of the rules that produced them. Output formats (text, SARIF)
// read these types; analyzers and the driver write them.
package report

import (
	"fmt"
	"strings"
)

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
	// Fixes are changes that resolve the finding, when the rule knows
	// one (GFP_KERNEL to GFP_ATOMIC, del_timer to del_timer_sync).
	Fixes []Fix `json:",omitempty"`
	// Suppression is set on a finding that is not reported, for the
	// outputs that can show such findings as suppressed (SARIF, JSON).
	Suppression *Suppression `json:",omitempty"`
	// Fingerprint is kdlint's stable fingerprint of the finding
	// (Fingerprints), set by the command line for the outputs that
	// carry it (SARIF, JSON) and for baselines; "" until then.
	Fingerprint string `json:",omitempty"`
}

// Suppression says why a finding is not reported.
type Suppression struct {
	// Kind is SuppressedInSource for a kdlint:ignore comment and
	// SuppressedExternal for a baseline, as SARIF names the kinds.
	Kind          string
	Justification string // the comment's reason, or which baseline
}

// The kinds of Suppression.
const (
	SuppressedInSource = "inSource"
	SuppressedExternal = "external"
)

// Fix is one way to resolve a finding: edits to the source, all applied
// together.
type Fix struct {
	Description string // what the fix does, e.g. "use GFP_ATOMIC"
	Edits       []Edit
}

// Edit replaces the text of a range (Location: from Line:Col up to, not
// including, EndLine:EndCol) with New.
type Edit struct {
	Location
	New string
}

// Notice is something the tool itself wants the user to know: a file it
// could not read, a function it had to skip. Notices are not findings; they
// map to SARIF toolExecutionNotifications.
type Notice struct {
	Level   Level // Error for a failed file, Warning for a skipped function, Note otherwise
	Kind    NoticeKind
	Message string
	Location
	// Name is the skipped function's name for a NoticeSkipped about a
	// function; "" for any other item.
	Name string `json:",omitempty"`
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
	// NoticeNotRegular: a path named on the command line is neither a
	// regular file nor a directory (a FIFO, a device, a socket); it is
	// never opened.
	NoticeNotRegular
	// NoticeSpecialSkipped: a .c or .h name found while walking a
	// directory is not a regular file (a FIFO, a device, a socket, a
	// broken symbolic link); it is never opened.
	NoticeSpecialSkipped
	// NoticeSymlinkDir: a symbolic link to a directory found while
	// walking was not followed.
	NoticeSymlinkDir
	// NoticeNoCFiles: a directory named on the command line holds no .c
	// file.
	NoticeNoCFiles
	// NoticeHeaderAlone: a header named on the command line has no .c
	// file beside it; headers are analysed with the .c files that
	// include them.
	NoticeHeaderAlone
	// NoticeNULBytes: NUL bytes in a file were read as spaces, as gcc
	// ignores them; nothing is lost.
	NoticeNULBytes
	// NoticeUnterminatedComment: a comment runs to the end of its file;
	// what it swallows is not analysed.
	NoticeUnterminatedComment
	// NoticeUnterminatedLiteral: a string or character literal is not
	// closed on its line; it was closed there and the rest analysed.
	NoticeUnterminatedLiteral
	// NoticeMissingInclude: a quoted #include was found nowhere; what it
	// would declare is inferred. Once per module and name.
	NoticeMissingInclude
	// NoticeIncludeLimit: an #include was not expanded (an include
	// cycle), or a file included under too many distinct macro states
	// was read with the conditions of its first inclusion, so part of
	// what it holds was not analysed.
	NoticeIncludeLimit
	// NoticeUserspaceLeftOut: at a kernel tree's root, the directories of
	// user-space and host programs (tools/, scripts/...) were left out.
	NoticeUserspaceLeftOut
	// NoticeBudget: an analysis spent its work budget on a module and
	// answered the rest less precisely (more findings, never fewer).
	NoticeBudget
)

// NoticeSource is implemented by the result of a helper pass that has
// something to tell the user about the module it analysed (a spent work
// budget); the driver adds the notices to the module's.
type NoticeSource interface {
	Notices() []Notice
}

// The unused-ignore and bad-ignore kinds are no longer produced: since
// 0.1.0 such comments are findings of the meta-rule BadSuppression. The
// kinds keep their names so that older cache entries still decode.

var noticeKindNames = [...]string{
	NoticeIO:             "io",
	NoticeNotC:           "not-c-source",
	NoticeFileFailed:     "file-failed",
	NoticeSkipped:        "skipped",
	NoticeInternal:       "internal",
	NoticeUnusedIgnore:   "unused-ignore",
	NoticeBadIgnore:      "bad-ignore",
	NoticeNotRegular:     "not-regular-file",
	NoticeSpecialSkipped: "special-file-skipped",
	NoticeSymlinkDir:     "symlink-not-followed",
	NoticeNoCFiles:       "no-c-files",
	NoticeHeaderAlone:    "header-alone",

	NoticeNULBytes:            "nul-bytes",
	NoticeUnterminatedComment: "unterminated-comment",
	NoticeUnterminatedLiteral: "unterminated-literal",
	NoticeMissingInclude:      "missing-include",
	NoticeIncludeLimit:        "include-limit",
	NoticeUserspaceLeftOut:    "userspace-left-out",
	NoticeBudget:              "analysis-budget",
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
func (k NoticeKind) FailsRun() bool { return k == NoticeIO || k == NoticeNotC || k == NoticeNotRegular }

// LosesFile reports whether a notice of this kind means a whole file was
// not analysed.
func (k NoticeKind) LosesFile() bool { return k == NoticeFileFailed || k == NoticeSpecialSkipped }

// LosesAnalysis reports whether a notice of this kind means an analysis
// failed on a module, so that some of its findings may be missing.
func (k NoticeKind) LosesAnalysis() bool { return k == NoticeInternal }

// LosesPart reports whether a notice of this kind means that part of a
// file's text (not one item) was not analysed: the end of a file after
// an unterminated comment, an #include not expanded.
func (k NoticeKind) LosesPart() bool {
	return k == NoticeUnterminatedComment || k == NoticeIncludeLimit
}

// LosesItem reports whether a notice of this kind means a function or
// declaration was left out of a file that was otherwise analysed.
func (k NoticeKind) LosesItem() bool { return k == NoticeSkipped }

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
	// Suppressed are findings silenced by a kdlint:ignore comment or a
	// baseline, each with its Suppression. They are collected only when
	// the run is asked to keep them (to show them in SARIF or JSON as
	// suppressed); no output reports them as findings.
	Suppressed []Finding
	Notices    []Notice
	// Failed is set when the run failed with a usage or I/O error (exit
	// status 2): something it was asked to read could not be.
	Failed bool
	// ExitStatus is the exit status of the run.
	ExitStatus int
}

// Unanalysed counts what a run did not analyse, from its notices' kinds.
// The text summary line, -stats and SARIF all print this one value.
type Unanalysed struct {
	Files        int `json:"files"`        // files not analysed at all
	Functions    int `json:"functions"`    // functions skipped in files otherwise analysed
	Declarations int `json:"declarations"` // other top-level items skipped
	InFiles      int `json:"in_files"`     // files holding those functions and declarations
	Parts        int `json:"parts"`        // files of which part of the text was not analysed (LosesPart)
	Analyses     int `json:"analyses"`     // analyses that failed on a module
}

// Summarize counts what notices say was not analysed.
func Summarize(notices []Notice) Unanalysed {
	var u Unanalysed
	lost := map[string]bool{}
	for _, n := range notices {
		switch {
		case n.Kind.LosesFile():
			if !lost[n.Path] {
				lost[n.Path] = true
				u.Files++
			}
		case n.Kind.LosesAnalysis():
			u.Analyses++
		}
	}
	parts := map[string]bool{}
	for _, n := range notices {
		if n.Kind.LosesPart() && !lost[n.Path] && !parts[n.Path] {
			parts[n.Path] = true
			u.Parts++
		}
	}
	in := map[string]bool{}
	for _, n := range notices {
		if !n.Kind.LosesItem() || lost[n.Path] {
			continue
		}
		if n.Name != "" {
			u.Functions++
		} else {
			u.Declarations++
		}
		in[n.Path] = true
	}
	u.InFiles = len(in)
	return u
}

// IsZero reports whether everything was analysed.
func (u Unanalysed) IsZero() bool { return u == Unanalysed{} }

// String says what was not analysed, in one clause:
// "1 file and 3 functions in 2 other files not analysed". It is "" when
// everything was.
func (u Unanalysed) String() string {
	var parts []string
	if u.Files > 0 {
		parts = append(parts, plural(u.Files, "file"))
	}
	if u.Functions > 0 || u.Declarations > 0 {
		var items []string
		if u.Functions > 0 {
			items = append(items, plural(u.Functions, "function"))
		}
		if u.Declarations > 0 {
			items = append(items, plural(u.Declarations, "declaration"))
		}
		other := ""
		if u.Files > 0 {
			other = "other "
		}
		parts = append(parts, fmt.Sprintf("%s in %d %s%s", strings.Join(items, " and "), u.InFiles, other, pluralWord(u.InFiles, "file")))
	}
	if u.Parts > 0 {
		parts = append(parts, "part of "+plural(u.Parts, "file"))
	}
	s := ""
	if len(parts) > 0 {
		s = strings.Join(parts, " and ") + " not analysed"
	}
	if u.Analyses > 0 {
		if s != "" {
			s += "; "
		}
		s += plural(u.Analyses, "analysis") + " failed"
	}
	return s
}

func plural(n int, word string) string { return fmt.Sprintf("%d %s", n, pluralWord(n, word)) }

func pluralWord(n int, word string) string {
	switch {
	case n == 1:
		return word
	case strings.HasSuffix(word, "is"):
		return strings.TrimSuffix(word, "is") + "es" // analysis, analyses
	}
	return word + "s"
}
