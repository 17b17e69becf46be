package vuln

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/aquasecurity/trivy-db/pkg/types"
	"github.com/aquasecurity/trivy-db/pkg/vulnsrc/bucket"
	rpmversion "github.com/knqyf263/go-rpm-version"

	"github.com/palisadesec/palisade/pkg/finding"
	"github.com/palisadesec/palisade/pkg/inventory"
	"github.com/palisadesec/palisade/pkg/vulndb"
)

// RedHatDB is implemented by databases holding trivy-db's Red Hat OVAL data,
// as *vulndb.DB does; Match needs it for the redhat and centos families. It
// is separate from DB so that DB implementations without it keep working.
type RedHatDB interface {
	// RedHatAdvisories returns the advisories for a binary package that
	// apply to a product of the given content sets or build NVRs; an error
	// wrapping ErrNoRedHatData means none of them is known to the database.
	RedHatAdvisories(pkgName string, contentSets, nvrs []string) ([]types.Advisory, error)
}

// ErrNoRedHatData is what RedHatDB.RedHatAdvisories wraps when the database
// cannot map the content sets to products; Match then returns
// ErrUnsupportedOS.
var ErrNoRedHatData = vulndb.ErrNoRedHatData

// redHatSeveritySource is what Trivy names as the source of the per-CVE
// severity in Red Hat advisories.
const redHatSeveritySource = "redhat"

// defaultContentSets are the repositories an image of each RHEL major
// release is assumed to install from, as in Trivy: palisade does not read
// the content manifests under /root/buildinfo that would name them exactly.
// CentOS gets those of the RHEL release it rebuilds.
var defaultContentSets = map[string][]string{
	"6": {"rhel-6-server-rpms", "rhel-6-server-extras-rpms"},
	"7": {"rhel-7-server-rpms", "rhel-7-server-extras-rpms"},
	"8": {"rhel-8-for-x86_64-baseos-rpms", "rhel-8-for-x86_64-appstream-rpms"},
	"9": {"rhel-9-for-x86_64-baseos-rpms", "rhel-9-for-x86_64-appstream-rpms"},
}

// redHatRelease accepts the releases with known content sets; the bucket is
// the same for all of them.
func redHatRelease(v string) (string, bool) {
	_, ok := defaultContentSets[major(v)]
	return bucket.NewRedHat("").Name(), ok
}

// redHatHit is the finding a vulnerability ID of one package is heading for.
type redHatHit struct {
	adv       types.Advisory
	vendorIDs []string
}

// matchRedHat reproduces Trivy's (v0.74) Red Hat detector: several
// advisories may name the same CVE (an RHSA whose fix was incomplete and a
// later one, or an unfixed entry next to an RHSA). Per CVE, the advisory with
// the highest fixed version decides (an unfixed entry ranks lowest), and the
// CVE is reported when that advisory is unfixed or not yet applied.
func (m *matcher) matchRedHat(p inventory.Package) ([]finding.Finding, error) {
	advs, err := m.redHat.RedHatAdvisories(p.Name, m.contentSets, nil)
	if errors.Is(err, ErrNoRedHatData) {
		return nil, ErrUnsupportedOS{OS: m.os, Err: err}
	}
	if err != nil {
		return nil, err
	}
	installed := rpmversion.NewVersion(p.FullVersion())
	hits := map[string]*redHatHit{}
	var order []string
	for _, adv := range advs {
		// trivy-db never writes these; a finding that says "not affected"
		// would help no one.
		if adv.Status == types.StatusNotAffected {
			continue
		}
		// noarch packages are affected whatever architectures the entry
		// lists, since OVAL names the arches of the binary builds.
		if len(adv.Arches) > 0 && p.Arch != "noarch" && !slices.Contains(adv.Arches, p.Arch) {
			continue
		}
		id := adv.VulnerabilityID
		h, seen := hits[id]
		if !seen {
			h = &redHatHit{adv: adv}
			hits[id] = h
			order = append(order, id)
		} else if rpmversion.NewVersion(h.adv.FixedVersion).LessThan(rpmversion.NewVersion(adv.FixedVersion)) {
			h.adv = adv
		}
		// Every RHSA not yet applied is worth naming in the remediation.
		if adv.FixedVersion != "" && installed.LessThan(rpmversion.NewVersion(adv.FixedVersion)) {
			h.vendorIDs = append(h.vendorIDs, adv.VendorIDs...)
		}
	}
	order = slices.DeleteFunc(order, func(id string) bool {
		a := hits[id].adv
		return a.FixedVersion != "" && !installed.LessThan(rpmversion.NewVersion(a.FixedVersion))
	})

	out := make([]finding.Finding, 0, len(order))
	for _, id := range order {
		h := hits[id]
		v, err := m.vulnerability(id)
		if err != nil {
			return nil, err
		}
		status, fixed := "fixed", ""
		if h.adv.FixedVersion != "" {
			// Trivy's rendering: "0:" epochs dropped, as rpm -q prints them.
			fixed = rpmversion.NewVersion(h.adv.FixedVersion).String()
		} else {
			status = "affected"
			if h.adv.Status != types.StatusUnknown {
				status = h.adv.Status.String()
			}
		}
		slices.Sort(h.vendorIDs)
		vendorIDs := slices.Compact(h.vendorIDs)
		sev, src := redHatSeverity(h.adv, v)
		f := newFinding(p, id, fixed, status, sev, src, v)
		if len(vendorIDs) > 0 {
			// finding.Finding has no field for vendor advisory IDs, so they
			// are given as their errata pages and in the remediation.
			var refs []string
			for _, vid := range vendorIDs {
				refs = append(refs, "https://access.redhat.com/errata/"+vid)
			}
			for _, r := range f.References {
				if !slices.Contains(refs, r) {
					refs = append(refs, r)
				}
			}
			f.References = refs
			if fixed != "" {
				f.Remediation = fmt.Sprintf("Upgrade %s to %s or later (%s).", p.Name, fixed, strings.Join(vendorIDs, ", "))
			}
		}
		out = append(out, f)
	}
	return out, nil
}

// redHatSeverity takes, like Trivy, the severity Red Hat gives the CVE in the
// advisory. Trivy leaves it UNKNOWN when the advisory has none; palisade
// falls back to Red Hat's overall rating of the CVE, then to the usual
// choice.
func redHatSeverity(adv types.Advisory, v *types.Vulnerability) (finding.Severity, string) {
	if adv.Severity != types.SeverityUnknown {
		return finding.Severity(adv.Severity), redHatSeveritySource
	}
	if s, ok := v.VendorSeverity[redHatSeveritySource]; ok {
		return finding.Severity(s), redHatSeveritySource
	}
	return severity(types.Advisory{}, v)
}
