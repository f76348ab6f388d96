// Package cli is kdlint's command line: flags, output selection and exit
// status. cmd/kdlint only calls Main.
package cli

import (
	"crypto/sha256"
	"encoding/hex"
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
	"github.com/kdlint/kdlint/analyzers/parsed"
	"github.com/kdlint/kdlint/cache"
	"github.com/kdlint/kdlint/driver"
	"github.com/kdlint/kdlint/internal/rulesdoc"
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

const usage = `usage: kdlint [flags] [path ...]

kdlint checks Linux kernel driver C code for sleeping in atomic context,
sleeping locks in atomic context and deferred work that is not torn down.
Each directory of .c files is one driver module; directories are searched
recursively. The default path is ".".

Flags:
`

// Main runs kdlint with args (without the program name) and returns the
// exit status.
func Main(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("kdlint", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "text", "output format: text or sarif")
	outFile := fs.String("o", "", "write the report to `file` instead of standard output")
	stats := fs.Bool("stats", false, "print a JSON line of statistics on standard error")
	jobs := fs.Int("j", 0, "use `n` CPUs (default: all)")
	verbose := fs.Bool("v", false, "also report skipped functions and other notices")
	explain := fs.String("explain", "", "print the documentation of a rule (e.g. KD101) and exit")
	list := fs.Bool("list", false, "list the rules and exit")
	version := fs.Bool("version", false, "print the version and exit")
	disable := fs.String("disable", "", "comma-separated rule IDs not to run")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile to `file` (for kdlint developers)")
	useCache := fs.Bool("cache", true, "reuse results of unchanged modules from the cache in $XDG_CACHE_HOME/kdlint")
	// Front-end flags (-I, -D) belong to the parsed analyzer; rule
	// options are exposed as -rule.ID.NAME.
	parsed.Analyzer.Flags.VisitAll(func(f *flag.Flag) { fs.Var(f.Value, f.Name, f.Usage) })
	for _, c := range analyzers.All {
		c.Analyzer.Flags.VisitAll(func(f *flag.Flag) {
			fs.Var(f.Value, "rule."+c.Rule.ID+"."+f.Name, f.Usage)
		})
	}
	fs.Usage = func() {
		fmt.Fprint(stderr, usage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitClean
		}
		return ExitError
	}
	switch {
	case *version:
		fmt.Fprintln(stdout, "kdlint", Version)
		return ExitClean
	case *list:
		for _, r := range analyzers.Rules() {
			fmt.Fprintf(stdout, "%s  %-20s %-8s %s\n", r.ID, r.Name, r.Level, r.Summary)
		}
		return ExitClean
	case *explain != "":
		c := analyzers.ByID(*explain)
		if c == nil {
			fmt.Fprintf(stderr, "kdlint: unknown rule %q (see kdlint -list)\n", *explain)
			return ExitError
		}
		fmt.Fprint(stdout, rulesdoc.Explain(c.Rule))
		return ExitClean
	}
	if *format != "text" && *format != "sarif" {
		fmt.Fprintf(stderr, "kdlint: unknown -format %q: want text or sarif\n", *format)
		return ExitError
	}
	if *jobs > 0 {
		runtime.GOMAXPROCS(*jobs) // -j N: use N CPUs in all
	}
	checkers, err := selectCheckers(*disable)
	if err != nil {
		fmt.Fprintln(stderr, "kdlint:", err)
		return ExitError
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
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
	paths := fs.Args()
	if len(paths) == 0 {
		paths = []string{"."}
	}

	mods, notices := driver.Discover(paths)
	tuneGC(driver.SourceBytes(mods))
	opts := driver.Options{Checkers: checkers, Jobs: *jobs, Version: Version, Config: configKey(checkers),
		IncludeDirs: parsed.Config.IncludeDirs}
	if *useCache {
		if dir, err := cache.DefaultDir(); err == nil {
			opts.Cache, _ = cache.Open(dir) // no cache directory: run without
		}
		opts.Config += "build " + buildIdentity() + "\n"
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
		if n.Kind == "io" || n.Kind == "not-c-source" || strings.HasPrefix(n.Message, "cannot read") {
			status = ExitError
		}
	}

	out := stdout
	if *outFile != "" {
		f, err := os.Create(*outFile)
		if err != nil {
			fmt.Fprintln(stderr, "kdlint:", err)
			return ExitError
		}
		defer f.Close()
		out = f
	}
	text.WriteNotices(stderr, res.Run, *verbose)
	if *format == "sarif" {
		err = sarif.Write(out, res.Run)
	} else {
		err = text.Write(out, res.Run, *verbose)
	}
	if err != nil {
		fmt.Fprintln(stderr, "kdlint: writing report:", err)
		return ExitError
	}
	if *stats {
		b, _ := json.Marshal(res.Stats)
		fmt.Fprintln(stderr, string(b))
	}
	return status
}

// configKey identifies every setting that changes results: the rules that
// run, their options and the front-end flags.
func configKey(checkers []analyzers.Checker) string {
	var b strings.Builder
	add := func(prefix string, fs *flag.FlagSet) {
		fs.VisitAll(func(f *flag.Flag) { fmt.Fprintf(&b, "%s%s=%s\n", prefix, f.Name, f.Value) })
	}
	add("", &parsed.Analyzer.Flags)
	for _, c := range checkers {
		b.WriteString("rule " + c.Rule.ID + "\n")
		add(c.Rule.ID+".", &c.Analyzer.Flags)
	}
	return b.String()
}

// buildIdentity identifies this kdlint binary for the cache, as go
// build's cache keys on the compiler's: a rebuilt kdlint (even with the
// same version number) must not reuse results an older one computed.
func buildIdentity() string {
	exe, err := os.Executable()
	if err != nil {
		return "unknown"
	}
	f, err := os.Open(exe)
	if err != nil {
		return "unknown"
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "unknown"
	}
	return hex.EncodeToString(h.Sum(nil)[:12])
}

func selectCheckers(disable string) ([]analyzers.Checker, error) {
	off := map[string]bool{}
	for _, id := range strings.Split(disable, ",") {
		id = strings.TrimSpace(id)
		if id == "" {
			continue
		}
		c := analyzers.ByID(id)
		if c == nil {
			return nil, fmt.Errorf("-disable: unknown rule %q", id)
		}
		off[c.Rule.ID] = true
	}
	var out []analyzers.Checker
	for _, c := range analyzers.All {
		if !off[c.Rule.ID] {
			out = append(out, c)
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
// GOMEMLIMIT still win.
func tuneGC(sourceBytes int64) {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(800)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		perCPU := int64(128<<20) * int64(runtime.GOMAXPROCS(0))
		debug.SetMemoryLimit(min(perCPU+2*sourceBytes, 1536<<20))
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
