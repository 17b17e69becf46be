package main_test

import (
	"archive/tar"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/v1/mutate"

	"github.com/palisadesec/palisade/pkg/image/imagetest"
)

// unpack writes an image's flattened file system into dir.
func unpack(t *testing.T, dir string) {
	t.Helper()
	img, err := imagetest.Debian12(testdata)
	if err != nil {
		t.Fatal(err)
	}
	rc := mutate.Extract(img)
	defer rc.Close()
	tr := tar.NewReader(rc)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, filepath.FromSlash(h.Name))
		if !strings.HasPrefix(p, dir) {
			t.Fatalf("entry %q escapes", h.Name)
		}
		switch h.Typeflag {
		case tar.TypeDir:
			if err := os.MkdirAll(p, 0o755); err != nil {
				t.Fatal(err)
			}
		case tar.TypeReg:
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			f, err := os.Create(p)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := io.Copy(f, tr); err != nil {
				t.Fatal(err)
			}
			f.Close()
		}
	}
}

// A root file system gets the findings its image gets, and the virtual
// file systems under it are not walked.
func TestScanRootfsMatchesImage(t *testing.T) {
	archive, db := fixtures(t)
	root := t.TempDir()
	unpack(t, root)
	// A package database under /proc must not be read.
	if err := os.MkdirAll(filepath.Join(root, "proc", "1", "root", "var", "lib", "dpkg"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "proc", "1", "root", "var", "lib", "dpkg", "status"), []byte("garbage that would be an error\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ids := func(args ...string) []string {
		r := palisade(t, nil, append(args, "--db", db, "--skip-db-update", "--format", "json")...)
		if r.code != 0 {
			t.Fatalf("%v: %d %s", args, r.code, r.stderr)
		}
		var out []string
		for _, res := range decode(t, r.stdout).Results {
			if len(res.Errors) > 0 {
				t.Errorf("%v: errors %v", args, res.Errors)
			}
			for _, f := range res.Findings {
				out = append(out, f.ID+" "+f.Package.Name)
			}
		}
		slices.Sort(out)
		return out
	}
	img := ids("scan", "image", "--input", archive, "--scanners", "vuln")
	fs := ids("scan", "rootfs", root)
	if len(img) == 0 || !slices.Equal(img, fs) {
		t.Errorf("scan rootfs found\n%v\nscan image found\n%v", fs, img)
	}
}
