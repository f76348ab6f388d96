package cparse

// File-scope declarations that cannot matter are not parsed. The parser
// needs typedefs (to tell types from values) and function definitions;
// analyses need, besides, the initializers that name functions (ops tables,
// driver structures) and the kernel's object-defining macros
// (DECLARE_TASKLET, module_init). Struct and enum definitions, prototypes,
// plain variables and data tables only cost parse time: register tables
// and ID tables are a large share of driver sources.

import "github.com/kdlint/kdlint/kmodel"

var (
	// modelNames holds every name the kernel API model knows.
	modelNames = kmodel.Names()
	// contextNames holds the names without which no rule can report
	// anything in a module (kmodel.ContextNames).
	contextNames = kmodel.ContextNames()
)

// neededDecl reports whether a file-scope declaration item must be parsed:
// it declares a typedef, or mentions a function or macro of the module or
// a name of the kernel API model.
func neededDecl(s *scanned, it item, names *moduleNames) bool {
	for i := it.first; i <= it.last; i++ {
		t := s.toks[i]
		if t.kind != tIdent || t.alt {
			continue
		}
		name := s.text(t)
		if name == "typedef" || modelNames[name] || names.funcs[name] || names.macros[name] {
			return true
		}
	}
	return false
}

// moduleCanReport reports whether any file of a module mentions a name
// that could let a rule report something. A module that mentions none
// provably has no atomic context and no workqueue or tasklet, so it is
// not parsed at all (unless Config.ParseAll).
func moduleCanReport(files []*srcFile) bool {
	for _, f := range files {
		s := f.scan
		for _, t := range s.toks {
			if t.kind == tIdent && contextNames[s.text(t)] {
				return true
			}
		}
	}
	return false
}
