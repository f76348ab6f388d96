package driver

import (
	"runtime"
	"sort"
	"sync"
	"time"

	"github.com/kdlint/kdlint/analyzers/rule"
	"github.com/kdlint/kdlint/cparse"
	"github.com/kdlint/kdlint/driver/internal/cache"
	"github.com/kdlint/kdlint/kmodel"
	"github.com/kdlint/kdlint/report"
)

// Options configure a run. They are the whole configuration: nothing else
// a run reads is set anywhere else, so two runs with different options in
// one process do not affect each other.
type Options struct {
	Rules []*rule.Rule // rules to run, in ID order
	// Frontend configures the parsing of every module. Its Needs and
	// NoFileSums are ignored: the driver sets them to what Rules need and
	// to whether the run has a cache.
	Frontend cparse.Config
	// RuleOptions holds the values of the rules' options; options not in
	// it have their defaults.
	RuleOptions rule.Values
	// Model is the kernel model of the run (kmodel.Default() when nil):
	// the front end and every analysis consult it.
	Model   *kmodel.Model
	Jobs    int // modules analysed at once; 0 means GOMAXPROCS
	Version string
	// Progress, when set, is called after each module with the number of
	// files done so far and in all.
	Progress func(done, total int)
	// CacheDir, when set, is where each module's result is stored, keyed
	// by everything that determines it (cachekey.go); "" runs without a
	// cache. DefaultCacheDir is the usual place.
	CacheDir string
	// Known is every rule kdlint has, enabled or not: a kdlint:ignore
	// comment may name any of them, by ID or name, and one that names
	// only rules that did not run is left alone. nil means Rules.
	Known []*report.Rule
	// NoSuppressionCheck turns the meta-rule report.BadSuppression
	// (KD001) off: malformed and unused kdlint:ignore comments are not
	// reported. Suppressions still apply.
	NoSuppressionCheck bool
	// KeepSuppressed keeps the findings kdlint:ignore comments silence
	// in Result.Run.Suppressed, each with its report.Suppression, for
	// outputs that show them as suppressed. They are never findings.
	KeepSuppressed bool
}

// Stats are the counts printed by -stats.
type Stats struct {
	Files            int `json:"files"`
	FilesFailed      int `json:"files_failed"`
	Functions        int `json:"functions"`
	FunctionsSkipped int `json:"functions_skipped"`
	// FunctionsUnneeded counts functions that were not parsed because
	// nothing in them can matter to the rules that ran.
	FunctionsUnneeded int     `json:"functions_unneeded"`
	Bytes             int64   `json:"bytes"`
	Seconds           float64 `json:"seconds"`
}

func (s *Stats) add(o Stats) {
	s.Files += o.Files
	s.FilesFailed += o.FilesFailed
	s.Functions += o.Functions
	s.FunctionsSkipped += o.FunctionsSkipped
	s.FunctionsUnneeded += o.FunctionsUnneeded
	s.Bytes += o.Bytes
}

// DefaultCacheDir is os.UserCacheDir()/kdlint ($XDG_CACHE_HOME/kdlint on
// Linux), or "" when there is no user cache directory.
func DefaultCacheDir() string {
	dir, err := cache.DefaultDir()
	if err != nil {
		return ""
	}
	return dir
}

// Result is the outcome of Run.
type Result struct {
	Run   *report.Run
	Stats Stats
	// SkipReasons counts skipped items by reason.
	SkipReasons map[string]int
}

// moduleResult is what one module contributes to a run; it is what the
// cache stores.
type moduleResult struct {
	Findings []report.Finding `json:"findings"`
	Notices  []report.Notice  `json:"notices"`
	Stats    Stats            `json:"stats"`
	Reasons  map[string]int   `json:"reasons"`
	// Ignores are the module's kdlint:ignore comments; which of them
	// silence what is decided per run (suppress.go).
	Ignores []ignoreComment `json:"ignores"`
	// Suppressed are the findings the comments silence, when the run
	// keeps them; decided per run, never stored.
	Suppressed []report.Finding `json:"-"`
}

// Run analyses the modules and returns what was found, sorted by position.
func Run(mods []Module, opts Options) *Result {
	start := time.Now()
	jobs := opts.Jobs
	if jobs <= 0 {
		jobs = runtime.GOMAXPROCS(0)
	}
	pl := newPlan(&opts)
	pl.openCache(opts.CacheDir)
	total := 0
	for _, m := range mods {
		total += len(m.Files)
	}
	sup := newSuppression(&opts)
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
				results[i] = pl.cached(mods[i])
				sup.apply(&results[i])
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
	if sup.check {
		res.Run.Rules = append(res.Run.Rules, report.BadSuppression)
	}
	for _, r := range opts.Rules {
		if r.Doc.ID != report.BadSuppression.ID { // once, should the registry list it
			res.Run.Rules = append(res.Run.Rules, r.Doc)
		}
	}
	for _, r := range results {
		res.Run.Findings = append(res.Run.Findings, r.Findings...)
		res.Run.Suppressed = append(res.Run.Suppressed, r.Suppressed...)
		res.Run.Notices = append(res.Run.Notices, r.Notices...)
		res.Stats.add(r.Stats)
		for k, v := range r.Reasons {
			res.SkipReasons[k] += v
		}
	}
	sortFindings(res.Run.Findings)
	sortFindings(res.Run.Suppressed)
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
		if a.RuleID != b.RuleID {
			return a.RuleID < b.RuleID
		}
		// Two findings of a rule at one place (a section saved twice
		// into one flags variable): in the order of their messages, not
		// in the order the analysis happened to find them.
		return a.Message < b.Message
	})
}

// restrict keeps only the findings whose evidence touches the given
// files (all when only is nil): the finding's own location or any of its
// related locations (a call-chain step, the registration of a callback).
// A commit that changes only main.c to call a sleeping helper of
// helper.c from a timer gets the finding in helper.c. Notices are all
// kept: a file of the module that could not be analysed can hide a
// finding in the named ones. Stats still describe the whole module.
func (r *moduleResult) restrict(only map[string]bool) {
	if only == nil {
		return
	}
	r.Findings = touching(r.Findings, only)
	r.Suppressed = touching(r.Suppressed, only)
}

func touching(fs []report.Finding, only map[string]bool) []report.Finding {
	keep := fs[:0]
	for _, f := range fs {
		if touches(f, only) {
			keep = append(keep, f)
		}
	}
	return keep
}

func touches(f report.Finding, only map[string]bool) bool {
	if only[f.Path] {
		return true
	}
	for _, rel := range f.Related {
		if rel.Path != "" && only[rel.Path] {
			return true
		}
	}
	return false
}
