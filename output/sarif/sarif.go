package sarif

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf16"

	"github.com/kdlint/kdlint/output/rulesdoc"
	"github.com/kdlint/kdlint/report"
)

const (
	schemaURI      = "https://json.schemastore.org/sarif-2.1.0.json"
	sarifVersion   = "2.1.0"
	toolName       = "kdlint"
	informationURI = "https://github.com/kdlint/kdlint"
	rulesDocURI    = "https://github.com/kdlint/kdlint/blob/main/rules.md#"
	srcRoot        = "%SRCROOT%"
	columnKind     = "utf16CodeUnits"
	lineHashKey    = "primaryLocationLineHash"
)

// Write writes run to w as a SARIF 2.1.0 log: indented JSON ending in a
// newline. Relative paths in run are taken relative to the current working
// directory, from which source lines are also read to convert columns and
// compute fingerprints. root is the directory %SRCROOT% stands for (the
// repository's top level, normally); paths below it are written relative
// to it. "" means the working directory.
func Write(w io.Writer, run *report.Run, root string) error {
	return WriteOptions(w, run, Options{Root: root})
}

// MaxResults is the most results GitHub code scanning accepts in one run
// of a SARIF log; a log with more is rejected whole.
const MaxResults = 25000

// Options say how to write a log.
type Options struct {
	// Root is the directory %SRCROOT% stands for; "" means the working
	// directory.
	Root string
	// Category, when set, is the run's category for code scanning
	// (runAutomationDetails.id "CATEGORY/"): runs of different
	// categories for one commit are kept apart.
	Category string
	// MaxResults is the most results the log holds (0: MaxResults). The
	// most severe are kept, and a "results-truncated" notification says
	// how many were left out.
	MaxResults int
}

// WriteOptions is Write with all the options.
func WriteOptions(w io.Writer, run *report.Run, o Options) error {
	cwd, err := os.Getwd()
	if err != nil {
		return fmt.Errorf("sarif: %w", err)
	}
	root := o.Root
	if root == "" {
		root = cwd
	}
	if root, err = filepath.Abs(root); err != nil {
		return fmt.Errorf("sarif: %w", err)
	}
	o.Root = root
	return write(w, run, cwd, o, os.ReadFile)
}

// Truncated returns how many of n results a log written with at most max
// results leaves out (max 0: MaxResults).
func Truncated(n, max int) int {
	if max <= 0 {
		max = MaxResults
	}
	return n - min(n, max)
}

// write is WriteOptions with the working directory, the source root and
// the file reader passed in, so that tests need not change the process's
// directory.
func write(w io.Writer, run *report.Run, cwd string, o Options, readFile func(string) ([]byte, error)) error {
	if run == nil {
		run = &report.Run{}
	}
	root := o.Root
	if root == "" {
		root = cwd
	}
	b := &builder{cwd: filepath.Clean(cwd), root: filepath.Clean(root), readFile: readFile, files: map[string][]string{}, opts: o}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	// Messages quote C code: keep "&dev->lock" readable instead of \u0026.
	enc.SetEscapeHTML(false)
	if err := enc.Encode(b.log(run)); err != nil {
		return fmt.Errorf("sarif: %w", err)
	}
	return nil
}

// The SARIF subset we emit. Optional fields are omitempty so that the log
// never carries empty strings or sentinel values.

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool               tool                        `json:"tool"`
	AutomationDetails  *runAutomationDetails       `json:"automationDetails,omitempty"`
	Invocations        []invocation                `json:"invocations"`
	OriginalURIBaseIDs map[string]artifactLocation `json:"originalUriBaseIds"`
	Results            []result                    `json:"results"` // [] when clean: "analyzed, found nothing"
	ColumnKind         string                      `json:"columnKind"`
}

// runAutomationDetails is SARIF's run.automationDetails, which GitHub's
// documentation calls runAutomationDetails: its id up to the last "/" is
// the run's code scanning category.
type runAutomationDetails struct {
	ID string `json:"id"`
}

type tool struct {
	Driver toolComponent `json:"driver"`
}

type toolComponent struct {
	Name            string                `json:"name"`
	Version         string                `json:"version,omitempty"`
	SemanticVersion string                `json:"semanticVersion,omitempty"`
	InformationURI  string                `json:"informationUri"`
	Rules           []reportingDescriptor `json:"rules"`
}

