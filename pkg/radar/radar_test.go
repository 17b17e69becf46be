package radar

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/palisadesec/palisade/pkg/finding"
)

var update = flag.Bool("update", false, "rewrite golden files")

var now = time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)

func fixturePaths() []string {
	var out []string
	for _, n := range []string{"cluster-prod.json", "cluster-staging.json", "image.json", "node.json", "runtime.json"} {
		out = append(out, filepath.Join("..", "..", "testdata", "radar", n))
	}
	return out
}

func fixtureView(t testing.TB) *View {
	t.Helper()
	rep, errs := Load(fixturePaths()...)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	return Build(rep, now, WithCompliance(func(cluster string, results []finding.Result) map[string]float64 {
		if cluster != "prod" {
			return nil
		}
		return map[string]float64{"cis-k8s-1.10": 52.0 / 55.0, "nsa": 0.5}
	}))
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("..", "..", "testdata", "radar", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (run go test ./pkg/radar -update and review the diff)\n--- got:\n%s", name, got)
	}
}

func TestGolden(t *testing.T) {
	v := fixtureView(t)
	for _, tc := range []struct {
		name  string
		write func(*bytes.Buffer) error
	}{
		{"report.md", func(b *bytes.Buffer) error { return v.Markdown(b) }},
		{"report.html", func(b *bytes.Buffer) error { return v.HTML(b) }},
		{"report.txt", func(b *bytes.Buffer) error { return v.Text(b) }},
		{"view.json", func(b *bytes.Buffer) error { return v.JSON(b) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var a, b bytes.Buffer
			if err := tc.write(&a); err != nil {
				t.Fatal(err)
			}
			// Deterministic: a second build and render give the same bytes.
			v2 := fixtureView(t)
			*v = *v2
			if err := tc.write(&b); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a.Bytes(), b.Bytes()) {
				t.Fatal("two renders differ")
			}
			golden(t, tc.name, a.Bytes())
		})
	}
}

func TestBuild(t *testing.T) {
	v := fixtureView(t)
	var names []string
	for _, c := range v.Clusters {
		names = append(names, c.Name)
	}
	if got := strings.Join(names, ","); got != "prod,staging,"+NoCluster {
		t.Fatalf("clusters = %s", got)
	}
	prod := v.Clusters[0]
	// prod: cluster 2C 3H 1M 1L, image cart 1C, node 2H 1M, runtime 1H 2M.
	want := Counts{finding.SeverityCritical: 3, finding.SeverityHigh: 6, finding.SeverityMedium: 4, finding.SeverityLow: 1}
	for _, s := range finding.AllSeverities() {
		if prod.Severity[s] != want[s] {
			t.Errorf("prod %s = %d, want %d", s, prod.Severity[s], want[s])
		}
	}
	if prod.RiskScore != 3*10+6*5+4*2+1 {
		t.Errorf("prod risk = %d", prod.RiskScore)
	}
	if prod.Version != "v1.34.4" || len(prod.Exposed) != 2 || len(prod.Privileged) != 2 || prod.RuntimeAlerts != 7 {
		t.Errorf("prod facts: %+v", prod)
	}
	if len(prod.TrustViolations) != 1 || prod.TrustViolations[0].Name != "cart" {
		t.Errorf("trust = %+v", prod.TrustViolations)
	}
	if len(prod.Connections) != 5 || prod.Connections[1] != (Edge{From: "shop/web-0", To: "10.0.5.3:5432", Protocol: "tcp"}) {
		t.Errorf("connections = %+v", prod.Connections)
	}
	if len(prod.Nodes) != 1 || prod.Nodes[0].Pass != 52 || prod.Nodes[0].Fail != 3 || prod.Nodes[0].Benchmark != "cis-1.10" {
		t.Errorf("nodes = %+v", prod.Nodes)
	}
	if len(prod.Images) != 1 || prod.Images[0].FixableCritical != 1 {
		t.Errorf("images = %+v", prod.Images)
	}
	// Namespaces by risk: shop (C+M+L+H + runtime 2M = 10+2+1+5+4 = 22),
	// kube-system (H+C + runtime H = 20), cluster-scoped (H = 5).
	var nss []string
	for _, ns := range prod.Namespaces {
		nss = append(nss, ns.Name)
	}
	if got := strings.Join(nss, ","); got != "shop,kube-system,"+ClusterScoped {
		t.Errorf("namespaces = %s", got)
	}
	if prod.Namespaces[0].RiskScore != 22 || prod.Namespaces[0].Workloads[0].Name != "web" || prod.Namespaces[0].Workloads[0].RiskScore != 12 {
		t.Errorf("shop = %+v", prod.Namespaces[0])
	}
	nc := v.Clusters[2]
	if len(nc.Images) != 1 || nc.Images[0].FixableCritical != 1 || nc.Images[0].Fixable != 2 || nc.Images[0].Vulnerabilities != 4 {
		t.Errorf("no-cluster images = %+v", nc.Images)
	}
	if prod.Compliance["nsa"] != 0.5 || v.Clusters[1].Compliance != nil {
		t.Errorf("compliance hook: %v %v", prod.Compliance, v.Clusters[1].Compliance)
	}
	if v.Severity.Total() != prod.Findings+v.Clusters[1].Findings+nc.Findings {
		t.Errorf("totals")
	}
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	bad := []string{
		write("garbage.json", "{not json"),
		write("empty.json", ""),
		write("noschema.json", `{"results": []}`),
		write("future.json", `{"schemaVersion": 99, "results": []}`),
		write("trailing.json", `{"schemaVersion": 1, "results": []} {}`),
		write("badsev.json", `{"schemaVersion": 1, "results": [{"target":"x","kind":"image","findings":[{"id":"a","severity":"SEVERE"}]}]}`),
		filepath.Join(dir, "missing.json"),
	}
	paths := append([]string{fixturePaths()[0]}, bad...)
	paths = append(paths, fixturePaths()[1])
	rep, errs := Load(paths...)
	if len(errs) != len(bad) {
		t.Fatalf("errors = %v", errs)
	}
	for i, err := range errs {
		if !strings.HasPrefix(err.Error(), bad[i]+": ") || strings.Contains(err.Error(), "\n") {
			t.Errorf("error %d = %q", i, err)
		}
	}
	if len(rep.Results) != 2 || rep.Tool.Name != "palisade" || !rep.CreatedAt.Equal(time.Date(2026, 11, 30, 9, 5, 0, 0, time.UTC)) {
		t.Errorf("merged = %+v", rep)
	}
}

