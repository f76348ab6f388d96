package lifecycle

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/kdlint/kdlint/analyzers/passes/ctext"
)

// callRe is what ctext.EachCall matches in code, as a regular expression.
var callRe = regexp.MustCompile(`\b([A-Za-z_]\w*)\s*\(`)

// nonCodeRe matches the comments and the string and character literals
// ctext.EachCall passes over: a literal ends at its quote or its line's end.
var nonCodeRe = regexp.MustCompile(`/\*[\s\S]*?(?:\*/|$)|//[^\n]*|"(?:\\[\s\S]|[^"\\\n])*"?|'(?:\\[\s\S]|[^'\\\n])*'?`)

// codeOnly is text with what nonCodeRe matches overwritten by a byte
// that is neither a name's, a space nor a parenthesis.
func codeOnly(text string) string {
	return nonCodeRe.ReplaceAllStringFunc(text, func(s string) string { return strings.Repeat("\x01", len(s)) })
}

func TestEachCallIsCallRe(t *testing.T) {
	texts := []string{
		"", "f(", "f (x)", "1f(x) x1(y) _a\t\n(b) a.b(c)->d (e)", "é(x) aé(y) éa(z)",
		"if(x)while (y)\r\n\f(z)", "abc", "abc def", "a((b)(c(", "\xff(x)\xffy(z)",
		"#define F(x) G(x)\nint f(void) { return g(h(1), 2)(3); }",
		"a(/* b(1) */ c(2)) // d(3)\ne(4) /* f(5)", "x(\"y(\\\"z(\" w(1)) 'v(' u('\\'') t(\"s(\\\nr(\") q(",
		"#error don't p(1)\no(2) \"n(\nm(3)", "k/**/j(1) i/ h(2) g//\nf(3) e/*/d(4)*/c(5)",
	}
	files, _ := filepath.Glob("../../*/testdata/src/*/*.c")
	for _, f := range files {
		if b, err := os.ReadFile(f); err == nil {
			texts = append(texts, string(b))
		}
	}
	for _, text := range texts {
		var got [][]int
		ctext.EachCall(text, func(from, to int) { got = append(got, []int{from, to}) })
		var want [][]int
		for _, loc := range callRe.FindAllStringSubmatchIndex(codeOnly(text), -1) {
			want = append(want, loc[2:4])
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("ctext.EachCall(%.40q) = %v, callRe finds %v", text, got, want)
		}
		var inBytes [][]int
		ctext.EachCall([]byte(text), func(from, to int) { inBytes = append(inBytes, []int{from, to}) })
		if !reflect.DeepEqual(inBytes, got) {
			t.Errorf("ctext.EachCall(%.40q) in bytes = %v, in a string %v", text, inBytes, got)
		}
		// The first argument of each call, as argRe finds it where no
		// comment is in it.
		for _, c := range got {
			rest := text[c[1]:]
			arg, ok := firstArg(rest)
			m := argRe.FindStringSubmatch(rest)
			if ok != (m != nil) || ok && !strings.Contains(m[1], "/") && arg != strings.TrimSpace(m[1]) {
				t.Errorf("firstArg(%.20q) = %q, %v; argRe finds %q", rest, arg, ok, m)
			}
		}
	}
}

// argRe is what firstArg finds, as a regular expression.
var argRe = regexp.MustCompile(`^\s*\(\s*&?\s*([^,()]*)`)
