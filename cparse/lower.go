package cparse

import (
	"go/token"
	"path"
	"sync"

	"github.com/kdlint/kdlint/ir"
	"modernc.org/cc/v4"
)

// Lowering a parsed unit to the module IR: function definitions (build.go)
// and file-scope variables with their initializers.

// lower builds IR from a parsed unit.
func (tu *translationUnit) lower(ast *cc.AST) {
	pos := tu.positioner()
	a := arenas.Get().(*irArena)
	defer arenas.Put(a)
	b := &builder{pos: pos, a: a}
	ib := &builder{pos: pos, a: a, discard: true}
	for l := ast.TranslationUnit; l != nil; l = l.TranslationUnit {
		ed := l.ExternalDeclaration
		if ed == nil {
			continue
		}
		switch ed.Case {
		case cc.ExternalDeclarationFuncDef:
			fd := ed.FunctionDefinition
			p := pos.pos(fd.CompoundStatement.Token)
			if !p.IsValid() || tu.seen[p] {
				continue
			}
			tu.seen[p] = true
			tu.module.Funcs = append(tu.module.Funcs, b.buildFunc(fd))
		case cc.ExternalDeclarationDecl:
			tu.globals(ed.Declaration, ib)
		}
	}
}

// arenas hold the lowering arenas not in use. A unit takes one and puts
// it back when lowered, so that the next unit fills the room the last
// chunks have left: each unit's own arena left a fifth of what it
// allocated unused (drivers/usb). Nothing handed out is handed out
// again, so units (and modules) sharing chunks share no values.
var arenas = sync.Pool{New: func() any { return new(irArena) }}

// globals records file-scope variables and their initializers.
func (tu *translationUnit) globals(d *cc.Declaration, b *builder) {
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
		p := b.pos.pos(nt)
		if !p.IsValid() || tu.seen[p] {
			continue
		}
		tu.seen[p] = true
		g := &ir.Global{Name: b.a.str(nt.Src()), StructTag: tag, Static: static, Pos: p}
		if id.Initializer != nil {
			// Initializers are lowered by a builder whose function is
			// thrown away (b.discard: its blocks keep no nodes): calls in
			// them (DECLARE_TASKLET(...), module_init(fn)) are kept in
			// the tree.
			b.scrap = ir.Func{Blocks: b.scrap.Blocks[:0]}
			b.start(&b.scrap)
			g.Init = b.initializer(id.Initializer)
		}
		tu.module.Globals = append(tu.module.Globals, g)
	}
}

// positioner maps cc/v4 token positions to fset positions. A file's
// line table is read once per unit: the token.File methods take its lock
// on every call. Positions past a file's end are its end.
type positioner struct {
	tu       *translationUnit
	tables   map[*token.File]*lineTable
	lastName string
	last     *lineTable
}

type lineTable struct {
	base, size int
	lines      []int
}

func (tu *translationUnit) positioner() *positioner {
	return &positioner{tu: tu, tables: map[*token.File]*lineTable{}}
}

// pos returns t's position in the fset, token.NoPos for a token of no
// file of the unit.
func (ps *positioner) pos(t cc.Token) token.Pos {
	p := t.Position()
	if p.Line <= 0 {
		return token.NoPos
	}
	if p.Filename != ps.lastName {
		ps.lastName = p.Filename
		ps.last = nil
		if f := ps.tu.files[path.Clean(p.Filename)]; f != nil {
			if ps.last = ps.tables[f.tf]; ps.last == nil {
				ps.last = &lineTable{base: f.tf.Base(), size: f.tf.Size(), lines: f.tf.Lines()}
				ps.tables[f.tf] = ps.last
			}
		}
	}
	last := ps.last
	if last == nil || p.Line > len(last.lines) {
		return token.NoPos
	}
	off := last.lines[p.Line-1] + p.Column - 1
	if off > last.size {
		off = last.size
	}
	return token.Pos(last.base + off)
}
