package fix

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kdlint/kdlint/report"
)

func finding(line int, edits ...report.Edit) report.Finding {
	return report.Finding{RuleID: "KD900", Location: report.Location{Path: "f.c", Line: line, Col: 1},
		Fixes: []report.Fix{{Description: "d", Edits: edits}}}
}

func edit(line, col, endLine, endCol int, text string) report.Edit {
	return report.Edit{Location: report.Location{Path: "f.c", Line: line, Col: col, EndLine: endLine, EndCol: endCol}, New: text}
}

func prepare(t *testing.T, src string, fs ...report.Finding) ([]Change, []Skip) {
	t.Helper()
	read := func(string) ([]byte, error) { return []byte(src), nil }
	return Prepare(fs, read, map[string]string{"f.c": Sum([]byte(src))})
}

func diff(t *testing.T, cs []Change) string {
	t.Helper()
	var b bytes.Buffer
	if err := WriteDiff(&b, cs, func(p string) string { return p }); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestOverlaps: a fix that overlaps one taken is left out whole; the same
// edit from two findings is applied once; insertions work.
func TestOverlaps(t *testing.T) {
	src := "aaa bbb ccc\nddd\n"
	cs, skips := prepare(t, src,
		finding(1, edit(1, 1, 1, 4, "AAA")),
		finding(1, edit(1, 3, 1, 6, "X"), edit(2, 1, 2, 4, "DDD")), // overlaps the first: not even its second edit
		finding(1, edit(1, 1, 1, 4, "AAA")),                        // the same edit: applied once
		finding(1, edit(1, 12, 1, 12, ";")),                        // an insertion at the end of the line
	)
	if len(cs) != 1 || string(cs[0].New) != "AAA bbb ccc;\nddd\n" || len(cs[0].Fixed) != 3 {
		t.Fatalf("changes %+v", cs)
	}
	if len(skips) != 1 || !strings.Contains(skips[0].Reason, "overlap") {
		t.Errorf("skips %+v", skips)
	}
	_, skips = prepare(t, src, finding(1, edit(3, 5, 3, 6, "x")), finding(1, edit(1, 2, 1, 40, "x")))
	if len(skips) != 2 || !strings.Contains(skips[0].Reason, "outside") {
		t.Errorf("edits outside the file: %+v", skips)
	}
}

// TestChangedOrUnknownFiles: a file whose content is not what kdlint
// read, or that it was not asked to lint, is left alone.
func TestChangedOrUnknownFiles(t *testing.T) {
	f := finding(1, edit(1, 1, 1, 2, "x"))
	read := func(string) ([]byte, error) { return []byte("b\n"), nil }
	if cs, skips := Prepare([]report.Finding{f}, read, map[string]string{"f.c": Sum([]byte("a\n"))}); len(cs) != 0 || len(skips) != 1 || !strings.Contains(skips[0].Reason, "changed since kdlint read it") {
		t.Errorf("changed: %+v %+v", cs, skips)
	}
	if cs, skips := Prepare([]report.Finding{f}, read, nil); len(cs) != 0 || len(skips) != 1 || !strings.Contains(skips[0].Reason, "not one of the files") {
		t.Errorf("unknown: %+v %+v", cs, skips)
	}
}

// TestDiff: hunks with three lines of context, merged when they touch,
// kept apart when they do not, and the last line without a newline.
func TestDiff(t *testing.T) {
	var lines []string
	for i := 1; i <= 20; i++ {
		lines = append(lines, "l"+string(rune('a'+i-1)))
	}
	src := strings.Join(lines, "\n") // no final newline
	cs, _ := prepare(t, src, finding(2, edit(2, 1, 2, 3, "B")), finding(5, edit(5, 1, 5, 3, "E")), finding(20, edit(20, 2, 20, 3, "T\nnew")))
	want := `--- a/f.c
+++ b/f.c
@@ -1,8 +1,8 @@
 la
-lb
+B
 lc
 ld
-le
+E
 lf
 lg
 lh
@@ -17,4 +17,5 @@
 lq
 lr
 ls
-lt
\ No newline at end of file
+lT
+new
\ No newline at end of file
`
	if got := diff(t, cs); got != want {
		t.Errorf("diff:\n%s\nwant:\n%s", got, want)
	}
	// A line removed whole, and text put at the start of the file.
	cs, _ = prepare(t, "x\ny\nz\n", finding(2, edit(2, 1, 3, 1, "")), finding(1, edit(1, 1, 1, 1, "// top\n")))
	if got := diff(t, cs); got != "--- a/f.c\n+++ b/f.c\n@@ -1,3 +1,3 @@\n+// top\n x\n-y\n z\n" {
		t.Errorf("removal and insertion:\n%s", got)
	}
}

// TestApply: the file is replaced through a temporary file, keeps its
// permissions, a link to it stays a link, and a file changed in between
// is not touched.
func TestApply(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "f.c")
	os.WriteFile(p, []byte("old\n"), 0o640)
	link := filepath.Join(dir, "link.c")
	os.Symlink("f.c", link)
	errs := Apply([]Change{{Path: link, Old: []byte("old\n"), New: []byte("new\n"), Sum: Sum([]byte("old\n"))}})
	if errs[0] != nil {
		t.Fatal(errs[0])
	}
	if b, _ := os.ReadFile(p); string(b) != "new\n" {
		t.Errorf("content %q", b)
	}
	if fi, _ := os.Lstat(link); fi.Mode()&os.ModeSymlink == 0 {
		t.Error("the link was replaced by a file")
	}
	if fi, _ := os.Stat(p); fi.Mode().Perm() != 0o640 {
		t.Errorf("mode %v", fi.Mode())
	}
	errs = Apply([]Change{{Path: p, Old: []byte("old\n"), New: []byte("newer\n"), Sum: Sum([]byte("old\n"))}})
	if errs[0] == nil || !strings.Contains(errs[0].Error(), "changed while kdlint was fixing it") {
		t.Errorf("changed file: %v", errs[0])
	}
	if b, _ := os.ReadFile(p); string(b) != "new\n" {
		t.Errorf("the changed file was touched: %q", b)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*")); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
}
