package cache

import (
	"os"
	"testing"
)

func TestRoundTrip(t *testing.T) {
	c, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	h := NewHasher()
	h.AddString("v1")
	h.Add([]byte("int x;"))
	k := h.Key()
	if _, ok := c.Get(k); ok {
		t.Fatal("hit in an empty cache")
	}
	if err := c.Put(k, []byte("result")); err != nil {
		t.Fatal(err)
	}
	if b, ok := c.Get(k); !ok || string(b) != "result" {
		t.Fatalf("Get = %q, %v", b, ok)
	}
	h2 := NewHasher()
	h2.AddString("v1")
	h2.Add([]byte("int y;"))
	if _, ok := c.Get(h2.Key()); ok {
		t.Error("different content hit the same entry")
	}
	// Parts are separated: "ab"+"c" differs from "a"+"bc".
	a, b := NewHasher(), NewHasher()
	a.AddString("ab")
	a.AddString("c")
	b.AddString("a")
	b.AddString("bc")
	if a.Key() == b.Key() {
		t.Error("keys of differently split parts collide")
	}
}

func TestDefaultDirFollowsXDG(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", "/tmp/xdg-test")
	d, err := DefaultDir()
	if err != nil || d != "/tmp/xdg-test/kdlint" {
		t.Errorf("DefaultDir = %q, %v", d, err)
	}
	_ = os.Remove("/tmp/xdg-test")
}
