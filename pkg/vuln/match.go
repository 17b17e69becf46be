// Package vuln matches an inventory against the trivy-db vulnerability
// database: for each OS package it looks up the distribution's advisories,
// for each language package its ecosystem's, compares versions with that
// distribution's or ecosystem's own semantics, and turns each hit into a
// vulnerability finding with vendor severity, CVSS and status.
package vuln

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aquasecurity/trivy-db/pkg/types"

	"github.com/palisadesec/palisade/pkg/finding"
	"github.com/palisadesec/palisade/pkg/inventory"
	"github.com/palisadesec/palisade/pkg/vulndb"
)

// DB is the part of the vulnerability database matching needs.
type DB interface {
	Advisories(bucket, pkgName string) ([]types.Advisory, error)
	Vulnerability(id string) (types.Vulnerability, error)
}

// ErrNoDetails is what DB.Vulnerability wraps when the database has no
// record for an ID (vulndb.ErrNotFound satisfies errors.Is against it).
var ErrNoDetails = vulndb.ErrNotFound

// ErrUnsupportedOS is wrapped by Match for distributions it cannot match.
type ErrUnsupportedOS struct {
	OS inventory.OS
	// Err, when set, says why a known distribution cannot be matched, such
	// as a database without its data.
	Err error
}

func (e ErrUnsupportedOS) Error() string {
	msg := fmt.Sprintf("OS %s %s is not supported for vulnerability matching", e.OS.Family, e.OS.Version)
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e ErrUnsupportedOS) Unwrap() error { return e.Err }

// Match returns the vulnerability findings of inv: of its OS packages when
// it has an OS, and of its language packages (see IsLanguage) whether it
// has one or not. When a part of the inventory cannot be matched, because
// the distribution is not supported (ErrUnsupportedOS) or the database has
// no language advisories (ErrNoLangData), Match returns the findings of the
// rest together with an error saying so.
func Match(db DB, inv inventory.Inventory) ([]finding.Finding, error) {
	details := map[string]*types.Vulnerability{}
	osFindings, osErr := matchOS(db, inv, details)
	var unsupported ErrUnsupportedOS
	if osErr != nil && !errors.As(osErr, &unsupported) {
		return nil, osErr
	}
	langFindings, langErr := matchLang(db, inv.Packages, details)
	if langErr != nil && !errors.Is(langErr, ErrNoLangData) {
		return nil, langErr
	}
	var out []finding.Finding
	seen := map[string]bool{}
	for _, f := range slices.Concat(osFindings, langFindings) {
		k := f.ID + "\x00" + f.Package.Ecosystem + "\x00" + f.Package.Name + "\x00" + f.Package.Version + "\x00" + f.Package.Path
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, f)
	}
	switch {
	case osErr == nil:
		return out, langErr
	case langErr == nil:
		return out, osErr
	default:
		return out, errors.Join(osErr, langErr)
	}
}

// matchOS returns the findings of the OS packages in inv, none without an OS.
func matchOS(db DB, inv inventory.Inventory, details map[string]*types.Vulnerability) ([]finding.Finding, error) {
	if inv.OS == nil {
		return nil, nil
	}
	fam, ok := families[inv.OS.Family]
	if !ok {
		return nil, ErrUnsupportedOS{OS: *inv.OS}
	}
	bkt, ok := fam.bucket(inv.OS.Version)
	if !ok {
		return nil, ErrUnsupportedOS{OS: *inv.OS}
	}
	m := matcher{db: db, os: *inv.OS, fam: fam, bucket: bkt, details: details}
	if fam.redHat {
		if m.redHat, ok = db.(RedHatDB); !ok {
			return nil, ErrUnsupportedOS{OS: *inv.OS, Err: errors.New("the vulnerability database provides no Red Hat data")}
		}
		m.contentSets = defaultContentSets[major(inv.OS.Version)]
	}
	var out []finding.Finding
	for _, p := range inv.Packages {
		if !isOSEcosystem(p.Ecosystem) {
			continue
		}
		fs, err := m.matchPackage(p)
		if err != nil {
			return nil, err
		}
		out = append(out, fs...)
	}
	return out, nil
}

func isOSEcosystem(e string) bool {
	return e == inventory.EcosystemDeb || e == inventory.EcosystemAPK || e == inventory.EcosystemRPM
}

type matcher struct {
	db      DB
	os      inventory.OS
	fam     family
	bucket  string
	details map[string]*types.Vulnerability

	redHat      RedHatDB
	contentSets []string
}

