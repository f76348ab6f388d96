package driver

import (
	"go/token"
	"testing"

	"github.com/kdlint/kdlint/ir"
	"github.com/kdlint/kdlint/report"
)

// TestNoteNotices: every kind of front-end note becomes a notice of its
// own kind at its line, a warning when it loses code, and only those
// count as part of a file not analysed.
func TestNoteNotices(t *testing.T) {
	fset := token.NewFileSet()
	f := fset.AddFile("d/a.c", -1, 100)
	f.SetLinesForContent([]byte("a\nb\nc\n"))
	m := &ir.Module{}
	for k := ir.NoteNUL; k <= ir.NoteIncludeLimit; k++ {
		m.Notes = append(m.Notes, ir.Note{Pos: f.LineStart(2), Kind: k, Message: "m"})
	}
	var out moduleResult
	noteNotices(fset, m, &out)
	if len(out.Notices) != len(m.Notes) {
		t.Fatalf("%d notices for %d notes", len(out.Notices), len(m.Notes))
	}
	seen := map[report.NoticeKind]bool{}
	for i, n := range out.Notices {
		k := m.Notes[i].Kind
		if seen[n.Kind] || n.Kind.String() == "unknown" || n.Path != "d/a.c" || n.Line != 2 || n.Col != 0 ||
			(n.Level == report.Warning) != k.Lost() || n.Kind.LosesPart() != k.Lost() || n.Kind.LosesItem() || n.Kind.LosesFile() {
			t.Errorf("note kind %d: notice %+v (%s)", k, n, n.Kind)
		}
		seen[n.Kind] = true
	}
	if u := report.Summarize(out.Notices); u.Parts != 1 || u.Files+u.Functions+u.Declarations != 0 {
		t.Errorf("summary %+v", u)
	}
}
