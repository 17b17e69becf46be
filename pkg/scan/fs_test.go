package scan_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/palisadesec/palisade/pkg/analyzer"
	"github.com/palisadesec/palisade/pkg/analyzer/purl"
	"github.com/palisadesec/palisade/pkg/scan"
)

func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for p, c := range files {
		full := filepath.Join(root, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// A root file system directory scans like the image it would be.
func TestFSScanRootfsAndSkips(t *testing.T) {
	td := filepath.Join("..", "..", "testdata", "images", "debian12")
	status, err := os.ReadFile(filepath.Join(td, "status.layer1"))
	if err != nil {
		t.Fatal(err)
	}
	osRelease, _ := os.ReadFile(filepath.Join(td, "os-release"))
	root := writeTree(t, map[string]string{
		"usr/lib/os-release":  string(osRelease),
		"var/lib/dpkg/status": string(status),
	})
	_, db := openDemo(t)
	for _, tc := range []struct {
		name      string
		opts      []scan.FSOption
		wantPkgs  int
		wantFinds int
	}{
		{"no skips", nil, 16, 22},
		{"skip dir by path", []scan.FSOption{scan.WithSkipDirs("var/lib/dpkg")}, 0, 0},
		{"skip dir by name at any depth", []scan.FSOption{scan.WithSkipDirs("dpkg")}, 0, 0},
		{"skip files by glob", []scan.FSOption{scan.WithSkipFiles("var/**/status")}, 0, 0},
		{"skip files by name", []scan.FSOption{scan.WithSkipFiles("stat*")}, 0, 0},
		{"unrelated skips", []scan.FSOption{scan.WithSkipDirs("usr/share", "node_modules"), scan.WithSkipFiles("*.md")}, 16, 22},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts := append([]scan.FSOption{scan.WithFSDB(db), scan.WithFSListAllPackages(true), scan.WithFSPURL(purl.For), scan.WithFSParallel(3)}, tc.opts...)
			sc, err := scan.NewFSScanner(analyzer.Default(), opts...)
			if err != nil {
				t.Fatal(err)
			}
			res, err := sc.Scan(context.Background(), root)
			if err != nil {
				t.Fatal(err)
			}
			if res.OS == nil || res.OS.Family != "debian" || len(res.Packages) != tc.wantPkgs || len(res.Errors) != 0 || len(res.Findings) != tc.wantFinds {
				t.Errorf("os %v, %d packages, %d findings", res.OS, len(res.Packages), len(res.Findings))
			}
		})
	}
	if _, err := scan.NewFSScanner(nil, scan.WithSkipDirs("[")); err == nil {
		t.Error("invalid glob accepted")
	}
	sc, _ := scan.NewFSScanner(analyzer.Default())
	if _, err := sc.Scan(context.Background(), filepath.Join(root, "nope")); err == nil {
		t.Error("missing root accepted")
	}
}
