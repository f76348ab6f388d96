// Package ir is the small program representation kdlint's analyses work on:
// the functions of one driver module as control-flow graphs of calls,
// assignments and returns, plus its file-scope objects. The front end
// (cparse) builds it from C; analyzers only read it.
//
// Expressions are kept only as far as the rules need them: names, member
// access, address-of and dereference, calls and literals. Everything else is
// an Other node that still records the calls inside it.
package ir

import (
	"go/token"
	"strconv"
	"strings"
)

// Module is one driver: every .c file of a directory, with the .h files
// they include from it.
type Module struct {
	Dir     string
	Files   []*File
	Funcs   []*Func
	Globals []*Global
	Skipped []Skip
	// Unneeded counts the function definitions of a module that was not
	// parsed because none of its files mentions anything a rule uses.
	Unneeded int
	// Read lists every file the front end read for the module, each once,
	// in the order first read: its own files, the headers it included
	// (from next to the including file, the module directory or an
	// include directory) and the files read before every unit (-include).
	// What the front end saw is exactly these contents, so the result
	// cache is keyed on them.
	Read []Source
	// Absent lists the paths the front end looked for a quoted header at
	// and found nothing: a file that appears there later changes what it
	// would read.
	Absent []string
	// Notes are what the front end noticed in the module's text and
	// worked around, in the order noticed: each says what it did and,
	// for the kinds that lose code (NoteKind.Lost), what was not analysed.
	Notes []Note
	// Units are the objects Kbuild builds from the module's .c files
	// (loadable modules or built-in objects), as the driver read them
	// from the directory's Kbuild file or Makefile; nil when there is
	// none, and the directory is then one unit. The lifecycle analyses
	// take a unit as the boundary of what its exit and remove functions
	// must tear down.
	Units []Unit
	// Enums holds the values of the enumeration constants defined in the
	// files the module read, where the front end could compute them (an
	// enumerator given a value it cannot evaluate, and those after it in
	// its list, are left out; so is a name defined twice with different
	// values).
	Enums map[string]int64
	// Structs holds the struct tags defined in the files the module read
	// (its own structures and those of the headers it includes with
	// quotes; not the kernel's).
	Structs map[string]bool
	// UnionMembers holds the names of the members declared directly in
	// the union definitions of those files: writing one may change the
	// others.
	UnionMembers map[string]bool
	// Links are pairs of files (File.Path) of which one holds a function
	// whose body the front end did not parse but names a function of the
	// other: how those bodies relate the files (the call graph relates
	// those of the parsed bodies itself). The front end records them for
	// the bodies its relevance stage parsed until it told lock classes
	// apart by group, so that the files related stay the same.
	Links [][2]string
	// Unparsed holds, by function name, what the body of each function
	// whose body the front end did not parse (Func.BodyUnneeded, or
	// dropped whole and so not in Funcs) may write, read conservatively
	// from its tokens and those of the module macros it uses; functions
	// of the same name share one record, the union. The atomic analysis
	// uses it after a call to such a function, where it would otherwise
	// have no body to look at. Only the functions it can ask about have
	// one: those named by a call of a parsed body, those of Funcs, and
	// what their bodies call. Nil when there are none.
	Unparsed map[string]*Writes

	byName map[string][]*Func
}

// Writes is what an unparsed body may write (Module.Unparsed), each list
// sorted, without repeats.
type Writes struct {
	// Members are the member names in the left operand of an
	// assignment (compound ones included) or of ++ and --, brackets
	// included (p->a[q->i] = x names a and i).
	Members []string
	// Addressed are the member names after a unary & (&p->m): what the
	// body or what it gives the address to may write through it.
	Addressed []string
	// Calls are the functions of the module the body calls by name (a
	// name followed by "("), which may write more.
	Calls []string
	// Any is set when a macro the body uses builds a name with ## next
	// to a write: what it writes is not known.
	Any bool
	// ContainerOfParam is set when every body of the name is one return
	// of a container macro of its first parameter p (return
	// container_of(p, struct x, cdev);): a call of it gives the structure
	// that holds what p points to, as the macro would.
	ContainerOfParam bool
}

