package cparse

import (
	"go/token"
	"path"

	"github.com/kdlint/kdlint/ir"
	"modernc.org/cc/v4"
)

// Lowering a parsed unit to the module IR: function definitions (build.go)
// and file-scope variables with their initializers.

// itemKey tells the items of a unit and of a module apart: by kind,
// position and name, as one macro call can define several items (a
// function, the ops table naming it, the driver naming that), all at
// the call's position.
type itemKey struct {
	kind byte // 'f' function, 'g' global, 's' skipped item
	pos  token.Pos
	name string
}

// lower builds IR from a parsed unit.
func (tu *translationUnit) lower(ast *cc.AST) {
	pos := tu.positioner()
	a := &irArena{}
	for l := ast.TranslationUnit; l != nil; l = l.TranslationUnit {
		ed := l.ExternalDeclaration
		if ed == nil {
			continue
		}
		switch ed.Case {
		case cc.ExternalDeclarationFuncDef:
			fd := ed.FunctionDefinition
			p := pos(fd.CompoundStatement.Token)
			nt := fd.Declarator.NameTok()
			k := itemKey{'f', p, nt.SrcStr()}
			if !p.IsValid() || tu.seen[k] {
				continue
			}
			tu.seen[k] = true
			tu.module.Funcs = append(tu.module.Funcs, buildFunc(fd, pos, a))
		case cc.ExternalDeclarationDecl:
			tu.globals(ed.Declaration, pos, a)
		}
	}
}

// globals records file-scope variables and their initializers.
func (tu *translationUnit) globals(d *cc.Declaration, pos func(cc.Token) token.Pos, a *irArena) {
	if d == nil || d.InitDeclaratorList == nil {
		return
	}
	static := hasStatic(d.DeclarationSpecifiers)
	tag := structTag(d.DeclarationSpecifiers)
	for l := d.InitDeclaratorList; l != nil; l = l.InitDeclaratorList {
		id := l.InitDeclarator
		if id == nil || id.Declarator == nil {
			continue
		}
		nt := id.Declarator.NameTok()
		p := pos(nt)
		k := itemKey{'g', p, nt.SrcStr()}
		if !p.IsValid() || tu.seen[k] {
			continue
		}
		tu.seen[k] = true
		g := &ir.Global{Name: a.str(nt.Src()), StructTag: tag, Static: static, Pos: p}
		if id.Initializer != nil {
			// Initializers are lowered by a throwaway builder: calls in them
			// (DECLARE_TASKLET(...), module_init(fn)) are kept in the tree.
			b := &builder{pos: pos, a: a, fn: &ir.Func{}, labels: map[string]*ir.Block{}}
			b.cur = b.newBlock()
			g.Init = b.initializer(id.Initializer)
		}
		tu.module.Globals = append(tu.module.Globals, g)
	}
}

// positioner maps cc/v4 token positions to fset positions. A file's
// line table is read once per unit: the token.File methods take its lock
// on every call. Positions past a file's end are its end.
func (tu *translationUnit) positioner() func(cc.Token) token.Pos {
	type lineTable struct {
		base, size int
		lines      []int
	}
	tables := map[*token.File]*lineTable{}
	var lastName string
	var last *lineTable
	return func(t cc.Token) token.Pos {
		p := t.Position()
		if p.Line <= 0 {
			return token.NoPos
		}
		if p.Filename != lastName {
			lastName = p.Filename
			last = nil
			if f := tu.files[path.Clean(p.Filename)]; f != nil {
				if last = tables[f.tf]; last == nil {
					last = &lineTable{base: f.tf.Base(), size: f.tf.Size(), lines: f.tf.Lines()}
					tables[f.tf] = last
				}
			}
		}
		if last == nil || p.Line > len(last.lines) {
			return token.NoPos
		}
		off := last.lines[p.Line-1] + p.Column - 1
		if off > last.size {
			off = last.size
		}
		return token.Pos(last.base + off)
	}
}
