package cparse

import (
	"strings"
	"testing"
	"time"

	"github.com/kdlint/kdlint/ir"
)

const sleepy = "static irqreturn_t h(int i, void *d) { msleep(1); return IRQ_HANDLED; }\n" +
	"static int p(void) { return request_irq(1, h, 0, \"x\", 0); }\n"

// notesOf returns the module's notes as "line kind: message".
func notesOf(m *ir.Module, lineOf func(ir.Note) int) []string {
	var out []string
	for _, n := range m.Notes {
		out = append(out, itoa(lineOf(n))+" "+itoa(int(n.Kind))+": "+n.Message)
	}
	return out
}

// TestNULBytesAreIgnored: gcc ignores NUL bytes with a warning; so does
// the front end: a note at the first, and the file is analysed.
func TestNULBytesAreIgnored(t *testing.T) {
	m, fset := parseSource(t, "/* a stray \x00 in a comment */\n"+sleepy)
	if m.Files[0].Failed != "" || funcNames(m) != "h p" {
		t.Fatalf("failed %q, functions %q", m.Files[0].Failed, funcNames(m))
	}
	if len(m.Notes) != 1 || m.Notes[0].Kind != ir.NoteNUL || fset.Position(m.Notes[0].Pos).Line != 1 || m.Notes[0].Kind.Lost() {
		t.Errorf("notes %+v", m.Notes)
	}
}

// TestUnterminatedComment: a comment that runs to the end of the file
// swallows the rest, as for a compiler; the text before it is analysed
// and a note at its line says what was not.
func TestUnterminatedComment(t *testing.T) {
	m, fset := parseSource(t, sleepy+"static int q(void)\n{\n\t/* never closed\n\treturn 0;\n}\n")
	if funcNames(m) != "h p" {
		t.Errorf("functions %q", funcNames(m))
	}
	got := notesOf(m, func(n ir.Note) int { return fset.Position(n.Pos).Line })
	if len(got) != 1 || !strings.HasPrefix(got[0], "5 ") || !strings.Contains(got[0], "unterminated comment: lines 5-7") || !m.Notes[0].Kind.Lost() {
		t.Errorf("notes %q", got)
	}
}

// TestUnterminatedLiteral: a literal its line ends is closed there, with
// a note, so that what follows is analysed; one that swallows the brace
// closing its function costs that function (and, as for a compiler, what
// follows it in the file).
func TestUnterminatedLiteral(t *testing.T) {
	m, fset := parseSource(t, "static int f(void)\n{\n\tconst char *s = \"abc;\n\tmsleep(1);\n\treturn 0;\n}\n"+
		sleepy+"static char g(void) { return 'x; }\n")
	if funcNames(m) != "f h p" {
		t.Errorf("functions %q, skipped %+v", funcNames(m), m.Skipped)
	}
	got := notesOf(m, func(n ir.Note) int { return fset.Position(n.Pos).Line })
	if len(got) != 1 || !strings.HasPrefix(got[0], "3 ") || !strings.Contains(got[0], "unterminated string") || !strings.Contains(got[0], "1 more") {
		t.Errorf("notes %q", got)
	}
	if len(m.Skipped) != 1 || m.Skipped[0].Name != "g" {
		t.Errorf("skipped %+v: want g, whose closing brace the literal swallows", m.Skipped)
	}
}

// TestBoundsBeforeTheParser: what would overflow cc/v4's stack (100,000
// nested parentheses, a chain of 100,000 unary operators, brackets that
// only macros nest) or run it to its expansion limit (a macro bomb that
// multiplies its argument) is skipped before the parser reads it, with
// the bound named, quickly; the rest of the file is analysed.
func TestBoundsBeforeTheParser(t *testing.T) {
	deepMacro := "#define P1(x) ((((((((((x))))))))))\n#define P2(x) P1(P1(P1(P1(P1(P1(P1(P1(P1(P1(x))))))))))\n"
	bomb := "#define A(x) x x x x x x x x x x\n#define B(x) A(A(A(x)))\n#define C(x) B(B(B(x)))\n#define D(x) C(C(C(x)))\n"
	for _, c := range []struct{ name, src, reason, detail string }{
		{"parens", "static int f(int x) { return " + strings.Repeat("(", 100000) + "x" + strings.Repeat(")", 100000) + "; }\n",
			"nesting limit", "brackets nest 100001 levels"},
		{"unary", "static int f(int x) { return " + strings.Repeat("!", 100000) + "x; }\n", "nesting limit", "chains 100000 operators"},
		{"elses", "static int f(int x) { if (x) x++; " + strings.Repeat("else if (x) x++; ", 20000) + "return x; }\n", "nesting limit", "20000 else"},
		{"macro depth", deepMacro + "static int f(int x) { return " + strings.Repeat("P2(", 11) + "x" + strings.Repeat(")", 11) + "; }\n", "nesting limit", "once its macros are expanded"},
		{"bomb", bomb + "static void f(void) { D(msleep(1);) }\n", "macro expansion limit", "would expand to about"},
	} {
		t.Run(c.name, func(t *testing.T) {
			start := time.Now()
			m, _ := parseSource(t, c.src+"static int g(void) { return 0; }\n")
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("took %v", d)
			}
			if funcNames(m) != "g" {
				t.Errorf("functions %q", funcNames(m))
			}
			if len(m.Skipped) != 1 || m.Skipped[0].Name != "f" || m.Skipped[0].Reason != c.reason || !strings.Contains(m.Skipped[0].Detail, c.detail) {
				t.Errorf("skipped %+v", m.Skipped)
			}
		})
	}
}

// TestStubbedBombNamed: a macro bomb read as 0 (explode.go) that leaves
// its function unparsable is named as the cause of the skip, not the
// token the parser then stopped at.
func TestStubbedBombNamed(t *testing.T) {
	src := "#define B0(x) x x\n"
	for i := 1; i <= 40; i++ {
		src += "#define B" + itoa(i) + "(x) B" + itoa(i-1) + "(B" + itoa(i-1) + "(x))\n"
	}
	m, _ := parseSource(t, src+"static void t_fn(struct tasklet_struct *t) { B40(msleep(1);) }\nstatic DECLARE_TASKLET(tl, t_fn);\n")
	if len(m.Skipped) != 1 || m.Skipped[0].Name != "t_fn" || m.Skipped[0].Reason != "macro expansion limit" || !strings.Contains(m.Skipped[0].Detail, "B40") {
		t.Errorf("skipped %+v", m.Skipped)
	}
}