// Unit is one object Kbuild builds from some of a module's .c files.
type Unit struct {
	// Name is the object's name ("e1000e"); "" for the files of a
	// directory whose Kbuild file lists none of them.
	Name string
	// Files are its .c files among the module's, as in File.Path.
	Files []string
	// Outside is set when the object is also built from .c files of
	// other directories, which are not part of the module.
	Outside bool
	// BuiltinOnly is set when the object can only be built into the
	// kernel (obj-y, a bool symbol): its module_exit never runs. Why
	// says why, and Kbuild where it is listed ("drivers/x/Makefile:3").
	BuiltinOnly bool
	Why, Kbuild string
}

// File is one source file of the module.
type File struct {
	Path   string // as given to the driver
	Size   int
	Tok    *token.File
	Failed string // why the whole file could not be analysed; "" if it was
	Funcs  int    // function definitions found in the file
	// Src is the file's text as read (nil when it could not be), so that
	// what else looks at it (suppression comments) need not read it again.
	Src []byte
}

// Source is one file the front end read, with the SHA-256 of the bytes it
// read.
type Source struct {
	Path string
	Sum  [32]byte
}

// Skip records a function (or other top-level item) the front end could
// not parse and left out of the analysis.
type Skip struct {
	Pos    token.Pos
	Name   string // function name, when known
	Reason string // category: "unknown macro", "unknown type name", ...
	Detail string // the parser's message
}

// Note is something the front end noticed in the text of a module and
// worked around.
type Note struct {
	Pos     token.Pos // where; for a missing header, its first #include
	Kind    NoteKind
	Message string
}

// NoteKind says what a note is about.
type NoteKind uint8

const (
	// NoteNUL: NUL bytes in a file were read as spaces, as gcc ignores
	// them; nothing is lost.
	NoteNUL NoteKind = iota + 1
	// NoteUnterminated: a comment runs to the end of the file, so what
	// it swallows is not analysed (as for a compiler, it is a comment).
	NoteUnterminated
	// NoteUnterminatedLiteral: a string or character literal is not
	// closed on its line; it was closed there and the rest analysed.
	NoteUnterminatedLiteral
	// NoteMissingInclude: a quoted #include was found nowhere; what it
	// would declare is inferred. Once per module and name.
	NoteMissingInclude
	// NoteIncludeLimit: an #include was not expanded (an include cycle)
	// or a file included under too many distinct macro states was read
	// with the conditions of its first inclusion.
	NoteIncludeLimit
)

// Lost reports whether a note of this kind means that code was not
// analysed.
func (k NoteKind) Lost() bool { return k == NoteUnterminated || k == NoteIncludeLimit }

// Func is one function definition.
type Func struct {
	Name   string
	File   string    // path of the file that defines it
	Pos    token.Pos // position of the name
	End    token.Pos
	Static bool
	Params []string
	Locals []string // variables declared in the body
	Blocks []*Block // Blocks[0] is the entry
	Exit   *Block   // every return (and the closing brace) leads here
	// BodyUnneeded is set when the body was not parsed because nothing in
	// it, or in what it calls, can matter to any rule; Blocks is empty.
	BodyUnneeded bool
	// Annotations are the lock annotations written on the definition or
	// on a prototype of it (__acquires, __releases, __must_hold), in
	// source order.
	Annotations []Annotation
	// NoReturn is set when the function is declared never to return
	// (__noreturn, __attribute__((noreturn))).
	NoReturn bool

	// calls is what Calls returns, made on its first use.
	calls    []*Call
	callsSet bool
}

// Annotation is a lock annotation of a function: __acquires(x) says the
// function returns holding x, __releases(x) that it releases x, which its
// caller held, and __must_hold(x) that x is held throughout.
type Annotation struct {
	Kind AnnotationKind
	Lock Expr // the annotation's argument, as an expression
	P    token.Pos
}

// AnnotationKind is the kind of a lock annotation.
type AnnotationKind uint8

