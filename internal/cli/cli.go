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
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"

	"github.com/kdlint/kdlint/analyzers"
	"github.com/kdlint/kdlint/analyzers/rule"
	"github.com/kdlint/kdlint/cparse"
	"github.com/kdlint/kdlint/driver"
	"github.com/kdlint/kdlint/output/rulesdoc"
	"github.com/kdlint/kdlint/output/sarif"
	"github.com/kdlint/kdlint/output/text"
	"github.com/kdlint/kdlint/report"
)

// Version is kdlint's version, reported by -version and in SARIF.
const Version = "0.1.0"

// Exit statuses. When several apply, the first of 2, 3, 4, 1 wins.
const (
	ExitClean       = 0 // no findings, everything analysed
	ExitFindings    = 1 // findings reported
	ExitError       = 2 // usage or I/O error
	ExitNoFiles     = 3 // no .c file under any path
	ExitNotAnalysed = 4 // a file not analysed at all; with -strict, also a skipped function
)

// defaultMaxFileSize is the front end's limit unless -max-file-size says
// otherwise.
const defaultMaxFileSize = 10 << 20

// exitText documents the statuses, for -h (README says the same).
const exitText = `Exit status:
  0  no findings, and everything was analysed
  1  findings (KD001 findings included: malformed or unused kdlint:ignore comments)
  2  usage or I/O error: a bad flag, or a path that is missing, unreadable, or
     neither a regular file nor a directory; the other paths are still linted
  3  no .c file found under any path
  4  a file could not be analysed at all (not a regular file, over -max-file-size,
     binary, or C kdlint cannot parse), or an analysis failed; with -strict, also
     a function or declaration that had to be skipped
  When several apply, the first of 2, 3, 4, 1 is the status.
`

// usage is the text before the flag list; the rules come from the
// registry, so it cannot fall out of step with them.
func usage() string {
	var b strings.Builder
	b.WriteString(`usage: kdlint [flags] [path ...]

kdlint checks Linux kernel driver C code. Each directory of .c files is one
driver module; directories are searched recursively. The default path is ".".
A file argument analyses its whole directory and reports the findings whose
evidence touches the file. Flags may come before, between or after the paths;
"--" ends them. -jN, -IDIR and -DNAME[=VALUE] may be written joined.

Examples:
  kdlint drivers/mydrv
  kdlint drivers/mydrv -disable KD301 -Iinclude -DDEBUG
  kdlint -format sarif -o kdlint.sarif drivers/mydrv
  kdlint -explain sleep-in-atomic

`)
	b.WriteString(exitText)
	b.WriteString("\nRules:\n")
	for _, r := range allRules() {
		fmt.Fprintf(&b, "  %s  %-20s %s\n", r.ID, r.Name, r.Summary)
	}
	b.WriteString("\nFlags:\n")
	return b.String()
}

// allRules are the registry's rules and the driver's meta-rules, in ID
// order.
func allRules() []*report.Rule {
	out := append([]*report.Rule(nil), report.MetaRules...)
	for _, r := range analyzers.All {
		if findRule(out, r.Doc.ID) == nil {
			out = append(out, r.Doc)
		}
	}
	return out
}

// findRule finds a rule by ID (any case) or name.
func findRule(rules []*report.Rule, id string) *report.Rule {
	for _, r := range rules {
		if strings.EqualFold(r.ID, id) || r.Name == id {
			return r
		}
	}
	return nil
}

// config is what the command line asked for.
type config struct {
	format, outFile, explain, disable, cpuProfile, sarifRoot string
	stats, verbose, list, version, useCache, strict          bool
	jobs                                                     int
	frontend                                                 cparse.Config
	ruleOptions                                              rule.Values
	paths                                                    []string
}

