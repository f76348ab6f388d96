package cparse

import (
	"go/token"
	"strings"

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
	cfg = moduleConfig(cfg, paths)
	m := ir.NewModule(dir)
	src := readModule(fset, dir, paths, cfg, m)
	preprocess(src)
	noteBrokenText(src)
	names := collectNames(src)
	rel, needed := decideRelevance(src, names)
	if !needed {
		return nil
	}
	shared := &moduleState{headerFuncsDone: map[string]bool{}, rel: rel}
	var units []*translationUnit
	for _, f := range src.files {
		if strings.HasSuffix(f.rel, ".c") {
			units = append(units, &translationUnit{main: f, src: src, names: names, cfg: src.cfg,
				module: ir.NewModule(src.dir), seen: map[token.Pos]bool{}, shared: shared})
		}
	}
	shared.owner = headerOwners(units)
	var out []parsedUnit
	for _, tu := range units {
		if ast := tu.parseAST(); ast != nil {
			out = append(out, parsedUnit{tu, ast})
		}
	}
	return out
}

// lowerAgain lowers the unit into a new module and returns it.
func (p parsedUnit) lowerAgain() *ir.Module {
	p.tu.module = ir.NewModule(p.tu.src.dir)
	p.tu.seen = map[token.Pos]bool{}
	p.tu.lower(p.ast)
	return p.tu.module
}
