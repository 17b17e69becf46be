package report

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/palisadesec/palisade/pkg/analyzer/purl"
	"github.com/palisadesec/palisade/pkg/finding"
	"github.com/palisadesec/palisade/pkg/inventory"
	"github.com/palisadesec/palisade/pkg/sbom"
)

// sbomFixtureInventory is an image's inventory with OS packages (one with an
// epoch, one whose source package has another name) and a package of every
// language ecosystem, spelled as the analyzers spell them.
func sbomFixtureInventory() inventory.Inventory {
	const status, layer = "var/lib/dpkg/status", "sha256:1111"
	inv := inventory.Inventory{
		OS: &inventory.OS{Family: "debian", Version: "12"},
		Packages: []inventory.Package{
			{Name: "libc6", Version: "2.36", Release: "9+deb12u4", Arch: "amd64", SrcName: "glibc", Ecosystem: "deb", Path: status, Layer: layer},
			{Name: "bsdutils", Version: "2.38.1", Release: "5+deb12u1", Epoch: 1, Arch: "amd64", SrcName: "util-linux", Ecosystem: "deb", Path: status, Layer: layer},
			{Name: "tzdata", Version: "2024a", Release: "0+deb12u1", Arch: "all", SrcName: "tzdata", Ecosystem: "deb", Path: status, Layer: layer},
			{Name: "github.com/BurntSushi/toml", Version: "v1.3.2", Ecosystem: "go", Path: "usr/local/bin/app", Layer: "sha256:2222"},
			{Name: "@babel/core", Version: "7.22.5", Ecosystem: "npm", Path: "app/node_modules/@babel/core/package.json", Layer: "sha256:2222"},
			{Name: "lodash", Version: "4.17.20", Ecosystem: "npm", Path: "app/node_modules/lodash/package.json", Layer: "sha256:2222"},
			{Name: "lodash", Version: "4.17.20", Ecosystem: "npm", Path: "app/node_modules/x/node_modules/lodash/package.json", Layer: "sha256:2222"},
			{Name: "requests", Version: "2.31.0", Ecosystem: "pip", Path: "usr/lib/python3/dist-packages/requests-2.31.0.dist-info/METADATA"},
			{Name: "org.apache.logging.log4j:log4j-core", Version: "2.14.1", Ecosystem: "maven", Path: "app/lib/log4j-core-2.14.1.jar"},
			{Name: "rack", Version: "2.2.3", Ecosystem: "rubygems", Path: "app/Gemfile.lock"},
			{Name: "smallvec", Version: "1.6.0", Ecosystem: "cargo", Path: "app/Cargo.lock"},
			{Name: "guzzlehttp/guzzle", Version: "7.4.0", Ecosystem: "composer", Path: "app/composer.lock"},
			{Name: "Newtonsoft.Json", Version: "12.0.1", Ecosystem: "nuget", Path: "app/packages.lock.json"},
		},
	}
	for i := range inv.Packages {
		inv.Packages[i].PURL = purl.For(inv.OS, inv.Packages[i])
	}
	return inv
}

// findingPackage converts as the scanner does.
func findingPackage(p inventory.Package) finding.Package {
	return finding.Package{Name: p.Name, Version: p.FullVersion(), Ecosystem: p.Ecosystem, SrcName: p.SrcName, Path: p.Path, Layer: p.Layer, PURL: p.PURL}
}

