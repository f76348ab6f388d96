package cparse

import "sync"

// memo is a map that the units of a module fill on demand. A value is
// worked out outside the lock, so two units may both work out the same
// one; the first stored is kept, so every caller gets the same value.
type memo[K comparable, V any] struct {
	mu sync.Mutex
	m  map[K]V
}

// get returns the value for k, made by make the first time.
func (c *memo[K, V]) get(k K, make func() V) V {
	c.mu.Lock()
	v, ok := c.m[k]
	c.mu.Unlock()
	if ok {
		return v
	}
	v = make()
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.m[k]; ok {
		return old
	}
	if c.m == nil {
		c.m = map[K]V{}
	}
	c.m[k] = v
	return v
}
