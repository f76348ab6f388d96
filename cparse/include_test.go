package cparse

import (
	"strings"
	"testing"
	"time"

	"github.com/kdlint/kdlint/ir"
)

// TestFileIncludingItself: qspinlock.c includes itself under another
// macro to build a second variant of its code. Each distinct state is
// decided once, so the parse ends (it ran to the expansion limit, taking
// minutes, when the second inclusion repeated the first's decisions).
// Both variants' functions are kept, though they share a position, as
// the kernel builds both.
func TestFileIncludingItself(t *testing.T) {
	root := writeTree(t, map[string]string{
		"m/q.c": `#ifndef _GEN_PV
#include "mcs.h"
#define pv_enabled() 0
#define slowpath native_slowpath
static int helper(void) { return 1; }
#endif
void slowpath(int *l) { if (pv_enabled()) msleep(1); helper(); }
#if !defined(_GEN_PV) && defined(CONFIG_PARAVIRT_SPINLOCKS)
#define _GEN_PV
#undef slowpath
#define slowpath pv_slowpath
#include "q.c"
#endif
`,
		"m/mcs.h": "#ifndef MCS_H\n#define MCS_H\nstruct mcs { int x; };\n#endif\n",
	})
	done := make(chan *ir.Module)
	go func() { done <- parseDir(t, root, "m", &Config{ParseAll: true}) }()
	select {
	case m := <-done:
		if len(m.Skipped) != 0 || len(m.Notes) != 0 || funcNames(m) != "helper native_slowpath pv_slowpath" {
			t.Errorf("funcs %q, skipped %+v, notes %+v", funcNames(m), m.Skipped, m.Notes)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("a file including itself is not parsed in linear time")
	}
}

// TestHeaderDecidedPerInclusion: a header's conditions are decided with
// what its includer defines before the #include, once per distinct state.
func TestHeaderDecidedPerInclusion(t *testing.T) {
	root := writeTree(t, map[string]string{
		"m/gen.h": `#ifdef WANT_SLEEP
static void settle_sleep(void) { msleep(1); }
#else
static void settle_spin(void) { udelay(1); }
#endif
`,
		"m/a.c": "#define WANT_SLEEP\n#include \"gen.h\"\nvoid a(void) { }\n",
		"m/b.c": "#include \"gen.h\"\nvoid b(void) { }\n",
		"m/c.c": "#define WANT_SLEEP 1\n#include \"gen.h\"\nvoid c(void) { }\n",
	})
	m := parseDir(t, root, "m", &Config{ParseAll: true})
	if got := funcNames(m); got != "a b c settle_sleep settle_spin" {
		t.Errorf("functions %q: want both variants of gen.h", got)
	}
	if callsOf(m, "settle_sleep") != "msleep" {
		t.Errorf("settle_sleep calls %q", callsOf(m, "settle_sleep"))
	}
}

// TestIncludeCycleIsCut: a file that includes itself under a state that
// never settles is expanded a bounded number of times, with a note.
func TestIncludeCycleIsCut(t *testing.T) {
	root := writeTree(t, map[string]string{
		"m/a.c": "#ifdef LEVEL\n#undef LEVEL\n#else\n#define LEVEL\n#endif\nint x;\nvoid f(void) { }\n#include \"a.h\"\n",
		"m/a.h": "#ifdef LEVEL\n#undef LEVEL\n#else\n#define LEVEL\n#endif\n#include \"a.h\"\n",
	})
	done := make(chan *ir.Module)
	go func() { done <- parseDir(t, root, "m", &Config{ParseAll: true}) }()
	select {
	case m := <-done:
		if funcNames(m) != "f" || len(m.Notes) != 1 || m.Notes[0].Kind != ir.NoteIncludeLimit || !strings.Contains(m.Notes[0].Message, "cycle") {
			t.Errorf("funcs %q, notes %+v", funcNames(m), m.Notes)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("an include cycle is not cut")
	}
}

func TestWholeFileGuard(t *testing.T) {
	for src, want := range map[string]string{
		"/* c */\n#ifndef A_H\n#define A_H\nint x;\n#endif /* A_H */\n": "A_H",
		"#if !defined(B_H)\n#define B_H\n#ifdef X\n#endif\n#endif\n":    "B_H",
		"#ifndef A_H\n#define A_H\n#endif\nint y;\n":                    "",
		"#ifndef A_H\n#define B_H\n#endif\n":                            "",
		"#ifndef A_H\n#define A_H\n#endif\n#ifndef C\n#endif\n":         "",
		"int z;\n#ifndef A_H\n#define A_H\n#endif\n":                    "",
	} {
		if got := wholeFileGuard([]byte(src)); got != want {
			t.Errorf("%q: guard %q, want %q", src, got, want)
		}
	}
}
