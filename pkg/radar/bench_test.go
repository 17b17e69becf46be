package radar

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/palisadesec/palisade/pkg/finding"
)

// writeReports writes n cluster reports of per findings each, spread over
// three clusters, 20 namespaces and 50 workloads per namespace.
func writeReports(tb testing.TB, dir string, n, per int) []string {
	tb.Helper()
	sevs := finding.AllSeverities()
	var paths []string
	for i := range n {
		rep := finding.New("v1.0.0", now)
		res := finding.Result{Target: fmt.Sprintf("c%d", i%3), Kind: finding.KindCluster, Cluster: fmt.Sprintf("cluster-%d", i%3),
			Metadata: map[string]any{"exposed": []string{fmt.Sprintf("Service ns-%d/svc (LoadBalancer)", i%20)}}}
		for j := range per {
			res.Findings = append(res.Findings, finding.Finding{
				ID: fmt.Sprintf("PAL-K8S-%03d", j%40), Type: finding.TypeMisconfiguration, Severity: sevs[(i+j)%len(sevs)],
				Title: "A rule title of ordinary length for a misconfiguration", Message: fmt.Sprintf("container %q does something it should not", "app"),
				Resource: &finding.Resource{APIVersion: "apps/v1", Kind: "Deployment", Namespace: fmt.Sprintf("ns-%d", j%20), Name: fmt.Sprintf("app-%d", j%50)},
			})
		}
		rep.Results = append(rep.Results, res)
		b, err := json.Marshal(rep)
		if err != nil {
			tb.Fatal(err)
		}
		p := filepath.Join(dir, fmt.Sprintf("r%03d.json", i))
		if err := os.WriteFile(p, b, 0o644); err != nil {
			tb.Fatal(err)
		}
		paths = append(paths, p)
	}
	return paths
}

// BenchmarkLoadBuild merges 100 reports of 1,000 findings each.
func BenchmarkLoadBuild(b *testing.B) {
	paths := writeReports(b, b.TempDir(), 100, 1000)
	b.ReportAllocs()
	for b.Loop() {
		rep, errs := Load(paths...)
		if len(errs) > 0 {
			b.Fatal(errs)
		}
		v := Build(rep, now)
		if v.Severity.Total() != 100*1000 {
			b.Fatalf("total %d", v.Severity.Total())
		}
	}
}

// The merge stays well inside its budget (2 s for 100 x 1,000 findings)
// even on a slow machine: a coarse guard, the benchmark gives the figure.
func TestLoadBuildScale(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	paths := writeReports(t, t.TempDir(), 100, 1000)
	rep, errs := Load(paths...)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	v := Build(rep, now)
	if len(v.Clusters) != 3 || v.Severity.Total() != 100000 || len(v.Clusters[0].Namespaces) != 20 || len(v.Clusters[0].Namespaces[0].Workloads) != 5 {
		t.Fatalf("view: %d clusters, %d findings", len(v.Clusters), v.Severity.Total())
	}
}
