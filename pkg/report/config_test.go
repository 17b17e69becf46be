package report

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"strings"
	"testing"
	"time"

	"github.com/palisadesec/palisade/pkg/finding"
)

// configFixture is what `palisade scan config` reports: a Helm chart whose
// findings are spread over several templates, a Dockerfile, a manifest that
// could not be parsed and a clean one, with one finding suppressed each way.
func configFixture() *finding.Report {
	r := finding.New("v1.2.3", time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC))
	deploy := &finding.Resource{APIVersion: "apps/v1", Kind: "Deployment", Namespace: "prod", Name: "web"}
	r.Results = []finding.Result{
		{
			Target: "charts/web", Kind: finding.KindConfig, Metadata: map[string]any{"type": "helm"},
			Findings: []finding.Finding{
				{ID: "PAL-K8S-001", Type: finding.TypeMisconfiguration, Severity: finding.SeverityCritical, Title: "Privileged container",
					Message:     `Container "app" of Deployment "web" is privileged`,
					Description: "A privileged container has all the capabilities of the host and can escape to it.",
					Remediation: "Set securityContext.privileged to false.",
					Resource:    deploy,
					Location:    &finding.Location{Path: "charts/web/templates/deployment.yaml", StartLine: 24, EndLine: 26},
					Compliance:  []string{"CIS-K8S-5.2.1", "NSA-K8S-POD-1"},
					References:  []string{"https://kubernetes.io/docs/concepts/security/pod-security-standards/"}},
				{ID: "PAL-K8S-007", Type: finding.TypeMisconfiguration, Severity: finding.SeverityMedium, Title: "Container without memory limit",
					Message:     `Container "app" of Deployment "web" sets no resources.limits.memory`,
					Description: "Without a memory limit a container can exhaust the node's memory.",
					Remediation: "Set resources.limits.memory.",
					Resource:    deploy,
					Location:    &finding.Location{Path: "charts/web/templates/deployment.yaml", StartLine: 20},
					Compliance:  []string{"CIS-K8S-5.7.4"}},
				{ID: "PAL-K8S-014", Type: finding.TypeMisconfiguration, Severity: finding.SeverityLow, Title: "Service of type NodePort",
					Message:     `Service "web" is of type NodePort`,
					Description: "A NodePort service opens a port on every node.",
					Remediation: "Use a ClusterIP service behind an ingress.",
					Resource:    &finding.Resource{APIVersion: "v1", Kind: "Service", Namespace: "prod", Name: "web"},
					Location:    &finding.Location{Path: "charts/web/templates/service.yaml", StartLine: 8, EndLine: 8}},
			},
			Suppressed: []finding.Finding{
				{ID: "PAL-K8S-003", Type: finding.TypeMisconfiguration, Severity: finding.SeverityHigh, Title: "Container may run as root",
					Message:     `Container "init" of Deployment "web" does not set runAsNonRoot`,
					Remediation: "Set securityContext.runAsNonRoot to true.",
					Resource:    deploy,
					Location:    &finding.Location{Path: "charts/web/templates/deployment.yaml", StartLine: 31, EndLine: 33},
					Suppression: &finding.Suppression{Kind: finding.SuppressAnnotation, Justification: "init container needs root to chown the volume"}},
				{ID: "PAL-K8S-020", Type: finding.TypeMisconfiguration, Severity: finding.SeverityLow, Title: "Image tag is not pinned",
					Message:     `Container "app" of Deployment "web" uses image "web:latest"`,
					Resource:    deploy,
					Location:    &finding.Location{Path: "charts/web/templates/deployment.yaml", StartLine: 25},
					Suppression: &finding.Suppression{Kind: finding.SuppressIgnoreFile, Justification: "ignore file line 3"}},
			},
		},
		{
			Target: "build/Dockerfile", Kind: finding.KindConfig, Metadata: map[string]any{"type": "dockerfile"},
			Findings: []finding.Finding{
				{ID: "PAL-DF-002", Type: finding.TypeMisconfiguration, Severity: finding.SeverityHigh, Title: "Image runs as root",
					Message:     "The last USER instruction sets root",
					Description: "A container that runs as root is one step from the host.",
					Remediation: "Add USER with a non-root user after the last RUN.",
					Location:    &finding.Location{Path: "build/Dockerfile", StartLine: 14, EndLine: 14}},
				// A rule without a message: the table falls back to the title.
				{ID: "PAL-DF-005", Type: finding.TypeMisconfiguration, Severity: finding.SeverityLow, Title: "No HEALTHCHECK instruction",
					Location: &finding.Location{Path: "build/Dockerfile", StartLine: 1, EndLine: 14}},
			},
			Suppressed: []finding.Finding{
				{ID: "PAL-DF-003", Type: finding.TypeMisconfiguration, Severity: finding.SeverityMedium, Title: "Image tag is latest",
					Message:     `FROM uses "alpine:latest"`,
					Location:    &finding.Location{Path: "build/Dockerfile", StartLine: 1},
					Suppression: &finding.Suppression{Kind: finding.SuppressComment, Justification: "base image is rebuilt nightly"}},
			},
		},
		{Target: "deploy/broken.yaml", Kind: finding.KindConfig, Errors: []string{"yaml: line 7: mapping values are not allowed in this context"}, Findings: []finding.Finding{}},
		{Target: "deploy/ok.yaml", Kind: finding.KindConfig, Findings: []finding.Finding{}},
	}
	return r
}

