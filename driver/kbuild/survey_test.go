package kbuild

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// TestSurvey measures the parser on a kernel tree: set KDLINT_KBUILD_TREE
// to the tree's root (and KDLINT_KBUILD_SUB to the part of it, default
// drivers) and run go test -run Survey -v ./driver/kbuild. It reports how
// many .c files the Kbuild files place in an object, how many objects can
// only be built in, and the files with lines it does not understand.
func TestSurvey(t *testing.T) {
	root := os.Getenv("KDLINT_KBUILD_TREE")
	if root == "" {
		t.Skip("KDLINT_KBUILD_TREE is not set")
	}
	sub := os.Getenv("KDLINT_KBUILD_SUB")
	if sub == "" {
		sub = "drivers"
	}
	r := &Reader{}
	placed := map[string]bool{}
	var cfiles, dirs []string
	_ = filepath.WalkDir(filepath.Join(root, sub), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			dirs = append(dirs, p)
		} else if strings.HasSuffix(p, ".c") {
			cfiles = append(cfiles, p)
		}
		return nil
	})
	kbuilds, objects, builtin, unparsed, multi := 0, 0, 0, 0, 0
	for _, d := range dirs {
		k := r.Dir(d)
		if k == nil {
			continue
		}
		kbuilds++
		if len(k.Unparsed) > 0 || len(k.Missing) > 0 {
			unparsed++
			t.Logf("%s: %d unparsed, %d missing includes %v", k.Kbuild, len(k.Unparsed), len(k.Missing), k.Unparsed)
		}
		mods := r.Modules(d)
		local := 0
		for _, m := range mods {
			objects++
			if m.BuiltinOnly {
				builtin++
			}
			has := false
			for _, s := range m.Sources {
				placed[s] = true
				if _, err := os.Stat(s); err == nil {
					has = true
				}
			}
			if has {
				local++
			}
		}
		if local > 1 {
			multi++
		}
	}
	n := 0
	var missing []string
	for _, f := range cfiles {
		if placed[f] {
			n++
		} else {
			missing = append(missing, f)
		}
	}
	sort.Strings(missing)
	t.Logf("Kbuild files %d, objects %d (built-in only %d), directories with several objects %d, files with unparsed lines %d",
		kbuilds, objects, builtin, multi, unparsed)
	t.Logf(".c files %d, placed %d (%.1f%%)", len(cfiles), n, 100*float64(n)/float64(len(cfiles)))
}
