package cparse

import (
	"go/token"

	"modernc.org/cc/v4"

	"github.com/kdlint/kdlint/ir"
)

// parsedUnit is one unit of a module, parsed by cc/v4, not yet lowered.
type parsedUnit struct {
	tu  *translationUnit
	ast *cc.AST
}

// parsedUnits runs ParseModule up to the ASTs of its units (one at a
// time), for BenchmarkLower and the lowering tests.
func parsedUnits(fset *token.FileSet, dir string, paths []string, cfg *Config) []parsedUnit {
	var out []parsedUnit
	for _, tu := range moduleFront(fset, dir, paths, cfg).units {
		if ast := tu.parseAST(); ast != nil {
			out = append(out, parsedUnit{tu, ast})
		}
	}
	return out
}

// lowerAgain lowers the unit into a new module and returns it.
func (p parsedUnit) lowerAgain() *ir.Module {
	p.tu.module = ir.NewModule(p.tu.src.dir)
	p.tu.seen = map[itemKey]bool{}
	p.tu.lower(p.ast)
	return p.tu.module
}
