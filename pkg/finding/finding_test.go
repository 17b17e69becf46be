package finding

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestSeverityRoundTrip(t *testing.T) {
	for _, s := range AllSeverities() {
		b, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		var got Severity
		if err := json.Unmarshal(b, &got); err != nil || got != s {
			t.Errorf("%s: round trip gave %s, %v", s, got, err)
		}
	}
	if _, err := ParseSeverity("severe"); err == nil {
		t.Error("unknown severity accepted")
	}
	got, err := ParseSeverities([]string{"high,critical", "HIGH"})
	if err != nil || len(got) != 2 || got[0] != SeverityHigh || got[1] != SeverityCritical {
		t.Errorf("ParseSeverities = %v, %v", got, err)
	}
}

func TestSortIsDeterministic(t *testing.T) {
	r := Result{Findings: []Finding{
		{ID: "CVE-2", Severity: SeverityLow, Package: &Package{Name: "b"}},
		{ID: "CVE-1", Severity: SeverityCritical, Package: &Package{Name: "z"}},
		{ID: "CVE-3", Severity: SeverityLow, Package: &Package{Name: "a"}},
		{ID: "CVE-0", Severity: SeverityLow, Package: &Package{Name: "a"}},
	}}
	r.Sort()
	var ids []string
	for _, f := range r.Findings {
		ids = append(ids, f.ID)
	}
	if got := strings.Join(ids, ","); got != "CVE-1,CVE-0,CVE-3,CVE-2" {
		t.Errorf("order = %s", got)
	}
}

func TestReportContractFields(t *testing.T) {
	rep := New("1.2.3", time.Date(2026, 1, 2, 3, 4, 5, 600, time.UTC))
	rep.Results = append(rep.Results, Result{Target: "x", Kind: KindImage, Findings: []Finding{{ID: "CVE-1", Type: TypeVulnerability, Severity: SeverityHigh}}})
	b, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if m["schemaVersion"] != float64(1) || m["createdAt"] != "2026-01-02T03:04:05Z" {
		t.Errorf("header = %v", m)
	}
	res := m["results"].([]any)[0].(map[string]any)
	f := res["findings"].([]any)[0].(map[string]any)
	if res["kind"] != "image" || f["severity"] != "HIGH" || f["type"] != "vulnerability" {
		t.Errorf("result = %v", res)
	}
}

func TestFilter(t *testing.T) {
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	rules, err := ParseIgnoreFile(strings.NewReader(`
# comment
CVE-IGN
CVE-PKG package=libssl3   # only there
CVE-OLD exp:2026-05-31
CVE-TODAY exp:2026-06-01
`), "ignore")
	if err != nil {
		t.Fatal(err)
	}
	mk := func(id string, sev Severity, pkg, fixed string) Finding {
		return Finding{ID: id, Type: TypeVulnerability, Severity: sev, Package: &Package{Name: pkg, FixedVersion: fixed}}
	}
	rep := &Report{Results: []Result{{Findings: []Finding{
		mk("CVE-IGN", SeverityHigh, "a", "1"),
		mk("CVE-PKG", SeverityHigh, "libssl3", "1"),
		mk("CVE-PKG", SeverityHigh, "openssl", "1"),
		mk("CVE-OLD", SeverityHigh, "a", "1"),
		mk("CVE-TODAY", SeverityHigh, "a", "1"),
		mk("CVE-UNFIXED", SeverityHigh, "a", ""),
		mk("CVE-LOW", SeverityLow, "a", "1"),
	}}}}
	Filter{Severities: []Severity{SeverityHigh}, IgnoreUnfixed: true, Ignores: rules, Now: now}.Apply(rep)
	var got []string
	for _, f := range rep.Results[0].Findings {
		got = append(got, f.ID+"/"+f.Package.Name)
	}
	if strings.Join(got, " ") != "CVE-PKG/openssl CVE-OLD/a" {
		t.Errorf("kept %v", got)
	}
}

func TestParseIgnoreFileErrors(t *testing.T) {
	for _, in := range []string{"CVE-1 exp:tomorrow", "CVE-1 colour=blue"} {
		_, err := ParseIgnoreFile(strings.NewReader(in), ".palisadeignore")
		if err == nil || !strings.HasPrefix(err.Error(), ".palisadeignore:1:") {
			t.Errorf("%q: error %v, want file:line", in, err)
		}
	}
}

func FuzzParseIgnoreFile(f *testing.F) {
	f.Add("CVE-1\nCVE-2 package=x exp:2026-01-01 # c\n")
	f.Add("#\n\n   \t\nX exp:")
	f.Fuzz(func(t *testing.T, s string) {
		rules, err := ParseIgnoreFile(strings.NewReader(s), "f")
		if err != nil {
			return
		}
		for _, r := range rules {
			if r.ID == "" || strings.ContainsAny(r.ID, " \t#") {
				t.Fatalf("bad rule %+v", r)
			}
		}
	})
}
