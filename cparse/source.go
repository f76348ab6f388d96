package cparse

// The read stage: the module's files, the -include files and the -D
// definitions, read once, with every file read recorded for the module
// (ir.Module.Read); quoted headers found later are read through the same
// door (headers.go).

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"go/token"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/kdlint/kdlint/ir"
)

// srcFile is one file the module reads: its own, a header found outside
// it, an -include file, or the -D definitions.
type srcFile struct {
	path string // as given
	rel  string // slash-separated name relative to the module directory
	// src is the text read until preprocess, then the text the front end
	// works on: the same lines as the file, conditions decided (cond.go).
	src []byte
	// raw is the text before conditions were decided, which every
	// decision of the file starts from (include.go).
	raw []byte
	// rawDirs holds the byte ranges of raw's directives (eachDirective),
	// found once for all its decisions.
	rawDirs [][2]int
	// variantOf is the file a variant decides again under another macro
	// state (include.go); nil for the file itself.
	variantOf *srcFile
	// incl holds, by the offset of each active quoted #include, the
	// decision of the header it includes; an include not in it is not
	// expanded (not found, outside what the parser reads, or cut).
	incl map[int]*srcFile
	tf   *token.File // nil for -include and -D text, which have no positions
	scan *scanned
	ir   *ir.File // nil but for the module's own files
	// lines holds the start offset of each line of src (the rewritten
	// text), to map its offsets back to the file's positions.
	lines []int
	// rawLines holds the line starts of the text as read (nil for the
	// texts without positions), then of raw: those of its decisions when
	// they move no newline (include.go).
	rawLines []int
	// defs holds the file's #defines, parsed once for all the units that
	// include it (defines.go); macroDefsCache the active ones as
	// explosiveMacros measures them.
	defs           fileDefines
	macroDefsOnce  sync.Once
	macroDefsCache []*macroDef
	// structsOnce and structs: the struct tags f defines (structTags).
	structsOnce sync.Once
	structs     []string
	// thinned holds the header's working text for units that parse its
	// function definitions ([1]) and for the others ([0]) (include).
	thinMu  sync.Mutex
	thinned [2]*thinnedHeader
	// dropped holds the header's working texts without the definitions
	// of the macros some units do not use (withoutDefines; thinMu).
	dropped []droppedDefines
}

// moduleSources is what the read stage hands on.
type moduleSources struct {
	dir  string
	fset *token.FileSet
	cfg  *Config
	m    *ir.Module // Files and Read are filled as files are read
	// files are the module's own files that could be read, in path order.
	files []*srcFile
	byRel map[string]*srcFile
	// forced are the -include files, in order; flags is the -D
	// definitions as #define lines (nil without any).
	forced []*srcFile
	flags  *srcFile
	// headers finds quoted includes and holds those outside the module.
	headers *headerFinder
	// variants are the decisions of files under other macro states than
	// their first (include.go), in the order made.
	variants []*srcFile
	readAbs  map[string]bool // Read so far, by absolute path
	// wd is the working directory, asked once per module (abs); "" when
	// there is none.
	wd string
}

// flagsName names the text of the -D definitions.
const flagsName = "<kdlint-defines>"

