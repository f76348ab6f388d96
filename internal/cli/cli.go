// Package cli is kdlint's command line: flags, output selection and exit
// status. cmd/kdlint only calls Main.
//
// Main builds one driver.Options value from its arguments and hands it
// down; it sets nothing that outlives the call, so it can run twice in
// one process with different flags.
package cli

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/kdlint/kdlint/analyzers"
	"github.com/kdlint/kdlint/analyzers/rule"
	"github.com/kdlint/kdlint/cparse"
	"github.com/kdlint/kdlint/driver"
	"github.com/kdlint/kdlint/output/rulesdoc"
	"github.com/kdlint/kdlint/output/sarif"
	"github.com/kdlint/kdlint/output/text"
)

// Version is kdlint's version, reported by -version and in SARIF.
const Version = "0.1.0"

// Exit statuses.
const (
	ExitClean    = 0 // no findings
	ExitFindings = 1 // findings reported
	ExitError    = 2 // usage or I/O error
)

// usage is the text before the flag list; the rules come from the
// registry, so it cannot fall out of step with them.
func usage() string {
	var b strings.Builder
	b.WriteString("usage: kdlint [flags] [path ...]\n\n" +
		"kdlint checks Linux kernel driver C code. Each directory of .c files is one\n" +
		"driver module; directories are searched recursively. The default path is \".\".\n\nRules:\n")
	for _, r := range analyzers.All {
		fmt.Fprintf(&b, "  %s  %-20s %s\n", r.Doc.ID, r.Doc.Name, r.Doc.Summary)
	}
	b.WriteString("\nFlags:\n")
	return b.String()
}

// config is what the command line asked for.
type config struct {
	format, outFile, explain, disable, cpuProfile string
	stats, verbose, list, version, useCache       bool
	jobs                                          int
	frontend                                      cparse.Config
	ruleOptions                                   rule.Values
	paths                                         []string
}

// parseFlags reads args into a config. It returns a non-nil error
// (flag.ErrHelp for -h) when the run should stop.
func parseFlags(args []string, stderr io.Writer) (*config, error) {
	c := &config{ruleOptions: rule.Values{}}
	fs := flag.NewFlagSet("kdlint", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.format, "format", "text", "output format: text or sarif")
	fs.StringVar(&c.outFile, "o", "", "write the report to `file` instead of standard output")
	fs.BoolVar(&c.stats, "stats", false, "print a JSON line of statistics on standard error")
	fs.IntVar(&c.jobs, "j", 0, "use `n` CPUs (default: all)")
	fs.BoolVar(&c.verbose, "v", false, "also report skipped functions and other notices")
	fs.StringVar(&c.explain, "explain", "", "print the documentation of a rule (e.g. KD101) and exit")
	fs.BoolVar(&c.list, "list", false, "list the rules and exit")
	fs.BoolVar(&c.version, "version", false, "print the version and exit")
	fs.StringVar(&c.disable, "disable", "", "comma-separated rule IDs or names not to run")
	fs.StringVar(&c.cpuProfile, "cpuprofile", "", "write a CPU profile to `file` (for kdlint developers)")
	fs.BoolVar(&c.useCache, "cache", true, "reuse results of unchanged modules from the cache in $XDG_CACHE_HOME/kdlint")
	fe := &c.frontend
	fs.Func("I", "add `dir` to the #include \"...\" search path", func(s string) error {
		fe.IncludeDirs = append(fe.IncludeDirs, s)
		return nil
	})
	fs.Func("D", "define a macro, `NAME[=VALUE]`", func(s string) error {
		fe.Defines = append(fe.Defines, s)
		return nil
	})
	fs.Func("include", "read `file` before every source file", func(s string) error {
		if _, err := os.Stat(s); err != nil {
			return err
		}
		fe.Includes = append(fe.Includes, s)
		return nil
	})
	fs.BoolVar(&fe.ParseAll, "parse-all", false,
		"parse every module and function, also those nothing any rule uses depends on (slower; to measure the front end)")
	fs.Func("compile-commands", "use each file's -I, -D and -include from a compilation database (`compile_commands.json`)", func(s string) error {
		db, err := cparse.LoadCompileCommands(s)
		if err != nil {
			return err
		}
		fe.CompileCommands = db
		return nil
	})
	for _, r := range analyzers.All {
		for _, o := range r.Options {
			fs.Var(&optionFlag{o: o, values: c.ruleOptions}, "rule."+r.Doc.ID+"."+o.Name, o.Doc)
		}
	}
	fs.Usage = func() {
		fmt.Fprint(stderr, usage())
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	c.paths = fs.Args()
	if len(c.paths) == 0 {
		c.paths = []string{"."}
	}
	return c, nil
}

// optionFlag sets one rule option in a run's values.
type optionFlag struct {
	o      *rule.Option
	values rule.Values
}

func (f *optionFlag) String() string {
	if f.o == nil {
		return ""
	}
	if v, ok := f.values[f.o]; ok {
		return v
	}
	return f.o.Default
}

func (f *optionFlag) Set(s string) error {
	if err := f.o.Check(s); err != nil {
		return err
	}
	f.values[f.o] = s
	return nil
}

func (f *optionFlag) IsBoolFlag() bool { return f.o != nil && f.o.IsBool() }

// Main runs kdlint with args (without the program name) and returns the
// exit status.
func Main(args []string, stdout, stderr io.Writer) int {
	c, err := parseFlags(args, stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitClean
		}
		return ExitError
	}
	switch {
	case c.version:
		fmt.Fprintln(stdout, "kdlint", Version)
		return ExitClean
	case c.list:
		for _, r := range analyzers.All {
			fmt.Fprintf(stdout, "%s  %-20s %-8s %s\n", r.Doc.ID, r.Doc.Name, r.Doc.Level, r.Doc.Summary)
		}
		return ExitClean
	case c.explain != "":
		r := analyzers.ByID(c.explain)
		if r == nil {
			fmt.Fprintf(stderr, "kdlint: unknown rule %q (see kdlint -list)\n", c.explain)
			return ExitError
		}
		fmt.Fprint(stdout, rulesdoc.Explain(r.Doc))
		return ExitClean
	}
	if c.format != "text" && c.format != "sarif" {
		fmt.Fprintf(stderr, "kdlint: unknown -format %q: want text or sarif\n", c.format)
		return ExitError
	}
	rules, err := selectRules(c.disable)
	if err != nil {
		fmt.Fprintln(stderr, "kdlint:", err)
		return ExitError
	}
	if c.jobs > 0 {
		// -j N: use N CPUs in all, for this run only.
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(c.jobs))
	}
	if c.cpuProfile != "" {
		f, err := os.Create(c.cpuProfile)
		if err != nil {
			fmt.Fprintln(stderr, "kdlint:", err)
			return ExitError
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintln(stderr, "kdlint:", err)
			return ExitError
		}
		defer pprof.StopCPUProfile()
	}

	mods, notices := driver.Discover(c.paths)
	defer tuneGC(driver.SourceBytes(mods))()
	opts := driver.Options{Rules: rules, Frontend: c.frontend, RuleOptions: c.ruleOptions, Jobs: c.jobs, Version: Version}
	if c.useCache {
		opts.CacheDir = driver.DefaultCacheDir()
	}
	if isTerminal(stderr) {
		opts.Progress = progressLine(stderr)
	}
	res := driver.Run(mods, opts)
	if opts.Progress != nil {
		fmt.Fprint(stderr, "\r\033[K")
	}
	res.Run.Notices = append(notices, res.Run.Notices...)

	status := ExitClean
	if len(res.Run.Findings) > 0 {
		status = ExitFindings
	}
	for _, n := range res.Run.Notices {
		if n.Kind.FailsRun() {
			status = ExitError
		}
	}

	out := stdout
	if c.outFile != "" {
		f, err := os.Create(c.outFile)
		if err != nil {
			fmt.Fprintln(stderr, "kdlint:", err)
			return ExitError
		}
		defer f.Close()
		out = f
	}
	text.WriteNotices(stderr, res.Run, c.verbose)
	if c.format == "sarif" {
		err = sarif.Write(out, res.Run)
	} else {
		err = text.Write(out, res.Run, c.verbose)
	}
	if err != nil {
		fmt.Fprintln(stderr, "kdlint: writing report:", err)
		return ExitError
	}
	if c.stats {
		b, _ := json.Marshal(res.Stats)
		fmt.Fprintln(stderr, string(b))
	}
	return status
}

