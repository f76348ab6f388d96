package kbuild

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func objects(f *File) map[string]string {
	out := map[string]string{}
	for _, o := range f.Objects {
		var sels []string
		for _, s := range o.Selectors {
			sels = append(sels, fmt.Sprintf("%d:%s@%d", s.Kind, s.Symbol, s.Line))
		}
		out[o.Name] = strings.Join(o.Parts, " ") + " | " + strings.Join(sels, ",")
	}
	return out
}

func TestParse(t *testing.T) {
	for _, c := range []struct {
		name, src string
		want      map[string]string
	}{
		{"single", "obj-$(CONFIG_FOO) += foo.o\n", map[string]string{"foo": "foo.o | 2:FOO@1"}},
		{"several on a line", "obj-$(CONFIG_A) += a.o b.o\n", map[string]string{"a": "a.o | 2:A@1", "b": "b.o | 2:A@1"}},
		{"composite", `obj-$(CONFIG_CCP) += ccp.o
ccp-objs  := sp-dev.o sp-platform.o
ccp-$(CONFIG_SP_CCP) += ccp-dev.o \
	    ccp-ops.o
ccp-$(CONFIG_PCI) += sp-pci.o
obj-$(CONFIG_CRYPTO) += ccp-crypto.o
ccp-crypto-objs := ccp-crypto-main.o
`, map[string]string{
			"ccp":        "sp-dev.o sp-platform.o ccp-dev.o ccp-ops.o sp-pci.o | 2:CCP@1",
			"ccp-crypto": "ccp-crypto-main.o | 2:CRYPTO@6"}},
		{"composite -y and subdirectory parts", "obj-$(CONFIG_MLX5_CORE) += mlx5_core.o\nmlx5_core-y := main.o\nmlx5_core-$(CONFIG_MLX5_EN) += en/tc.o en_main.o\n",
			map[string]string{"mlx5_core": "main.o en/tc.o en_main.o | 2:MLX5_CORE@1"}},
		{"built in", "obj-y += core.o\nlib-y += helpers.o\nobj-$(subst m,y,$(CONFIG_HYPERV)) += hv_common.o\n",
			map[string]string{"core": "core.o | 0:@1", "helpers": "helpers.o | 0:@2", "hv_common": "hv_common.o | 3:HYPERV@3"}},
		{"obj-m", "obj-m := mydrv.o\nmydrv-objs := main.o hw.o\n", map[string]string{"mydrv": "main.o hw.o | 1:@1"}},
		{":m=y parts", "obj-$(CONFIG_IXGBE) += ixgbe.o\nixgbe-y := main.o\nixgbe-$(CONFIG_FCOE:m=y) += fcoe.o\n",
			map[string]string{"ixgbe": "main.o fcoe.o | 2:IXGBE@1"}},
		{"helper variables and references", "common := a.o b.o\nobj-$(CONFIG_X) += x.o\nx-y := $(common) c.o\nx-y += $(more-y)\nmore-$(CONFIG_E) += e.o\n",
			map[string]string{"x": "a.o b.o c.o e.o | 2:X@2"}},
		{"conditionals take both branches", "obj-$(CONFIG_X) += x.o\nifdef CONFIG_A\nx-y += a.o\nelse\nx-y += b.o\nendif\n",
			map[string]string{"x": "a.o b.o | 2:X@1"}},
		{"recipes, rules, flags and comments", "ccflags-y += -I$(src)\nCFLAGS_x.o := -DX\nobj-$(CONFIG_X) += x.o # the driver\n$(obj)/tab.c: $(src)/gen.pl\n\tperl $< > $@ obj-y += bad.o\n",
			map[string]string{"x": "x.o | 2:X@3"}},
		{"braces", "obj-${CONFIG_X} += x.o\n", map[string]string{"x": "x.o | 2:X@1"}},
		{"concatenated selectors", "obj-$(CONFIG_M) += musb.o\nmusb-y := core.o\nmusb-$(CONFIG_HOST)$(CONFIG_DUAL) += host.o\n",
			map[string]string{"musb": "core.o host.o | 2:M@1"}},
		{"addprefix", "obj-$(CONFIG_X) += x.o\nx-y := $(addprefix hw/,a.o b.o)\n", map[string]string{"x": "hw/a.o hw/b.o | 2:X@1"}},
		{"define blocks", "define foo\nobj-y += no.o\nendef\nobj-m += yes.o\n", map[string]string{"yes": "yes.o | 1:@4"}},
		{"object in a subdirectory", "obj-$(CONFIG_X) += sub/x.o\n", map[string]string{"sub/x": "sub/x.o | 2:X@1"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := Parse("d", []byte(c.src), nil)
			if got := objects(f); !reflect.DeepEqual(got, c.want) {
				t.Errorf("objects:\n got %v\nwant %v", got, c.want)
			}
		})
	}
}

