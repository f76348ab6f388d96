package cparse

import (
	"go/token"

	"modernc.org/cc/v4"

	"github.com/kdlint/kdlint/ir"
	"github.com/kdlint/kdlint/kmodel"
)

// builder lowers one function definition to an ir.Func.
type builder struct {
	pos    func(cc.Token) token.Pos
	a      *irArena
	fn     *ir.Func
	cur    *ir.Block
	labels map[string]*ir.Block
	gotos  []pendingGoto
	breaks []*ir.Block
	conts  []*ir.Block
	// switches holds, per open switch, its head block and whether a
	// default label was seen.
	switches []*switchCtx
	guards   []int // guards acquired per open compound statement
}

type pendingGoto struct {
	from  *ir.Block
	label string
}

type switchCtx struct {
	head       *ir.Block
	hasDefault bool
	sw         *ir.Switch
}

func (b *builder) newBlock() *ir.Block {
	blk := b.a.blocks.alloc()
	blk.Index = len(b.fn.Blocks)
	b.fn.Blocks = append(b.fn.Blocks, blk)
	return blk
}

// block returns the current block, starting an unreachable one after a
// jump so that dead code is still recorded.
func (b *builder) block() *ir.Block {
	if b.cur == nil {
		b.cur = b.newBlock()
	}
	return b.cur
}

func (b *builder) emit(n ir.Node) {
	blk := b.block()
	if len(blk.Nodes) == cap(blk.Nodes) {
		blk.Nodes = grow(&b.a.nodes, blk.Nodes)
	}
	blk.Nodes = append(blk.Nodes, n)
}

// succ adds to to blk's successors.
func (b *builder) succ(blk, to *ir.Block) {
	if len(blk.Succs) == cap(blk.Succs) {
		blk.Succs = grow(&b.a.succs, blk.Succs)
	}
	blk.Succs = append(blk.Succs, to)
}

func (b *builder) jump(to *ir.Block) {
	if b.cur != nil {
		b.succ(b.cur, to)
	}
	b.cur = nil
}

func (b *builder) labelBlock(name string) *ir.Block {
	if blk := b.labels[name]; blk != nil {
		return blk
	}
	blk := b.newBlock()
	blk.Label = name
	b.labels[name] = blk
	return blk
}

// buildFunc lowers a function definition.
func buildFunc(fd *cc.FunctionDefinition, pos func(cc.Token) token.Pos, a *irArena) *ir.Func {
	d := fd.Declarator
	nt := d.NameTok()
	f := &ir.Func{Name: a.str(nt.Src()), Pos: pos(nt), Static: hasStatic(fd.DeclarationSpecifiers)}
	f.Params = paramNames(d, a)
	b := &builder{pos: pos, a: a, fn: f, labels: map[string]*ir.Block{}}
	b.cur = b.newBlock()
	f.Exit = &ir.Block{Index: -1}
	b.compound(fd.CompoundStatement)
	if b.cur != nil {
		// Falling off the end is a plain return.
		b.emit(&ir.Return{P: pos(fd.CompoundStatement.Token2)})
		b.jump(f.Exit)
	}
	for _, g := range b.gotos {
		if to := b.labels[g.label]; to != nil {
			b.succ(g.from, to)
		}
	}
	f.Exit.Index = len(f.Blocks)
	f.Blocks = append(f.Blocks, f.Exit)
	f.End = pos(fd.CompoundStatement.Token2)
	return f
}

func hasStatic(ds *cc.DeclarationSpecifiers) bool {
	for ; ds != nil; ds = ds.DeclarationSpecifiers {
		if ds.StorageClassSpecifier != nil && ds.StorageClassSpecifier.Case == cc.StorageClassSpecifierStatic {
			return true
		}
	}
	return false
}

func structTag(ds *cc.DeclarationSpecifiers) string {
	for ; ds != nil; ds = ds.DeclarationSpecifiers {
		if ts := ds.TypeSpecifier; ts != nil && ts.StructOrUnionSpecifier != nil {
			return ts.StructOrUnionSpecifier.Token.SrcStr()
		}
	}
	return ""
}

