package cparse

import (
	"crypto/sha256"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/kdlint/kdlint/ir"
)

// writeTree writes files (slash-separated names under root) and returns
// root.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, src := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// parseDir parses the .c and .h files of root/dir with cfg.
func parseDir(t *testing.T, root, dir string, cfg *Config) *ir.Module {
	t.Helper()
	d := filepath.Join(root, dir)
	paths, _ := filepath.Glob(filepath.Join(d, "*.[ch]"))
	return ParseModule(token.NewFileSet(), d, paths, cfg)
}

// callsOf returns the names of the calls fn makes, "-" when the module
// has no such function.
func callsOf(m *ir.Module, fn string) string {
	f := m.Func(fn)
	if f == nil {
		return "-"
	}
	var names []string
	for _, c := range f.Calls() {
		names = append(names, c.Name)
	}
	return strings.Join(names, " ")
}

const sleepyDriver = `#include <linux/interrupt.h>
#include "cfg.h"
#ifdef SLEEPY
static void settle(void) { msleep(1); }
#else
static void settle(void) { }
#endif
static irqreturn_t isr(int irq, void *p) { settle(); return IRQ_HANDLED; }
static int probe(void) { return request_irq(1, isr, 0, "x", 0); }
`

// TestMacrosDecideConditionals: wherever SLEEPY is defined (-D, an
// -include file, a compilation database, the module's header or a header
// that one includes), #ifdef SLEEPY in the .c file is decided as a
// #define in that file would decide it, pruned or not.
func TestMacrosDecideConditionals(t *testing.T) {
	for _, c := range []struct {
		name  string
		files map[string]string
		cfg   func(root string) Config
	}{
		{"-D", nil, func(string) Config { return Config{Defines: []string{"SLEEPY"}} }},
		{"-include", map[string]string{"pre.h": "#define SLEEPY 1\n"},
			func(root string) Config { return Config{Includes: []string{filepath.Join(root, "pre.h")}} }},
		{"compilation database", nil, func(root string) Config {
			return Config{CompileCommands: map[string]FileFlags{filepath.Join(root, "drv", "a.c"): {Defines: []string{"SLEEPY=1"}}}}
		}},
		{"module header", map[string]string{"drv/cfg.h": "#define SLEEPY\n"}, nil},
		{"header of a header", map[string]string{"drv/cfg.h": "#include \"../deep.h\"\n", "deep.h": "#ifndef DEEP_H\n#define DEEP_H\n#define SLEEPY\n#endif\n"}, nil},
		{"the file itself", map[string]string{"drv/cfg.h": "", "drv/a.c": "#define SLEEPY\n" + sleepyDriver}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			files := map[string]string{"drv/a.c": sleepyDriver, "drv/cfg.h": ""}
			for k, v := range c.files {
				files[k] = v
			}
			root := writeTree(t, files)
			for _, all := range []bool{true, false} {
				var cfg Config
				if c.cfg != nil {
					cfg = c.cfg(root)
				}
				cfg.Needs, cfg.ParseAll = ruleNeeds, all
				m := parseDir(t, root, "drv", &cfg)
				if got := callsOf(m, "settle"); got != "msleep" {
					t.Errorf("parse-all=%v: settle calls %q, want msleep (the #ifdef SLEEPY branch)", all, got)
				}
			}
		})
	}
	// And without SLEEPY, the #else branch.
	root := writeTree(t, map[string]string{"drv/a.c": sleepyDriver, "drv/cfg.h": "#define NOT_SLEEPY\n"})
	if got := callsOf(parseDir(t, root, "drv", &Config{ParseAll: true}), "settle"); got != "" {
		t.Errorf("without SLEEPY, settle calls %q, want nothing", got)
	}
}

