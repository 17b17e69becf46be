package vuln_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/palisadesec/palisade/pkg/finding"
	"github.com/palisadesec/palisade/pkg/inventory"
	"github.com/palisadesec/palisade/pkg/vuln"
	"github.com/palisadesec/palisade/pkg/vulndb"
)

var (
	dbOnce sync.Once
	dbDir  string
	dbErr  error
)

// fixtureDB builds testdata/vulndb/advisories.yaml with trivy-db's own API
// once per test binary and opens it read-only.
func fixtureDB(t *testing.T) *vulndb.DB {
	t.Helper()
	dbOnce.Do(func() {
		dir, err := os.MkdirTemp("", "palisade-vuln-db-*")
		if err != nil {
			dbErr = err
			return
		}
		src, err := os.ReadFile(filepath.Join("..", "..", "testdata", "vulndb", "advisories.yaml"))
		if err != nil {
			dbErr = err
			return
		}
		dbDir, dbErr = filepath.Join(dir, "db"), vulndb.BuildFixture(filepath.Join(dir, "db"), src, time.Now())
	})
	if dbErr != nil {
		t.Fatal(dbErr)
	}
	db, err := vulndb.Open(dbDir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func deb(name, version, src, srcVersion string) inventory.Package {
	p := inventory.Package{Name: name, Ecosystem: inventory.EcosystemDeb, SrcName: src}
	p.Epoch, p.Version, p.Release = splitDeb(version)
	if srcVersion == "" {
		srcVersion = version
	}
	p.SrcEpoch, p.SrcVersion, p.SrcRelease = splitDeb(srcVersion)
	return p
}

func splitDeb(v string) (int, string, string) {
	epoch := 0
	if i := strings.IndexByte(v, ':'); i >= 0 {
		epoch = int(v[0] - '0')
		v = v[i+1:]
	}
	if i := strings.LastIndexByte(v, '-'); i >= 0 {
		return epoch, v[:i], v[i+1:]
	}
	return epoch, v, ""
}

func rpm(name string, epoch int, version, release string) inventory.Package {
	return inventory.Package{Name: name, Epoch: epoch, Version: version, Release: release, Ecosystem: inventory.EcosystemRPM, SrcName: name, SrcEpoch: epoch, SrcVersion: version, SrcRelease: release}
}

func apk(name, version, origin string) inventory.Package {
	return inventory.Package{Name: name, Version: version, Ecosystem: inventory.EcosystemAPK, SrcName: origin, SrcVersion: version}
}

// pairs renders findings as the (package, vulnerability) pairs Trivy reports.
func pairs(fs []finding.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Package.Name+"/"+f.ID)
	}
	slices.Sort(out)
	return out
}