// readModule reads the files of a module.
func readModule(fset *token.FileSet, dir string, paths []string, cfg *Config, m *ir.Module) *moduleSources {
	src := &moduleSources{dir: dir, fset: fset, cfg: cfg, m: m, byRel: map[string]*srcFile{}, readAbs: map[string]bool{}}
	if wd, err := os.Getwd(); err == nil {
		src.wd = wd
	}
	src.headers = &headerFinder{src: src, ext: map[string]*srcFile{}, dirs: cfg.includeDirs()}
	for _, p := range paths {
		f := &srcFile{path: p, rel: relName(dir, p), ir: &ir.File{Path: p}}
		m.Files = append(m.Files, f.ir)
		var data []byte
		data, f.ir.Failed = src.readSummed(p, !cfg.noFileSums())
		if f.ir.Failed != "" {
			// Still give the file a position base, for the notice.
			f.ir.Tok = fset.AddFile(p, -1, 0)
			continue
		}
		f.ir.Src, f.ir.Size = data, len(data)
		f.tf = fset.AddFile(p, -1, len(data))
		f.rawLines = setLines(f.tf, data)
		f.ir.Tok = f.tf
		f.src = src.nulsIgnored(f, data)
		src.files = append(src.files, f)
		src.byRel[f.rel] = f
	}
	for _, inc := range cfg.includes() {
		// An unreadable -include file is reported by the driver.
		if data, failed := src.read(inc); failed == "" {
			src.forced = append(src.forced, &srcFile{path: inc, rel: inc, src: data})
		}
	}
	if defs := cfg.defines(); len(defs) > 0 {
		var b strings.Builder
		for _, d := range defs {
			name, val, ok := strings.Cut(d, "=")
			if !ok {
				val = "1"
			}
			b.WriteString("#define " + name + " " + val + "\n")
		}
		src.flags = &srcFile{path: flagsName, rel: flagsName, src: []byte(b.String())}
	}
	return src
}

// read reads a file for the module and records it in Module.Read, with
// its sum. It returns what was read and, when the file cannot be used,
// why.
func (src *moduleSources) read(p string) ([]byte, string) { return src.readSummed(p, true) }

// readSummed is read, the file's sum left zero unless summed.
func (src *moduleSources) readSummed(p string, summed bool) ([]byte, string) {
	data, failed := readSource(p, src.cfg.maxFileSize())
	if data != nil {
		abs := src.abs(p)
		if !src.readAbs[abs] {
			src.readAbs[abs] = true
			r := ir.Source{Path: p}
			if summed {
				r.Sum = sha256.Sum256(data)
			}
			src.m.Read = append(src.m.Read, r)
		}
	}
	if failed != "" {
		return nil, failed
	}
	return data, ""
}

// abs is absPath with the working directory asked once per module
// (readModule), not per path: filepath.Abs asks it per call (os.Getwd
// stats "." and $PWD), for every file and header of every module.
func (src *moduleSources) abs(p string) string {
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	if src.wd == "" {
		return p
	}
	return filepath.Join(src.wd, p)
}

// absPath returns p as an absolute path, as filepath.Abs does; p itself
// when the working directory is unknown. The working directory is asked
// every time: a library caller (or a test) may change it between runs.
func absPath(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}

// all returns the module's files, the headers outside it they include
// and the variants of both: the code of the module.
func (src *moduleSources) all() []*srcFile {
	return append(append(append([]*srcFile(nil), src.files...), src.headers.found...), src.variants...)
}

// code is all without the variants whose text is that of their file
// (sameAsFirst), which all holds before them: for what reads each text
// alike and whose answer is by name, as a set (relevance, the writes of
// pruned bodies), a text read twice is a text read once. (Not names:
// what moduleNames.add makes of a text depends on the typedefs of the
// texts before it.)
func (src *moduleSources) code() []*srcFile {
	all := src.all()
	shared := sharedVariants(all)
	out := make([]*srcFile, 0, len(all)-len(shared))
	for _, f := range all {
		if !shared[f] {
			out = append(out, f)
		}
	}
	return out
}

// sharedVariants returns the variants among files whose decided text is
// their file's (sameAsFirst) while that file is among files too: what
// such a variant holds, its file holds.
func sharedVariants(files []*srcFile) map[*srcFile]bool {
	in := make(map[*srcFile]bool, len(files))
	for _, f := range files {
		in[f] = true
	}
	shared := map[*srcFile]bool{}
	for _, f := range files {
		if f.sameAsFirst() && in[f.variantOf] {
			shared[f] = true
		}
	}
	return shared
}

