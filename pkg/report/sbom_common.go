package report

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"

	"github.com/palisadesec/palisade/pkg/finding"
)

// Property names that carry what a purl cannot: where a package was found
// and which source package it was built from. pkg/sbom reads them back.
const (
	sbomPropEcosystem = "palisade:ecosystem"
	sbomPropPath      = "palisade:path"
	sbomPropLayer     = "palisade:layer"
	sbomPropSrcName   = "palisade:srcName"
	sbomPropKind      = "palisade:kind"
)

// sbomPackage is one distinct package of a report. The same package found by
// several results, or named only by a finding, is listed once.
type sbomPackage struct {
	pkg finding.Package
	// key identifies the package; ref is its bom-ref, unique in the BOM.
	key, ref string
	// results lists the indexes of the results that contain the package.
	results []int
}

type sbomOS struct {
	family, version, ref string
}

// sbomInventory is what both SBOM writers list: the distinct packages and
// operating systems of a report, in a fixed order.
type sbomInventory struct {
	packages []*sbomPackage
	byKey    map[string]*sbomPackage
	oses     []*sbomOS
	// osOf maps a result index to its operating system, if known.
	osOf map[int]*sbomOS
}

// sbomKey identifies a package by everything except the fix, which belongs
// to a finding, not to the installed package.
func sbomKey(p finding.Package) string {
	return strings.Join([]string{p.PURL, p.Ecosystem, p.Name, p.Version, p.SrcName, p.Path, p.Layer}, "\x00")
}

func sbomHash(parts ...string) string {
	h := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return hex.EncodeToString(h[:])
}

func newSBOMInventory(r *finding.Report) *sbomInventory {
	inv := &sbomInventory{byKey: map[string]*sbomPackage{}, osOf: map[int]*sbomOS{}}
	add := func(i int, p finding.Package) {
		if p.Name == "" {
			return
		}
		p.FixedVersion = ""
		k := sbomKey(p)
		sp := inv.byKey[k]
		if sp == nil {
			sp = &sbomPackage{pkg: p, key: k}
			inv.byKey[k] = sp
			inv.packages = append(inv.packages, sp)
		}
		if !slices.Contains(sp.results, i) {
			sp.results = append(sp.results, i)
		}
	}
	oses := map[string]*sbomOS{}
	for i, res := range r.Results {
		if res.OS != nil && res.OS.Family != "" {
			k := res.OS.Family + "\x00" + res.OS.Version
			o := oses[k]
			if o == nil {
				o = &sbomOS{family: res.OS.Family, version: res.OS.Version, ref: "palisade:os:" + res.OS.Family + ":" + res.OS.Version}
				oses[k] = o
				inv.oses = append(inv.oses, o)
			}
			inv.osOf[i] = o
		}
		for _, p := range res.Packages {
			add(i, p)
		}
		// A report made without the package list still names the
		// vulnerable packages; they belong in the BOM so that every
		// vulnerability has something to affect.
		for _, f := range res.Findings {
			if f.Type == finding.TypeVulnerability && f.Package != nil {
				add(i, *f.Package)
			}
		}
	}
	slices.SortFunc(inv.oses, func(a, b *sbomOS) int {
		return cmp.Or(cmp.Compare(a.family, b.family), cmp.Compare(a.version, b.version))
	})
	slices.SortFunc(inv.packages, func(a, b *sbomPackage) int {
		x, y := a.pkg, b.pkg
		return cmp.Or(cmp.Compare(x.Name, y.Name), cmp.Compare(x.Version, y.Version), cmp.Compare(x.Ecosystem, y.Ecosystem),
			cmp.Compare(x.Path, y.Path), cmp.Compare(x.Layer, y.Layer), cmp.Compare(x.PURL, y.PURL), cmp.Compare(x.SrcName, y.SrcName))
	})
	// The purl is the bom-ref consumers expect, but a purl does not hold the
	// path: the same npm package in two directories has one purl, and only
	// the first copy can use it.
	used := map[string]bool{}
	for _, sp := range inv.packages {
		if sp.pkg.PURL != "" && !used[sp.pkg.PURL] {
			sp.ref = sp.pkg.PURL
		} else {
			sp.ref = "palisade:pkg:" + sbomHash(sp.key)[:16]
		}
		used[sp.ref] = true
	}
	return inv
}

// lookup returns the listed package a finding refers to.
func (inv *sbomInventory) lookup(p finding.Package) *sbomPackage {
	p.FixedVersion = ""
	return inv.byKey[sbomKey(p)]
}

// sbomIsOS mirrors inventory.IsOS, which pkg/report may not import.
func sbomIsOS(eco string) bool {
	return eco == "deb" || eco == "apk" || eco == "rpm"
}

// sbomVulnGroup gathers the findings of one vulnerability ID over all results.
type sbomVulnGroup struct {
	id       string
	findings []finding.Finding
}

func sbomVulnGroups(r *finding.Report) []sbomVulnGroup {
	byID := map[string]*sbomVulnGroup{}
	var out []*sbomVulnGroup
	for _, res := range r.Results {
		for _, f := range res.Findings {
			if f.Type != finding.TypeVulnerability || f.ID == "" {
				continue
			}
			g := byID[f.ID]
			if g == nil {
				g = &sbomVulnGroup{id: f.ID}
				byID[f.ID] = g
				out = append(out, g)
			}
			g.findings = append(g.findings, f)
		}
	}
	slices.SortFunc(out, func(a, b *sbomVulnGroup) int { return cmp.Compare(a.id, b.id) })
	groups := make([]sbomVulnGroup, len(out))
	for i, g := range out {
		groups[i] = *g
	}
	return groups
}
