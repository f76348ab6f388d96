// Package cache is kdlint's result cache: a directory of files named by
// the hash of everything that determines a module's result (kdlint's
// version, its configuration and the content of the module's files), like
// go build's cache. Entries are written atomically and never modified, so
// concurrent runs can share a cache; a corrupt or unreadable entry is a
// miss.
package cache

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
)

// Cache is a result cache rooted at a directory.
type Cache struct{ dir string }

// DefaultDir is os.UserCacheDir()/kdlint ($XDG_CACHE_HOME/kdlint on Linux).
func DefaultDir() (string, error) {
	base, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(base, "kdlint"), nil
}

// Open returns the cache in dir, creating the directory if needed.
func Open(dir string) (*Cache, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	return &Cache{dir: dir}, nil
}

// Key is a cache key.
type Key [sha256.Size]byte

// Hasher builds a key from the parts that determine a result.
type Hasher struct{ h []byte }

// NewHasher starts a key.
func NewHasher() *Hasher { return &Hasher{} }

// Add mixes a length-prefixed part into the key, so that parts cannot run
// into each other.
func (h *Hasher) Add(part []byte) {
	sum := sha256.Sum256(part)
	h.h = append(h.h, sum[:]...)
}

// AddString is Add for strings.
func (h *Hasher) AddString(s string) { h.Add([]byte(s)) }

// Key returns the key of everything added.
func (h *Hasher) Key() Key { return sha256.Sum256(h.h) }

func (c *Cache) path(k Key) string {
	s := hex.EncodeToString(k[:])
	return filepath.Join(c.dir, s[:2], s)
}

// Get returns the entry for k.
func (c *Cache) Get(k Key) ([]byte, bool) {
	if c == nil {
		return nil, false
	}
	b, err := os.ReadFile(c.path(k))
	return b, err == nil
}

// Put stores data under k. Errors are returned for the caller to ignore
// or report; a failed Put never leaves a partial entry.
func (c *Cache) Put(k Key, data []byte) error {
	if c == nil {
		return errors.New("no cache")
	}
	p := c.path(k)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), ".tmp-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), p)
}