const (
	Acquires AnnotationKind = iota
	Releases
	MustHold
)

// Block is a basic block: nodes executed in order, then a transfer to
// one of Succs.
type Block struct {
	Index int
	Nodes []Node
	Succs []*Block
	Label string // the C label that starts this block, if any
	// Cond is the branch condition when the block ends in a two-way branch:
	// Succs[0] is taken when Cond is true, Succs[1] when it is false.
	Cond Expr
	// Switch is set on the block that ends in a switch statement's jump
	// to its cases; nil otherwise.
	Switch *Switch
}

// Switch is a switch statement's jump: the value switched on, and the
// case label of each successor of its block.
type Switch struct {
	Value Expr
	// Cases[i] is the label of Succs[i]: the case value, a Binary with
	// Op "..." for a GNU case range, nil for the default label and for
	// the edge taken when no case matches a switch without one.
	Cases []Expr
}

// Node is something that happens in a block.
type Node interface {
	Pos() token.Pos
	node()
}

// Call is a function call. Calls nested in arguments come before it in
// the block, in evaluation order.
type Call struct {
	Fun  Expr   // the callee expression
	Name string // the callee's name for a direct call; "" otherwise
	Args []Expr
	P    token.Pos
	E    token.Pos // end of the call, after ')'
}

// Assign is an assignment LHS = RHS (compound assignments included).
type Assign struct {
	LHS, RHS Expr
	P        token.Pos
	// Op is the operator of a compound assignment ("|=", "+=", ...), ""
	// for a plain one.
	Op string
}

// IncDec is an increment or decrement of X (++ or --, prefix or
// postfix).
type IncDec struct {
	X  Expr
	Op string // "++" or "--"
	P  token.Pos
}

// Return is a return statement. The block holding it has Exit as its only
// successor.
type Return struct {
	Value Expr // nil for a plain return
	P     token.Pos
	// ViaGoto is the label of the last goto on the straight path to this
	// return within its block chain, for messages ("goto err_free").
	ViaLabel string
}

// Synthetic calls the front end emits for scope-bound locks
// (linux/cleanup.h), so that analyses see them as calls.
const (
	// GuardCall acquires a guard() or scoped_guard(): Args[0] is the lock
	// type (spinlock, mutex, ...), the rest are the lock arguments.
	GuardCall = "guard"
	// GuardEnd releases the innermost guard when its scope ends.
	GuardEnd = "guard.end"
)

// Goto marks a goto statement, for messages; control flow is in Succs.
type Goto struct {
	Label string
	P     token.Pos
}

func (c *Call) Pos() token.Pos   { return c.P }
func (a *Assign) Pos() token.Pos { return a.P }
func (r *Return) Pos() token.Pos { return r.P }
func (g *Goto) Pos() token.Pos   { return g.P }
func (n *IncDec) Pos() token.Pos { return n.P }
func (*IncDec) node()            {}
func (*Call) node()              {}
func (*Assign) node()            {}
func (*Return) node()            {}
func (*Goto) node()              {}

// Global is a file-scope variable definition.
type Global struct {
	Name      string
	File      string // path of the file that defines it
	StructTag string // "platform_driver" for `struct platform_driver x`
	Static    bool
	Pos       token.Pos
	Init      Expr // initializer, nil if none
}

// Expr is an expression.
type Expr interface {
	Pos() token.Pos
	String() string
}

// Ident is a name.
type Ident struct {
	Name string
	P    token.Pos
}

// Member is X.Name or X->Name.
type Member struct {
	X     Expr
	Name  string
	Arrow bool
	P     token.Pos
}

// Unary is &X, *X, !X, -X or ~X.
type Unary struct {
	Op string
	X  Expr
	P  token.Pos
}

// Lit is a number, character or string literal.
type Lit struct {
	Text string
	P    token.Pos
}

// Binary is X op Y for the operators the rules look at (|, ==, !=, &&, ...).
type Binary struct {
	Op   string
	X, Y Expr
	P    token.Pos
}

