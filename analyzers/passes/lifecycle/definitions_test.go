package lifecycle

import (
	"bytes"
	"go/token"
	"reflect"
	"testing"
)

func TestDefinitions(t *testing.T) {
	src := []byte(`/* a { brace in a comment */
static int
two_lines(struct x *x)
{
	if (x) {
		return 1;
	}
	return 0;
}

static const struct ops o = { .f = two_lines }; // not one
struct s { int a; };
#define BRACE {
static inline void one(int (*fn)(int), int a) { char c = '}'; const char *s = "{"; }
int cond(void)
{
#ifdef A
	if (a) {
#else
	if (b) {
#endif
		return 0;
	}
}
int after(void)
{
	return 1;
}
`)
	var got []string
	for _, d := range definitions(src) {
		got = append(got, d.name)
		if src[d.from] != '{' || src[d.to-1] != '}' {
			t.Errorf("%s: body %q", d.name, src[d.from:d.to])
		}
	}
	if want := []string{"two_lines", "one", "cond", "after"}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestParameters(t *testing.T) {
	for _, tc := range []struct {
		src  string
		want []string
	}{
		{"static void f(struct kmem_cache *cache, struct lp *obj)\n{\n}", []string{"cache", "obj"}},
		{"int g(void) { }", nil},
		{"int h(int (*fn)(int), char buf[], unsigned long n) { }", []string{"", "", "n"}},
		{"void k(struct x *\nx) { }", []string{"x"}},
	} {
		src := []byte(tc.src)
		if got := parameters(src, bytes.IndexByte(src, '{')); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q: got %q, want %q", tc.src, got, tc.want)
		}
	}
}

// A body after an unbalanced parenthesis (text cut by a macro) names no
// function and has no parameters; it must not panic.
func TestDefinedNameUnbalanced(t *testing.T) {
	src := []byte("x) {\n}\nint f(int a) {\n}\n")
	if got := definedName(src, 3); got != "" {
		t.Errorf("definedName = %q, want \"\"", got)
	}
	if got := parameters(src, 3); got != nil {
		t.Errorf("parameters = %q, want none", got)
	}
	defs := definitions(src)
	if len(defs) != 1 || defs[0].name != "f" {
		t.Errorf("definitions = %+v, want only f", defs)
	}
}

// TestBodyTextAsConcatenated checks bodyText, made from the definitions'
// spans when first asked, against the text the index used to hold for
// every name: each definition's body appended in file order; and that
// some name has two definitions (#ifdef variants), or the order is not
// tested.
func TestBodyTextAsConcatenated(t *testing.T) {
	names, twice := 0, 0
	eachFixture(t, func(fset *token.FileSet, r *Result) {
		want := map[string]string{}
		count := map[string]int{}
		for _, f := range r.module.Files {
			for _, d := range definitions(f.Src) {
				want[d.name] += string(f.Src[d.from:d.to])
				count[d.name]++
			}
		}
		for name, text := range want {
			if !r.definedHere(name) {
				t.Errorf("%s: not defined here", name)
			}
			for round := 0; round < 2; round++ {
				if got := r.bodyText(name); got != text {
					t.Errorf("%s: round %d: bodyText %q, want %q", name, round, got, text)
				}
			}
			names++
			if count[name] > 1 {
				twice++
			}
		}
		if len(r.defined) != len(want) {
			t.Errorf("%d names defined, want %d", len(r.defined), len(want))
		}
	})
	if names == 0 || twice == 0 {
		t.Errorf("%d names, %d defined twice: the test compares too little", names, twice)
	}
}
