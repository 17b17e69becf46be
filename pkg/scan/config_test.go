package scan_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

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
	want, err := scan.NewConfigScanner(eng).Scan(ctx, iac.Load(ctx, []string{dir}))
	if err != nil {
		t.Fatal(err)
	}
	// The engine is handed over while the files load.
	release := make(chan struct{})
	s := scan.NewConfigScannerLoading(func() (*policy.Engine, error) {
		<-release
		return eng, nil
	})
	go func() {
		time.Sleep(20 * time.Millisecond)
		close(release)
	}()
	files, got, err := s.ScanPaths(ctx, []string{dir})
	if err != nil {
		t.Fatal(err)
	}
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

// TestScanPathsEngineError: a rule set that fails to load ends the scan
// with its error.
func TestScanPathsEngineError(t *testing.T) {
	boom := errors.New("rules/x.rego:3: rego_parse_error")
	s := scan.NewConfigScannerLoading(func() (*policy.Engine, error) { return nil, boom })
	files, res, err := s.ScanPaths(context.Background(), []string{"../../testdata/config/repo"})
	if !errors.Is(err, boom) || files != nil || res != nil {
		t.Fatalf("err = %v, %d files, %d results", err, len(files), len(res))
	}
	if _, err := s.Scan(context.Background(), nil); !errors.Is(err, boom) {
		t.Fatalf("Scan: %v", err)
	}
}
