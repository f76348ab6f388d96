// The parsing stage: each unit's working text (unit.go) is parsed by
// cc/v4 with the prelude and inference in front of it; what cc/v4 rejects
// is skipped one item at a time (recover.go) and the rest lowered to IR
// (lower.go).

package cparse

import (
	"fmt"
	"runtime"
	"strings"
	"sync"

	"modernc.org/cc/v4"

	"github.com/kdlint/kdlint/ir"
	"github.com/kdlint/kdlint/kmodel"
)

const (
	preludeName = "<kdlint-prelude>"
	eofName     = "<kdlint-eof>"
)

// translationUnit is one .c file with the module headers it includes.
type translationUnit struct {
	main   *srcFile
	src    *moduleSources
	names  *moduleNames
	cfg    *Config
	module *ir.Module
	seen   map[itemKey]bool // what lower added, once each
	shared *moduleState

	work  map[string][]byte // working copies, by rel name
	owned map[string]bool   // working copies private to the unit (writable)
	// headerIdents and headerToks hold, per header, the names its working
	// copy uses and what inference reads of it (thinnedHeader).
	headerIdents map[string][]string
	headerToks   map[string]*scanned
	// unread holds, per header, the byte ranges of its working copy
	// that the parser is not handed (typedefEnumBodies,
	// dropUnreadTypedefs).
	unread map[string][][2]int
	// typedefs and headerRest hold, per header, its typedefs the unit
	// may leave out and the names the rest of it reads (headerTypedefs).
	typedefs   map[string][]headerTypedef
	headerRest map[string][]string
	// mainIdents are the names of the main file's working copy and
	// usedDefines the definitions of the header macros the unit uses
	// (dropUnusedDefines).
	mainIdents  []string
	usedDefines []*define
	// mainToks are parsedTokens of the main file's working text
	// mainText, made with mainIdents (dropUnusedDefines).
	mainToks *scanned
	mainText []byte
	blanked  map[*srcFile]map[int]bool // items skipped so far, by index
	files    map[string]*srcFile       // files of this unit, by rel name
	order    []*srcFile
	// probing is set while findCrash parses trial texts, which are not
	// to be kept in the module's cache of compacted texts.
	probing bool
	// stubbed are the macros read as 0 because their expansion explodes.
	stubbed map[string]bool
	// mainIdents[:mainTokIdents] are the distinct names of the main
	// file's tokens the parser reads, tokIdents those of each header
	// (usedIdents): what inference asks of the prelude (inferWith).
	mainTokIdents int
	tokIdents     map[string][]string
	// headerMacroIdents are the names of each header that may be macros
	// (thinnedHeader.macroIdents).
	headerMacroIdents map[string][]string
	// thinnedOf holds, per header, the thinned text its working text was
	// made from (include).
	thinnedOf map[string]*thinnedHeader
}

// parse runs cc/v4 until the unit parses, skipping one rejected item at a
// time, then lowers what parsed to IR.
func (tu *translationUnit) parse() {
	ast := tu.parseAST()
	if ast == nil {
		return
	}
	tu.lower(ast)
	tu.shared.mu.Lock()
	for _, f := range tu.order[1:] {
		tu.shared.headerFuncsDone[f.rel] = true
	}
	tu.shared.mu.Unlock()
}

// parseAST prepares the unit's text and runs cc/v4 until it parses,
// skipping what it rejects. It returns nil, with the file marked failed,
// when the unit does not parse.
func (tu *translationUnit) parseAST() *cc.AST {
	prefix := tu.prepareText()
	skips := 0
	for {
		ast, err := tu.ccParse(prefix)
		if err == nil {
			return ast
		}
		if ce, ok := err.(*crashError); ok {
			if skips++; skips > tu.cfg.maxSkips() || !tu.skipCrash(prefix, ce) {
				tu.main.ir.Failed = "cannot parse: " + ce.Error()
				return nil
			}
			continue
		}
		blanked := false
		errs := parseErrors(err)
		for i, e := range errs {
			if i > 0 && tu.echo(e, errs[0]) {
				continue
			}
			if tu.skipAt(e) {
				blanked = true
				skips++
			}
		}
		if !blanked || skips > tu.cfg.maxSkips() {
			msg := firstLine(err.Error())
			if skips > tu.cfg.maxSkips() {
				msg = fmt.Sprintf("gave up after skipping %d items; last error: %s", skips, msg)
			}
			tu.main.ir.Failed = "cannot parse: " + msg
			return nil
		}
	}
}

