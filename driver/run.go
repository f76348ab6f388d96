package driver

import (
	"fmt"
	"go/token"
	"reflect"
	"runtime"
	"runtime/debug"
	"sort"
	"sync"
	"time"

	"golang.org/x/tools/go/analysis"

	"github.com/kdlint/kdlint/analyzers"
	"github.com/kdlint/kdlint/analyzers/parsed"
	"github.com/kdlint/kdlint/ir"
	"github.com/kdlint/kdlint/report"
)

// Options configure a run.
type Options struct {
	Checkers []analyzers.Checker // rules to run, in ID order
	Jobs     int                 // modules analysed at once; 0 means GOMAXPROCS
	Version  string
	// Progress, when set, is called after each module with the number of
	// files done so far and in all.
	Progress func(done, total int)
}

// Stats are the counts printed by -stats.
type Stats struct {
	Files            int     `json:"files"`
	FilesFailed      int     `json:"files_failed"`
	Functions        int     `json:"functions"`
	FunctionsSkipped int     `json:"functions_skipped"`
	Bytes            int64   `json:"bytes"`
	Seconds          float64 `json:"seconds"`
}

// Result is the outcome of Run.
type Result struct {
	Run   *report.Run
	Stats Stats
	// SkipReasons counts skipped items by reason.
	SkipReasons map[string]int
}

type moduleResult struct {
	findings []report.Finding
	notices  []report.Notice
	stats    Stats
	reasons  map[string]int
}

// Run analyses the modules and returns what was found, sorted by position.
func Run(mods []Module, opts Options) *Result {
	start := time.Now()
	jobs := opts.Jobs
	if jobs <= 0 {
		jobs = runtime.GOMAXPROCS(0)
	}
	total := 0
	for _, m := range mods {
		total += len(m.Files)
	}
	results := make([]moduleResult, len(mods))
	var wg sync.WaitGroup
	var mu sync.Mutex
	done := 0
	next := make(chan int)
	for w := 0; w < jobs; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i] = analyseModule(mods[i], opts.Checkers)
				if opts.Progress != nil {
					mu.Lock()
					done += len(mods[i].Files)
					opts.Progress(done, total)
					mu.Unlock()
				}
			}
		}()
	}
	for i := range mods {
		next <- i
	}
	close(next)
	wg.Wait()

	res := &Result{Run: &report.Run{ToolVersion: opts.Version}, SkipReasons: map[string]int{}}
	for _, c := range opts.Checkers {
		res.Run.Rules = append(res.Run.Rules, c.Rule)
	}
	for _, r := range results {
		res.Run.Findings = append(res.Run.Findings, r.findings...)
		res.Run.Notices = append(res.Run.Notices, r.notices...)
		res.Stats.Files += r.stats.Files
		res.Stats.FilesFailed += r.stats.FilesFailed
		res.Stats.Functions += r.stats.Functions
		res.Stats.FunctionsSkipped += r.stats.FunctionsSkipped
		res.Stats.Bytes += r.stats.Bytes
		for k, v := range r.reasons {
			res.SkipReasons[k] += v
		}
	}
	sortFindings(res.Run.Findings)
	res.Stats.Seconds = time.Since(start).Seconds()
	return res
}

func sortFindings(fs []report.Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		return a.RuleID < b.RuleID
	})
}

// analyseModule runs every analyzer on one module. A panic in an analyzer
// costs that analyzer's findings for the module, with a notice; never the run.
func analyseModule(mod Module, checkers []analyzers.Checker) (out moduleResult) {
	fset := token.NewFileSet()
	results := map[*analysis.Analyzer]any{}
	ruleOf := map[*analysis.Analyzer]*report.Rule{}
	for _, c := range checkers {
		ruleOf[c.Analyzer] = c.Rule
	}
	var order []*analysis.Analyzer
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
		order = append(order, a)
	}
	visit(parsed.Analyzer)
	for _, c := range checkers {
		visit(c.Analyzer)
	}
	failed := map[*analysis.Analyzer]bool{}
	for _, a := range order {
		skip := false
		for _, r := range a.Requires {
			skip = skip || failed[r]
		}
		if skip {
			failed[a] = true
			continue
		}
		rule := ruleOf[a]
		pass := &analysis.Pass{
			Analyzer:   a,
			Fset:       fset,
			OtherFiles: mod.Files,
			ResultOf:   map[*analysis.Analyzer]any{},
			Report: func(d analysis.Diagnostic) {
				if rule != nil {
					out.findings = append(out.findings, toFinding(fset, d, rule))
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
			out.notices = append(out.notices, report.Notice{Level: report.Error, Kind: "internal",
				Message:  fmt.Sprintf("analyzer %s failed on module %s: %v", a.Name, mod.Dir, err),
				Location: report.Location{Path: mod.Dir}})
			continue
		}
		if a.ResultType != nil && res != nil && reflect.TypeOf(res) != a.ResultType {
			failed[a] = true
			continue
		}
		results[a] = res
	}
	if m, ok := results[parsed.Analyzer].(*ir.Module); ok {
		moduleNotices(fset, m, &out)
	}
	return out
}

func runOne(a *analysis.Analyzer, pass *analysis.Pass) (res any, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v\n%s", r, debug.Stack())
		}
	}()
	return a.Run(pass)
}

// moduleNotices turns parse failures and skips into notices and stats.
func moduleNotices(fset *token.FileSet, m *ir.Module, out *moduleResult) {
	out.reasons = map[string]int{}
	for _, f := range m.Files {
		out.stats.Files++
		out.stats.Bytes += int64(f.Size)
		if f.Failed != "" {
			out.stats.FilesFailed++
			out.stats.FunctionsSkipped += f.Funcs
			out.reasons["file failed: "+f.Failed]++
			out.notices = append(out.notices, report.Notice{Level: report.Error, Kind: "file-failed",
				Message: f.Failed, Location: report.Location{Path: f.Path}})
		}
	}
	out.stats.Functions = len(m.Funcs)
	for _, s := range m.Skipped {
		p := fset.Position(s.Pos)
		what := "declaration"
		if s.Name != "" {
			what = "function " + s.Name
			out.stats.FunctionsSkipped++
		}
		out.reasons[s.Reason]++
		out.notices = append(out.notices, report.Notice{Level: report.Warning, Kind: "skipped",
			Message:  fmt.Sprintf("skipped %s: %s (%s)", what, s.Reason, s.Detail),
			Location: report.Location{Path: p.Filename, Line: p.Line, Col: p.Column}})
	}
}

func toFinding(fset *token.FileSet, d analysis.Diagnostic, rule *report.Rule) report.Finding {
	f := report.Finding{RuleID: rule.ID, Level: rule.Level, Message: d.Message, Location: location(fset, d.Pos, d.End)}
	for _, r := range d.Related {
		f.Related = append(f.Related, report.Related{Location: location(fset, r.Pos, r.End), Message: r.Message})
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