type reportingDescriptor struct {
	ID                   string                 `json:"id"`
	Name                 string                 `json:"name,omitempty"`
	ShortDescription     *multiformatMessage    `json:"shortDescription,omitempty"`
	FullDescription      *multiformatMessage    `json:"fullDescription,omitempty"`
	Help                 *multiformatMessage    `json:"help,omitempty"`
	HelpURI              string                 `json:"helpUri,omitempty"`
	DefaultConfiguration reportingConfiguration `json:"defaultConfiguration"`
	Properties           *ruleProperties        `json:"properties,omitempty"`
}

type multiformatMessage struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type reportingConfiguration struct {
	Level string `json:"level"`
}

type ruleProperties struct {
	Precision string `json:"precision,omitempty"`
	// GitHub's severity for rules without a security-severity.
	ProblemSeverity string   `json:"problem.severity,omitempty"`
	Tags            []string `json:"tags,omitempty"`
}

type invocation struct {
	ExecutionSuccessful        bool                  `json:"executionSuccessful"`
	ExitCode                   int                   `json:"exitCode"`
	WorkingDirectory           *artifactLocation     `json:"workingDirectory,omitempty"`
	ToolExecutionNotifications []notification        `json:"toolExecutionNotifications,omitempty"`
	Properties                 *invocationProperties `json:"properties,omitempty"`
}

// invocationProperties count what was not analysed, as -stats does.
type invocationProperties struct {
	NotAnalysed report.Unanalysed `json:"notAnalysed"`
}

type notification struct {
	Descriptor *descriptorReference `json:"descriptor,omitempty"`
	Level      string               `json:"level"`
	Message    message              `json:"message"`
	Locations  []location           `json:"locations,omitempty"`
}

type descriptorReference struct {
	ID string `json:"id"`
}

type message struct {
	Text string `json:"text"`
}

type result struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           *int              `json:"ruleIndex,omitempty"` // nil when the rule is not in run.Rules
	Level               string            `json:"level"`
	Message             message           `json:"message"`
	Locations           []location        `json:"locations,omitempty"`
	RelatedLocations    []location        `json:"relatedLocations,omitempty"`
	PartialFingerprints map[string]string `json:"partialFingerprints,omitempty"`
	Fingerprints        map[string]string `json:"fingerprints,omitempty"`
	Fixes               []sarifFix        `json:"fixes,omitempty"`
	Suppressions        []suppression     `json:"suppressions,omitempty"`
}

type sarifFix struct {
	Description     message          `json:"description"`
	ArtifactChanges []artifactChange `json:"artifactChanges"`
}

type artifactChange struct {
	ArtifactLocation artifactLocation `json:"artifactLocation"`
	Replacements     []replacement    `json:"replacements"`
}

type replacement struct {
	DeletedRegion   region           `json:"deletedRegion"`
	InsertedContent *artifactContent `json:"insertedContent,omitempty"`
}

type artifactContent struct {
	Text string `json:"text"`
}

type suppression struct {
	Kind          string `json:"kind"`
	Status        string `json:"status"`
	Justification string `json:"justification,omitempty"`
}

type location struct {
	ID               int              `json:"id,omitempty"` // 1-based; 0 for locations that need none
	PhysicalLocation physicalLocation `json:"physicalLocation"`
	Message          *message         `json:"message,omitempty"`
}

type physicalLocation struct {
	ArtifactLocation artifactLocation `json:"artifactLocation"`
	Region           *region          `json:"region,omitempty"`
}

type artifactLocation struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type region struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
	EndLine     int `json:"endLine"`
	EndColumn   int `json:"endColumn,omitempty"`
}

// builder converts a report.Run, reading each source file at most once.
type builder struct {
	cwd      string // relative paths are relative to it
	root     string // %SRCROOT%
	readFile func(string) ([]byte, error)
	files    map[string][]string // by absolute path; nil when unreadable
	opts     Options
}

