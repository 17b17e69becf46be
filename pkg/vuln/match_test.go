package vuln_test

import (
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
