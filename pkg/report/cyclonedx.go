package report

import (
	"bytes"
	"cmp"
	"crypto/sha1"
	"fmt"
	"io"
	"maps"
	"net/url"
	"slices"
	"strings"
	"time"

	cdx "github.com/CycloneDX/cyclonedx-go"

	"github.com/palisadesec/palisade/pkg/finding"
)

// cyclonedxWriter renders the report as one CycloneDX 1.6 JSON BOM: the
// packages of every result as components and the vulnerability findings in
// the vulnerabilities section, so that one file carries both what an
// artefact contains and what is known to be wrong with it.
type cyclonedxWriter struct{}

func newCycloneDX() Writer { return cyclonedxWriter{} }

func (cyclonedxWriter) Write(w io.Writer, r *finding.Report) error {
	if r == nil {
		return errNilReport
	}
	bom := cdxBOM(r)
	// A random serial number would make every run differ; one derived from
	// the rest of the BOM keeps the output reproducible and still tells
	// different BOMs apart.
	var buf bytes.Buffer
	if err := cdxEncode(&buf, bom); err != nil {
		return err
	}
	bom.SerialNumber = "urn:uuid:" + cdxSerial(sbomHash(buf.String()))
	return cdxEncode(w, bom)
}

func cdxEncode(w io.Writer, bom *cdx.BOM) error {
	enc := cdx.NewBOMEncoder(w, cdx.BOMFileFormatJSON)
	enc.SetPretty(true).SetEscapeHTML(false)
	if err := enc.EncodeVersion(bom, cdx.SpecVersion1_6); err != nil {
		return fmt.Errorf("writing CycloneDX report: %w", err)
	}
	return nil
}

func cdxBOM(r *finding.Report) *cdx.BOM {
	inv := newSBOMInventory(r)
	bom := cdx.NewBOM()
	bom.Metadata = cdxMetadata(r)

	var comps []cdx.Component
	for _, o := range inv.oses {
		comps = append(comps, cdx.Component{BOMRef: o.ref, Type: cdx.ComponentTypeOS, Name: o.family, Version: o.version})
	}
	for _, sp := range inv.packages {
		comps = append(comps, cdxComponent(sp))
	}
	if len(comps) > 0 {
		bom.Components = &comps
	}
	if deps := cdxDependencies(inv, bom.Metadata.Component); len(deps) > 0 {
		bom.Dependencies = &deps
	}
	if vulns := cdxVulnerabilities(r, inv); len(vulns) > 0 {
		bom.Vulnerabilities = &vulns
	}
	return bom
}

func cdxMetadata(r *finding.Report) *cdx.Metadata {
	name := cmp.Or(r.Tool.Name, "palisade")
	md := &cdx.Metadata{
		Tools: &cdx.ToolsChoice{Components: &[]cdx.Component{{
			Type: cdx.ComponentTypeApplication, Name: name, Version: r.Tool.Version,
		}}},
	}
	if !r.CreatedAt.IsZero() {
		md.Timestamp = r.CreatedAt.UTC().Format(time.RFC3339)
	}
	if len(r.Results) == 1 {
		res := r.Results[0]
		typ := cdx.ComponentTypeApplication
		if res.Kind == finding.KindImage {
			typ = cdx.ComponentTypeContainer
		}
		md.Component = &cdx.Component{
			BOMRef: "palisade:target", Type: typ, Name: res.Target,
			Properties: &[]cdx.Property{{Name: sbomPropKind, Value: string(res.Kind)}},
		}
	}
	return md
}

func cdxComponent(sp *sbomPackage) cdx.Component {
	p := sp.pkg
	c := cdx.Component{BOMRef: sp.ref, Type: cdx.ComponentTypeLibrary, Name: p.Name, Version: p.Version, PackageURL: p.PURL}
	var props []cdx.Property
	for _, kv := range [][2]string{
		{sbomPropEcosystem, p.Ecosystem}, {sbomPropLayer, p.Layer}, {sbomPropPath, p.Path}, {sbomPropSrcName, p.SrcName},
	} {
		if kv[1] != "" {
			props = append(props, cdx.Property{Name: kv[0], Value: kv[1]})
		}
	}
	if len(props) > 0 {
		c.Properties = &props
	}
	return c
}

