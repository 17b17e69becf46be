package scan

import (
	"errors"

	"github.com/palisadesec/palisade/pkg/analyzer/purl"
	"github.com/palisadesec/palisade/pkg/finding"
	"github.com/palisadesec/palisade/pkg/inventory"
	"github.com/palisadesec/palisade/pkg/vuln"
)

// Inventory matches an inventory that was not read from files by palisade
// itself (an SBOM) and returns its result. Packages without a purl get one.
func Inventory(db vuln.DB, target string, kind finding.Kind, inv inventory.Inventory, listPkgs bool) (finding.Result, error) {
	res := finding.Result{Target: target, Kind: kind, Findings: []finding.Finding{}}
	if inv.OS != nil {
		res.OS = &finding.OS{Family: inv.OS.Family, Version: inv.OS.Version}
	}
	for i := range inv.Packages {
		if inv.Packages[i].PURL == "" {
			inv.Packages[i].PURL = purl.For(inv.OS, inv.Packages[i])
		}
	}
	if listPkgs {
		res.Packages = packagesOf(inv)
	}
	if err := matchInto(db, inv, &res); err != nil {
		return res, err
	}
	res.Sort()
	return res, nil
}

// matchInto appends the vulnerabilities of inv to res. What cannot be
// matched (an unsupported OS, a DB without language data) becomes a result
// error while everything else is still reported.
func matchInto(db vuln.DB, inv inventory.Inventory, res *finding.Result) error {
	if db == nil {
		return nil
	}
	fs, err := vuln.Match(db, inv)
	var unsupported vuln.ErrUnsupportedOS
	switch {
	case err == nil:
	case errors.As(err, &unsupported) || errors.Is(err, vuln.ErrNoLangData):
		res.Errors = append(res.Errors, err.Error())
	default:
		return err
	}
	res.Findings = append(res.Findings, fs...)
	return nil
}
