package cparse

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestKbuildIncludeDirs: a quoted header found nowhere else is looked
// for in the -I directories the Makefiles above the module add
// (fs/xfs/Makefile's -I $(src)/libxfs serves fs/xfs/scrub), and those
// Makefiles are part of what the module read.
func TestKbuildIncludeDirs(t *testing.T) {
	root := writeTree(t, map[string]string{
		"Kbuild": "", "Kconfig": "", "MAINTAINERS": "",
		"fs/x/Makefile":        "obj-y += x.o sub/a.o\nccflags-y += -I $(src) \\\n\t-I$(src)/lib # for sub/\nccflags-y += -I$(FOO)/bar\nsubdir-ccflags-y += -Iinclude/top\n",
		"fs/x/lib/fmt.h":       "#define STATIC static\ntypedef unsigned int x_agblock_t;\n",
		"include/top/top.h":    "#define TOP_OK 1\n",
		"fs/x/sub/a.c":         "#include \"fmt.h\"\n#include \"top.h\"\n#if TOP_OK\nSTATIC int\nf(x_agblock_t b)\n{\n\treturn b;\n}\n#endif\n",
		"fs/x/sub/nothing.txt": "",
	})
	m := parseDir(t, root, "fs/x/sub", &Config{ParseAll: true})
	if funcNames(m) != "f" || len(m.Skipped) != 0 || len(m.Notes) != 0 {
		t.Errorf("functions %q, skipped %+v, notes %+v", funcNames(m), m.Skipped, m.Notes)
	}
	var read []string
	for _, r := range m.Read {
		read = append(read, filepath.ToSlash(strings.TrimPrefix(r.Path, root)))
	}
	if got := strings.Join(read, " "); !strings.Contains(got, "/fs/x/Makefile") || !strings.Contains(got, "/fs/x/lib/fmt.h") {
		t.Errorf("read %s", got)
	}
}

func TestMakefileIncludes(t *testing.T) {
	got := makefileIncludes([]byte("ccflags-y := -I$(srctree)/drivers/media/tuners -I $(src)/.. -Ivirt/kvm\n"+
		"CFLAGS_foo.o += -I$(obj)\nobj-y += -Inot/a/flag.o\nccflags-$(CONFIG_X) += -DY -I$(UNKNOWN)/z\n"+
		"subdir-ccflags-y += -I$(srctree)/$(src)/inc\n"), "/t/d/e", "/t")
	if want := "/t/drivers/media/tuners /t/d /t/virt/kvm /t/d/e /t/d/e/inc"; strings.Join(got, " ") != want {
		t.Errorf("got %q, want %q", strings.Join(got, " "), want)
	}
}
