package cparse

import (
	"bytes"
	"hash/maphash"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/kdlint/kdlint/kmodel"
)

// The working text of a translation unit: each file of the unit as the
// parser must read it, with what cannot matter blanked out (positions never
// move) and what every unit of a module shares worked out once.

// writable returns the unit's own copy of f's working text, for changes
// that are the unit's alone: the text tu.work starts from may be shared
// with the file or with other units.
func (tu *translationUnit) writable(f *srcFile) []byte {
	if !tu.owned[f.rel] {
		tu.work[f.rel] = append([]byte(nil), tu.work[f.rel]...)
		tu.owned[f.rel] = true
	}
	return tu.work[f.rel]
}

// include adds f and the module headers it includes (transitively) to the
// unit, with their working copies.
func (tu *translationUnit) include(f *srcFile) {
	if tu.files[f.rel] != nil {
		return
	}
	tu.files[f.rel] = f
	tu.order = append(tu.order, f)
	for _, d := range f.scan.directives {
		if h := f.incl[d.off]; h != nil && isInclude(d) {
			tu.include(h)
		}
	}
	if f == tu.main {
		tu.work[f.rel] = tu.thinMain(f, tu.prepare(f))
		return
	}
	keepFuncs := tu.shared.owner[f.rel] == tu.main
	// A header is prepared the same way for every unit of the module.
	k := 0
	if keepFuncs {
		k = 1
	}
	f.thinMu.Lock()
	if f.thinned[k] == nil {
		w := tu.thinHeader(f, tu.prepare(f), keepFuncs)
		idents, fromToks := usedIdents(f, w, false)
		th := &thinnedHeader{text: w, idents: idents, tokIdents: fromToks, toks: parsedTokens(f.scan, w),
			enums: typedefEnumBodies(f, tu.names)}
		md := tu.shared.moduleDefines(tu.src)
		for _, id := range idents {
			if fds := md.byName[id]; fds != nil {
				th.macroIdents = append(th.macroIdents, id)
				th.macroDefs = append(th.macroDefs, fds)
			}
		}
		th.typedefs, th.rest = headerTypedefs(f, w, tu.names)
		f.thinned[k] = th
	}
	tu.unread[f.rel] = f.thinned[k].enums
	tu.typedefs[f.rel] = f.thinned[k].typedefs
	tu.headerRest[f.rel] = f.thinned[k].rest
	tu.work[f.rel] = f.thinned[k].text
	tu.thinnedOf[f.rel] = f.thinned[k]
	tu.headerIdents[f.rel] = f.thinned[k].idents
	tu.tokIdents[f.rel] = f.thinned[k].idents[:f.thinned[k].tokIdents:f.thinned[k].tokIdents]
	tu.headerMacroIdents[f.rel] = f.thinned[k].macroIdents
	tu.headerToks[f.rel] = f.thinned[k].toks
	f.thinMu.Unlock()
}

// thinnedHeader is a header's working text, with the distinct names the
// parser will read in it: in code and in directives other than #include
// and #define (whose bodies count only when the macro is used).
type thinnedHeader struct {
	text   []byte
	idents []string
	// tokIdents: idents[:tokIdents] are the distinct names of toks.
	tokIdents int
	// macroIdents are the idents that some file of the module defines
	// as a macro (moduleDefines): all a unit's macro uses can be of.
	macroIdents []string
	// macroDefs are the module's definitions of each of macroIdents
	// (moduleDefines.byName), found once for all units.
	macroDefs [][]fileDefine
	toks      *scanned // what inference reads of it (parsedTokens)
	// enums are the byte ranges the parser need not read of the header's
	// typedef'd enumerator lists (typedefEnumBodies).
	enums [][2]int
	// typedefs are its typedefs a unit may leave out, rest the names
	// the other parts read (headerTypedefs).
	typedefs []headerTypedef
	rest     []string
	// vocab holds the universe ids of idents (vocabIDs).
	vocabOnce sync.Once
	vocab     []int32
	// prelude holds the prelude entries of its tokens' names
	// (preludeEntries).
	preludeOnce sync.Once
	prelude     []*kmodel.PreludeEntry
}