func sbomFixture() *finding.Report {
	inv := sbomFixtureInventory()
	var pkgs []finding.Package
	for _, p := range inv.Packages {
		pkgs = append(pkgs, findingPackage(p))
	}
	withFix := func(p finding.Package, fixed string) *finding.Package {
		p.FixedVersion = fixed
		return &p
	}
	published := time.Date(2024, 4, 17, 18, 15, 0, 0, time.UTC)
	r := finding.New("v1.2.3", time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC))
	r.Results = []finding.Result{{
		Target: "registry.example.com/app:1.0", Kind: finding.KindImage,
		OS:       &finding.OS{Family: "debian", Version: "12"},
		Packages: pkgs,
		Findings: []finding.Finding{
			{ID: "CVE-2021-44228", Type: finding.TypeVulnerability, Severity: finding.SeverityCritical, SeveritySource: "ghsa", Status: "fixed",
				Title:       "log4j-core: Remote code execution in Log4j 2.x when logs contain an attacker-controlled string value",
				Description: "Apache Log4j2 JNDI features do not protect against attacker controlled LDAP and other JNDI related endpoints.",
				CVSS:        map[string]finding.CVSS{"nvd": {V2Vector: "AV:N/AC:M/Au:N/C:C/I:C/A:C", V2Score: 9.3, V3Vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", V3Score: 10}},
				Package:     withFix(pkgs[8], "2.15.0"),
				References:  []string{"https://logging.apache.org/log4j/2.x/security.html", "https://nvd.nist.gov/vuln/detail/CVE-2021-44228", "not a URL"}},
			{ID: "CVE-2024-2961", Type: finding.TypeVulnerability, Severity: finding.SeverityHigh, SeveritySource: "debian", Status: "fixed",
				Title:         "glibc: Out of bounds write in iconv may lead to remote code execution",
				Description:   "The iconv() function may overflow the output buffer.",
				CVSS:          map[string]finding.CVSS{"nvd": {V3Vector: "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H", V3Score: 8.1}},
				Package:       withFix(pkgs[0], "2.36-9+deb12u6"),
				References:    []string{"https://security-tracker.debian.org/tracker/CVE-2024-2961"},
				PublishedDate: &published},
			{ID: "GHSA-p6mc-m468-83gw", Type: finding.TypeVulnerability, Severity: finding.SeverityHigh, SeveritySource: "ghsa", Status: "fixed",
				Title:   "Prototype Pollution in lodash",
				Package: withFix(pkgs[5], "4.17.21")},
			{ID: "GHSA-p6mc-m468-83gw", Type: finding.TypeVulnerability, Severity: finding.SeverityHigh, SeveritySource: "ghsa", Status: "fixed",
				Title:   "Prototype Pollution in lodash",
				Package: withFix(pkgs[6], "4.17.21")},
			{ID: "CVE-2023-4039", Type: finding.TypeVulnerability, Severity: finding.SeverityLow, SeveritySource: "debian", Status: "will_not_fix",
				Title:   "gcc: -fstack-protector fails to guard dynamic stack allocations on ARM64",
				Package: withFix(pkgs[1], "")},
			{ID: "PAL-K8S-001", Type: finding.TypeMisconfiguration, Severity: finding.SeverityCritical, Title: "Privileged container"},
		},
	}}
	r.Sort()
	return r
}

// sbomReports are the shapes the writers must handle: the full fixture, the
// general report fixture (findings but no package list, several results of
// several kinds), a filesystem scan and an empty report.
func sbomReports() map[string]*finding.Report {
	fs := sbomFixture()
	fs.Results[0].Kind, fs.Results[0].Target, fs.Results[0].OS = finding.KindFilesystem, "/src/app", nil
	empty := finding.New("", time.Time{})
	return map[string]*finding.Report{"fixture": sbomFixture(), "report": fixture(), "filesystem": fs, "empty": empty}
}

func sbomWrite(t *testing.T, w Writer, r *finding.Report) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := w.Write(&buf, r); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestSBOMGolden(t *testing.T) {
	golden(t, "report.cdx.json", string(sbomWrite(t, newCycloneDX(), sbomFixture())))
	golden(t, "report.spdx.json", string(sbomWrite(t, newSPDX(), sbomFixture())))
}

func TestSBOMDeterministic(t *testing.T) {
	for name, w := range map[string]Writer{"cyclonedx": newCycloneDX(), "spdx": newSPDX()} {
		a := sbomWrite(t, w, sbomFixture())
		// Package order in the report must not matter.
		r := sbomFixture()
		slices.Reverse(r.Results[0].Packages)
		if b := sbomWrite(t, w, r); !bytes.Equal(a, b) {
			t.Errorf("%s: output depends on package order", name)
		}
		// Different content must give a different serial number / namespace.
		r.Results[0].Target = "registry.example.com/app:2.0"
		var id struct {
			Serial    string `json:"serialNumber"`
			Namespace string `json:"documentNamespace"`
		}
		var id2 = id
		json.Unmarshal(a, &id)
		json.Unmarshal(sbomWrite(t, w, r), &id2)
		if id == id2 {
			t.Errorf("%s: document identity %+v does not depend on content", name, id)
		}
	}
}

func TestSBOMNilReport(t *testing.T) {
	for _, w := range []Writer{newCycloneDX(), newSPDX()} {
		if err := w.Write(&bytes.Buffer{}, nil); err == nil {
			t.Errorf("%T accepted a nil report", w)
		}
	}
}

// sbomCompileSchema compiles a vendored schema, with the documents it refers to
// registered under the URLs it refers to them by, so nothing is fetched.
func sbomCompileSchema(t *testing.T, main string, files map[string]string) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	for url, file := range files {
		f, err := os.Open(filepath.Join("..", "..", "testdata", "report", "schemas", file))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(f)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		if err := c.AddResource(url, doc); err != nil {
			t.Fatal(err)
		}
	}
	sch, err := c.Compile(main)
	if err != nil {
		t.Fatalf("compiling %s: %v", main, err)
	}
	return sch
}

