package cparse

import (
	"fmt"
	"strings"
	"testing"
)

// A header's function is lowered by the first unit in file order that
// includes it, with that unit's macros, however the units are scheduled:
// here the first unit is slow to parse and the second fast, so a unit
// that finished first would win otherwise.
func TestHeaderFunctionsLoweredByFirstUnit(t *testing.T) {
	var slow strings.Builder
	slow.WriteString("#define HOOK hook_a\n#include \"h.h\"\n")
	for i := range 3000 {
		fmt.Fprintf(&slow, "int a_f%d(int x) { if (x > %d) return x * 2 + 1; return a_f%d(x - 1); }\n", i, i, i)
	}
	files := map[string]string{
		"a.c": slow.String(),
		"b.c": "#define HOOK hook_b\n#include \"h.h\"\nint b_f(void) { return 0; }\n",
		"h.h": "static inline void h_run(void) { HOOK(); }\n",
	}
	for range 10 {
		m := parseFilesFor(t, files, &Config{ParseAll: true})
		var calls []string
		for _, f := range m.Funcs {
			if f.Name == "h_run" {
				for _, c := range f.Calls() {
					calls = append(calls, c.Name)
				}
			}
		}
		if strings.Join(calls, " ") != "hook_a" {
			t.Fatalf("h_run calls %v, want [hook_a] (lowered with a.c's macros)", calls)
		}
	}
}

// The owner of a header is the first unit in file order whose includes
// reach it, directly or through other headers.
func TestHeaderOwners(t *testing.T) {
	files := map[string]string{
		"a.c": "#include \"x.h\"\nint a(void) { return 0; }\n",
		"b.c": "#include \"h.h\"\n#include \"y.h\"\nint b(void) { return 0; }\n",
		"c.c": "#include \"y.h\"\nint c(void) { return 0; }\n",
		"x.h": "#include \"h.h\"\n",
		"h.h": "static inline int h(void) { return 1; }\n",
		"y.h": "static inline int y(void) { return 2; }\n",
	}
	src := readSources(t, files, &Config{ParseAll: true})
	var units []*translationUnit
	for _, f := range src.files {
		if strings.HasSuffix(f.rel, ".c") {
			units = append(units, &translationUnit{main: f})
		}
	}
	got := map[string]string{}
	for h, u := range headerOwners(units) {
		got[h] = u.rel
	}
	want := map[string]string{"x.h": "a.c", "h.h": "a.c", "y.h": "b.c"}
	for h, w := range want {
		if got[h] != w {
			t.Errorf("owner of %s = %q, want %q (all: %v)", h, got[h], w, got)
		}
	}
}
