package driver

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"runtime/debug"
	"sort"
	"sync"
	"time"

	"golang.org/x/tools/go/analysis"

	"github.com/kdlint/kdlint/analyzers"
	"github.com/kdlint/kdlint/analyzers/parsed"
	"github.com/kdlint/kdlint/cache"
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
	// Cache, when set, stores each module's result under a key made of
	// Version, Config and the module's file names and contents.
	Cache *cache.Cache
	// Config identifies every setting that changes results (front-end
	// flags, rule options, the rules that run), for the cache key.
	Config string
	// IncludeDirs are the -I directories, where headers that are part of
	// a module's cache key may be found.
	IncludeDirs []string
}

// Stats are the counts printed by -stats.
type Stats struct {
	Files            int `json:"files"`
	FilesFailed      int `json:"files_failed"`
	Functions        int `json:"functions"`
	FunctionsSkipped int `json:"functions_skipped"`
	// FunctionsUnneeded counts functions of modules that were not parsed
	// because none of their files mentions anything a rule uses.
	FunctionsUnneeded int     `json:"functions_unneeded"`
	Bytes             int64   `json:"bytes"`
	Seconds           float64 `json:"seconds"`
}

// Result is the outcome of Run.
type Result struct {
	Run   *report.Run
	Stats Stats
	// SkipReasons counts skipped items by reason.
	SkipReasons map[string]int
}

type moduleResult struct {
	Findings []report.Finding
	Notices  []report.Notice
	Stats    Stats
	Reasons  map[string]int
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
				results[i] = cachedAnalyse(mods[i], opts)
				results[i].restrict(mods[i].Only)
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
		res.Run.Findings = append(res.Run.Findings, r.Findings...)
		res.Run.Notices = append(res.Run.Notices, r.Notices...)
		res.Stats.Files += r.Stats.Files
		res.Stats.FilesFailed += r.Stats.FilesFailed
		res.Stats.Functions += r.Stats.Functions
		res.Stats.FunctionsSkipped += r.Stats.FunctionsSkipped
		res.Stats.FunctionsUnneeded += r.Stats.FunctionsUnneeded
		res.Stats.Bytes += r.Stats.Bytes
		for k, v := range r.Reasons {
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
			out.Notices = append(out.Notices, report.Notice{Level: report.Error, Kind: "internal",
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
		applySuppressions(m.Files, &out)
	} else {
		// The front end itself failed: every file of the module is lost,
		// and says so.
		out.Stats.Files = len(mod.Files)
		out.Stats.FilesFailed = len(mod.Files)
		out.Reasons = map[string]int{"front end crashed": len(mod.Files)}
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
	out.Reasons = map[string]int{}
	for _, f := range m.Files {
		out.Stats.Files++
		out.Stats.Bytes += int64(f.Size)
		if f.Failed != "" {
			out.Stats.FilesFailed++
			out.Stats.FunctionsSkipped += f.Funcs
			out.Reasons["file failed: "+f.Failed]++
			out.Notices = append(out.Notices, report.Notice{Level: report.Error, Kind: "file-failed",
				Message: f.Failed, Location: report.Location{Path: f.Path}})
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
	for _, s := range m.Skipped {
		p := fset.Position(s.Pos)
		what := "declaration"
		if s.Name != "" {
			what = "function " + s.Name
			out.Stats.FunctionsSkipped++
		}
		out.Reasons[s.Reason]++
		out.Notices = append(out.Notices, report.Notice{Level: report.Warning, Kind: "skipped",
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

// cachedAnalyse returns the module's result from the cache when its files,
// kdlint's version and the configuration are unchanged, and analyses it
// (and stores the result) otherwise.
func cachedAnalyse(mod Module, opts Options) moduleResult {
	if opts.Cache == nil {
		return analyseModule(mod, opts.Checkers)
	}
	h := cache.NewHasher()
	h.AddString(opts.Version)
	h.AddString(opts.Config)
	inModule := map[string]bool{}
	for _, f := range mod.Files {
		inModule[filepath.Clean(f)] = true
	}
	queue := append([]string(nil), mod.Files...)
	for i := 0; i < len(queue); i++ {
		f := queue[i]
		b, err := os.ReadFile(f)
		if err != nil {
			if i < len(mod.Files) {
				return analyseModule(mod, opts.Checkers) // reported by the analysis
			}
			continue
		}
		h.AddString(f)
		h.Add(b)
		// Headers from outside the module change the result too.
		for _, inc := range quotedIncludes(b) {
			for _, dir := range append([]string{filepath.Dir(f)}, opts.IncludeDirs...) {
				p := filepath.Clean(filepath.Join(dir, inc))
				if inModule[p] {
					break
				}
				if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
					inModule[p] = true
					queue = append(queue, p)
					break
				}
			}
		}
	}
	key := h.Key()
	if b, ok := opts.Cache.Get(key); ok {
		var r moduleResult
		if json.Unmarshal(b, &r) == nil {
			return r
		}
	}
	r := analyseModule(mod, opts.Checkers)
	if b, err := json.Marshal(r); err == nil {
		_ = opts.Cache.Put(key, b) // a cache that cannot be written only costs speed
	}
	return r
}

// restrict keeps only the findings and notices in the given files (all
// when only is nil). Stats still describe the whole module.
func (r *moduleResult) restrict(only map[string]bool) {
	if only == nil {
		return
	}
	keep := r.Findings[:0]
	for _, f := range r.Findings {
		if only[f.Path] {
			keep = append(keep, f)
		}
	}
	r.Findings = keep
	notes := r.Notices[:0]
	for _, n := range r.Notices {
		if only[n.Path] || n.Path == "" {
			notes = append(notes, n)
		}
	}
	r.Notices = notes
}

// quotedIncludes returns the names in the #include "..." lines of src.
func quotedIncludes(src []byte) []string {
	var out []string
	for i := 0; ; {
		j := bytes.Index(src[i:], []byte("include"))
		if j < 0 {
			return out
		}
		i += j + len("include")
		k := i
		for k < len(src) && (src[k] == ' ' || src[k] == '\t') {
			k++
		}
		if k < len(src) && src[k] == '"' {
			if e := bytes.IndexByte(src[k+1:], '"'); e > 0 && e < 256 {
				out = append(out, string(src[k+1:k+1+e]))
			}
		}
	}
}