func (b *builder) log(run *report.Run) sarifLog {
	rules := uniqueRules(run.Rules)
	descriptors := make([]reportingDescriptor, 0, len(rules))
	ruleIndex := map[string]int{}
	for i, r := range rules {
		descriptors = append(descriptors, descriptor(r))
		ruleIndex[r.ID] = i
	}
	inv := invocation{
		ExecutionSuccessful: !run.Failed,
		ExitCode:            run.ExitStatus,
		WorkingDirectory:    &artifactLocation{URI: dirURI(b.cwd)},
	}
	for _, n := range run.Notices {
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, b.notification(n))
	}
	// What was not analysed, in the words and numbers of the text
	// summary line and -stats.
	if u := report.Summarize(run.Notices); !u.IsZero() {
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, notification{
			Descriptor: &descriptorReference{ID: "not-analysed"},
			Level:      string(report.Warning),
			Message:    message{Text: u.String() + "; the other notifications list them"},
		})
		inv.Properties = &invocationProperties{NotAnalysed: u}
	}
	findings := b.keep(run.Findings)
	if left := len(run.Findings) - len(findings); left > 0 {
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, notification{
			Descriptor: &descriptorReference{ID: "results-truncated"},
			Level:      string(report.Warning),
			Message: message{Text: fmt.Sprintf("%d of %d results left out: GitHub code scanning accepts at most %d results in a run; "+
				"the log holds the most severe, and the text or JSON output lists them all", left, len(run.Findings), len(findings))},
		})
	}
	results := b.results(findings, rules, ruleIndex)
	if room := b.max() - len(results); room > 0 && len(run.Suppressed) > 0 {
		suppressed := run.Suppressed[:min(room, len(run.Suppressed))]
		for i, r := range b.results(suppressed, rules, ruleIndex) {
			if s := suppressed[i].Suppression; s != nil {
				r.Suppressions = []suppression{{Kind: s.Kind, Status: "accepted", Justification: s.Justification}}
			} else {
				r.Suppressions = []suppression{{Kind: report.SuppressedInSource, Status: "accepted"}}
			}
			results = append(results, r)
		}
	}
	out := sarifRun{
		Tool: tool{Driver: toolComponent{
			Name:            toolName,
			Version:         toolVersion(run.ToolVersion),
			SemanticVersion: semanticVersion(run.ToolVersion),
			InformationURI:  informationURI,
			Rules:           descriptors,
		}},
		Invocations:        []invocation{inv},
		OriginalURIBaseIDs: map[string]artifactLocation{srcRoot: {URI: dirURI(b.root)}},
		Results:            results,
		ColumnKind:         columnKind,
	}
	if c := strings.TrimSuffix(b.opts.Category, "/"); c != "" {
		out.AutomationDetails = &runAutomationDetails{ID: c + "/"}
	}
	return sarifLog{Schema: schemaURI, Version: sarifVersion, Runs: []sarifRun{out}}
}

func (b *builder) max() int {
	if b.opts.MaxResults > 0 {
		return b.opts.MaxResults
	}
	return MaxResults
}

// keep returns the findings the log has room for: all of them, or the
// most severe (errors, then warnings, then notes, each in position
// order), in their order.
func (b *builder) keep(findings []report.Finding) []report.Finding {
	if len(findings) <= b.max() {
		return findings
	}
	rank := func(l report.Level) int {
		switch l {
		case report.Error:
			return 0
		case report.Warning:
			return 1
		}
		return 2
	}
	idx := make([]int, len(findings))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(x, y int) int { return cmp.Compare(rank(findings[x].Level), rank(findings[y].Level)) })
	idx = idx[:b.max()]
	slices.Sort(idx)
	out := make([]report.Finding, len(idx))
	for i, j := range idx {
		out[i] = findings[j]
	}
	return out
}

// uniqueRules drops nil rules and repeats of an ID, so that an ID's
// ruleIndex is unambiguous.
func uniqueRules(rules []*report.Rule) []*report.Rule {
	var out []*report.Rule
	seen := map[string]bool{}
	for _, r := range rules {
		if r != nil && !seen[r.ID] {
			seen[r.ID] = true
			out = append(out, r)
		}
	}
	return out
}

func descriptor(r *report.Rule) reportingDescriptor {
	lvl := level(r.Level, string(report.Warning))
	d := reportingDescriptor{
		ID:                   r.ID,
		Name:                 r.Name,
		HelpURI:              rulesDocURI + url.PathEscape(strings.ToLower(r.Anchor())),
		DefaultConfiguration: reportingConfiguration{Level: lvl},
	}
	summary := rulesdoc.Plain(r.Summary)
	if summary != "" {
		d.ShortDescription = &multiformatMessage{Text: summary}
	}
	// GitHub rejects rules without fullDescription and help, so a rule with
	// no docs falls back to its summary, and at last to its ID.
	if text := joinParagraphs(rulesdoc.Plain(r.What), rulesdoc.Plain(r.Why)); text != "" {
		d.FullDescription = &multiformatMessage{
			Text:     text,
			Markdown: joinParagraphs(strings.TrimSpace(r.What), strings.TrimSpace(r.Why)),
		}
	} else {
		d.FullDescription = &multiformatMessage{Text: firstNonEmpty(summary, r.ID)}
	}
	// The help is the rule's page of rules.md, as -explain prints it.
	d.Help = &multiformatMessage{Text: rulesdoc.HelpText(r), Markdown: rulesdoc.HelpMarkdown(r)}
	p := ruleProperties{
		Precision:       r.Precision,
		ProblemSeverity: problemSeverity(lvl),
		Tags:            uniqueTags(r.Tags),
	}
	if p.Precision != "" || p.ProblemSeverity != "" || len(p.Tags) > 0 {
		d.Properties = &p
	}
	return d
}