func paramNames(d *cc.Declarator, a *irArena) []string {
	var out []string
	for dd := d.DirectDeclarator; dd != nil; dd = dd.DirectDeclarator {
		if dd.Case == cc.DirectDeclaratorFuncParam && dd.ParameterTypeList != nil {
			for pl := dd.ParameterTypeList.ParameterList; pl != nil; pl = pl.ParameterList {
				if pd := pl.ParameterDeclaration; pd != nil && pd.Declarator != nil {
					nt := pd.Declarator.NameTok()
					out = append(out, a.str(nt.Src()))
				}
			}
			return out
		}
		if dd.Declarator != nil && dd.Case == cc.DirectDeclaratorDecl {
			// int (*f(void))(int): look inside.
			return paramNames(dd.Declarator, a)
		}
	}
	return out
}

func (b *builder) compound(cs *cc.CompoundStatement) {
	b.compoundValue(cs, false)
}

// compoundValue lowers a compound statement; with value set it returns
// the value of its last statement when that is an expression statement:
// the value of a GNU statement expression ({ ...; v; }).
func (b *builder) compoundValue(cs *cc.CompoundStatement, value bool) ir.Expr {
	if cs == nil {
		return nil
	}
	var val ir.Expr
	b.guards = append(b.guards, 0)
	for l := cs.BlockItemList; l != nil; l = l.BlockItemList {
		it := l.BlockItem
		val = nil
		if it == nil {
			continue
		}
		switch it.Case {
		case cc.BlockItemDecl:
			b.declaration(it.Declaration)
		case cc.BlockItemStmt:
			if s := it.Statement; value && l.BlockItemList == nil && s != nil && s.Case == cc.StatementExpr && s.ExpressionStatement != nil && s.ExpressionStatement.ExpressionList != nil {
				val = b.expr(s.ExpressionStatement.ExpressionList)
				continue
			}
			b.stmt(it.Statement)
		}
	}
	n := b.guards[len(b.guards)-1]
	b.guards = b.guards[:len(b.guards)-1]
	if b.cur != nil {
		for ; n > 0; n-- {
			b.emit(&ir.Call{Name: ir.GuardEnd, Fun: &ir.Ident{Name: ir.GuardEnd}, P: b.pos(cs.Token2), E: b.pos(cs.Token2)})
		}
	}
	return val
}

// declaration lowers a block-scope declaration: initialisers are
// assignments.
func (b *builder) declaration(d *cc.Declaration) {
	if d == nil {
		return
	}
	for l := d.InitDeclaratorList; l != nil; l = l.InitDeclaratorList {
		id := l.InitDeclarator
		if id == nil || id.Declarator == nil {
			continue
		}
		nt := id.Declarator.NameTok()
		name := b.a.str(nt.Src())
		b.fn.Locals = append(b.fn.Locals, name)
		if id.Initializer == nil {
			continue
		}
		lhs := b.a.idents.alloc()
		*lhs = ir.Ident{Name: name, P: b.pos(nt)}
		if !lhs.P.IsValid() {
			continue // cc/v4's implicit __func__
		}
		rhs := b.initializer(id.Initializer)
		b.emit(&ir.Assign{LHS: lhs, RHS: rhs, P: lhs.P})
	}
}

func (b *builder) initializer(in *cc.Initializer) ir.Expr {
	if in == nil {
		return nil
	}
	if in.Case == cc.InitializerExpr {
		return b.expr(in.AssignmentExpression)
	}
	list := &ir.InitList{P: b.pos(in.Token)}
	for l := in.InitializerList; l != nil; l = l.InitializerList {
		el := ir.InitElem{Value: b.initializer(l.Initializer)}
		if l.Designation != nil {
			for dl := l.Designation.DesignatorList; dl != nil; dl = dl.DesignatorList {
				if d := dl.Designator; d != nil && (d.Case == cc.DesignatorField || d.Case == cc.DesignatorField2) {
					tk := d.Token2
					if d.Case == cc.DesignatorField2 {
						tk = d.Token
					}
					if el.Field != "" {
						el.Field += "."
					}
					el.Field += b.a.str(tk.Src())
				}
			}
		}
		list.Elems = append(list.Elems, el)
	}
	return list
}