// parseFlags reads args into a config. It returns a non-nil error
// (flag.ErrHelp for -h) when the run should stop; other errors are
// already reported on stderr.
func parseFlags(args []string, stderr io.Writer) (*config, *flag.FlagSet, error) {
	c := &config{ruleOptions: rule.Values{}}
	fs := flag.NewFlagSet("kdlint", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.format, "format", "text", "output format: text or sarif")
	fs.StringVar(&c.outFile, "o", "", "write the report to `file` instead of standard output")
	fs.BoolVar(&c.stats, "stats", false, "print a JSON line of statistics on standard error")
	fs.IntVar(&c.jobs, "j", 0, "use `n` CPUs (default: all)")
	fs.BoolVar(&c.verbose, "v", false, "also list skipped functions and declarations and symbolic links not followed")
	fs.BoolVar(&c.strict, "strict", false, "fail the run (exit 4) when any function or declaration had to be skipped")
	fs.StringVar(&c.explain, "explain", "", "print the documentation of a rule (e.g. KD101 or sleep-in-atomic) and exit")
	fs.BoolVar(&c.list, "list", false, "list the rules and exit")
	fs.BoolVar(&c.version, "version", false, "print the version and exit")
	fs.StringVar(&c.disable, "disable", "", "comma-separated rule IDs or names not to run (KD001 too)")
	fs.StringVar(&c.cpuProfile, "cpuprofile", "", "write a CPU profile to `file` (for kdlint developers)")
	fs.BoolVar(&c.useCache, "cache", true, "reuse results of unchanged modules from the cache in $XDG_CACHE_HOME/kdlint")
	fs.StringVar(&c.sarifRoot, "sarif-root", "", "the `dir` SARIF paths are relative to (%SRCROOT%; default: the git top level, else the working directory)")
	fe := &c.frontend
	fe.MaxFileSize = defaultMaxFileSize
	fs.Var((*sizeFlag)(&fe.MaxFileSize), "max-file-size", "do not analyse files larger than `size` (bytes, or with K, M or G)")
	fs.Func("I", "add `dir` to the #include \"...\" search path (also -IDIR)", func(s string) error {
		fe.IncludeDirs = append(fe.IncludeDirs, s)
		return nil
	})
	fs.Func("D", "define a macro, `NAME[=VALUE]` (also -DNAME[=VALUE])", func(s string) error {
		fe.Defines = append(fe.Defines, s)
		return nil
	})
	fs.Func("include", "read `file` before every source file", func(s string) error {
		if err := regularFile(s); err != nil {
			return err
		}
		fe.Includes = append(fe.Includes, s)
		return nil
	})
	fs.BoolVar(&fe.ParseAll, "parse-all", false,
		"parse every module and function, also those nothing any rule uses depends on (slower; to measure the front end)")
	fs.Func("compile-commands", "use each file's -I, -D and -include from a compilation database (`compile_commands.json`)", func(s string) error {
		if err := regularFile(s); err != nil {
			return err
		}
		db, err := cparse.LoadCompileCommands(s)
		if err != nil {
			return err
		}
		if err := checkIncludes(db); err != nil {
			return fmt.Errorf("%s: %w", s, err)
		}
		fe.CompileCommands = db
		return nil
	})
	for _, r := range analyzers.All {
		for _, o := range r.Options {
			fs.Var(&optionFlag{o: o, values: c.ruleOptions}, "rule."+r.Doc.ID+"."+o.Name, o.Doc)
		}
	}
	fs.Usage = func() {} // -h prints the usage on stdout; errors say how to get it
	flags, paths := splitArgs(fs, args)
	if err := fs.Parse(flags); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(stderr, "usage: kdlint [flags] [path ...]; kdlint -h for help")
		}
		return nil, fs, err
	}
	c.paths = append(paths, fs.Args()...)
	if len(c.paths) == 0 {
		c.paths = []string{"."}
	}
	return c, fs, nil
}

// compact are the flags that may be written joined to their value, as
// compilers take them: -j4, -Iinclude, -DDEBUG=1.
const compact = "jID"

// splitArgs separates flags from paths, so that flags may come anywhere
// among the paths. A flag that takes a value takes the next argument
// unless it is written -flag=value; "--" ends the flags.
func splitArgs(fs *flag.FlagSet, args []string) (flags, paths []string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return flags, append(paths, args[i+1:]...)
		}
		if len(a) < 2 || a[0] != '-' {
			paths = append(paths, a)
			continue
		}
		name, _, hasValue := strings.Cut(strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-"), "=")
		f := fs.Lookup(name)
		if f == nil {
			if a[1] != '-' && len(a) > 2 && strings.IndexByte(compact, a[1]) >= 0 {
				flags = append(flags, a[:2]+"="+a[2:])
			} else {
				flags = append(flags, a) // unknown: fs.Parse says so
			}
			continue
		}
		flags = append(flags, a)
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); !hasValue && !(ok && b.IsBoolFlag()) && i+1 < len(args) {
			i++
			flags = append(flags, args[i])
		}
	}
	return flags, paths
}

