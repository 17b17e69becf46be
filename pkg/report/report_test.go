package report

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

func fixture() *finding.Report {
	r := finding.New("v1.2.3", time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC))
	r.Results = []finding.Result{
		{
			Target: "registry.example.com/app:1.0", Kind: finding.KindImage,
			OS: &finding.OS{Family: "debian", Version: "12"},
			Findings: []finding.Finding{
				{ID: "CVE-2024-2961", Type: finding.TypeVulnerability, Severity: finding.SeverityHigh, Status: "fixed",
					Title:       "glibc: Out of bounds write in iconv may lead to remote code execution",
					Description: "The iconv() function may overflow the output buffer.", Remediation: "Upgrade libc6 to 2.36-9+deb12u6 or later.",
					Package:    &finding.Package{Name: "libc6", Version: "2.36-9+deb12u4", Ecosystem: "deb", FixedVersion: "2.36-9+deb12u6", SrcName: "glibc", Path: "var/lib/dpkg/status", Layer: "sha256:aaaa"},
					References: []string{"https://security-tracker.debian.org/tracker/CVE-2024-2961"}},
				{ID: "CVE-2024-13176", Type: finding.TypeVulnerability, Severity: finding.SeverityLow, Status: "fix_deferred",
					Title:   "openssl: Timing side-channel in ECDSA signature computation",
					Package: &finding.Package{Name: "libssl3", Version: "3.0.13-1~deb12u1", Ecosystem: "deb", SrcName: "openssl", Path: "var/lib/dpkg/status"}},
				{ID: "CVE-2010-4756", Type: finding.TypeVulnerability, Severity: finding.SeverityLow, Status: "affected",
					Title:   "glibc: glob implementation can cause excessive CPU and memory consumption due to crafted glob expressions",
					Package: &finding.Package{Name: "libc6", Version: "2.36-9+deb12u4", Ecosystem: "deb", SrcName: "glibc", Path: "var/lib/dpkg/status"}},
			},
		},
		{
			Target: "deploy/app.yaml", Kind: finding.KindConfig, Cluster: "prod",
			Findings: []finding.Finding{
				{ID: "PAL-K8S-001", Type: finding.TypeMisconfiguration, Severity: finding.SeverityCritical, Title: "Privileged container",
					Resource: &finding.Resource{APIVersion: "apps/v1", Kind: "Deployment", Namespace: "web", Name: "app"},
					Location: &finding.Location{Path: "deploy/app.yaml", StartLine: 21, EndLine: 21}, Remediation: "Set privileged: false."},
			},
		},
		{Target: "broken.tar", Kind: finding.KindImage, Errors: []string{"broken.tar: archive is truncated"}, Findings: []finding.Finding{}},
		{Target: "clean:latest", Kind: finding.KindImage, OS: &finding.OS{Family: "alpine", Version: "3.19.1"}, Findings: []finding.Finding{}},
	}
	return r
}

func render(t *testing.T, format string, opts ...Option) string {
	t.Helper()
	w, err := New(format, opts...)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := w.Write(&buf, fixture()); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	p := filepath.Join("..", "..", "testdata", "report", "golden", name)
	if *update {
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (run go test ./pkg/report -update)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from golden file (go test -update to accept):\n%s", name, got)
	}
}

func TestGolden(t *testing.T) {
	golden(t, "report.json", render(t, "json"))
	golden(t, "report.table", render(t, "table"))
	golden(t, "report-color.table", render(t, "table", WithColor(true)))
	golden(t, "report.sarif", render(t, "sarif"))
}

func TestTableHasNoEscapesWithoutColor(t *testing.T) {
	out := render(t, "table")
	if strings.Contains(out, "\x1b[") {
		t.Fatal("escape sequences in colourless table")
	}
	if !strings.Contains(render(t, "table", WithColor(true)), "\x1b[") {
		t.Fatal("no colour in coloured table")
	}
	for _, want := range []string{"Total: 3 (CRITICAL: 0, HIGH: 1, MEDIUM: 0, LOW: 2, UNKNOWN: 0)", "No findings.", "error: broken.tar: archive is truncated", "│ 21   │ web/Deployment/app │", "[prod] deploy/app.yaml"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q", want)
		}
	}
	// libc6 appears once: later rows of the same package leave the name blank.
	if n := strings.Count(out, "libc6"); n != 1 {
		t.Errorf("libc6 printed %d times", n)
	}
}

