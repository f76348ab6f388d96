package cparse

import (
	"reflect"
	"testing"

	"github.com/kdlint/kdlint/kmodel"
)

// FuzzScan feeds arbitrary bytes to the scanner and the text rewrites,
// which run on every file before the parser.
func FuzzScan(f *testing.F) {
	f.Add([]byte("#define A(x...) f(x)\n#if X\nint\n#else\n}\n#endif\n"))
	f.Add([]byte("static int f(void) { return ]]]; }\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		var gen uint32
		w := rewriteConditionals(rewriteNamedVariadics(src), &scope{env: &macroEnv{own: map[string]bool{}, gen: &gen}}, nil)
		s := scan(w)
		if want := findItemsPlain(s); !reflect.DeepEqual(s.items, want) {
			t.Fatalf("scan's items %v, a pass after it %v", s.items, want)
		}
		names := newModuleNames(kmodel.Default())
		names.add(s)
		infer([]*scanned{s}, names).prefix()
	})
}