// cdxDependencies links the single scanned target to what it contains: OS
// packages through the operating system, the others directly. With several
// targets there is no one root to hang them from, so none are written.
func cdxDependencies(inv *sbomInventory, root *cdx.Component) []cdx.Dependency {
	if root == nil {
		return nil
	}
	osc := inv.osOf[0]
	var top, osPkgs []string
	if osc != nil {
		top = append(top, osc.ref)
	}
	for _, sp := range inv.packages {
		if osc != nil && sbomIsOS(sp.pkg.Ecosystem) {
			osPkgs = append(osPkgs, sp.ref)
		} else {
			top = append(top, sp.ref)
		}
	}
	var deps []cdx.Dependency
	if len(top) > 0 {
		slices.Sort(top)
		deps = append(deps, cdx.Dependency{Ref: root.BOMRef, Dependencies: &top})
	}
	if len(osPkgs) > 0 {
		slices.Sort(osPkgs)
		deps = append(deps, cdx.Dependency{Ref: osc.ref, Dependencies: &osPkgs})
	}
	return deps
}

func cdxVulnerabilities(r *finding.Report, inv *sbomInventory) []cdx.Vulnerability {
	var out []cdx.Vulnerability
	for _, g := range sbomVulnGroups(r) {
		v := cdx.Vulnerability{ID: g.id, Source: cdxVulnSource(g.id)}
		ratings := map[string]cdx.VulnerabilityRating{}
		addRating := func(rt cdx.VulnerabilityRating) {
			key := fmt.Sprintf("%s|%s|%s|%s|%v", cdxSourceName(rt.Source), rt.Method, rt.Severity, rt.Vector, cdxScore(rt))
			ratings[key] = rt
		}
		affects := map[string]cdx.Affects{}
		fixes := map[[2]string]bool{}
		refs := map[string]bool{}
		var published time.Time
		var desc, title string
		for _, f := range g.findings {
			rt := cdx.VulnerabilityRating{Severity: cdx.Severity(strings.ToLower(f.Severity.String())), Method: cdx.ScoringMethodOther}
			if f.SeveritySource != "" {
				rt.Source = &cdx.Source{Name: f.SeveritySource}
			}
			addRating(rt)
			for src, c := range f.CVSS {
				for _, rt := range cdxCVSSRatings(src, c) {
					addRating(rt)
				}
			}
			desc, title = cmp.Or(desc, f.Description), cmp.Or(title, f.Title)
			if f.PublishedDate != nil && (published.IsZero() || f.PublishedDate.Before(published)) {
				published = *f.PublishedDate
			}
			for _, ref := range f.References {
				if cdxIsURL(ref) {
					refs[ref] = true
				}
			}
			if f.Package == nil {
				continue
			}
			if f.Package.FixedVersion != "" {
				fixes[[2]string{f.Package.Name, f.Package.FixedVersion}] = true
			}
			if sp := inv.lookup(*f.Package); sp != nil {
				a := cdx.Affects{Ref: sp.ref}
				if sp.pkg.Version != "" {
					a.Range = &[]cdx.AffectedVersions{{Version: sp.pkg.Version, Status: cdx.VulnerabilityStatusAffected}}
				}
				affects[sp.ref] = a
			}
		}
		// CycloneDX has no title; it is the best description there is
		// when the database has none.
		v.Description = cmp.Or(desc, title)
		v.Ratings = sbomSortedValues(ratings, cdxCompareRatings)
		v.Affects = sbomSortedValues(affects, func(a, b cdx.Affects) int { return cmp.Compare(a.Ref, b.Ref) })
		v.Recommendation = cdxRecommendation(fixes)
		if !published.IsZero() {
			v.Published = published.UTC().Format(time.RFC3339)
		}
		if len(refs) > 0 {
			var adv []cdx.Advisory
			for _, u := range slices.Sorted(maps.Keys(refs)) {
				adv = append(adv, cdx.Advisory{URL: u})
			}
			v.Advisories = &adv
		}
		out = append(out, v)
	}
	return out
}

func cdxCVSSRatings(src string, c finding.CVSS) []cdx.VulnerabilityRating {
	var out []cdx.VulnerabilityRating
	if c.V3Vector != "" || c.V3Score > 0 {
		rt := cdx.VulnerabilityRating{Source: &cdx.Source{Name: src}, Vector: c.V3Vector, Method: cdx.ScoringMethodCVSSv3}
		if strings.HasPrefix(c.V3Vector, "CVSS:3.1/") {
			rt.Method = cdx.ScoringMethodCVSSv31
		}
		if c.V3Score > 0 {
			s := c.V3Score
			rt.Score = &s
			rt.Severity = cdxCVSS3Severity(s)
		}
		out = append(out, rt)
	}
	if c.V2Vector != "" || c.V2Score > 0 {
		rt := cdx.VulnerabilityRating{Source: &cdx.Source{Name: src}, Vector: c.V2Vector, Method: cdx.ScoringMethodCVSSv2}
		if c.V2Score > 0 {
			s := c.V2Score
			rt.Score = &s
			rt.Severity = cdxCVSS2Severity(s)
		}
		out = append(out, rt)
	}
	return out
}

