package cparse

import (
	"io/fs"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// compactRef is compact as it was before its runs of spaces were skipped
// a word at a time and the spaces ending a line left unwritten: the
// texts it makes must not change.
func compactRef(src []byte) []byte {
	out := make([]byte, 0, len(src))
	const (
		code = iota
		block
		line
		str
		chr
	)
	state := code
	keep := 0 // offset in out after the last significant byte of the line
	for i := 0; i < len(src); i++ {
		// Runs of bytes that need no decision are copied (code, literals)
		// or turned into spaces (comments) at once; the byte that ends a
		// run is decided below, one at a time.
		switch state {
		case code:
			j := i
			for j < len(src) && !codeStop[src[j]] {
				j++
			}
			if j > i {
				out = append(out, src[i:j]...)
				for k := j - 1; k >= i; k-- {
					if c := src[k]; c != ' ' && c != '\t' && c != '\r' && c != '\f' && c != '\v' {
						keep = len(out) - (j - 1 - k)
						break
					}
				}
				if i = j; i == len(src) {
					continue
				}
			}
		case block, line:
			j := i
			for j < len(src) && src[j] != '\n' && src[j] != '\\' && (state == line || src[j] != '*') {
				j++
			}
			for ; i < j; i++ {
				out = append(out, ' ')
			}
			if i == len(src) {
				continue
			}
		case str, chr:
			j := i
			for j < len(src) && src[j] != '\n' && src[j] != '\\' && src[j] != '"' && src[j] != '\'' {
				j++
			}
			if j > i {
				out = append(out, src[i:j]...)
				keep = len(out)
				if i = j; i == len(src) {
					continue
				}
			}
		}
		c := src[i]
		if c == '\n' {
			if state == line && i > 0 && src[i-1] == '\\' {
				// A // comment continued onto the next line.
				out = append(out[:keep], '\n')
				keep = len(out)
				continue
			}
			if state == line {
				state = code
			}
			if (state == str || state == chr) && !(i > 0 && src[i-1] == '\\') {
				// An unterminated literal ends at the line's end, as the
				// scanner has it (noted, noteBrokenText): closed there, so
				// that the parser reads the lines after it.
				if state == str {
					out = append(out, '"')
				} else {
					out = append(out, '\'')
				}
				keep = len(out)
				state = code
			}
			if state == str || state == chr {
				keep = len(out) // a continued literal: keep everything
			}
			out = append(out[:keep], '\n')
			keep = len(out)
			continue
		}
		if c == '\\' && i+1 < len(src) && src[i+1] == '\n' && state != str && state != chr {
			// A line splice joins lines before comments are removed, even
			// inside a comment: keep it, or a #define would end early.
			out = append(out, '\\')
			keep = len(out)
			continue
		}
		switch state {
		case code:
			switch {
			case c == '/' && i+1 < len(src) && src[i+1] == '*':
				state = block
				out = append(out, ' ', ' ')
				i++
				continue
			case c == '/' && i+1 < len(src) && src[i+1] == '/':
				state = line
				out = append(out, ' ', ' ')
				i++
				continue
			case c == '"':
				state = str
			case c == '\'':
				state = chr
			}
			out = append(out, c)
			if c != ' ' && c != '\t' && c != '\r' && c != '\f' && c != '\v' {
				keep = len(out)
			}
		case block:
			if c == '*' && i+1 < len(src) && src[i+1] == '/' {
				state = code
				out = append(out, ' ', ' ')
				i++
				continue
			}
			out = append(out, ' ')
		case line:
			out = append(out, ' ')
		case str, chr:
			out = append(out, c)
			keep = len(out)
			if c == '\\' && i+1 < len(src) && src[i+1] != '\n' {
				i++
				out = append(out, src[i])
				keep = len(out)
				continue
			}
			if state == str && c == '"' || state == chr && c == '\'' {
				state = code
			}
		}
	}
	return out[:max(keep, lastNewline(out))]
}

// TestCompactSameAsBefore compares compact with compactRef on the C files
// of the repository's test data, on those files with lines blanked the
// way the front end blanks them, and on random text made of what changes
// compact's state. KDLINT_COMPACT_DIR names more C files (a kernel tree).
func TestCompactSameAsBefore(t *testing.T) {
	var inputs [][]byte
	roots := []string{"..", os.Getenv("KDLINT_COMPACT_DIR")}
	for _, root := range roots {
		if root == "" {
			continue
		}
		filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".c") || strings.HasSuffix(p, ".h")) {
				if b, err := os.ReadFile(p); err == nil {
					inputs = append(inputs, b)
				}
			}
			return nil
		})
	}
	if len(inputs) < 50 {
		t.Fatalf("only %d C files found", len(inputs))
	}
	r := rand.New(rand.NewSource(1))
	for _, b := range inputs[:min(len(inputs), 400)] {
		// Every other run of lines blanked, as blank does.
		w := append([]byte(nil), b...)
		for from := 0; from < len(w); from += 1 + r.Intn(400) {
			to := min(len(w), from+r.Intn(300))
			blankRaw(w, from, to)
			from = to
		}
		inputs = append(inputs, w)
	}
	const alphabet = "  \t\n\n\\/*\"'ab;{}\r"
	for range 20000 {
		n := r.Intn(40)
		b := make([]byte, n)
		for i := range b {
			b[i] = alphabet[r.Intn(len(alphabet))]
		}
		inputs = append(inputs, b)
	}
	bad := 0
	for _, b := range inputs {
		if got, want := compact(b), compactRef(b); string(got) != string(want) {
			if bad++; bad <= 3 {
				t.Errorf("compact(%q)\n= %q\nwant %q", b[:min(len(b), 200)], got[:min(len(got), 200)], want[:min(len(want), 200)])
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d texts differ", bad, len(inputs))
	}
}