func TestMatchPairs(t *testing.T) {
	db := fixtureDB(t)
	cases := []struct {
		name string
		os   inventory.OS
		pkgs []inventory.Package
		want []string
	}{
		{
			// Debian: advisories are keyed by source package and compared with
			// the source version; unfixed and fix_deferred entries are reported.
			name: "debian source packages",
			os:   inventory.OS{Family: "debian", Version: "12.5"},
			pkgs: []inventory.Package{
				deb("libssl3", "3.0.13-1~deb12u1", "openssl", ""),
				deb("libc6", "2.36-9+deb12u4", "glibc", ""),
				deb("bash", "5.2.15-2+b8", "bash", "5.2.15-2"),
			},
			want: []string{
				"libc6/CVE-2010-4756", "libc6/CVE-2019-1010022", "libc6/CVE-2024-2961",
				"libssl3/CVE-2010-0928", "libssl3/CVE-2024-13176", "libssl3/CVE-2024-2511", "libssl3/CVE-2024-5535",
			},
		},
		{
			// A binary rebuild (+b1) of a fixed source is not vulnerable: the
			// source version is what Debian's fixed version refers to.
			name: "debian binNMU compares the source version",
			os:   inventory.OS{Family: "debian", Version: "12"},
			pkgs: []inventory.Package{deb("libc-bin", "2.36-9+deb12u6+b1", "glibc", "2.36-9+deb12u6")},
			want: []string{"libc-bin/CVE-2010-4756", "libc-bin/CVE-2019-1010022"},
		},
		{
			name: "ubuntu",
			os:   inventory.OS{Family: "ubuntu", Version: "22.04"},
			pkgs: []inventory.Package{deb("libssl3", "3.0.2-0ubuntu1.14", "openssl", "")},
			want: []string{"libssl3/CVE-2024-13176", "libssl3/CVE-2024-2511"},
		},
		{
			// Alpine: keyed by origin, major.minor release bucket.
			name: "alpine origin packages",
			os:   inventory.OS{Family: "alpine", Version: "3.19.1"},
			pkgs: []inventory.Package{apk("libcrypto3", "3.1.4-r5", "openssl"), apk("busybox", "1.36.1-r16", "busybox")},
			want: []string{"busybox/CVE-2023-42363", "libcrypto3/CVE-2024-2511", "libcrypto3/CVE-2024-5535"},
		},
		{
			// Rocky: keyed by binary package; the epoch decides.
			name: "rocky epochs",
			os:   inventory.OS{Family: "rocky", Version: "9.3"},
			pkgs: []inventory.Package{rpm("openssl-libs", 1, "3.0.7", "25.el9_3"), rpm("glibc", 0, "2.34", "60.el9"), rpm("openssl", 0, "3.0.9", "1.el9")},
			want: []string{"glibc/CVE-2023-4911", "openssl-libs/CVE-2023-5678", "openssl-libs/CVE-2024-0727", "openssl/CVE-2023-5363", "openssl/CVE-2023-5678"},
		},
		{
			name: "amazon linux 2",
			os:   inventory.OS{Family: "amazon", Version: "2"},
			pkgs: []inventory.Package{rpm("openssl-libs", 1, "1.0.2k", "24.amzn2.0.4"), rpm("curl", 0, "8.3.0", "1.amzn2.0.5")},
			want: []string{"openssl-libs/CVE-2023-0286"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fs, err := vuln.Match(db, inventory.Inventory{OS: &tc.os, Packages: tc.pkgs})
			if err != nil {
				t.Fatal(err)
			}
			if got := pairs(fs); !slices.Equal(got, tc.want) {
				t.Errorf("pairs:\n got  %v\n want %v", got, tc.want)
			}
		})
	}
}

func TestMatchDetails(t *testing.T) {
	db := fixtureDB(t)
	inv := inventory.Inventory{OS: &inventory.OS{Family: "debian", Version: "12"}, Packages: []inventory.Package{deb("libssl3", "3.0.11-1~deb12u2", "openssl", "")}}
	fs, err := vuln.Match(db, inv)
	if err != nil {
		t.Fatal(err)
	}
	by := map[string]finding.Finding{}
	for _, f := range fs {
		by[f.ID] = f
	}
	// Vendor severity wins over NVD; status reflects the advisory.
	f := by["CVE-2024-13176"]
	if f.Severity != finding.SeverityLow || f.SeveritySource != "debian" || f.Status != "fix_deferred" || f.Package.FixedVersion != "" {
		t.Errorf("CVE-2024-13176 = %+v", f)
	}
	f = by["CVE-2024-2511"]
	if f.Status != "fixed" || f.Package.FixedVersion != "3.0.14-1~deb12u1" || f.Package.Version != "3.0.11-1~deb12u2" || f.Package.SrcName != "openssl" || f.Title == "" || len(f.References) == 0 {
		t.Errorf("CVE-2024-2511 = %+v", f)
	}
	// A per-advisory severity overrides the vulnerability's.
	if f := by["CVE-2010-0928"]; f.Severity != finding.SeverityLow || f.Status != "affected" {
		t.Errorf("CVE-2010-0928 = %+v", f)
	}
}

func TestUnsupportedOS(t *testing.T) {
	db := fixtureDB(t)
	_, err := vuln.Match(db, inventory.Inventory{OS: &inventory.OS{Family: "plan9", Version: "4"}, Packages: []inventory.Package{deb("x", "1", "x", "")}})
	if err == nil || !strings.Contains(err.Error(), "plan9") {
		t.Errorf("err = %v", err)
	}
	if !vuln.Supported(inventory.OS{Family: "debian", Version: "12"}) || vuln.Supported(inventory.OS{Family: "debian", Version: "bookworm/sid"}) {
		t.Error("Supported is wrong for debian")
	}
}

func rpmArch(name string, epoch int, version, release, arch string) inventory.Package {
	p := rpm(name, epoch, version, release)
	p.Arch = arch
	return p
}

