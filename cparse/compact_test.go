package cparse

import (
	"math/rand"
	"os"
	"path/filepath"
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

// compactOneByOne is compact as it was first written, deciding every byte
// on its own: compact must give the same text.
func compactOneByOne(src []byte) []byte {
	out := make([]byte, 0, len(src))
	const (
		code = iota
		block
		line
		str
		chr
	)
	state := code
	keep := 0 // offset in out after the last significant byte of the line
	for i := 0; i < len(src); i++ {
		c := src[i]
		if c == '\n' {
			if state == line && i > 0 && src[i-1] == '\\' {
				// A // comment continued onto the next line.
				out = append(out[:keep], '\n')
				keep = len(out)
				continue
			}
			if state == line {
				state = code
			}
			if (state == str || state == chr) && !(i > 0 && src[i-1] == '\\') {
				// An unterminated literal ends at the line's end, as the
				// scanner has it (noted, noteBrokenText): closed there, so
				// that the parser reads the lines after it.
				if state == str {
					out = append(out, '"')
				} else {
					out = append(out, '\'')
				}
				keep = len(out)
				state = code
			}
			if state == str || state == chr {
				keep = len(out) // a continued literal: keep everything
			}
			out = append(out[:keep], '\n')
			keep = len(out)
			continue
		}
		if c == '\\' && i+1 < len(src) && src[i+1] == '\n' && state != str && state != chr {
			// A line splice joins lines before comments are removed, even
			// inside a comment: keep it, or a #define would end early.
			out = append(out, '\\')
			keep = len(out)
			continue
		}
		switch state {
		case code:
			switch {
			case c == '/' && i+1 < len(src) && src[i+1] == '*':
				state = block
				out = append(out, ' ', ' ')
				i++
				continue
			case c == '/' && i+1 < len(src) && src[i+1] == '/':
				state = line
				out = append(out, ' ', ' ')
				i++
				continue
			case c == '"':
				state = str
			case c == '\'':
				state = chr
			}
			out = append(out, c)
			if c != ' ' && c != '\t' && c != '\r' && c != '\f' && c != '\v' {
				keep = len(out)
			}
		case block:
			if c == '*' && i+1 < len(src) && src[i+1] == '/' {
				state = code
				out = append(out, ' ', ' ')
				i++
				continue
			}
			out = append(out, ' ')
		case line:
			out = append(out, ' ')
		case str, chr:
			out = append(out, c)
			keep = len(out)
			if c == '\\' && i+1 < len(src) && src[i+1] != '\n' {
				i++
				out = append(out, src[i])
				keep = len(out)
				continue
			}
			if state == str && c == '"' || state == chr && c == '\'' {
				state = code
			}
		}
	}
	return out[:max(keep, lastNewline(out))]
}

// TestCompactRunsAsOneByOne compares compact with the byte-at-a-time
// original on tricky text and on every C file of the repository's test
// data, as it is and with lines blanked; FuzzCompact does the same on generated text.
func TestCompactRunsAsOneByOne(t *testing.T) {
	cases := []string{
		"", "a", "/", "/*", "//", "\"", "'", "\\", "\\\n", "a\\", "*/", "/* a * b */x", "/* a \\\n b */ c",
		"x = '\"'; y = \"'\";\n", "s = \"a\\\"b\" /* c */  \n", "u = \"unterminated\n int v;\n",
		"c = 'x\n", "// a \\\n b \\\n c\nd", "a  \t \r\n\f\v b \\\n", "#define A(x) /* */ x \\\n\t+ 1 // z\n",
		"p = a / b /c;\n", "q = \"\\\\\"; r;\n", "t = '\\\\'; w;\n", "\"abc\\\n def\" x\n", "/**/ /***/ /*/ */ x\n",

		// Runs of spaces longer than a word, inside a line and ending one.
		"a                    b\n", "x;                 \n\ty;", "\t\t\t\t\t\t\t\t\t\tz = 1;         \t \n",
	}
	files, _ := filepath.Glob("../testdata/drivers/*/*.[ch]")
	more, _ := filepath.Glob("../analyzers/*/testdata/src/*/*.[ch]")
	r := rand.New(rand.NewSource(1))
	for _, f := range append(files, more...) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		cases = append(cases, string(b))
		// And with runs of lines blanked, as the front end blanks them.
		w := append([]byte(nil), b...)
		for from := 0; from < len(w); from += 1 + r.Intn(400) {
			to := min(len(w), from+r.Intn(300))
			blankRaw(w, from, to)
			from = to
		}
		cases = append(cases, string(w))
	}
	if len(cases) < 50 {
		t.Fatalf("only %d cases: the test data was not found", len(cases))
	}
	for _, c := range cases {
		if got, want := compact([]byte(c)), compactOneByOne([]byte(c)); string(got) != string(want) {
			t.Errorf("compact(%.60q...) = %q, want %q", c, got, want)
		}
	}
}

func FuzzCompact(f *testing.F) {
	for _, s := range []string{"int a; /* x */ \n", "\"a\\\"\" 'b' // c\\\nd\n", "/* *\\\n/ */"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := compact([]byte(s)), compactOneByOne([]byte(s)); string(got) != string(want) {
			t.Errorf("compact(%q) = %q, want %q", s, got, want)
		}
	})
}

// BenchmarkCompact compacts the C files of the repository's test data
// (KDLINT_BENCH_FILE: one file of your choice instead).
func BenchmarkCompact(b *testing.B) {
	var src []byte
	if f := os.Getenv("KDLINT_BENCH_FILE"); f != "" {
		src, _ = os.ReadFile(f)
	} else {
		files, _ := filepath.Glob("../testdata/drivers/*/*.[ch]")
		for _, f := range files {
			data, _ := os.ReadFile(f)
			src = append(src, data...)
		}
	}
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		compact(src)
	}
}

var textSink string

// TestTokenTextDoesNotCopy: a token's text is a slice of the scanned
// text, so asking for it allocates nothing (inference and names ask for
// every identifier of every file of every unit).
func TestTokenTextDoesNotCopy(t *testing.T) {
	s := scan([]byte("static int some_long_function_name(struct device_private_data *p) { return 0; }\n"))
	if len(s.toks) < 5 {
		t.Fatalf("scanned %d tokens", len(s.toks))
	}
	allocs := testing.AllocsPerRun(100, func() {
		for _, tk := range s.toks {
			textSink = s.text(tk) // kept, as the names' maps keep them
		}
	})
	if allocs != 0 {
		t.Errorf("text allocated %v times per scan of the tokens, want 0", allocs)
	}
	if got := s.text(s.toks[2]); got != "some_long_function_name" {
		t.Errorf("text of the third token = %q", got)
	}
}