func TestSubdirsAndUnparsed(t *testing.T) {
	f := Parse("drivers/net", []byte(`obj-$(CONFIG_ETHERNET) += ethernet/
obj-y += phy/ ethernet/
subdir-$(CONFIG_X) += tools
obj-$(CONFIG_IPA) += $(patsubst %.c,%.o,$(wildcard *.c))
x-$(FOO) += y.o
`), nil)
	var subs []string
	for _, s := range f.Subdirs {
		subs = append(subs, fmt.Sprintf("%s:%d", s.Path, s.Selector.Kind))
	}
	if want := []string{"ethernet:2", "phy:0", "tools:2"}; !reflect.DeepEqual(subs, want) {
		t.Errorf("subdirs %v, want %v", subs, want)
	}
	if len(f.Unparsed) != 2 || f.Unparsed[0].N != 4 || f.Unparsed[1].N != 5 {
		t.Errorf("unparsed %v, want lines 4 and 5", f.Unparsed)
	}
}

func TestInclude(t *testing.T) {
	files := map[string]string{
		"top/nvif/Kbuild": "nvif-y := nvif/object.o\nnvif-y += nvif/client.o\n",
	}
	include := func(p string) ([]byte, bool) {
		s, ok := files[p]
		return []byte(s), ok
	}
	f := Parse("top", []byte("include $(src)/nvif/Kbuild\nnouveau-y := $(nvif-y)\nnouveau-y += drm.o\nobj-$(CONFIG_NOUVEAU) += nouveau.o\ninclude $(src)/missing/Kbuild\n"), include)
	if got, want := objects(f)["nouveau"], "nvif/object.o nvif/client.o drm.o | 2:NOUVEAU@4"; got != want {
		t.Errorf("nouveau = %q, want %q", got, want)
	}
	if !reflect.DeepEqual(f.Missing, []string{"top/missing/Kbuild"}) {
		t.Errorf("missing %v", f.Missing)
	}
}

func TestObjectsOf(t *testing.T) {
	f := Parse("d", []byte("obj-$(CONFIG_A) += a.o b.o\na-y := x.o shared.o\nb-y := y.o shared.o\n"), nil)
	var names []string
	for _, o := range f.ObjectsOf("shared.c") {
		names = append(names, o.Name)
	}
	if !reflect.DeepEqual(names, []string{"a", "b"}) {
		t.Errorf("ObjectsOf(shared.c) = %v", names)
	}
	if len(f.ObjectsOf("none.c")) != 0 {
		t.Errorf("ObjectsOf(none.c) not empty")
	}
}

