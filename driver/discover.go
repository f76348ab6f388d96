// Package driver runs kdlint's analyzers over driver modules: it finds the
// modules under the paths it is given, builds an analysis.Pass for each
// (x/tools' own loaders only load Go packages), runs the analyzers in
// dependency order, and collects findings and notices.
package driver

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/kdlint/kdlint/driver/kbuild"
	"github.com/kdlint/kdlint/ir"
	"github.com/kdlint/kdlint/report"
)

// Module is one driver module: the C files of one directory.
type Module struct {
	Dir   string
	Files []string // .c and .h files, sorted
	// Units are the objects the directory's Kbuild file builds from its
	// .c files (units.go); nil when it has none.
	Units []ir.Unit
	// Only, when set, limits the findings reported to those whose
	// evidence touches these files: the files named on the command line
	// (as a pre-commit hook does). The whole directory is still
	// analysed, so calls across files count.
	Only map[string]bool
}

// isSource reports whether a file name is C source kdlint reads.
func isSource(name string) bool {
	return strings.HasSuffix(name, ".c") || strings.HasSuffix(name, ".h")
}

// Discover finds the modules under paths.
//
// A directory is searched recursively, hidden directories (".git")
// excepted, and each directory holding .c files is one module; the
// kernel modules its Kbuild file builds from them are its Units. A
// directory named on the command line may be a symbolic link; it is
// followed. Symbolic links found while walking are followed when they
// lead to a regular file (a shared source linked into the directory that
// builds it) and not when they lead to a directory: such links point
// into other parts of the tree, which a walk of the tree reaches anyway,
// and following them would analyse that code twice, or forever in a
// loop. Each directory is walked once, however many paths lead to it.
//
// A file argument brings in its whole directory, so that the driver is
// analysed as a whole, but only findings whose evidence touches the
// named files are reported.
//
// At the root of a kernel tree (a directory holding Kbuild, Makefile and
// MAINTAINERS), the walk leaves out the directories of user-space and
// host programs, which Kbuild does not build into the kernel or its
// modules (UserspaceDirs), and says so in one notice; naming one of them,
// or anything under it, lints it, and so does IncludeUserspace.
//
// Nothing that is not a regular file is ever opened: FIFOs, devices and
// sockets, named or found, are left out with a notice, so that no input
// can block the run. Problems (a missing path, an unreadable directory)
// are returned as notices too; discovery goes on.
func Discover(paths []string) ([]Module, []report.Notice) {
	return DiscoverWith(paths, DiscoverOptions{})
}

// DiscoverOptions change what Discover finds.
type DiscoverOptions struct {
	// IncludeUserspace walks a kernel tree's user-space and host-program
	// directories too.
	IncludeUserspace bool
}

// UserspaceDirs are the directories at a kernel tree's root that hold
// user-space programs (tools/, samples/, usr/), host programs built to
// build the kernel (scripts/) and documentation, not kernel code.
var UserspaceDirs = []string{"Documentation", "samples", "scripts", "tools", "usr"}

// kernelRootFiles are the files whose presence makes a directory a
// kernel tree's root.
var kernelRootFiles = []string{"Kbuild", "MAINTAINERS", "Makefile"}

// DiscoverWith is Discover with options.
func DiscoverWith(paths []string, o DiscoverOptions) ([]Module, []report.Notice) {
	d := &discovery{byDir: map[string]map[string]bool{}, explicit: map[string]map[string]bool{},
		walked: map[string]bool{}, found: map[string]int{}, seen: map[fileID]string{}, canon: map[string]string{},
		userspace: o.IncludeUserspace, leftOut: map[string][]string{}}
	for _, p := range paths {
		d.path(filepath.Clean(p))
	}
	d.noteLeftOut()
	var mods []Module
	kb := &kbuild.Reader{}
	for dir, set := range d.byDir {
		m := Module{Dir: dir}
		hasC := false
		for f := range set {
			m.Files = append(m.Files, f)
			hasC = hasC || strings.HasSuffix(f, ".c")
		}
		if !hasC {
			continue // headers alone are analysed where they are included
		}
		sort.Strings(m.Files)
		var cfiles []string
		for _, f := range m.Files {
			if strings.HasSuffix(f, ".c") {
				cfiles = append(cfiles, f)
			}
		}
		m.Units = units(kb, dir, cfiles)
		if !d.walked[dir] {
			m.Only = d.explicit[dir]
		}
		mods = append(mods, m)
	}
	sort.Slice(mods, func(i, j int) bool { return mods[i].Dir < mods[j].Dir })
	// Say so for a header named alone.
	for dir, files := range d.explicit {
		if d.byDirHasC(dir) {
			continue
		}
		for _, f := range sortedKeys(files) {
			d.notices = append(d.notices, report.Notice{Level: report.Note, Kind: report.NoticeHeaderAlone,
				Message:  "not analysed on its own: a header is analysed with the .c files that include it, and its directory has none",
				Location: report.Location{Path: f}})
		}
	}
	return mods, d.notices
}