// TestFlagMacrosEnterRelevance: a -D or -include macro that sleeps makes
// the function using it in atomic context matter.
func TestFlagMacrosEnterRelevance(t *testing.T) {
	src := `#include <linux/interrupt.h>
static irqreturn_t isr(int irq, void *p) { DO_SLEEP; return IRQ_HANDLED; }
static int probe(void) { return request_irq(1, isr, 0, "x", 0); }
`
	root := writeTree(t, map[string]string{"drv/a.c": src, "pre.h": "#define DO_SLEEP msleep(1)\n"})
	for name, cfg := range map[string]Config{
		"-D":       {Defines: []string{"DO_SLEEP=msleep(1)"}},
		"-include": {Includes: []string{filepath.Join(root, "pre.h")}},
	} {
		for _, all := range []bool{true, false} {
			cfg.Needs, cfg.ParseAll = ruleNeeds, all
			m := parseDir(t, root, "drv", &cfg)
			if len(m.Skipped) != 0 {
				t.Errorf("%s: skipped %+v", name, m.Skipped)
			}
			if got := callsOf(m, "isr"); got != "msleep" {
				t.Errorf("%s, parse-all=%v: isr calls %q, want msleep", name, all, got)
			}
		}
	}
}

// TestModuleReadsEveryFile: Module.Read lists each file the front end
// read once, with its hash: the module's own, quoted headers found next
// to the includer, through -I and through a compilation database's -I,
// and -include files.
func TestModuleReadsEveryFile(t *testing.T) {
	files := map[string]string{
		"drv/a.c":        "#include \"a.h\"\n#include \"../common.h\"\n#include \"extra.h\"\n#include \"cc.h\"\n#include \"a.h\"\nstatic int f(void) { return 0; }\n",
		"drv/a.h":        "#define A 1\n",
		"drv/b.c":        "#include \"a.h\"\n#include \"cc.h\"\n",
		"common.h":       "#define COMMON 1\n",
		"inc/extra.h":    "#define EXTRA 1\n",
		"ccinc/cc.h":     "#include \"nested.h\"\n",
		"ccinc/nested.h": "#define NESTED 1\n",
		"pre.h":          "#define PRE 1\n",
		"unused.h":       "#define UNUSED 1\n",
	}
	root := writeTree(t, files)
	cfg := &Config{
		IncludeDirs: []string{filepath.Join(root, "inc")},
		Includes:    []string{filepath.Join(root, "pre.h")},
		CompileCommands: map[string]FileFlags{
			filepath.Join(root, "drv", "a.c"): {IncludeDirs: []string{filepath.Join(root, "ccinc")}},
		},
		ParseAll: true,
	}
	m := parseDir(t, root, "drv", cfg)
	var got []string
	for _, r := range m.Read {
		rel, err := filepath.Rel(root, r.Path)
		if err != nil {
			t.Fatal(err)
		}
		rel = filepath.ToSlash(rel)
		if r.Sum != sha256.Sum256([]byte(files[rel])) {
			t.Errorf("%s: wrong hash", rel)
		}
		got = append(got, rel)
	}
	want := "drv/a.c drv/a.h drv/b.c pre.h common.h inc/extra.h ccinc/cc.h ccinc/nested.h"
	if strings.Join(got, " ") != want {
		t.Errorf("read %q, want %q", strings.Join(got, " "), want)
	}

	// Without a cache the module's own files are read without a sum; the
	// others keep theirs, which an analysis checks before it reads one
	// again.
	cfg.NoFileSums = true
	unsummed := parseDir(t, root, "drv", cfg)
	if !reflect.DeepEqual(sources(unsummed.Read), sources(m.Read)) {
		t.Fatalf("read %v without sums, want %v", sources(unsummed.Read), sources(m.Read))
	}
	for i, r := range unsummed.Read {
		want := m.Read[i].Sum
		if filepath.Dir(r.Path) == filepath.Join(root, "drv") {
			want = [32]byte{}
		}
		if r.Sum != want {
			t.Errorf("%s: sum %x, want %x", r.Path, r.Sum[:4], want[:4])
		}
	}
}

// sources returns the paths of rs.
func sources(rs []ir.Source) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Path)
	}
	return out
}
