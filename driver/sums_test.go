package driver

import (
	"crypto/sha256"
	"os"
	"path/filepath"
	"testing"
)

// TestFileSumsOnlyForTheCache: a run with a cache has the sum of every
// file the front end read (the cache's dependencies, encodeEntry); one
// without leaves those of the module's own files out, and keeps those of
// the headers it found elsewhere, which an analysis checks before it
// reads one again.
func TestFileSumsOnlyForTheCache(t *testing.T) {
	dir := t.TempDir()
	drv := filepath.Join(dir, "drv")
	write(t, filepath.Join(drv, "a.c"), "#include \"a.h\"\n#include \"../common.h\"\nint x;\n")
	write(t, filepath.Join(drv, "a.h"), "#define A 1\n")
	write(t, filepath.Join(dir, "common.h"), "#define COMMON 1\n")
	mod := Module{Dir: drv, Files: []string{filepath.Join(drv, "a.c"), filepath.Join(drv, "a.h")}}
	for _, cacheDir := range []string{t.TempDir(), ""} {
		pl := newPlan(&Options{CacheDir: cacheDir})
		pl.openCache(cacheDir)
		_, m := pl.analyse(mod)
		if len(m.Read) != 3 {
			t.Fatalf("cache %q: read %v", cacheDir, m.Read)
		}
		for _, r := range m.Read {
			data, err := os.ReadFile(r.Path)
			if err != nil {
				t.Fatal(err)
			}
			want := sha256.Sum256(data)
			if cacheDir == "" && filepath.Dir(r.Path) == drv {
				want = [32]byte{}
			}
			if r.Sum != want {
				t.Errorf("cache %q: %s: sum %x, want %x", cacheDir, r.Path, r.Sum[:4], want[:4])
			}
		}
	}
}
