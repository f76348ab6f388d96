// Package cparse is kdlint's C front end. It reads the files of one driver
// module as they are, without kernel headers, and builds the ir.Module the
// analyzers work on.
//
// Parsing is done by modernc.org/cc/v4. Because cc/v4 stops at the first
// name it cannot make sense of, the front end first scans each file itself
// (scan.go), declares the kernel names the file uses from the kernel model's
// prelude and infers what every other unknown name must be (infer.go). When
// cc/v4 still rejects a top-level item, that item alone is blanked out (its
// bytes replaced by spaces, so positions do not move) and the file is parsed
// again; the skipped item is recorded in the module, never silently lost
// (recover.go).
//
// Most of a driver cannot change any result: before parsing, relevance.go
// works out which function bodies and declarations can, and each unit's
// working text (unit.go) leaves the rest out.
package cparse

import (
	"bytes"
	"fmt"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"modernc.org/cc/v4"

	"github.com/kdlint/kdlint/ir"
	"github.com/kdlint/kdlint/kmodel"
)

// Config configures the front end. The zero value is ready to use.
type Config struct {
	// IncludeDirs are extra directories searched for #include "..." files.
	IncludeDirs []string
	// Defines are NAME or NAME=VALUE macro definitions, as with -D.
	Defines []string
	// Includes are files read before every source file, as with -include.
	Includes []string
	// CompileCommands holds per-file flags from a compilation database,
	// by absolute path; they add to the flags above for the files' module.
	CompileCommands map[string]FileFlags
	// MaxFileSize is the largest file parsed, in bytes (default 10 MiB).
	MaxFileSize int64
	// ExpansionLimit bounds macro expansion work per parse, in tokens
	// (default: 16M, or 256 per byte of the file when that is more).
	ExpansionLimit int
	// MaxSkips is how many top-level items one file may lose before the
	// whole file is given up (default 200).
	MaxSkips int
	// Needs is what the analyses run on the modules act on: the union of
	// the enabled rules' needs. Only what can matter to them is parsed
	// (relevance.go); the zero value needs nothing, so that no module is
	// parsed.
	Needs kmodel.Needs
	// ParseAll parses every module and function body, also those that
	// provably hold nothing Needs is about; for measuring the front end.
	ParseAll bool
}

func (c *Config) needs() kmodel.Needs {
	if c == nil {
		return kmodel.Needs{}
	}
	return c.Needs
}

func (c *Config) parseAll() bool { return c != nil && c.ParseAll }

func (c *Config) maxFileSize() int64 {
	if c == nil || c.MaxFileSize <= 0 {
		return 10 << 20
	}
	return c.MaxFileSize
}

// expansionLimit bounds macro expansion for a source of n bytes: real
// drivers with heavy register macros expand to a few hundred tokens per
// byte at worst, while a macro bomb grows without bound.
func (c *Config) expansionLimit(n int) int {
	if c == nil || c.ExpansionLimit <= 0 {
		return max(16<<20, 256*n)
	}
	return c.ExpansionLimit
}

func (c *Config) maxSkips() int {
	if c == nil || c.MaxSkips <= 0 {
		return 200
	}
	return c.MaxSkips
}

const (
	preludeName = "<kdlint-prelude>"
	eofName     = "<kdlint-eof>"
)

// srcFile is one file of the module.
type srcFile struct {
	path string // as given
	rel  string // slash-separated name relative to the module directory
	src  []byte
	tf   *token.File
	scan *scanned
	ir   *ir.File
	// lines holds the start offset of each line of src (the rewritten
	// text), to map its offsets back to the file's positions.
	lines []int
	// defs holds the file's #defines, parsed once for all the units that
	// include it (defines.go); macroDefsCache the active ones as
	// explosiveMacros measures them.
	defs           fileDefines
	macroDefsOnce  sync.Once
	macroDefsCache []*macroDef
	// thinned holds the header's working text for units that parse its
	// function definitions ([1]) and for the others ([0]) (include).
	thinMu  sync.Mutex
	thinned [2]*thinnedHeader
}

// pos maps an offset of the rewritten text to a position in the file.
func (f *srcFile) pos(off int) token.Pos {
	line := sort.SearchInts(f.lines, off+1) // lines[line-1] <= off
	if line < 1 {
		line = 1
	}
	col := off - f.lines[line-1]
	if line > f.tf.LineCount() {
		return f.tf.Pos(f.tf.Size())
	}
	start := f.tf.Offset(f.tf.LineStart(line))
	end := f.tf.Size()
	if line < f.tf.LineCount() {
		end = f.tf.Offset(f.tf.LineStart(line + 1))
	}
	if start+col > end {
		col = end - start
	}
	return f.tf.Pos(start + col)
}

