package vulndb

import (
	"fmt"
	"slices"
	"strings"

	trivydb "github.com/aquasecurity/trivy-db/pkg/db"
	"github.com/aquasecurity/trivy-db/pkg/types"
)

// langSeparator splits a language bucket name into ecosystem and data
// source, as in "npm::GitHub Security Advisory npm".
const langSeparator = "::"

// AdvisoriesByPrefix returns the advisories for pkgName in every bucket
// whose name begins with prefix, which must end in "::": "npm::" covers
// "npm::GitHub Security Advisory npm" and "npm::Node.js Ecosystem Security
// Working Group", "seal pip::" Seal Security's pip advisories. pkgName must
// be in the form trivy-db keys it by (see trivy-db's NormalizePkgName). Each
// advisory carries its bucket's data source. They are sorted by
// vulnerability ID; a bucket prefix or package without advisories yields nil
// and no error.
//
// The buckets are read in one transaction by trivy-db's own lookup, the one
// Trivy's language detector uses. When several buckets hold the same
// vulnerability ID for the package, that lookup keeps only the advisory of
// the bucket whose name sorts last, and so does this method: agreeing with
// Trivy matters more here than keeping both.
func (d *DB) AdvisoriesByPrefix(prefix, pkgName string) ([]types.Advisory, error) {
	if !strings.HasSuffix(prefix, langSeparator) || prefix == langSeparator {
		return nil, fmt.Errorf("bucket prefix %q: want \"<ecosystem>%s\"", prefix, langSeparator)
	}
	var advs []types.Advisory
	err := d.read(func() error {
		var err error
		// trivy-db scans every root bucket with this prefix when the name
		// contains "::", rather than opening one bucket.
		advs, err = trivydb.Config{}.GetAdvisories(prefix, pkgName)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("reading advisories for %s in %q buckets: %w", pkgName, prefix, err)
	}
	slices.SortFunc(advs, func(a, b types.Advisory) int {
		return strings.Compare(a.VulnerabilityID, b.VulnerabilityID)
	})
	return advs, nil
}
