package cli

// The cases of issue 12 that live in the C front end (cparse): what the
// front end notices in a module's text (ir.Note) and the items it skips
// reach the user as notices, with their kinds' words, exit status and
// summary line.

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kdlint/kdlint/output/text"
)

// Case: a NUL byte in a comment skipped the whole file as binary, and
// its finding was lost with exit 0. gcc warns ("null character(s)
// ignored") and goes on; so must kdlint: a note at the NUL's line, then
// the file is analysed.
func TestNULByteIsIgnoredAsGCCDoes(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.c"), "/* a stray \x00 in a comment */\n"+sleepyC)
	code, out, errs := runMain(t, "-cache=false", dir)
	if code != ExitFindings || !strings.Contains(out, "a.c:3:") {
		t.Errorf("exit %d, the finding after the NUL is lost:\n%s%s", code, out, errs)
	}
	if !strings.Contains(errs, "a.c:1: note: ") || !strings.Contains(strings.ToLower(errs), "nul") || strings.Contains(errs, "not analysed") {
		t.Errorf("want one note for the NUL at line 1 and nothing lost: %q", errs)
	}
}

// Case: an unterminated comment made the rest of the file vanish, with
// no notice even with -v and files_failed 0. The text before it must be
// analysed, and a notice at the comment's line must say what was lost.
func TestUnterminatedComment(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.c"), sleepyC+"static int q(void)\n{\n\t/* never closed\n\treturn 0;\n}\n")
	code, out, errs := runMain(t, "-cache=false", dir)
	if !strings.Contains(out, "a.c:2:") {
		t.Errorf("the finding before the comment is lost:\n%s", out)
	}
	if !strings.Contains(errs, "a.c:6:") || !strings.Contains(errs, "unterminated comment") || !strings.Contains(errs, "not analysed") {
		t.Errorf("no notice at line 6 or no summary line: %q", errs)
	}
	if code != ExitNotAnalysed {
		t.Errorf("exit %d, want %d: the rest of the file was not analysed", code, ExitNotAnalysed)
	}
	if !strings.Contains(errs, "part of 1 file") {
		t.Errorf("the summary line does not count the file's lost end: %q", errs)
	}
	// JSON says the same, by kind, and stays valid against its schema.
	code, out, _ = runMain(t, "-cache=false", "-format", "json", dir)
	validateJSON(t, []byte(out))
	var doc struct {
		Notices     []struct{ Kind string }
		NotAnalysed map[string]int
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	kinds := map[string]bool{}
	for _, n := range doc.Notices {
		kinds[n.Kind] = true
	}
	if code != ExitNotAnalysed || !kinds["unterminated-comment"] || doc.NotAnalysed["parts"] != 1 {
		t.Errorf("JSON: exit %d, notice kinds %v, notAnalysed %v", code, kinds, doc.NotAnalysed)
	}
}

// Case: an unterminated string skipped its function, said only with -v
// and without the reason. The notice names it, at its line.
func TestUnterminatedString(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.c"), sleepyC+"static const char *s(void) { return \"never closed; }\n")
	_, out, errs := runMain(t, "-cache=false", "-v", dir)
	if !strings.Contains(out, "a.c:2:") {
		t.Errorf("the finding before the string is lost:\n%s", out)
	}
	if !strings.Contains(errs, "a.c:4:") || !strings.Contains(errs, "unterminated string") {
		t.Errorf("no notice naming the unterminated string at line 4: %q", errs)
	}
}

// Case: a tasklet handler skipped because of a macro bomb was reported
// "unexpected identifier". The notice must name the expansion limit.
func TestSkipReasonExpansionLimit(t *testing.T) {
	var b strings.Builder
	b.WriteString("#define B0(x) x x\n")
	for i := 1; i <= 40; i++ {
		fmt.Fprintf(&b, "#define B%d(x) B%d(B%d(x))\n", i, i-1, i-1)
	}
	b.WriteString("static void t_fn(struct tasklet_struct *t) { B40(msleep(1);) }\n" +
		"static DECLARE_TASKLET(tl, t_fn);\n")
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.c"), b.String())
	_, _, errs := runMain(t, "-cache=false", "-v", dir)
	if !strings.Contains(errs, "skipped function t_fn") || !strings.Contains(errs, "expansion limit") {
		t.Errorf("the skip does not name the expansion limit: %q", errs)
	}
	if !strings.Contains(errs, "kdlint: 1 function in 1 file not analysed") {
		t.Errorf("no summary line: %q", errs)
	}
}

// Case: 100,000 nested parentheses overflowed cc/v4's stack after 20 s
// and 640 MB, and the whole run died with another directory's findings.
// Nesting depth and token counts must be bounded before cc/v4: a notice
// naming the nesting limit, and the rest of the run goes on, quickly.
func TestDeepNestingIsBounded(t *testing.T) {
	root := t.TempDir()
	deep := strings.Repeat("(", 100000) + "0" + strings.Repeat(")", 100000)
	writeFile(t, filepath.Join(root, "deep", "a.c"), "static irqreturn_t h(int i, void *d) { msleep("+deep+"); return IRQ_HANDLED; }\n"+
		"static int p(void) { return request_irq(1, h, 0, \"x\", 0); }\n")
	writeFile(t, filepath.Join(root, "other", "b.c"), sleepyC)
	start := time.Now()
	code, out, errs := runMain(t, "-cache=false", "-v", filepath.Join(root, "deep"), filepath.Join(root, "other"))
	if time.Since(start) > 10*time.Second {
		t.Errorf("took %v", time.Since(start))
	}
	if !strings.Contains(out, "b.c:2:") {
		t.Errorf("the other directory's finding is lost:\n%s", out)
	}
	if !strings.Contains(errs, "nesting limit") || !strings.Contains(errs, "not analysed") {
		t.Errorf("no notice naming the nesting limit: %q", errs)
	}
	if code != ExitFindings && code != ExitNotAnalysed {
		t.Errorf("exit %d", code)
	}
}

// Case: a missing #include "x.h" was never mentioned. It is a notice,
// once per module however many files include it.
func TestMissingQuotedInclude(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.c"), "#include \"missing.h\"\n"+sleepyC)
	writeFile(t, filepath.Join(dir, "b.c"), "#include \"missing.h\"\nint b;\n")
	_, out, errs := runMain(t, "-cache=false", dir)
	if !strings.Contains(out, "a.c:3:") {
		t.Errorf("the finding is lost:\n%s", out)
	}
	if strings.Count(errs, "missing.h") != 1 || !strings.Contains(errs, "note: ") {
		t.Errorf("want one note naming missing.h: %q", errs)
	}
}

func TestManyMissingIncludesAreOneLine(t *testing.T) {
	// Past text.MaxMissingIncludeNotes they are counted on one line; -v
	// and the machine formats still have each of them.
	dir := t.TempDir()
	n := text.MaxMissingIncludeNotes + 5
	for i := range n {
		writeFile(t, filepath.Join(dir, fmt.Sprintf("m%d", i), "a.c"), fmt.Sprintf("#include \"gone%d.h\"\nint v%d;\n", i, i))
	}
	writeFile(t, filepath.Join(dir, "s", "a.c"), sleepyC)
	_, out, errs := runMain(t, "-cache=false", dir)
	if !strings.Contains(out, "s/a.c:2:") {
		t.Errorf("the finding is lost:\n%s", out)
	}
	want := fmt.Sprintf("%d quoted #include files not found in %d files", n, n)
	if strings.Count(errs, "not found (next to") != 0 || !strings.Contains(errs, want) {
		t.Errorf("want one line %q and no note per include:\n%s", want, errs)
	}
	_, _, errs = runMain(t, "-cache=false", "-v", dir)
	if got := strings.Count(errs, "not found (next to"); got != n || strings.Contains(errs, want) {
		t.Errorf("-v: %d notes, want %d and no summary:\n%s", got, n, errs)
	}
	_, js, _ := runMain(t, "-cache=false", "-format", "json", dir)
	if got := strings.Count(js, "not found (next to"); got != n {
		t.Errorf("JSON: %d missing-include notices, want %d", got, n)
	}
}

// FuzzModule is the fuzz target over whole-module analysis the issue
// asks for: text handed to the parser in bounded sizes must never crash,
// hang or overflow the stack, and kdlint must always end with a status it
// documents. Its seeds are the crashes above.
func FuzzModule(f *testing.F) {
	for _, seed := range []string{
		sleepyC,
		"/* \x00 */\n" + sleepyC,
		sleepyC + "/* never closed",
		sleepyC + "static const char *s = \"never closed;\n",
		"int x = " + strings.Repeat("(", 5000) + "0" + strings.Repeat(")", 5000) + ";\n",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > 1<<16 {
			t.Skip("bounded size")
		}
		dir := t.TempDir()
		writeFile(t, filepath.Join(dir, "a.c"), src)
		code, _, errs := runMain(t, "-cache=false", dir)
		if code < ExitClean || code > ExitNotAnalysed || strings.Contains(errs, "front end failed") {
			t.Errorf("exit %d: %s", code, errs)
		}
	})
}

// Case: a header that includes itself without a guard is cut after a
// few inclusions in progress; that is a warning-level notice at the
// #include, counted as part of a file not analysed (exit 4), and the
// rest of the module is analysed.
func TestIncludeCycle(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "x.h"), "#include \"x.h\"\nint y;\n")
	writeFile(t, filepath.Join(dir, "a.c"), "#include \"x.h\"\n"+sleepyC)
	code, out, errs := runMain(t, "-cache=false", dir)
	if !strings.Contains(out, "a.c:3:") {
		t.Errorf("the finding is lost:\n%s", out)
	}
	if !strings.Contains(errs, "x.h:1: note: #include \"x.h\" not expanded") || !strings.Contains(errs, "kdlint: part of 1 file not analysed") {
		t.Errorf("no include-limit notice or summary: %q", errs)
	}
	if code != ExitNotAnalysed {
		t.Errorf("exit %d, want %d", code, ExitNotAnalysed)
	}
}