func (b *builder) results(findings []report.Finding, rules []*report.Rule, ruleIndex map[string]int) []result {
	out := make([]result, 0, len(findings)) // never nil: a clean run has "results": []

	// Results that share rule, file and line hash are told apart by their
	// rank in position order, which does not depend on the findings' order.
	type fpKey struct{ rule, file, hash string }
	groups := map[fpKey][]int{}

	for i, f := range findings {
		defLevel := string(report.Warning)
		res := result{RuleID: f.RuleID}
		if ri, ok := ruleIndex[f.RuleID]; ok {
			res.RuleIndex = &ri
			defLevel = level(rules[ri].Level, defLevel)
		}
		res.Level = level(f.Level, defLevel)
		res.Message = message{Text: firstNonEmpty(f.Message, ruleSummary(rules, res.RuleIndex), f.RuleID)}

		if loc, ok := b.location(f.Location); ok {
			res.Locations = []location{loc}
		}
		for j, rel := range f.Related {
			// A related location without a path is in the finding's file.
			if rel.Path == "" {
				rel.Path = f.Path
			}
			loc, ok := b.location(rel.Location)
			if !ok {
				continue
			}
			loc.ID = j + 1
			if rel.Message != "" {
				loc.Message = &message{Text: rel.Message}
			}
			res.RelatedLocations = append(res.RelatedLocations, loc)
		}
		if len(res.RelatedLocations) > 0 {
			// The message now has embedded links: literal brackets in it
			// must be escaped.
			res.Message.Text = escapeLinkText(res.Message.Text) + relatedLinks(res.RelatedLocations)
		}
		if f.Fingerprint != "" {
			res.Fingerprints = map[string]string{report.FingerprintKey: f.Fingerprint}
		}
		for _, fx := range f.Fixes {
			if sf, ok := b.fix(f, fx); ok {
				res.Fixes = append(res.Fixes, sf)
			}
		}
		out = append(out, res)

		if f.Path == "" || f.Line <= 0 {
			continue
		}
		abs, _ := b.artifact(f.Path)
		if text, ok := b.line(abs, f.Line); ok {
			k := fpKey{f.RuleID, abs, lineHash(f.RuleID, text)}
			groups[k] = append(groups[k], i)
		}
	}

	for k, idx := range groups {
		slices.SortStableFunc(idx, func(a, b int) int {
			return comparePositions(findings[a], findings[b])
		})
		for rank, i := range idx {
			out[i].PartialFingerprints = map[string]string{lineHashKey: fmt.Sprintf("%s:%d", k.hash, rank+1)}
		}
	}
	return out
}

// fix converts a fix: one artifactChange per file, its replacements in
// edit order. Regions are exact, not filled as a result's are: an empty
// one is an insertion point. A fix with an edit that names no line is
// left out.
func (b *builder) fix(f report.Finding, fx report.Fix) (sarifFix, bool) {
	out := sarifFix{Description: message{Text: firstNonEmpty(fx.Description, "fix")}}
	byFile := map[string]int{}
	for _, e := range fx.Edits {
		if e.Path == "" {
			e.Path = f.Path
		}
		if e.Line <= 0 || e.Col <= 0 {
			return sarifFix{}, false
		}
		abs, art := b.artifact(e.Path)
		endLine, endCol := e.EndLine, e.EndCol
		if endLine == 0 {
			endLine, endCol = e.Line, e.Col
		}
		r := replacement{DeletedRegion: region{
			StartLine: e.Line, StartColumn: b.column(abs, e.Line, e.Col),
			EndLine: endLine, EndColumn: b.column(abs, endLine, endCol),
		}}
		if e.New != "" {
			r.InsertedContent = &artifactContent{Text: e.New}
		}
		i, ok := byFile[abs]
		if !ok {
			i = len(out.ArtifactChanges)
			byFile[abs] = i
			out.ArtifactChanges = append(out.ArtifactChanges, artifactChange{ArtifactLocation: art})
		}
		out.ArtifactChanges[i].Replacements = append(out.ArtifactChanges[i].Replacements, r)
	}
	return out, len(out.ArtifactChanges) > 0
}

