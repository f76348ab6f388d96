package cparse

// The module stage's plainer ways, before ParseModule fused them into
// other passes (moduleFront): the tests use them to set up modules and
// as the reference the fused passes are held to.

import "github.com/kdlint/kdlint/kmodel"

// decideRelevance is the relevance stage: it works out what of the module
// can matter to the needs. It returns nil for all of it (-parse-all), and
// false when nothing can.
func decideRelevance(src *moduleSources, names *moduleNames) (*relevance, bool) {
	sets, needed := relevanceSets(src)
	if !needed {
		return nil, false
	}
	return relevanceOf(src, names, sets), true
}

// relevanceSets is the first half of decideRelevance, which needs no
// names: the sets of names that matter to the module, and false when
// nothing of it can (nil sets: all of it, -parse-all).
func relevanceSets(src *moduleSources) (*kmodel.NameSets, bool) {
	sets, needed := relevanceGate(src)
	if sets != nil && mentionsAny(append(src.code(), src.config()...), sets.BHWork) {
		sets = sets.WithBHWork()
	}
	return sets, needed
}

// mentionsAny reports whether a file mentions one of names.
func mentionsAny(files []*srcFile, names map[string]bool) bool {
	if len(names) == 0 {
		return false
	}
	lengths := lengthBits(names)
	for _, f := range files {
		s := f.scan
		for _, t := range s.toks {
			if t.kind == tIdent && hasLength(lengths, int(t.end-t.off)) && names[s.text(t)] {
				return true
			}
		}
	}
	return false
}

// collectNames is the names stage. It also counts the function
// definitions of the module's .c files (countFuncs).
func collectNames(src *moduleSources) *moduleNames {
	countFuncs(src)
	return moduleNamesOf(src)
}
