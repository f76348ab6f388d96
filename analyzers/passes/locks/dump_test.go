package locks

import (
	"fmt"
	"os"
	"testing"

	"github.com/kdlint/kdlint/analyzers/passes/internal/passtest"
)

// TestDumpPaths prints the path view of $KD_DUMP (a debugging aid).
func TestDumpPaths(t *testing.T) {
	dir := os.Getenv("KD_DUMP")
	if dir == "" {
		t.Skip("KD_DUMP not set")
	}
	m, fset := parse(t, dir)
	r := passtest.Run(t, fset, m, Analyzer).(*Result)
	for _, f := range m.Funcs {
		p := r.Paths(f)
		if p == nil {
			continue
		}
		fmt.Printf("%s incomplete=%v volatile=%v single=%v\n", f.Name, p.Incomplete, p.Vars.volatile, p.Vars.single)
		for _, e := range p.Events {
			pos := fset.Position(e.pos())
			lock := ""
			if e.Lock != nil {
				lock = fmt.Sprintf("%s@%d", e.Lock.ID, fset.Position(e.Lock.At.P).Line)
			}
			fmt.Printf("  %d %d %s via=%s vals=%v\n", pos.Line, e.Kind, lock, e.Via, e.Values)
		}
	}
}