func (b *builder) stmt(s *cc.Statement) {
	if s == nil {
		return
	}
	switch s.Case {
	case cc.StatementLabeled:
		b.labeled(s.LabeledStatement)
	case cc.StatementCompound:
		b.compound(s.CompoundStatement)
	case cc.StatementExpr:
		if es := s.ExpressionStatement; es != nil && es.ExpressionList != nil {
			b.exprStmt(es.ExpressionList)
		}
	case cc.StatementSelection:
		b.selection(s.SelectionStatement)
	case cc.StatementIteration:
		b.iteration(s.IterationStatement)
	case cc.StatementJump:
		b.jumpStmt(s.JumpStatement)
	}
}

// exprStmt lowers an expression statement, recognising guard(type)(lock).
func (b *builder) exprStmt(e cc.ExpressionNode) {
	x := b.expr(e)
	if c, ok := x.(*ir.Call); ok {
		if inner, ok := c.Fun.(*ir.Call); ok && inner.Name == ir.GuardCall {
			g := &ir.Call{Name: ir.GuardCall, Fun: &ir.Ident{Name: ir.GuardCall, P: inner.P}, Args: append(append([]ir.Expr{}, inner.Args...), c.Args...), P: inner.P, E: c.E}
			b.emit(g)
			if len(b.guards) > 0 {
				b.guards[len(b.guards)-1]++
			}
		}
	}
}

func (b *builder) labeled(ls *cc.LabeledStatement) {
	if ls == nil {
		return
	}
	switch ls.Case {
	case cc.LabeledStatementLabel:
		blk := b.labelBlock(b.a.str(ls.Token.Src()))
		b.jump(blk)
		b.cur = blk
	default: // case, default
		blk := b.newBlock()
		b.jump(blk)
		var label ir.Expr
		if ls.ConstantExpression != nil {
			b.cur = blk
			label = b.expr(ls.ConstantExpression)
			if ls.Case == cc.LabeledStatementRange && ls.ConstantExpression2 != nil {
				if hi := b.expr(ls.ConstantExpression2); label != nil && hi != nil {
					label = &ir.Binary{Op: "...", X: label, Y: hi, P: label.Pos()}
				} else {
					label = nil
				}
			}
		}
		if n := len(b.switches); n > 0 {
			sw := b.switches[n-1]
			b.succ(sw.head, blk)
			if ls.Case == cc.LabeledStatementDefault {
				sw.hasDefault = true
				sw.sw.Cases = append(sw.sw.Cases, nil)
			} else if label == nil {
				// A label the IR cannot express: the switch is not
				// described (every case stays possible).
				sw.head.Switch = nil
				sw.sw.Cases = append(sw.sw.Cases, nil)
			} else {
				sw.sw.Cases = append(sw.sw.Cases, label)
			}
		}
		b.cur = blk
	}
	b.stmt(ls.Statement)
}

func (b *builder) selection(ss *cc.SelectionStatement) {
	if ss == nil {
		return
	}
	cond := b.expr(ss.ExpressionList)
	head := b.block()
	join := b.newBlock()
	switch ss.Case {
	case cc.SelectionStatementSwitch:
		b.cur = nil
		head.Cond = nil
		sw := &switchCtx{head: head, sw: &ir.Switch{Value: cond}}
		if cond != nil && len(head.Succs) == 0 {
			head.Switch = sw.sw
		}
		b.switches = append(b.switches, sw)
		b.breaks = append(b.breaks, join)
		b.stmt(ss.Statement)
		b.jump(join)
		b.breaks = b.breaks[:len(b.breaks)-1]
		b.switches = b.switches[:len(b.switches)-1]
		if !sw.hasDefault {
			b.succ(head, join)
			sw.sw.Cases = append(sw.sw.Cases, nil)
		}
		if head.Switch != nil && len(head.Switch.Cases) != len(head.Succs) {
			head.Switch = nil
		}
	default:
		head.Cond = cond
		then := b.newBlock()
		b.succ(head, then)
		b.cur = then
		b.stmt(ss.Statement)
		b.jump(join)
		if ss.Case == cc.SelectionStatementIfElse {
			els := b.newBlock()
			b.succ(head, els)
			b.cur = els
			b.stmt(ss.Statement2)
			b.jump(join)
		} else {
			b.succ(head, join)
		}
	}
	b.cur = join
}

