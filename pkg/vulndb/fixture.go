package vulndb

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	trivydb "github.com/aquasecurity/trivy-db/pkg/db"
	"github.com/aquasecurity/trivy-db/pkg/metadata"
	"github.com/aquasecurity/trivy-db/pkg/types"
	bolt "go.etcd.io/bbolt"
	"sigs.k8s.io/yaml"
)

// The fixture format, documented with an example in testdata/vulndb/README.md.
// Unknown keys are errors so typos do not silently drop data.
type fixture struct {
	// UpdatedAt and NextUpdate are a Go duration relative to now ("24h",
	// "-1h") or an RFC 3339 time. Defaults: now and now+24h.
	UpdatedAt  string `json:"updatedAt"`
	NextUpdate string `json:"nextUpdate"`
	// DataSources is keyed by bucket, e.g. "debian 12".
	DataSources     map[string]fixtureSource `json:"dataSources"`
	Vulnerabilities map[string]fixtureVuln   `json:"vulnerabilities"`
	Advisories      []fixtureAdvisory        `json:"advisories"`
	// Languages holds language advisories keyed by bucket, e.g.
	// "npm::GitHub Security Advisory npm"; see fixtureLangAdvisory.
	Languages map[string][]fixtureLangAdvisory `json:"languages"`
	// RedHat is trivy-db's Red Hat OVAL data, which is keyed by CPE rather
	// than by release bucket.
	RedHat *fixtureRedHat `json:"redhat"`
}

type fixtureSource struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	URL    string `json:"url"`
	BaseID string `json:"baseId"`
}

type fixtureVuln struct {
	Title            string                 `json:"title"`
	Description      string                 `json:"description"`
	Severity         string                 `json:"severity"`
	VendorSeverity   map[string]string      `json:"vendorSeverity"`
	CVSS             map[string]fixtureCVSS `json:"cvss"`
	CweIDs           []string               `json:"cweIds"`
	References       []string               `json:"references"`
	PublishedDate    *time.Time             `json:"publishedDate"`
	LastModifiedDate *time.Time             `json:"lastModifiedDate"`
}

type fixtureCVSS struct {
	V2Vector  string  `json:"v2Vector"`
	V2Score   float64 `json:"v2Score"`
	V3Vector  string  `json:"v3Vector"`
	V3Score   float64 `json:"v3Score"`
	V40Vector string  `json:"v40Vector"`
	V40Score  float64 `json:"v40Score"`
}

type fixtureAdvisory struct {
	Bucket             string   `json:"bucket"`
	Package            string   `json:"package"`
	ID                 string   `json:"id"`
	FixedVersion       string   `json:"fixedVersion"`
	AffectedVersion    string   `json:"affectedVersion"`
	Status             string   `json:"status"`
	Severity           string   `json:"severity"`
	VendorIDs          []string `json:"vendorIds"`
	Arches             []string `json:"arches"`
	VulnerableVersions []string `json:"vulnerableVersions"`
	PatchedVersions    []string `json:"patchedVersions"`
	UnaffectedVersions []string `json:"unaffectedVersions"`
}

type fixtureRedHat struct {
	// CPEs are referred to by their index in this list.
	CPEs         []string                `json:"cpes"`
	Repositories map[string][]int        `json:"repositories"`
	NVRs         map[string][]int        `json:"nvrs"`
	Advisories   []fixtureRedHatAdvisory `json:"advisories"`
}

type fixtureRedHatAdvisory struct {
	Package string               `json:"package"`
	ID      string               `json:"id"`
	Entries []fixtureRedHatEntry `json:"entries"`
}

type fixtureRedHatEntry struct {
	FixedVersion string             `json:"fixedVersion"`
	CPEs         []int              `json:"cpes"`
	Arches       []string           `json:"arches"`
	Status       string             `json:"status"`
	CVEs         []fixtureRedHatCVE `json:"cves"`
}

type fixtureRedHatCVE struct {
	ID       string `json:"id"`
	Severity string `json:"severity"`
}

// Buckets trivy-db's build uses as scratch space and deletes before
// publishing; the fixture does the same so it looks like a downloaded DB.
var scratchBuckets = []string{"advisory-detail", "vulnerability-id", "vulnerability-detail"}