func renderReport(t *testing.T, r *finding.Report, format string, opts ...Option) string {
	t.Helper()
	w, err := New(format, opts...)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := w.Write(&buf, r); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestConfigGolden(t *testing.T) {
	golden(t, "report-config.table", renderReport(t, configFixture(), "table"))
	golden(t, "report-config-color.table", renderReport(t, configFixture(), "table", WithColor(true)))
	golden(t, "report-config.json", renderReport(t, configFixture(), "json"))
	golden(t, "report-config.sarif", renderReport(t, configFixture(), "sarif"))
	golden(t, "report-config.junit.xml", renderReport(t, configFixture(), "junit"))
	golden(t, "report.junit.xml", render(t, "junit"))
}

func TestConfigTable(t *testing.T) {
	out := renderReport(t, configFixture(), "table")
	for _, want := range []string{
		// One header per file of the chart, none for a file that is the target.
		"charts/web/templates/deployment.yaml\n------------------------------------\n",
		"charts/web/templates/service.yaml\n---------------------------------\n",
		"│ CRITICAL │ PAL-K8S-001 │ 24-26 │ prod/Deployment/web │ Container \"app\" of Deployment \"web\" is privileged",
		"│ LOW      │ PAL-K8S-014 │ 8     │ prod/Service/web    │",
		// Dockerfiles have no resource; a missing message falls back to the title.
		"│ LOW      │ PAL-DF-005 │ 1-14 │          │ No HEALTHCHECK instruction          │",
		"Total: 3 (CRITICAL: 1, HIGH: 0, MEDIUM: 1, LOW: 1, UNKNOWN: 0), 2 suppressed\n",
		"Total: 2 (CRITICAL: 0, HIGH: 1, MEDIUM: 0, LOW: 1, UNKNOWN: 0), 1 suppressed\n",
		"error: yaml: line 7: mapping values are not allowed in this context\nNo findings.\n",
		"Summary (4 targets)\n===================\nTotal: 5 (CRITICAL: 1, HIGH: 1, MEDIUM: 1, LOW: 2, UNKNOWN: 0), 3 suppressed\nErrors: 1\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "build/Dockerfile\n----") {
		t.Error("a single-file result repeats its target as a file header")
	}
	if strings.Contains(out, "\x1b[") {
		t.Error("escape sequences in colourless table")
	}
	// Files in path order, severity order within a file.
	if i, j := strings.Index(out, "templates/deployment.yaml\n"), strings.Index(out, "templates/service.yaml\n"); i < 0 || j < i {
		t.Error("files out of order")
	}
	if i, j := strings.Index(out, "PAL-K8S-001"), strings.Index(out, "PAL-K8S-007"); j < i {
		t.Error("findings out of order")
	}
	// Messages give way so that the tables fit whenever the other columns do.
	for _, width := range []int{80, 120, 160} {
		for _, line := range strings.Split(renderReport(t, configFixture(), "table", WithWidth(width)), "\n") {
			if n := len([]rune(line)); n > width {
				t.Errorf("width %d: line of %d runes: %q", width, n, line)
			}
		}
	}
	// The tables of one result line up.
	if a, b := lineWith(out, "PAL-K8S-001"), lineWith(out, "PAL-K8S-014"); len([]rune(a)) != len([]rune(b)) {
		t.Errorf("tables of one result differ in width:\n%s\n%s", a, b)
	}
}

func lineWith(out, sub string) string {
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, sub) {
			return l
		}
	}
	return ""
}