// sizeFlag is a byte count written as 12345, 64K, 20M or 1G.
type sizeFlag int64

func (s *sizeFlag) String() string {
	if s == nil {
		return ""
	}
	n := int64(*s)
	for _, u := range []struct {
		suffix string
		shift  uint
	}{{"G", 30}, {"M", 20}, {"K", 10}} {
		if n > 0 && n%(1<<u.shift) == 0 {
			return strconv.FormatInt(n>>u.shift, 10) + u.suffix
		}
	}
	return strconv.FormatInt(n, 10)
}

func (s *sizeFlag) Set(v string) error {
	t := strings.TrimSuffix(strings.TrimSuffix(strings.ToUpper(strings.TrimSpace(v)), "B"), "I")
	shift := uint(0)
	if t != "" {
		switch t[len(t)-1] {
		case 'K':
			shift = 10
		case 'M':
			shift = 20
		case 'G':
			shift = 30
		}
		if shift > 0 {
			t = t[:len(t)-1]
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n <= 0 || n > (1<<62)>>shift {
		return fmt.Errorf("%q is not a size such as 20M", v)
	}
	*s = sizeFlag(n << shift)
	return nil
}

// regularFile checks that a file kdlint is asked to read is one, so that
// a FIFO given as a flag's value cannot block the run.
func regularFile(path string) error {
	fi, err := os.Stat(path)
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("%s: not a regular file", path)
	}
	return nil
}

// checkIncludes checks the -include files of a compilation database.
func checkIncludes(db map[string]cparse.FileFlags) error {
	checked := map[string]bool{}
	for _, ff := range db {
		for _, inc := range ff.Includes {
			if checked[inc] {
				continue
			}
			checked[inc] = true
			if fi, err := os.Stat(inc); err == nil && !fi.Mode().IsRegular() {
				return fmt.Errorf("-include %s: not a regular file", inc)
			}
		}
	}
	return nil
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

// system is what a run sees of the process: its output streams, its
// environment and whether a stream is a terminal. Main passes the real
// ones; tests pass their own.
type system struct {
	stdout, stderr io.Writer
	getenv         func(string) string
	terminal       func(io.Writer) bool
}

// Main runs kdlint with args (without the program name) and returns the
// exit status.
func Main(args []string, stdout, stderr io.Writer) int {
	return run(args, system{stdout: stdout, stderr: stderr, getenv: os.Getenv, terminal: isTerminal})
}

func run(args []string, sys system) int {
	stdout, stderr := sys.stdout, sys.stderr
	c, fs, err := parseFlags(args, stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, usage())
			fs.SetOutput(stdout)
			fs.PrintDefaults()
			return ExitClean
		}
		return ExitError
	}
	switch {
	case c.version:
		fmt.Fprintln(stdout, "kdlint", Version)
		return ExitClean
	case c.list:
		for _, r := range allRules() {
			fmt.Fprintf(stdout, "%s  %-20s %-8s %s\n", r.ID, r.Name, r.Level, r.Summary)
		}
		return ExitClean
	case c.explain != "":
		r := findRule(allRules(), c.explain)
		if r == nil {
			fmt.Fprintf(stderr, "kdlint: unknown rule %q (see kdlint -list)\n", c.explain)
			return ExitError
		}
		fmt.Fprint(stdout, rulesdoc.Explain(r))
		return ExitClean
	}
	if c.format != "text" && c.format != "sarif" {
		fmt.Fprintf(stderr, "kdlint: unknown -format %q: want text or sarif\n", c.format)
		return ExitError
	}
	rules, checkSuppressions, err := selectRules(c.disable)
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
	sarifRoot := ""
	if c.format == "sarif" {
		if sarifRoot, err = sourceRoot(c.sarifRoot); err != nil {
			fmt.Fprintln(stderr, "kdlint: -sarif-root:", err)
			return ExitError
		}
	}

	mods, notices := driver.Discover(c.paths)
	defer tuneGC(driver.SourceBytes(mods))()
	opts := driver.Options{Rules: rules, Frontend: c.frontend, RuleOptions: c.ruleOptions, Jobs: c.jobs,
		Version: Version, Known: analyzers.Docs(analyzers.All), NoSuppressionCheck: !checkSuppressions}
	if c.useCache {
		opts.CacheDir = driver.DefaultCacheDir()
	}
	if sys.terminal(stderr) {
		opts.Progress = progressLine(stderr)
	}
	res := driver.Run(mods, opts)
	if opts.Progress != nil {
		fmt.Fprint(stderr, "\r\033[K")
	}
	res.Run.Notices = append(notices, res.Run.Notices...)
	res.Run.ExitStatus = exitStatus(res, c.strict)
	res.Run.Failed = res.Run.ExitStatus == ExitError

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
	color := sys.getenv("NO_COLOR") == "" && sys.getenv("TERM") != "dumb"
	errOpts := text.Options{Verbose: c.verbose, Color: color && sys.terminal(stderr)}
	outOpts := text.Options{Verbose: c.verbose, Color: color && sys.terminal(out)}
	text.WriteNotices(stderr, res.Run, errOpts)
	if c.format == "sarif" {
		err = sarif.Write(out, res.Run, sarifRoot)
	} else {
		err = text.Write(out, res.Run, outOpts)
		if err == nil && sys.terminal(out) {
			err = text.WriteCounts(out, res.Run, outOpts)
		}
	}
	if err != nil {
		fmt.Fprintln(stderr, "kdlint: writing report:", err)
		return ExitError
	}
	unanalysed := report.Summarize(res.Run.Notices)
	if c.stats {
		b, _ := json.Marshal(struct {
			driver.Stats
			NotAnalysed report.Unanalysed `json:"not_analysed"`
		}{res.Stats, unanalysed})
		fmt.Fprintln(stderr, string(b))
	}
	// The last line: what was not analysed, if anything.
	if line := text.NotAnalysedLine(unanalysed, errOpts); line != "" {
		fmt.Fprintln(stderr, line)
	}
	return res.Run.ExitStatus
}