// The qualitative ratings of CVSS v3.x (specification section 5) and v2
// (NVD's mapping; v2 itself defines none).
func cdxCVSS3Severity(s float64) cdx.Severity {
	switch {
	case s >= 9:
		return cdx.SeverityCritical
	case s >= 7:
		return cdx.SeverityHigh
	case s >= 4:
		return cdx.SeverityMedium
	case s > 0:
		return cdx.SeverityLow
	}
	return cdx.SeverityNone
}

func cdxCVSS2Severity(s float64) cdx.Severity {
	switch {
	case s >= 7:
		return cdx.SeverityHigh
	case s >= 4:
		return cdx.SeverityMedium
	}
	return cdx.SeverityLow
}

// cdxCompareRatings puts the severity ratings palisade decided on (method
// "other") before the CVSS scores they were derived from.
func cdxCompareRatings(a, b cdx.VulnerabilityRating) int {
	rank := func(r cdx.VulnerabilityRating) int {
		if r.Method == cdx.ScoringMethodOther {
			return 0
		}
		return 1
	}
	return cmp.Or(cmp.Compare(rank(a), rank(b)), cmp.Compare(a.Method, b.Method), cmp.Compare(cdxSourceName(a.Source), cdxSourceName(b.Source)),
		cmp.Compare(a.Severity, b.Severity), cmp.Compare(a.Vector, b.Vector), cmp.Compare(cdxScore(a), cdxScore(b)))
}

func cdxSourceName(s *cdx.Source) string {
	if s == nil {
		return ""
	}
	return s.Name
}

// cdxScore is -1 for a rating without a score, below every real score.
func cdxScore(r cdx.VulnerabilityRating) float64 {
	if r.Score == nil {
		return -1
	}
	return *r.Score
}

func cdxRecommendation(fixes map[[2]string]bool) string {
	if len(fixes) == 0 {
		return ""
	}
	keys := slices.SortedFunc(maps.Keys(fixes), func(a, b [2]string) int {
		return cmp.Or(cmp.Compare(a[0], b[0]), cmp.Compare(a[1], b[1]))
	})
	same := true
	for _, k := range keys {
		same = same && k[1] == keys[0][1]
	}
	if same {
		return "Upgrade to " + keys[0][1]
	}
	parts := make([]string, len(keys))
	for i, k := range keys {
		verb := "upgrade"
		if i == 0 {
			verb = "Upgrade"
		}
		parts[i] = verb + " " + k[0] + " to " + k[1]
	}
	return strings.Join(parts, "; ")
}

// cdxVulnSource names the database that assigned an ID, for the ID
// schemes whose owner is certain from the prefix.
func cdxVulnSource(id string) *cdx.Source {
	switch {
	case strings.HasPrefix(id, "CVE-"):
		return &cdx.Source{Name: "NVD", URL: "https://nvd.nist.gov/vuln/detail/" + id}
	case strings.HasPrefix(id, "GHSA-"):
		return &cdx.Source{Name: "GitHub Advisory Database", URL: "https://github.com/advisories/" + id}
	}
	return nil
}

// cdxIsURL keeps references that the schema's iri-reference format and
// consumers both accept; vulnerability databases also hold bare text.
func cdxIsURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && !strings.ContainsAny(s, " \t\r\n")
}

// cdxSerial derives an RFC 4122 name-based UUID (version 5, URL namespace)
// from name.
func cdxSerial(name string) string {
	ns := [16]byte{0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8}
	h := sha1.New()
	h.Write(ns[:])
	h.Write([]byte("https://palisade.dev/report/" + name))
	var u [16]byte
	copy(u[:], h.Sum(nil))
	u[6] = u[6]&0x0f | 0x50
	u[8] = u[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16])
}

// sbomSortedValues returns nil for an empty map, so that the field is
// omitted.
func sbomSortedValues[K comparable, V any](m map[K]V, compare func(a, b V) int) *[]V {
	if len(m) == 0 {
		return nil
	}
	out := slices.SortedFunc(maps.Values(m), compare)
	return &out
}
