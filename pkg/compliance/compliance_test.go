package compliance

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/palisadesec/palisade/pkg/finding"
	"github.com/palisadesec/palisade/rules"
)

var update = flag.Bool("update", false, "rewrite golden files")

const fixtureDir = "../../testdata/compliance"

var (
	catOnce sync.Once
	catRes  Catalog
	catErr  error
	ruleIDs []string
)

// bundledCatalog is the catalog of the bundled Rego rules, read from their
// METADATA blocks. It does not load the OPA engine, which would make the
// fuzz target's instrumented binary crawl; rules/compliance's tests check
// the engine's view of the same rules against the framework files.
func bundledCatalog(t testing.TB) Catalog {
	t.Helper()
	catOnce.Do(func() {
		infos, err := readRuleMetadata(rules.FS())
		if err != nil {
			catErr = err
			return
		}
		for _, r := range infos {
			ruleIDs = append(ruleIDs, r.ID)
		}
		catRes = NewCatalog(infos...)
	})
	if catErr != nil {
		t.Fatal(catErr)
	}
	return catRes
}

// readRuleMetadata reads custom.id, input and compliance from the METADATA
// comment block of each rule module.
func readRuleMetadata(fsys fs.FS) ([]RuleInfo, error) {
	var out []RuleInfo
	for _, dir := range []string{"kubernetes", "docker", "runtime"} {
		names, err := fs.Glob(fsys, dir+"/*.rego")
		if err != nil {
			return nil, err
		}
		for _, n := range names {
			if strings.HasSuffix(n, "_test.rego") {
				continue
			}
			data, err := fs.ReadFile(fsys, n)
			if err != nil {
				return nil, err
			}
			var block []string
			for i, line := range strings.Split(string(data), "\n") {
				if i == 0 {
					if strings.TrimSpace(line) != "# METADATA" {
						return nil, fmt.Errorf("%s: no METADATA block", n)
					}
					continue
				}
				if !strings.HasPrefix(line, "#") {
					break
				}
				block = append(block, strings.TrimPrefix(strings.TrimPrefix(line, "#"), " "))
			}
			var meta struct {
				Custom struct {
					ID         string   `yaml:"id"`
					Input      string   `yaml:"input"`
					Compliance []string `yaml:"compliance"`
				} `yaml:"custom"`
			}
			if err := yaml.Unmarshal([]byte(strings.Join(block, "\n")), &meta); err != nil {
				return nil, fmt.Errorf("%s: %w", n, err)
			}
			out = append(out, RuleInfo{ID: meta.Custom.ID, Input: meta.Custom.Input, Compliance: meta.Custom.Compliance})
		}
	}
	return out, nil
}

