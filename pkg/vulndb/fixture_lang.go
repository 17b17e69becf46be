package vulndb

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/aquasecurity/trivy-db/pkg/ecosystem"
	"github.com/aquasecurity/trivy-db/pkg/types"
	"github.com/aquasecurity/trivy-db/pkg/vulnsrc/vulnerability"
)

// fixtureLangAdvisory is one advisory of a language bucket. It has the
// fields trivy-db's language sources (GHSA, the Go vulnerability database,
// the Ruby and PHP advisory databases, ...) write: version constraints in the
// ecosystem's own syntax instead of a fixed version, and no status or
// per-advisory severity.
type fixtureLangAdvisory struct {
	Package            string   `json:"package"`
	ID                 string   `json:"id"`
	VendorIDs          []string `json:"vendorIds"`
	VulnerableVersions []string `json:"vulnerableVersions"`
	PatchedVersions    []string `json:"patchedVersions"`
	UnaffectedVersions []string `json:"unaffectedVersions"`
}

// langEcosystems are trivy-db's language ecosystems, the part of a language
// bucket's name before "::".
var langEcosystems = []ecosystem.Type{
	ecosystem.Npm, ecosystem.Composer, ecosystem.Pip, ecosystem.RubyGems, ecosystem.Cargo,
	ecosystem.Julia, ecosystem.NuGet, ecosystem.Maven, ecosystem.Go, ecosystem.Conan,
	ecosystem.Erlang, ecosystem.Pub, ecosystem.Swift, ecosystem.Cocoapods, ecosystem.Bitnami,
	ecosystem.Kubernetes,
}

// langBucketEcosystem returns the ecosystem a language bucket name such as
// "pip::GitHub Security Advisory pip" or "seal pip::Seal Security Database"
// is for, and the data source name it ends with.
func langBucketEcosystem(bkt string) (ecosystem.Type, string, bool) {
	head, source, ok := strings.Cut(bkt, langSeparator)
	if !ok || source == "" {
		return "", "", false
	}
	// Suppliers such as Seal put their name in front: "seal pip".
	eco := ecosystem.Type(head[strings.LastIndexByte(head, ' ')+1:])
	return eco, source, slices.Contains(langEcosystems, eco)
}

// langAdvisories validates the languages section. It insists on what
// trivy-db guarantees, so that a fixture cannot hold data no real database
// would: every language bucket has a data source named as the bucket says,
// and packages are keyed by trivy-db's normalised name ("django", not
// "Django"), which a matcher would never look up otherwise.
func (f fixture) langAdvisories() ([]fixtureAdv, error) {
	seen := map[[3]string]bool{}
	for _, fa := range f.Advisories {
		seen[[3]string{fa.Bucket, fa.Package, fa.ID}] = true
	}
	var out []fixtureAdv
	for _, bkt := range slices.Sorted(maps.Keys(f.Languages)) {
		eco, sourceName, ok := langBucketEcosystem(bkt)
		if !ok {
			return nil, fmt.Errorf("fixture language bucket %q: want \"<ecosystem>::<data source name>\" with a trivy-db language ecosystem", bkt)
		}
		ds, ok := f.DataSources[bkt]
		switch {
		case !ok:
			return nil, fmt.Errorf("fixture language bucket %q: no entry under dataSources (trivy-db always writes one)", bkt)
		case ds.ID == "" || ds.Name != sourceName:
			return nil, fmt.Errorf("fixture language bucket %q: its data source needs an id and the name %q", bkt, sourceName)
		}
		for i, fa := range f.Languages[bkt] {
			where := fmt.Sprintf("fixture language advisory %d of %q (%s %s)", i, bkt, fa.Package, fa.ID)
			if fa.Package == "" || fa.ID == "" {
				return nil, fmt.Errorf("%s: package and id are required", where)
			}
			if n := vulnerability.NormalizePkgName(eco, fa.Package); n != fa.Package {
				return nil, fmt.Errorf("%s: trivy-db keys this package as %q", where, n)
			}
			key := [3]string{bkt, fa.Package, fa.ID}
			if seen[key] {
				return nil, fmt.Errorf("%s: duplicate", where)
			}
			seen[key] = true
			out = append(out, fixtureAdv{bucket: bkt, pkg: fa.Package, id: fa.ID, adv: types.Advisory{
				VendorIDs:          fa.VendorIDs,
				VulnerableVersions: fa.VulnerableVersions,
				PatchedVersions:    fa.PatchedVersions,
				UnaffectedVersions: fa.UnaffectedVersions,
			}})
		}
	}
	slices.SortStableFunc(out, func(a, b fixtureAdv) int {
		return cmp.Or(strings.Compare(a.bucket, b.bucket), strings.Compare(a.pkg, b.pkg), strings.Compare(a.id, b.id))
	})
	return out, nil
}