// usedIdents returns the distinct names of f left in its working text w;
// with defines, #define bodies count too (the main file's always do).
// The first fromToks of them are the distinct names of f's tokens that
// the parser reads in w (parsedTokens), in order of first use.
func usedIdents(f *srcFile, w []byte, defines bool) (out []string, fromToks int) {
	// The names share the bytes of f's source, which no one writes
	// (scanned.text): no copies.
	seen := make(map[string]bool, len(f.scan.toks)/16)
	add := func(s string) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for _, t := range f.scan.toks {
		if t.kind == tIdent && !t.alt && visible(w, t.off) {
			add(f.scan.text(t))
		}
	}
	fromToks = len(out)
	for _, d := range f.scan.directives {
		if d.name != "include" && (defines || d.name != "define") {
			eachIdent(f.src[d.off:d.end], func(b []byte) { add(bytesString(b)) })
		}
	}
	return out, fromToks
}

// tokIdents is usedIdents(f, w, true) of f's parsedTokens(f.scan, w),
// toks: the same names, in the same order, read off the tokens kept.
func tokIdents(f *srcFile, toks *scanned) (out []string, fromToks int) {
	seen := make(map[string]bool, len(toks.toks)/8)
	add := func(s string) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for _, t := range toks.toks {
		if t.kind == tIdent {
			add(toks.text(t))
		}
	}
	fromToks = len(out)
	for _, d := range f.scan.directives {
		if d.name != "include" {
			eachIdent(f.src[d.off:d.end], func(b []byte) { add(bytesString(b)) })
		}
	}
	return out, fromToks
}

func isInclude(d directive) bool {
	return d.name == "include" || d.name == "include_next" || d.name == "import"
}

// prepare returns f's text as the parser must read it: includes of
// headers outside the module and build-time checks blanked, inactive
// branches blanked, and guarded against cc/v4's end-of-input loops.
func (tu *translationUnit) prepare(f *srcFile) []byte {
	var w []byte
	own := func() {
		if w == nil {
			w = append([]byte(nil), f.src...)
		}
	}
	for _, d := range f.scan.directives {
		switch {
		case d.name == "error" || d.name == "warning":
			// Build-time sanity checks; with the front end's own choice of
			// #if branches they can fire where the real build would not.
		case isInclude(d) && f.incl[d.off] == nil:
			// Kernel and unknown headers: the prelude stands in for them.
			// (Also an include the parser would skip, its guard defined,
			// and one not expanded: a cycle.)
		default:
			continue
		}
		own()
		blankRaw(w, d.off, d.end)
	}
	// Inactive conditional branches are decided already (cond.go): the
	// parser need not read their text, only their directives.
	for _, t := range f.scan.toks {
		if t.alt {
			own()
			blankRaw(w, int(t.off), int(t.end))
		}
	}
	if w == nil {
		w = f.src
	}
	if f.scan.openComment {
		// The file ends inside a comment, which would swallow whatever
		// the parser reads next. Close it after the end of the file.
		w = append(append([]byte(nil), w...), "*/"...)
	}
	if len(w) == 0 || w[len(w)-1] != '\n' || len(w) > 1 && w[len(w)-2] == '\\' {
		// cc/v4 loops forever on a string literal cut by the end of the
		// input; a final newline ends it (after a space, so that a
		// trailing backslash does not continue the line).
		w = append(append([]byte(nil), w...), " \n"...)
	}
	return w
}

type compactedText struct{ in, out []byte }

// pasteTargets returns the macros among macros that a ## macro building
// names that match globs may build; worked out once per module and set
// of globs (macros that paste alike share it).
func (st *moduleState) pasteTargets(src *moduleSources, globs []string, macros map[string]bool) *pasteSet {
	key := strings.Join(globs, "\x00")
	st.vocabulary(src) // the universe, for parts
	st.pasteMu.Lock()
	defer st.pasteMu.Unlock()
	if out, ok := st.pasteNames[key]; ok {
		return out
	}
	out := &pasteSet{}
	for _, g := range globs {
		out.globs = append(out.globs, strings.Split(g, "*"))
	}
	try := func(m string) {
		var gs []int
		for i, g := range out.globs {
			if matchSplit(g, m) {
				gs = append(gs, i)
			}
		}
		if gs != nil {
			out.targets = append(out.targets, pasteTarget{name: m, globs: gs, parts: st.parts(m)})
		}
	}
	if st.sortedMacros == nil {
		st.sortedMacros = make([]string, 0, len(macros))
		for m := range macros {
			st.sortedMacros = append(st.sortedMacros, m)
		}
		sort.Strings(st.sortedMacros)
	}
	anyStart := false // some glob starts with a parameter
	for _, g := range out.globs {
		anyStart = anyStart || g[0] == ""
	}
	if anyStart {
		for _, m := range st.sortedMacros {
			try(m)
		}
	} else {
		// A name a glob matches starts with the glob's literal start:
		// only the macros in that range of the sorted names are tried,
		// each once (from the first glob whose start it has).
		for i, g := range out.globs {
			names := st.sortedMacros
			for k := sort.SearchStrings(names, g[0]); k < len(names) && strings.HasPrefix(names[k], g[0]); k++ {
				m := names[k]
				earlier := false
				for _, h := range out.globs[:i] {
					earlier = earlier || strings.HasPrefix(m, h[0])
				}
				if !earlier {
					try(m)
				}
			}
		}
	}
	out.index(st)
	if st.pasteNames == nil {
		st.pasteNames = map[string]*pasteSet{}
	}
	st.pasteNames[key] = out
	return out
}

