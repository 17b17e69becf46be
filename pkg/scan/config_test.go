package scan_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/palisadesec/palisade/pkg/iac"
	"github.com/palisadesec/palisade/pkg/policy"
	"github.com/palisadesec/palisade/pkg/scan"
	"github.com/palisadesec/palisade/rules"
)

// TestScanPathsMatchesScan: evaluating each file as it is loaded and
// compacting it (ScanPaths) reports exactly what loading everything first
// does (Scan), cross-object findings and their lines included.
func TestScanPathsMatchesScan(t *testing.T) {
	ctx := context.Background()
	eng, err := policy.Load(ctx, []policy.Source{{Name: "rules", FS: rules.FS(), Bundled: true}})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for i := 0; i < 40; i++ {
		p := filepath.Join(dir, fmt.Sprintf("ns-%d", i%10), fmt.Sprintf("app-%03d.yaml", i))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(benchManifest(i)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s := scan.NewConfigScanner(eng)
	want := s.Scan(ctx, iac.Load(ctx, []string{dir}))
	files, got := s.ScanPaths(ctx, []string{dir})
	if len(files) != len(want) {
		t.Fatalf("%d files, %d results", len(files), len(want))
	}
	wj, _ := json.Marshal(want)
	gj, _ := json.Marshal(got)
	if string(wj) != string(gj) {
		t.Fatalf("ScanPaths differs from Scan:\n%s\n%s", gj, wj)
	}
	sets := 0
	for _, r := range got {
		for _, f := range r.Findings {
			if f.ID >= "PAL-K8S-110" && f.ID <= "PAL-K8S-119" && f.Location.StartLine > 1 {
				sets++
			}
		}
	}
	if sets == 0 {
		t.Fatal("no cross-object finding to compare")
	}
}
