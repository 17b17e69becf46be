package vuln_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/aquasecurity/trivy-db/pkg/types"

	"github.com/palisadesec/palisade/pkg/finding"
	"github.com/palisadesec/palisade/pkg/inventory"
	"github.com/palisadesec/palisade/pkg/vuln"
)

func langPkg(eco, name, version string) inventory.Package {
	return inventory.Package{Name: name, Version: version, Ecosystem: eco, Path: "app/" + eco + ".lock"}
}

// TestMatchLangPairs pins, per ecosystem, the (package, vulnerability)
// pairs Trivy v0.74 reports for packages of the fixture's advisories, one
// package per case so that each range edge stands on its own.
func TestMatchLangPairs(t *testing.T) {
	db := fixtureDB(t)
	type tc struct {
		name, version string
		want          []string // vulnerability IDs
	}
	ecosystems := []struct {
		eco   string
		cases []tc
	}{
		{inventory.EcosystemNpm, []tc{
			{"lodash", "4.17.20", []string{"CVE-2021-23337"}},
			{"lodash", "4.17.15", []string{"CVE-2020-8203", "CVE-2021-23337"}},
			// Exactly at the patched version.
			{"lodash", "4.17.21", nil},
			{"lodash", "4.17.19", []string{"CVE-2021-23337"}},
			// Below the introduced version of CVE-2020-8203.
			{"lodash", "3.6.0", []string{"CVE-2021-23337"}},
			// A pre-release of the fix is older than the fix.
			{"lodash", "4.17.21-beta.1", []string{"CVE-2021-23337"}},
			// Several vulnerable branches, joined with "||".
			{"minimist", "0.2.1", []string{"CVE-2021-44906"}},
			{"minimist", "0.2.4", nil},
			{"minimist", "1.2.2", []string{"CVE-2020-7598", "CVE-2021-44906"}},
			{"minimist", "1.2.5", []string{"CVE-2021-44906"}},
			{"minimist", "1.2.6", nil},
			// The Node.js working group's "||" ranges, patched side too.
			{"qs", "6.2.2", []string{"CVE-2017-1000048"}},
			{"qs", "6.2.3", nil},
			{"qs", "6.3.1", []string{"CVE-2017-1000048"}},
			{"qs", "6.5.0", nil},
			// "<=" with no fix.
			{"ip", "2.0.1", []string{"CVE-2024-29415"}},
			{"ip", "2.0.2", nil},
			// npm names are lowercased before the lookup.
			{"Lodash", "4.17.20", []string{"CVE-2021-23337"}},
			// A possible Seal build with Seal advisories for it: only those
			// apply, so upstream CVE-2020-8203 is not reported.
			{"lodash", "4.17.15-sp1", []string{"CVE-2020-28500"}},
			{"lodash", "4.17.15-sp2", nil},
			// A possible Seal build Seal has no advisories for: upstream ones.
			{"minimist", "1.2.5-sp1", []string{"CVE-2021-44906"}},
			{"left-pad", "1.3.0", nil},
		}},
		{inventory.EcosystemPip, []tc{
			{"requests", "2.30.0", []string{"CVE-2023-32681"}},
			{"requests", "2.31.0", nil},
			// Post-releases are newer than the release.
			{"requests", "2.31.0.post1", nil},
			// Pre-releases are older than the release. Strict PEP 440 would
			// not let "<2.31.0" match 2.31.0rc1; Trivy includes pre-releases.
			{"requests", "2.31.0rc1", []string{"CVE-2023-32681"}},
			{"requests", "2.30.0rc1", []string{"CVE-2023-32681"}},
			// Below the introduced version.
			{"requests", "2.2.1", nil},
			// Names: case-insensitive, "_" equals "-".
			{"Django", "4.2", []string{"CVE-2023-36053"}},
			{"DJANGO", "3.2.19", []string{"CVE-2023-36053"}},
			{"django", "4.2.3", nil},
			{"django", "4.1.10", nil},
			// A local version compares as its public one.
			{"django", "4.2.2+ubuntu1", []string{"CVE-2023-36053"}},
			{"Flask_Cors", "4.0.0", []string{"CVE-2024-1681"}},
			{"urllib3", "1.26.16", []string{"CVE-2023-43804"}},
			{"urllib3", "1.26.17", nil},
			{"urllib3", "2.0.5", []string{"CVE-2023-43804"}},
			{"urllib3", "2.0.6", nil},
			// Seal builds ("+spN") are matched against Seal's advisories
			// only, comparing local versions.
			{"django", "4.2.2+sp1", []string{"CVE-2024-27351"}},
			{"django", "4.2.2+sp2", nil},
			// A renamed Seal package without Seal advisories: nothing,
			// upstream advisories are not consulted.
			{"seal-django", "4.2.2", nil},
		}},
		{inventory.EcosystemGo, []tc{
			{"golang.org/x/net", "v0.16.0", []string{"CVE-2023-39325", "CVE-2023-44487", "CVE-2023-45288"}},
			{"golang.org/x/net", "v0.17.0", []string{"CVE-2023-45288"}},
			{"golang.org/x/net", "0.23.0", nil},
			{"golang.org/x/net", "v0.0.0-20220722155237-a158d28d115b", []string{"CVE-2023-39325", "CVE-2023-44487", "CVE-2023-45288"}},
			// The standard library, in the forms Go tools and Trivy write.
			{"stdlib", "v1.21.3", []string{"CVE-2023-45283", "CVE-2023-45288"}},
			{"stdlib", "1.21.3", []string{"CVE-2023-45283", "CVE-2023-45288"}},
			{"stdlib", "go1.21.3", []string{"CVE-2023-45283", "CVE-2023-45288"}},
			{"stdlib", "v1.21.2", []string{"CVE-2023-39325", "CVE-2023-44487", "CVE-2023-45283", "CVE-2023-45288"}},
			{"stdlib", "v1.20.10", []string{"CVE-2023-45283", "CVE-2023-45288"}},
			{"stdlib", "v1.22.1", []string{"CVE-2023-45288"}},
			{"stdlib", "v1.22.2", nil},
			{"stdlib", "go1.22.3 X:boringcrypto", nil},
			// A release candidate is inside the ">=1.21.0-0" branch.
			{"stdlib", "go1.21rc2", []string{"CVE-2023-39325", "CVE-2023-44487", "CVE-2023-45283", "CVE-2023-45288"}},
			{"github.com/gin-gonic/gin", "v1.9.0", []string{"CVE-2023-29401"}},
			{"github.com/gin-gonic/gin", "v1.9.1", nil},
			{"github.com/gin-gonic/gin", "v1.3.1-0.20190301021747-ccb9e902956d", []string{"CVE-2023-29401"}},
			{"github.com/gin-gonic/gin", "v1.3.0", nil},
			// Go module paths are case-sensitive.
			{"github.com/Gin-Gonic/gin", "v1.9.0", nil},
		}},
		{inventory.EcosystemMaven, []tc{
			{"org.apache.logging.log4j:log4j-core", "2.14.1", []string{"CVE-2021-44228", "CVE-2021-45046"}},
			{"org.apache.logging.log4j:log4j-core", "2.15.0", []string{"CVE-2021-45046"}},
			{"org.apache.logging.log4j:log4j-core", "2.16.0", nil},
			{"org.apache.logging.log4j:log4j-core", "2.12.1", []string{"CVE-2021-44228", "CVE-2021-45046"}},
			{"org.apache.logging.log4j:log4j-core", "2.12.2", nil},
			{"org.apache.logging.log4j:log4j-core", "2.3.1", []string{"CVE-2021-45046"}},
			// Maven qualifiers: beta < rc < release, SNAPSHOT < release.
			{"org.apache.logging.log4j:log4j-core", "2.0-beta8", nil},
			{"org.apache.logging.log4j:log4j-core", "2.0-beta9", []string{"CVE-2021-44228", "CVE-2021-45046"}},
			{"org.apache.logging.log4j:log4j-core", "2.0-rc1", []string{"CVE-2021-44228", "CVE-2021-45046"}},
			{"org.apache.logging.log4j:log4j-core", "2.15.0-SNAPSHOT", []string{"CVE-2021-44228", "CVE-2021-45046"}},
			{"org.apache.logging.log4j:log4j-api", "2.14.1", nil},
		}},
		{inventory.EcosystemRubyGems, []tc{
			{"nokogiri", "1.13.3", []string{"CVE-2022-24836"}},
			{"nokogiri", "1.13.4", nil},
			{"nokogiri", "1.13.4.rc1", []string{"CVE-2022-24836"}},
			// RubySec's patched versions decide: vulnerable unless in one.
			{"rack", "2.2.8", []string{"CVE-2024-26146"}},
			{"rack", "2.2.8.1", nil},
			{"rack", "2.2.9", nil},
			{"rack", "3.0.9", []string{"CVE-2024-26146"}},
			{"rack", "3.0.9.1", nil},
			{"rack", "1.6.13", []string{"CVE-2024-26146"}},
		}},
		{inventory.EcosystemCargo, []tc{
			{"tokio", "1.18.3", []string{"CVE-2023-22466", "GHSA-4q83-7cq4-p6wg"}},
			{"tokio", "1.18.4", []string{"GHSA-4q83-7cq4-p6wg"}},
			{"tokio", "1.18.5", nil},
			{"tokio", "1.23.1", []string{"GHSA-4q83-7cq4-p6wg"}},
			{"tokio", "1.24.2", nil},
			{"tokio", "1.6.0", []string{"GHSA-4q83-7cq4-p6wg"}},
			{"time", "0.2.22", []string{"CVE-2020-26235"}},
			{"time", "0.1.43", nil},
			{"time", "0.3.0", nil},
		}},
		{inventory.EcosystemComposer, []tc{
			{"guzzlehttp/guzzle", "7.4.4", []string{"CVE-2022-31090"}},
			{"guzzlehttp/guzzle", "7.4.5", nil},
			{"guzzlehttp/guzzle", "6.5.7", []string{"CVE-2022-31090"}},
			{"GuzzleHttp/Guzzle", "6.5.7", []string{"CVE-2022-31090"}},
			// composer.lock keeps the tags' "v".
			{"symfony/http-kernel", "v5.4.19", []string{"CVE-2022-24894"}},
			{"symfony/http-kernel", "v5.4.20", nil},
			{"symfony/http-kernel", "v6.2.5", []string{"CVE-2022-24894"}},
			{"symfony/http-kernel", "6.3.0", nil},
		}},
		{inventory.EcosystemNuGet, []tc{
			{"Newtonsoft.Json", "12.0.3", []string{"CVE-2024-21907"}},
			{"Newtonsoft.Json", "13.0.1", nil},
			{"Newtonsoft.Json", "13.0.1-beta1", []string{"CVE-2024-21907"}},
			{"System.Text.Encodings.Web", "4.5.0", []string{"CVE-2021-26701"}},
			{"System.Text.Encodings.Web", "4.7.1", []string{"CVE-2021-26701"}},
			{"System.Text.Encodings.Web", "4.7.2", nil},
			{"System.Text.Encodings.Web", "5.0.0", []string{"CVE-2021-26701"}},
			{"System.Text.Encodings.Web", "5.0.1", nil},
			{"System.Text.Encodings.Web", "6.0.0", nil},
		}},
	}
	for _, e := range ecosystems {
		for _, c := range e.cases {
			t.Run(e.eco+"/"+c.name+"@"+c.version, func(t *testing.T) {
				// No OS: language packages of a scratch image or a source
				// tree are matched all the same.
				fs, err := vuln.Match(db, inventory.Inventory{Packages: []inventory.Package{langPkg(e.eco, c.name, c.version)}})
				if err != nil {
					t.Fatal(err)
				}
				var want []string
				for _, id := range c.want {
					want = append(want, c.name+"/"+id)
				}
				if got := pairs(fs); !slices.Equal(got, want) {
					t.Errorf("pairs:\n got  %v\n want %v", got, want)
				}
			})
		}
	}
}

