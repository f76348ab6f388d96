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
// again; the skipped item is recorded in the module, never silently lost.
package cparse

import (
	"bytes"
	"fmt"
	"go/token"
	"hash/maphash"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"modernc.org/cc/v4"

	"github.com/kdlint/kdlint/ir"
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
	// ParseAll parses every module and function body, also those that
	// provably hold nothing any rule could use (relevance.go); for
	// measuring the front end.
	ParseAll bool
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
	// defines holds the file's macro definitions, parsed once for all the
	// units that include it (explode.go).
	definesOnce sync.Once
	defines     []*macroDef
	// thinned holds the header's working text for units that parse its
	// function definitions ([1]) and for the others ([0]) (include).
	thinMu  sync.Mutex
	thinned [2]*thinnedHeader
	// hd holds the file's #defines as headers' are used (headerDefines).
	hdOnce sync.Once
	hd     []*headerDefine
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
		if !moduleCanReport(all) {
			for _, f := range files {
				m.Unneeded += f.ir.Funcs
			}
			return m
		}
		shared.rel = moduleRelevance(all, names)
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
	// headerIdents holds, per header, the names its working copy uses
	// (thinnedHeader).
	headerIdents map[string][]string
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
	tu.blanked = map[*srcFile]map[int]bool{}
	tu.files = map[string]*srcFile{}
	tu.include(tu.main)
	tu.dropUnusedDefines()
	stubs := tu.stubExplosiveMacros()
	scans := make([]*scanned, 0, len(tu.order))
	for _, f := range tu.order {
		scans = append(scans, parsedOnly(f.scan, tu.work[f.rel]))
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

// writable returns the unit's own copy of f's working text, for changes
// that are the unit's alone: the text tu.work starts from may be shared
// with the file or with other units.
func (tu *translationUnit) writable(f *srcFile) []byte {
	if !tu.owned[f.rel] {
		tu.work[f.rel] = append([]byte(nil), tu.work[f.rel]...)
		tu.owned[f.rel] = true
	}
	return tu.work[f.rel]
}

// include adds f and the module headers it includes (transitively) to the
// unit, with their working copies.
func (tu *translationUnit) include(f *srcFile) {
	if tu.files[f.rel] != nil {
		return
	}
	tu.files[f.rel] = f
	tu.order = append(tu.order, f)
	for _, d := range f.scan.directives {
		if isInclude(d) && !d.system && d.arg != "" {
			if h := tu.resolve(f, d.arg); h != nil {
				tu.include(h)
			}
		}
	}
	if f == tu.main {
		tu.work[f.rel] = tu.thinMain(f, tu.prepare(f))
		return
	}
	tu.shared.mu.Lock()
	keepFuncs := !tu.shared.headerFuncsDone[f.rel]
	tu.shared.mu.Unlock()
	// A header is prepared the same way for every unit of the module.
	k := 0
	if keepFuncs {
		k = 1
	}
	f.thinMu.Lock()
	if f.thinned[k] == nil {
		w := tu.thinHeader(f, tu.prepare(f), keepFuncs)
		f.thinned[k] = &thinnedHeader{text: w, idents: usedIdents(f, w, false)}
	}
	tu.work[f.rel] = f.thinned[k].text
	tu.headerIdents[f.rel] = f.thinned[k].idents
	f.thinMu.Unlock()
}

// thinnedHeader is a header's working text, with the distinct names the
// parser will read in it: in code and in directives other than #include
// and #define (whose bodies count only when the macro is used).
type thinnedHeader struct {
	text   []byte
	idents []string
}

// usedIdents returns the distinct names of f left in its working text w;
// with defines, #define bodies count too (the main file's always do).
func usedIdents(f *srcFile, w []byte, defines bool) []string {
	seen := map[string]bool{}
	var out []string
	add := func(b []byte) {
		if !seen[string(b)] {
			seen[string(b)] = true
			out = append(out, string(b))
		}
	}
	for _, t := range f.scan.toks {
		if t.kind == tIdent && int(t.off) < len(w) && w[t.off] != ' ' {
			add(f.src[t.off:t.end])
		}
	}
	for _, d := range f.scan.directives {
		if d.name != "include" && (defines || d.name != "define") {
			eachIdent(f.src[d.off:d.end], add)
		}
	}
	return out
}

func isInclude(d directive) bool {
	return d.name == "include" || d.name == "include_next" || d.name == "import"
}

// prepare returns f's text as the parser must read it: includes of
// headers outside the module and build-time checks blanked, inactive
// branches blanked, and guarded against cc/v4's end-of-input loops.
func (tu *translationUnit) prepare(f *srcFile) []byte {
	var w []byte
	own := func() {
		if w == nil {
			w = append([]byte(nil), f.src...)
		}
	}
	for _, d := range f.scan.directives {
		switch {
		case d.name == "error" || d.name == "warning":
			// Build-time sanity checks; with the front end's own choice of
			// #if branches they can fire where the real build would not.
		case isInclude(d) && (d.system || d.arg == "" || tu.resolve(f, d.arg) == nil):
			// Kernel and unknown headers: the prelude stands in for them.
		default:
			continue
		}
		own()
		blankRaw(w, d.off, d.end)
	}
	// Inactive conditional branches are decided already (cond.go): the
	// parser need not read their text, only their directives.
	for _, t := range f.scan.toks {
		if t.alt {
			own()
			blankRaw(w, int(t.off), int(t.end))
		}
	}
	if w == nil {
		w = f.src
	}
	if f.scan.openComment {
		// The file ends inside a comment, which would swallow whatever
		// the parser reads next. Close it after the end of the file.
		w = append(append([]byte(nil), w...), "*/"...)
	}
	if len(w) == 0 || w[len(w)-1] != '\n' || len(w) > 1 && w[len(w)-2] == '\\' {
		// cc/v4 loops forever on a string literal cut by the end of the
		// input; a final newline ends it (after a space, so that a
		// trailing backslash does not continue the line).
		w = append(append([]byte(nil), w...), " \n"...)
	}
	return w
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

type compactedText struct{ in, out []byte }

// pasteTargets returns the macros among macros that the ## macro name,
// building names that match globs, may build; worked out once per module.
func (st *moduleState) pasteTargets(name string, globs []string, macros map[string]bool) []string {
	key := name + "\x00" + strings.Join(globs, "\x00")
	st.pasteMu.Lock()
	defer st.pasteMu.Unlock()
	if out, ok := st.pasteNames[key]; ok {
		return out
	}
	var out []string
	for m := range macros {
		if pasteMayBuild(globs, m) {
			out = append(out, m)
		}
	}
	if st.pasteNames == nil {
		st.pasteNames = map[string][]string{}
	}
	st.pasteNames[key] = out
	return out
}

var compactSeed = maphash.MakeSeed()

// compacted returns w compacted, with runs of empty lines collapsed,
// reusing an earlier unit's result.
func (st *moduleState) compacted(w []byte) []byte {
	h := maphash.Bytes(compactSeed, w)
	st.compactMu.Lock()
	for _, c := range st.compactedByHash[h] {
		if bytes.Equal(c.in, w) {
			st.compactMu.Unlock()
			return c.out
		}
	}
	st.compactMu.Unlock()
	out := collapseBlankLines(compact(w))
	st.compactMu.Lock()
	if st.compactedByHash == nil {
		st.compactedByHash = map[uint64][]compactedText{}
	}
	st.compactedByHash[h] = append(st.compactedByHash[h], compactedText{w, out})
	st.compactMu.Unlock()
	return out
}

// preloadExternal loads every header outside the module that the module's
// files (and those headers) include, before units are parsed in parallel.
func preloadExternal(files []*srcFile, byRel map[string]*srcFile, names *moduleNames, cfg *Config, shared *moduleState) {
	pre := &translationUnit{byRel: byRel, names: names, cfg: cfg, dirs: cfg.includeDirs(), shared: shared}
	queue := append([]*srcFile(nil), files...)
	for len(queue) > 0 {
		f := queue[0]
		queue = queue[1:]
		for _, d := range f.scan.directives {
			if (d.name == "include" || d.name == "include_next") && !d.system && d.arg != "" && !d.alt {
				n := len(shared.ext)
				if h := pre.resolve(f, d.arg); h != nil && len(shared.ext) > n && byRel[h.rel] != h {
					queue = append(queue, h)
				}
			}
		}
	}
	shared.frozen = true
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

// thinHeader keeps of a module header only what parsing the including
// file needs: typedefs (the parser must know type names) and, the first
// time the header is seen, its function definitions. Struct, enum and
// variable declarations and prototypes do not change how the including
// file parses, and headers are parsed once per .c file, so dropping them
// saves much of the parse time of header-heavy drivers.
func (tu *translationUnit) thinHeader(f *srcFile, w []byte, keepFuncs bool) []byte {
	w = blankItems(f, w, func(it item) bool { return it.funcDef && keepFuncs || hasTypedef(f.scan, it) })
	if keepFuncs {
		w = tu.blankBodies(f, w)
	}
	return w
}

// blankBodies empties the bodies of f's functions that cannot matter
// (relevance.go), copying w only when something changes.
func (tu *translationUnit) blankBodies(f *srcFile, w []byte) []byte {
	s := f.scan
	copied := false
	for _, it := range s.items {
		if !prunable(s, it, tu.names, tu.shared.rel) {
			continue
		}
		if !copied {
			w = append([]byte(nil), w...)
			copied = true
		}
		from := int(s.toks[it.bodyOpen].end)
		to := int(s.toks[it.last].off)
		if !tu.shared.rel.referenced[it.name] {
			from, to = int(s.toks[it.first].off), int(s.toks[it.last].end)
		}
		blank(w, from, to, s.directives)
	}
	return w
}

// dropUnusedDefines blanks the #define lines of module headers whose
// macro nothing in the unit uses. Register headers define thousands of
// macros and are included by every file of a driver; the parser would
// record each of them again for every file.
func (tu *translationUnit) dropUnusedDefines() {
	if len(tu.order) < 2 {
		return
	}
	defs := map[string][]*headerDefine{} // header macro definitions by name
	for _, f := range tu.order[1:] {
		for _, hd := range f.headerDefines() {
			defs[hd.d.arg] = append(defs[hd.d.arg], hd)
		}
	}
	used := map[string]bool{}
	var pending []string
	// use marks the macro named name used; only header macros matter.
	use := func(name string) {
		if _, ok := defs[name]; ok && !used[name] {
			used[name] = true
			pending = append(pending, name)
		}
	}
	for _, id := range usedIdents(tu.main, tu.work[tu.main.rel], true) {
		use(id)
	}
	for _, f := range tu.order[1:] {
		for _, id := range tu.headerIdents[f.rel] {
			use(id)
		}
	}
	// Macros used by used macros are used.
	for len(pending) > 0 {
		name := pending[len(pending)-1]
		pending = pending[:len(pending)-1]
		for _, hd := range defs[name] {
			for _, u := range hd.uses {
				use(u)
			}
			if hd.globs == nil {
				continue
			}
			// A used macro builds names by pasting: keep the header
			// macros it may build (paste.go).
			if pasteBuildsAnything(hd.globs) {
				return
			}
			for _, other := range tu.shared.pasteTargets(name, hd.globs, tu.names.macros) {
				use(other)
			}
		}
	}
	for _, f := range tu.order[1:] {
		for _, d := range f.scan.directives {
			if d.name == "define" && !used[d.arg] {
				blankRaw(tu.writable(f), d.off, d.end)
			}
		}
	}
}

// headerDefine is a #define as dropUnusedDefines needs it.
type headerDefine struct {
	d     directive
	uses  []string // the names in its replacement list
	globs []string // the names it builds with ## (paste.go)
}

// headerDefines returns f's #defines, worked out once for all units.
func (f *srcFile) headerDefines() []*headerDefine {
	f.hdOnce.Do(func() {
		for _, d := range f.scan.directives {
			if d.name != "define" {
				continue
			}
			text := f.src[d.off:d.end]
			hd := &headerDefine{d: d}
			seen := map[string]bool{}
			eachIdent(text, func(b []byte) {
				if !seen[string(b)] {
					seen[string(b)] = true
					hd.uses = append(hd.uses, string(b))
				}
			})
			if bytes.Contains(text, []byte("##")) {
				body, params := defineBody(text, d.arg)
				hd.globs = pastePatterns(scanBody(body), params)
			}
			f.hd = append(f.hd, hd)
		}
	})
	return f.hd
}

// stubExplosiveMacros blanks the definitions of macros whose expansion
// would explode (explode.go) and returns definitions as 0 for the prefix.
func (tu *translationUnit) stubExplosiveMacros() string {
	var b strings.Builder
	for _, m := range explosiveMacros(tu.order, tu.names) {
		blankRaw(tu.writable(m.f), m.d.off, m.d.end)
		b.WriteString("#define " + m.name + "(...) 0\n")
	}
	return b.String()
}

// thinMain blanks the file-scope declarations of the main file that
// neither the parser nor any analysis needs (relevance.go).
func (tu *translationUnit) thinMain(f *srcFile, w []byte) []byte {
	w = blankItems(f, w, func(it item) bool { return it.funcDef || neededDecl(f.scan, it, tu.names, tu.shared.rel) })
	return tu.blankBodies(f, w)
}

// blankItems returns w with the top-level items of f that keep rejects
// blanked, copying w only when something changes.
func blankItems(f *srcFile, w []byte, keep func(item) bool) []byte {
	s := f.scan
	copied := false
	for _, it := range s.items {
		if keep(it) {
			continue
		}
		if !copied {
			w = append([]byte(nil), w...)
			copied = true
		}
		blank(w, int(s.toks[it.first].off), int(s.toks[it.last].end), s.directives)
	}
	return w
}

func hasTypedef(s *scanned, it item) bool {
	for i := it.first; i <= it.last; i++ {
		if t := s.toks[i]; t.kind == tIdent && t.end-t.off == 7 && s.text(t) == "typedef" {
			return true
		}
	}
	return false
}

// resolve finds a quoted include among the module's files.
func (tu *translationUnit) resolve(from *srcFile, name string) *srcFile {
	cand := path.Clean(path.Join(path.Dir(from.rel), name))
	if h := tu.byRel[cand]; h != nil {
		return h
	}
	if h := tu.byRel[path.Clean(name)]; h != nil {
		return h
	}
	// A header outside the module: next to the including file on disk
	// (#include "../common.h"), or in an -I directory. The key is the name
	// cc/v4 will ask the file system for.
	if h := tu.external(filepath.Join(filepath.Dir(from.path), name), cand); h != nil {
		return h
	}
	for _, dir := range tu.dirs {
		if h := tu.external(filepath.Join(dir, name), path.Join(filepath.ToSlash(dir), name)); h != nil {
			return h
		}
	}
	return nil
}

// external loads a header that is not one of the module's files, once
// per module.
func (tu *translationUnit) external(p, key string) *srcFile {
	abs, err := filepath.Abs(p)
	if err != nil {
		return nil
	}
	if f, ok := tu.shared.ext[abs]; ok || tu.shared.frozen {
		return f // nil: known not to exist or not to be usable
	}
	tu.shared.ext[abs] = nil
	fi, err := os.Stat(abs)
	if err != nil || !fi.Mode().IsRegular() {
		return nil
	}
	src, failed := readSource(abs, tu.cfg.maxFileSize())
	if failed != "" {
		return nil
	}
	f := &srcFile{path: p, rel: key, src: src, ir: &ir.File{Path: p}}
	f.tf = tu.shared.fset.AddFile(p, -1, len(src))
	f.tf.SetLinesForContent(src)
	f.src = rewriteConditionals(rewriteNamedVariadics(f.src))
	f.lines = lineStarts(f.src)
	f.scan = scan(f.src)
	tu.names.add(f.scan)
	tu.shared.ext[abs] = f
	return f
}

// blankRaw replaces b[from:to] by spaces, keeping newlines.
func blankRaw(b []byte, from, to int) {
	for i := from; i < to && i < len(b); i++ {
		if b[i] != '\n' && b[i] != '\r' {
			b[i] = ' '
		}
	}
}

// blank replaces b[from:to] by spaces, keeping newlines (so positions do
// not move) and the preprocessor directives the scanner found in the range
// (an item can span an #endif).
func blank(b []byte, from, to int, dirs []directive) {
	if to > len(b) {
		to = len(b)
	}
	// Directives are sorted by offset: find the first one in range.
	d := sort.Search(len(dirs), func(i int) bool { return dirs[i].off >= from })
	for i := from; i < to; {
		if d < len(dirs) && dirs[d].off < to {
			blankRaw(b, i, dirs[d].off)
			i = dirs[d].end
			d++
			continue
		}
		blankRaw(b, i, to)
		break
	}
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
		files[k] = tu.shared.compacted(w)
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

type parseError struct {
	file      string
	line, col int
	msg       string
}

var errLine = regexp.MustCompile(`^(.*?):(\d+):(\d+): (.*)$`)

func parseErrors(err error) []parseError {
	var out []parseError
	for _, l := range strings.Split(err.Error(), "\n") {
		m := errLine.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		line, _ := strconv.Atoi(m[2])
		col, _ := strconv.Atoi(m[3])
		out = append(out, parseError{file: path.Clean(m[1]), line: line, col: col, msg: m[4]})
	}
	return out
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// skipAt blanks the top-level item at the error's position. It reports
// whether anything was blanked.
// atItemStart reports whether e is at the first token of a top-level item.
func (tu *translationUnit) atItemStart(e parseError) bool {
	f := tu.files[e.file]
	if f == nil || e.line < 1 || e.line > len(f.lines) {
		return false
	}
	start, _ := f.lineRange(e.line)
	s := f.scan
	i := sort.Search(len(s.items), func(i int) bool { return int(s.toks[s.items[i].first].line) >= e.line })
	for ; i < len(s.items) && int(s.toks[s.items[i].first].line) == e.line; i++ {
		if int(s.toks[s.items[i].first].off)-start+1 == e.col {
			return true
		}
	}
	return false
}

func (tu *translationUnit) skipAt(e parseError) bool {
	if e.file == eofName {
		return tu.skipLast()
	}
	f := tu.files[e.file]
	if f == nil {
		return false
	}
	w := tu.writable(f)
	s := f.scan
	for idx, it := range s.items {
		first, last := s.toks[it.first], s.toks[it.last]
		if int(first.line) <= e.line && e.line <= int(last.line) {
			if tu.blanked[f][idx] {
				continue
			}
			if tu.blanked[f] == nil {
				tu.blanked[f] = map[int]bool{}
			}
			tu.blanked[f][idx] = true
			blank(w, int(first.off), int(last.end), s.directives)
			p := f.pos(int(first.off))
			tu.module.Skipped = append(tu.module.Skipped, ir.Skip{
				Pos:    p,
				Name:   it.name,
				Reason: classify(e.msg),
				Detail: fmt.Sprintf("line %d: %s", e.line, e.msg),
			})
			return true
		}
	}
	// Not inside an item: a directive such as #error, or a stray token.
	// Blank the line so the parse can go on.
	if e.line >= 1 && e.line <= len(f.lines) {
		start, end := f.lineRange(e.line)
		end = min(end, len(w))
		if isBlank(w[start:end]) {
			return false
		}
		blankRaw(w, start, end)
		tu.module.Skipped = append(tu.module.Skipped, ir.Skip{
			Pos: f.pos(start), Reason: classify(e.msg), Detail: e.msg,
		})
		return true
	}
	return false
}

// skipLast blanks the last item of the main file that is not blank yet:
// the file ends inside it.
func (tu *translationUnit) skipLast() bool {
	f := tu.main
	s := f.scan
	for i := len(s.items) - 1; i >= 0; i-- {
		if tu.blanked[f][i] {
			continue
		}
		return tu.skipAt(parseError{file: f.rel, line: int(s.toks[s.items[i].last].line), msg: "unexpected end of file"})
	}
	return false
}

func isBlank(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\n' && c != '\r' && c != '\t' {
			return false
		}
	}
	return true
}

var reUnexpected = regexp.MustCompile(`unexpected (\S+)`)

// classify turns a parser message into a skip reason for statistics.
func classify(msg string) string {
	switch {
	case strings.Contains(msg, "expansion limit"):
		return "macro expansion limit"
	case strings.Contains(msg, "#error"):
		return "#error directive"
	case strings.Contains(msg, "internal parser error"):
		return "parser crash"
	case strings.Contains(msg, "unexpected IDENTIFIER"):
		return "unknown macro or type name"
	case strings.Contains(msg, "unexpected TYPENAME"), strings.Contains(msg, "unexpected typedef name"):
		return "type name used as a value"
	}
	if m := reUnexpected.FindStringSubmatch(msg); m != nil {
		return "unexpected " + strings.TrimSuffix(m[1], ",")
	}
	if i := strings.IndexByte(msg, '('); i > 0 {
		msg = msg[:i]
	}
	return strings.TrimSpace(msg)
}

// lower builds IR from a parsed unit.
func (tu *translationUnit) lower(ast *cc.AST) {
	pos := tu.positioner()
	for l := ast.TranslationUnit; l != nil; l = l.TranslationUnit {
		ed := l.ExternalDeclaration
		if ed == nil {
			continue
		}
		switch ed.Case {
		case cc.ExternalDeclarationFuncDef:
			fd := ed.FunctionDefinition
			p := pos(fd.CompoundStatement.Token)
			if !p.IsValid() || tu.seen[p] {
				continue
			}
			tu.seen[p] = true
			tu.module.Funcs = append(tu.module.Funcs, buildFunc(fd, pos))
		case cc.ExternalDeclarationDecl:
			tu.globals(ed.Declaration, pos)
		}
	}
}

// globals records file-scope variables and their initializers.
func (tu *translationUnit) globals(d *cc.Declaration, pos func(cc.Token) token.Pos) {
	if d == nil || d.InitDeclaratorList == nil {
		return
	}
	static := hasStatic(d.DeclarationSpecifiers)
	tag := structTag(d.DeclarationSpecifiers)
	for l := d.InitDeclaratorList; l != nil; l = l.InitDeclaratorList {
		id := l.InitDeclarator
		if id == nil || id.Declarator == nil {
			continue
		}
		name := id.Declarator.Name()
		p := pos(id.Declarator.NameTok())
		if !p.IsValid() || tu.seen[p] {
			continue
		}
		tu.seen[p] = true
		g := &ir.Global{Name: name, StructTag: tag, Static: static, Pos: p}
		if id.Initializer != nil {
			// Initializers are lowered by a throwaway builder: calls in them
			// (DECLARE_TASKLET(...), module_init(fn)) are kept in the tree.
			b := &builder{pos: pos, fn: &ir.Func{}, labels: map[string]*ir.Block{}}
			b.cur = b.newBlock()
			g.Init = b.initializer(id.Initializer)
		}
		tu.module.Globals = append(tu.module.Globals, g)
	}
}

// positioner maps cc/v4 token positions to fset positions.
func (tu *translationUnit) positioner() func(cc.Token) token.Pos {
	var lastName string
	var lastFile *token.File
	return func(t cc.Token) token.Pos {
		p := t.Position()
		if p.Line <= 0 {
			return token.NoPos
		}
		if p.Filename != lastName {
			lastName = p.Filename
			lastFile = nil
			if f := tu.files[path.Clean(p.Filename)]; f != nil {
				lastFile = f.tf
			}
		}
		if lastFile == nil || p.Line > lastFile.LineCount() {
			return token.NoPos
		}
		off := lastFile.Offset(lastFile.LineStart(p.Line)) + p.Column - 1
		if off > lastFile.Size() {
			off = lastFile.Size()
		}
		return lastFile.Pos(off)
	}
}

// memFS serves the unit's working copies to cc/v4.
type memFS map[string][]byte

func (m memFS) Open(name string) (fs.File, error) {
	b, ok := m[path.Clean(name)]
	if !ok {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return &memFile{name: name, r: bytes.NewReader(b), size: int64(len(b))}, nil
}

type memFile struct {
	name string
	r    *bytes.Reader
	size int64
}

func (f *memFile) Stat() (fs.FileInfo, error) { return memInfo{f}, nil }
func (f *memFile) Read(b []byte) (int, error) { return f.r.Read(b) }
func (f *memFile) Close() error               { return nil }

type memInfo struct{ f *memFile }

func (i memInfo) Name() string       { return path.Base(i.f.name) }
func (i memInfo) Size() int64        { return i.f.size }
func (i memInfo) Mode() fs.FileMode  { return 0o444 }
func (i memInfo) ModTime() time.Time { return time.Time{} }
func (i memInfo) IsDir() bool        { return false }
func (i memInfo) Sys() any           { return nil }

// SkipReasons counts skipped items by reason, most frequent first.
func SkipReasons(skips []ir.Skip) []ReasonCount {
	counts := map[string]int{}
	for _, s := range skips {
		counts[s.Reason]++
	}
	out := make([]ReasonCount, 0, len(counts))
	for r, n := range counts {
		out = append(out, ReasonCount{r, n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Reason < out[j].Reason
	})
	return out
}

// ReasonCount is one line of a skip-reason histogram.
type ReasonCount struct {
	Reason string
	Count  int
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