// BuildFixture writes a trivy-db database (trivy.db and metadata.json) into
// dir from the YAML document src, replacing any database there. It stores
// everything through trivy-db's own writers, so the result reads exactly like
// a downloaded database. now anchors relative times and becomes UpdatedAt by
// default; DownloadedAt stays zero, as in a published artifact. The format is
// described in testdata/vulndb/README.md.
func BuildFixture(dir string, src []byte, now time.Time) error {
	var f fixture
	if err := yaml.UnmarshalStrict(src, &f); err != nil {
		return fmt.Errorf("parsing fixture: %w", err)
	}
	meta := metadata.Metadata{Version: trivydb.SchemaVersion}
	var err error
	if meta.UpdatedAt, err = when(f.UpdatedAt, now, now); err != nil {
		return fmt.Errorf("fixture updatedAt: %w", err)
	}
	if meta.NextUpdate, err = when(f.NextUpdate, now, now.Add(24*time.Hour)); err != nil {
		return fmt.Errorf("fixture nextUpdate: %w", err)
	}
	vulns, err := f.vulnerabilities()
	if err != nil {
		return err
	}
	advs, err := f.advisories()
	if err != nil {
		return err
	}
	langAdvs, err := f.langAdvisories()
	if err != nil {
		return err
	}
	advs = append(advs, langAdvs...)
	rh, err := f.redHat()
	if err != nil {
		return err
	}

	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("building fixture: %w", err)
	}
	// Built aside and renamed in, so a failure never leaves half a database.
	tmp, err := os.CreateTemp(dir, ".trivy.db.build-*")
	if err != nil {
		return fmt.Errorf("building fixture: %w", err)
	}
	tmpName := tmp.Name()
	tmp.Close()
	defer os.Remove(tmpName)
	if err := writeFixture(tmpName, f.DataSources, vulns, advs, rh); err != nil {
		return fmt.Errorf("building fixture: %w", err)
	}
	if err := os.Rename(tmpName, filepath.Join(dir, DBFile)); err != nil {
		return fmt.Errorf("building fixture: %w", err)
	}
	if err := metadata.NewClient(dir).Update(meta); err != nil {
		return fmt.Errorf("building fixture: %w", err)
	}
	return nil
}

// writeFixture uses its own bbolt handle with trivy-db's transaction-level
// writers rather than db.Init, whose package-level handle may be serving an
// open DB in this process.
func writeFixture(path string, sources map[string]fixtureSource, vulns map[string]types.Vulnerability, advs []fixtureAdv, rh redHatData) error {
	bdb, err := bolt.Open(path, 0o644, &bolt.Options{Timeout: defaultOpenTimeout})
	if err != nil {
		return err
	}
	dbc := trivydb.Config{}
	err = bdb.Update(func(tx *bolt.Tx) error {
		for _, bkt := range slices.Sorted(maps.Keys(sources)) {
			s := sources[bkt]
			ds := types.DataSource{ID: types.SourceID(s.ID), Name: s.Name, URL: s.URL, BaseID: types.SourceID(s.BaseID)}
			if err := dbc.PutDataSource(tx, bkt, ds); err != nil {
				return err
			}
		}
		ids := map[string]bool{}
		for _, id := range slices.Sorted(maps.Keys(vulns)) {
			if err := dbc.PutVulnerability(tx, id, vulns[id]); err != nil {
				return err
			}
			ids[id] = true
		}
		// Advisories go through advisory-detail and SaveAdvisoryDetails as in
		// trivy-db's build, which fixes how they are nested and encoded.
		for _, a := range advs {
			if err := dbc.PutAdvisoryDetail(tx, a.id, a.pkg, []string{a.bucket}, &a.adv); err != nil {
				return err
			}
			ids[a.id] = true
		}
		// As trivy-db's redhat-oval source writes them.
		for _, repo := range slices.Sorted(maps.Keys(rh.repositories)) {
			if err := dbc.PutRedHatRepositories(tx, repo, rh.repositories[repo]); err != nil {
				return err
			}
		}
		for _, nvr := range slices.Sorted(maps.Keys(rh.nvrs)) {
			if err := dbc.PutRedHatNVRs(tx, nvr, rh.nvrs[nvr]); err != nil {
				return err
			}
		}
		for _, a := range rh.advisories {
			if err := dbc.PutAdvisoryDetail(tx, a.id, a.pkg, []string{redHatBucket}, a.adv); err != nil {
				return err
			}
			ids[a.id] = true
		}
		for i, cpe := range rh.cpes {
			if err := dbc.PutRedHatCPEs(tx, i, cpe); err != nil {
				return err
			}
		}
		for _, id := range slices.Sorted(maps.Keys(ids)) {
			if err := dbc.SaveAdvisoryDetails(tx, id); err != nil {
				return err
			}
		}
		// The vulnerability bucket must exist even in an empty fixture: Open
		// takes its absence as a sign of a foreign file.
		if _, err := tx.CreateBucketIfNotExists([]byte(vulnerabilityBucket)); err != nil {
			return err
		}
		for _, b := range scratchBuckets {
			if err := tx.DeleteBucket([]byte(b)); err != nil && !errors.Is(err, bolt.ErrBucketNotFound) {
				return err
			}
		}
		return nil
	})
	return errors.Join(err, bdb.Close())
}

