package cparse

import (
	"os"
	"path"
	"path/filepath"

	"github.com/kdlint/kdlint/ir"
)

// Finding the headers a file includes with quotes: among the module's
// files, next to the includer, in -I directories; headers outside the
// module are loaded once per module, before its units are parsed.

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
