package cparse

import (
	"bytes"
	"hash/maphash"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
)

// Include directories from Kbuild. Kernel code finds many of its quoted
// headers through -I flags its Makefiles add (fs/xfs/Makefile's
// ccflags-y += -I $(src)/libxfs serves fs/xfs/scrub/*.c too). A quoted
// include found nowhere else (next to the file, in the module, in an -I
// directory) is looked for in the directories that the Makefile or Kbuild
// file of the module's directory and of every directory above it, up to
// the tree's root, add with -I, $(src) and $(srctree) replaced. The
// Makefiles read are part of what the module read (ir.Module.Read).

// kbuildFlag matches the assignments of compiler flags in a Makefile:
// ccflags-y, subdir-ccflags-$(CONFIG_X), EXTRA_CFLAGS, CFLAGS_foo.o,
// KBUILD_CFLAGS.
var kbuildFlag = regexp.MustCompile(`^\s*(?:subdir-)?(?:ccflags|asflags|cppflags)-\S*\s*[:+?]?=|^\s*(?:EXTRA_CFLAGS|KBUILD_CFLAGS|KBUILD_CPPFLAGS|CFLAGS_\S+|CPPFLAGS_\S+)\s*[:+?]?=`)

// kbuildIncludeDirs returns the -I directories of the Makefiles from dir
// up to the tree's root, nearest first, each once.
func (h *headerFinder) kbuildIncludeDirs(dir string) []string {
	abs := h.src.abs(dir)
	if !filepath.IsAbs(abs) {
		return nil
	}
	root := treeRoot(abs)
	seen := map[string]bool{}
	var out []string
	for d := abs; ; d = filepath.Dir(d) {
		for _, name := range []string{"Makefile", "Kbuild"} {
			// read opens it: a file that is not there (or no file) is
			// not read.
			p := filepath.Join(d, name)
			data, failed := h.src.read(p)
			if failed != "" {
				continue
			}
			for _, inc := range makefileIncludes(data, d, root) {
				if !seen[inc] {
					seen[inc] = true
					out = append(out, inc)
				}
			}
		}
		if root == "" || d == root || d == filepath.Dir(d) {
			break // without a tree, only the module's own Makefile
		}
	}
	// Headers found there are named as the module's files are: relative
	// to the working directory when the module's directory is.
	if cwd, err := os.Getwd(); err == nil && !filepath.IsAbs(dir) {
		for i, p := range out {
			if r, err := filepath.Rel(cwd, p); err == nil {
				out[i] = r
			}
		}
	}
	return out
}

// treeRoot returns the kernel tree dir is in (the nearest directory
// above it with Kbuild, Kconfig and MAINTAINERS), or "".
func treeRoot(dir string) string {
	for d := dir; ; d = filepath.Dir(d) {
		if isFile(filepath.Join(d, "Kbuild")) && isFile(filepath.Join(d, "Kconfig")) && isFile(filepath.Join(d, "MAINTAINERS")) {
			return d
		}
		if d == filepath.Dir(d) {
			return ""
		}
	}
}

func isFile(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular()
}

// makefileIncludes returns the directories the flag assignments of a
// Makefile in dir add with -I; root is the tree's root ("" if unknown).
// A flag naming any variable but $(src), $(obj) and $(srctree) is left
// out.
func makefileIncludes(mk []byte, dir, root string) []string {
	// Every module reads the Makefiles above it: the tree's own is read
	// by all of them.
	key := makefileKey{dir, root, maphash.Bytes(makefileSeed, mk)}
	if out, ok := makefileCache.Load(key); ok {
		return out.([]string)
	}
	out := parseMakefileIncludes(mk, dir, root)
	makefileCache.Store(key, out)
	return out
}

type makefileKey struct {
	dir, root string
	text      uint64 // hash of the Makefile's text
}

var (
	makefileSeed  = maphash.MakeSeed()
	makefileCache sync.Map // makefileKey -> []string
)

func parseMakefileIncludes(mk []byte, dir, root string) []string {
	text := strings.ReplaceAll(string(bytes.ReplaceAll(mk, []byte("\\\n"), []byte(" "))), "\t", " ")
	var out []string
	for _, line := range strings.Split(text, "\n") {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		if !strings.Contains(line, "flags") && !strings.Contains(line, "FLAGS") {
			continue // what kbuildFlag matches has one or the other
		}
		loc := kbuildFlag.FindStringIndex(line)
		if loc == nil {
			continue
		}
		words := strings.Fields(line[loc[1]:])
		for i := 0; i < len(words); i++ {
			w := words[i]
			if !strings.HasPrefix(w, "-I") {
				continue
			}
			p := strings.TrimPrefix(w, "-I")
			if p == "" && i+1 < len(words) {
				i++
				p = words[i]
			}
			if p = expandKbuild(p, dir, root); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

// expandKbuild replaces $(src), $(obj) and $(srctree) in a Makefile path
// of a Makefile in dir and makes it absolute (make runs in the tree's
// root); "" when it names another variable or no root is known for a
// relative path.
func expandKbuild(p, dir, root string) string {
	// $(src) and $(obj) are the directory relative to the tree's root
	// (-I$(srctree)/$(src) is as common as -I$(src)).
	src := dir
	if root != "" {
		if r, err := filepath.Rel(root, dir); err == nil {
			src = r
		}
	}
	for _, v := range []string{"$(src)", "$(obj)"} {
		p = strings.ReplaceAll(p, v, src)
	}
	if strings.Contains(p, "$(srctree)") {
		if root == "" {
			return ""
		}
		p = strings.ReplaceAll(p, "$(srctree)", root)
	}
	if strings.Contains(p, "$") {
		return ""
	}
	if !filepath.IsAbs(p) {
		if root == "" {
			return ""
		}
		p = filepath.Join(root, p)
	}
	return filepath.Clean(p)
}