func (b *builder) notification(n report.Notice) notification {
	out := notification{
		Level:   level(n.Level, string(report.Note)),
		Message: message{Text: firstNonEmpty(n.Message, n.Kind.String())},
	}
	if n.Kind != 0 {
		out.Descriptor = &descriptorReference{ID: n.Kind.String()}
	}
	if loc, ok := b.location(n.Location); ok {
		out.Locations = []location{loc}
	}
	return out
}

// location converts l, reporting false when it names no file.
func (b *builder) location(l report.Location) (location, bool) {
	if l.Path == "" {
		return location{}, false
	}
	abs, art := b.artifact(l.Path)
	return location{PhysicalLocation: physicalLocation{
		ArtifactLocation: art,
		Region:           b.region(abs, l),
	}}, true
}

// artifact resolves a report path to the absolute file to read and the
// artifact location to write: relative to %SRCROOT% when inside the source
// root, an absolute file URI otherwise.
func (b *builder) artifact(path string) (string, artifactLocation) {
	abs := filepath.Clean(path)
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(b.cwd, abs)
	}
	rel, err := filepath.Rel(b.root, abs)
	if err != nil || !isFileBelow(rel) {
		return abs, artifactLocation{URI: fileURI(abs)}
	}
	return abs, artifactLocation{URI: escapePath(rel, true), URIBaseID: srcRoot}
}

// isFileBelow reports whether the clean relative path rel names something
// inside its base directory, not the directory itself.
func isFileBelow(rel string) bool {
	return rel != "." && filepath.IsLocal(rel)
}

// dirURI is a directory as a file URI; SARIF requires the trailing slash
// for it to act as a base.
func dirURI(dir string) string {
	u := fileURI(dir)
	if !strings.HasSuffix(u, "/") {
		u += "/"
	}
	return u
}

// region converts l's lines and byte columns; see the package comment for
// how missing ends are filled. It returns nil when l has no line.
func (b *builder) region(abs string, l report.Location) *region {
	if l.Line <= 0 {
		return nil
	}
	r := &region{StartLine: l.Line, EndLine: l.Line}
	if l.EndLine > l.Line {
		r.EndLine = l.EndLine
	}
	if l.Col <= 0 {
		return r // whole lines
	}
	r.StartColumn = l.Col
	sameLine := l.EndLine == 0 || l.EndLine == l.Line
	switch {
	case r.EndLine > l.Line:
		r.EndColumn = l.EndCol // 0 leaves it out: to the end of EndLine
	case sameLine && l.EndCol > l.Col:
		r.EndColumn = l.EndCol
	default:
		r.EndColumn = l.Col + 1
	}

	r.StartColumn = b.column(abs, r.StartLine, r.StartColumn)
	if r.EndColumn > 0 {
		r.EndColumn = b.column(abs, r.EndLine, r.EndColumn)
		// Two byte columns inside one character can meet after conversion.
		if r.EndLine == r.StartLine && r.EndColumn <= r.StartColumn {
			r.EndColumn = r.StartColumn + 1
		}
	}
	return r
}

// column converts a 1-based byte column on line n of abs to UTF-16 code
// units; it is returned unchanged when the line cannot be read.
func (b *builder) column(abs string, n, col int) int {
	text, ok := b.line(abs, n)
	if !ok {
		return col
	}
	return utf16Column(text, col)
}

// line returns line n (1-based) of abs without its line terminator.
func (b *builder) line(abs string, n int) (string, bool) {
	lines, cached := b.files[abs]
	if !cached {
		if data, err := b.readFile(abs); err == nil {
			lines = strings.Split(string(data), "\n")
		}
		b.files[abs] = lines
	}
	if n < 1 || n > len(lines) {
		return "", false
	}
	return strings.TrimSuffix(lines[n-1], "\r"), true
}

