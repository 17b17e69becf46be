package vulndb_test

import (
	"errors"
	"maps"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/aquasecurity/trivy-db/pkg/types"
	"sigs.k8s.io/yaml"

	"github.com/palisadesec/palisade/pkg/vulndb"
)

func ids(advs []types.Advisory) []string {
	var out []string
	for _, a := range advs {
		out = append(out, a.VulnerabilityID)
	}
	return out
}

// Every entry of the languages section reads back as written, with its
// bucket's data source.
func TestFixtureLangRoundTrip(t *testing.T) {
	db := open(t, buildFixture(t))
	var doc struct {
		DataSources map[string]types.DataSource `json:"dataSources"`
		Languages   map[string][]struct {
			Package            string   `json:"package"`
			ID                 string   `json:"id"`
			VendorIDs          []string `json:"vendorIds"`
			VulnerableVersions []string `json:"vulnerableVersions"`
			PatchedVersions    []string `json:"patchedVersions"`
			UnaffectedVersions []string `json:"unaffectedVersions"`
		} `json:"languages"`
	}
	if err := yaml.Unmarshal(fixtureYAML(t), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Languages) < 8 {
		t.Fatalf("fixture has %d language buckets", len(doc.Languages))
	}
	for _, bkt := range slices.Sorted(maps.Keys(doc.Languages)) {
		for _, want := range doc.Languages[bkt] {
			advs, err := db.Advisories(bkt, want.Package)
			if err != nil {
				t.Fatal(err)
			}
			i := slices.IndexFunc(advs, func(a types.Advisory) bool { return a.VulnerabilityID == want.ID })
			if i < 0 {
				t.Errorf("%s %s: %s missing", bkt, want.Package, want.ID)
				continue
			}
			got, ds := advs[i], doc.DataSources[bkt]
			if !reflect.DeepEqual(got.VendorIDs, want.VendorIDs) || !reflect.DeepEqual(got.VulnerableVersions, want.VulnerableVersions) ||
				!reflect.DeepEqual(got.PatchedVersions, want.PatchedVersions) || !reflect.DeepEqual(got.UnaffectedVersions, want.UnaffectedVersions) ||
				got.FixedVersion != "" || got.Status != types.StatusUnknown || got.Severity != types.SeverityUnknown ||
				got.DataSource == nil || got.DataSource.ID != ds.ID || got.DataSource.Name != ds.Name || got.DataSource.URL != ds.URL {
				t.Errorf("%s %s %s = %+v (data source %+v)", bkt, want.Package, want.ID, got, got.DataSource)
			}
		}
	}
}

func TestAdvisoriesByPrefix(t *testing.T) {
	db := open(t, buildFixture(t))

	advs, err := db.AdvisoriesByPrefix("npm::", "lodash")
	if err != nil || !slices.Equal(ids(advs), []string{"CVE-2020-8203", "CVE-2021-23337"}) {
		t.Fatalf("npm lodash: %v, %v", ids(advs), err)
	}
	if a := advs[1]; a.DataSource == nil || a.DataSource.ID != "ghsa" || a.DataSource.Name != "GitHub Security Advisory npm" ||
		!slices.Equal(a.VulnerableVersions, []string{"<4.17.21"}) || !slices.Equal(a.PatchedVersions, []string{"4.17.21"}) {
		t.Errorf("npm lodash CVE-2021-23337 = %+v", a)
	}
	// Both npm buckets are read.
	if advs, err := db.AdvisoriesByPrefix("npm::", "qs"); err != nil || len(advs) != 1 || advs[0].DataSource.ID != "nodejs-security-wg" {
		t.Errorf("npm qs: %+v, %v", advs, err)
	}
	// A supplier's buckets are apart from the ecosystem's.
	if advs, err := db.AdvisoriesByPrefix("seal npm::", "lodash"); err != nil || !slices.Equal(ids(advs), []string{"CVE-2020-28500", "CVE-2021-23337"}) || advs[0].DataSource.ID != "seal" {
		t.Errorf("seal npm lodash: %+v, %v", advs, err)
	}

	// An ID in two buckets: the bucket sorting last wins, as in trivy-db's
	// lookup ("go::The Go ..." after "go::GitHub ...").
	advs, err = db.AdvisoriesByPrefix("go::", "golang.org/x/net")
	if err != nil || !slices.Equal(ids(advs), []string{"CVE-2023-39325", "CVE-2023-44487", "CVE-2023-45288"}) {
		t.Fatalf("go x/net: %v, %v", ids(advs), err)
	}
	for _, a := range advs {
		if a.DataSource == nil || a.DataSource.ID != "govulndb" {
			t.Errorf("go x/net %s from %+v", a.VulnerabilityID, a.DataSource)
		}
	}
	if a := advs[1]; !slices.Equal(a.VendorIDs, []string{"GHSA-4374-p667-p6c8", "GHSA-qppj-fm5r-hxr3", "GO-2023-2102"}) {
		t.Errorf("go x/net CVE-2023-44487 = %+v", a)
	}
	rack, err := db.AdvisoriesByPrefix("rubygems::", "rack")
	if err != nil || len(rack) != 1 || rack[0].DataSource.ID != "ruby-advisory-db" || len(rack[0].VulnerableVersions) != 0 {
		t.Errorf("rubygems rack: %+v, %v", rack, err)
	}

	// Names are looked up as given: normalising is the caller's business.
	for _, name := range []string{"Django", "no-such-package"} {
		if advs, err := db.AdvisoriesByPrefix("pip::", name); err != nil || advs != nil {
			t.Errorf("pip %s: %+v, %v", name, advs, err)
		}
	}
	if advs, err := db.AdvisoriesByPrefix("swift::", "x"); err != nil || advs != nil {
		t.Errorf("no such buckets: %+v, %v", advs, err)
	}
	for _, bad := range []string{"", "npm", "::", "npm::GitHub Security Advisory npm"} {
		if _, err := db.AdvisoriesByPrefix(bad, "lodash"); err == nil {
			t.Errorf("prefix %q: no error", bad)
		}
	}

	db.Close()
	if _, err := db.AdvisoriesByPrefix("npm::", "lodash"); !errors.Is(err, vulndb.ErrClosed) {
		t.Errorf("after Close: %v", err)
	}
}