func TestMatchLangDetails(t *testing.T) {
	db := fixtureDB(t)
	pkgs := []inventory.Package{
		langPkg(inventory.EcosystemNpm, "lodash", "4.17.20"),
		langPkg(inventory.EcosystemNpm, "lodash", "4.17.15-sp1"),
		langPkg(inventory.EcosystemNpm, "qs", "6.2.2"),
		langPkg(inventory.EcosystemNpm, "ip", "2.0.1"),
		langPkg(inventory.EcosystemGo, "golang.org/x/net", "v0.16.0"),
		langPkg(inventory.EcosystemGo, "stdlib", "go1.21.3"),
		langPkg(inventory.EcosystemRubyGems, "rack", "2.2.8"),
		langPkg(inventory.EcosystemComposer, "symfony/http-kernel", "v5.4.19"),
		langPkg(inventory.EcosystemNuGet, "Newtonsoft.Json", "12.0.3"),
		langPkg(inventory.EcosystemCargo, "tokio", "1.18.4"),
	}
	pkgs[0].Layer, pkgs[0].PURL = "sha256:abc", "pkg:npm/lodash@4.17.20"
	fs, err := vuln.Match(db, inventory.Inventory{Packages: pkgs})
	if err != nil {
		t.Fatal(err)
	}
	by := map[string]finding.Finding{}
	for _, f := range fs {
		by[f.Package.Name+"@"+f.Package.Version+"/"+f.ID] = f
	}

	f := by["lodash@4.17.20/CVE-2021-23337"]
	want := finding.Package{Name: "lodash", Version: "4.17.20", Ecosystem: "npm", FixedVersion: "4.17.21", Path: "app/npm.lock", Layer: "sha256:abc", PURL: "pkg:npm/lodash@4.17.20"}
	if *f.Package != want || f.Type != finding.TypeVulnerability || f.Status != "fixed" ||
		f.Severity != finding.SeverityHigh || f.SeveritySource != "ghsa" ||
		f.Title != "nodejs-lodash: command injection via template" || f.CVSS["ghsa"].V3Score != 7.2 ||
		len(f.References) != 2 || f.PublishedDate == nil || f.Remediation != "Upgrade lodash to 4.17.21 or later." {
		t.Errorf("lodash CVE-2021-23337 = %+v %+v", f, f.Package)
	}
	// An advisory without a vulnerability record: unknown severity.
	f = by["lodash@4.17.15-sp1/CVE-2020-28500"]
	if f.Severity != finding.SeverityUnknown || f.SeveritySource != "" || f.Title != "" || f.Package.FixedVersion != "4.17.15-sp2" {
		t.Errorf("lodash 4.17.15-sp1 CVE-2020-28500 = %+v %+v", f, f.Package)
	}
	// The data source's own rating; ranges shown as written.
	f = by["qs@6.2.2/CVE-2017-1000048"]
	if f.SeveritySource != "nodejs-security-wg" || f.Status != "fixed" ||
		f.Package.FixedVersion != ">=6.0.4 <6.1.0 || >=6.1.2 <6.2.0 || >=6.2.3 <6.3.0 || >=6.3.2" ||
		!strings.HasPrefix(f.Remediation, "Upgrade qs to a patched version: >=6.0.4") {
		t.Errorf("qs CVE-2017-1000048 = %+v %+v", f, f.Package)
	}
	// No fixed version.
	f = by["ip@2.0.1/CVE-2024-29415"]
	if f.Status != "affected" || f.Package.FixedVersion != "" || f.Remediation != "No fixed version is available yet." {
		t.Errorf("ip CVE-2024-29415 = %+v %+v", f, f.Package)
	}
	// Both GHSA's and the Go database's buckets have it; the Go database's
	// advisory wins, and it rates nothing, so NVD's severity is shown.
	f = by["golang.org/x/net@v0.16.0/CVE-2023-44487"]
	if f.Severity != finding.SeverityHigh || f.SeveritySource != "nvd" || f.Package.FixedVersion != "0.17.0" {
		t.Errorf("x/net CVE-2023-44487 = %+v %+v", f, f.Package)
	}
	// Neither the data source nor NVD rates it: the deprecated severity.
	f = by["golang.org/x/net@v0.16.0/CVE-2023-45288"]
	if f.Severity != finding.SeverityMedium || f.SeveritySource != "" {
		t.Errorf("x/net CVE-2023-45288 = %+v", f)
	}
	// The version is reported as inventoried.
	f = by["stdlib@go1.21.3/CVE-2023-45283"]
	if f.Package.FixedVersion != "1.20.11, 1.21.4" || f.Remediation != "Upgrade stdlib to a patched version: 1.20.11, 1.21.4." {
		t.Errorf("stdlib CVE-2023-45283 = %+v %+v", f, f.Package)
	}
	// RubySec's advisory, which replaces GHSA's for the same ID.
	f = by["rack@2.2.8/CVE-2024-26146"]
	if f.SeveritySource != "ruby-advisory-db" || f.Package.FixedVersion != "~> 2.0.9, >= 2.0.9.4, ~> 2.1.4, >= 2.1.4.4, ~> 2.2.8, >= 2.2.8.1, >= 3.0.9.1" {
		t.Errorf("rack CVE-2024-26146 = %+v %+v", f, f.Package)
	}
	// No patched versions: the ranges' upper bounds.
	f = by["symfony/http-kernel@v5.4.19/CVE-2022-24894"]
	if f.Status != "fixed" || f.Package.FixedVersion != "4.4.50, 5.4.20, 6.0.20, 6.1.12, 6.2.6" || f.SeveritySource != "nvd" {
		t.Errorf("symfony/http-kernel CVE-2022-24894 = %+v %+v", f, f.Package)
	}
	f = by["Newtonsoft.Json@12.0.3/CVE-2024-21907"]
	if f.Package.Name != "Newtonsoft.Json" || f.Package.Ecosystem != "nuget" || f.Severity != finding.SeverityHigh {
		t.Errorf("Newtonsoft.Json CVE-2024-21907 = %+v %+v", f, f.Package)
	}
	f = by["tokio@1.18.4/GHSA-4q83-7cq4-p6wg"]
	if f.Severity != finding.SeverityLow || f.SeveritySource != "ghsa" || f.Package.FixedVersion != "1.18.5, 1.20.4, 1.24.2" {
		t.Errorf("tokio GHSA-4q83-7cq4-p6wg = %+v %+v", f, f.Package)
	}
}