// when parses a fixture time: empty is def, a duration is relative to now.
func when(s string, now, def time.Time) (time.Time, error) {
	if s == "" {
		return def.UTC(), nil
	}
	if d, err := time.ParseDuration(s); err == nil {
		return now.Add(d).UTC(), nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is neither a duration nor an RFC 3339 time", s)
	}
	return t.UTC(), nil
}

func severity(s string) (types.Severity, error) {
	if s == "" {
		return types.SeverityUnknown, nil
	}
	return types.NewSeverity(strings.ToUpper(s))
}

func (f fixture) vulnerabilities() (map[string]types.Vulnerability, error) {
	out := make(map[string]types.Vulnerability, len(f.Vulnerabilities))
	for id, fv := range f.Vulnerabilities {
		v := types.Vulnerability{
			Title:            fv.Title,
			Description:      fv.Description,
			CweIDs:           fv.CweIDs,
			References:       fv.References,
			PublishedDate:    fv.PublishedDate,
			LastModifiedDate: fv.LastModifiedDate,
		}
		if fv.Severity != "" {
			s, err := severity(fv.Severity)
			if err != nil {
				return nil, fmt.Errorf("fixture vulnerability %s: %w", id, err)
			}
			v.Severity = s.String()
		}
		for src, name := range fv.VendorSeverity {
			s, err := severity(name)
			if err != nil {
				return nil, fmt.Errorf("fixture vulnerability %s vendorSeverity %s: %w", id, src, err)
			}
			if v.VendorSeverity == nil {
				v.VendorSeverity = types.VendorSeverity{}
			}
			v.VendorSeverity[types.SourceID(src)] = s
		}
		for src, c := range fv.CVSS {
			if v.CVSS == nil {
				v.CVSS = types.VendorCVSS{}
			}
			v.CVSS[types.SourceID(src)] = types.CVSS{
				V2Vector: c.V2Vector, V2Score: c.V2Score,
				V3Vector: c.V3Vector, V3Score: c.V3Score,
				V40Vector: c.V40Vector, V40Score: c.V40Score,
			}
		}
		out[id] = v
	}
	return out, nil
}

type fixtureAdv struct {
	bucket, pkg, id string
	adv             types.Advisory
}

func (f fixture) advisories() ([]fixtureAdv, error) {
	seen := map[[3]string]bool{}
	out := make([]fixtureAdv, 0, len(f.Advisories))
	for i, fa := range f.Advisories {
		where := fmt.Sprintf("fixture advisory %d (%s %s %s)", i, fa.Bucket, fa.Package, fa.ID)
		if fa.Bucket == "" || fa.Package == "" || fa.ID == "" {
			return nil, fmt.Errorf("%s: bucket, package and id are required", where)
		}
		if fa.Bucket == redHatBucket {
			// Its advisories have another layout, which the redhat section writes.
			return nil, fmt.Errorf("%s: Red Hat advisories go in the redhat section", where)
		}
		key := [3]string{fa.Bucket, fa.Package, fa.ID}
		if seen[key] {
			return nil, fmt.Errorf("%s: duplicate", where)
		}
		seen[key] = true
		sev, err := severity(fa.Severity)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", where, err)
		}
		status := types.StatusUnknown
		if fa.Status != "" {
			if !slices.Contains(types.Statuses, fa.Status) {
				return nil, fmt.Errorf("%s: unknown status %q (want one of %s)",
					where, fa.Status, strings.Join(types.Statuses, ", "))
			}
			status = types.NewStatus(fa.Status)
		}
		out = append(out, fixtureAdv{bucket: fa.Bucket, pkg: fa.Package, id: fa.ID, adv: types.Advisory{
			VendorIDs:          fa.VendorIDs,
			Arches:             fa.Arches,
			Status:             status,
			Severity:           sev,
			FixedVersion:       fa.FixedVersion,
			AffectedVersion:    fa.AffectedVersion,
			VulnerableVersions: fa.VulnerableVersions,
			PatchedVersions:    fa.PatchedVersions,
			UnaffectedVersions: fa.UnaffectedVersions,
		}})
	}
	slices.SortStableFunc(out, func(a, b fixtureAdv) int {
		return cmp.Or(strings.Compare(a.bucket, b.bucket), strings.Compare(a.pkg, b.pkg), strings.Compare(a.id, b.id))
	})
	return out, nil
}

