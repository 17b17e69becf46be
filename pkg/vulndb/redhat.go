package vulndb

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	trivydb "github.com/aquasecurity/trivy-db/pkg/db"
	"github.com/aquasecurity/trivy-db/pkg/types"
)

// redHatBucket holds trivy-db's Red Hat OVAL advisories: unlike other
// distributions they are not split per release but tagged with the CPEs of
// the products they apply to.
const redHatBucket = "Red Hat"

// ErrNoRedHatData is wrapped by DB.RedHatAdvisories when none of the content
// sets or NVRs it was given maps to a Red Hat CPE, which is how a database
// without Red Hat data, or without data for that release, looks.
var ErrNoRedHatData = errors.New("no Red Hat CPE mapping in the vulnerability database")

// redHatAdvisory and its parts mirror the JSON that trivy-db's redhat-oval
// source stores (redhatoval.Advisory). That package is not imported: it
// pulls trivy-db's build-time dependencies (progress bars, YAML overrides)
// into the binary for the sake of one lookup.
type redHatAdvisory struct {
	Entries []redHatEntry `json:",omitempty"`
}

type redHatEntry struct {
	FixedVersion string `json:",omitempty"`
	Cves         []redHatCVE
	Arches       []string `json:",omitempty"`
	// Status is a types.Status stored as its integer; trivy-db stores none
	// for fixed entries.
	Status int `json:",omitempty"`
	// Affected indexes the CPE list; trivy-db stores indices, not CPE
	// names, to keep the database small.
	Affected []int `json:",omitempty"`
}

type redHatCVE struct {
	// ID is empty in entries keyed by CVE ID, where the key says it.
	ID       string         `json:",omitempty"`
	Severity types.Severity `json:",omitempty"`
}

// RedHatAdvisories returns the Red Hat advisories for the binary package
// pkgName that apply to a product (CPE) of one of contentSets (repositories
// such as "rhel-9-for-x86_64-baseos-rpms") or nvrs (image builds such as
// "ubi9-container-9.3-1552-x86_64"), as trivy-db's redhat-oval Get does: one
// advisory per matching entry and CVE, with the RHSA ID, when the entry is
// keyed by one, as the only vendor ID. They are sorted by vulnerability ID.
// When no content set or NVR maps to a CPE the error wraps ErrNoRedHatData.
func (d *DB) RedHatAdvisories(pkgName string, contentSets, nvrs []string) ([]types.Advisory, error) {
	var advs []types.Advisory
	err := d.read(func() error {
		var err error
		advs, err = redHatAdvisories(pkgName, contentSets, nvrs)
		return err
	})
	switch {
	case errors.Is(err, ErrNoRedHatData):
		// About the release, not the package: callers report it once.
		return nil, err
	case err != nil:
		return nil, fmt.Errorf("reading Red Hat advisories for %s: %w", pkgName, err)
	}
	return advs, nil
}

func redHatAdvisories(pkgName string, contentSets, nvrs []string) ([]types.Advisory, error) {
	dbc := trivydb.Config{}
	var cpes []int
	for _, cs := range contentSets {
		idx, err := dbc.RedHatRepoToCPEs(cs)
		if err != nil {
			return nil, fmt.Errorf("content set %s: %w", cs, err)
		}
		cpes = append(cpes, idx...)
	}
	for _, nvr := range nvrs {
		idx, err := dbc.RedHatNVRToCPEs(nvr)
		if err != nil {
			return nil, fmt.Errorf("NVR %s: %w", nvr, err)
		}
		cpes = append(cpes, idx...)
	}
	if len(cpes) == 0 {
		return nil, fmt.Errorf("%w for %s", ErrNoRedHatData, strings.Join(slices.Concat(contentSets, nvrs), ", "))
	}

	raw, err := dbc.ForEachAdvisory([]string{redHatBucket}, pkgName)
	if err != nil {
		return nil, err
	}
	var out []types.Advisory
	// Sorted keys and a stable sort keep the order reproducible, since the
	// matcher keeps the first of equally ranked advisories.
	for _, key := range slices.Sorted(maps.Keys(raw)) {
		var adv redHatAdvisory
		if err := json.Unmarshal(raw[key].Content, &adv); err != nil {
			return nil, fmt.Errorf("advisory %s: %w", key, err)
		}
		var src *types.DataSource
		if s := raw[key].Source; s != (types.DataSource{}) {
			src = &s
		}
		for _, e := range adv.Entries {
			if !intersects(cpes, e.Affected) {
				continue
			}
			for _, c := range e.Cves {
				a := types.Advisory{
					VulnerabilityID: key,
					Severity:        c.Severity,
					FixedVersion:    e.FixedVersion,
					Arches:          e.Arches,
					Status:          types.Status(e.Status),
					DataSource:      src,
				}
				if !strings.HasPrefix(key, "CVE-") {
					a.VulnerabilityID, a.VendorIDs = c.ID, []string{key}
				}
				if a.VulnerabilityID == "" {
					continue
				}
				out = append(out, a)
			}
		}
	}
	slices.SortStableFunc(out, func(a, b types.Advisory) int {
		return cmp.Compare(a.VulnerabilityID, b.VulnerabilityID)
	})
	return out, nil
}

func intersects(a, b []int) bool {
	for _, x := range b {
		if slices.Contains(a, x) {
			return true
		}
	}
	return false
}