// exitStatus decides the status from the findings and the notices' kinds.
func exitStatus(res *driver.Result, strict bool) int {
	var failed, noFiles, lost, skipped bool
	for _, n := range res.Run.Notices {
		k := n.Kind
		failed = failed || k.FailsRun()
		noFiles = noFiles || k == report.NoticeNoCFiles
		lost = lost || k.LosesFile() || k.LosesAnalysis()
		skipped = skipped || k.LosesItem()
	}
	switch {
	case failed:
		return ExitError
	case noFiles && res.Stats.Files == 0:
		return ExitNoFiles
	case lost || strict && skipped:
		return ExitNotAnalysed
	case len(res.Run.Findings) > 0:
		return ExitFindings
	}
	return ExitClean
}

// selectRules returns the registry's rules minus the disabled ones, and
// whether the meta-rule KD001 stays on.
func selectRules(disable string) ([]*rule.Rule, bool, error) {
	off := map[string]bool{}
	for _, id := range strings.Split(disable, ",") {
		id = strings.TrimSpace(id)
		if id == "" {
			continue
		}
		r := findRule(allRules(), id)
		if r == nil {
			return nil, false, fmt.Errorf("-disable: unknown rule %q (see kdlint -list)", id)
		}
		off[r.ID] = true
	}
	var out []*rule.Rule
	for _, r := range analyzers.All {
		if !off[r.Doc.ID] {
			out = append(out, r)
		}
	}
	return out, !off[report.BadSuppression.ID], nil
}

// sourceRoot is the directory SARIF's %SRCROOT% stands for: dir when
// given, else the top level of the git repository holding the working
// directory, else the working directory. Code scanning resolves paths
// against the repository root, so a run from a subdirectory must still
// write paths from the root.
func sourceRoot(dir string) (string, error) {
	if dir != "" {
		fi, err := os.Stat(dir)
		if err != nil {
			return "", err
		}
		if !fi.IsDir() {
			return "", fmt.Errorf("%s: not a directory", dir)
		}
		return filepath.Abs(dir)
	}
	cwd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := cwd; ; {
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil { // a directory, or a file in a worktree
			return d, nil
		}
		parent := filepath.Dir(d)
		if parent == d {
			return cwd, nil
		}
		d = parent
	}
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