// config returns the -include files and the -D text: what is read before
// every unit.
func (src *moduleSources) config() []*srcFile {
	out := append([]*srcFile(nil), src.forced...)
	if src.flags != nil {
		out = append(out, src.flags)
	}
	return out
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

// readSource reads a file and decides whether it can be parsed at all.
// What was read is returned even when it cannot (a binary file).
func readSource(p string, max int64) ([]byte, string) {
	// One open for the size and the text (os.Stat then os.ReadFile would
	// look the path up twice and stat it twice).
	fd, err := os.Open(p)
	if err != nil {
		return nil, "cannot read: " + errText(err)
	}
	defer fd.Close()
	fi, err := fd.Stat()
	if err != nil {
		return nil, "cannot read: " + errText(err)
	}
	if fi.Size() > max {
		return nil, fmt.Sprintf("file too large (%.1f MB, limit %.0f MB), skipped", float64(fi.Size())/1e6, float64(max)/(1<<20))
	}
	src := make([]byte, 0, fi.Size()+1)
	for {
		n, err := fd.Read(src[len(src):cap(src)])
		src = src[:len(src)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, "cannot read: " + errText(err)
		}
		if len(src) == cap(src) { // the file grew
			src = append(src, 0)[:len(src)]
		}
	}
	// gcc ignores NUL bytes in source, with a warning (nulsIgnored); a
	// file where they are common is no source at all.
	if n := bytes.Count(src, []byte{0}); n > 0 && n*64 > len(src) {
		return src, "binary file (contains NUL bytes), skipped"
	}
	return src, ""
}

// nulsIgnored returns f's text with its NUL bytes read as spaces, as gcc
// ignores them, and notes it at the first; f's text itself when it has
// none.
func (src *moduleSources) nulsIgnored(f *srcFile, data []byte) []byte {
	first := bytes.IndexByte(data, 0)
	if first < 0 {
		return data
	}
	out := bytes.ReplaceAll(data, []byte{0}, []byte{' '})
	src.m.Notes = append(src.m.Notes, ir.Note{
		Pos:     f.tf.Pos(first),
		Kind:    ir.NoteNUL,
		Message: fmt.Sprintf("%d NUL byte(s) read as spaces, as gcc ignores them", bytes.Count(data, []byte{0})),
	})
	return out
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

func lineStarts(src []byte) []int {
	lines := make([]int, 1, bytes.Count(src, newline)+1)
	for i := 0; ; {
		j := bytes.IndexByte(src[i:], '\n')
		if j < 0 {
			return lines
		}
		i += j + 1
		lines = append(lines, i)
	}
}

var newline = []byte{'\n'}

// setLines gives tf the lines of its text src, as SetLinesForContent
// does (a line starts after each newline but the last byte), with the
// line starts found by IndexByte instead of a loop over every byte. It
// returns lineStarts(src).
func setLines(tf *token.File, src []byte) []int {
	lines := lineStarts(src)
	// tf keeps a prefix of lines; neither is ever written.
	if len(src) == 0 || !tf.SetLines(lines[:len(lines)-b2i(lines[len(lines)-1] == len(src))]) {
		tf.SetLinesForContent(src)
	}
	return lines
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// noteBrokenText notes, in each file of the module and header it reads,
// a comment that runs to the end of the file (what it swallows is not
// analysed, as a compiler would not) and string or character literals
// that their line ends (closed there, so the rest is analysed).
func noteBrokenText(src *moduleSources) {
	for _, f := range append(append([]*srcFile(nil), src.files...), src.headers.found...) {
		if f.tf == nil || f.scan == nil {
			continue
		}
		if s := f.scan; s.openComment {
			from := f.tf.Line(f.pos(s.openCommentAt))
			src.m.Notes = append(src.m.Notes, ir.Note{Pos: f.pos(s.openCommentAt), Kind: ir.NoteUnterminated,
				Message: fmt.Sprintf("unterminated comment: lines %d-%d, to the end of the file, are not analysed", from, f.tf.LineCount())})
		}
		if s := f.scan; s.brokenLiteral >= 0 {
			msg := "unterminated string or character literal, closed at the end of its line"
			if s.brokenLiterals > 1 {
				msg += fmt.Sprintf(" (and %d more in the file)", s.brokenLiterals-1)
			}
			src.m.Notes = append(src.m.Notes, ir.Note{Pos: f.pos(s.brokenLiteral), Kind: ir.NoteUnterminatedLiteral, Message: msg})
		}
	}
}
