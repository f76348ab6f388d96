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
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kdlint/kdlint/analyzers"
	"github.com/kdlint/kdlint/analyzers/rule"
	"github.com/kdlint/kdlint/cparse"
	"github.com/kdlint/kdlint/driver"
	"github.com/kdlint/kdlint/internal/fix"
	"github.com/kdlint/kdlint/output/github"
	jsonout "github.com/kdlint/kdlint/output/json"
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
	ExitNotAnalysed = 4 // a file or part of one not analysed; with -strict, also a skipped function
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
     binary, or C kdlint cannot parse), part of one was not (the end of a file
     after an unterminated comment, an #include not expanded), or an analysis
     failed; with -strict, also a function or declaration that had to be skipped
  When several apply, the first of 2, 3, 4, 1 is the status.
`

// usage is the text before the flag list; the rules come from the
// registry, so it cannot fall out of step with them.
func usage(registry []*rule.Rule) string {
	var b strings.Builder
	b.WriteString(`usage: kdlint [flags] [path ...]

kdlint checks Linux kernel driver C code. Each directory of .c files is one
driver module; directories are searched recursively. The default path is ".".
A file argument analyses its whole directory and reports the findings whose
evidence touches the file. At a kernel tree's root (Kbuild, Makefile and
MAINTAINERS), tools/, samples/, scripts/, usr/ and Documentation/ are left out
(user-space and host programs) unless named or -include-userspace is given.
Flags may come before, between or after the paths; "--" ends them. -jN, -IDIR
and -DNAME[=VALUE] may be written joined.

Settings are read from the nearest .kdlint.yaml in the working directory or
its ancestors (or -config FILE); flags win over the file.

