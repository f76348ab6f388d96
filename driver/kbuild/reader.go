package kbuild

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
)

// Reader reads the Kbuild and Kconfig files of a tree, each once, and
// answers for directories of it. It is safe for concurrent use.
type Reader struct {
	// ReadFile and ReadDir read the tree (os.ReadFile and the names in a
	// directory when nil).
	ReadFile func(name string) ([]byte, error)
	ReadDir  func(name string) ([]string, error)

	mu      sync.Mutex
	dirs    map[string]*Dir
	kconfig map[string]map[string][]SymbolType // Kconfig file -> its symbols
	modules map[string][]*Module
	listed  map[string][]string // directory -> its names
}

// Dir is a directory's Kbuild file, parsed.
type Dir struct {
	Path   string // the directory
	Kbuild string // the Kbuild file read: dir/Kbuild, else dir/Makefile
	*File
}

// Module is an object of a directory as the tree builds it.
type Module struct {
	Dir  string // the directory of the Kbuild file that lists it
	Name string // the object's name relative to Dir, without .o
	// Sources are the .c files of its parts, as paths joined to Dir
	// (whether they exist or not: a part may be generated, or assembly).
	Sources []string
	// BuiltinOnly is set when the object can only be built into the
	// kernel (Object.BuiltinOnly), with the reason in Why
	// ("obj-y at drivers/x/Makefile:3", "CONFIG_FOO is a bool
	// (drivers/x/Kconfig)").
	BuiltinOnly bool
	Why         string
	Line        int // the first line that lists it
}

func (r *Reader) readFile(name string) ([]byte, error) {
	if r.ReadFile != nil {
		return r.ReadFile(name)
	}
	return os.ReadFile(name)
}

func (r *Reader) names(dir string) []string {
	r.mu.Lock()
	if names, ok := r.listed[dir]; ok {
		r.mu.Unlock()
		return names
	}
	r.mu.Unlock()
	var names []string
	if r.ReadDir != nil {
		names, _ = r.ReadDir(dir)
	} else if es, err := os.ReadDir(dir); err == nil {
		for _, e := range es {
			n := e.Name()
			if e.IsDir() {
				n += "/"
			}
			names = append(names, n)
		}
	}
	sort.Strings(names)
	r.mu.Lock()
	if r.listed == nil {
		r.listed = map[string][]string{}
	}
	r.listed[dir] = names
	r.mu.Unlock()
	return names
}

// Dir returns the Kbuild file of dir, parsed, or nil when dir has none.
// Kbuild is read in preference to Makefile (scripts/Kbuild.include,
// kbuild-file); included fragments are read from the tree.
func (r *Reader) Dir(dir string) *Dir {
	dir = filepath.Clean(dir)
	r.mu.Lock()
	if d, ok := r.dirs[dir]; ok {
		r.mu.Unlock()
		return d
	}
	r.mu.Unlock()
	var d *Dir
	for _, name := range []string{"Kbuild", "Makefile"} {
		p := filepath.Join(dir, name)
		src, err := r.readFile(p)
		if err != nil {
			continue
		}
		include := func(path string) ([]byte, bool) {
			if !filepath.IsAbs(path) && !strings.HasPrefix(path, dir) {
				path = filepath.Join(dir, path)
			}
			b, err := r.readFile(path)
			return b, err == nil
		}
		d = &Dir{Path: dir, Kbuild: p, File: Parse(dir, src, include)}
		break
	}
	r.mu.Lock()
	if r.dirs == nil {
		r.dirs = map[string]*Dir{}
	}
	r.dirs[dir] = d
	r.mu.Unlock()
	return d
}

// Modules returns the objects dir's Kbuild file lists, resolved: their
// source files and whether each can only be built in. It returns nil
// when dir has no Kbuild file.
func (r *Reader) Modules(dir string) []*Module {
	dir = filepath.Clean(dir)
	r.mu.Lock()
	if ms, ok := r.modules[dir]; ok {
		r.mu.Unlock()
		return ms
	}
	r.mu.Unlock()
	ms := r.resolve(dir)
	r.mu.Lock()
	if r.modules == nil {
		r.modules = map[string][]*Module{}
	}
	r.modules[dir] = ms
	r.mu.Unlock()
	return ms
}

