package cparse

import (
	"go/token"
	"os"
	"reflect"
	"testing"

	"github.com/kdlint/kdlint/ir"
)

// TestLowerAsBefore lowers every unit of the sample drivers (and, with
// KDLINT_LOWER_DIR set to a kernel directory, of every directory under
// it) twice, as today and as main e55d2a8 did (lowerref_test.go), and
// wants the same functions and globals: every block, node, name and
// position. The arena, shared by the units in turn, and the reused
// builder change where the IR lives, never what it says.
func TestLowerAsBefore(t *testing.T) {
	roots := []string{"../testdata/drivers", "../analyzers"}
	if dir := os.Getenv("KDLINT_LOWER_DIR"); dir != "" {
		roots = []string{dir}
	}
	units, funcs := 0, 0
	for _, root := range roots {
		mods := benchDirs(t, root)
		for _, dir := range sortedKeys(mods) {
			// Every unit first, then the reference: the units share the
			// arenas' chunks, so a later unit must not change an earlier
			// unit's IR.
			us := parsedUnits(token.NewFileSet(), dir, mods[dir], benchConfig())
			gots := make([]*ir.Module, len(us))
			for i, u := range us {
				gots[i] = u.lowerAgain()
			}
			for i, u := range us {
				got := gots[i]
				u.tu.module = ir.NewModule(u.tu.src.dir)
				u.tu.seen = map[token.Pos]bool{}
				u.tu.refLower(u.ast)
				want := u.tu.module
				units++
				funcs += len(want.Funcs)
				if len(got.Funcs) != len(want.Funcs) || len(got.Globals) != len(want.Globals) {
					t.Fatalf("%s: %d functions, %d globals; want %d, %d", u.tu.main.path, len(got.Funcs), len(got.Globals), len(want.Funcs), len(want.Globals))
				}
				for i := range want.Funcs {
					if !reflect.DeepEqual(got.Funcs[i], want.Funcs[i]) {
						t.Fatalf("%s: function %s lowered differently", u.tu.main.path, want.Funcs[i].Name)
					}
				}
				for i := range want.Globals {
					if !reflect.DeepEqual(got.Globals[i], want.Globals[i]) {
						t.Fatalf("%s: global %s lowered differently", u.tu.main.path, want.Globals[i].Name)
					}
				}
			}
		}
	}
	if funcs < 100 {
		t.Fatalf("only %d functions in %d units lowered", funcs, units)
	}
	t.Logf("%d units, %d functions", units, funcs)
}
