package fix

import (
	"bytes"
	"fmt"
	"io"
	"sort"
)

// context is the number of unchanged lines around each change in a hunk,
// as diff -u shows.
const context = 3

// WriteDiff writes the changes as a unified diff that `git apply` and
// `patch -p1` read: a/ and b/ before the names name gives each path (the
// path relative to the repository's top level, normally).
func WriteDiff(w io.Writer, changes []Change, name func(string) string) error {
	for _, c := range changes {
		if err := writeFileDiff(w, c, name(c.Path)); err != nil {
			return err
		}
	}
	return nil
}

// block is a run of whole old lines replaced by new lines.
type block struct {
	start    int      // index of the first old line
	old, new [][]byte // lines, with their newlines
}

func writeFileDiff(w io.Writer, c Change, name string) error {
	oldLines := splitLines(c.Old)
	blocks := diffBlocks(c.Old, c.spans)
	if len(blocks) == 0 {
		return nil
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "--- a/%s\n+++ b/%s\n", name, name)
	delta := 0 // new line index minus old line index, before the hunk
	for i := 0; i < len(blocks); {
		// A hunk: blocks whose contexts touch.
		j := i + 1
		for j < len(blocks) && blocks[j].start-context <= blocks[j-1].start+len(blocks[j-1].old)+context {
			j++
		}
		first, last := blocks[i], blocks[j-1]
		from := max(0, first.start-context)
		to := min(len(oldLines), last.start+len(last.old)+context)
		var body bytes.Buffer
		oldN, newN := 0, 0
		at := from
		for _, bl := range blocks[i:j] {
			for ; at < bl.start; at++ {
				line(&body, ' ', oldLines[at])
				oldN++
				newN++
			}
			for _, l := range bl.old {
				line(&body, '-', l)
				oldN++
			}
			for _, l := range bl.new {
				line(&body, '+', l)
				newN++
			}
			at = bl.start + len(bl.old)
		}
		for ; at < to; at++ {
			line(&body, ' ', oldLines[at])
			oldN++
			newN++
		}
		newFrom := from + delta
		fmt.Fprintf(&b, "@@ -%s +%s @@\n", hunkRange(from, oldN), hunkRange(newFrom, newN))
		b.Write(body.Bytes())
		for _, bl := range blocks[i:j] {
			delta += len(bl.new) - len(bl.old)
		}
		i = j
	}
	_, err := w.Write(b.Bytes())
	return err
}

// hunkRange is a hunk header's "start,count": start is 1-based, or the
// line before the hunk when it holds no lines.
func hunkRange(from, n int) string {
	if n == 0 {
		return fmt.Sprintf("%d,0", from)
	}
	return fmt.Sprintf("%d,%d", from+1, n)
}

// line writes one diff line, saying so when it has no newline.
func line(b *bytes.Buffer, op byte, l []byte) {
	b.WriteByte(op)
	b.Write(l)
	if !bytes.HasSuffix(l, []byte("\n")) {
		b.WriteString("\n\\ No newline at end of file\n")
	}
}

// splitLines splits b after each newline; the last line may have none.
func splitLines(b []byte) [][]byte {
	var out [][]byte
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			out = append(out, b)
			break
		}
		out = append(out, b[:i+1])
		b = b[i+1:]
	}
	return out
}

// diffBlocks returns the blocks of whole lines the spans change. Spans
// whose lines touch are taken together, and the old and new lines of
// each such region are compared (common ends first, then a longest
// common subsequence of what is left, which is a few lines).
func diffBlocks(old []byte, spans []span) []block {
	starts := lineStarts(old)
	lineOf := func(off int) int { // index of the line holding offset off
		return sort.Search(len(starts), func(i int) bool { return starts[i] > off }) - 1
	}
	var out []block
	for i := 0; i < len(spans); {
		first := lineOf(spans[i].start)
		last := lineOf(spans[i].end)
		j := i + 1
		for j < len(spans) && lineOf(spans[j].start) <= last+1 {
			last = max(last, lineOf(spans[j].end))
			j++
		}
		// The region: lines first..last, whole.
		from := starts[first]
		to := len(old)
		if last+1 < len(starts) {
			to = starts[last+1]
		}
		region := make([]span, 0, j-i)
		for _, s := range spans[i:j] {
			region = append(region, span{s.start - from, s.end - from, s.text})
		}
		newText := apply(old[from:to], region)
		out = append(out, lineDiff(first, splitLines(old[from:to]), splitLines(newText))...)
		i = j
	}
	return out
}

// lineDiff compares the lines a (starting at old line index at) with b.
func lineDiff(at int, a, b [][]byte) []block {
	pre := 0
	for pre < len(a) && pre < len(b) && bytes.Equal(a[pre], b[pre]) {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && bytes.Equal(a[len(a)-1-suf], b[len(b)-1-suf]) {
		suf++
	}
	a, b = a[pre:len(a)-suf], b[pre:len(b)-suf]
	n, m := len(a), len(b)
	lcs := make([][]int, n+1)
	for i := range lcs {
		lcs[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if bytes.Equal(a[i], b[j]) {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out []block
	var cur *block
	i, j := 0, 0
	for i < n || j < m {
		if i < n && j < m && bytes.Equal(a[i], b[j]) {
			if cur != nil {
				out = append(out, *cur)
				cur = nil
			}
			i++
			j++
			continue
		}
		if cur == nil {
			cur = &block{start: at + pre + i}
		}
		if i < n && (j == m || lcs[i+1][j] >= lcs[i][j+1]) {
			cur.old = append(cur.old, a[i])
			i++
		} else {
			cur.new = append(cur.new, b[j])
			j++
		}
	}
	if cur != nil {
		out = append(out, *cur)
	}
	return out
}
