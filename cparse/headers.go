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
}

// resolve finds a quoted include of from.
func (h *headerFinder) resolve(from *srcFile, name string) *srcFile {
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
	abs, err := filepath.Abs(p)
	if err != nil {
		return nil
	}
	key := filepath.ToSlash(abs)
	if dir, err := filepath.Abs(h.src.dir); err == nil {
		if r, err := filepath.Rel(dir, abs); err == nil {
			key = filepath.ToSlash(r)
		}
	}
	if f, ok := h.ext[abs]; ok || h.frozen {
		return f
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
	setLines(f.tf, src)
	f.src = h.src.nulsIgnored(f, src)
	h.ext[abs] = f
	h.found = append(h.found, f)
	return f
}