type discovery struct {
	notices  []report.Notice
	byDir    map[string]map[string]bool // module directory -> its files
	explicit map[string]map[string]bool // directory -> files named on the command line
	walked   map[string]bool            // directories reached by walking a directory argument
	found    map[string]int             // .c files at and below each walked directory
	seen     map[fileID]string          // directories walked, by identity
	canon    map[string]string          // directory path -> the path first used for it
	// userspace: walk a kernel tree's UserspaceDirs too; leftOut: the
	// ones left out, by kernel root.
	userspace bool
	leftOut   map[string][]string
}

// isKernelRoot reports whether a directory's entries make it a kernel
// tree's root.
func isKernelRoot(entries []fs.DirEntry) bool {
	n := 0
	for _, e := range entries {
		for _, f := range kernelRootFiles {
			if e.Name() == f && e.Type().IsRegular() {
				n++
			}
		}
	}
	return n == len(kernelRootFiles)
}

// noteLeftOut says, in one notice per kernel root, which directories
// were left out, but for those named on the command line (or with
// something under them named), which were linted.
func (d *discovery) noteLeftOut() {
	for _, root := range sortedKeys(boolKeys(d.leftOut)) {
		var left []string
		for _, dir := range d.leftOut[root] {
			if !d.named(dir) {
				left = append(left, filepath.Base(dir)+"/")
			}
		}
		if len(left) == 0 {
			continue
		}
		d.note(report.NoticeUserspaceLeftOut, report.Note, root, fmt.Sprintf(
			"kernel tree: %s left out (user-space and host programs, not kernel code); -include-userspace, or naming one, lints them",
			strings.Join(left, ", ")))
	}
}

// named reports whether dir, or anything under it, was walked or named.
func (d *discovery) named(dir string) bool {
	under := func(p string) bool { return p == dir || strings.HasPrefix(p, dir+string(filepath.Separator)) }
	for p := range d.walked {
		if under(p) {
			return true
		}
	}
	for p := range d.explicit {
		if under(p) {
			return true
		}
	}
	return false
}

func boolKeys(m map[string][]string) map[string]bool {
	out := make(map[string]bool, len(m))
	for k := range m {
		out[k] = true
	}
	return out
}

func (d *discovery) byDirHasC(dir string) bool {
	for f := range d.byDir[dir] {
		if strings.HasSuffix(f, ".c") {
			return true
		}
	}
	return false
}

func (d *discovery) note(kind report.NoticeKind, level report.Level, path, msg string) {
	d.notices = append(d.notices, report.Notice{Level: level, Kind: kind, Message: msg, Location: report.Location{Path: path}})
}

// path handles one command-line argument.
func (d *discovery) path(p string) {
	fi, err := os.Stat(p) // follows a symbolic link given as the argument
	if err != nil {
		d.notices = append(d.notices, ioNotice(p, err))
		return
	}
	switch {
	case fi.IsDir():
		if d.walk(p, fi) == 0 {
			d.note(report.NoticeNoCFiles, report.Note, p, "no .c files here or below: nothing to analyse")
		}
	case !fi.Mode().IsRegular():
		d.note(report.NoticeNotRegular, report.Error, p, fmt.Sprintf("not a regular file (%s), not read", kindOf(fi.Mode())))
	case !isSource(p):
		d.note(report.NoticeNotC, report.Error, p, "not a C source file (.c or .h)")
	default:
		dir := filepath.Dir(p)
		dfi, err := os.Stat(dir)
		if err != nil {
			d.notices = append(d.notices, ioNotice(dir, err))
			return
		}
		dir = d.dirKey(dir, dfi)
		p = filepath.Join(dir, filepath.Base(p))
		if d.explicit[dir] == nil {
			d.explicit[dir] = map[string]bool{}
			d.siblings(dir) // the rest of the driver
		}
		d.explicit[dir][p] = true
		d.add(dir, p)
	}
}

