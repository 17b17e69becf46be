package vuln

import (
	"testing"

	"github.com/aquasecurity/trivy-db/pkg/types"

	"github.com/palisadesec/palisade/pkg/finding"
	"github.com/palisadesec/palisade/pkg/inventory"
)

// TestIsVulnerable covers the branches of Trivy's decision that trivy-db's
// sources reach only rarely.
func TestIsVulnerable(t *testing.T) {
	cases := []struct {
		name string
		ver  string
		adv  types.Advisory
		want bool
	}{
		{"nothing known", "1.0.0", types.Advisory{}, false},
		{"empty vulnerable range means every version", "9.9.9", types.Advisory{VulnerableVersions: []string{""}}, true},
		{"empty patched range too", "9.9.9", types.Advisory{PatchedVersions: []string{">=2.0.0", ""}}, true},
		{"patched only, below", "1.9.0", types.Advisory{PatchedVersions: []string{">=2.0.0"}}, true},
		{"patched only, at", "2.0.0", types.Advisory{PatchedVersions: []string{">=2.0.0"}}, false},
		{"unaffected", "0.9.0", types.Advisory{PatchedVersions: []string{">=2.0.0"}, UnaffectedVersions: []string{"<1.0.0"}}, false},
		{"in range but patched", "1.5.0", types.Advisory{VulnerableVersions: []string{"<2.0.0"}, PatchedVersions: []string{"=1.5.0"}}, false},
		{"unparsable version", "not a version", types.Advisory{VulnerableVersions: []string{"<2.0.0"}}, false},
		{"unparsable constraint", "1.0.0", types.Advisory{VulnerableVersions: []string{"<<2"}}, false},
	}
	for _, c := range cases {
		if got := isVulnerable(c.ver, c.adv, genericMatch); got != c.want {
			t.Errorf("%s: isVulnerable(%q) = %v", c.name, c.ver, got)
		}
	}
}

func TestFixedVersions(t *testing.T) {
	cases := []struct {
		adv  types.Advisory
		want string
	}{
		{types.Advisory{PatchedVersions: []string{"1.2.3", "2.0.1", "1.2.3"}}, "1.2.3, 2.0.1"},
		{types.Advisory{VulnerableVersions: []string{">=1.0.0, <1.2.3", "<=0.9.0", ">=2.0.0,<2.0.1", "< 3.0.0"}}, "1.2.3, 2.0.1, 3.0.0"},
		{types.Advisory{VulnerableVersions: []string{"<=2.0.1"}}, ""},
		{types.Advisory{}, ""},
	}
	for _, c := range cases {
		if got := fixedVersions(c.adv); got != c.want {
			t.Errorf("fixedVersions(%+v) = %q, want %q", c.adv, got, c.want)
		}
	}
}

func TestLangSeverity(t *testing.T) {
	v := &types.Vulnerability{
		Severity:       "LOW",
		VendorSeverity: types.VendorSeverity{"ghsa": types.SeverityHigh, "nvd": types.SeverityMedium, "debian": types.SeverityCritical},
	}
	cases := []struct {
		name    string
		adv     types.Advisory
		vuln    *types.Vulnerability
		wantSev finding.Severity
		wantSrc string
	}{
		{"data source", types.Advisory{VulnerabilityID: "CVE-1", DataSource: &types.DataSource{ID: "ghsa"}}, v, finding.SeverityHigh, "ghsa"},
		// GitHub rates GHSA IDs even in another source's bucket.
		{"GHSA ID", types.Advisory{VulnerabilityID: "GHSA-1", DataSource: &types.DataSource{ID: "osv"}}, v, finding.SeverityHigh, "ghsa"},
		{"CVE ID elsewhere", types.Advisory{VulnerabilityID: "CVE-1", DataSource: &types.DataSource{ID: "osv"}}, v, finding.SeverityMedium, "nvd"},
		// The base source, when there is one, rates for the source.
		{"base ID", types.Advisory{VulnerabilityID: "CVE-1", DataSource: &types.DataSource{ID: "ghsa", BaseID: "debian"}}, v, finding.SeverityCritical, "debian"},
		// Unlike for OS packages, an advisory's own severity does not count.
		{"advisory severity", types.Advisory{VulnerabilityID: "CVE-1", Severity: types.SeverityLow}, v, finding.SeverityMedium, "nvd"},
		{"deprecated severity", types.Advisory{VulnerabilityID: "CVE-1"}, &types.Vulnerability{Severity: "LOW"}, finding.SeverityLow, ""},
		{"nothing", types.Advisory{VulnerabilityID: "CVE-1"}, &types.Vulnerability{}, finding.SeverityUnknown, ""},
	}
	for _, c := range cases {
		sev, src := langSeverity(c.adv, c.vuln)
		if sev != c.wantSev || src != c.wantSrc {
			t.Errorf("%s: %v %q, want %v %q", c.name, sev, src, c.wantSev, c.wantSrc)
		}
	}
}

func TestGoStdlibVersion(t *testing.T) {
	for in, want := range map[string]string{
		"go1.21.3":                "v1.21.3",
		"go1.22.3 X:boringcrypto": "v1.22.3",
		"go1.26.0-X:nodwarf5":     "v1.26.0",
		"go1.21rc2":               "v1.21rc2",
		"v1.21.3":                 "v1.21.3",
		"1.21.3":                  "1.21.3",
	} {
		if got := goStdlibVersion(in); got != want {
			t.Errorf("goStdlibVersion(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSealMatch(t *testing.T) {
	cases := []struct {
		eco, name, ver string
		want           supplierResult
	}{
		{inventory.EcosystemMaven, "seal.sp1.org.eclipse.jetty:jetty-http", "9.4.48", supplierMatched},
		{inventory.EcosystemMaven, "seal.spx:foo", "1.0", noSupplier},
		{inventory.EcosystemMaven, "org.eclipse.jetty:jetty-http", "9.4.48+sp1", supplierMatched},
		{inventory.EcosystemPip, "seal-django", "4.2.8", supplierMatched},
		{inventory.EcosystemPip, "django", "4.2.8+sp1p2", supplierMatched},
		{inventory.EcosystemPip, "django", "4.2.8+ubuntu1", noSupplier},
		{inventory.EcosystemNpm, "@seal-security/ejs", "3.1.8", supplierMatched},
		{inventory.EcosystemNpm, "ejs", "3.1.8-sp1", supplierCandidate},
		{inventory.EcosystemNpm, "ejs", "3.1.8+sp1", noSupplier},
		{inventory.EcosystemGo, "sealsecurity.io/github.com/Masterminds/goutils", "v1.1.1", supplierMatched},
		{inventory.EcosystemGo, "github.com/Masterminds/goutils", "v2.0.0-sp1+incompatible", supplierCandidate},
		{inventory.EcosystemRubyGems, "seal-rack", "2.2.8", supplierMatched},
		{inventory.EcosystemRubyGems, "rack", "2.0.7.0.1.sp1", supplierCandidate},
		{inventory.EcosystemCargo, "tokio", "1.0.0-sp1", noSupplier},
	}
	for _, c := range cases {
		if _, got := supplierFor(c.eco, c.name, c.ver); got != c.want {
			t.Errorf("supplierFor(%s, %s, %s) = %v, want %v", c.eco, c.name, c.ver, got, c.want)
		}
	}
}
