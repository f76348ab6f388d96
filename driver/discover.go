// Package driver runs kdlint's analyzers over driver modules: it finds the
// modules under the paths it is given, builds an analysis.Pass for each
// (x/tools' own loaders only load Go packages), runs the analyzers in
// dependency order, and collects findings and notices.
package driver

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/kdlint/kdlint/report"
)

// Module is one driver module: the C files of one directory.
type Module struct {
	Dir   string
	Files []string // .c and .h files, sorted
	// Only, when set, limits the findings reported to these files: the
	// files named on the command line (as a pre-commit hook does). The
	// whole directory is still analysed, so calls across files count.
	Only map[string]bool
}

// isSource reports whether a file name is C source kdlint reads.
func isSource(name string) bool {
	return strings.HasSuffix(name, ".c") || strings.HasSuffix(name, ".h")
}

// Discover finds the modules under paths. A directory is searched
// recursively and each directory holding .c files is one module. A file
// argument brings in its whole directory, so that the driver is analysed
// as a whole, but only findings in the named files are reported. Problems (a missing path, an unreadable directory) are returned
// as error notices; discovery goes on.
func Discover(paths []string) ([]Module, []report.Notice) {
	var notices []report.Notice
	byDir := map[string]map[string]bool{}
	add := func(dir, file string) {
		if byDir[dir] == nil {
			byDir[dir] = map[string]bool{}
		}
		byDir[dir][file] = true
	}
	explicit := map[string]map[string]bool{} // dir -> files named on the command line
	walked := map[string]bool{}              // dirs reached by walking a directory argument
	for _, p := range paths {
		p = filepath.Clean(p)
		fi, err := os.Stat(p)
		if err != nil {
			notices = append(notices, ioNotice(p, err))
			continue
		}
		if !fi.IsDir() {
			if !isSource(p) {
				notices = append(notices, report.Notice{Level: report.Error, Kind: report.NoticeNotC,
					Message: "not a C source file (.c or .h)", Location: report.Location{Path: p}})
				continue
			}
			dir := filepath.Dir(p)
			add(dir, p)
			if explicit[dir] == nil {
				explicit[dir] = map[string]bool{}
			}
			explicit[dir][p] = true
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				notices = append(notices, ioNotice(path, err))
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				if path != p && strings.HasPrefix(d.Name(), ".") {
					return fs.SkipDir
				}
				return nil
			}
			if d.Type().IsRegular() && isSource(d.Name()) {
				add(filepath.Dir(path), path)
				walked[filepath.Dir(path)] = true
			}
			return nil
		})
		if err != nil {
			notices = append(notices, ioNotice(p, err))
		}
	}
	// File arguments bring their directory along.
	for dir := range explicit {
		for _, pat := range []string{"*.c", "*.h"} {
			fs, _ := filepath.Glob(filepath.Join(dir, pat))
			for _, f := range fs {
				add(dir, f)
			}
		}
	}
	var mods []Module
	for dir, set := range byDir {
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
		if !walked[dir] {
			m.Only = explicit[dir]
		}
		mods = append(mods, m)
	}
	sort.Slice(mods, func(i, j int) bool { return mods[i].Dir < mods[j].Dir })
	return mods, notices
}

func ioNotice(path string, err error) report.Notice {
	msg := err.Error()
	if pe, ok := err.(*fs.PathError); ok {
		msg = pe.Err.Error()
	}
	return report.Notice{Level: report.Error, Kind: report.NoticeIO, Message: msg, Location: report.Location{Path: path}}
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
