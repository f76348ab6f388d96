package cparse

import (
	"sort"
	"strconv"
	"strings"

	"github.com/kdlint/kdlint/kmodel"
)

// Rendering inference as C: the prelude entries a unit uses and a
// definition for each inferred name, read by cc/v4 before the unit.

// prefix renders the prelude entries and inferred declarations as C.
func (inf *inference) prefix() string {
	var b strings.Builder
	b.WriteString("int __predefined_declarator;\n")
	// Macros first (typedef lines may use them), in a stable order.
	var macros, typedefs []string
	for name := range inf.prelude {
		if kmodel.Prelude[name].Typedef {
			typedefs = append(typedefs, name)
		} else {
			macros = append(macros, name)
		}
	}
	sort.Strings(macros)
	sort.Strings(typedefs)
	for _, n := range macros {
		b.WriteString(kmodel.Prelude[n].Text)
	}
	for _, n := range typedefs {
		b.WriteString(kmodel.Prelude[n].Text)
	}
	var names, types []string
	for n := range inf.guessed {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		macro, ok, typedef := inf.guessed[n].decide()
		if ok {
			b.WriteString(inf.macro(n, macro))
		}
		if typedef {
			types = append(types, n)
		}
	}
	// After the macros, as the prelude's typedefs are.
	for _, n := range types {
		b.WriteString("typedef int " + n + ";\n")
	}
	return b.String()
}

// define renders a macro taking statements: the call stays a call with
// the other arguments, and the statements run in a branch.
//
//	#define M(a0, a1, a2) if (M(a0, a1)) { a2; }
//	#define M(a0, a1) for (M(a1);;) if (0) { a0; } else      (M(...) { ... })
func (m *codeMacro) define(name string) string {
	if m.bad || m.n > 64 {
		return "#define " + name + "(...) 0\n"
	}
	var params, args, stmts []string
	for i := 0; i < m.n; i++ {
		p := "__kd_a" + strconv.Itoa(i)
		params = append(params, p)
		if m.code&(1<<i) != 0 {
			stmts = append(stmts, p+";")
		} else {
			args = append(args, p)
		}
	}
	call := name + "(" + strings.Join(args, ", ") + ")"
	head := "#define " + name + "(" + strings.Join(params, ", ") + ") "
	if m.iter {
		return head + "for (" + call + ";;) if (0) { " + strings.Join(stmts, " ") + " } else\n"
	}
	return head + "if (" + call + ") { " + strings.Join(stmts, " ") + " }\n"
}

// macro renders the definition of name that the guess g calls for.
func (inf *inference) macro(n string, g guess) string {
	switch g {
	case asMarker:
		return "#define " + n + "\n"
	case asString:
		return "#define " + n + " \"\"\n"
	case asStringFunc:
		return "#define " + n + "(...) \"\"\n"
	case asTypeMacro:
		return "#define " + n + "(...) int\n"
	case asTypeArg:
		return "#define " + n + "(...) 0\n"
	case asCode:
		return inf.code[n].define(n)
	case asIterator:
		return "#define " + n + "(...) for (" + n + "(__VA_ARGS__);;)\n"
	case asFuncDef:
		// The function is named by the macro's first argument, as the
		// kernel's function-defining macros do (its parameters, which
		// come in type, name pairs or otherwise, are not known).
		if inf.unnamedFuncDefs[n] {
			return "#define " + n + "(...) long " + n + "(void)\n"
		}
		return "#define " + n + "(__kd_name, ...) long __kd_name(void)\n"
	case asStmt:
		// The call stays visible: a macro is not expanded in itself.
		return "#define " + n + "(...) " + n + "(__VA_ARGS__);\n"
	case asParams:
		return "#define " + n + " int __kd_params_" + n + "\n"
	case asDecl:
		if inf.declsNoSemi[n] {
			return "#define " + n + "(...) int __kd_ignored;\n"
		}
		return "#define " + n + "(...) int __kd_ignored\n"
	}
	return ""
}
