package cparse

import (
	"go/token"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// maxFuzzInput bounds the text FuzzParseModule hands the front end, so
// that each execution stays in milliseconds even under the coverage
// instrumentation of -fuzz (whole sample drivers took seconds there).
const maxFuzzInput = 4 << 10

// FuzzParseModule feeds arbitrary text to the whole front end, as one
// file of a module (which may include itself as "fuzz.c"), pruned as a
// default run does or with -parse-all. It must never panic, hang or
// overflow the stack. The seeds (testdata/fuzz/FuzzParseModule) are the inputs
// that crashed or hung it or lost code silently: a NUL byte, unterminated
// comments and literals, deep nesting, operator chains, macro bombs, a
// file including itself, a missing header, the cc/v4 panic on a K&R
// definition, ",##__VA_ARGS__". CI runs it for 10 s.
func FuzzParseModule(f *testing.F) {
	f.Add([]byte("int *;"))
	f.Add([]byte("#define A(x...) f(x)\n#if X\nint\n#else\n}\n#endif\n"))
	dir := f.TempDir()
	p := filepath.Join(dir, "fuzz.c")
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > maxFuzzInput {
			return
		}
		if err := os.WriteFile(p, src, 0o644); err != nil {
			t.Fatal(err)
		}
		done := make(chan struct{})
		go func() {
			defer close(done)
			ParseModule(token.NewFileSet(), dir, []string{p}, &Config{ExpansionLimit: 1 << 20, ParseAll: len(src)%2 == 0, Needs: ruleNeeds})
		}()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("ParseModule hangs on %q", src)
		}
	})
}
