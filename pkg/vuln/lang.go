package vuln

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"

	gem "github.com/aquasecurity/go-gem-version"
	npm "github.com/aquasecurity/go-npm-version/pkg"
	pep440 "github.com/aquasecurity/go-pep440-version"
	"github.com/aquasecurity/go-version/pkg/version"
	"github.com/aquasecurity/trivy-db/pkg/ecosystem"
	"github.com/aquasecurity/trivy-db/pkg/types"
	"github.com/aquasecurity/trivy-db/pkg/vulnsrc/vulnerability"
	mvn "github.com/masahiro331/go-mvn-version"

	"github.com/palisadesec/palisade/pkg/finding"
	"github.com/palisadesec/palisade/pkg/inventory"
)

// LangDB is implemented by databases holding trivy-db's language advisories,
// as *vulndb.DB does; Match needs it for packages of language ecosystems. It
// is separate from DB so that DB implementations without it keep working.
type LangDB interface {
	// AdvisoriesByPrefix returns the advisories for pkgName (in trivy-db's
	// normalised form) in every bucket whose name begins with prefix, such
	// as "npm::", each with its bucket's data source. Where buckets share a
	// vulnerability ID, only the advisory of the bucket whose name sorts
	// last is returned, as trivy-db's lookup does for Trivy.
	AdvisoriesByPrefix(prefix, pkgName string) ([]types.Advisory, error)
}

// ErrNoLangData is wrapped by Match's error when an inventory has language
// packages but the database does not implement LangDB.
var ErrNoLangData = errors.New("the vulnerability database provides no language advisories")

// langSeparator ends a language bucket prefix: trivy-db names the buckets
// "<ecosystem>::<data source>", and suppliers' "<supplier> <ecosystem>::...".
const langSeparator = "::"

// matchFunc reports whether version satisfies constraint, both in one
// ecosystem's syntax; constraints may be alternatives joined by "||".
type matchFunc func(version, constraint string) (bool, error)

// langEcosystems are the language ecosystems palisade matches, with the
// comparer Trivy v0.74 uses for each (pkg/detector/library/driver.go).
// trivy-db names buckets "<ecosystem>::<data source>" with the same
// ecosystem names as inventory's.
var langEcosystems = map[string]matchFunc{
	inventory.EcosystemNpm:      npmMatch,
	inventory.EcosystemPip:      pep440Matcher(false),
	inventory.EcosystemRubyGems: gemMatch,
	inventory.EcosystemMaven:    mavenMatch,
	inventory.EcosystemGo:       genericMatch,
	inventory.EcosystemCargo:    genericMatch,
	inventory.EcosystemComposer: genericMatch,
	inventory.EcosystemNuGet:    genericMatch,
}

// IsLanguage reports whether packages of the ecosystem are matched against
// trivy-db's language advisories.
func IsLanguage(eco string) bool {
	_, ok := langEcosystems[eco]
	return ok
}

func npmMatch(v, c string) (bool, error) {
	ver, err := npm.NewVersion(v)
	if err != nil {
		return false, err
	}
	// Pre-releases satisfy ranges they fall in (npm's includePrerelease):
	// 4.17.21-beta.1 is older than the 4.17.21 fix.
	cs, err := npm.NewConstraints(c, npm.WithPreRelease(true))
	if err != nil {
		return false, err
	}
	return cs.Check(ver), nil
}

// pep440Matcher compares Python versions; localSpecifiers lets constraints
// name local versions ("4.2.8+sp1"), which Seal Security's advisories do and
// PEP 440 forbids.
func pep440Matcher(localSpecifiers bool) matchFunc {
	opts := []pep440.SpecifierOption{pep440.WithPreRelease(true)}
	if localSpecifiers {
		opts = append(opts, pep440.AllowLocalSpecifier(true))
	}
	return func(v, c string) (bool, error) {
		ver, err := pep440.Parse(v)
		if err != nil {
			return false, err
		}
		ss, err := pep440.NewSpecifiers(c, opts...)
		if err != nil {
			return false, err
		}
		return ss.Check(ver), nil
	}
}

func gemMatch(v, c string) (bool, error) {
	ver, err := gem.NewVersion(v)
	if err != nil {
		return false, err
	}
	cs, err := gem.NewConstraints(c)
	if err != nil {
		return false, err
	}
	return cs.Check(ver), nil
}

