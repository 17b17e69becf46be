package vulndb_test

import (
	"cmp"
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/aquasecurity/trivy-db/pkg/types"

	"github.com/palisadesec/palisade/pkg/vulndb"
)

var (
	rhel8 = []string{"rhel-8-for-x86_64-baseos-rpms", "rhel-8-for-x86_64-appstream-rpms"}
	rhel9 = []string{"rhel-9-for-x86_64-baseos-rpms", "rhel-9-for-x86_64-appstream-rpms"}
)

// rhSummary renders what identifies a Red Hat advisory, "-" for nothing.
func rhSummary(advs []types.Advisory) []string {
	var out []string
	for _, a := range advs {
		out = append(out, strings.Join([]string{a.VulnerabilityID, cmp.Or(strings.Join(a.VendorIDs, ","), "-"),
			cmp.Or(a.FixedVersion, "-"), a.Status.String(), a.Severity.String()}, " "))
	}
	return out
}

func TestRedHatAdvisories(t *testing.T) {
	db := open(t, buildFixture(t))

	advs, err := db.RedHatAdvisories("glibc", rhel9, nil)
	if err != nil {
		t.Fatal(err)
	}
	// One per entry and CVE, sorted by CVE; entries keyed by RHSA carry it
	// as the vendor ID, those keyed by CVE carry their status.
	want := []string{
		"CVE-2019-1010022 - - will_not_fix LOW",
		"CVE-2023-4911 RHSA-2023:5455 0:2.34-60.el9_2.7 unknown HIGH",
		"CVE-2024-2961 RHSA-2024:2722 0:2.34-100.el9_4.2 unknown HIGH",
		"CVE-2024-2961 RHSA-2024:3339 0:2.34-100.el9_4.3 unknown HIGH",
		"CVE-2024-33599 RHSA-2024:3339 0:2.34-100.el9_4.3 unknown HIGH",
	}
	if got := rhSummary(advs); !reflect.DeepEqual(got, want) {
		t.Errorf("glibc on RHEL 9:\n got  %q\n want %q", got, want)
	}
	a := advs[1]
	if !reflect.DeepEqual(a.Arches, []string{"aarch64", "i686", "ppc64le", "s390x", "x86_64"}) ||
		a.DataSource == nil || a.DataSource.ID != "redhat-oval" || a.DataSource.Name != "Red Hat OVAL v2" {
		t.Errorf("CVE-2023-4911 = %+v (source %+v)", a, a.DataSource)
	}

	// An image's NVR maps to the same products as its content sets.
	byNVR, err := db.RedHatAdvisories("glibc", nil, []string{"ubi9-container-9.3-1552-x86_64"})
	if err != nil || !reflect.DeepEqual(rhSummary(byNVR), want) {
		t.Errorf("glibc by NVR: %q, %v", rhSummary(byNVR), err)
	}

	// RHEL 8's products see none of RHEL 9's entries.
	advs, err = db.RedHatAdvisories("glibc", rhel8, nil)
	want = []string{"CVE-2019-1010022 - - will_not_fix LOW", "CVE-2023-4911 RHSA-2023:5476 0:2.28-225.el8_8.6 unknown HIGH"}
	if got := rhSummary(advs); err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("glibc on RHEL 8: %q, %v", got, err)
	}

	if advs, err := db.RedHatAdvisories("no-such-package", rhel9, nil); err != nil || advs != nil {
		t.Errorf("unknown package: %v, %v", advs, err)
	}
	// Unknown content sets add nothing; only when none is known is it an error.
	if advs, err := db.RedHatAdvisories("curl", append([]string{"rhel-9-for-x86_64-supplementary-rpms"}, rhel9...), nil); err != nil || len(advs) != 2 {
		t.Errorf("curl with an unknown content set too: %v, %v", advs, err)
	}
	_, err = db.RedHatAdvisories("glibc", []string{"rhel-6-server-rpms", "rhel-6-server-extras-rpms"}, nil)
	if !errors.Is(err, vulndb.ErrNoRedHatData) || !strings.Contains(err.Error(), "rhel-6-server-rpms, rhel-6-server-extras-rpms") {
		t.Errorf("RHEL 6: %v", err)
	}

	db.Close()
	if _, err := db.RedHatAdvisories("glibc", rhel9, nil); !errors.Is(err, vulndb.ErrClosed) {
		t.Errorf("closed: %v", err)
	}
}

func TestRedHatAdvisoriesWithoutData(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "db")
	if err := vulndb.BuildFixture(dir, []byte("advisories: [{bucket: rocky 9, package: glibc, id: CVE-2023-4911}]"), now); err != nil {
		t.Fatal(err)
	}
	db := open(t, dir)
	if _, err := db.RedHatAdvisories("glibc", rhel9, nil); !errors.Is(err, vulndb.ErrNoRedHatData) {
		t.Errorf("got %v, want ErrNoRedHatData", err)
	}
}