// add adds a file to its directory's module and returns 1 for a .c file.
func (d *discovery) add(dir, file string) int {
	if d.byDir[dir] == nil {
		d.byDir[dir] = map[string]bool{}
	}
	d.byDir[dir][file] = true
	if strings.HasSuffix(file, ".c") {
		return 1
	}
	return 0
}

// dirKey returns the path a directory's module is known by: the first
// path that reached it, so that a directory reached twice (through a
// symbolic link, or as a file argument's directory) is one module.
func (d *discovery) dirKey(dir string, fi os.FileInfo) string {
	if k, ok := d.canon[dir]; ok {
		return k
	}
	k := dir
	if id, ok := idOf(fi); ok {
		if first, ok := d.seen[id]; ok {
			k = first
		} else {
			d.seen[id] = dir
		}
	}
	d.canon[dir] = k
	return k
}

// walk adds the sources of dir and of the directories below it, and
// returns how many .c files there are.
func (d *discovery) walk(dir string, fi os.FileInfo) int {
	key := d.dirKey(dir, fi)
	if d.walked[key] {
		return d.found[key] // reached before, under this path or another
	}
	dir = key
	d.walked[key] = true
	entries, err := os.ReadDir(dir)
	if err != nil {
		d.notices = append(d.notices, ioNotice(dir, err))
		return 0
	}
	skip := map[string]bool{}
	if !d.userspace && isKernelRoot(entries) {
		for _, name := range UserspaceDirs {
			skip[name] = true
		}
	}
	n := 0
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		t := e.Type()
		switch {
		case t.IsDir():
			if strings.HasPrefix(e.Name(), ".") {
				continue
			}
			if skip[e.Name()] {
				d.leftOut[dir] = append(d.leftOut[dir], p)
				continue
			}
			sub, err := os.Lstat(p)
			if err != nil {
				d.notices = append(d.notices, ioNotice(p, err))
				continue
			}
			n += d.walk(p, sub)
		case t&fs.ModeSymlink != 0:
			target, err := os.Stat(p)
			switch {
			case err == nil && target.IsDir():
				d.note(report.NoticeSymlinkDir, report.Note, p,
					"symbolic link to a directory, not followed; name it on the command line to analyse it")
			case !isSource(e.Name()):
			case err != nil:
				d.note(report.NoticeSpecialSkipped, report.Note, p, "broken symbolic link ("+errText(err)+"), not read")
			case !target.Mode().IsRegular():
				d.note(report.NoticeSpecialSkipped, report.Note, p, fmt.Sprintf("symbolic link to %s, not read", kindOf(target.Mode())))
			default:
				n += d.add(dir, p)
			}
		case !isSource(e.Name()):
		case t.IsRegular():
			n += d.add(dir, p)
		default:
			d.note(report.NoticeSpecialSkipped, report.Note, p, fmt.Sprintf("not a regular file (%s), not read", kindOf(t)))
		}
	}
	d.found[key] = n
	return n
}

// siblings adds the other sources of a named file's directory, without
// descending.
func (d *discovery) siblings(dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		d.notices = append(d.notices, ioNotice(dir, err))
		return
	}
	for _, e := range entries {
		if !isSource(e.Name()) || e.IsDir() {
			continue
		}
		p := filepath.Join(dir, e.Name())
		fi, err := os.Stat(p)
		switch {
		case err != nil:
			d.note(report.NoticeSpecialSkipped, report.Note, p, "cannot be read ("+errText(err)+"), not analysed")
		case fi.IsDir():
		case !fi.Mode().IsRegular():
			d.note(report.NoticeSpecialSkipped, report.Note, p, fmt.Sprintf("not a regular file (%s), not read", kindOf(fi.Mode())))
		default:
			d.add(dir, p)
		}
	}
}

// kindOf names a non-regular file's type for a notice.
func kindOf(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a FIFO"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a block device"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	}
	return "a special file"
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func ioNotice(path string, err error) report.Notice {
	return report.Notice{Level: report.Error, Kind: report.NoticeIO, Message: errText(err), Location: report.Location{Path: path}}
}

func errText(err error) string {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err.Error()
	}
	return err.Error()
}

// SourceBytes is the size of the modules' files, as they are on disk now.
func SourceBytes(mods []Module) int64 {
	var n int64
	for _, m := range mods {
		for _, f := range m.Files {
			if fi, err := os.Stat(f); err == nil {
				n += fi.Size()
			}
		}
	}
	return n
}