func mavenMatch(v, c string) (bool, error) {
	ver, err := mvn.NewVersion(v)
	if err != nil {
		return false, err
	}
	// Constraints (">=2.0-beta9, <2.15.0") or Maven's own requirement
	// ranges ("[2.0-beta9,2.15.0)"), whichever parses.
	cs, err := mvn.NewComparer(c)
	if err != nil {
		return false, err
	}
	return cs.Check(ver), nil
}

// genericMatch is the semver-like comparison Trivy applies to Go, Cargo,
// Composer and NuGet. It accepts a "v" prefix, so Go's "v0.17.0" and the Go
// vulnerability database's "0.17.0" compare as equal.
func genericMatch(v, c string) (bool, error) {
	ver, err := version.Parse(v)
	if err != nil {
		return false, err
	}
	cs, err := version.NewConstraints(c)
	if err != nil {
		return false, err
	}
	return cs.Check(ver), nil
}

// isVulnerable is Trivy's decision (pkg/detector/library/compare): inside
// one of the vulnerable ranges, if any are given, and outside every patched
// and unaffected range. A version or constraint that does not parse makes
// no finding, as in Trivy, which only logs it.
func isVulnerable(ver string, adv types.Advisory, match matchFunc) bool {
	// An empty range is how some sources say "every version".
	if slices.Contains(adv.VulnerableVersions, "") || slices.Contains(adv.PatchedVersions, "") {
		return true
	}
	var matched bool
	if len(adv.VulnerableVersions) != 0 {
		ok, err := match(ver, strings.Join(adv.VulnerableVersions, " || "))
		if err != nil || !ok {
			return false
		}
		matched = true
	}
	secure := slices.Concat(adv.PatchedVersions, adv.UnaffectedVersions)
	if len(secure) == 0 {
		return matched
	}
	ok, err := match(ver, strings.Join(secure, " || "))
	if err != nil {
		return false
	}
	return !ok
}

// fixedVersions is what Trivy shows as the fixed version: the patched
// versions, or else the upper bounds of the vulnerable ranges that exclude
// it ("<1.2.3" but not "<=1.2.3"), without repeats.
func fixedVersions(adv types.Advisory) string {
	vs := adv.PatchedVersions
	if len(vs) == 0 {
		for _, r := range adv.VulnerableVersions {
			for s := range strings.SplitSeq(r, ",") {
				s = strings.TrimSpace(s)
				if strings.HasPrefix(s, "<") && !strings.HasPrefix(s, "<=") {
					vs = append(vs, strings.TrimSpace(s[1:]))
				}
			}
		}
	}
	var uniq []string
	for _, v := range vs {
		if !slices.Contains(uniq, v) {
			uniq = append(uniq, v)
		}
	}
	return strings.Join(uniq, ", ")
}

// goStdlibVersion turns the forms the Go toolchain reports ("go1.21.3",
// "go1.22.3 X:boringcrypto", "go1.26.0-X:nodwarf5") into the "v1.21.3" Trivy
// derives from them; other forms are left to the comparer.
func goStdlibVersion(v string) string {
	rest, ok := strings.CutPrefix(v, "go")
	if !ok {
		return v
	}
	rest, _, _ = strings.Cut(rest, " X:")
	rest, _, _ = strings.Cut(rest, "-X:")
	return "v" + rest
}

type langMatcher struct {
	// db only serves vulnerability details, shared with the OS matcher.
	db   *matcher
	lang LangDB
	// unmatched counts the packages a database without LangDB left out.
	unmatched int
}

// matchLang matches the language packages of pkgs. Without LangDB it
// returns an error wrapping ErrNoLangData if there were any.
func matchLang(db DB, pkgs []inventory.Package, details map[string]*types.Vulnerability) ([]finding.Finding, error) {
	m := langMatcher{db: &matcher{db: db, details: details}}
	m.lang, _ = db.(LangDB)
	var out []finding.Finding
	for _, p := range pkgs {
		if !IsLanguage(p.Ecosystem) {
			continue
		}
		fs, err := m.matchPackage(p)
		if err != nil {
			return nil, err
		}
		out = append(out, fs...)
	}
	if m.unmatched > 0 {
		return out, fmt.Errorf("%d language packages not matched: %w", m.unmatched, ErrNoLangData)
	}
	return out, nil
}