func loadFixture(t testing.TB) *finding.Report {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(fixtureDir, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	var rep finding.Report
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatal(err)
	}
	return &rep
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	p := filepath.Join(fixtureDir, name)
	if *update {
		if err := os.WriteFile(p, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (run go test -update and review the diff):\n%s", name, got)
	}
}

func TestBundledLoad(t *testing.T) {
	want := []string{"cis-docker-1.6", "cis-k8s-1.10", "gdpr", "hipaa", "nist-800-190", "nsa-cisa-1.2", "pci-dss-4.0"}
	if got := Bundled(); !slices.Equal(got, want) {
		t.Fatalf("Bundled() = %v, want %v", got, want)
	}
	for _, n := range want {
		fw, err := Load(n)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %d controls", n, len(fw.Controls))
		if fw.Title == "" || fw.Version == "" || len(fw.Controls) == 0 {
			t.Errorf("%s: incomplete framework %+v", n, fw)
		}
	}
	if _, err := Load("no-such"); err == nil || !strings.Contains(err.Error(), "cis-k8s-1.10") {
		t.Errorf("Load(no-such) = %v, want an error listing the bundled frameworks", err)
	}
	if _, err := Load("../etc/passwd"); err == nil {
		t.Error("Load accepted a path")
	}
}

func TestGolden(t *testing.T) {
	cat := bundledCatalog(t)
	rep := loadFixture(t)
	for _, n := range Bundled() {
		t.Run(n, func(t *testing.T) {
			fw, err := Load(n)
			if err != nil {
				t.Fatal(err)
			}
			as := Assess(fw, rep, cat)
			for _, format := range Formats() {
				var buf bytes.Buffer
				if err := Write(&buf, format, as, "test"); err != nil {
					t.Fatal(err)
				}
				ext := map[string]string{"table": "txt", "json": "json", "sarif": "sarif"}[format]
				golden(t, n+"."+ext, buf.Bytes())
			}
		})
	}
}

func statusOf(t *testing.T, as []Assessment, cluster, id string) ControlResult {
	t.Helper()
	for _, a := range as {
		if a.Cluster != cluster {
			continue
		}
		for _, c := range a.Controls {
			if c.ID == id {
				return c
			}
		}
	}
	t.Fatalf("no control %s for cluster %q", id, cluster)
	return ControlResult{}
}

func TestFixtureOutcomes(t *testing.T) {
	cat := bundledCatalog(t)
	rep := loadFixture(t)
	k8s, _ := Load("cis-k8s-1.10")
	as := Assess(k8s, rep, cat)
	if len(as) != 2 || as[0].Cluster != "" || as[1].Cluster != "prod" {
		t.Fatalf("want assessments for clusters \"\" and prod, got %d", len(as))
	}
	for _, tc := range []struct {
		cluster, id string
		want        Status
	}{
		{"", "5.2.2", StatusFail},          // privileged container in deploy/app.yaml
		{"", "5.2.6", StatusPass},          // only a suppressed finding
		{"", "1.2.1", StatusNotAssessed},   // no node result without a cluster
		{"prod", "5.1.1", StatusFail},      // cluster-admin binding
		{"prod", "5.2.2", StatusPass},      // cluster scanned, nothing privileged
		{"prod", "1.2.1", StatusPass},      // node check passed
		{"prod", "1.2.16", StatusFail},     // node check failed
		{"prod", "2.1", StatusNotAssessed}, // NOT_APPLICABLE on the only node
		{"prod", "3.2.1", StatusManual},    // WARN: manual check
		{"prod", "1.2.2", StatusNotAssessed},
		{"prod", "5.3.1", StatusManual},
	} {
		if got := statusOf(t, as, tc.cluster, tc.id); got.Status != tc.want {
			t.Errorf("cluster %q control %s: %s, want %s (failing %v, evidence %v)", tc.cluster, tc.id, got.Status, tc.want, got.Failing, got.Evidence)
		}
	}
	nist, _ := Load("nist-800-190")
	as = Assess(nist, rep, cat)
	if c := statusOf(t, as, "", "4.1.1"); c.Status != StatusFail || len(c.Failing) != 1 || !strings.Contains(c.Failing[0].Message, "CVE-2024-6387") || strings.Contains(c.Failing[0].Message, "CVE-2023-44487") {
		t.Errorf("4.1.1 should fail on the fixable HIGH only: %+v", c)
	}
	if c := statusOf(t, as, "", "4.1.4"); c.Status != StatusFail {
		t.Errorf("4.1.4 should fail on the image secret: %+v", c)
	}
	if c := statusOf(t, as, "prod", "4.4.4"); c.Status != StatusFail || len(c.Failing) != 2 {
		t.Errorf("4.4.4 should fail on both runtime alerts: %+v", c)
	}
	if c := statusOf(t, as, "prod", "4.1.1"); c.Status != StatusNotAssessed {
		t.Errorf("no image in prod: 4.1.1 = %s", c.Status)
	}
}

// TestImageOnlyNotAssessed: a report of images alone says nothing about
// Kubernetes controls; they must never PASS.
func TestImageOnlyNotAssessed(t *testing.T) {
	cat := bundledCatalog(t)
	full := loadFixture(t)
	rep := &finding.Report{}
	for _, r := range full.Results {
		if r.Kind == finding.KindImage {
			rep.Results = append(rep.Results, r)
		}
	}
	for _, n := range []string{"cis-k8s-1.10", "nsa-cisa-1.2", "nist-800-190"} {
		fw, _ := Load(n)
		for _, a := range Assess(fw, rep, cat) {
			for _, c := range a.Controls {
				if c.Status != StatusPass {
					continue
				}
				ev := strings.Join(c.Evidence, "; ")
				if !strings.HasPrefix(ev, "vulnerabilities") && !strings.HasPrefix(ev, "secrets") {
					t.Errorf("%s %s PASS from an image-only report: %s", n, c.ID, ev)
				}
			}
			if n == "cis-k8s-1.10" && a.Counts[StatusPass] != 0 {
				t.Errorf("cis-k8s-1.10 passed %d controls on images alone", a.Counts[StatusPass])
			}
		}
	}
	// An empty report assesses nothing at all.
	fw, _ := Load("pci-dss-4.0")
	as := Assess(fw, &finding.Report{}, cat)
	if len(as) != 1 || as[0].Counts[StatusPass]+as[0].Counts[StatusFail] != 0 || as[0].PassRate != 0 {
		t.Errorf("empty report: %+v", as)
	}
}

func TestSuppressedDoesNotFail(t *testing.T) {
	cat := bundledCatalog(t)
	f := finding.Finding{ID: "PAL-K8S-001", Type: finding.TypeMisconfiguration, Severity: finding.SeverityHigh, Message: "privileged",
		Resource: &finding.Resource{Kind: "Pod", Namespace: "a", Name: "p"}, Compliance: []string{"cis-k8s-1.10:5.2.2"}}
	rep := &finding.Report{Results: []finding.Result{{Target: "c", Kind: finding.KindCluster, Cluster: "c", Findings: []finding.Finding{}, Suppressed: []finding.Finding{f}}}}
	fw, _ := Load("cis-k8s-1.10")
	if c := statusOf(t, Assess(fw, rep, cat), "c", "5.2.2"); c.Status != StatusPass {
		t.Errorf("suppressed finding: %s, want PASS", c.Status)
	}
	rep.Results[0].Findings = []finding.Finding{f}
	if c := statusOf(t, Assess(fw, rep, cat), "c", "5.2.2"); c.Status != StatusFail || c.Failing[0].Resource != "a/Pod/p" {
		t.Errorf("finding: %+v, want FAIL on a/Pod/p", c)
	}
}

// TestFailedResultAssessesNothing: a result that only holds errors did not
// evaluate anything.
func TestFailedResultAssessesNothing(t *testing.T) {
	cat := bundledCatalog(t)
	rep := &finding.Report{Results: []finding.Result{{Target: "c", Kind: finding.KindCluster, Cluster: "c", Errors: []string{"unreachable"}, Findings: []finding.Finding{}}}}
	fw, _ := Load("cis-k8s-1.10")
	if c := statusOf(t, Assess(fw, rep, cat), "c", "5.2.2"); c.Status != StatusNotAssessed {
		t.Errorf("errored cluster: %s, want NOT ASSESSED", c.Status)
	}
}

func TestCustomRuleByTag(t *testing.T) {
	fw, err := Parse([]byte("framework: acme-1\ntitle: ACME baseline\nversion: \"1\"\ncontrols:\n  - id: ownership\n    title: Workloads name their team\n  - id: review\n    title: Reviewed\n    manual: true\n"))
	if err != nil {
		t.Fatal(err)
	}
	rep := loadFixture(t)
	// Without the rule in the catalog, its finding still fails the control.
	as := Assess(fw, rep, NewCatalog())
	if c := statusOf(t, as, "prod", "ownership"); c.Status != StatusFail || c.Failing[0].Rule != "ACME-001" {
		t.Errorf("tagged finding: %+v", c)
	}
	if c := statusOf(t, as, "", "ownership"); c.Status != StatusNotAssessed {
		t.Errorf("no cluster: %s", c.Status)
	}
	// With the custom rule known (from --rules), a clean cluster passes.
	cat := NewCatalog(RuleInfo{ID: "ACME-001", Input: InputKubernetes, Compliance: []string{"acme-1:ownership"}})
	clean := &finding.Report{Results: []finding.Result{{Target: "dev", Kind: finding.KindCluster, Cluster: "dev", Findings: []finding.Finding{}}}}
	as = Assess(fw, clean, cat)
	if c := statusOf(t, as, "dev", "ownership"); c.Status != StatusPass || len(c.Evidence) != 1 {
		t.Errorf("clean cluster: %+v", c)
	}
	if c := statusOf(t, as, "dev", "review"); c.Status != StatusManual {
		t.Errorf("manual: %s", c.Status)
	}
	if as[0].PassRate != 100 {
		t.Errorf("pass rate %v", as[0].PassRate)
	}
}

func TestLoadFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("good.yaml", `framework: acme-1
title: ACME baseline
version: "2025"
controls:
  - id: A.1
    title: No privileged pods
    rules: [PAL-K8S-001, ACME-001]
  - id: A.2
    title: Patched images
    vulnerabilities: {severity: critical, includeUnfixed: true}
  - id: A.3
    title: No secrets
    secrets: true
  - id: A.4
    title: Reviewed
    manual: true
`)
	fw, err := LoadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	if fw.Name != "acme-1" || len(fw.Controls) != 4 || fw.Controls[1].Vulnerabilities.Severity != finding.SeverityCritical || !fw.Controls[1].Vulnerabilities.IncludeUnfixed || !fw.Controls[2].Secrets || !fw.Controls[3].Manual {
		t.Errorf("parsed %+v", fw)
	}
	for _, tc := range []struct{ name, body, want string }{
		{"unknown-top", "framework: a\ntitle: t\ncontrol: []\n", "line 3: unknown field \"control\""},
		{"unknown-control-field", "framework: a\ntitle: t\ncontrols:\n  - id: x\n    title: y\n    rule: [A]\n", "line 6: unknown field \"rule\""},
		{"dup-control", "framework: a\ntitle: t\ncontrols:\n  - {id: x, title: y}\n  - {id: x, title: z}\n", "line 5: control \"x\": already defined on line 4"},
		{"no-title", "framework: a\ntitle: t\ncontrols:\n  - id: x\n", "line 4: control \"x\": title missing"},
		{"manual-and-rules", "framework: a\ntitle: t\ncontrols:\n  - {id: x, title: y, manual: true, rules: [A]}\n", "line 4: control \"x\": manual: true cannot"},
		{"bad-severity", "framework: a\ntitle: t\ncontrols:\n  - id: x\n    title: y\n    vulnerabilities: {severity: SEVERE}\n", "line 6: severity: \"SEVERE\""},
		{"bad-bool", "framework: a\ntitle: t\ncontrols:\n  - {id: x, title: y, manual: yes please}\n", "line 4: manual: want true or false"},
		{"bad-name", "framework: A B\ntitle: t\ncontrols:\n  - {id: x, title: y}\n", "line 1: framework: \"A B\""},
		{"no-controls", "framework: a\ntitle: t\n", "line 1: controls: missing or empty"},
		{"syntax", "framework: a\ntitle: [\n", "line 2: did not find expected node content"},
		{"two-docs", "framework: a\ntitle: t\ncontrols:\n  - {id: x, title: y}\n---\nframework: b\n", "line 5: more than one YAML document"},
		{"empty", "  \n", "empty document"},
		{"list", "- a\n", "line 1: want a mapping"},
		{"bad-rule", "framework: a\ntitle: t\ncontrols:\n  - {id: x, title: y, rules: [\"has space\"]}\n", "line 4: rules: \"has space\" is not a rule ID"},
	} {
		p := write(tc.name+".yaml", tc.body)
		_, err := LoadFile(p)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want it to contain %q", tc.name, err, tc.want)
			continue
		}
		if !strings.HasPrefix(err.Error(), "framework file "+p+": ") || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: error %q is not one line naming the file", tc.name, err)
		}
	}
	if _, err := LoadFile(filepath.Join(dir, "missing.yaml")); err == nil || strings.Contains(err.Error(), "open ") {
		t.Errorf("missing file: %v", err)
	}
	big := write("big.yaml", "framework: a\ntitle: t\n#"+strings.Repeat("x", MaxFileSize)+"\n")
	if _, err := LoadFile(big); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("big file: %v", err)
	}
}