// prepareText makes the unit's working text (unit.go) and returns the
// prefix the parser reads before it: the prelude entries and inference
// the unit needs, its stubs and the -include files.
func (tu *translationUnit) prepareText() string {
	tu.reset()
	tu.include(tu.main)
	tu.dropUnusedDefines()
	stubs := tu.stubExplosiveMacros()
	scans, tokNames, srcs, preludes := tu.inferenceInput()
	// What is read before every unit (-include files, -D) is inferred
	// with the unit, and comes last, so that it wins.
	var forced strings.Builder
	for _, f := range tu.src.config() {
		forced.Write(f.src)
		forced.WriteString("\n")
	}
	tu.checkBounds(scans, tu.stubbed)
	prefix := inferWith(scans, tokNames, srcs, preludes, tu.names, tu.shared.moduleKnown(tu.names)).prefix() + stubs + forced.String()
	tu.dropUnreadTypedefs(prefix)
	return prefix
}

// inferenceInput returns what inference reads of the prepared unit: the
// scans of its files as the parser reads them, then those of the
// -include files (last, so that they win), the distinct names of each
// scan's tokens where known, the files in the same order, and the
// prelude entries of each header's token names (preludeEntries; nil
// for the main file).
func (tu *translationUnit) inferenceInput() ([]*scanned, [][]string, []*srcFile, [][]*kmodel.PreludeEntry) {
	n := len(tu.order) + len(tu.src.config())
	scans := make([]*scanned, 0, n)
	tokNames := make([][]string, 0, n)
	preludes := make([][]*kmodel.PreludeEntry, 0, n)
	for _, f := range tu.order {
		if toks := tu.headerToks[f.rel]; toks != nil {
			scans = append(scans, tu.headerScan(f, toks))
			tokNames = append(tokNames, tu.tokIdents[f.rel])
			var pe []*kmodel.PreludeEntry
			if th := tu.thinnedOf[f.rel]; th != nil && th.toks == toks && !tu.shared.reference.prelude {
				pe = th.preludeEntries()
			}
			preludes = append(preludes, pe)
		} else {
			if f == tu.main && tu.mainToks != nil && sameText(tu.mainText, tu.work[f.rel]) {
				scans = append(scans, withDirectives(tu.mainToks, f.scan, tu.work[f.rel]))
			} else {
				scans = append(scans, parsedOnly(f.scan, tu.work[f.rel]))
			}
			tokNames = append(tokNames, tu.mainTokNames(f))
			preludes = append(preludes, nil)
		}
	}
	for _, f := range tu.src.config() {
		scans = append(scans, f.scan)
	}
	srcs := append(append(make([]*srcFile, 0, n), tu.order...), tu.src.config()...)
	return scans, tokNames, srcs, preludes
}

// headerScan returns what inference reads of header f's working text,
// toks (parsedTokens) with the directives the text still holds
// (withDirectives): once for the units that share the text (sharesWork),
// which no one writes.
func (tu *translationUnit) headerScan(f *srcFile, toks *scanned) *scanned {
	w := tu.work[f.rel]
	if !tu.sharesWork(f) || len(w) == 0 || tu.shared.reference.prelude {
		return withDirectives(toks, f.scan, w)
	}
	key := headerScanKey{sharedTextKey{f, &w[0], len(w)}, toks}
	return tu.shared.headerScans.get(key, func() *scanned { return withDirectives(toks, f.scan, w) })
}

// headerScanKey is a shared header text by identity and what inference
// reads of its tokens (headerScan).
type headerScanKey struct {
	text sharedTextKey
	toks *scanned
}

// moduleKnown returns moduleKnownNames(names), made once per module (nil
// for the reference preparation).
func (st *moduleState) moduleKnown(names *moduleNames) map[string]bool {
	if st.reference.prelude {
		return nil
	}
	st.knownOnce.Do(func() { st.known = moduleKnownNames(names) })
	return st.known
}

// reset empties the unit's working state.
func (tu *translationUnit) reset() {
	tu.work = map[string][]byte{}
	tu.owned = map[string]bool{}
	tu.headerIdents = map[string][]string{}
	tu.headerToks = map[string]*scanned{}
	tu.tokIdents = map[string][]string{}
	tu.headerMacroIdents = map[string][]string{}
	tu.unread = map[string][][2]int{}
	tu.typedefs = map[string][]headerTypedef{}
	tu.headerRest = map[string][]string{}
	tu.blanked = map[*srcFile]map[int]bool{}
	tu.files = map[string]*srcFile{}
	tu.thinnedOf = map[string]*thinnedHeader{}
}