// lineRange returns the offsets of line n (1-based) in the rewritten text,
// without its newline.
func (f *srcFile) lineRange(n int) (int, int) {
	start := f.lines[n-1]
	end := len(f.src)
	if n < len(f.lines) {
		end = f.lines[n] - 1
	}
	return start, end
}

// ParseModule parses the files of one driver module. Paths are the module's
// .c and .h files; .h files are parsed where .c files include them. Every
// file is added to fset. Files that cannot be read or parsed are recorded
// in the returned module (File.Failed, Module.Skipped), not returned as
// errors: one bad file never stops the rest.
func ParseModule(fset *token.FileSet, dir string, paths []string, cfg *Config) *ir.Module {
	cfg = moduleConfig(cfg, paths)
	m := ir.NewModule(dir)
	var files []*srcFile
	byRel := map[string]*srcFile{}
	for _, p := range paths {
		f := &srcFile{path: p, rel: relName(dir, p), ir: &ir.File{Path: p}}
		m.Files = append(m.Files, f.ir)
		f.src, f.ir.Failed = readSource(p, cfg.maxFileSize())
		f.ir.Size = len(f.src)
		f.ir.Src = f.src
		if f.ir.Failed != "" {
			// Still give the file a position base, for the notice.
			f.ir.Tok = fset.AddFile(p, -1, 0)
			continue
		}
		f.tf = fset.AddFile(p, -1, len(f.src))
		f.tf.SetLinesForContent(f.src)
		f.ir.Tok = f.tf
		// From here on the front end works on the rewritten text; it has
		// the same lines as the file, so positions map back by line.
		f.src = rewriteConditionals(rewriteNamedVariadics(f.src))
		f.lines = lineStarts(f.src)
		f.scan = scan(f.src)
		files = append(files, f)
		byRel[f.rel] = f
	}
	names := newModuleNames()
	for _, inc := range cfg.includes() {
		if src, err := os.ReadFile(inc); err == nil {
			names.add(scan(src))
		}
	}
	for _, f := range files {
		names.add(f.scan)
		for _, it := range f.scan.items {
			if it.funcDef && strings.HasSuffix(f.rel, ".c") {
				f.ir.Funcs++
			}
		}
	}
	shared := &moduleState{headerFuncsDone: map[string]bool{}, ext: map[string]*srcFile{}, fset: fset}
	preloadExternal(files, byRel, names, cfg, shared)
	all := append([]*srcFile(nil), files...)
	for _, e := range shared.ext {
		if e != nil {
			all = append(all, e)
		}
	}
	if !cfg.parseAll() {
		sets := kmodel.RelevantNames(cfg.needs())
		if !moduleCanReport(all, sets) {
			for _, f := range files {
				m.Unneeded += f.ir.Funcs
			}
			return m
		}
		shared.rel = moduleRelevance(all, names, sets)
	}
	// Translation units are parsed in parallel, each into its own module,
	// then merged in file order so that the result does not depend on
	// scheduling.
	var units []*translationUnit
	for _, f := range files {
		if strings.HasSuffix(f.rel, ".c") {
			units = append(units, &translationUnit{main: f, byRel: byRel, names: names, cfg: cfg,
				module: ir.NewModule(dir), seen: map[token.Pos]bool{}, dirs: cfg.includeDirs(), shared: shared})
		}
	}
	var wg sync.WaitGroup
	for _, tu := range units {
		wg.Add(1)
		go func() {
			defer wg.Done()
			slot := parseSlots()
			slot <- struct{}{}
			defer func() { <-slot }()
			tu.parse()
		}()
	}
	wg.Wait()
	seen := map[token.Pos]bool{}
	for _, tu := range units {
		for _, fn := range tu.module.Funcs {
			if !seen[fn.Pos] {
				seen[fn.Pos] = true
				m.Funcs = append(m.Funcs, fn)
			}
		}
		for _, g := range tu.module.Globals {
			if !seen[g.Pos] {
				seen[g.Pos] = true
				m.Globals = append(m.Globals, g)
			}
		}
		for _, sk := range tu.module.Skipped {
			if !seen[sk.Pos] {
				seen[sk.Pos] = true
				m.Skipped = append(m.Skipped, sk)
			}
		}
	}
	// Which unit lowers a header's functions depends on which finishes
	// first; order by position so that the module, and so every chain the
	// rules report, does not.
	sort.Slice(m.Funcs, func(i, j int) bool { return m.Funcs[i].Pos < m.Funcs[j].Pos })
	sort.Slice(m.Globals, func(i, j int) bool { return m.Globals[i].Pos < m.Globals[j].Pos })
	sort.Slice(m.Skipped, func(i, j int) bool { return m.Skipped[i].Pos < m.Skipped[j].Pos })
	pruned := map[string]map[string]bool{} // file -> functions with blanked bodies
	for _, f := range all {
		for _, it := range f.scan.items {
			if !prunable(f.scan, it, names, shared.rel) {
				continue
			}
			if !shared.rel.referenced[it.name] {
				// Dropped whole: counted here, as it is in no unit.
				if byRel[f.rel] == f && (strings.HasSuffix(f.rel, ".c") || shared.headerFuncsDone[f.rel]) {
					m.Unneeded++
				}
				continue
			}
			if pruned[f.path] == nil {
				pruned[f.path] = map[string]bool{}
			}
			pruned[f.path][it.name] = true
		}
	}
	for _, fn := range m.Funcs {
		if tf := fset.File(fn.Pos); tf != nil {
			fn.File = tf.Name()
		}
		fn.BodyUnneeded = pruned[fn.File][fn.Name]
	}
	for _, g := range m.Globals {
		if tf := fset.File(g.Pos); tf != nil {
			g.File = tf.Name()
		}
	}
	// Count function definitions in headers once, when they were analysed.
	analysed := map[string]map[string]bool{} // file -> function names
	for _, fn := range m.Funcs {
		if analysed[fn.File] == nil {
			analysed[fn.File] = map[string]bool{}
		}
		analysed[fn.File][fn.Name] = true
	}
	for _, f := range files {
		if strings.HasSuffix(f.rel, ".h") {
			for _, it := range f.scan.items {
				if it.funcDef && analysed[f.path][it.name] {
					f.ir.Funcs++
				}
			}
		}
	}
	return m
}