// utf16Column converts a 1-based byte column in text to a 1-based column in
// UTF-16 code units. Bytes past the end of text count one each.
func utf16Column(text string, col int) int {
	n := col - 1
	extra := 0
	if n > len(text) {
		extra = n - len(text)
		n = len(text)
	}
	units := 0
	for _, r := range text[:n] { // invalid bytes decode as U+FFFD, one unit
		units += utf16.RuneLen(r)
	}
	return units + extra + 1
}

// lineHash hashes the rule ID with the line's text stripped of whitespace,
// so that re-indenting or re-spacing a line keeps its alerts.
func lineHash(ruleID, text string) string {
	h := sha256.New()
	io.WriteString(h, ruleID)
	h.Write([]byte{0})
	io.WriteString(h, strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, text))
	return hex.EncodeToString(h.Sum(nil)[:8])
}

func comparePositions(a, b report.Finding) int {
	return cmp.Or(
		cmp.Compare(a.Line, b.Line),
		cmp.Compare(a.Col, b.Col),
		cmp.Compare(a.EndLine, b.EndLine),
		cmp.Compare(a.EndCol, b.EndCol),
		cmp.Compare(a.Message, b.Message),
	)
}

// escapePath percent-encodes each segment of a slash-separated path. In a
// relative reference a colon in the first segment would read as a scheme, so
// colons are escaped there.
func escapePath(p string, escapeColon bool) string {
	segs := strings.Split(filepath.ToSlash(p), "/")
	for i, s := range segs {
		s = url.PathEscape(s)
		if escapeColon {
			s = strings.ReplaceAll(s, ":", "%3A")
		}
		segs[i] = s
	}
	return strings.Join(segs, "/")
}

func fileURI(abs string) string {
	p := filepath.ToSlash(abs)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // a Windows drive path: file:///C:/...
	}
	return "file://" + escapePath(p, false)
}

// level returns l when it is a SARIF level and fallback otherwise.
func level(l report.Level, fallback string) string {
	switch l {
	case report.Error, report.Warning, report.Note, "none":
		return string(l)
	}
	return fallback
}

// problemSeverity maps a level to GitHub's problem.severity.
func problemSeverity(lvl string) string {
	switch lvl {
	case string(report.Error):
		return "error"
	case string(report.Warning):
		return "warning"
	case string(report.Note):
		return "recommendation"
	}
	return ""
}

// toolVersion drops Go's "v" prefix: the multitool (SARIF2005) wants a
// version that starts with a number, so that versions compare.
func toolVersion(v string) string {
	if len(v) > 1 && v[0] == 'v' && v[1] >= '0' && v[1] <= '9' {
		return v[1:]
	}
	return v
}

// semverRE is the regular expression semver.org gives for SemVer 2.0.0.
var semverRE = regexp.MustCompile(`^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)` +
	`(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?` +
	`(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$`)

// semanticVersion returns v without Go's "v" prefix if that is valid
// SemVer 2.0.0, and "" otherwise (SARIF's semanticVersion must be SemVer).
func semanticVersion(v string) string {
	v = toolVersion(v)
	if semverRE.MatchString(v) {
		return v
	}
	return ""
}

// uniqueTags drops empty and repeated tags: the schema requires unique items.
func uniqueTags(tags []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, t := range tags {
		if t != "" && !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

func ruleSummary(rules []*report.Rule, index *int) string {
	if index == nil {
		return ""
	}
	return rulesdoc.Plain(rules[*index].Summary)
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

func joinParagraphs(parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, "\n\n")
}

// relatedLinks renders links to the related locations for the end of a
// result's message: GitHub shows a related location only where the
// message links to it, as "[text](id)".
func relatedLinks(locs []location) string {
	if len(locs) == 0 {
		return ""
	}
	var links []string
	for _, l := range locs {
		text := fmt.Sprintf("step %d", l.ID)
		if l.Message != nil && l.Message.Text != "" {
			text = l.Message.Text
		}
		// Brackets in link text must be escaped (SARIF 3.11.6).
		text = strings.NewReplacer(`\`, `\\`, "[", `\[`, "]", `\]`).Replace(text)
		links = append(links, fmt.Sprintf("[%s](%d)", text, l.ID))
	}
	return " (" + strings.Join(links, "; ") + ")"
}

// escapeLinkText escapes the characters SARIF gives a meaning in messages
// with embedded links (SARIF 2.1.0, 3.11.6).
func escapeLinkText(s string) string {
	return strings.NewReplacer(`\`, `\\`, "[", `\[`, "]", `\]`).Replace(s)
}
