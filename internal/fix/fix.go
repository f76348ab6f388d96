// Package fix turns the fixes findings carry (report.Fix) into changes
// of files: it prints them as a unified diff (-diff) and applies them
// (-fix).
//
// Of each finding, the first fix is the one applied. Fixes whose edits
// overlap an edit already taken are left out whole, so that every fix is
// applied entirely or not at all; an edit repeated by two findings is
// applied once. A file is changed only when its content is still what
// kdlint read before analysing it (its SHA-256 is compared), and it is
// replaced atomically: the new content is written to a temporary file in
// the same directory, which is then renamed over it.
package fix

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"

	"github.com/kdlint/kdlint/report"
)

// Sum is the SHA-256 of content, in hex.
func Sum(content []byte) string {
	s := sha256.Sum256(content)
	return hex.EncodeToString(s[:])
}

// Change is the new content of one file.
type Change struct {
	Path     string
	Old, New []byte
	Sum      string // Sum(Old)
	// Fixed are the findings whose fixes the change applies, in
	// position order.
	Fixed []report.Finding
	spans []span // the edits, sorted, as offsets of Old
}

// Skip is a finding whose fix is not applied, and why.
type Skip struct {
	Finding report.Finding
	Reason  string
}

// span is one edit as byte offsets of the old content.
type span struct {
	start, end int
	text       string
}

// Prepare works out the changes the findings' fixes make. read returns a
// file's content now; sums holds the SHA-256 of each file as kdlint read
// it before the analysis: a file whose content differs, or that is not
// in sums (kdlint was not asked to lint it), is left alone.
func Prepare(findings []report.Finding, read func(string) ([]byte, error), sums map[string]string) ([]Change, []Skip) {
	byFile := map[string][]report.Finding{}
	var skips []Skip
	for _, f := range findings {
		if len(f.Fixes) == 0 {
			continue
		}
		file, several := "", false
		for _, e := range f.Fixes[0].Edits {
			p := e.Path
			if p == "" {
				p = f.Path
			}
			several = several || file != "" && p != file
			file = p
		}
		switch {
		case file == "":
			skips = append(skips, Skip{f, "the fix has no edits"})
		case several:
			skips = append(skips, Skip{f, "the fix edits more than one file"})
		default:
			byFile[file] = append(byFile[file], f)
		}
	}
	var changes []Change
	for _, file := range sortedKeys(byFile) {
		fs := byFile[file]
		want, known := sums[file]
		if !known {
			for _, f := range fs {
				skips = append(skips, Skip{f, file + " is not one of the files kdlint was asked to lint"})
			}
			continue
		}
		old, err := read(file)
		if err != nil {
			for _, f := range fs {
				skips = append(skips, Skip{f, err.Error()})
			}
			continue
		}
		if Sum(old) != want {
			for _, f := range fs {
				skips = append(skips, Skip{f, file + " changed since kdlint read it; run kdlint again"})
			}
			continue
		}
		c, s := change(file, old, fs)
		skips = append(skips, s...)
		if c != nil {
			changes = append(changes, *c)
		}
	}
	return changes, skips
}

// change applies the first fix of each finding to old, in position order,
// leaving out fixes that overlap one already taken.
func change(file string, old []byte, fs []report.Finding) (*Change, []Skip) {
	starts := lineStarts(old)
	var taken []span
	var skips []Skip
	c := &Change{Path: file, Old: old, Sum: Sum(old)}
	type cand struct {
		f     report.Finding
		spans []span
	}
	var cands []cand
	for _, f := range fs {
		var spans []span
		bad := ""
		for _, e := range f.Fixes[0].Edits {
			s, ok1 := offset(old, starts, e.Line, e.Col)
			end, ok2 := offset(old, starts, e.EndLine, e.EndCol)
			if !ok1 || !ok2 || end < s {
				bad = fmt.Sprintf("its edit at %d:%d is outside %s", e.Line, e.Col, file)
				break
			}
			spans = append(spans, span{s, end, e.New})
		}
		if bad != "" {
			skips = append(skips, Skip{f, bad})
			continue
		}
		slices.SortFunc(spans, func(a, b span) int { return cmp.Or(cmp.Compare(a.start, b.start), cmp.Compare(a.end, b.end)) })
		cands = append(cands, cand{f, spans})
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].spans[0].start < cands[j].spans[0].start })
	for _, cd := range cands {
		var add []span
		conflict := false
		for _, s := range cd.spans {
			dup := false
			for _, t := range append(slices.Clone(taken), add...) {
				switch {
				case s == t:
					dup = true
				case s.start < t.end && t.start < s.end,
					s.start == t.start && (s.start == s.end || t.start == t.end):
					conflict = true
				}
			}
			if !dup {
				add = append(add, s)
			}
		}
		// Edits of one fix that overlap each other cannot be applied.
		for i := 1; i < len(add) && !conflict; i++ {
			conflict = add[i].start < add[i-1].end
		}
		if conflict {
			skips = append(skips, Skip{cd.f, "its edits overlap another fix's; run kdlint -fix again"})
			continue
		}
		taken = append(taken, add...)
		c.Fixed = append(c.Fixed, cd.f)
	}
	if len(c.Fixed) == 0 {
		return nil, skips
	}
	slices.SortFunc(taken, func(a, b span) int { return cmp.Or(cmp.Compare(a.start, b.start), cmp.Compare(a.end, b.end)) })
	c.New, c.spans = apply(old, taken), taken
	if bytes.Equal(c.New, old) {
		return nil, skips
	}
	return c, skips
}

// apply replaces the spans (sorted, not overlapping) of old.
func apply(old []byte, spans []span) []byte {
	var b bytes.Buffer
	at := 0
	for _, s := range spans {
		b.Write(old[at:s.start])
		b.WriteString(s.text)
		at = s.end
	}
	b.Write(old[at:])
	return b.Bytes()
}

// lineStarts returns the offset of each line's first byte.
func lineStarts(b []byte) []int {
	starts := []int{0}
	for i, c := range b {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// offset converts a 1-based line and byte column to an offset of b: a
// column may be one past the line's last character (its end).
func offset(b []byte, starts []int, line, col int) (int, bool) {
	if line < 1 || line > len(starts) || col < 1 {
		return 0, false
	}
	end := len(b)
	if line < len(starts) {
		end = starts[line] - 1 // the newline
	}
	o := starts[line-1] + col - 1
	if o > end {
		return 0, false
	}
	return o, true
}

// Apply writes each change atomically: to a temporary file in the file's
// directory, renamed over it once written, with the file's permissions.
// A file whose content is no longer the change's Old is not touched. It
// returns, for each change, nil when it was applied and why not
// otherwise.
func Apply(changes []Change) []error {
	errs := make([]error, len(changes))
	for i, c := range changes {
		if err := write(c); err != nil {
			errs[i] = fmt.Errorf("%s: not fixed: %w", c.Path, err)
		}
	}
	return errs
}

func write(c Change) (err error) {
	target, err := filepath.EvalSymlinks(c.Path) // replace the file a link points to, not the link
	if err != nil {
		return err
	}
	fi, err := os.Stat(target)
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("not a regular file")
	}
	tmp, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".kdlint-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(c.New); err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if err = os.Chmod(tmp.Name(), fi.Mode().Perm()); err != nil {
		return err
	}
	// The last look before the rename: has anyone changed the file?
	now, err := os.ReadFile(target)
	if err != nil {
		return err
	}
	if Sum(now) != c.Sum {
		err = fmt.Errorf("it changed while kdlint was fixing it")
		return err
	}
	return os.Rename(tmp.Name(), target)
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