func TestParseKconfig(t *testing.T) {
	got := ParseKconfig([]byte(`# comment
menuconfig PM_DEVFREQ
	bool "Generic Dynamic Voltage and Frequency Scaling (DVFS) support"
	help
	  tristate words in help text do not count

config DEVFREQ_GOV_SIMPLE
	tristate "Simple Ondemand"
	depends on PM_DEVFREQ

config AP
	def_tristate y
config DUMMY
	bool
config DUMMY
	tristate "again"
config NAME
	string "name"
choice
	prompt "Mode"
	bool
endchoice
`))
	want := map[string][]SymbolType{"PM_DEVFREQ": {Bool}, "DEVFREQ_GOV_SIMPLE": {Tristate}, "AP": {Tristate},
		"DUMMY": {Bool, Tristate}, "NAME": {Other}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ParseKconfig = %v, want %v", got, want)
	}
	if typeOf(got["DUMMY"]) != Tristate {
		t.Errorf("a symbol defined as bool and tristate may be a module")
	}
}

func TestBuiltinOnly(t *testing.T) {
	f := Parse("d", []byte(`obj-$(CONFIG_BOOLSYM) += core.o
obj-$(CONFIG_TRI) += mod.o
obj-y += always.o
obj-$(CONFIG_TRI) += both.o
obj-y += both.o
obj-$(CONFIG_UNKNOWN) += unknown.o
obj-m += loadable.o
`), nil)
	types := map[string]SymbolType{"BOOLSYM": Bool, "TRI": Tristate}
	typ := func(s string) SymbolType { return types[s] }
	for name, want := range map[string]bool{"core": true, "mod": false, "always": true, "both": true, "unknown": false, "loadable": false} {
		if got, why := f.Object(name).BuiltinOnly(typ); got != want || got && why == "" {
			t.Errorf("%s: BuiltinOnly = %v (%q), want %v", name, got, why, want)
		}
	}
}

func TestReader(t *testing.T) {
	root := t.TempDir()
	write := func(p, s string) {
		p = filepath.Join(root, p)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("Kconfig", "source \"drivers/Kconfig\"\n")
	write("Makefile", "obj-y += drivers/\n")
	write("drivers/Kconfig", "config FSL_DPAA\n\tbool \"DPAA\"\n")
	write("drivers/Makefile", "obj-y += soc/\n")
	write("drivers/soc/Makefile", "obj-$(CONFIG_FSL_DPAA) += qman.o bman.o\nobj-$(CONFIG_QTEST) += qman-test.o\nqman-test-y := qman_test.o\n")
	write("drivers/soc/Kconfig", "config QTEST\n\ttristate \"test\"\n")
	write("drivers/soc/Kbuild", "obj-$(CONFIG_FSL_DPAA) += qman.o bman.o\nobj-$(CONFIG_QTEST) += qman-test.o\nqman-test-y := qman_test.o\n")
	r := &Reader{}
	d := r.Dir(filepath.Join(root, "drivers/soc"))
	if d == nil || filepath.Base(d.Kbuild) != "Kbuild" {
		t.Fatalf("Dir: %v, want the Kbuild file", d)
	}
	got := map[string]string{}
	for _, m := range r.Modules(filepath.Join(root, "drivers/soc")) {
		var rel []string
		for _, s := range m.Sources {
			x, _ := filepath.Rel(root, s)
			rel = append(rel, x)
		}
		got[m.Name] = fmt.Sprintf("%v %v", rel, m.BuiltinOnly)
		if m.BuiltinOnly && !strings.Contains(m.Why, "CONFIG_FSL_DPAA is a bool") {
			t.Errorf("%s: why %q", m.Name, m.Why)
		}
	}
	want := map[string]string{"qman": "[drivers/soc/qman.c] true", "bman": "[drivers/soc/bman.c] true",
		"qman-test": "[drivers/soc/qman_test.c] false"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Modules = %v, want %v", got, want)
	}
	if typ, _ := r.SymbolType(filepath.Join(root, "drivers/soc"), "NOPE"); typ != Unknown {
		t.Errorf("an undefined symbol is %v", typ)
	}
	if r.Dir(filepath.Join(root, "nowhere")) != nil {
		t.Errorf("a directory without a Kbuild file has one")
	}
}
