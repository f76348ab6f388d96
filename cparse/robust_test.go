package cparse

import (
	"strings"
	"testing"

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