Examples:
  kdlint drivers/mydrv
  kdlint .                          (at a kernel tree's root: its kernel code)
  kdlint drivers/mydrv -disable KD301 -Iinclude -DDEBUG
  kdlint -format sarif -o kdlint.sarif drivers/mydrv
  kdlint -write-baseline kdlint-baseline.json drivers/mydrv
  kdlint -baseline kdlint-baseline.json drivers/mydrv
  kdlint -diff drivers/mydrv        (then -fix to apply the fixes)
  kdlint -explain sleep-in-atomic

`)
	b.WriteString(exitText)
	b.WriteString("\nRules:\n")
	for _, r := range allRules(registry) {
		fmt.Fprintf(&b, "  %s  %-20s %s\n", r.ID, r.Name, r.Summary)
	}
	b.WriteString("\nFlags:\n")
	return b.String()
}

// allRules are the registry's rules and the driver's meta-rules, in ID
// order.
func allRules(registry []*rule.Rule) []*report.Rule {
	out := append([]*report.Rule(nil), report.MetaRules...)
	for _, r := range registry {
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

// Output formats.
var formats = []string{"text", "sarif", "json", "github"}

// settings is what the command line asked for.
type settings struct {
	format, outFile, explain, disable, enable, cpuProfile, sourceRoot string
	configFile, baseline, writeBaseline, category                     string
	stats, verbose, list, version, useCache, strict                   bool
	diff, fix, includeSuppressed, includeUserspace                    bool
	jobs                                                              int
	frontend                                                          cparse.Config
	// ruleOptions are the option values the flags set; the
	// configuration file's fill in the others.
	ruleOptions rule.Values
	paths       []string
}

// parseFlags reads args into settings. It returns a non-nil error
// (flag.ErrHelp for -h) when the run should stop; other errors are
// already reported on stderr.
func parseFlags(args []string, stderr io.Writer, registry []*rule.Rule) (*settings, *flag.FlagSet, error) {
	c := &settings{ruleOptions: rule.Values{}}
	fs := flag.NewFlagSet("kdlint", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.format, "format", "text", "output format: "+strings.Join(formats, ", ")+
		" (github: workflow commands, shown as annotations)")
	fs.StringVar(&c.outFile, "o", "", "write the report to `file` instead of standard output")
	fs.BoolVar(&c.stats, "stats", false, "print a JSON line of statistics on standard error")
	fs.IntVar(&c.jobs, "j", 0, "use `n` CPUs (default: all)")
	fs.BoolVar(&c.verbose, "v", false, "also list skipped functions and declarations and symbolic links not followed")
	fs.BoolVar(&c.strict, "strict", false, "fail the run (exit 4) when any function or declaration had to be skipped")
	fs.BoolVar(&c.includeUserspace, "include-userspace", false,
		"at a kernel tree's root, also lint tools/, samples/, scripts/, usr/ and Documentation/ (user-space and host programs)")
	fs.StringVar(&c.explain, "explain", "", "print the documentation of a rule (e.g. KD101 or sleep-in-atomic) and exit")
	fs.BoolVar(&c.list, "list", false, "list the rules and exit")
	fs.BoolVar(&c.version, "version", false, "print the version, the commit it was built from and whether its tree was modified, and exit")
	fs.StringVar(&c.disable, "disable", "", "comma-separated rule IDs or names not to run (KD001 too)")
	fs.StringVar(&c.enable, "enable", "", "comma-separated rule IDs or names to run although the configuration file turns them off")
	fs.StringVar(&c.configFile, "config", "", "read settings from `file` (default: the nearest .kdlint.yaml in the working directory or its ancestors)")
	fs.StringVar(&c.baseline, "baseline", "", "report only the findings not in `file`, a JSON or SARIF report of an earlier run")
	fs.StringVar(&c.writeBaseline, "write-baseline", "", "write this run's findings to `file` as a baseline (JSON) for -baseline")
	fs.BoolVar(&c.diff, "diff", false, "print the findings' fixes as a unified diff instead of the report")
	fs.BoolVar(&c.fix, "fix", false, "apply the findings' fixes to the files (atomically; never to a file that changed since kdlint read it)")
	fs.BoolVar(&c.includeSuppressed, "include-suppressed", false,
		"with -format sarif or json, also write the findings kdlint:ignore comments and -baseline silence, marked as suppressed")
	fs.StringVar(&c.category, "sarif-category", "", "the code scanning category of the SARIF run (runAutomationDetails.id)")
	fs.StringVar(&c.cpuProfile, "cpuprofile", "", "write a CPU profile to `file` (for kdlint developers)")
	fs.BoolVar(&c.useCache, "cache", true, "reuse results of unchanged modules from the cache in $XDG_CACHE_HOME/kdlint")
	fs.StringVar(&c.sourceRoot, "source-root", "", "the `dir` paths in SARIF, GitHub annotations, diffs and fingerprints are relative to "+
		"(%SRCROOT%; default: the git top level, else the working directory)")
	fs.StringVar(&c.sourceRoot, "sarif-root", "", "the same as -source-root")
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
	for _, r := range registry {
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
// environment, whether a stream is a terminal, the rules it has and how
// it was built. Main passes the real ones; tests pass their own.
type system struct {
	stdout, stderr io.Writer
	getenv         func(string) string
	terminal       func(io.Writer) bool
	// rules is the registry (nil: analyzers.All); tests add rules of
	// their own.
	rules []*rule.Rule
	// buildInfo reports how the binary was built (nil:
	// debug.ReadBuildInfo).
	buildInfo func() (*debug.BuildInfo, bool)
}

// Main runs kdlint with args (without the program name) and returns the
// exit status.
func Main(args []string, stdout, stderr io.Writer) int {
	return run(args, system{stdout: stdout, stderr: stderr, getenv: os.Getenv, terminal: isTerminal})
}

func run(args []string, sys system) int {
	stdout, stderr := sys.stdout, sys.stderr
	registry := sys.rules
	if registry == nil {
		registry = analyzers.All
	}
	c, fs, err := parseFlags(args, stderr, registry)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, usage(registry))
			fs.SetOutput(stdout)
			fs.PrintDefaults()
			return ExitClean
		}
		return ExitError
	}
	switch {
	case c.version:
		readBuildInfo := sys.buildInfo
		if readBuildInfo == nil {
			readBuildInfo = debug.ReadBuildInfo
		}
		fmt.Fprint(stdout, versionText(readBuildInfo()))
		return ExitClean
	case c.list:
		for _, r := range allRules(registry) {
			fmt.Fprintf(stdout, "%s  %-20s %-8s %s\n", r.ID, r.Name, r.Level, r.Summary)
		}
		return ExitClean
	case c.explain != "":
		r := findRule(allRules(registry), c.explain)
		if r == nil {
			fmt.Fprintf(stderr, "kdlint: unknown rule %q (see kdlint -list)\n", c.explain)
			return ExitError
		}
		fmt.Fprint(stdout, rulesdoc.Explain(r))
		return ExitClean
	}
	if !slices.Contains(formats, c.format) {
		fmt.Fprintf(stderr, "kdlint: unknown -format %q: want %s\n", c.format, strings.Join(formats, ", "))
		return ExitError
	}
	file, err := loadConfig(c.configFile, registry)
	if err != nil {
		fmt.Fprintln(stderr, "kdlint:", err)
		return ExitError
	}
	plan, err := configure(c, file, registry)
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
	root, err := sourceRoot(c.sourceRoot)
	if err != nil {
		fmt.Fprintln(stderr, "kdlint: -source-root:", err)
		return ExitError
	}
	rel := relativeTo(root)
	var known map[string]bool // fingerprints of the baseline
	if c.baseline != "" {
		if known, err = readBaseline(c.baseline); err != nil {
			fmt.Fprintln(stderr, "kdlint: -baseline:", err)
			return ExitError
		}
	}

	mods, notices := driver.DiscoverWith(c.paths, driver.DiscoverOptions{IncludeUserspace: c.includeUserspace})
	mods = excludeModules(mods, file)
	var sums map[string]string // the files' content before the analysis, for -fix and -diff
	if c.fix || c.diff {
		sums = fileSums(mods)
	}
	defer tuneGC(driver.SourceBytes(mods))()
	opts := driver.Options{Rules: plan.rules, Frontend: c.frontend, RuleOptions: plan.options, Model: plan.model, Jobs: c.jobs,
		Version: Version, Known: analyzers.Docs(registry), NoSuppressionCheck: !plan.checkSuppressions,
		KeepSuppressed: c.includeSuppressed}
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
	run := res.Run
	run.Notices = append(notices, run.Notices...)
	run.Findings = excludeFindings(run.Findings, file)
	run.Suppressed = excludeFindings(run.Suppressed, file)
	plan.overrideSeverities(run)
	fingerprint(run.Findings, rel)
	fingerprint(run.Suppressed, rel)

	if c.writeBaseline != "" {
		// Every finding of this run, before -baseline leaves some out,
		// with the status they make.
		run.ExitStatus = exitStatus(run, res.Stats.Files, c.strict)
		run.Failed = run.ExitStatus == ExitError
		if err := writeBaselineFile(c.writeBaseline, run); err != nil {
			fmt.Fprintln(stderr, "kdlint: -write-baseline:", err)
			return ExitError
		}
	}
	if known != nil {
		var old []report.Finding
		run.Findings, old = splitBaseline(run.Findings, known)
		if c.includeSuppressed {
			for _, f := range old {
				f.Suppression = &report.Suppression{Kind: report.SuppressedExternal, Justification: "in the baseline " + c.baseline}
				run.Suppressed = append(run.Suppressed, f)
			}
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
	fixFailed := false
	if c.fix || c.diff {
		changes, skips := fix.Prepare(run.Findings, os.ReadFile, sums)
		for _, sk := range skips {
			fmt.Fprintf(stderr, "%s: note: fix of %s not applied: %s\n", text.Position(sk.Finding.Location), sk.Finding.RuleID, sk.Reason)
		}
		if c.diff {
			if err := fix.WriteDiff(out, changes, rel); err != nil {
				fmt.Fprintln(stderr, "kdlint: writing the diff:", err)
				return ExitError
			}
		}
		if c.fix {
			applied := 0
			for i, err := range fix.Apply(changes) {
				if err != nil {
					fmt.Fprintln(stderr, "kdlint:", err)
					fixFailed = true
					changes[i].Fixed = nil
				} else {
					applied++
				}
			}
			var fixed []report.Finding
			for _, ch := range changes {
				fixed = append(fixed, ch.Fixed...)
			}
			run.Findings = withoutFixed(run.Findings, fixed)
			fmt.Fprintf(stderr, "kdlint: fixed %s in %s\n", plural(len(fixed), "finding"), plural(applied, "file"))
		}
	}
	run.ExitStatus = exitStatus(run, res.Stats.Files, c.strict)
	if fixFailed && run.ExitStatus < ExitError {
		run.ExitStatus = ExitError
	}
	run.Failed = run.ExitStatus == ExitError

	color := sys.getenv("NO_COLOR") == "" && sys.getenv("TERM") != "dumb"
	errOpts := text.Options{Verbose: c.verbose, Color: color && sys.terminal(stderr)}
	outOpts := text.Options{Verbose: c.verbose, Color: color && sys.terminal(out)}
	text.WriteNotices(stderr, run, errOpts)
	if !c.diff {
		switch c.format {
		case "sarif":
			err = sarif.WriteOptions(out, run, sarif.Options{Root: root, Category: c.category})
			if n := sarif.Truncated(len(run.Findings), 0); n > 0 {
				fmt.Fprintf(stderr, "kdlint: note: the SARIF log leaves out %d of %d findings: GitHub code scanning accepts at most %d results in a run\n",
					n, len(run.Findings), sarif.MaxResults)
			}
		case "json":
			err = jsonout.Write(out, run)
		case "github":
			err = github.Write(out, run, rel)
		default:
			err = text.Write(out, run, outOpts)
			if err == nil && sys.terminal(out) {
				err = text.WriteCounts(out, run, outOpts)
			}
		}
		if err != nil {
			fmt.Fprintln(stderr, "kdlint: writing report:", err)
			return ExitError
		}
	}
	unanalysed := report.Summarize(run.Notices)
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
	return run.ExitStatus
}

// exitStatus decides the status from the findings and the notices' kinds.
func exitStatus(run *report.Run, files int, strict bool) int {
	var failed, noFiles, lost, skipped bool
	for _, n := range run.Notices {
		k := n.Kind
		failed = failed || k.FailsRun()
		noFiles = noFiles || k == report.NoticeNoCFiles
		lost = lost || k.LosesFile() || k.LosesAnalysis() || k.LosesPart()
		skipped = skipped || k.LosesItem()
	}
	switch {
	case failed:
		return ExitError
	case noFiles && files == 0:
		return ExitNoFiles
	case lost || strict && skipped:
		return ExitNotAnalysed
	case len(run.Findings) > 0:
		return ExitFindings
	}
	return ExitClean
}

// relativeTo returns a function giving a path relative to root, with
// slashes, when it is inside root, and the path unchanged otherwise.
func relativeTo(root string) func(string) string {
	cwd, _ := os.Getwd()
	return func(p string) string {
		abs := p
		if !filepath.IsAbs(abs) {
			abs = filepath.Join(cwd, abs)
		}
		if r, err := filepath.Rel(root, abs); err == nil && filepath.IsLocal(r) {
			return filepath.ToSlash(r)
		}
		return filepath.ToSlash(p)
	}
}

// fingerprint sets each finding's stable fingerprint.
func fingerprint(fs []report.Finding, rel func(string) string) {
	for i, fp := range report.Fingerprints(fs, rel) {
		fs[i].Fingerprint = fp
	}
}

// fileSums hashes every file of the modules, as -fix must find them.
func fileSums(mods []driver.Module) map[string]string {
	sums := map[string]string{}
	for _, m := range mods {
		for _, f := range m.Files {
			if b, err := os.ReadFile(f); err == nil {
				sums[f] = fix.Sum(b)
			}
		}
	}
	return sums
}

// withoutFixed drops the findings whose fixes were applied (by their
// fingerprints, which are unique in a run).
func withoutFixed(fs, fixed []report.Finding) []report.Finding {
	done := map[string]bool{}
	for _, f := range fixed {
		done[f.Fingerprint] = true
	}
	keep := fs[:0]
	for _, f := range fs {
		if !done[f.Fingerprint] {
			keep = append(keep, f)
		}
	}
	return keep
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
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
// of it dies with the module being parsed (the live heap of a whole
// kernel tree stays near 300 MB), so the collector runs only when the heap
// reaches a soft limit of 128 MiB per parsing CPU plus twice the source
// read, at most 1200 MiB: GOGC's proportional trigger collected after
// every few MB whenever a module had just finished, and turning it off
// saved 8 % of the CPU time of the whole 6.12 tree and lowered its peak
// RSS (1.51 -> 1.23 GB). Small runs never reach the limit. A GOMEMLIMIT
// of the user's keeps GOGC's trigger (at 800) as well, so that
// GOMEMLIMIT=off cannot mean no collection at all; GOGC and GOMEMLIMIT
// still win. It returns a function that restores the settings.
func tuneGC(sourceBytes int64) (restore func()) {
	percent, limit := -2, int64(-1)
	ownLimit := os.Getenv("GOMEMLIMIT") == ""
	if os.Getenv("GOGC") == "" {
		if ownLimit {
			percent = debug.SetGCPercent(-1)
		} else {
			percent = debug.SetGCPercent(800)
		}
	}
	if ownLimit {
		limit = debug.SetMemoryLimit(gcLimit(sourceBytes, runtime.GOMAXPROCS(0)))
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

// gcLimit is the soft memory limit for a run over sourceBytes of source
// with procs parsing CPUs.
func gcLimit(sourceBytes int64, procs int) int64 {
	return min(int64(128<<20)*int64(procs)+2*sourceBytes, 1200<<20)
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