var compactSeed = maphash.MakeSeed()

// parserText is working text as cc/v4 reads it: compacted, with runs of
// empty lines collapsed (compact.go). It never ends in a line splice:
// cc/v4 loops forever on an input that ends in a backslash and a
// newline after a string literal ("i"\ and a newline), and compaction
// drops the space prepare puts after a final backslash.
func parserText(w []byte) []byte {
	// The compacted text is only read by collapseBlankLines, which
	// copies it: compacted into a buffer used again, not a new one
	// (cleared by the allocator) per text.
	bp, _ := compactBufs.Get().(*[]byte)
	if bp == nil {
		bp = new([]byte)
	}
	if cap(*bp) < len(w) {
		*bp = make([]byte, 0, len(w))
	}
	out := unspliced(collapseBlankLines(compactInto((*bp)[:0], w)))
	if cap(*bp) <= maxCompactBuf {
		compactBufs.Put(bp)
	}
	return out
}

// compactBufs holds buffers for parserText's compaction, up to
// maxCompactBuf bytes.
var compactBufs sync.Pool

const maxCompactBuf = 4 << 20

// unspliced returns out, collapsed parser text, with a newline after a
// final line splice (parserText).
func unspliced(out []byte) []byte {
	if n := len(out); n > 0 && out[n-1] == '\\' || n > 1 && out[n-1] == '\n' && out[n-2] == '\\' {
		out = append(out, '\n')
	}
	return out
}

// compacted returns parserText(w), reusing an earlier unit's result: most
// units of a module include the same headers thinned the same way. The
// cache keeps its own copy of w, which the unit may still change.
func (st *moduleState) compacted(w []byte) []byte {
	h := maphash.Bytes(compactSeed, w)
	st.compactMu.Lock()
	for _, c := range st.compactedByHash[h] {
		if bytes.Equal(c.in, w) {
			st.compactMu.Unlock()
			return c.out
		}
	}
	st.compactMu.Unlock()
	out := parserText(w)
	in := append([]byte(nil), w...)
	st.compactMu.Lock()
	if st.compactedByHash == nil {
		st.compactedByHash = map[uint64][]compactedText{}
	}
	st.compactedByHash[h] = append(st.compactedByHash[h], compactedText{in, out})
	st.compactMu.Unlock()
	return out
}

// sharedTextKey is a header's working text by identity: f's text w is
// at p, n bytes long.
type sharedTextKey struct {
	f *srcFile
	p *byte
	n int
}

// sharedTextEntry is the parser's text out of a shared working text with
// the ranges unread blanked.
type sharedTextEntry struct {
	unread [][2]int
	out    []byte
}

// sharedText returns the parser's text of w, a working text of header f
// that units share and no one writes (not the unit's own, writable, nor
// a probe's), with the ranges unread (typedefEnumBodies and the unit's
// dropUnreadTypedefs) blanked: as parserFiles makes it, but worked out
// once per text and ranges rather than once per unit, with no hashing of
// the text to find it (compacted).
func (st *moduleState) sharedText(f *srcFile, w []byte, unread [][2]int) []byte {
	key := sharedTextKey{f, &w[0], len(w)}
	st.compactMu.Lock()
	for _, e := range st.byText[key] {
		if slices.Equal(e.unread, unread) {
			st.compactMu.Unlock()
			return e.out
		}
	}
	st.compactMu.Unlock()
	out := st.compacted(namingIncludes(f, withEnumsBlanked(w, unread)))
	st.compactMu.Lock()
	if st.byText == nil {
		st.byText = map[sharedTextKey][]sharedTextEntry{}
	}
	st.byText[key] = append(st.byText[key], sharedTextEntry{unread, out})
	st.compactMu.Unlock()
	return out
}