// moduleState is shared by the translation units of one module.
type moduleState struct {
	mu sync.Mutex // guards headerFuncsDone
	// headerFuncsDone holds headers whose function definitions have been
	// lowered (by a unit that parsed).
	headerFuncsDone map[string]bool
	// owner holds, per header, the unit (by its .c file) that lowers the
	// header's function definitions: the first unit in file order that
	// includes it. The other units parse only its typedefs, so that which
	// unit's macros a header function is read with does not depend on
	// which unit the scheduler finishes first (headerOwners).
	owner map[string]*srcFile
	// rel is what of the module is parsed; nil means all (relevance.go).
	rel *relevance

	pasteMu sync.Mutex
	// pasteNames holds, per macro that builds names with ##, the module's
	// macros it may build (pasteTargets).
	pasteNames map[string]*pasteSet
	// sortedMacros are the module's macros (moduleNames.macros), sorted
	// (pasteTargets).
	sortedMacros []string
	// spans holds, per macro name built by pasting, its parts that are
	// names of the module (universe); nameSpans.
	spans map[string]*nameParts
	// defines indexes the module's macro definitions (headerDefines).
	definesOnce  sync.Once
	defines      *moduleDefines
	universeOnce sync.Once
	universe     map[string]int32
	// configIDs are the universe ids of the -include files' names
	// (configVocab).
	configVocabOnce sync.Once
	configIDs       []int32

	compactMu sync.Mutex
	// compactedByHash holds compacted working copies: most units of a
	// module include the same headers thinned the same way.
	compactedByHash map[uint64][]compactedText
	// byText holds the parser's text of header working texts that units
	// share (sharedText), by the working text's identity.
	byText map[sharedTextKey][]sharedTextEntry
	// known is moduleKnownNames of the module (moduleKnown).
	knownOnce sync.Once
	known     map[string]bool
	// headerScans holds what inference reads of shared header texts
	// (headerScan).
	headerScans memo[headerScanKey, *scanned]
	// visibleDefs holds the #defines left in header working texts that
	// units share (visibleMacros), by the text's identity.
	visibleDefs memo[sharedTextKey, []*macroDef]
	// reference is set by tests only, to prepare the units the plain way
	// and hold the shortcuts against it; zero in production.
	reference referencePrep
}

// referencePrep turns shortcuts of the preparation off, for tests that
// compare the two ways.
type referencePrep struct {
	// prelude makes inferenceInput hand no header's prelude entries, so
	// that inference looks every name up, and makes each header's scan
	// anew.
	prelude bool
	// vocab makes dropUnusedDefines fill its vocabulary before any macro
	// is used, each header's names looked up a name at a time, as it once
	// did.
	vocab bool
}

var (
	slotsOnce sync.Once
	slots     chan struct{}
)

// parseSlots limits how many units are parsed at once, over all modules
// being analysed: one per CPU kdlint may use (GOMAXPROCS, set by -j).
func parseSlots() chan struct{} {
	slotsOnce.Do(func() { slots = make(chan struct{}, runtime.GOMAXPROCS(0)) })
	return slots
}

// sharesWork reports whether the unit's working text of f is one that
// other units share and no one writes (a thinned header's), so that
// what is worked out of it can be kept for them: not the main file's,
// a text the unit made its own (writable), nor a probe's.
func (tu *translationUnit) sharesWork(f *srcFile) bool {
	return f != tu.main && !tu.probing && !tu.owned[f.rel]
}

// parserFiles returns the unit's files as the parser reads them: their
// working copies without what the parser is not handed (unread),
// compacted.
func (tu *translationUnit) parserFiles() memFS {
	files := make(memFS, len(tu.work))
	for k, w := range tu.work {
		if tu.sharesWork(tu.files[k]) && len(w) > 0 {
			files[k] = tu.shared.sharedText(tu.files[k], w, tu.unread[k])
			continue
		}
		w = namingIncludes(tu.files[k], withEnumsBlanked(w, tu.unread[k]))
		if k == tu.main.rel || tu.probing {
			files[k] = parserText(w) // no other unit reads it
		} else {
			files[k] = tu.shared.compacted(w)
		}
	}
	return files
}

// ccParse runs cc.Parse on the working copies.
func (tu *translationUnit) ccParse(prefix string) (ast *cc.AST, err error) {
	defer func() {
		// cc/v4 is robust, but a crash in it must cost one item, not the
		// run (findCrash).
		if r := recover(); r != nil {
			ast, err = nil, &crashError{fmt.Sprint(r)}
		}
	}()
	// Every quoted include the parser reads names its file by its name
	// relative to the module's directory (namingIncludes), which is where
	// the parser looks.
	includePaths := []string{"."}
	files := tu.parserFiles()
	cfg := &cc.Config{
		FS:             files,
		FSOnly:         true,
		IncludePaths:   includePaths,
		ExpansionLimit: tu.cfg.expansionLimit(len(tu.work[tu.main.rel])),
	}
	return cc.Parse(cfg, []cc.Source{
		{Name: preludeName, Value: prefix},
		{Name: tu.main.rel, Value: files[tu.main.rel]},
		// cc/v4 loops forever when the input ends inside a pointer
		// declarator ("int *;" at the very end): a declaration after the
		// file gives that loop a token to stop at.
		{Name: eofName, Value: "\n;\nint __kd_eof;\n"},
	})
}