func sbomValidate(t *testing.T, sch *jsonschema.Schema, name string, out []byte) {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("%s: not JSON: %v", name, err)
	}
	if err := sch.Validate(inst); err != nil {
		t.Errorf("%s does not match the schema: %v\n%s", name, err, out)
	}
}

func TestCycloneDXSchema(t *testing.T) {
	const base = "http://cyclonedx.org/schema/"
	sch := sbomCompileSchema(t, base+"bom-1.6.schema.json", map[string]string{
		base + "bom-1.6.schema.json":  "bom-1.6.schema.json",
		base + "spdx.schema.json":     "spdx.schema.json",
		base + "jsf-0.82.schema.json": "jsf-0.82.schema.json",
	})
	for name, r := range sbomReports() {
		sbomValidate(t, sch, name, sbomWrite(t, newCycloneDX(), r))
	}
	// The schema is strict enough to catch a broken BOM.
	var bad bytes.Buffer
	bad.WriteString(`{"bomFormat":"CycloneDX","specVersion":"1.6","serialNumber":"random","components":[{"name":"x"}]}`)
	inst, _ := jsonschema.UnmarshalJSON(&bad)
	if sch.Validate(inst) == nil {
		t.Error("schema accepted an invalid BOM")
	}
}

func TestSPDXSchema(t *testing.T) {
	const id = "http://spdx.org/rdf/terms/2.3"
	sch := sbomCompileSchema(t, id, map[string]string{id: "spdx-2.3-schema.json"})
	for name, r := range sbomReports() {
		sbomValidate(t, sch, name, sbomWrite(t, newSPDX(), r))
	}
	inst, _ := jsonschema.UnmarshalJSON(strings.NewReader(`{"spdxVersion":"SPDX-2.3","packages":[{"name":"x"}]}`))
	if sch.Validate(inst) == nil {
		t.Error("schema accepted an invalid document")
	}
}

// TestCycloneDXContent checks what the schema cannot: that the BOM says
// what the report says.
func TestCycloneDXContent(t *testing.T) {
	var bom struct {
		SerialNumber string `json:"serialNumber"`
		Metadata     struct {
			Timestamp string `json:"timestamp"`
			Tools     struct {
				Components []struct{ Name, Version string } `json:"components"`
			} `json:"tools"`
			Component struct{ Type, Name string } `json:"component"`
		} `json:"metadata"`
		Components []struct {
			BOMRef  string `json:"bom-ref"`
			Type    string `json:"type"`
			Name    string `json:"name"`
			Version string `json:"version"`
			PURL    string `json:"purl"`
		} `json:"components"`
		Vulnerabilities []struct {
			ID             string `json:"id"`
			Recommendation string `json:"recommendation"`
			Published      string `json:"published"`
			Ratings        []struct {
				Severity string `json:"severity"`
				Source   struct{ Name string }
			} `json:"ratings"`
			Affects []struct{ Ref string } `json:"affects"`
		} `json:"vulnerabilities"`
	}
	if err := json.Unmarshal(sbomWrite(t, newCycloneDX(), sbomFixture()), &bom); err != nil {
		t.Fatal(err)
	}
	md := bom.Metadata
	if md.Timestamp != "2026-11-23T10:00:00Z" || len(md.Tools.Components) != 1 || md.Tools.Components[0].Name != "palisade" || md.Tools.Components[0].Version != "v1.2.3" {
		t.Errorf("metadata = %+v", md)
	}
	if md.Component.Type != "container" || md.Component.Name != "registry.example.com/app:1.0" {
		t.Errorf("metadata.component = %+v", md.Component)
	}
	if !strings.HasPrefix(bom.SerialNumber, "urn:uuid:") {
		t.Errorf("serialNumber = %q", bom.SerialNumber)
	}
	refs := map[string]bool{}
	var osFound bool
	for _, c := range bom.Components {
		if refs[c.BOMRef] {
			t.Errorf("duplicate bom-ref %s", c.BOMRef)
		}
		refs[c.BOMRef] = true
		if c.Type == "operating-system" {
			osFound = c.Name == "debian" && c.Version == "12"
		}
	}
	if !osFound || len(bom.Components) != 14 {
		t.Errorf("want debian 12 and 13 packages, got %+v", bom.Components)
	}
	if !refs["pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64&distro=debian-12"] {
		t.Errorf("libc6 not referenced by its purl: %v", refs)
	}
	ids := []string{}
	for _, v := range bom.Vulnerabilities {
		ids = append(ids, v.ID)
		for _, a := range v.Affects {
			if !refs[a.Ref] {
				t.Errorf("%s affects unknown %s", v.ID, a.Ref)
			}
		}
		switch v.ID {
		case "CVE-2024-2961":
			if v.Recommendation != "Upgrade to 2.36-9+deb12u6" || v.Published != "2024-04-17T18:15:00Z" || v.Ratings[0].Severity != "high" || v.Ratings[0].Source.Name != "debian" {
				t.Errorf("%+v", v)
			}
		case "GHSA-p6mc-m468-83gw":
			// Two copies of lodash, one vulnerability entry.
			if len(v.Affects) != 2 {
				t.Errorf("lodash affects %+v", v.Affects)
			}
		case "CVE-2023-4039":
			if v.Recommendation != "" {
				t.Errorf("recommendation without a fix: %q", v.Recommendation)
			}
		}
	}
	if want := []string{"CVE-2021-44228", "CVE-2023-4039", "CVE-2024-2961", "GHSA-p6mc-m468-83gw"}; !slices.Equal(ids, want) {
		t.Errorf("vulnerabilities %v, want %v", ids, want)
	}
}

