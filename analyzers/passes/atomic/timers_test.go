package atomic

import (
	"go/token"
	"testing"

	"github.com/kdlint/kdlint/ir"
)

// module returns a module of the given files (each 100 bytes) and Kbuild
// objects, with one skip at offset 10 of each file named in skipped.
func module(files []string, units [][]string, skipped ...string) *ir.Module {
	fset := token.NewFileSet()
	m := &ir.Module{}
	base := map[string]token.Pos{}
	for _, name := range files {
		tf := fset.AddFile(name, -1, 100)
		m.Files = append(m.Files, &ir.File{Path: name, Tok: tf})
		base[name] = token.Pos(tf.Base())
	}
	for _, u := range units {
		m.Units = append(m.Units, ir.Unit{Files: u})
	}
	for _, name := range skipped {
		pos := base[name] + 10
		if _, ok := base[name]; !ok {
			pos = token.Pos(fset.Base() + 500) // in no file of the module
		}
		m.Skipped = append(m.Skipped, ir.Skip{Pos: pos})
	}
	return m
}

func TestBlindFiles(t *testing.T) {
	files := []string{"core.c", "ctrl.c", "legacy.c"}
	units := [][]string{{"core.c", "ctrl.c"}, {"legacy.c"}}

	if b := blindFiles(module(files, units)); b == nil || len(b) != 0 {
		t.Errorf("no skips: got %v, want an empty set", b)
	}
	// A skip in another Kbuild object leaves this one's timers decidable.
	b := blindFiles(module(files, units, "legacy.c"))
	if b == nil || !b["legacy.c"] || b["core.c"] || b["ctrl.c"] {
		t.Errorf("skip in legacy.c: got %v, want only legacy.c", b)
	}
	// A skip in an object blinds all of its files.
	b = blindFiles(module(files, units, "ctrl.c"))
	if b == nil || !b["core.c"] || !b["ctrl.c"] || b["legacy.c"] {
		t.Errorf("skip in ctrl.c: got %v, want core.c and ctrl.c", b)
	}
	// Without Kbuild objects the directory is one object.
	if b := blindFiles(module(files, nil, "legacy.c")); b != nil {
		t.Errorf("no units: got %v, want nil (every file)", b)
	}
	// A skip that cannot be placed in an object (a header) blinds all.
	if b := blindFiles(module(files, units, "pb.h")); b != nil {
		t.Errorf("skip outside the objects: got %v, want nil", b)
	}
}
