package report

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"slices"
	"strconv"
)

// FingerprintKey names kdlint's own fingerprint where a format has
// several (SARIF's fingerprints), with the version of its recipe.
const FingerprintKey = "kdlint/v1"

// lineNumber matches the line numbers messages quote ("returns at line
// 285", "(line 209)"), which move with the code around them.
var lineNumber = regexp.MustCompile(`\bline \d+`)

// Fingerprints returns kdlint's stable fingerprint of each finding, in
// the order of findings: what a baseline matches findings by.
//
// A fingerprint hashes the rule ID, the file's path as rel gives it
// (relative to the repository's top level, so that it is the same on
// every machine) and the message with the line numbers it quotes left
// out, then adds ":" and the finding's rank among the findings with the
// same hash, in position order. It holds no line or column, so code
// added or removed above a finding, or a re-indented line, keeps it; a
// change to what the message names (the function, the call, the chain,
// the lock) or a renamed file makes a new one.
func Fingerprints(findings []Finding, rel func(path string) string) []string {
	hashes := make([]string, len(findings))
	groups := map[string][]int{}
	for i, f := range findings {
		h := sha256.New()
		for _, part := range []string{f.RuleID, rel(f.Path), lineNumber.ReplaceAllString(f.Message, "line")} {
			h.Write([]byte(part))
			h.Write([]byte{0})
		}
		hashes[i] = hex.EncodeToString(h.Sum(nil)[:12])
		groups[hashes[i]] = append(groups[hashes[i]], i)
	}
	out := make([]string, len(findings))
	for hash, idx := range groups {
		slices.SortStableFunc(idx, func(a, b int) int {
			x, y := findings[a], findings[b]
			return cmp.Or(cmp.Compare(x.Line, y.Line), cmp.Compare(x.Col, y.Col),
				cmp.Compare(x.EndLine, y.EndLine), cmp.Compare(x.EndCol, y.EndCol))
		})
		for rank, i := range idx {
			out[i] = hash + ":" + strconv.Itoa(rank+1)
		}
	}
	return out
}
