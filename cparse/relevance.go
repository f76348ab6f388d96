package cparse

// File-scope declarations that cannot matter are not parsed. The parser
// needs typedefs (to tell types from values) and function definitions;
// analyses need, besides, the initializers that name functions (ops tables,
// driver structures) and the kernel's object-defining macros
// (DECLARE_TASKLET, module_init). Struct and enum definitions, prototypes,
// plain variables and data tables only cost parse time: register tables
// and ID tables are a large share of driver sources.

import (
	"sync"

	"github.com/kdlint/kdlint/kmodel"
)

var (
	modelNamesOnce sync.Once
	modelNames     map[string]bool
)

// loadModelNames collects every name the kernel API model knows.
func loadModelNames() {
	modelNames = map[string]bool{}
	add := func(n string) { modelNames[n] = true }
	for _, s := range kmodel.Sleepers {
		add(s.Func)
	}
	for _, l := range kmodel.LockOps {
		add(l.Func)
	}
	for _, r := range kmodel.Registrations {
		add(r.Func)
	}
	for _, f := range kmodel.FieldCallbacks {
		add(f.Field)
	}
	for _, s := range kmodel.Setups {
		add(s.Func)
	}
	for _, t := range kmodel.Teardowns {
		add(t.Func)
	}
	for _, m := range kmodel.ModuleEntries {
		add(m.Macro)
	}
	for _, d := range kmodel.DriverMacros {
		add(d.Macro)
	}
	for _, d := range kmodel.DriverStructs {
		add(d.Struct)
	}
	for _, o := range kmodel.OpsSlots {
		add(o.Struct)
	}
}

// neededDecl reports whether a file-scope declaration item must be parsed:
// it declares a typedef, or mentions a function or macro of the module or
// a name of the kernel API model.
func neededDecl(s *scanned, it item, names *moduleNames) bool {
	modelNamesOnce.Do(loadModelNames)
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

var (
	moduleNamesOnce sync.Once
	// contextNames are the names without which no rule can report anything
	// in a module: what creates atomic context (callback registrations,
	// atomic locks, atomic operations-table slots, callback fields) and
	// what creates workqueues and tasklets.
	contextNames map[string]bool
)

func loadContextNames() {
	contextNames = map[string]bool{"guard": true, "scoped_guard": true, "scoped_cond_guard": true}
	for _, r := range kmodel.Registrations {
		if r.Context.Atomic() {
			contextNames[r.Func] = true
		}
	}
	for _, l := range kmodel.LockOps {
		if l.Acquire && l.Class.Atomic() {
			contextNames[l.Func] = true
		}
	}
	for _, f := range kmodel.FieldCallbacks {
		contextNames[f.Field] = true
	}
	for _, o := range kmodel.OpsSlots {
		contextNames[o.Struct] = true
	}
	for _, s := range kmodel.Setups {
		if s.Kind == kmodel.Workqueue || s.Kind == kmodel.Tasklet {
			contextNames[s.Func] = true
		}
	}
}

// moduleCanReport reports whether any file of a module mentions a name
// that could let a rule report something. A module that mentions none
// provably has no atomic context and no workqueue or tasklet, so it is
// not parsed at all (unless Config.ParseAll).
func moduleCanReport(files []*srcFile) bool {
	moduleNamesOnce.Do(loadContextNames)
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