// Cond is a conditional expression C ? Then : Else. The calls in its
// arms are in the block before it, as if both arms ran.
type Cond struct {
	C, Then, Else Expr
	P             token.Pos
}

// InitList is a brace-enclosed initializer: {.probe = foo_probe, ...}.
type InitList struct {
	Elems []InitElem
	P     token.Pos
}

// InitElem is one element of an initializer list; Field is the designator
// (".probe" gives "probe"), empty for positional elements.
type InitElem struct {
	Field string
	Value Expr
}

// Other is any other expression. Text is its source, Calls the calls in it.
type Other struct {
	Text  string
	Calls []*Call
	P     token.Pos
}

func (e *Ident) Pos() token.Pos    { return e.P }
func (e *Member) Pos() token.Pos   { return e.P }
func (e *Unary) Pos() token.Pos    { return e.P }
func (e *Lit) Pos() token.Pos      { return e.P }
func (e *Binary) Pos() token.Pos   { return e.P }
func (e *InitList) Pos() token.Pos { return e.P }
func (e *Cond) Pos() token.Pos     { return e.P }
func (e *Cond) String() string {
	return e.C.String() + " ? " + e.Then.String() + " : " + e.Else.String()
}
func (e *Other) Pos() token.Pos { return e.P }
func (c *Call) String() string {
	var b strings.Builder
	b.WriteString(c.Fun.String())
	b.WriteByte('(')
	for i, a := range c.Args {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(a.String())
	}
	b.WriteByte(')')
	return b.String()
}
func (e *Ident) String() string { return e.Name }

// AppendString appends e.String() to b, without the strings String
// makes for each part: the analyses name many expressions.
func AppendString(b []byte, e Expr) []byte {
	switch e := e.(type) {
	case *Ident:
		return append(b, e.Name...)
	case *Member:
		b = AppendString(b, e.X)
		if e.Arrow {
			b = append(b, "->"...)
		} else {
			b = append(b, '.')
		}
		return append(b, e.Name...)
	case *Unary:
		return AppendString(append(b, e.Op...), e.X)
	case *Lit:
		return append(b, e.Text...)
	case *Binary:
		b = append(AppendString(b, e.X), ' ')
		b = append(append(b, e.Op...), ' ')
		return AppendString(b, e.Y)
	case *Call:
		b = append(AppendString(b, e.Fun), '(')
		for i, a := range e.Args {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = AppendString(b, a)
		}
		return append(b, ')')
	case *Other:
		return append(b, e.Text...)
	}
	return append(b, e.String()...)
}
func (e *Member) String() string {
	if e.Arrow {
		return e.X.String() + "->" + e.Name
	}
	return e.X.String() + "." + e.Name
}
func (e *Unary) String() string  { return e.Op + e.X.String() }
func (e *Lit) String() string    { return e.Text }
func (e *Binary) String() string { return e.X.String() + " " + e.Op + " " + e.Y.String() }
func (e *InitList) String() string {
	return "{...}"
}
func (e *Other) String() string { return e.Text }

// NewModule returns an empty module for dir.
func NewModule(dir string) *Module { return &Module{Dir: dir} }

// Func returns the module's function named name, or nil. When several
// files define a function of that name (static functions of different
// drivers sharing a directory), the first non-static one wins.
func (m *Module) Func(name string) *Func { return m.Resolve(name, "") }

// Resolve returns the function a reference to name made in file means:
// a function of that name defined in the same file, else a non-static
// one, else any.
func (m *Module) Resolve(name, file string) *Func {
	if m.byName == nil {
		m.byName = make(map[string][]*Func, len(m.Funcs))
		for _, f := range m.Funcs {
			m.byName[f.Name] = append(m.byName[f.Name], f)
		}
	}
	cands := m.byName[name]
	switch len(cands) {
	case 0:
		return nil
	case 1:
		return cands[0]
	}
	for _, f := range cands {
		if f.File == file {
			return f
		}
	}
	for _, f := range cands {
		if !f.Static {
			return f
		}
	}
	return cands[0]
}

