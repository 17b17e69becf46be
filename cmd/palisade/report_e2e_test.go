package main_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// palisade report merges real scan output with other reports, and says what
// it could not read after writing what it could.
func TestReportMerges(t *testing.T) {
	archive, db := fixtures(t)
	dir := t.TempDir()
	img := palisade(t, nil, "scan", "image", "--input", archive, "--db", db, "--skip-db-update", "--format", "json")
	if img.code != 0 {
		t.Fatalf("scan image: %d %s", img.code, img.stderr)
	}
	imgReport := filepath.Join(dir, "image.json")
	if err := os.WriteFile(imgReport, []byte(img.stdout), 0o644); err != nil {
		t.Fatal(err)
	}
	prod := filepath.Join(testdata, "radar", "cluster-prod.json")
	r := palisade(t, nil, "report", "--format", "markdown", prod, imgReport)
	if r.code != 0 || !strings.Contains(r.stdout, "prod") || !strings.Contains(r.stdout, "(no cluster)") {
		t.Fatalf("report markdown: %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	r = palisade(t, nil, "report", "--compliance", "cis-k8s-1.10", prod)
	if r.code != 0 || !strings.Contains(r.stdout, "Compliance: cis-k8s-1.10") {
		t.Errorf("report --compliance: %d\n%s", r.code, r.stdout)
	}
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte("{not a report"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "nested", "radar.html")
	r = palisade(t, nil, "report", "--format", "html", "--output", out, prod, imgReport, bad)
	if r.code != 2 || !strings.Contains(r.stderr, "bad.json") || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
		t.Errorf("a bad file: exit %d, stderr %q", r.code, r.stderr)
	}
	html, err := os.ReadFile(out)
	if err != nil || !strings.Contains(string(html), `data-cluster="prod"`) {
		t.Errorf("the HTML view was not written for the good files: %v", err)
	}
}
