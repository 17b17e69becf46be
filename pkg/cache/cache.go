// Package cache stores per-layer analysis results on disk, keyed by layer
// diffID and analyzer versions, so that rescanning an image, or scanning
// another image built on the same base layers, skips the layer work.
package cache

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// Cache is a directory of JSON entries. A nil *Cache caches nothing.
type Cache struct {
	dir string
}

// DefaultDir is <user cache dir>/palisade.
func DefaultDir() (string, error) {
	d, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("locating the user cache directory: %w (pass --cache-dir)", err)
	}
	return filepath.Join(d, "palisade"), nil
}

// Open prepares dir for use, creating it, and checks that it is writable:
// an unusable cache is reported up front rather than silently ignored.
func Open(dir string) (*Cache, error) {
	ld := filepath.Join(dir, "layers")
	if err := os.MkdirAll(ld, 0o700); err != nil {
		return nil, fmt.Errorf("cache directory %s is not usable: %w", dir, err)
	}
	f, err := os.CreateTemp(ld, ".probe-*")
	if err != nil {
		return nil, fmt.Errorf("cache directory %s is not writable: %w", dir, err)
	}
	f.Close()
	os.Remove(f.Name())
	return &Cache{dir: dir}, nil
}

// Dir returns the cache root.
func (c *Cache) Dir() string { return c.dir }

func (c *Cache) path(key string) string {
	if len(key) < 3 {
		return filepath.Join(c.dir, "layers", "_", key+".json")
	}
	return filepath.Join(c.dir, "layers", key[:2], key+".json")
}

// Get loads the entry for key into v. A missing or corrupt entry is a miss;
// a corrupt one is removed so it is rewritten.
func (c *Cache) Get(key string, v any) bool {
	if c == nil {
		return false
	}
	b, err := os.ReadFile(c.path(key))
	if err != nil {
		return false
	}
	if err := json.Unmarshal(b, v); err != nil {
		os.Remove(c.path(key))
		return false
	}
	return true
}

// Put stores v under key atomically (write to a temp file, then rename), so
// concurrent scans and crashes never leave a half-written entry.
func (c *Cache) Put(key string, v any) error {
	if c == nil {
		return nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encoding cache entry: %w", err)
	}
	p := c.path(key)
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		return fmt.Errorf("writing cache entry: %w", err)
	}
	f, err := os.CreateTemp(filepath.Dir(p), ".tmp-*")
	if err != nil {
		return fmt.Errorf("writing cache entry: %w", err)
	}
	_, err = f.Write(b)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), p)
	}
	if err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("writing cache entry: %w", err)
	}
	return nil
}

// Clean removes every cached layer result (the vulnerability DB, kept
// elsewhere, is untouched).
func Clean(dir string) error {
	err := os.RemoveAll(filepath.Join(dir, "layers"))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("cleaning cache %s: %w", dir, err)
	}
	return nil
}