// thinHeader keeps of a module header only what parsing the including
// file needs: typedefs (the parser must know type names) and, the first
// time the header is seen, its function definitions. Struct, enum and
// variable declarations and prototypes do not change how the including
// file parses, and headers are parsed once per .c file, so dropping them
// saves much of the parse time of header-heavy drivers.
func (tu *translationUnit) thinHeader(f *srcFile, w []byte, keepFuncs bool) []byte {
	w = blankItems(f, w, func(it item) bool { return it.funcDef && keepFuncs || hasTypedef(f.scan, it) })
	w = blankTypedefBodies(f, w)
	if keepFuncs {
		w = tu.blankBodies(f, w)
	}
	return w
}

// blankTypedefBodies empties the member lists of the structs and unions
// that f's typedefs define (typedef struct x { ... } x_t;), copying w
// only when something changes. The parser needs the type names a header
// declares, not their members: the analyses read no types of cc/v4, and
// the headers' struct declarations are dropped anyway (thinHeader).
func blankTypedefBodies(f *srcFile, w []byte) []byte {
	s := f.scan
	copied := private(f, w)
	for _, it := range s.items {
		if it.funcDef || !hasTypedef(s, it) {
			continue
		}
		open, kw := typedefBody(s, it)
		if open < 0 || kw == "enum" {
			continue
		}
		close := closingBrace(s, open, it.last)
		if close < 0 || close == open+1 {
			continue
		}
		if !copied {
			w = append([]byte(nil), w...)
			copied = true
		}
		blank(w, int(s.toks[open].end), int(s.toks[close].off), s.directives)
	}
	return w
}

// typedefEnumBodies returns the byte ranges of f's typedef'd enumerator
// lists that the parser need not read (typedef enum x { A = 1, B } x_t;
// is read as typedef enum x { A } x_t;), directives left out. The parser
// needs the type name a header's typedef declares, not its enumerators:
// the analyses read no enumerators of cc/v4 (enums.go reads the module's
// own), and a header's enums without a typedef are not read at all
// (thinHeader). One enumerator is kept, as C has no empty enum. The
// ranges are blanked in the text handed to the parser only (ccParse,
// withEnumsBlanked): what the unit's inference and macro uses read of
// the header is unchanged.
func typedefEnumBodies(f *srcFile, names *moduleNames) [][2]int {
	s := f.scan
	var out [][2]int
	for _, it := range s.items {
		if it.funcDef || !hasTypedef(s, it) {
			continue
		}
		open, kw := typedefBody(s, it) // a struct's enums are left to blankTypedefBodies
		if open < 0 || kw != "enum" {
			continue
		}
		// The first enumerator: a plain name, not a macro, followed by
		// what ends or gives its value.
		first := open + 1
		for first <= it.last && s.toks[first].alt {
			first++
		}
		if first+1 > it.last || s.toks[first].kind != tIdent || names.macros[s.text(s.toks[first])] ||
			!(s.is(first+1, ",") || s.is(first+1, "=") || s.is(first+1, "}")) {
			continue
		}
		close := closingBrace(s, open, it.last)
		if close < 0 || close == first+1 {
			continue
		}
		out = appendBlankRanges(out, int(s.toks[first].end), int(s.toks[close].off), s.directives)
	}
	return out
}

// withEnumsBlanked returns w with the ranges of enums (typedefEnumBodies)
// blanked, copying w only when there are some.
func withEnumsBlanked(w []byte, enums [][2]int) []byte {
	if len(enums) == 0 {
		return w
	}
	w = append([]byte(nil), w...)
	for _, r := range enums {
		blankRaw(w, r[0], r[1])
	}
	return w
}

// appendBlankRanges appends the ranges blank(b, from, to, dirs) turns
// into spaces.
func appendBlankRanges(out [][2]int, from, to int, dirs []directive) [][2]int {
	d := sort.Search(len(dirs), func(i int) bool { return dirs[i].off >= from })
	for i := from; i < to; {
		if d < len(dirs) && dirs[d].off < to {
			if dirs[d].off > i {
				out = append(out, [2]int{i, dirs[d].off})
			}
			i = dirs[d].end
			d++
			continue
		}
		out = append(out, [2]int{i, to})
		break
	}
	return out
}

// blankBodies empties the bodies of f's functions that cannot matter
// (relevance.go), in w when it is private, else in a copy, and only
// when something changes.
func (tu *translationUnit) blankBodies(f *srcFile, w []byte) []byte {
	s := f.scan
	copied := private(f, w)
	for _, it := range s.items {
		if !prunable(s, it, tu.names, tu.shared.rel) {
			continue
		}
		if !copied {
			w = append([]byte(nil), w...)
			copied = true
		}
		from := int(s.toks[it.bodyOpen].end)
		to := int(s.toks[it.last].off)
		if !tu.shared.rel.referenced[it.name] {
			from, to = int(s.toks[it.first].off), int(s.toks[it.last].end)
		}
		blank(w, from, to, s.directives)
	}
	return w
}

