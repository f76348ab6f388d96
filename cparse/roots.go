package cparse

// declaredRoots returns the module's names among funcs, the functions
// that run in atomic context by their name (kmodel.NameSets.AtomicFuncs,
// declared by a run's extension): they are roots of atomic context
// however the module registers them.
func (g *mentionGraph) declaredRoots(funcs map[string]bool) []nameID {
	var out []nameID
	for name := range funcs {
		if id, ok := g.lookup(name); ok {
			out = append(out, id)
		}
	}
	return out
}
