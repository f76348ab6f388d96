package driver

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/kdlint/kdlint/driver/kbuild"
	"github.com/kdlint/kdlint/ir"
)

// Module boundaries. A directory is parsed and analysed as one module
// (its functions call each other across files), but it may build several
// kernel modules: drivers/usb/host builds dozens, one per host
// controller. Which .c files each is linked from comes from the
// directory's Kbuild file (kbuild.Reader): obj-$(CONFIG_X) += foo.o with
// foo-y := a.o b.o. A directory without a Kbuild file is one unit of its
// own; the .c files of a Kbuild directory that it lists in no object
// (#included by another .c, built by forms kdlint does not read) are one
// unit too, or go with the file that #includes them.

// maxUnitAncestors is how far up a directory's parts may be listed: a
// composite object lists parts in subdirectories (mlx5_core-y +=
// en/tc.o), some several levels down.
const maxUnitAncestors = 6

// units works out the build units of the module in dir, whose .c files
// are cfiles (sorted). It returns nil when no Kbuild file says anything
// about them.
func units(r *kbuild.Reader, dir string, cfiles []string) []ir.Unit {
	in := map[string]bool{}
	for _, f := range cfiles {
		in[filepath.Clean(f)] = true
	}
	type claim struct {
		m     *kbuild.Module
		files []string
	}
	var claims []*claim
	claimed := map[string][]*claim{}
	hasKbuild := false
	for d, i := filepath.Clean(dir), 0; i <= maxUnitAncestors; i++ {
		mods := r.Modules(d)
		if r.Dir(d) != nil {
			hasKbuild = true
		}
		for _, m := range mods {
			var c *claim
			for _, s := range m.Sources {
				if !in[s] {
					continue
				}
				if c == nil {
					c = &claim{m: m}
					claims = append(claims, c)
				}
				c.files = append(c.files, s)
				claimed[s] = append(claimed[s], c)
			}
		}
		parent := filepath.Dir(d)
		if parent == d {
			break
		}
		d = parent
	}
	if !hasKbuild || len(claims) == 0 {
		return nil
	}
	// Files no object lists: with the file that #includes them, else a
	// unit of their own.
	var rest []string
	for _, f := range cfiles {
		if len(claimed[filepath.Clean(f)]) == 0 {
			rest = append(rest, f)
		}
	}
	if len(rest) > 0 {
		includer := includers(cfiles, rest)
		var left []string
		for _, f := range rest {
			by := includer[f]
			if by == "" || len(claimed[filepath.Clean(by)]) == 0 {
				left = append(left, f)
				continue
			}
			for _, c := range claimed[filepath.Clean(by)] {
				c.files = append(c.files, f)
			}
		}
		rest = left
	}
	var out []ir.Unit
	byPath := map[string]string{}
	for _, f := range cfiles {
		byPath[filepath.Clean(f)] = f
	}
	for _, c := range claims {
		u := ir.Unit{Name: c.m.Name, BuiltinOnly: c.m.BuiltinOnly, Why: c.m.Why,
			Kbuild: fmt.Sprintf("%s:%d", kbuildFile(r, c.m.Dir), c.m.Line)}
		for _, f := range c.files {
			if p, ok := byPath[filepath.Clean(f)]; ok {
				u.Files = append(u.Files, p)
			} else {
				u.Files = append(u.Files, f)
			}
		}
		sort.Strings(u.Files)
		for _, s := range c.m.Sources {
			if !in[s] && filepath.Dir(s) != filepath.Clean(dir) {
				if _, err := os.Stat(s); err == nil {
					u.Outside = true
					break
				}
			}
		}
		out = append(out, u)
	}
	if len(rest) > 0 {
		out = append(out, ir.Unit{Files: rest})
	}
	return out
}

func kbuildFile(r *kbuild.Reader, dir string) string {
	if d := r.Dir(dir); d != nil {
		return d.Kbuild
	}
	return dir
}

// includers maps each of files that another of cfiles #includes
// ("#include \"ohci-q.c\"") to the first such file.
func includers(cfiles, files []string) map[string]string {
	want := map[string]string{}
	for _, f := range files {
		want[filepath.Base(f)] = f
	}
	out := map[string]string{}
	for _, f := range cfiles {
		if _, ok := want[filepath.Base(f)]; ok {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		for _, line := range bytes.Split(src, []byte("\n")) {
			l := bytes.TrimSpace(line)
			if !bytes.HasPrefix(l, []byte("#")) {
				continue
			}
			l = bytes.TrimSpace(l[1:])
			rest, ok := bytes.CutPrefix(l, []byte("include"))
			if !ok {
				continue
			}
			name := strings.Trim(strings.TrimSpace(string(rest)), `"`)
			if target, ok := want[filepath.Base(name)]; ok && out[target] == "" {
				out[target] = f
			}
		}
	}
	return out
}

// unitsKey describes a module's units for the result cache: they change
// results, and come from files (Kbuild, Kconfig) that are not the
// module's.
func unitsKey(us []ir.Unit) string {
	var b strings.Builder
	for _, u := range us {
		fmt.Fprintf(&b, "unit %s %t %t %s %s %s\n", u.Name, u.Outside, u.BuiltinOnly, u.Why, u.Kbuild, strings.Join(u.Files, " "))
	}
	return b.String()
}