func (c *Config) includes() []string {
	if c == nil {
		return nil
	}
	return c.Includes
}

func (c *Config) includeDirs() []string {
	if c == nil {
		return nil
	}
	return c.IncludeDirs
}

// readSource reads a file and decides whether it can be parsed at all.
func readSource(p string, max int64) ([]byte, string) {
	fi, err := os.Stat(p)
	if err != nil {
		return nil, "cannot read: " + errText(err)
	}
	if fi.Size() > max {
		return nil, fmt.Sprintf("file too large (%.1f MB, limit %.0f MB), skipped", float64(fi.Size())/1e6, float64(max)/(1<<20))
	}
	src, err := os.ReadFile(p)
	if err != nil {
		return nil, "cannot read: " + errText(err)
	}
	if bytes.IndexByte(src, 0) >= 0 {
		return nil, "binary file (contains NUL bytes), skipped"
	}
	return src, ""
}

func errText(err error) string {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err.Error()
	}
	return err.Error()
}

func relName(dir, p string) string {
	if r, err := filepath.Rel(dir, p); err == nil && !strings.HasPrefix(r, "..") {
		return filepath.ToSlash(r)
	}
	return filepath.ToSlash(filepath.Base(p))
}

// translationUnit is one .c file with the module headers it includes.
type translationUnit struct {
	main   *srcFile
	byRel  map[string]*srcFile
	names  *moduleNames
	cfg    *Config
	module *ir.Module
	seen   map[token.Pos]bool
	shared *moduleState
	dirs   []string

	work  map[string][]byte // working copies, by rel name
	owned map[string]bool   // working copies private to the unit (writable)
	// headerIdents and headerToks hold, per header, the names its working
	// copy uses and what inference reads of it (thinnedHeader).
	headerIdents map[string][]string
	headerToks   map[string]*scanned
	blanked      map[*srcFile]map[int]bool // items skipped so far, by index
	files        map[string]*srcFile       // files of this unit, by rel name
	order        []*srcFile
}