// dropUnusedDefines blanks the #define lines of module headers whose
// macro nothing in the unit uses. Register headers define thousands of
// macros and are included by every file of a driver; the parser would
// record each of them again for every file.
func (tu *translationUnit) dropUnusedDefines() {
	tu.mainIdents, tu.mainTokIdents = nil, 0
	tu.mainToks, tu.mainText = nil, nil
	if len(tu.order) < 2 {
		return
	}
	hd := tu.shared.headerDefines(tu.src, tu.order[1:])
	used := map[string]bool{}
	var pending []string
	// use marks the macro named name used; only header macros matter.
	use := func(name string) {
		if hd.has(name) && !used[name] { // most names are no header macro
			used[name] = true
			pending = append(pending, name)
		}
	}
	// vocab holds the names the parser may read in the unit: its code,
	// its directives and the bodies of the macros it uses. A name built
	// by pasting is made of such names (and numbers) only. It is made
	// when a used macro pastes (most units use none, though their
	// headers define some), from all the names met until then.
	var vocab vocabulary
	firstUsed := len(tu.usedDefines)
	fillVocab := func() {
		vocab = tu.shared.vocabulary(tu.src)
		for _, id := range tu.mainIdents {
			tu.shared.addVocab(vocab, id)
		}
		// A header's names, and those of the -include files, are the
		// same for every unit: looked up in the universe once.
		for _, f := range tu.order[1:] {
			if th := tu.thinnedOf[f.rel]; th != nil && !tu.shared.reference.vocab {
				vocab.addIDs(th.vocabIDs(tu.shared))
				continue
			}
			for _, id := range tu.headerIdents[f.rel] {
				tu.shared.addVocab(vocab, id)
			}
		}
		vocab.addIDs(tu.shared.configVocab(tu.src))
		for _, def := range tu.usedDefines[firstUsed:] {
			for _, u := range def.uses {
				tu.shared.addVocab(vocab, u)
			}
		}
	}
	if tu.shared.reference.prelude {
		tu.mainIdents, tu.mainTokIdents = usedIdents(tu.main, tu.work[tu.main.rel], true)
	} else {
		// What inference reads of the main file's tokens, made here once
		// for both (inferenceInput): only #define lines are blanked
		// between.
		w := tu.work[tu.main.rel]
		tu.mainToks, tu.mainText = parsedTokens(tu.main.scan, w), w
		tu.mainIdents, tu.mainTokIdents = tokIdents(tu.main, tu.mainToks)
	}
	if tu.shared.reference.vocab {
		fillVocab()
	}
	for _, id := range tu.mainIdents {
		use(id)
	}
	for _, f := range tu.order[1:] {
		ids := tu.headerIdents[f.rel]
		if hd.all == tu.shared.defines {
			// The header's names no file of the module defines a macro
			// of are left out once for all units (thinnedHeader), and
			// the definitions of the others found once too.
			ids = tu.headerMacroIdents[f.rel]
			if th := tu.thinnedOf[f.rel]; th != nil && len(th.macroDefs) == len(ids) && !tu.shared.reference.prelude {
				for i, id := range ids {
					if !used[id] && hd.hasOf(th.macroDefs[i]) {
						used[id] = true
						pending = append(pending, id)
					}
				}
				continue
			}
		}
		for _, id := range ids {
			use(id)
		}
	}
	// pasters are the used macros that build names with ##, each with
	// the size of vocab when its targets were last tried.
	type paster struct {
		ps    *pasteSet
		tried int
	}
	var pasters []paster
	pasting := map[*define]bool{}
	pastes := map[*pasteSet]bool{}
	words := 0 // names added to vocab since it was first filled
	for {
		// Macros used by used macros are used.
		for len(pending) > 0 {
			name := pending[len(pending)-1]
			pending = pending[:len(pending)-1]
			for _, def := range hd.defs(name) {
				tu.usedDefines = append(tu.usedDefines, def)
				for _, u := range def.uses {
					if tu.shared.addVocab(vocab, u) {
						words++
					}
					use(u)
				}
				if def.globs != nil && !pasting[def] {
					pasting[def] = true
					if vocab == nil {
						fillVocab() // with def's uses, added above
					}
					// Macros that paste alike build the same names: one
					// paster for them all.
					if ps := tu.shared.pasteTargets(tu.src, def.globs, tu.names.macros); !pastes[ps] {
						pastes[ps] = true
						pasters = append(pasters, paster{ps, -1})
					}
				}
			}
		}
		// A used macro that pastes uses the header macros it can build
		// from the unit's names (paste.go): tried again only when there
		// are more names.
		for k := range pasters {
			if pasters[k].tried == words {
				continue
			}
			pasters[k].tried = words
			ps := pasters[k].ps
			for _, i := range ps.always {
				if t := &ps.targets[i]; !used[t.name] && ps.buildable(tu.shared, t, vocab) {
					use(t.name)
				}
			}
			for _, fp := range ps.firsts {
				if t := &ps.targets[fp.target]; vocab.has(fp.id) && !used[t.name] && fillable(tu.shared, ps.globs[fp.glob], t.parts, vocab) {
					use(t.name)
				}
			}
		}
		if len(pending) == 0 {
			break
		}
	}
	keys := hd.dropKeys(used)
	for _, f := range tu.order[1:] {
		if i, ok := hd.all.index[f]; ok {
			tu.work[f.rel] = f.withoutDefines(tu.work[f.rel], keys[i])
		}
	}
}

