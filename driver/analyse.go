package driver

import (
	"fmt"
	"go/token"
	"os"
	"reflect"
	"runtime/debug"

	"golang.org/x/tools/go/analysis"

	"github.com/kdlint/kdlint/analyzers/passes/input"
	"github.com/kdlint/kdlint/analyzers/rule"
	"github.com/kdlint/kdlint/cparse"
	"github.com/kdlint/kdlint/driver/internal/cache"
	"github.com/kdlint/kdlint/ir"
	"github.com/kdlint/kdlint/kmodel"
	"github.com/kdlint/kdlint/report"
)

// plan is what every module of a run shares: the front-end
// configuration, the analyzers in dependency order and what the driver
// itself provides to them.
type plan struct {
	opts     *Options
	frontend cparse.Config
	order    []*analysis.Analyzer
	ruleOf   map[*analysis.Analyzer]*report.Rule
	// provided are the results the driver seeds instead of running an
	// analyzer: the run's option values and kernel model (the parsed
	// module is per module).
	provided map[*analysis.Analyzer]any
	cache    *cache.Cache // nil: no cache
	config   string       // cachekey.go
}

func newPlan(opts *Options) *plan {
	pl := &plan{opts: opts, frontend: opts.Frontend, ruleOf: map[*analysis.Analyzer]*report.Rule{},
		provided: map[*analysis.Analyzer]any{rule.Settings: opts.RuleOptions}}
	model := opts.Model
	if model == nil {
		model = kmodel.Default()
	}
	pl.provided[input.KernelModel] = model
	pl.frontend.Model = model
	var needs kmodel.Needs
	for _, r := range opts.Rules {
		needs = needs.Union(r.Needs)
		pl.ruleOf[r.Analyzer] = r.Doc
	}
	pl.frontend.Needs = needs
	visited := map[*analysis.Analyzer]bool{}
	var visit func(a *analysis.Analyzer)
	visit = func(a *analysis.Analyzer) {
		if visited[a] {
			return
		}
		visited[a] = true
		for _, r := range a.Requires {
			visit(r)
		}
		if _, seeded := pl.provided[a]; !seeded && a != input.Analyzer {
			pl.order = append(pl.order, a)
		}
	}
	for _, r := range opts.Rules {
		visit(r.Analyzer)
	}
	if opts.CacheDir != "" {
		pl.config = pl.configKey()
	}
	return pl
}

// openCache opens the run's cache in dir (none when dir is "" or cannot
// be opened), and tells the front end whether the modules' files need
// their sums: only the cache reads them again.
func (pl *plan) openCache(dir string) {
	if dir != "" {
		pl.cache, _ = cache.Open(dir) // no cache directory: run without
	}
	pl.frontend.NoFileSums = pl.cache == nil
}

// analyse parses one module and runs every analyzer on it. A panic in the
// front end costs the module, a panic in an analyzer that analyzer's
// findings for the module; either says so in a notice, and never costs
// the run.
func (pl *plan) analyse(mod Module) (out moduleResult, m *ir.Module) {
	fset := token.NewFileSet()
	m, err := parse(fset, mod, &pl.frontend)
	if err != nil {
		out.Stats.Files = len(mod.Files)
		out.Stats.FilesFailed = len(mod.Files)
		out.Reasons = map[string]int{"front end crashed": len(mod.Files)}
		out.Notices = append(out.Notices, report.Notice{Level: report.Error, Kind: report.NoticeInternal,
			Message:  fmt.Sprintf("the front end failed on module %s: %v", mod.Dir, err),
			Location: report.Location{Path: mod.Dir}})
		for _, f := range mod.Files {
			out.Notices = append(out.Notices, report.Notice{Level: report.Error, Kind: report.NoticeFileFailed,
				Message: "not analysed: the front end failed on its module", Location: report.Location{Path: f}})
		}
		return out, nil
	}
	return pl.analyseParsed(fset, mod, m), m
}

// analyseParsed runs every analyzer on module mod, parsed as m.
func (pl *plan) analyseParsed(fset *token.FileSet, mod Module, m *ir.Module) (out moduleResult) {
	results := map[*analysis.Analyzer]any{input.Analyzer: m}
	for a, v := range pl.provided {
		results[a] = v
	}
	failed := map[*analysis.Analyzer]bool{}
	for _, a := range pl.order {
		skip := false
		for _, r := range a.Requires {
			skip = skip || failed[r]
		}
		if skip {
			failed[a] = true
			continue
		}
		rule := pl.ruleOf[a]
		pass := &analysis.Pass{
			Analyzer:   a,
			Fset:       fset,
			OtherFiles: mod.Files,
			ResultOf:   map[*analysis.Analyzer]any{},
			Report: func(d analysis.Diagnostic) {
				if rule != nil {
					out.Findings = append(out.Findings, toFinding(fset, d, rule))
				}
			},
			ReadFile: func(string) ([]byte, error) { return nil, fmt.Errorf("not supported") },
		}
		for _, r := range a.Requires {
			pass.ResultOf[r] = results[r]
		}
		res, err := runOne(a, pass)
		if err != nil {
			failed[a] = true
			out.Notices = append(out.Notices, report.Notice{Level: report.Error, Kind: report.NoticeInternal,
				Message:  fmt.Sprintf("analyzer %s failed on module %s: %v", a.Name, mod.Dir, err),
				Location: report.Location{Path: mod.Dir}})
			continue
		}
		if a.ResultType != nil && res != nil && reflect.TypeOf(res) != a.ResultType {
			failed[a] = true
			continue
		}
		results[a] = res
		if ns, ok := res.(report.NoticeSource); ok {
			out.Notices = append(out.Notices, ns.Notices()...)
		}
	}
	moduleNotices(fset, m, &out, pl.frontend.MaxFileSize)
	out.Ignores = collectIgnores(m.Files)
	return out
}