// parse runs cc/v4 until the unit parses, skipping one rejected item at a
// time, then lowers what parsed to IR.
func (tu *translationUnit) parse() {
	tu.work = map[string][]byte{}
	tu.owned = map[string]bool{}
	tu.headerIdents = map[string][]string{}
	tu.headerToks = map[string]*scanned{}
	tu.blanked = map[*srcFile]map[int]bool{}
	tu.files = map[string]*srcFile{}
	tu.include(tu.main)
	tu.dropUnusedDefines()
	stubs := tu.stubExplosiveMacros()
	scans := make([]*scanned, 0, len(tu.order))
	for _, f := range tu.order {
		if toks := tu.headerToks[f.rel]; toks != nil {
			scans = append(scans, withDirectives(toks, f.scan, tu.work[f.rel]))
		} else {
			scans = append(scans, parsedOnly(f.scan, tu.work[f.rel]))
		}
	}
	// The user's -D and -include come last, so that they win.
	prefix := infer(scans, tu.names).prefix() + stubs + defines(tu.cfg)
	skips := 0
	for {
		ast, err := tu.ccParse(prefix)
		if err == nil {
			tu.lower(ast)
			tu.shared.mu.Lock()
			for _, f := range tu.order[1:] {
				tu.shared.headerFuncsDone[f.rel] = true
			}
			tu.shared.mu.Unlock()
			return
		}
		blanked := false
		for i, e := range parseErrors(err) {
			if i > 0 && tu.atItemStart(e) {
				// cc/v4 resynchronises badly after an error: a later error
				// on the first token of an item is an echo of the first,
				// and skipping the item would lose a good function.
				continue
			}
			if tu.skipAt(e) {
				blanked = true
				skips++
			}
		}
		if !blanked || skips > tu.cfg.maxSkips() {
			msg := firstLine(err.Error())
			if skips > tu.cfg.maxSkips() {
				msg = fmt.Sprintf("gave up after skipping %d items; last error: %s", skips, msg)
			}
			tu.main.ir.Failed = "cannot parse: " + msg
			return
		}
	}
}

// moduleState is shared by the translation units of one module.
type moduleState struct {
	mu sync.Mutex // guards headerFuncsDone
	// headerFuncsDone holds headers whose function definitions have been
	// lowered already; later units parse only their typedefs.
	headerFuncsDone map[string]bool
	// ext holds headers from outside the module, by absolute path. It is
	// filled before the units are parsed (preloadExternal), then only read.
	ext    map[string]*srcFile
	frozen bool
	fset   *token.FileSet
	// rel is what of the module is parsed; nil means all (relevance.go).
	rel *relevance

	pasteMu sync.Mutex
	// pasteNames holds, per macro that builds names with ##, the module's
	// macros it may build (pasteTargets).
	pasteNames map[string][]string

	compactMu sync.Mutex
	// compactedByHash holds compacted working copies: most units of a
	// module include the same headers thinned the same way.
	compactedByHash map[uint64][]compactedText
}

var (
	slotsOnce sync.Once
	slots     chan struct{}
)

// parseSlots limits how many units are parsed at once, over all modules
// being analysed: one per CPU kdlint may use (GOMAXPROCS, set by -j).
func parseSlots() chan struct{} {
	slotsOnce.Do(func() { slots = make(chan struct{}, runtime.GOMAXPROCS(0)) })
	return slots
}

func defines(cfg *Config) string {
	if cfg == nil {
		return ""
	}
	var b strings.Builder
	for _, inc := range cfg.Includes {
		// An unreadable -include file is reported by the driver.
		if src, err := os.ReadFile(inc); err == nil {
			b.Write(src)
			b.WriteString("\n")
		}
	}
	for _, d := range cfg.Defines {
		name, val, ok := strings.Cut(d, "=")
		if !ok {
			val = "1"
		}
		b.WriteString("#define " + name + " " + val + "\n")
	}
	return b.String()
}

// ccParse runs cc.Parse on the working copies.
func (tu *translationUnit) ccParse(prefix string) (ast *cc.AST, err error) {
	defer func() {
		// cc/v4 is robust, but a crash in it must cost one file, not the run.
		if r := recover(); r != nil {
			ast, err = nil, fmt.Errorf("%s:1:1: internal parser error: %v", tu.main.rel, r)
		}
	}()
	// "" is the includer's directory; "." the module's, where headers
	// that other headers include by their module-relative name live.
	includePaths := []string{"", "."}
	for _, d := range tu.dirs {
		includePaths = append(includePaths, filepath.ToSlash(d))
	}
	files := make(memFS, len(tu.work))
	for k, w := range tu.work {
		if k == tu.main.rel {
			files[k] = parserText(w) // no other unit reads it
		} else {
			files[k] = tu.shared.compacted(w)
		}
	}
	cfg := &cc.Config{
		FS:             files,
		FSOnly:         true,
		IncludePaths:   includePaths,
		ExpansionLimit: tu.cfg.expansionLimit(len(tu.work[tu.main.rel])),
	}
	return cc.Parse(cfg, []cc.Source{
		{Name: preludeName, Value: prefix},
		{Name: tu.main.rel, Value: files[tu.main.rel]},
		// cc/v4 loops forever when the input ends inside a pointer
		// declarator ("int *;" at the very end): a declaration after the
		// file gives that loop a token to stop at.
		{Name: eofName, Value: "\n;\nint __kd_eof;\n"},
	})
}

func lineStarts(src []byte) []int {
	lines := make([]int, 1, len(src)/30+1)
	for i, c := range src {
		if c == '\n' {
			lines = append(lines, i+1)
		}
	}
	return lines
}
