package report

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/palisadesec/palisade/pkg/finding"
)

// officialSARIFSchema compiles the OASIS SARIF 2.1.0 schema (errata01, the
// version GitHub code scanning validates against) vendored under testdata,
// with format assertions on so that URIs are checked too.
func officialSARIFSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "..", "testdata", "report", "sarif-schema-2.1.0.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatalf("reading SARIF schema: %v", err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("sarif-schema-2.1.0.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatalf("compiling SARIF schema: %v", err)
	}
	return sch
}

func validateSARIF(t *testing.T, sch *jsonschema.Schema, name string, out []byte) {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("%s: not JSON: %v", name, err)
	}
	if err := sch.Validate(inst); err != nil {
		t.Errorf("%s does not match the SARIF 2.1.0 schema: %v", name, err)
	}
	// The schema allows results without locations; GitHub code scanning
	// rejects them, so check that every result has one with a line.
	var log struct {
		Runs []struct {
			Results []struct {
				RuleID    string `json:"ruleId"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
						Region struct {
							StartLine int `json:"startLine"`
						} `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(out, &log); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	for _, run := range log.Runs {
		for _, res := range run.Results {
			if len(res.Locations) == 0 {
				t.Errorf("%s: result %s has no location", name, res.RuleID)
				continue
			}
			pl := res.Locations[0].PhysicalLocation
			if pl.ArtifactLocation.URI == "" || pl.Region.StartLine < 1 {
				t.Errorf("%s: result %s has location %+v, want a uri and startLine >= 1", name, res.RuleID, pl)
			}
		}
	}
}

func TestSARIFMatchesOfficialSchema(t *testing.T) {
	sch := officialSARIFSchema(t)

	for _, name := range []string{"report.sarif", "report-config.sarif"} {
		golden, err := os.ReadFile(filepath.Join("..", "..", "testdata", "report", "golden", name))
		if err != nil {
			t.Fatal(err)
		}
		validateSARIF(t, sch, "golden "+name, golden)
	}

	// A report with no results must still be a valid log with one run.
	empty := finding.New("dev", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	// Findings with neither package path nor file location fall back to the
	// target, including image references whose first segment has a colon.
	bare := finding.New("dev", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	bare.Results = []finding.Result{{
		Target: "alpine:3.19", Kind: finding.KindImage,
		Findings: []finding.Finding{{
			ID: "CVE-2024-0001", Type: finding.TypeVulnerability, Severity: finding.SeverityCritical,
			Package: &finding.Package{Name: "busybox", Version: "1.36.1-r15"},
		}},
	}}
	w, err := New("sarif")
	if err != nil {
		t.Fatal(err)
	}
	for name, r := range map[string]*finding.Report{"empty report": empty, "bare findings": bare} {
		var buf bytes.Buffer
		if err := w.Write(&buf, r); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		validateSARIF(t, sch, name, buf.Bytes())
	}
}