func (b *builder) iteration(is *cc.IterationStatement) {
	if is == nil {
		return
	}
	var init, cond, post cc.ExpressionNode
	switch is.Case {
	case cc.IterationStatementWhile:
		cond = is.ExpressionList
	case cc.IterationStatementDo:
		cond = is.ExpressionList
	case cc.IterationStatementFor:
		init, cond, post = is.ExpressionList, is.ExpressionList2, is.ExpressionList3
	case cc.IterationStatementForDecl:
		b.declaration(is.Declaration)
		cond, post = is.ExpressionList, is.ExpressionList2
	}
	scoped := false
	if init != nil {
		x := b.expr(init)
		// scoped_guard(type, lock) { ... } expands to a for statement whose
		// init is the guard call: the body runs once with the lock held.
		if c, ok := x.(*ir.Call); ok && c.Name != ir.GuardCall && kmodel.In(c.Name, kmodel.ScopedGuards) {
			c.Name = ir.GuardCall
			scoped = true
		}
	}
	exit := b.newBlock()
	head := b.newBlock()
	body := b.newBlock()
	latch := b.newBlock()
	if is.Case == cc.IterationStatementDo {
		b.jump(body)
	} else {
		b.jump(head)
	}
	b.cur = head
	var c ir.Expr
	if cond != nil {
		c = b.expr(cond)
	}
	h := b.block()
	h.Cond = c
	b.succ(h, body)
	b.succ(h, exit)
	b.cur = body
	b.breaks = append(b.breaks, exit)
	b.conts = append(b.conts, latch)
	b.stmt(is.Statement)
	b.breaks = b.breaks[:len(b.breaks)-1]
	b.conts = b.conts[:len(b.conts)-1]
	b.jump(latch)
	b.cur = latch
	if post != nil {
		b.expr(post)
	}
	if scoped {
		// The body runs once: leave through the exit.
		b.jump(exit)
	} else {
		b.jump(head)
	}
	b.cur = exit
	if scoped {
		b.emit(&ir.Call{Name: ir.GuardEnd, Fun: &ir.Ident{Name: ir.GuardEnd}, P: b.pos(is.Token), E: b.pos(is.Token)})
	}
}

func (b *builder) jumpStmt(js *cc.JumpStatement) {
	if js == nil {
		return
	}
	switch js.Case {
	case cc.JumpStatementGoto:
		label := b.a.str(js.Token2.Src())
		b.emit(&ir.Goto{Label: label, P: b.pos(js.Token)})
		b.gotos = append(b.gotos, pendingGoto{from: b.cur, label: label})
		b.cur = nil
	case cc.JumpStatementGotoExpr:
		b.expr(js.ExpressionList)
		b.cur = nil
	case cc.JumpStatementContinue:
		if n := len(b.conts); n > 0 {
			b.jump(b.conts[n-1])
		}
		b.cur = nil
	case cc.JumpStatementBreak:
		if n := len(b.breaks); n > 0 {
			b.jump(b.breaks[n-1])
		}
		b.cur = nil
	case cc.JumpStatementReturn:
		var v ir.Expr
		if js.ExpressionList != nil {
			v = b.expr(js.ExpressionList)
		}
		blk := b.block()
		b.emit(&ir.Return{Value: v, P: b.pos(js.Token), ViaLabel: blk.Label})
		b.jump(b.fn.Exit)
	}
}

