package cache

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/palisadesec/palisade/pkg/testenv"
)

type entry struct{ A string }

func TestPutGetCorruptClean(t *testing.T) {
	c, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	var e entry
	if c.Get("abcd", &e) {
		t.Fatal("hit on empty cache")
	}
	if err := c.Put("abcd", entry{A: "x"}); err != nil {
		t.Fatal(err)
	}
	if !c.Get("abcd", &e) || e.A != "x" {
		t.Fatalf("get = %+v", e)
	}
	// A corrupt entry is a miss and is removed.
	if err := os.WriteFile(c.path("abcd"), []byte("{trunc"), 0o600); err != nil {
		t.Fatal(err)
	}
	if c.Get("abcd", &e) {
		t.Fatal("corrupt entry served")
	}
	if _, err := os.Stat(c.path("abcd")); !os.IsNotExist(err) {
		t.Fatal("corrupt entry kept")
	}
	c.Put("abcd", entry{A: "y"})
	if err := Clean(c.Dir()); err != nil {
		t.Fatal(err)
	}
	if c.Get("abcd", &e) {
		t.Fatal("entry survived Clean")
	}
	var nilCache *Cache
	if nilCache.Get("abcd", &e) || nilCache.Put("abcd", e) != nil {
		t.Fatal("nil cache must be a no-op")
	}
}

func TestUnwritableCache(t *testing.T) {
	if runtime.GOOS == "windows" {
		testenv.Skip(t, "permissions differ on windows")
	}
	dir := t.TempDir()
	f := filepath.Join(dir, "file")
	os.WriteFile(f, nil, 0o600)
	if _, err := Open(filepath.Join(f, "sub")); err == nil {
		t.Fatal("cache under a regular file opened")
	}
}
