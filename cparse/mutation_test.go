package cparse

import (
	"go/token"
	"math/rand"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// TestMutations parses thousands of deterministic random mutations of the
// sample drivers (bytes changed, inserted, deleted, files cut short) and
// fails on any panic or hang. It found the cc/v4 end-of-input loops that
// parse.go now guards against. KDLINT_MUTATIONS raises the count.
func TestMutations(t *testing.T) {
	n := 1500
	if v, err := strconv.Atoi(os.Getenv("KDLINT_MUTATIONS")); err == nil {
		n = v
	}
	seeds, _ := filepath.Glob("../testdata/drivers/*/*.c")
	seeds = append(seeds, "")
	r := rand.New(rand.NewSource(2))
	dir := t.TempDir()
	for iter := 0; iter < n; iter++ {
		var src []byte
		if s := seeds[r.Intn(len(seeds))]; s != "" {
			src, _ = os.ReadFile(s)
		} else {
			src = []byte("int *;")
		}
		for k := 0; k < 1+r.Intn(4); k++ {
			if len(src) == 0 {
				src = []byte{byte(r.Intn(256))}
			}
			i := r.Intn(len(src))
			switch r.Intn(4) {
			case 0:
				src[i] = byte(r.Intn(256))
			case 1:
				j := i + r.Intn(64)
				if j > len(src) {
					j = len(src)
				}
				src = append(src[:i:i], src[j:]...)
			case 2:
				src = append(src[:i:i], append([]byte{byte(r.Intn(256))}, src[i:]...)...)
			case 3:
				src = src[:i]
			}
		}
		p := filepath.Join(dir, "h.c")
		os.WriteFile(p, src, 0o644)
		done := make(chan bool)
		go func() {
			// Every other run as a default run does: unneeded bodies pruned.
			ParseModule(token.NewFileSet(), dir, []string{p}, &Config{ExpansionLimit: 1 << 20, ParseAll: iter%2 == 0})
			close(done)
		}()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatalf("ParseModule hangs on mutation %d:\n%q", iter, src)
		}
	}
}
