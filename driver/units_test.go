package driver

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestUnits: a directory's Kbuild file splits its .c files into the
// objects it builds; files it lists nowhere go with the file that
// #includes them, or into a unit of their own; parts listed by a parent
// directory's Kbuild file are that object's, marked Outside.
func TestUnits(t *testing.T) {
	dir := t.TempDir()
	host := filepath.Join(dir, "host")
	write(t, filepath.Join(host, "Makefile"), `obj-$(CONFIG_USB_FHCI_HCD) += fhci.o
fhci-y := fhci-hcd.o fhci-hub.o fhci-q.o
fhci-y += fhci-mem.o fhci-tds.o fhci-sched.o
obj-$(CONFIG_USB_OHCI_HCD) += ohci-hcd.o
obj-y += usb-common.o
`)
	write(t, filepath.Join(host, "Kconfig"), "config USB_FHCI_HCD\n\ttristate \"FHCI\"\n")
	for _, f := range []string{"fhci-hcd.c", "fhci-hub.c", "fhci-q.c", "fhci-mem.c", "fhci-tds.c", "fhci-sched.c", "usb-common.c", "stray.c"} {
		write(t, filepath.Join(host, f), "int x;\n")
	}
	write(t, filepath.Join(host, "ohci-hcd.c"), "#include \"ohci-q.c\"\n")
	write(t, filepath.Join(host, "ohci-q.c"), "int q;\n")
	core := filepath.Join(dir, "core")
	write(t, filepath.Join(core, "Makefile"), "obj-$(CONFIG_MLX) += mlx.o\nmlx-y := main.o en/tc.o\n")
	write(t, filepath.Join(core, "main.c"), "int m;\n")
	write(t, filepath.Join(core, "en", "tc.c"), "int t;\n")
	write(t, filepath.Join(dir, "plain", "a.c"), "int a;\n")

	mods, notices := discover(t, dir)
	if len(notices) != 0 {
		t.Fatalf("notices: %v", notices)
	}
	got := map[string][]string{}
	for _, m := range mods {
		rel, _ := filepath.Rel(dir, m.Dir)
		for _, u := range m.Units {
			var files []string
			for _, f := range u.Files {
				files = append(files, filepath.Base(f))
			}
			got[rel] = append(got[rel], fmt.Sprintf("%s builtin=%t outside=%t: %s", u.Name, u.BuiltinOnly, u.Outside, strings.Join(files, " ")))
		}
		if m.Units == nil {
			got[rel] = nil
		}
	}
	want := map[string][]string{
		"host": {
			"fhci builtin=false outside=false: fhci-hcd.c fhci-hub.c fhci-mem.c fhci-q.c fhci-sched.c fhci-tds.c",
			"ohci-hcd builtin=false outside=false: ohci-hcd.c ohci-q.c",
			"usb-common builtin=true outside=false: usb-common.c",
			" builtin=false outside=false: stray.c",
		},
		"core":    {"mlx builtin=false outside=true: main.c"},
		"core/en": {"mlx builtin=false outside=true: tc.c"},
		"plain":   nil,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("units:\n got %q\nwant %q", got, want)
	}
}

// TestUnitsSurvey measures module boundaries on a kernel tree: set
// KDLINT_KBUILD_TREE to its root (KDLINT_KBUILD_SUB: the part, default
// drivers) and run go test -run UnitsSurvey -v ./driver.
func TestUnitsSurvey(t *testing.T) {
	root := os.Getenv("KDLINT_KBUILD_TREE")
	if root == "" {
		t.Skip("KDLINT_KBUILD_TREE is not set")
	}
	sub := os.Getenv("KDLINT_KBUILD_SUB")
	if sub == "" {
		sub = "drivers"
	}
	mods, _ := Discover([]string{filepath.Join(root, sub)})
	var none, one, several, withRest, outside, builtin, units int
	for _, m := range mods {
		switch n := len(m.Units); {
		case n == 0:
			none++
		case n == 1:
			one++
		default:
			several++
		}
		for _, u := range m.Units {
			units++
			if u.Name == "" {
				withRest++
			}
			if u.Outside {
				outside++
			}
			if u.BuiltinOnly {
				builtin++
			}
		}
	}
	t.Logf("directories with .c files %d: no Kbuild unit (the directory is the unit) %d, one unit %d, several units %d", len(mods), none, one, several)
	t.Logf("units %d: built-in only %d, with parts in other directories %d, directories with files no object lists %d", units, builtin, outside, withRest)
}
