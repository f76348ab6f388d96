package cparse

import (
	"strings"
	"testing"
)

func TestCompactKeepsPositions(t *testing.T) {
	src := "int a; /* trailing */   \n" +
		"/* block\n   still comment */ int b; // end\n" +
		"char *s = \"/* not a comment */\"; \n" +
		"#define X 1 \\\n  + 2   \n" +
		"// continued \\\n  comment line\n" +
		"  int c;\t\n" +
		"char q = '\\''; int d;\n" +
		"#define Y 1 /* a comment \\\n  continued */ + 2\n"
	got := compact([]byte(src))
	gotLines := strings.Split(string(got), "\n")
	srcLines := strings.Split(src, "\n")
	if len(gotLines) != len(srcLines) {
		t.Fatalf("line count %d, want %d:\n%q", len(gotLines), len(srcLines), got)
	}
	want := []string{
		"int a;",
		"",
		"                    int b;",
		"char *s = \"/* not a comment */\";",
		"#define X 1 \\",
		"  + 2",
		"             \\",
		"",
		"  int c;",
		"char q = '\\''; int d;",
		"#define Y 1              \\",
		"               + 2",
		"",
	}
	for i := range want {
		if gotLines[i] != want[i] {
			t.Errorf("line %d = %q, want %q", i+1, gotLines[i], want[i])
		}
	}
}

func TestCollapseBlankLines(t *testing.T) {
	src := "int a;\n\n\n\nint b;\n#define X 1 \\\n\n\n\nint c;\n\n"
	got := string(collapseBlankLines([]byte(src)))
	want := "int a;\n#line 5\nint b;\n#define X 1 \\\n\n#line 10\nint c;\n\n"
	if got != want {
		t.Errorf("collapseBlankLines = %q, want %q", got, want)
	}
}

func TestPositionsAfterCollapsedLines(t *testing.T) {
	var b strings.Builder
	b.WriteString("static int first(void) { return 0; }\n")
	for range 500 {
		b.WriteString("\n")
	}
	b.WriteString("static int second(void) { return 1; }\n\n\n\nstatic int bad(void) { return ]]; }\n")
	m, fset := parseSource(t, b.String())
	if len(m.Funcs) != 2 || fset.Position(m.Funcs[1].Pos).Line != 502 {
		t.Fatalf("functions %q, second at %v", funcNames(m), fset.Position(m.Funcs[len(m.Funcs)-1].Pos))
	}
	if len(m.Skipped) != 1 || fset.Position(m.Skipped[0].Pos).Line != 506 {
		t.Errorf("skipped %+v", m.Skipped)
	}
}

// cc/v4 applies #line in inactive groups and between macro arguments
// too; a cc/v4 upgrade that stopped doing so would shift positions.
func TestPositionsAfterCollapsedLinesInGroupsAndArguments(t *testing.T) {
	src := "#define ADD(a, b) ((a) + (b))\n" + // 1
		"#if 0\n" + // 2
		strings.Repeat("\n", 20) + // 3-22
		"#endif\n" + // 23
		"static int sum = ADD(1,\n" + // 24
		strings.Repeat("\n", 10) + // 25-34
		"\t2);\n" + // 35
		"static int bad(void) { return ]]; }\n" + // 36
		"static int after(void) { return 0; }\n" // 37
	m, fset := parseSource(t, src)
	if len(m.Skipped) != 1 || fset.Position(m.Skipped[0].Pos).Line != 36 {
		t.Fatalf("skipped %+v", m.Skipped)
	}
	if len(m.Funcs) != 1 || fset.Position(m.Funcs[0].Pos).Line != 37 {
		t.Errorf("functions %q at %v", funcNames(m), fset.Position(m.Funcs[0].Pos))
	}
}