func TestCycloneDXMultipleResults(t *testing.T) {
	r := sbomFixture()
	second := r.Results[0]
	second.Target = "registry.example.com/app:1.1"
	r.Results = append(r.Results, second)
	var bom struct {
		Metadata struct {
			Component *struct{} `json:"component"`
		} `json:"metadata"`
		Components []struct {
			BOMRef string `json:"bom-ref"`
		} `json:"components"`
	}
	if err := json.Unmarshal(sbomWrite(t, newCycloneDX(), r), &bom); err != nil {
		t.Fatal(err)
	}
	if bom.Metadata.Component != nil {
		t.Error("metadata.component set for two targets")
	}
	// The same packages in two images are listed once.
	if len(bom.Components) != 14 {
		t.Errorf("%d components, want 14", len(bom.Components))
	}
}

func TestRecommendation(t *testing.T) {
	for _, tc := range []struct {
		fixes map[[2]string]bool
		want  string
	}{
		{nil, ""},
		{map[[2]string]bool{{"a", "1.1"}: true, {"b", "1.1"}: true}, "Upgrade to 1.1"},
		{map[[2]string]bool{{"b", "2.0"}: true, {"a", "1.1"}: true}, "Upgrade a to 1.1; upgrade b to 2.0"},
	} {
		if got := cdxRecommendation(tc.fixes); got != tc.want {
			t.Errorf("%v: got %q, want %q", tc.fixes, got, tc.want)
		}
	}
}

// sbomComparable keeps the fields an SBOM carries. The source package's
// version is not among them: it is assumed to be the binary's.
func sbomComparable(p inventory.Package) inventory.Package {
	p.SrcVersion, p.SrcRelease, p.SrcEpoch = "", "", 0
	return p
}

func TestSBOMRoundTrip(t *testing.T) {
	inv := sbomFixtureInventory()
	want := map[string]inventory.Package{}
	for _, p := range inv.Packages {
		want[p.Path+"|"+p.Name] = sbomComparable(p)
	}
	for name, w := range map[string]Writer{"cyclonedx": newCycloneDX(), "spdx": newSPDX()} {
		t.Run(name, func(t *testing.T) {
			doc, err := sbom.Decode(bytes.NewReader(sbomWrite(t, w, sbomFixture())))
			if err != nil {
				t.Fatal(err)
			}
			if doc.OS == nil || *doc.OS != (inventory.OS{Family: "debian", Version: "12"}) {
				t.Errorf("OS = %+v", doc.OS)
			}
			if doc.Target != "registry.example.com/app:1.0" || doc.Skipped != 0 {
				t.Errorf("target %q, %d skipped", doc.Target, doc.Skipped)
			}
			if len(doc.Packages) != len(want) {
				t.Errorf("%d packages, want %d", len(doc.Packages), len(want))
			}
			for _, p := range doc.Packages {
				w, ok := want[p.Path+"|"+p.Name]
				if !ok {
					t.Errorf("unexpected package %+v", p)
					continue
				}
				if got := sbomComparable(p); got != w {
					t.Errorf("round trip changed %s:\n got %+v\nwant %+v", p.Name, got, w)
				}
				if inventory.IsOS(p.Ecosystem) && p.FullSrcVersion() != p.FullVersion() {
					t.Errorf("%s: source version %s", p.Name, p.FullSrcVersion())
				}
			}
		})
	}
}