func TestMatchRedHatPairs(t *testing.T) {
	db := fixtureDB(t)
	cases := []struct {
		name string
		os   inventory.OS
		pkgs []inventory.Package
		want []string
	}{
		{
			// Images without content manifests get the default content sets
			// of their major release: BaseOS and AppStream. openssl is at its
			// fixed version; glibc's CVE-2023-4911 fix is older than it;
			// curl's CVE-2023-38546 entry is for RHEL 8's product only; the
			// noarch package matches an entry listing binary arches.
			name: "rhel 9",
			os:   inventory.OS{Family: "redhat", Version: "9.3"},
			pkgs: []inventory.Package{
				rpmArch("openssl-libs", 1, "3.0.7", "24.el9", "x86_64"),
				rpmArch("openssl", 1, "3.0.7", "25.el9_3", "x86_64"),
				rpmArch("glibc", 0, "2.34", "83.el9_3.7", "x86_64"),
				rpmArch("curl", 0, "7.76.1", "26.el9_3.3", "x86_64"),
				rpmArch("python3-setuptools", 0, "53.0.0", "12.el9", "noarch"),
			},
			want: []string{
				"curl/CVE-2023-46218",
				"glibc/CVE-2019-1010022", "glibc/CVE-2024-2961", "glibc/CVE-2024-33599",
				"openssl-libs/CVE-2023-5363", "openssl-libs/CVE-2023-5678", "openssl-libs/CVE-2023-6237", "openssl-libs/CVE-2024-0727", "openssl-libs/CVE-2024-13176",
				"python3-setuptools/CVE-2024-6345",
			},
		},
		{
			// CVE-2023-6129's fix only concerns the PowerPC build.
			name: "rhel 9 x86_64 skips a ppc64le-only entry",
			os:   inventory.OS{Family: "redhat", Version: "9.3"},
			pkgs: []inventory.Package{rpmArch("openssl-libs", 1, "3.0.7", "25.el9_3", "x86_64")},
			want: []string{"openssl-libs/CVE-2023-5678", "openssl-libs/CVE-2023-6237", "openssl-libs/CVE-2024-0727", "openssl-libs/CVE-2024-13176"},
		},
		{
			name: "rhel 9 ppc64le",
			os:   inventory.OS{Family: "redhat", Version: "9.3"},
			pkgs: []inventory.Package{rpmArch("openssl-libs", 1, "3.0.7", "25.el9_3", "ppc64le")},
			want: []string{"openssl-libs/CVE-2023-5678", "openssl-libs/CVE-2023-6129", "openssl-libs/CVE-2023-6237", "openssl-libs/CVE-2024-0727", "openssl-libs/CVE-2024-13176"},
		},
		{
			// CentOS Stream's os-release has the bare major.
			name: "centos stream 9",
			os:   inventory.OS{Family: "centos", Version: "9"},
			pkgs: []inventory.Package{rpmArch("glibc", 0, "2.34", "100.el9_4.3", "x86_64")},
			want: []string{"glibc/CVE-2019-1010022"},
		},
		{
			// RHEL 8's advisories, not RHEL 9's, although RHEL 9's fixed
			// versions of openssl-libs are higher than the installed one.
			name: "centos 8",
			os:   inventory.OS{Family: "centos", Version: "8.4.2105"},
			pkgs: []inventory.Package{
				rpmArch("openssl-libs", 1, "1.1.1k", "5.el8_5", "x86_64"),
				rpmArch("glibc", 0, "2.28", "164.el8", "x86_64"),
				rpmArch("curl", 0, "7.61.1", "22.el8", "x86_64"),
			},
			want: []string{
				"curl/CVE-2023-38546",
				"glibc/CVE-2019-1010022", "glibc/CVE-2023-4911",
				"openssl-libs/CVE-2023-0286", "openssl-libs/CVE-2024-13176",
			},
		},
		{
			// Trivy v0.74 matches third-party builds (here Remi's) by name
			// like any other; agreeing with it means doing the same.
			name: "centos 7 matches by package name",
			os:   inventory.OS{Family: "centos", Version: "7.9.2009"},
			pkgs: []inventory.Package{
				rpmArch("openssl-libs", 1, "1.0.2k", "25.el7_9", "x86_64"),
				rpmArch("glibc", 0, "2.17", "326.el7_9", "x86_64"),
				rpmArch("php", 0, "5.4.16", "48.el7", "x86_64"),
				rpmArch("php-cli", 0, "8.1.27", "1.el7.remi", "x86_64"),
			},
			want: []string{"glibc/CVE-2019-1010022", "openssl-libs/CVE-2023-0286", "php-cli/CVE-2024-2756", "php/CVE-2024-2756"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fs, err := vuln.Match(db, inventory.Inventory{OS: &tc.os, Packages: tc.pkgs})
			if err != nil {
				t.Fatal(err)
			}
			if got := pairs(fs); !slices.Equal(got, tc.want) {
				t.Errorf("pairs:\n got  %v\n want %v", got, tc.want)
			}
		})
	}
}