type redHatData struct {
	cpes         []string
	repositories map[string][]int
	nvrs         map[string][]int
	advisories   []redHatAdv
}

type redHatAdv struct {
	pkg, id string
	adv     redHatAdvisory
}

func (f fixture) redHat() (redHatData, error) {
	if f.RedHat == nil {
		return redHatData{}, nil
	}
	r := f.RedHat
	seenCPE := map[string]bool{}
	for i, c := range r.CPEs {
		if c == "" || seenCPE[c] {
			return redHatData{}, fmt.Errorf("fixture redhat cpe %d (%q): empty or duplicate", i, c)
		}
		seenCPE[c] = true
	}
	// indices validates a CPE index list and sorts a copy, as trivy-db
	// stores them.
	indices := func(where string, idx []int) ([]int, error) {
		if len(idx) == 0 {
			return nil, fmt.Errorf("%s: no CPE indices", where)
		}
		for _, i := range idx {
			if i < 0 || i >= len(r.CPEs) {
				return nil, fmt.Errorf("%s: CPE index %d out of range (%d CPEs)", where, i, len(r.CPEs))
			}
		}
		return slices.Compact(slices.Sorted(slices.Values(idx))), nil
	}
	out := redHatData{cpes: r.CPEs, repositories: map[string][]int{}, nvrs: map[string][]int{}}
	for repo, idx := range r.Repositories {
		var err error
		if out.repositories[repo], err = indices("fixture redhat repository "+repo, idx); err != nil {
			return redHatData{}, err
		}
	}
	for nvr, idx := range r.NVRs {
		var err error
		if out.nvrs[nvr], err = indices("fixture redhat nvr "+nvr, idx); err != nil {
			return redHatData{}, err
		}
	}
	seen := map[[2]string]bool{}
	for i, fa := range r.Advisories {
		where := fmt.Sprintf("fixture redhat advisory %d (%s %s)", i, fa.Package, fa.ID)
		if fa.Package == "" || fa.ID == "" || len(fa.Entries) == 0 {
			return redHatData{}, fmt.Errorf("%s: package, id and entries are required", where)
		}
		key := [2]string{fa.Package, fa.ID}
		if seen[key] {
			return redHatData{}, fmt.Errorf("%s: duplicate", where)
		}
		seen[key] = true
		byCVE := strings.HasPrefix(fa.ID, "CVE-")
		adv := redHatAdvisory{}
		for j, fe := range fa.Entries {
			where := fmt.Sprintf("%s entry %d", where, j)
			e := redHatEntry{FixedVersion: fe.FixedVersion, Arches: fe.Arches}
			var err error
			if e.Affected, err = indices(where, fe.CPEs); err != nil {
				return redHatData{}, err
			}
			if fe.Status != "" {
				if !slices.Contains(types.Statuses, fe.Status) {
					return redHatData{}, fmt.Errorf("%s: unknown status %q (want one of %s)",
						where, fe.Status, strings.Join(types.Statuses, ", "))
				}
				e.Status = int(types.NewStatus(fe.Status))
			}
			if len(fe.CVEs) == 0 {
				return redHatData{}, fmt.Errorf("%s: no cves", where)
			}
			for _, fc := range fe.CVEs {
				// Entries keyed by CVE ID name no CVE of their own in
				// trivy-db; entries keyed by RHSA ID must.
				switch {
				case byCVE && fc.ID != "" && fc.ID != fa.ID:
					return redHatData{}, fmt.Errorf("%s: cve %s differs from the advisory's ID", where, fc.ID)
				case !byCVE && fc.ID == "":
					return redHatData{}, fmt.Errorf("%s: cve id is required under an advisory ID", where)
				}
				sev, err := severity(fc.Severity)
				if err != nil {
					return redHatData{}, fmt.Errorf("%s: %w", where, err)
				}
				c := redHatCVE{Severity: sev}
				if !byCVE {
					c.ID = fc.ID
				}
				e.Cves = append(e.Cves, c)
			}
			adv.Entries = append(adv.Entries, e)
		}
		out.advisories = append(out.advisories, redHatAdv{pkg: fa.Package, id: fa.ID, adv: adv})
	}
	return out, nil
}