func TestTableWidth(t *testing.T) {
	// Titles give way so that the table fits whenever the other columns do.
	for _, width := range []int{110, 120, 160} {
		out := render(t, "table", WithWidth(width))
		for _, line := range strings.Split(out, "\n") {
			if n := len([]rune(line)); n > width {
				t.Errorf("width %d: line of %d runes: %q", width, n, line)
			}
		}
	}
}

func TestJSONRoundTrip(t *testing.T) {
	var back finding.Report
	if err := json.Unmarshal([]byte(render(t, "json")), &back); err != nil {
		t.Fatal(err)
	}
	if back.SchemaVersion != 1 || len(back.Results) != 4 || back.Results[0].Findings[0].Package.FixedVersion != "2.36-9+deb12u6" {
		t.Errorf("round trip lost data: %+v", back)
	}
}

func TestSARIFEveryResultLocated(t *testing.T) {
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID         string
						Properties map[string]any
					}
				}
			}
			Results []struct {
				RuleID    string
				Level     string
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           struct{ StartLine int }
					}
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(render(t, "sarif")), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	if len(run.Results) != 4 || len(run.Tool.Driver.Rules) != 4 {
		t.Fatalf("%d results, %d rules", len(run.Results), len(run.Tool.Driver.Rules))
	}
	for _, r := range run.Results {
		if len(r.Locations) == 0 || r.Locations[0].PhysicalLocation.ArtifactLocation.URI == "" || r.Locations[0].PhysicalLocation.Region.StartLine < 1 {
			t.Errorf("%s has no usable location", r.RuleID)
		}
	}
	levels := map[string]string{}
	for _, r := range run.Results {
		levels[r.RuleID] = r.Level
	}
	if levels["PAL-K8S-001"] != "error" || levels["CVE-2024-13176"] != "note" || levels["CVE-2024-2961"] != "error" {
		t.Errorf("levels %v", levels)
	}
	for _, rule := range run.Tool.Driver.Rules {
		if rule.ID == "PAL-K8S-001" && rule.Properties["security-severity"] != "9.5" {
			t.Errorf("security-severity %v", rule.Properties["security-severity"])
		}
	}
}

func TestUnknownFormat(t *testing.T) {
	if _, err := New("xml"); err == nil || !strings.Contains(err.Error(), "table, json, sarif, cyclonedx, spdx-json, junit") {
		t.Errorf("err = %v", err)
	}
}

func TestNilReportAndOddPaths(t *testing.T) {
	for _, f := range Formats() {
		w, _ := New(f)
		if err := w.Write(&bytes.Buffer{}, nil); err == nil {
			t.Errorf("%s: nil report accepted", f)
		}
	}
	r := finding.New("v1", time.Unix(0, 0))
	r.Results = []finding.Result{{Target: "alpine:3.19", Kind: finding.KindImage, Errors: []string{"layer 2 unreadable"}, Findings: []finding.Finding{
		{ID: "X-1", Type: finding.TypeMisconfiguration, Severity: finding.SeverityMedium, Title: "t", References: []string{"see advisory", "https://example.com/x"},
			Location: &finding.Location{Path: "dir with space/x%y.yaml", StartLine: 3}},
		{ID: "CVE-1", Type: finding.TypeVulnerability, Severity: finding.SeverityLow, Package: &finding.Package{Name: "p", Version: "1"}},
	}}}
	w, _ := New("sarif")
	var buf bytes.Buffer
	if err := w.Write(&buf, r); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{`"uri": "dir%20with%20space/x%25y.yaml"`, `"uri": "./alpine:3.19"`, `"helpUri": "https://example.com/x"`, `"executionSuccessful": false`, `layer 2 unreadable`} {
		if !strings.Contains(out, want) {
			t.Errorf("SARIF lacks %s:\n%s", want, out)
		}
	}
}