// matchByPair matches pkgs and indexes the findings by package/ID.
func matchByPair(t *testing.T, db vuln.DB, os inventory.OS, pkgs ...inventory.Package) map[string]finding.Finding {
	t.Helper()
	fs, err := vuln.Match(db, inventory.Inventory{OS: &os, Packages: pkgs})
	if err != nil {
		t.Fatal(err)
	}
	by := map[string]finding.Finding{}
	for _, f := range fs {
		by[f.Package.Name+"/"+f.ID] = f
	}
	return by
}

func errata(ids ...string) []string {
	var out []string
	for _, id := range ids {
		out = append(out, "https://access.redhat.com/errata/"+id)
	}
	return out
}

func TestMatchRedHatDetails(t *testing.T) {
	db := fixtureDB(t)
	rhel9 := inventory.OS{Family: "redhat", Version: "9.3"}

	by := matchByPair(t, db, rhel9,
		rpmArch("glibc", 0, "2.34", "83.el9_3.7", "x86_64"),
		rpmArch("openssl-libs", 1, "3.0.7", "24.el9", "x86_64"),
		rpmArch("python3-setuptools", 0, "53.0.0", "12.el9", "noarch"))

	// Two RHSAs fix CVE-2024-2961: one finding with the higher fixed
	// version, naming both; OVAL's "0:" epoch is not shown.
	f := by["glibc/CVE-2024-2961"]
	if f.Status != "fixed" || f.Package.FixedVersion != "2.34-100.el9_4.3" || f.Package.Version != "2.34-83.el9_3.7" ||
		f.Severity != finding.SeverityHigh || f.SeveritySource != "redhat" ||
		f.Title != "glibc: Out of bounds write in iconv may lead to remote code execution" ||
		f.Remediation != "Upgrade glibc to 2.34-100.el9_4.3 or later (RHSA-2024:2722, RHSA-2024:3339)." ||
		!slices.Equal(f.References, append(errata("RHSA-2024:2722", "RHSA-2024:3339"), "https://sourceware.org/git/?p=glibc.git;a=blob;f=advisories/GLIBC-SA-2024-0004")) ||
		f.CVSS["nvd"].V3Score != 7.3 {
		t.Errorf("glibc/CVE-2024-2961 = %+v", f)
	}
	// Red Hat's per-CVE severity wins over NVD's CRITICAL; the status is
	// Red Hat's own.
	f = by["glibc/CVE-2019-1010022"]
	if f.Status != "will_not_fix" || f.Package.FixedVersion != "" || f.Severity != finding.SeverityLow ||
		f.SeveritySource != "redhat" || f.Remediation != "" || len(f.References) != 0 {
		t.Errorf("glibc/CVE-2019-1010022 = %+v", f)
	}
	f = by["openssl-libs/CVE-2023-5363"]
	if f.Package.FixedVersion != "1:3.0.7-25.el9_3" || f.Package.Version != "1:3.0.7-24.el9" || f.Severity != finding.SeverityHigh ||
		!slices.Equal(f.References[:1], errata("RHSA-2023:7877")) {
		t.Errorf("openssl-libs/CVE-2023-5363 = %+v", f)
	}
	f = by["openssl-libs/CVE-2024-13176"]
	if f.Status != "affected" || f.Remediation != "No fixed version is available yet." || f.Severity != finding.SeverityLow || f.SeveritySource != "redhat" {
		t.Errorf("openssl-libs/CVE-2024-13176 = %+v", f)
	}
	// No vulnerability record: the advisory alone makes the finding.
	f = by["python3-setuptools/CVE-2024-6345"]
	if f.Title != "" || f.Severity != finding.SeverityHigh || f.SeveritySource != "redhat" ||
		f.Package.FixedVersion != "53.0.0-12.el9_4.1" || !slices.Equal(f.References, errata("RHSA-2024:5534")) {
		t.Errorf("python3-setuptools/CVE-2024-6345 = %+v", f)
	}

	// Only the RHSAs still to apply are named.
	f = matchByPair(t, db, rhel9, rpmArch("glibc", 0, "2.34", "100.el9_4.2", "x86_64"))["glibc/CVE-2024-2961"]
	if f.Package.FixedVersion != "2.34-100.el9_4.3" || !slices.Equal(f.References[:2], append(errata("RHSA-2024:3339"), "https://sourceware.org/git/?p=glibc.git;a=blob;f=advisories/GLIBC-SA-2024-0004")) {
		t.Errorf("glibc 2.34-100.el9_4.2 CVE-2024-2961 = %+v", f)
	}

	// An RHSA replaces the unfixed entry of the same CVE, severity included.
	f = matchByPair(t, db, rhel9, rpmArch("curl", 0, "7.76.1", "26.el9_3.3", "x86_64"))["curl/CVE-2023-46218"]
	if f.Status != "fixed" || f.Package.FixedVersion != "7.76.1-29.el9_4" || f.Severity != finding.SeverityMedium ||
		!slices.Equal(f.References, append(errata("RHSA-2024:2092"), "https://curl.se/docs/CVE-2023-46218.html")) || f.CVSS["redhat"].V3Score != 4.8 {
		t.Errorf("curl/CVE-2023-46218 = %+v", f)
	}
	// Once the RHSA is applied, the CVE is resolved, as in Trivy v0.74: the
	// highest fixed version decides, and an unfixed entry ranks lowest.
	if f, ok := matchByPair(t, db, rhel9, rpmArch("curl", 0, "7.76.1", "29.el9_4", "x86_64"))["curl/CVE-2023-46218"]; ok {
		t.Errorf("curl 7.76.1-29.el9_4 still reports CVE-2023-46218: %+v", f)
	}

	// Without a per-CVE severity, Red Hat's overall rating of the CVE.
	f = matchByPair(t, db, inventory.OS{Family: "centos", Version: "7.9.2009"}, rpmArch("php", 0, "5.4.16", "48.el7", "x86_64"))["php/CVE-2024-2756"]
	if f.Status != "end_of_life" || f.Severity != finding.SeverityLow || f.SeveritySource != "redhat" || f.Title == "" {
		t.Errorf("php/CVE-2024-2756 = %+v", f)
	}
}