func TestReadBound(t *testing.T) {
	// A report just over the bound is refused without reading it all.
	const limit = 1 << 20
	r := &repeatReader{prefix: []byte(`{"schemaVersion":1,"results":[],"pad":"`), n: 1 << 30}
	if _, err := read(r, limit); err != ErrTooLarge {
		t.Fatalf("err = %v", err)
	}
	if r.read > limit+1<<17 {
		t.Fatalf("read %d bytes", r.read)
	}
}

type repeatReader struct {
	prefix []byte
	n      int
	read   int
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.read >= r.n {
		return 0, nil
	}
	k := 0
	for k < len(p) && r.read < r.n {
		if r.read < len(r.prefix) {
			p[k] = r.prefix[r.read]
		} else {
			p[k] = 'a'
		}
		k++
		r.read++
	}
	return k, nil
}

func TestHTMLEscapes(t *testing.T) {
	rep := finding.New("v", now)
	evil := `<script>alert(1)</script>"'&`
	rep.Results = append(rep.Results, finding.Result{Target: evil, Kind: finding.KindCluster, Cluster: evil,
		Metadata: map[string]any{"exposed": []string{evil}, "connections": []any{evil + " -> " + evil}},
		Findings: []finding.Finding{{ID: evil, Type: finding.TypeTrust, Severity: finding.SeverityHigh, Message: evil,
			Resource: &finding.Resource{Kind: evil, Namespace: evil, Name: evil}}}},
		finding.Result{Target: "rt", Kind: finding.KindRuntime, Cluster: evil, Metadata: map[string]any{"connections": []string{evil + " -> " + evil}}, Findings: []finding.Finding{}})
	v := Build(rep, now)
	var b bytes.Buffer
	if err := v.HTML(&b); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "<script>alert") {
		t.Fatal("unescaped markup in HTML")
	}
	b.Reset()
	if err := v.Markdown(&b); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "<script>") {
		t.Fatal("unescaped markup in Markdown")
	}
}

func TestParseEdge(t *testing.T) {
	for in, want := range map[string]Edge{
		"shop/web-0 -> 1.2.3.4:443/tcp":   {From: "shop/web-0", To: "1.2.3.4:443", Protocol: "tcp"},
		"(host)/ -> [2001:db8::1]:53/udp": {From: "(host)/", To: "[2001:db8::1]:53", Protocol: "udp"},
		"a -> b":                          {From: "a", To: "b"},
	} {
		if got, ok := ParseEdge(in); !ok || got != want {
			t.Errorf("ParseEdge(%q) = %+v, %v", in, got, ok)
		}
	}
	for _, in := range []string{"", "a ->", "-> b", "a b"} {
		if _, ok := ParseEdge(in); ok {
			t.Errorf("ParseEdge(%q) ok", in)
		}
	}
}

func FuzzLoad(f *testing.F) {
	for _, p := range fixturePaths() {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"schemaVersion":1,"results":[{"kind":"runtime","metadata":{"alerts":1e300,"connections":[" -> ","a -> b/"]}},{"kind":"node","metadata":{"counts":{"PASS":-1}}}]}`))
	f.Add([]byte(`{"schemaVersion":1,"results":[{"kind":"cluster","cluster":"x","metadata":{"exposed":{"a":1},"version":3}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		// Load's own work past os.Open, without a file per input.
		rep, err := read(bytes.NewReader(data), 1<<20)
		if err != nil {
			if rep != nil {
				t.Fatal("a report and an error")
			}
			return
		}
		merged := &finding.Report{}
		Merge(merged, rep)
		v := Build(merged, now)
		var b bytes.Buffer
		for _, w := range []func(*bytes.Buffer) error{
			func(b *bytes.Buffer) error { return v.Markdown(b) }, func(b *bytes.Buffer) error { return v.HTML(b) },
			func(b *bytes.Buffer) error { return v.Text(b) }, func(b *bytes.Buffer) error { return v.JSON(b) },
		} {
			b.Reset()
			if err := w(&b); err != nil {
				t.Fatal(err)
			}
		}
		if !json.Valid(b.Bytes()) {
			t.Fatal("invalid JSON view")
		}
	})
}

// The page is self-contained: nothing is loaded from anywhere.
func TestHTMLSelfContained(t *testing.T) {
	var b bytes.Buffer
	if err := fixtureView(t).HTML(&b); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"http://", "https://", " src=", "<link", "@import", "//cdn"} {
		if strings.Contains(b.String(), bad) {
			t.Errorf("HTML contains %q", bad)
		}
	}
}
