package cparse

import (
	"os"
	"path"
	"path/filepath"
)

// Finding the headers a file includes with quotes: among the module's
// files, next to the includer, in -I directories. Headers outside the
// module are read once per module, while its conditions are decided
// (preprocess follows every active include); afterwards the set is fixed
// and only read, by units parsed in parallel.

type headerFinder struct {
	src  *moduleSources
	dirs []string
	// ext holds headers outside the module, by absolute path; nil: known
	// not to exist or not to be usable. found lists them in the order
	// read.
	ext    map[string]*srcFile
	found  []*srcFile
	frozen bool
	// kbuild are the -I directories of the module's Makefiles
	// (kbuild.go), read the first time an include is found nowhere else.
	kbuild     []string
	kbuildRead bool
	// resolved holds what resolve returned, by the includer's directories
	// and the name: a header is included from many places (the answer
	// for a key never changes: what it finds is read once per module).
	resolved map[resolveKey]*srcFile
	// absDir is the module's directory as an absolute path ("" until
	// asked; the absent marker absDirErr when it has none).
	absDir    string
	absDirErr bool
}

// resolveKey is what a quoted include's resolution depends on.
type resolveKey struct{ rel, dir, name string }

// resolve finds a quoted include of from.
func (h *headerFinder) resolve(from *srcFile, name string) *srcFile {
	key := resolveKey{path.Dir(from.rel), filepath.Dir(from.path), name}
	if f, ok := h.resolved[key]; ok {
		return f
	}
	f := h.find(from, name)
	if h.resolved == nil {
		h.resolved = map[resolveKey]*srcFile{}
	}
	h.resolved[key] = f
	return f
}

// find is resolve without its memory.
func (h *headerFinder) find(from *srcFile, name string) *srcFile {
	byRel := h.src.byRel
	cand := path.Clean(path.Join(path.Dir(from.rel), name))
	if f := byRel[cand]; f != nil {
		return f
	}
	if f := byRel[path.Clean(name)]; f != nil {
		return f
	}
	// A header outside the module: next to the including file on disk
	// (#include "../common.h"), or in an -I directory.
	if f := h.external(filepath.Join(filepath.Dir(from.path), name)); f != nil {
		return f
	}
	for _, dir := range h.dirs {
		if f := h.external(filepath.Join(dir, name)); f != nil {
			return f
		}
	}
	if !h.kbuildRead && !h.frozen {
		h.kbuildRead = true
		h.kbuild = h.kbuildIncludeDirs(h.src.dir)
	}
	for _, dir := range h.kbuild {
		if f := h.external(filepath.Join(dir, name)); f != nil {
			return f
		}
	}
	return nil
}

// external reads a header that is not one of the module's files, once
// per module. Its conditions are decided by the caller (preprocess). It
// is named for the parser by its path relative to the module's directory
// (../common.h), which every #include of it is rewritten to
// (namingIncludes), however the includer spelled it.
func (h *headerFinder) external(p string) *srcFile {
	abs := h.src.abs(p)
	if !filepath.IsAbs(abs) {
		return nil // no working directory (filepath.Abs would fail)
	}
	if f, ok := h.ext[abs]; ok || h.frozen {
		return f
	}
	key := filepath.ToSlash(abs)
	if dir := h.moduleDir(); dir != "" {
		if r, err := filepath.Rel(dir, abs); err == nil {
			key = filepath.ToSlash(r)
		}
	}
	h.ext[abs] = nil
	fi, err := os.Stat(abs)
	if err != nil || !fi.Mode().IsRegular() {
		if os.IsNotExist(err) {
			h.src.m.Absent = append(h.src.m.Absent, abs)
		}
		return nil
	}
	src, failed := h.src.read(abs)
	if failed != "" {
		return nil
	}
	f := &srcFile{path: p, rel: key}
	f.tf = h.src.fset.AddFile(p, -1, len(src))
	f.rawLines = setLines(f.tf, src)
	f.src = h.src.nulsIgnored(f, src)
	h.ext[abs] = f
	h.found = append(h.found, f)
	return f
}

// moduleDir returns the module's directory as an absolute path, "" when
// it cannot be made one.
func (h *headerFinder) moduleDir() string {
	if h.absDir == "" && !h.absDirErr {
		if d := h.src.abs(h.src.dir); filepath.IsAbs(d) {
			h.absDir = d
		} else {
			h.absDirErr = true
		}
	}
	return h.absDir
}
