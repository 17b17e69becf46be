package analyzer

import (
	"archive/tar"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/palisadesec/palisade/pkg/inventory"
)

const testdata = "../../testdata/analyzer"

func TestDefault(t *testing.T) {
	list := Default()
	names := map[string]bool{}
	for _, a := range list {
		if names[a.Name()] {
			t.Errorf("duplicate analyzer %s", a.Name())
		}
		names[a.Name()] = true
		if a.Version() < 1 {
			t.Errorf("%s: version %d", a.Name(), a.Version())
		}
	}
	for _, want := range []string{"os-release", "dpkg", "apk", "rpm", "gobinary", "cargo", "jar", "npm-installed", "python-installed", "gemspec", "composer-installed", "dotnet-deps"} {
		if !names[want] {
			t.Errorf("no %s analyzer", want)
		}
	}

	set := NewSet(list)
	for path, want := range map[string]bool{
		"etc/os-release":                   true,
		"var/lib/dpkg/status":              true,
		"var/lib/dpkg/status.d/libssl3":    true,
		"lib/apk/db/installed":             true,
		"var/lib/rpm/rpmdb.sqlite":         true,
		"usr/lib/sysimage/rpm/Packages.db": true,
		"var/lib/dpkg/status.d/x.md5sums":  false,
		// Executables are candidates for the Go and Rust binary analyzers.
		"usr/bin/bash":                         true,
		"app/node_modules/lodash/package.json": true,
		"app/package-lock.json":                false, // lock files are for source trees
		"etc/passwd":                           false,
		"var/lib/rpm/rpmdb.sqlite-wal":         false,
		"usr/share/doc/dpkg/status/examples":   false,
	} {
		if got := set.Required(path); got != want {
			t.Errorf("Required(%q) = %v", path, got)
		}
	}
}

func TestAdapters(t *testing.T) {
	ctx := context.Background()
	byName := map[string]Analyzer{}
	for _, a := range Default() {
		byName[a.Name()] = a
	}

	res, err := byName["os-release"].Analyze(ctx, Input{Path: "etc/os-release", Content: []byte("ID=alpine\nVERSION_ID=3.19.1\n")})
	if err != nil || res == nil || res.OS == nil || *res.OS != (inventory.OS{Family: "alpine", Version: "3.19.1", Name: "3.19.1"}) || res.Priority != 100 {
		t.Errorf("os-release: %+v, %v", res, err)
	}
	res, err = byName["os-release"].Analyze(ctx, Input{Path: "etc/os-release", Content: []byte("ID=plan9\n")})
	if err != nil || res != nil {
		t.Errorf("unknown OS: %+v, %v", res, err)
	}

	// A database listing nothing still yields a result, so that it replaces
	// the same file of a lower layer.
	res, err = byName["dpkg"].Analyze(ctx, Input{Path: "var/lib/dpkg/status", Content: nil})
	if err != nil || res == nil || len(res.Packages) != 0 {
		t.Errorf("empty status: %+v, %v", res, err)
	}
	if _, err := byName["apk"].Analyze(ctx, Input{Path: "lib/apk/db/installed", Content: []byte("\x00garbage\n")}); err == nil {
		t.Error("apk: no error for garbage")
	}
}

// TestLayers runs the default analyzers over layer tars built from the
// fixtures and merges them, as an image scan does.
func TestLayers(t *testing.T) {
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join(testdata, name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	base := layerTar(t, map[string][]byte{
		"etc/os-release":      read("osrelease/debian-12/etc/os-release"),
		"etc/debian_version":  read("osrelease/debian-12/etc/debian_version"),
		"var/lib/dpkg/status": read("dpkg/status"),
		"usr/bin/unrelated":   []byte("#!/bin/sh\n"),
	})
	// The upper layer removes every package but keeps the database file.
	upper := layerTar(t, map[string][]byte{"var/lib/dpkg/status": {}})

	set := NewSet(Default())
	ctx := context.Background()
	l1, err := set.AnalyzeLayer(ctx, "sha256:base", bytes.NewReader(base))
	if err != nil {
		t.Fatal(err)
	}
	applied := Merge([]*LayerResult{l1})
	if os := applied.Inventory.OS; os == nil || os.Family != "debian" || os.Version != "12" {
		t.Errorf("OS = %+v", os)
	}
	if n := len(applied.Inventory.Packages); n != 6 || len(applied.Errors) != 0 {
		t.Errorf("%d packages, errors %v", n, applied.Errors)
	}

	l2, err := set.AnalyzeLayer(ctx, "sha256:upper", bytes.NewReader(upper))
	if err != nil {
		t.Fatal(err)
	}
	applied = Merge([]*LayerResult{l1, l2})
	if n := len(applied.Inventory.Packages); n != 0 {
		t.Errorf("after the upper layer: %d packages, want 0", n)
	}
}

func layerTar(t *testing.T, files map[string][]byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for name, content := range files {
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(content)), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write(content); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// Source trees are read through their lock files, not installed metadata.
func TestFilesystem(t *testing.T) {
	set := NewSet(Filesystem())
	for path, want := range map[string]bool{
		"web/package-lock.json":                true,
		"web/yarn.lock":                        true,
		"ml/poetry.lock":                       true,
		"ml/requirements.txt":                  true,
		"Gemfile.lock":                         true,
		"api/composer.lock":                    true,
		"svc/packages.lock.json":               true,
		"Cargo.lock":                           true,
		"lib/app.jar":                          true,
		"web/node_modules/lodash/package.json": false,
		"var/lib/dpkg/status":                  false,
		"README.md":                            false,
	} {
		if got := set.Required(path); got != want {
			t.Errorf("Required(%q) = %v, want %v", path, got, want)
		}
	}
}