func TestMatchRedHatUnsupported(t *testing.T) {
	db := fixtureDB(t)
	pkgs := []inventory.Package{rpmArch("glibc", 0, "2.12", "1.212.el6", "x86_64")}

	// The fixture, unlike trivy-db, has no RHEL 6 content sets.
	_, err := vuln.Match(db, inventory.Inventory{OS: &inventory.OS{Family: "redhat", Version: "6.10"}, Packages: pkgs})
	var unsupported vuln.ErrUnsupportedOS
	if !errors.As(err, &unsupported) || !errors.Is(err, vuln.ErrNoRedHatData) ||
		!strings.Contains(err.Error(), "redhat 6.10") || !strings.Contains(err.Error(), "rhel-6-server-rpms") {
		t.Errorf("RHEL 6: %v", err)
	}

	// A DB without the Red Hat lookup.
	plain := struct{ vuln.DB }{db}
	_, err = vuln.Match(plain, inventory.Inventory{OS: &inventory.OS{Family: "centos", Version: "7"}, Packages: pkgs})
	if !errors.As(err, &unsupported) || !strings.Contains(err.Error(), "no Red Hat data") {
		t.Errorf("DB without Red Hat data: %v", err)
	}

	for os, want := range map[inventory.OS]bool{
		{Family: "redhat", Version: "9.3"}:      true,
		{Family: "redhat", Version: "6.10"}:     true,
		{Family: "centos", Version: "7.9.2009"}: true,
		{Family: "centos", Version: "8"}:        true,
		{Family: "redhat", Version: "5.11"}:     false,
		{Family: "redhat", Version: ""}:         false,
	} {
		if got := vuln.Supported(os); got != want {
			t.Errorf("Supported(%v) = %v", os, got)
		}
	}
}