// TestMatchMixed: OS and language packages in one inventory give the OS
// results of TestMatchPairs plus the language ones.
func TestMatchMixed(t *testing.T) {
	db := fixtureDB(t)
	inv := inventory.Inventory{
		OS: &inventory.OS{Family: "debian", Version: "12.5"},
		Packages: []inventory.Package{
			deb("libssl3", "3.0.13-1~deb12u1", "openssl", ""),
			deb("libc6", "2.36-9+deb12u4", "glibc", ""),
			deb("bash", "5.2.15-2+b8", "bash", "5.2.15-2"),
			langPkg(inventory.EcosystemNpm, "lodash", "4.17.20"),
			langPkg(inventory.EcosystemPip, "requests", "2.30.0"),
			// Same package in two lock files: one finding each.
			{Name: "golang.org/x/net", Version: "v0.17.0", Ecosystem: inventory.EcosystemGo, Path: "usr/bin/app"},
			{Name: "golang.org/x/net", Version: "v0.17.0", Ecosystem: inventory.EcosystemGo, Path: "usr/bin/tool"},
			// Without a version there is nothing to compare.
			{Name: "minimist", Ecosystem: inventory.EcosystemNpm, Path: "package.json"},
		},
	}
	fs, err := vuln.Match(db, inv)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"golang.org/x/net/CVE-2023-45288", "golang.org/x/net/CVE-2023-45288",
		"libc6/CVE-2010-4756", "libc6/CVE-2019-1010022", "libc6/CVE-2024-2961",
		"libssl3/CVE-2010-0928", "libssl3/CVE-2024-13176", "libssl3/CVE-2024-2511", "libssl3/CVE-2024-5535",
		"lodash/CVE-2021-23337", "requests/CVE-2023-32681",
	}
	if got := pairs(fs); !slices.Equal(got, want) {
		t.Errorf("pairs:\n got  %v\n want %v", got, want)
	}

	// OS packages without an OS stay unmatched, as before; language
	// packages do not need one.
	fs, err = vuln.Match(db, inventory.Inventory{Packages: inv.Packages})
	if err != nil {
		t.Fatal(err)
	}
	want = []string{"golang.org/x/net/CVE-2023-45288", "golang.org/x/net/CVE-2023-45288", "lodash/CVE-2021-23337", "requests/CVE-2023-32681"}
	if got := pairs(fs); !slices.Equal(got, want) {
		t.Errorf("without OS:\n got  %v\n want %v", got, want)
	}
}