// Image reports without suppressions keep their layout: no summary footer.
func TestTableImageOnlyHasNoSummary(t *testing.T) {
	r := fixture()
	r.Results = append(r.Results[:1], r.Results[2:]...)
	if out := renderReport(t, r, "table"); strings.Contains(out, "Summary") || strings.Contains(out, "suppressed") {
		t.Errorf("image report changed:\n%s", out)
	}
	r.Results[0].Suppressed = []finding.Finding{{ID: "CVE-1", Type: finding.TypeVulnerability, Severity: finding.SeverityLow,
		Package: &finding.Package{Name: "p", Version: "1"}, Suppression: &finding.Suppression{Kind: finding.SuppressIgnoreFile}}}
	out := renderReport(t, r, "table")
	for _, want := range []string{"UNKNOWN: 0), 1 suppressed\n", "Summary (3 targets)", "Total: 3 (CRITICAL: 0, HIGH: 1, MEDIUM: 0, LOW: 2, UNKNOWN: 0), 1 suppressed\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
}

func TestConfigSARIF(t *testing.T) {
	validateSARIF(t, officialSARIFSchema(t), "config report", []byte(renderReport(t, configFixture(), "sarif")))
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID               string
						Name             string
						ShortDescription struct{ Text string }
						FullDescription  struct{ Text string }
						Help             struct{ Text, Markdown string }
						Properties       map[string]any
					}
				}
			}
			Results []struct {
				RuleID    string
				RuleIndex int
				Message   struct{ Text string }
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           struct{ StartLine, EndLine int }
					}
				}
				PartialFingerprints map[string]string
				Suppressions        []struct{ Kind, Justification string }
			}
		}
	}
	if err := json.Unmarshal([]byte(renderReport(t, configFixture(), "sarif")), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	if len(run.Results) != 8 || len(run.Tool.Driver.Rules) != 8 {
		t.Fatalf("%d results, %d rules; want 8 and 8", len(run.Results), len(run.Tool.Driver.Rules))
	}
	byID := map[string]int{}
	for i, r := range run.Results {
		byID[r.RuleID] = i
		if run.Tool.Driver.Rules[r.RuleIndex].ID != r.RuleID {
			t.Errorf("%s: ruleIndex %d points at %s", r.RuleID, r.RuleIndex, run.Tool.Driver.Rules[r.RuleIndex].ID)
		}
	}
	priv := run.Results[byID["PAL-K8S-001"]]
	pl := priv.Locations[0].PhysicalLocation
	if pl.ArtifactLocation.URI != "charts/web/templates/deployment.yaml" || pl.Region.StartLine != 24 || pl.Region.EndLine != 26 {
		t.Errorf("location %+v", pl)
	}
	if priv.Message.Text != `Container "app" of Deployment "web" is privileged` || len(priv.Suppressions) != 0 {
		t.Errorf("result %+v", priv)
	}
	for id, want := range map[string]string{"PAL-K8S-003": "inSource", "PAL-K8S-020": "external", "PAL-DF-003": "inSource"} {
		s := run.Results[byID[id]].Suppressions
		if len(s) != 1 || s[0].Kind != want || s[0].Justification == "" {
			t.Errorf("%s: suppressions %+v, want kind %s with a justification", id, s, want)
		}
	}
	for _, rule := range run.Tool.Driver.Rules {
		if rule.ID != "PAL-K8S-001" {
			continue
		}
		if rule.Name != "Privileged container" || rule.ShortDescription.Text != "Privileged container" || !strings.HasPrefix(rule.FullDescription.Text, "A privileged container") {
			t.Errorf("rule %+v", rule)
		}
		if !strings.Contains(rule.Help.Text, "Remediation: Set securityContext.privileged to false.") || !strings.Contains(rule.Help.Text, "https://kubernetes.io/") || !strings.Contains(rule.Help.Markdown, "**Remediation:**") {
			t.Errorf("help %+v", rule.Help)
		}
		tags, _ := rule.Properties["tags"].([]any)
		var ts []string
		for _, tg := range tags {
			ts = append(ts, tg.(string))
		}
		if strings.Join(ts, ",") != "security,misconfiguration,CRITICAL,CIS-K8S-5.2.1,NSA-K8S-POD-1" || rule.Properties["security-severity"] != "9.5" {
			t.Errorf("properties %v", rule.Properties)
		}
	}
	// The fingerprint of a misconfiguration survives a change of line.
	moved := configFixture()
	moved.Results[0].Findings[0].Location.StartLine, moved.Results[0].Findings[0].Location.EndLine = 40, 42
	if err := json.Unmarshal([]byte(renderReport(t, moved, "sarif")), &log); err != nil {
		t.Fatal(err)
	}
	if got := log.Runs[0].Results[byID["PAL-K8S-001"]].PartialFingerprints; got["palisadeFinding/v1"] != priv.PartialFingerprints["palisadeFinding/v1"] {
		t.Errorf("fingerprint changed with the line: %v vs %v", got, priv.PartialFingerprints)
	}
}