func FuzzLoadFile(f *testing.F) {
	for _, n := range Bundled() {
		b, err := os.ReadFile(filepath.Join("../../rules/compliance", n+".yaml"))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("framework: a\ntitle: t\ncontrols:\n  - {id: x, title: y, vulnerabilities: {severity: HIGH}}\n"))
	f.Add([]byte("a: &x [*x]\n"))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(dir, fmt.Sprintf("f%d.yaml", len(data)%8))
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		fw, err := LoadFile(p)
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("multi-line error %q", err)
			}
			return
		}
		if fw.Name == "" || fw.Title == "" || len(fw.Controls) == 0 {
			t.Fatalf("accepted an incomplete framework %+v", fw)
		}
		// Whatever loads must assess without panicking.
		Assess(fw, &finding.Report{Results: []finding.Result{{Kind: finding.KindImage, Findings: []finding.Finding{{ID: "X", Compliance: []string{fw.Name + ":" + fw.Controls[0].ID}}}}}}, NewCatalog())
	})
}

// BenchmarkAssess assesses a merged report of 100 results of 1,000
// findings each against NIST SP 800-190.
func BenchmarkAssess(b *testing.B) {
	cat := bundledCatalog(b)
	fw, err := Load("nist-800-190")
	if err != nil {
		b.Fatal(err)
	}
	var ids []string
	ids = append(ids, ruleIDs...)
	kinds := []finding.Kind{finding.KindConfig, finding.KindCluster, finding.KindImage, finding.KindRuntime}
	rep := &finding.Report{}
	for i := range 100 {
		k := kinds[i%len(kinds)]
		res := finding.Result{Target: fmt.Sprintf("target-%d", i), Kind: k, Cluster: fmt.Sprintf("c%d", i%3)}
		for j := range 1000 {
			f := finding.Finding{ID: ids[(i*1000+j)%len(ids)], Type: finding.TypeMisconfiguration, Severity: finding.Severity(j % 5),
				Message: "m", Resource: &finding.Resource{Kind: "Pod", Namespace: "ns", Name: fmt.Sprintf("p%d", j%50)}}
			if r, ok := cat.Rule(f.ID); ok {
				f.Compliance = r.Compliance
			}
			if k == finding.KindImage {
				f = finding.Finding{ID: fmt.Sprintf("CVE-2024-%d", j), Type: finding.TypeVulnerability, Severity: finding.Severity(j % 5),
					Package: &finding.Package{Name: "p", Version: "1", FixedVersion: "2"}}
			}
			res.Findings = append(res.Findings, f)
		}
		rep.Results = append(rep.Results, res)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		Assess(fw, rep, cat)
	}
}