// vocabIDs returns the universe ids of th's idents, found on first use
// (the universe is made: vocabulary).
func (th *thinnedHeader) vocabIDs(st *moduleState) []int32 {
	th.vocabOnce.Do(func() {
		for _, id := range th.idents {
			if u, ok := st.universe[id]; ok {
				th.vocab = append(th.vocab, u)
			}
		}
	})
	return th.vocab
}

// preludeEntries returns the prelude entries of the names of th's
// tokens (tokIdents), in their order, found on first use: the names the
// parser reads in th that the prelude may stand in for (scanFile).
func (th *thinnedHeader) preludeEntries() []*kmodel.PreludeEntry {
	th.preludeOnce.Do(func() {
		th.prelude = []*kmodel.PreludeEntry{}
		for _, id := range th.idents[:th.tokIdents] {
			if e := kmodel.Prelude[id]; e != nil {
				th.prelude = append(th.prelude, e)
			}
		}
	})
	return th.prelude
}

// configVocab returns the universe ids of the names of the -include
// files, found on first use (the universe is made: vocabulary).
func (st *moduleState) configVocab(src *moduleSources) []int32 {
	st.configVocabOnce.Do(func() {
		add := func(name string) {
			if u, ok := st.universe[name]; ok {
				st.configIDs = append(st.configIDs, u)
			}
		}
		for _, f := range src.config() {
			for _, t := range f.scan.toks {
				if t.kind == tIdent {
					add(f.scan.text(t))
				}
			}
			for _, d := range f.scan.directives {
				eachIdent(f.src[d.off:d.end], func(b []byte) { add(bytesString(b)) })
			}
		}
	})
	return st.configIDs
}

// headerDefines holds the macro definitions of a set of headers: those
// of the module's index (moduleDefines) whose file is in the set.
type headerDefines struct {
	all *moduleDefines
	in  []bool // by file index: the file is in the set
}

// moduleDefines indexes the #define lines of every file of the module
// by name, once per module: a unit's headers are a set of its files, and
// building a map of their definitions for each set cost more than all
// the rest of dropping the unused ones (register headers define tens of
// thousands of macros, and units include them in many combinations).
type moduleDefines struct {
	index  map[*srcFile]int32
	byName map[string][]fileDefine
	pastes []bool // by file index: a definition builds names with ##
	// defines marks, by file index, the file's #define directives (a
	// bit per directive); nil when it has none.
	defines [][]byte
}

type fileDefine struct {
	def  *define
	file int32
}

// has reports whether a header of the set defines name.
func (hd *headerDefines) has(name string) bool {
	for _, fd := range hd.all.byName[name] {
		if hd.in[fd.file] {
			return true
		}
	}
	return false
}

// hasOf reports whether a header of the set is the file of one of fds.
func (hd *headerDefines) hasOf(fds []fileDefine) bool {
	for _, fd := range fds {
		if hd.in[fd.file] {
			return true
		}
	}
	return false
}

// defs returns the definitions of name in the headers of the set.
func (hd *headerDefines) defs(name string) []*define {
	var out []*define
	for _, fd := range hd.all.byName[name] {
		if hd.in[fd.file] {
			out = append(out, fd.def)
		}
	}
	return out
}

