// Command irdump prints the IR kdlint builds for a module, for debugging
// the front end.
package main

import (
	"fmt"
	"go/token"
	"os"
	"path/filepath"

	"github.com/kdlint/kdlint/cparse"
	"github.com/kdlint/kdlint/ir"
)

func main() {
	dir := os.Args[1]
	paths, _ := filepath.Glob(filepath.Join(dir, "*.[ch]"))
	fset := token.NewFileSet()
	// Every body: the front end knows no rule, so without needs it would
	// parse nothing.
	m := cparse.ParseModule(fset, dir, paths, &cparse.Config{ParseAll: true})
	for _, r := range m.Read {
		fmt.Printf("read %s sha256=%x\n", r.Path, r.Sum[:8])
	}
	for _, f := range m.Files {
		fmt.Printf("file %s size=%d funcs=%d failed=%q\n", f.Path, f.Size, f.Funcs, f.Failed)
	}
	for _, s := range m.Skipped {
		fmt.Printf("skip %v %s: %s (%s)\n", fset.Position(s.Pos), s.Name, s.Reason, s.Detail)
	}
	for _, n := range m.Notes {
		fmt.Printf("note %v kind=%d lost=%v: %s\n", fset.Position(n.Pos), n.Kind, n.Kind.Lost(), n.Message)
	}
	for _, g := range m.Globals {
		fmt.Printf("global %s struct=%s static=%v init=%v at %v\n", g.Name, g.StructTag, g.Static, g.Init, fset.Position(g.Pos))
	}
	for _, f := range m.Funcs {
		fmt.Printf("func %s static=%v params=%v at %v\n", f.Name, f.Static, f.Params, fset.Position(f.Pos))
		for _, a := range f.Annotations {
			fmt.Printf("  annotation %s(%v) @%v\n", [...]string{"__acquires", "__releases", "__must_hold"}[a.Kind], a.Lock, fset.Position(a.P))
		}
		if f.NoReturn {
			fmt.Println("  noreturn")
		}
		for _, b := range f.Blocks {
			fmt.Printf("  b%d label=%q cond=%v succs=", b.Index, b.Label, b.Cond)
			for _, s := range b.Succs {
				fmt.Printf("b%d ", s.Index)
			}
			fmt.Println()
			for _, n := range b.Nodes {
				switch n := n.(type) {
				case *ir.Call:
					fmt.Printf("    call %s @%v\n", n, fset.Position(n.P))
				case *ir.Assign:
					fmt.Printf("    assign %v = %v\n", n.LHS, n.RHS)
				case *ir.Return:
					fmt.Printf("    return %v via=%q @%v\n", n.Value, n.ViaLabel, fset.Position(n.P))
				case *ir.Goto:
					fmt.Printf("    goto %s\n", n.Label)
				}
			}
		}
	}
	_ = token.NoPos
}
