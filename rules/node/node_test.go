package nodebench

import (
	"io/fs"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"
)

// The full validation (inheritance, copies, ops, components) is in
// pkg/node's tests; this keeps the embedded files well-formed on their own.
func TestFilesAreWellFormed(t *testing.T) {
	names, err := fs.Glob(FS(), "*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(names) < 5 {
		t.Fatalf("only %d benchmark files: %v", len(names), names)
	}
	for _, n := range names {
		b, err := fs.ReadFile(FS(), n)
		if err != nil {
			t.Fatal(err)
		}
		var f struct {
			Benchmark  string           `json:"benchmark"`
			Compliance string           `json:"compliance"`
			Checks     []map[string]any `json:"checks"`
		}
		if err := yaml.Unmarshal(b, &f); err != nil {
			t.Errorf("%s: %v", n, err)
			continue
		}
		if f.Benchmark+".yaml" != n || !strings.HasPrefix(f.Compliance, "cis-") || len(f.Checks) == 0 {
			t.Errorf("%s: benchmark %q, compliance %q, %d checks", n, f.Benchmark, f.Compliance, len(f.Checks))
		}
		seen := map[any]bool{}
		for _, c := range f.Checks {
			if seen[c["id"]] {
				t.Errorf("%s: duplicate id %v", n, c["id"])
			}
			seen[c["id"]] = true
		}
	}
}