// TestMatchLangPartial: what cannot be matched is reported as an error next
// to the findings of the rest.
func TestMatchLangPartial(t *testing.T) {
	db := fixtureDB(t)
	lodash := langPkg(inventory.EcosystemNpm, "lodash", "4.17.20")

	fs, err := vuln.Match(db, inventory.Inventory{OS: &inventory.OS{Family: "plan9", Version: "4"}, Packages: []inventory.Package{deb("x", "1", "x", ""), lodash}})
	var unsupported vuln.ErrUnsupportedOS
	if !errors.As(err, &unsupported) || !slices.Equal(pairs(fs), []string{"lodash/CVE-2021-23337"}) {
		t.Errorf("unsupported OS: %v, %v", pairs(fs), err)
	}

	// A DB without the language lookup.
	plain := struct{ vuln.DB }{db}
	inv := inventory.Inventory{OS: &inventory.OS{Family: "alpine", Version: "3.19"}, Packages: []inventory.Package{apk("busybox", "1.36.1-r16", "busybox"), lodash}}
	fs, err = vuln.Match(plain, inv)
	if !errors.Is(err, vuln.ErrNoLangData) || !strings.Contains(err.Error(), "1 language packages") ||
		!slices.Equal(pairs(fs), []string{"busybox/CVE-2023-42363"}) {
		t.Errorf("DB without language data: %v, %v", pairs(fs), err)
	}
	// Only language packages with a version count.
	inv.Packages[1].Version = ""
	if _, err := vuln.Match(plain, inv); err != nil {
		t.Errorf("no versioned language package: %v", err)
	}

	// Both at once.
	_, err = vuln.Match(plain, inventory.Inventory{OS: &inventory.OS{Family: "plan9"}, Packages: []inventory.Package{lodash}})
	if !errors.As(err, &unsupported) || !errors.Is(err, vuln.ErrNoLangData) {
		t.Errorf("both: %v", err)
	}
}

type failingLangDB struct{ vuln.DB }

func (failingLangDB) AdvisoriesByPrefix(string, string) ([]types.Advisory, error) {
	return nil, errors.New("disk on fire")
}

// A database failure is an error, not a partial result.
func TestMatchLangDBError(t *testing.T) {
	db := failingLangDB{fixtureDB(t)}
	fs, err := vuln.Match(db, inventory.Inventory{Packages: []inventory.Package{langPkg(inventory.EcosystemPip, "Django", "4.2")}})
	if err == nil || fs != nil || !strings.Contains(err.Error(), "pip package django: disk on fire") {
		t.Errorf("got %v, %v", fs, err)
	}
}

func TestIsLanguage(t *testing.T) {
	for _, eco := range []string{"go", "npm", "pip", "maven", "rubygems", "cargo", "composer", "nuget"} {
		if !vuln.IsLanguage(eco) {
			t.Errorf("IsLanguage(%q) = false", eco)
		}
	}
	for _, eco := range []string{"deb", "apk", "rpm", "", "conda"} {
		if vuln.IsLanguage(eco) {
			t.Errorf("IsLanguage(%q) = true", eco)
		}
	}
}