type junitDoc struct {
	XMLName  xml.Name `xml:"testsuites"`
	Name     string   `xml:"name,attr"`
	Tests    int      `xml:"tests,attr"`
	Failures int      `xml:"failures,attr"`
	Errors   int      `xml:"errors,attr"`
	Skipped  int      `xml:"skipped,attr"`
	Suites   []struct {
		Name     string `xml:"name,attr"`
		Tests    int    `xml:"tests,attr"`
		Failures int    `xml:"failures,attr"`
		Errors   int    `xml:"errors,attr"`
		Skipped  int    `xml:"skipped,attr"`
		Cases    []struct {
			Classname string `xml:"classname,attr"`
			Name      string `xml:"name,attr"`
			Failure   *struct {
				Message string `xml:"message,attr"`
				Type    string `xml:"type,attr"`
				Body    string `xml:",chardata"`
			} `xml:"failure"`
			Error *struct {
				Message string `xml:"message,attr"`
			} `xml:"error"`
			Skipped *struct {
				Message string `xml:"message,attr"`
			} `xml:"skipped"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

func parseJUnit(t *testing.T, out string) junitDoc {
	t.Helper()
	if !strings.HasPrefix(out, `<?xml version="1.0" encoding="UTF-8"?>`) {
		t.Errorf("no XML declaration: %.60q", out)
	}
	var doc junitDoc
	dec := xml.NewDecoder(strings.NewReader(out))
	dec.Strict = true
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("JUnit output is not valid XML: %v\n%s", err, out)
	}
	// Every count must be the number of test cases of that outcome.
	var tests, failures, errors, skipped int
	for _, s := range doc.Suites {
		var f, e, sk int
		for _, c := range s.Cases {
			if c.Classname != s.Name {
				t.Errorf("case %q has classname %q in suite %q", c.Name, c.Classname, s.Name)
			}
			switch {
			case c.Failure != nil:
				f++
			case c.Error != nil:
				e++
			case c.Skipped != nil:
				sk++
			}
		}
		if s.Tests != len(s.Cases) || s.Failures != f || s.Errors != e || s.Skipped != sk {
			t.Errorf("suite %s: tests=%d failures=%d errors=%d skipped=%d, cases say %d %d %d %d", s.Name, s.Tests, s.Failures, s.Errors, s.Skipped, len(s.Cases), f, e, sk)
		}
		tests, failures, errors, skipped = tests+len(s.Cases), failures+f, errors+e, skipped+sk
	}
	if doc.Name != "palisade" || doc.Tests != tests || doc.Failures != failures || doc.Errors != errors || doc.Skipped != skipped {
		t.Errorf("testsuites: name=%s tests=%d failures=%d errors=%d skipped=%d, cases say %d %d %d %d", doc.Name, doc.Tests, doc.Failures, doc.Errors, doc.Skipped, tests, failures, errors, skipped)
	}
	return doc
}

func TestJUnit(t *testing.T) {
	doc := parseJUnit(t, renderReport(t, configFixture(), "junit"))
	if len(doc.Suites) != 4 || doc.Tests != 10 || doc.Failures != 5 || doc.Errors != 1 || doc.Skipped != 3 {
		t.Fatalf("suites=%d tests=%d failures=%d errors=%d skipped=%d, want 4 10 5 1 3", len(doc.Suites), doc.Tests, doc.Failures, doc.Errors, doc.Skipped)
	}
	chart := doc.Suites[0]
	first := chart.Cases[0]
	if chart.Name != "charts/web" || first.Name != "PAL-K8S-001: Privileged container (charts/web/templates/deployment.yaml:24)" {
		t.Errorf("suite %q, first case %q", chart.Name, first.Name)
	}
	if first.Failure == nil || first.Failure.Type != "CRITICAL" || first.Failure.Message != `Container "app" of Deployment "web" is privileged` {
		t.Fatalf("failure %+v", first.Failure)
	}
	for _, want := range []string{"Resource: prod/Deployment/web (apps/v1)", "Location: charts/web/templates/deployment.yaml:24-26", "Remediation: Set securityContext.privileged to false.", "Description: A privileged container"} {
		if !strings.Contains(first.Failure.Body, want) {
			t.Errorf("failure body lacks %q:\n%s", want, first.Failure.Body)
		}
	}
	if s := chart.Cases[3].Skipped; s == nil || s.Message != "suppressed by annotation: init container needs root to chown the volume" {
		t.Errorf("skipped %+v", s)
	}
	if s := doc.Suites[1].Cases[2].Skipped; s == nil || !strings.HasPrefix(s.Message, "suppressed by comment") {
		t.Errorf("skipped %+v", s)
	}
	if df := doc.Suites[1].Cases[1]; df.Failure == nil || df.Failure.Message != "No HEALTHCHECK instruction" || strings.Contains(df.Failure.Body, "Resource:") {
		t.Errorf("dockerfile case %+v", df)
	}
	if c := doc.Suites[2].Cases; len(c) != 1 || c[0].Error == nil || !strings.Contains(c[0].Error.Message, "mapping values") {
		t.Errorf("error suite %+v", c)
	}
	if c := doc.Suites[3].Cases; len(c) != 1 || c[0].Name != "no findings" || c[0].Failure != nil || c[0].Error != nil || c[0].Skipped != nil {
		t.Errorf("clean suite %+v", c)
	}

	// The image fixture too, and the same bytes every time.
	out := render(t, "junit")
	parseJUnit(t, out)
	if out != render(t, "junit") {
		t.Error("JUnit output is not deterministic")
	}

	// Text that XML cannot hold as-is is escaped or replaced, never left raw.
	odd := finding.New("v1", time.Unix(0, 0))
	odd.Results = []finding.Result{{Target: `a&b <"c">`, Kind: finding.KindConfig, Findings: []finding.Finding{{
		ID: "X-1", Type: finding.TypeMisconfiguration, Severity: finding.SeverityHigh, Title: "t ]]> \x00\x1b",
		Message: "line1\nline2 & <tag>", Description: "]]>",
	}}}}
	d := parseJUnit(t, renderReport(t, odd, "junit"))
	if m := d.Suites[0].Cases[0].Failure.Message; m != "line1\nline2 & <tag>" {
		t.Errorf("message %q", m)
	}
	if b := d.Suites[0].Cases[0].Failure.Body; !strings.Contains(b, "Title: t ]]> \uFFFD\uFFFD\n") || !strings.Contains(b, "Description: ]]>\n") {
		t.Errorf("body %q", b)
	}
	if n := d.Suites[0].Name; n != `a&b <"c">` {
		t.Errorf("suite name %q", n)
	}
	empty := parseJUnit(t, renderReport(t, finding.New("v1", time.Unix(0, 0)), "junit"))
	if empty.Tests != 0 || len(empty.Suites) != 0 {
		t.Errorf("empty report: %+v", empty)
	}
}

// TestJSONStreamsTheSameBytes checks that the streaming JSON writer writes
// exactly what one json.Encoder pass over the whole report writes.
func TestJSONStreamsTheSameBytes(t *testing.T) {
	reports := []*finding.Report{finding.New("v1", time.Unix(0, 0)), configFixture()}
	for _, r := range reports {
		var a, b bytes.Buffer
		if err := encodeJSON(&a, r); err != nil {
			t.Fatal(err)
		}
		if err := (jsonWriter{}).Write(&b, r); err != nil {
			t.Fatal(err)
		}
		if a.String() != b.String() {
			t.Errorf("streamed JSON differs:\n%s\n---\n%s", a.String(), b.String())
		}
	}
}
