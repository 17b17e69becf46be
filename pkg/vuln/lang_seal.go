package vuln

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/palisadesec/palisade/pkg/inventory"
)

// supplierResult says how surely a package comes from a supplier.
type supplierResult int

const (
	noSupplier supplierResult = iota
	// supplierMatched: the supplier's advisories alone apply.
	supplierMatched
	// supplierCandidate: the version looks like the supplier's but could be
	// an upstream one; the supplier's advisories apply only if it has some
	// for the package.
	supplierCandidate
)

// supplier is a vendor of patched open source packages that publishes its
// own advisories for them in trivy-db, in buckets named
// "<name> <ecosystem>::<data source>". Upstream advisories do not apply to
// its builds: a backported fix leaves the upstream version number in place.
type supplier struct {
	name  string
	match func(eco, name, ver string) supplierResult
	// comparers overrides the ecosystem's comparer.
	comparers map[string]matchFunc
}

// Seal Security's version suffixes, per ecosystem, as Trivy v0.74 matches
// them (pkg/detector/library/seal): "+spN" for Maven and PyPI, which no
// upstream version has; "-spN" for npm and Go and ".0.1.spN" for RubyGems,
// which upstream versions could have. An "pM" may follow for private builds.
var (
	sealPlusSuffix = regexp.MustCompile(`\+sp\d+(?:p\d+)?$`)
	sealNpmSuffix  = regexp.MustCompile(`-sp\d+(?:p\d+)?$`)
	sealGoSuffix   = regexp.MustCompile(`-sp\d+(?:p\d+)?(?:\+incompatible)?$`)
	sealGemSuffix  = regexp.MustCompile(`\.0\.1\.sp\d+(?:p\d+)?$`)
)

// suppliers are those Trivy v0.74 registers by default; the first match wins.
var suppliers = []supplier{{
	name:  "seal",
	match: sealMatch,
	// Seal's PyPI advisories compare local versions: "4.2.8+sp1" is not
	// "4.2.8" to them.
	comparers: map[string]matchFunc{inventory.EcosystemPip: pep440Matcher(true)},
}}

// sealMatch recognises Seal's renamed packages by name prefix and its
// same-name builds by version suffix. name is normalised.
func sealMatch(eco, name, ver string) supplierResult {
	switch eco {
	case inventory.EcosystemMaven:
		if rest, ok := strings.CutPrefix(name, "seal.sp"); ok && rest != "" && unicode.IsDigit(rune(rest[0])) {
			return supplierMatched
		}
		if sealPlusSuffix.MatchString(ver) {
			return supplierMatched
		}
	case inventory.EcosystemPip:
		if strings.HasPrefix(name, "seal-") || sealPlusSuffix.MatchString(ver) {
			return supplierMatched
		}
	case inventory.EcosystemNpm:
		if strings.HasPrefix(name, "@seal-security/") {
			return supplierMatched
		}
		if sealNpmSuffix.MatchString(ver) {
			return supplierCandidate
		}
	case inventory.EcosystemGo:
		if strings.HasPrefix(name, "sealsecurity.io/") {
			return supplierMatched
		}
		if sealGoSuffix.MatchString(ver) {
			return supplierCandidate
		}
	case inventory.EcosystemRubyGems:
		if strings.HasPrefix(name, "seal-") {
			return supplierMatched
		}
		if sealGemSuffix.MatchString(ver) {
			return supplierCandidate
		}
	}
	return noSupplier
}

func supplierFor(eco, name, ver string) (supplier, supplierResult) {
	for _, s := range suppliers {
		if res := s.match(eco, name, ver); res != noSupplier {
			return s, res
		}
	}
	return supplier{}, noSupplier
}