// Calls returns every call in f, in block order. The analyses ask for
// them again and again, so the list is made once, on first use, which
// must come after the front end has finished f's blocks; the slice is
// shared by every caller and must not be changed (slices.Clone it to
// sort it).
func (f *Func) Calls() []*Call {
	if f.callsSet {
		return f.calls
	}
	n := 0
	for _, b := range f.Blocks {
		for _, nd := range b.Nodes {
			if _, ok := nd.(*Call); ok {
				n++
			}
		}
	}
	var out []*Call
	if n > 0 {
		out = make([]*Call, 0, n)
		for _, b := range f.Blocks {
			for _, nd := range b.Nodes {
				if c, ok := nd.(*Call); ok {
					out = append(out, c)
				}
			}
		}
	}
	f.calls, f.callsSet = out, true
	return out
}

// WalkCalls calls visit for every call in an expression tree (a global's
// initializer, an argument), innermost first: the order they are
// evaluated in.
func WalkCalls(e Expr, visit func(*Call)) {
	switch e := e.(type) {
	case *Call:
		for _, a := range e.Args {
			WalkCalls(a, visit)
		}
		visit(e)
	case *InitList:
		for _, el := range e.Elems {
			WalkCalls(el.Value, visit)
		}
	case *Unary:
		WalkCalls(e.X, visit)
	case *Binary:
		WalkCalls(e.X, visit)
		WalkCalls(e.Y, visit)
	case *Member:
		WalkCalls(e.X, visit)
	}
}

// Mentions reports whether e names name, as a flags argument names a flag
// (WQ_BH | WQ_HIGHPRI), also inside text the front end kept unparsed.
func Mentions(e Expr, name string) bool {
	switch e := e.(type) {
	case *Ident:
		return e.Name == name
	case *Binary:
		return Mentions(e.X, name) || Mentions(e.Y, name)
	case *Unary:
		return Mentions(e.X, name)
	case *Other:
		return strings.Contains(e.Text, name)
	}
	return false
}

// IntLiteral returns the value of a C integer constant as written:
// decimal, octal (leading 0), hexadecimal (0x) or binary (0b), with U and
// L suffixes; values above the int64 range wrap, as the unsigned constant
// they are. Floating constants and anything else are not integers.
func IntLiteral(text string) (int64, bool) {
	t := strings.TrimRight(text, "uUlL")
	if t == "" || t[0] < '0' || t[0] > '9' {
		return 0, false
	}
	hex := strings.HasPrefix(t, "0x") || strings.HasPrefix(t, "0X")
	if !hex && strings.ContainsAny(t, ".eEpP") {
		return 0, false // a floating constant
	}
	base := 10
	switch {
	case hex:
		base, t = 16, t[2:]
	case strings.HasPrefix(t, "0b") || strings.HasPrefix(t, "0B"):
		base, t = 2, t[2:]
	case len(t) > 1 && t[0] == '0':
		base, t = 8, t[1:]
	}
	u, err := strconv.ParseUint(t, base, 64)
	if err != nil {
		return 0, false
	}
	return int64(u), true
}

// StripAddr removes a leading & from e: &priv->wq and priv->wq name the
// same object for the rules.
func StripAddr(e Expr) Expr {
	for {
		u, ok := e.(*Unary)
		if !ok || u.Op != "&" {
			return e
		}
		e = u.X
	}
}

// ObjectKey names the object an expression refers to, so that the same
// object reached through different local pointers matches: the last member
// name for member expressions (priv->wq and dev->wq are both "wq"), the
// variable name otherwise. It returns "" for expressions that name no object.
func ObjectKey(e Expr) string {
	switch e := StripAddr(e).(type) {
	case *Ident:
		return e.Name
	case *Member:
		return "." + e.Name
	case *Unary:
		if e.Op == "*" {
			return ObjectKey(e.X)
		}
	}
	return ""
}

// CalleeName returns the name of the function e designates when e is a
// plain name or &name, "" otherwise.
func CalleeName(e Expr) string {
	if id, ok := StripAddr(e).(*Ident); ok {
		return id.Name
	}
	return ""
}
