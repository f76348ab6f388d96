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