func selectRules(disable string) ([]*rule.Rule, error) {
	off := map[*rule.Rule]bool{}
	for _, id := range strings.Split(disable, ",") {
		id = strings.TrimSpace(id)
		if id == "" {
			continue
		}
		r := analyzers.ByID(id)
		if r == nil {
			return nil, fmt.Errorf("-disable: unknown rule %q (see kdlint -list)", id)
		}
		off[r] = true
	}
	var out []*rule.Rule
	for _, r := range analyzers.All {
		if !off[r] {
			out = append(out, r)
		}
	}
	return out, nil
}

// tuneGC trades memory for speed: the C parser allocates heavily and most
// of it dies with the module being parsed, so collecting eight times less
// often saves a fifth to a quarter of the run time on mid-size trees. A
// soft limit of 128 MiB per parsing CPU plus twice the source read, at
// most 1.5 GiB, keeps the peak well under 2 GB on the largest trees and
// the heap small (fewer fresh pages to fault in) on small ones. GOGC and
// GOMEMLIMIT still win. It returns a function that restores the settings.
func tuneGC(sourceBytes int64) (restore func()) {
	percent, limit := -2, int64(-1)
	if os.Getenv("GOGC") == "" {
		percent = debug.SetGCPercent(800)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		perCPU := int64(128<<20) * int64(runtime.GOMAXPROCS(0))
		limit = debug.SetMemoryLimit(min(perCPU+2*sourceBytes, 1536<<20))
	}
	return func() {
		if percent != -2 {
			debug.SetGCPercent(percent)
		}
		if limit >= 0 {
			debug.SetMemoryLimit(limit)
		}
	}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// progressLine returns a progress callback that redraws one line, at most
// ten times a second, for runs of more than a few hundred files.
func progressLine(w io.Writer) func(done, total int) {
	start := time.Now()
	var last time.Time
	return func(done, total int) {
		if total < 200 || time.Since(last) < 100*time.Millisecond && done < total {
			return
		}
		last = time.Now()
		rate := float64(done) / time.Since(start).Seconds()
		fmt.Fprintf(w, "\rkdlint: %d/%d files (%.0f files/s)\033[K", done, total, rate)
	}
}