func (m *matcher) matchPackage(p inventory.Package) ([]finding.Finding, error) {
	if m.fam.redHat {
		return m.matchRedHat(p)
	}
	lookup, compared := p.Name, p.FullVersion()
	if m.fam.bySource {
		if p.SrcName != "" {
			lookup = p.SrcName
		}
		compared = p.FullSrcVersion()
	}
	advs, err := m.db.Advisories(m.bucket, lookup)
	if err != nil {
		return nil, fmt.Errorf("reading advisories for %s in %q: %w", lookup, m.bucket, err)
	}
	var out []finding.Finding
	for _, adv := range advs {
		if adv.Status == types.StatusNotAffected {
			continue
		}
		if len(adv.Arches) > 0 && p.Arch != "" && !slices.Contains(adv.Arches, p.Arch) {
			continue
		}
		status := "fixed"
		if adv.FixedVersion == "" {
			if !m.fam.unfixed {
				continue
			}
			status = "affected"
			if adv.Status != types.StatusUnknown {
				status = adv.Status.String()
			}
		} else {
			less, ok := m.fam.less(compared, adv.FixedVersion)
			if !ok || !less {
				continue
			}
		}
		f, err := m.finding(p, adv, status)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}

func (m *matcher) vulnerability(id string) (*types.Vulnerability, error) {
	if v, ok := m.details[id]; ok {
		return v, nil
	}
	v, err := m.db.Vulnerability(id)
	if errors.Is(err, ErrNoDetails) {
		// trivy-db omits the record of vulnerabilities it has no details
		// for; the advisory alone is still a finding, of unknown severity.
		v, err = types.Vulnerability{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading vulnerability %s: %w", id, err)
	}
	m.details[id] = &v
	return &v, nil
}

func (m *matcher) finding(p inventory.Package, adv types.Advisory, status string) (finding.Finding, error) {
	v, err := m.vulnerability(adv.VulnerabilityID)
	if err != nil {
		return finding.Finding{}, err
	}
	sev, src := severity(adv, v)
	return newFinding(p, adv.VulnerabilityID, adv.FixedVersion, status, sev, src, v), nil
}

// newFinding fills a finding in from the vulnerability's details.
func newFinding(p inventory.Package, id, fixed, status string, sev finding.Severity, src string, v *types.Vulnerability) finding.Finding {
	f := finding.Finding{
		ID:             id,
		Type:           finding.TypeVulnerability,
		Severity:       sev,
		SeveritySource: src,
		Title:          v.Title,
		Description:    v.Description,
		Status:         status,
		Package: &finding.Package{
			Name:         p.Name,
			Version:      p.FullVersion(),
			Ecosystem:    p.Ecosystem,
			FixedVersion: fixed,
			SrcName:      p.SrcName,
			Path:         p.Path,
			Layer:        p.Layer,
			PURL:         p.PURL,
		},
		References:    append([]string(nil), v.References...),
		PublishedDate: v.PublishedDate,
	}
	if f.Title == "" {
		f.Title = firstLine(v.Description, 120)
	}
	if fixed != "" {
		f.Remediation = fmt.Sprintf("Upgrade %s to %s or later.", p.Name, fixed)
	} else if status == "affected" {
		f.Remediation = "No fixed version is available yet."
	}
	if len(v.CVSS) > 0 {
		f.CVSS = map[string]finding.CVSS{}
		for k, c := range v.CVSS {
			f.CVSS[string(k)] = finding.CVSS{V2Vector: c.V2Vector, V2Score: c.V2Score, V3Vector: c.V3Vector, V3Score: c.V3Score}
		}
	}
	if f.PublishedDate != nil {
		t := f.PublishedDate.UTC().Truncate(time.Second)
		f.PublishedDate = &t
	}
	return f
}

// severity chooses, like Trivy: the advisory's own severity, else the data
// source vendor's rating, else its base vendor's, else NVD's, else the
// deprecated single severity.
func severity(adv types.Advisory, v *types.Vulnerability) (finding.Severity, string) {
	var src types.SourceID
	if adv.DataSource != nil {
		src = adv.DataSource.ID
	}
	if adv.Severity != types.SeverityUnknown {
		return finding.Severity(adv.Severity), string(src)
	}
	if src != "" {
		if s, ok := v.VendorSeverity[src]; ok {
			return finding.Severity(s), string(src)
		}
	}
	if adv.DataSource != nil && adv.DataSource.BaseID != "" {
		if s, ok := v.VendorSeverity[adv.DataSource.BaseID]; ok {
			return finding.Severity(s), string(adv.DataSource.BaseID)
		}
	}
	if s, ok := v.VendorSeverity["nvd"]; ok {
		return finding.Severity(s), "nvd"
	}
	if v.Severity != "" {
		if s, err := finding.ParseSeverity(v.Severity); err == nil {
			return s, ""
		}
	}
	return finding.SeverityUnknown, ""
}

func firstLine(s string, max int) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if len(s) > max {
		s = s[:max-3] + "..."
	}
	return s
}
