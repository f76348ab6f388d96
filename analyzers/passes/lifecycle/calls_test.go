package lifecycle

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"testing"
)

// callRe is what eachCall matches, as a regular expression.
var callRe = regexp.MustCompile(`\b([A-Za-z_]\w*)\s*\(`)

func TestEachCallIsCallRe(t *testing.T) {
	texts := []string{
		"", "f(", "f (x)", "1f(x) x1(y) _a\t\n(b) a.b(c)->d (e)", "é(x) aé(y) éa(z)",
		"if(x)while (y)\r\n\f(z)", "abc", "abc def", "a((b)(c(", "\xff(x)\xffy(z)",
		"#define F(x) G(x)\nint f(void) { return g(h(1), 2)(3); }",
	}
	files, _ := filepath.Glob("../../*/testdata/src/*/*.c")
	for _, f := range files {
		if b, err := os.ReadFile(f); err == nil {
			texts = append(texts, string(b))
		}
	}
	for _, text := range texts {
		var got [][]int
		eachCall(text, func(from, to int) { got = append(got, []int{from, to}) })
		var want [][]int
		for _, loc := range callRe.FindAllStringSubmatchIndex(text, -1) {
			want = append(want, loc[2:4])
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("eachCall(%.40q) = %v, callRe finds %v", text, got, want)
		}
	}
}