// headerDefines returns the definitions of files, a unit's headers.
func (st *moduleState) headerDefines(src *moduleSources, files []*srcFile) *headerDefines {
	md := st.moduleDefines(src)
	for _, f := range files {
		if _, ok := md.index[f]; !ok {
			// Every file a unit includes was read before the units
			// were parsed; should one not be, the unit's own index
			// stands in.
			md = indexDefines(files)
			break
		}
	}
	hd := &headerDefines{all: md, in: make([]bool, len(md.pastes))}
	for _, f := range files {
		i, ok := md.index[f]
		if !ok {
			continue // no scan: nothing defined
		}
		hd.in[i] = true
	}
	return hd
}

// moduleDefines returns the index of the module's definitions, made on
// first use.
func (st *moduleState) moduleDefines(src *moduleSources) *moduleDefines {
	st.definesOnce.Do(func() { st.defines = indexDefines(src.all()) })
	return st.defines
}

// indexDefines indexes the definitions of files.
func indexDefines(files []*srcFile) *moduleDefines {
	n := 0
	for _, f := range files {
		if f.scan != nil {
			n += len(f.defines())
		}
	}
	md := &moduleDefines{index: map[*srcFile]int32{}, byName: make(map[string][]fileDefine, n)}
	for _, f := range files {
		if _, ok := md.index[f]; ok || f.scan == nil {
			continue
		}
		i := int32(len(md.pastes))
		md.index[f] = i
		md.pastes = append(md.pastes, false)
		var mask []byte
		for j, d := range f.scan.directives {
			if d.name == "define" {
				if mask == nil {
					mask = make([]byte, (len(f.scan.directives)+7)/8)
				}
				mask[j/8] |= 1 << (j % 8)
			}
		}
		md.defines = append(md.defines, mask)
		for _, def := range f.defines() {
			md.byName[def.d.arg] = append(md.byName[def.d.arg], fileDefine{def, i})
			md.pastes[i] = md.pastes[i] || def.globs != nil
		}
	}
	return md
}

// dropKeys returns, by file index, the #define directives of each header
// of the set whose macro used does not hold (a bit per directive; nil:
// none): the directives of the headers' defines but those of the used
// names. The used names are far fewer than the definitions of register
// headers.
func (hd *headerDefines) dropKeys(used map[string]bool) [][]byte {
	keys := make([][]byte, len(hd.in))
	for i, in := range hd.in {
		if in && hd.all.defines[i] != nil {
			keys[i] = append([]byte(nil), hd.all.defines[i]...)
		}
	}
	for name := range used {
		for _, fd := range hd.all.byName[name] {
			if k := keys[fd.file]; k != nil {
				k[fd.def.idx/8] &^= 1 << (fd.def.idx % 8)
			}
		}
	}
	for i, k := range keys {
		drops := false
		for _, b := range k {
			drops = drops || b != 0
		}
		if !drops {
			keys[i] = nil
		}
	}
	return keys
}

// withoutDefines returns w, a working text of header f, with the #define
// lines that key marks (dropKeys) blanked. Units that use the same of
// f's macros share the result, as they share w.
func (f *srcFile) withoutDefines(w []byte, key []byte) []byte {
	if key == nil {
		return w
	}
	f.thinMu.Lock()
	defer f.thinMu.Unlock()
	for _, v := range f.dropped {
		if len(v.in) > 0 && len(w) > 0 && &v.in[0] == &w[0] && len(v.in) == len(w) && string(v.key) == string(key) {
			return v.out
		}
	}
	out := append([]byte(nil), w...)
	for i, d := range f.scan.directives {
		if key[i/8]&(1<<(i%8)) != 0 {
			blankRaw(out, d.off, d.end)
		}
	}
	f.dropped = append(f.dropped, droppedDefines{in: w, key: key, out: out})
	return out
}

// droppedDefines is a header's working text in with the #define lines
// that key marks (a bit per directive) blanked: out.
type droppedDefines struct {
	in, key, out []byte
}

// stubExplosiveMacros blanks the definitions of macros whose expansion
// would explode (explode.go), records them in tu.stubbed and returns
// definitions as 0 for the prefix.
func (tu *translationUnit) stubExplosiveMacros() string {
	var b strings.Builder
	tu.stubbed = map[string]bool{}
	for _, m := range explosiveMacros(tu.order, tu.names, tu.visibleMacros) {
		blankRaw(tu.writable(m.f), m.d.off, m.d.end)
		b.WriteString("#define " + m.name + "(...) 0\n")
		tu.stubbed[m.name] = true
	}
	return b.String()
}

