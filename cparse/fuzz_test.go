package cparse

import (
	"go/token"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// FuzzParseModule feeds arbitrary bytes to the whole front end. It must
// never panic or hang, whatever the input. Its seeds run with every go
// test; under -fuzz, coverage instrumentation makes cc/v4 very slow (a few
// executions a minute here), so CI fuzzes the scanner (FuzzScan) and runs
// the deterministic mutation test (mutation_test.go) for the whole front
// end instead.
func FuzzParseModule(f *testing.F) {
	seeds, _ := filepath.Glob("../testdata/drivers/*/*.c")
	for _, s := range seeds {
		if b, err := os.ReadFile(s); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("int *;"))
	f.Add([]byte("#define A(x...) f(x)\n#if X\nint\n#else\n}\n#endif\n"))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, src []byte) {
		p := filepath.Join(dir, "fuzz.c")
		if err := os.WriteFile(p, src, 0o644); err != nil {
			t.Fatal(err)
		}
		done := make(chan struct{})
		go func() {
			defer close(done)
			ParseModule(token.NewFileSet(), dir, []string{p}, &Config{ExpansionLimit: 1 << 20, ParseAll: true})
		}()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("ParseModule hangs on %q", src)
		}
	})
}