func TestFixtureLangErrors(t *testing.T) {
	const ds = `dataSources: {"pip::GitHub Security Advisory pip": {id: ghsa, name: GitHub Security Advisory pip}}
`
	cases := map[string]string{
		"no separator":        ds + `languages: {"pip GitHub Security Advisory pip": [{package: django, id: CVE-1}]}`,
		"unknown ecosystem":   `dataSources: {"cobol::X": {id: x, name: X}}` + "\n" + `languages: {"cobol::X": [{package: a, id: CVE-1}]}`,
		"no data source":      `languages: {"pip::GitHub Security Advisory pip": [{package: django, id: CVE-1}]}`,
		"data source name":    `dataSources: {"pip::GitHub Security Advisory pip": {id: ghsa, name: GHSA}}` + "\n" + `languages: {"pip::GitHub Security Advisory pip": [{package: django, id: CVE-1}]}`,
		"not normalised":      ds + `languages: {"pip::GitHub Security Advisory pip": [{package: Django, id: CVE-1}]}`,
		"underscore":          ds + `languages: {"pip::GitHub Security Advisory pip": [{package: flask_cors, id: CVE-1}]}`,
		"no id":               ds + `languages: {"pip::GitHub Security Advisory pip": [{package: django}]}`,
		"duplicate":           ds + `languages: {"pip::GitHub Security Advisory pip": [{package: django, id: CVE-1}, {package: django, id: CVE-1}]}`,
		"duplicate elsewhere": ds + `advisories: [{bucket: "pip::GitHub Security Advisory pip", package: django, id: CVE-1}]` + "\n" + `languages: {"pip::GitHub Security Advisory pip": [{package: django, id: CVE-1}]}`,
		"OS field":            ds + `languages: {"pip::GitHub Security Advisory pip": [{package: django, id: CVE-1, fixedVersion: "1.0"}]}`,
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) {
			if err := vulndb.BuildFixture(filepath.Join(t.TempDir(), "db"), []byte(src), now); err == nil {
				t.Errorf("no error for\n%s", src)
			}
		})
	}

	// The advisories section takes unaffected versions too, and a
	// supplier's bucket is a language bucket of its ecosystem.
	src := `dataSources:
  "rubygems::Ruby Advisory Database": {id: ruby-advisory-db, name: Ruby Advisory Database}
  "seal pip::Seal Security Database": {id: seal, name: Seal Security Database}
advisories:
  - {bucket: "rubygems::Ruby Advisory Database", package: rack, id: CVE-1, patchedVersions: [">= 2.0"], unaffectedVersions: ["< 1.0"]}
languages:
  "seal pip::Seal Security Database": [{package: seal-django, id: CVE-2}]
`
	dir := filepath.Join(t.TempDir(), "db")
	if err := vulndb.BuildFixture(dir, []byte(src), now); err != nil {
		t.Fatal(err)
	}
	db := open(t, dir)
	if advs, err := db.AdvisoriesByPrefix("rubygems::", "rack"); err != nil || len(advs) != 1 || !slices.Equal(advs[0].UnaffectedVersions, []string{"< 1.0"}) {
		t.Errorf("rack: %+v, %v", advs, err)
	}
	if advs, err := db.AdvisoriesByPrefix("seal pip::", "seal-django"); err != nil || len(advs) != 1 || !strings.HasPrefix(advs[0].DataSource.Name, "Seal") {
		t.Errorf("seal-django: %+v, %v", advs, err)
	}
}