// parse runs the front end on one module, turning a panic into an error.
func parse(fset *token.FileSet, mod Module, cfg *cparse.Config) (m *ir.Module, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v\n%s", r, debug.Stack())
		}
	}()
	m = cparse.ParseModule(fset, mod.Dir, mod.Files, cfg)
	m.Units = mod.Units
	return m, nil
}

func runOne(a *analysis.Analyzer, pass *analysis.Pass) (res any, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v\n%s", r, debug.Stack())
		}
	}()
	return a.Run(pass)
}

// moduleNotices turns parse failures, the front end's notes and skips
// into notices and stats.
// maxSize is the front end's file size limit (0: its default).
func moduleNotices(fset *token.FileSet, m *ir.Module, out *moduleResult, maxSize int64) {
	out.Reasons = map[string]int{}
	for _, f := range m.Files {
		out.Stats.Files++
		out.Stats.Bytes += int64(f.Size)
		if f.Failed != "" {
			out.Stats.FilesFailed++
			out.Stats.FunctionsSkipped += f.Funcs
			out.Reasons["file failed: "+f.Failed]++
			msg := f.Failed
			if fi, err := os.Stat(f.Path); err == nil && maxSize > 0 && fi.Size() > maxSize {
				msg += "; -max-file-size raises the limit"
			}
			out.Notices = append(out.Notices, report.Notice{Level: report.Error, Kind: report.NoticeFileFailed,
				Message: msg, Location: report.Location{Path: f.Path}})
		}
	}
	out.Stats.FunctionsUnneeded = m.Unneeded
	own := map[string]bool{}
	for _, f := range m.Files {
		own[f.Path] = true
	}
	for _, fn := range m.Funcs {
		if !own[fn.File] {
			continue // a header outside the module: counted with its own
		}
		if fn.BodyUnneeded {
			out.Stats.FunctionsUnneeded++
		} else {
			out.Stats.Functions++
		}
	}
	noteNotices(fset, m, out)
	for _, s := range m.Skipped {
		p := fset.Position(s.Pos)
		what := "declaration"
		if s.Name != "" {
			what = "function " + s.Name
			out.Stats.FunctionsSkipped++
		}
		out.Reasons[s.Reason]++
		out.Notices = append(out.Notices, report.Notice{Level: report.Warning, Kind: report.NoticeSkipped,
			Message:  fmt.Sprintf("skipped %s: %s (%s)", what, s.Reason, s.Detail),
			Location: report.Location{Path: p.Filename, Line: p.Line, Col: p.Column}, Name: s.Name})
	}
}

// noteKinds maps the front end's notes to notice kinds.
var noteKinds = map[ir.NoteKind]report.NoticeKind{
	ir.NoteNUL:                 report.NoticeNULBytes,
	ir.NoteUnterminated:        report.NoticeUnterminatedComment,
	ir.NoteUnterminatedLiteral: report.NoticeUnterminatedLiteral,
	ir.NoteMissingInclude:      report.NoticeMissingInclude,
	ir.NoteIncludeLimit:        report.NoticeIncludeLimit,
}

// noteNotices turns what the front end noticed in the module's text into
// notices at the line it was noticed at: warnings for the notes that
// lose code, notes for the others.
func noteNotices(fset *token.FileSet, m *ir.Module, out *moduleResult) {
	for _, n := range m.Notes {
		k, ok := noteKinds[n.Kind]
		if !ok {
			panic(fmt.Sprintf("driver: no notice kind for front-end note kind %d", n.Kind))
		}
		level := report.Note
		if n.Kind.Lost() {
			level = report.Warning
		}
		var loc report.Location
		if n.Pos.IsValid() {
			p := fset.Position(n.Pos)
			loc = report.Location{Path: p.Filename, Line: p.Line}
		}
		out.Notices = append(out.Notices, report.Notice{Level: level, Kind: k, Message: n.Message, Location: loc})
	}
}

func toFinding(fset *token.FileSet, d analysis.Diagnostic, rule *report.Rule) report.Finding {
	f := report.Finding{RuleID: rule.ID, Level: rule.Level, Message: d.Message, Location: location(fset, d.Pos, d.End)}
	for _, r := range d.Related {
		f.Related = append(f.Related, report.Related{Location: location(fset, r.Pos, r.End), Message: r.Message})
	}
	for _, sf := range d.SuggestedFixes {
		fix := report.Fix{Description: sf.Message}
		for _, e := range sf.TextEdits {
			loc := location(fset, e.Pos, e.End)
			if loc.EndLine == 0 { // an insertion: the range is empty
				loc.EndLine, loc.EndCol = loc.Line, loc.Col
			}
			fix.Edits = append(fix.Edits, report.Edit{Location: loc, New: string(e.NewText)})
		}
		f.Fixes = append(f.Fixes, fix)
	}
	return f
}

func location(fset *token.FileSet, pos, end token.Pos) report.Location {
	if !pos.IsValid() {
		return report.Location{}
	}
	p := fset.Position(pos)
	loc := report.Location{Path: p.Filename, Line: p.Line, Col: p.Column}
	if end.IsValid() && end > pos {
		e := fset.Position(end)
		loc.EndLine, loc.EndCol = e.Line, e.Column
	}
	return loc
}