// thinMain blanks the file-scope declarations of the main file that
// neither the parser nor any analysis needs (relevance.go).
func (tu *translationUnit) thinMain(f *srcFile, w []byte) []byte {
	w = blankItems(f, w, func(it item) bool { return it.funcDef || neededDecl(f.scan, it, tu.names, tu.shared.rel) })
	return tu.blankBodies(f, w)
}

// blankItems returns w with the top-level items of f that keep rejects
// blanked, in w when it is private, else in a copy, and only when
// something changes.
func blankItems(f *srcFile, w []byte, keep func(item) bool) []byte {
	s := f.scan
	copied := private(f, w)
	for _, it := range s.items {
		if keep(it) {
			continue
		}
		if !copied {
			w = append([]byte(nil), w...)
			copied = true
		}
		blank(w, int(s.toks[it.first].off), int(s.toks[it.last].end), s.directives)
	}
	return w
}

func hasTypedef(s *scanned, it item) bool {
	for i := it.first; i <= it.last; i++ {
		if t := s.toks[i]; t.kind == tIdent && t.end-t.off == 7 && s.text(t) == "typedef" {
			return true
		}
	}
	return false
}

// private reports whether w, a working text of f that prepare returned or
// a step after it copied, is not f's source: the thinning steps change
// such a text in place rather than copying it again.
func private(f *srcFile, w []byte) bool {
	return len(w) > 0 && (len(f.src) == 0 || &w[0] != &f.src[0])
}

// blankRaw replaces b[from:to] by spaces, keeping newlines.
func blankRaw(b []byte, from, to int) {
	to = min(to, len(b))
	if from >= to {
		return
	}
	seg := b[from:to]
	if bytes.IndexByte(seg, '\r') >= 0 {
		for i, c := range seg {
			if c != '\n' && c != '\r' {
				seg[i] = ' '
			}
		}
		return
	}
	// Only newlines to keep: fill the runs between them.
	for {
		n := bytes.IndexByte(seg, '\n')
		if n < 0 {
			fillSpaces(seg)
			return
		}
		fillSpaces(seg[:n])
		seg = seg[n+1:]
	}
}

var spaces = bytes.Repeat([]byte{' '}, 256)

// fillSpaces sets every byte of b to a space.
func fillSpaces(b []byte) {
	for len(b) > len(spaces) {
		b = b[copy(b, spaces):]
	}
	copy(b, spaces)
}

// blank replaces b[from:to] by spaces, keeping newlines (so positions do
// not move) and the preprocessor directives the scanner found in the range
// (an item can span an #endif).
func blank(b []byte, from, to int, dirs []directive) {
	if to > len(b) {
		to = len(b)
	}
	// Directives are sorted by offset: find the first one in range.
	d := sort.Search(len(dirs), func(i int) bool { return dirs[i].off >= from })
	for i := from; i < to; {
		if d < len(dirs) && dirs[d].off < to {
			blankRaw(b, i, dirs[d].off)
			i = dirs[d].end
			d++
			continue
		}
		blankRaw(b, i, to)
		break
	}
}

// closingBrace returns the index of the '}' that closes the '{' at open,
// counting only tokens the unit reads (not alt), -1 when none does by
// last.
func closingBrace(s *scanned, open, last int) int {
	depth := 0
	for i := open; i <= last; i++ {
		if s.toks[i].alt {
			continue
		}
		switch {
		case s.is(i, "{"):
			depth++
		case s.is(i, "}"):
			if depth--; depth == 0 {
				return i
			}
		}
	}
	return -1
}

// typedefBody returns the index of the '{' that opens the body of the
// first struct, union or enum a typedef item it declares, and which
// keyword that is; -1 when the first such keyword has no body.
func typedefBody(s *scanned, it item) (open int, keyword string) {
	for i := it.first; i+1 <= it.last; i++ {
		t := s.toks[i]
		if t.alt || t.kind != tIdent {
			continue
		}
		w := s.text(t)
		if w != "struct" && w != "union" && w != "enum" {
			continue
		}
		j := i + 1
		if s.toks[j].kind == tIdent {
			j++
		}
		if j <= it.last && s.is(j, "{") && !s.toks[j].alt {
			return j, w
		}
		return -1, w
	}
	return -1, ""
}

// mainTokNames returns the distinct names of the tokens of f, the main
// file, that the parser reads (usedIdents), nil when they were not
// gathered.
func (tu *translationUnit) mainTokNames(f *srcFile) []string {
	if f != tu.main || tu.mainIdents == nil {
		return nil
	}
	return tu.mainIdents[:tu.mainTokIdents:tu.mainTokIdents]
}