func (r *Reader) resolve(dir string) []*Module {
	d := r.Dir(dir)
	if d == nil {
		return nil
	}
	var out []*Module
	for _, o := range d.Objects {
		m := &Module{Dir: d.Path, Name: o.Name}
		if len(o.Selectors) > 0 {
			m.Line = o.Selectors[0].Line
		}
		for _, p := range o.Parts {
			m.Sources = append(m.Sources, filepath.Join(d.Path, CFile(p)))
		}
		where := ""
		typ := func(sym string) SymbolType {
			t, file := r.SymbolType(d.Path, sym)
			if t == Bool && where == "" {
				where = file
			}
			return t
		}
		if ok, why := o.BuiltinOnly(typ); ok {
			m.BuiltinOnly = true
			switch {
			case where != "":
				m.Why = fmt.Sprintf("%s (%s)", why, where)
			default:
				for _, s := range o.Selectors {
					if s.Kind == Builtin || s.Kind == BuiltinWhenSet {
						m.Why = fmt.Sprintf("%s: %s:%d", why, d.Kbuild, s.Line)
						break
					}
				}
			}
		}
		out = append(out, m)
	}
	return out
}

// maxAncestors bounds how far up SymbolType looks for Kconfig files.
const maxAncestors = 8

// SymbolType returns the type of the configuration symbol sym (without
// CONFIG_) as the Kconfig files nearest dir define it, and the file that
// defines it: dir's own Kconfig files, those of its subdirectories, then
// those of its ancestors, nearest first, up to the first directory that
// has neither a Kconfig nor a Kbuild file. Unknown when none does.
func (r *Reader) SymbolType(dir, sym string) (SymbolType, string) {
	dir = filepath.Clean(dir)
	look := func(d string) (SymbolType, string) {
		for _, f := range r.kconfigFiles(d) {
			if ts := r.symbols(f)[sym]; len(ts) > 0 {
				return typeOf(ts), f
			}
		}
		return Unknown, ""
	}
	if t, f := look(dir); t != Unknown {
		return t, f
	}
	for _, n := range r.names(dir) {
		if strings.HasSuffix(n, "/") && !strings.HasPrefix(n, ".") {
			if t, f := look(filepath.Join(dir, strings.TrimSuffix(n, "/"))); t != Unknown {
				return t, f
			}
		}
	}
	d := dir
	for i := 0; i < maxAncestors; i++ {
		parent := filepath.Dir(d)
		if parent == d {
			break
		}
		d = parent
		if len(r.kconfigFiles(d)) == 0 && r.Dir(d) == nil {
			break
		}
		if t, f := look(d); t != Unknown {
			return t, f
		}
	}
	return Unknown, ""
}

// kconfigFiles returns dir's Kconfig files (Kconfig, Kconfig.*).
func (r *Reader) kconfigFiles(dir string) []string {
	var out []string
	for _, n := range r.names(dir) {
		if n == "Kconfig" || strings.HasPrefix(n, "Kconfig.") && !strings.HasSuffix(n, "/") {
			out = append(out, filepath.Join(dir, n))
		}
	}
	return out
}

func (r *Reader) symbols(file string) map[string][]SymbolType {
	r.mu.Lock()
	if s, ok := r.kconfig[file]; ok {
		r.mu.Unlock()
		return s
	}
	r.mu.Unlock()
	var s map[string][]SymbolType
	if src, err := r.readFile(file); err == nil {
		s = ParseKconfig(src)
	}
	r.mu.Lock()
	if r.kconfig == nil {
		r.kconfig = map[string]map[string][]SymbolType{}
	}
	r.kconfig[file] = s
	r.mu.Unlock()
	return s
}