// matchPackage reproduces Trivy's (v0.74) library driver for one package.
func (m *langMatcher) matchPackage(p inventory.Package) ([]finding.Finding, error) {
	// Trivy skips packages without a version rather than matching every
	// range against nothing.
	if p.Version == "" {
		return nil, nil
	}
	if m.lang == nil {
		m.unmatched++
		return nil, nil
	}
	name := vulnerability.NormalizePkgName(ecosystem.Type(p.Ecosystem), p.Name)
	ver := p.Version
	if p.Ecosystem == inventory.EcosystemGo && name == "stdlib" {
		ver = goStdlibVersion(ver)
	}
	advs, match, err := m.advisories(p.Ecosystem, name, ver)
	if err != nil {
		return nil, err
	}
	var out []finding.Finding
	for _, adv := range advs {
		if !isVulnerable(ver, adv, match) {
			continue
		}
		fixed := fixedVersions(adv)
		status := "fixed"
		if fixed == "" {
			status = "affected"
		}
		v, err := m.db.vulnerability(adv.VulnerabilityID)
		if err != nil {
			return nil, err
		}
		sev, src := langSeverity(adv, v)
		f := newFinding(p, adv.VulnerabilityID, fixed, status, sev, src, v)
		if fixed != "" && !isPlainVersion(fixed) {
			// "Upgrade to 4.5.1, 4.7.2, 5.0.1 or later" would misread
			// branch fixes and ranges.
			f.Remediation = fmt.Sprintf("Upgrade %s to a patched version: %s.", p.Name, fixed)
		}
		out = append(out, f)
	}
	return out, nil
}

// advisories picks the buckets and comparer like Trivy's driver: those of
// a supplier that patched the package (see supplierFor), else the
// ecosystem's.
func (m *langMatcher) advisories(eco, name, ver string) ([]types.Advisory, matchFunc, error) {
	if s, res := supplierFor(eco, name, ver); res != noSupplier {
		prefix := s.name + " " + eco + langSeparator
		advs, err := m.lang.AdvisoriesByPrefix(prefix, name)
		if err != nil {
			return nil, nil, fmt.Errorf("%s %s package %s: %w", s.name, eco, name, err)
		}
		// A candidate only counts if the supplier has advisories for it.
		if res == supplierMatched || len(advs) > 0 {
			match := langEcosystems[eco]
			if c, ok := s.comparers[eco]; ok {
				match = c
			}
			return advs, match, nil
		}
	}
	advs, err := m.lang.AdvisoriesByPrefix(eco+langSeparator, name)
	if err != nil {
		return nil, nil, fmt.Errorf("%s package %s: %w", eco, name, err)
	}
	return advs, langEcosystems[eco], nil
}

// langSeverity chooses as Trivy's default ("auto") severity selection does
// for language packages: the rating of the advisory's data source (its base
// source when it has one), then GitHub's for GHSA IDs, then NVD's, then the
// vulnerability's deprecated single severity. Unlike for OS advisories, a
// per-advisory severity is not consulted: Trivy's language detector does not
// carry it over, and trivy-db's language sources do not write one.
func langSeverity(adv types.Advisory, v *types.Vulnerability) (finding.Severity, string) {
	var src types.SourceID
	if adv.DataSource != nil {
		src = cmp.Or(adv.DataSource.BaseID, adv.DataSource.ID)
	}
	order := []types.SourceID{src, vulnerability.NVD}
	if strings.HasPrefix(adv.VulnerabilityID, "GHSA-") {
		order = []types.SourceID{src, vulnerability.GHSA, vulnerability.NVD}
	}
	for _, s := range order {
		if s == "" {
			continue
		}
		if sev, ok := v.VendorSeverity[s]; ok {
			return finding.Severity(sev), string(s)
		}
	}
	if v.Severity != "" {
		if s, err := finding.ParseSeverity(v.Severity); err == nil {
			return s, ""
		}
	}
	return finding.SeverityUnknown, ""
}

// isPlainVersion reports whether s is a single version rather than a list
// or a range.
func isPlainVersion(s string) bool {
	return !strings.ContainsAny(s, ", <>=~^|*")
}