// expr lowers an expression, emitting the calls and assignments in it in
// evaluation order, and returns its IR form.
func (b *builder) expr(n cc.ExpressionNode) ir.Expr {
	switch x := n.(type) {
	case nil:
		return nil
	case *cc.PrimaryExpression:
		switch x.Case {
		case cc.PrimaryExpressionIdent:
			id := b.a.idents.alloc()
			*id = ir.Ident{Name: b.a.str(x.Token.Src()), P: b.pos(x.Token)}
			return id
		case cc.PrimaryExpressionExpr:
			return b.expr(x.ExpressionList)
		case cc.PrimaryExpressionStmt:
			// GNU statement expression: its statements run here.
			if v := b.compoundValue(x.CompoundStatement, true); v != nil {
				return v
			}
			return &ir.Other{Text: "({...})", P: b.pos(x.Token)}
		case cc.PrimaryExpressionGeneric:
			return &ir.Other{Text: "_Generic(...)", P: b.pos(x.Token)}
		default:
			lit := b.a.lits.alloc()
			*lit = ir.Lit{Text: b.a.str(x.Token.Src()), P: b.pos(x.Token)}
			return lit
		}
	case *cc.PostfixExpression:
		switch x.Case {
		case cc.PostfixExpressionPrimary:
			return b.expr(x.PrimaryExpression)
		case cc.PostfixExpressionCall:
			fun := b.expr(x.PostfixExpression)
			call := b.a.calls.alloc()
			*call = ir.Call{Fun: fun, E: b.pos(x.Token2)}
			if fun != nil {
				call.P = fun.Pos()
			} else {
				call.P = b.pos(x.Token)
			}
			if id, ok := fun.(*ir.Ident); ok {
				call.Name = id.Name
			}
			n := 0
			for l := x.ArgumentExpressionList; l != nil; l = l.ArgumentExpressionList {
				n++
			}
			call.Args = b.a.args(n)
			for l := x.ArgumentExpressionList; l != nil; l = l.ArgumentExpressionList {
				call.Args = append(call.Args, b.expr(l.AssignmentExpression))
			}
			if call.E.IsValid() {
				call.E++
			}
			b.emit(call)
			return call
		case cc.PostfixExpressionSelect, cc.PostfixExpressionPSelect:
			base := b.expr(x.PostfixExpression)
			if base == nil {
				base = &ir.Other{Text: "?"}
			}
			m := b.a.members.alloc()
			*m = ir.Member{X: base, Name: b.a.str(x.Token2.Src()), Arrow: x.Case == cc.PostfixExpressionPSelect, P: base.Pos()}
			return m
		case cc.PostfixExpressionIndex:
			base := b.expr(x.PostfixExpression)
			idx := b.expr(x.ExpressionList)
			text := "[...]"
			if base != nil && idx != nil {
				text = base.String() + "[" + idx.String() + "]"
			}
			return &ir.Other{Text: text, P: b.pos(x.Token)}
		case cc.PostfixExpressionComplit:
			return &ir.Other{Text: "(compound literal)", P: b.pos(x.Token)}
		default: // ++, --
			return b.incDec(b.expr(x.PostfixExpression), x.Token)
		}
	case *cc.UnaryExpression:
		switch x.Case {
		case cc.UnaryExpressionPostfix:
			return b.expr(x.PostfixExpression)
		case cc.UnaryExpressionAddrof, cc.UnaryExpressionDeref, cc.UnaryExpressionNot,
			cc.UnaryExpressionMinus, cc.UnaryExpressionCpl, cc.UnaryExpressionPlus:
			sub := b.expr(x.CastExpression)
			if sub == nil {
				return nil
			}
			u := b.a.unaries.alloc()
			*u = ir.Unary{Op: b.a.op(x.Token.Src()), X: sub, P: b.pos(x.Token)}
			return u
		case cc.UnaryExpressionInc, cc.UnaryExpressionDec:
			return b.incDec(b.expr(x.UnaryExpression), x.Token)
		case cc.UnaryExpressionSizeofExpr, cc.UnaryExpressionSizeofType,
			cc.UnaryExpressionAlignofExpr, cc.UnaryExpressionAlignofType:
			// Not evaluated: no calls happen.
			return &ir.Other{Text: "sizeof(...)", P: b.pos(x.Token)}
		default:
			b.expr(x.CastExpression)
			b.expr(x.UnaryExpression)
			return &ir.Other{Text: "...", P: b.pos(x.Token)}
		}
	case *cc.CastExpression:
		if x.Case == cc.CastExpressionCast {
			return b.expr(x.CastExpression)
		}
		return b.expr(x.UnaryExpression)
	case *cc.AssignmentExpression:
		if x.Case == cc.AssignmentExpressionCond {
			return b.expr(x.ConditionalExpression)
		}
		lhs := b.expr(x.UnaryExpression)
		rhs := b.expr(x.AssignmentExpression)
		if lhs != nil {
			a := b.a.assigns.alloc()
			*a = ir.Assign{LHS: lhs, RHS: rhs, P: lhs.Pos()}
			if op := b.a.op(x.Token.Src()); op != "=" {
				a.Op = op
			}
			b.emit(a)
		}
		return lhs
	case *cc.ConditionalExpression:
		if x.Case == cc.ConditionalExpressionLOr {
			return b.expr(x.LogicalOrExpression)
		}
		c := b.expr(x.LogicalOrExpression)
		then := b.expr(x.ExpressionList)
		els := b.expr(x.ConditionalExpression)
		if c == nil || then == nil || els == nil {
			return &ir.Other{Text: "?:", P: b.pos(x.Token)}
		}
		return &ir.Cond{C: c, Then: then, Else: els, P: c.Pos()}
	case *cc.ConstantExpression:
		return b.expr(x.ConditionalExpression)
	case *cc.ExpressionList:
		var last ir.Expr
		for l := x; l != nil; l = l.ExpressionList {
			last = b.expr(l.AssignmentExpression)
		}
		return last
	case *cc.AdditiveExpression:
		return b.binary(x.Token, x.AdditiveExpression, x.MultiplicativeExpression)
	case *cc.MultiplicativeExpression:
		return b.binary(x.Token, x.MultiplicativeExpression, x.CastExpression)
	case *cc.ShiftExpression:
		return b.binary(x.Token, x.ShiftExpression, x.AdditiveExpression)
	case *cc.RelationalExpression:
		return b.binary(x.Token, x.RelationalExpression, x.ShiftExpression)
	case *cc.EqualityExpression:
		return b.binary(x.Token, x.EqualityExpression, x.RelationalExpression)
	case *cc.AndExpression:
		return b.binary(x.Token, x.AndExpression, x.EqualityExpression)
	case *cc.ExclusiveOrExpression:
		return b.binary(x.Token, x.ExclusiveOrExpression, x.AndExpression)
	case *cc.InclusiveOrExpression:
		return b.binary(x.Token, x.InclusiveOrExpression, x.ExclusiveOrExpression)
	case *cc.LogicalAndExpression:
		return b.binary(x.Token, x.LogicalAndExpression, x.InclusiveOrExpression)
	case *cc.LogicalOrExpression:
		return b.binary(x.Token, x.LogicalOrExpression, x.LogicalAndExpression)
	}
	return &ir.Other{Text: "...", P: b.pos(firstToken(n))}
}

// incDec records an increment or decrement of x, and returns x.
func (b *builder) incDec(x ir.Expr, op cc.Token) ir.Expr {
	if x != nil {
		b.emit(&ir.IncDec{X: x, Op: b.a.op(op.Src()), P: b.pos(op)})
	}
	return x
}

func (b *builder) binary(op cc.Token, l, r cc.ExpressionNode) ir.Expr {
	if l == nil {
		return b.expr(r)
	}
	if r == nil {
		return b.expr(l)
	}
	x, y := b.expr(l), b.expr(r)
	if x == nil || y == nil {
		return &ir.Other{Text: "...", P: b.pos(op)}
	}
	bin := b.a.binarys.alloc()
	*bin = ir.Binary{Op: b.a.op(op.Src()), X: x, Y: y, P: x.Pos()}
	return bin
}

func firstToken(n cc.Node) cc.Token {
	if n == nil {
		return cc.Token{}
	}
	if toks := cc.NodeTokens(n); len(toks) > 0 {
		return toks[0]
	}
	return cc.Token{}
}
