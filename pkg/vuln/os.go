package vuln

import (
	"strings"

	apkversion "github.com/knqyf263/go-apk-version"
	debversion "github.com/knqyf263/go-deb-version"
	rpmversion "github.com/knqyf263/go-rpm-version"

	"github.com/aquasecurity/trivy-db/pkg/vulnsrc/bucket"
	"github.com/palisadesec/palisade/pkg/inventory"
)

// comparer reports whether installed is older than fixed; ok is false when
// either version cannot be parsed, in which case no finding is made.
type comparer func(installed, fixed string) (less bool, ok bool)

func debLess(installed, fixed string) (bool, bool) {
	a, err := debversion.NewVersion(installed)
	if err != nil {
		return false, false
	}
	b, err := debversion.NewVersion(fixed)
	if err != nil {
		return false, false
	}
	return a.LessThan(b), true
}

func apkLess(installed, fixed string) (bool, bool) {
	a, err := apkversion.NewVersion(installed)
	if err != nil {
		return false, false
	}
	b, err := apkversion.NewVersion(fixed)
	if err != nil {
		return false, false
	}
	return a.LessThan(b), true
}

func rpmLess(installed, fixed string) (bool, bool) {
	return rpmversion.NewVersion(installed).LessThan(rpmversion.NewVersion(fixed)), true
}

// family says how one distribution is matched: which DB bucket holds its
// advisories, which package name advisories are keyed by, which version is
// compared, and with which version semantics.
type family struct {
	bucket func(version string) (string, bool)
	// bySource looks advisories up by source package and compares the source
	// version (Debian, Ubuntu, Alpine); RPM distributions key by binary name.
	bySource bool
	less     comparer
	// unfixed says whether advisories without a fixed version are reported.
	unfixed bool
	// redHat families read trivy-db's Red Hat OVAL data, which is keyed by
	// the CPEs of content sets rather than by release, and are matched by
	// matchRedHat; the fields above do not apply to them.
	redHat bool
}

func major(v string) string {
	if i := strings.IndexByte(v, '.'); i >= 0 {
		return v[:i]
	}
	return v
}

func majorMinor(v string) string {
	parts := strings.SplitN(v, ".", 3)
	if len(parts) >= 2 {
		return parts[0] + "." + parts[1]
	}
	return v
}

func nonEmpty(s string) (string, bool) { return s, s != "" }

var families = map[string]family{
	"debian": {bucket: func(v string) (string, bool) {
		m := major(v)
		return bucket.NewDebian(m).Name(), m != "" && isDigits(m)
	}, bySource: true, less: debLess, unfixed: true},
	"ubuntu": {bucket: func(v string) (string, bool) {
		mm := majorMinor(v)
		return bucket.NewUbuntu(mm).Name(), mm != ""
	}, bySource: true, less: debLess, unfixed: true},
	"alpine": {bucket: func(v string) (string, bool) {
		mm := majorMinor(v)
		return bucket.NewAlpine(mm).Name(), mm != ""
	}, bySource: true, less: apkLess, unfixed: true},
	"wolfi":      {bucket: func(string) (string, bool) { return bucket.NewWolfi("").Name(), true }, bySource: true, less: apkLess, unfixed: true},
	"chainguard": {bucket: func(string) (string, bool) { return bucket.NewChainguard("").Name(), true }, bySource: true, less: apkLess, unfixed: true},
	"redhat":     {bucket: redHatRelease, redHat: true},
	// CentOS has no advisories of its own; like Trivy, palisade applies
	// RHEL's, which CentOS rebuilds.
	"centos": {bucket: redHatRelease, redHat: true},
	"rocky": {bucket: func(v string) (string, bool) {
		return bucket.NewRocky(major(v)).Name(), major(v) != ""
	}, less: rpmLess},
	"alma": {bucket: func(v string) (string, bool) {
		return bucket.NewAlma(major(v)).Name(), major(v) != ""
	}, less: rpmLess},
	"oracle": {bucket: func(v string) (string, bool) {
		return bucket.NewOracle(major(v)).Name(), major(v) != ""
	}, less: rpmLess},
	"amazon": {bucket: func(v string) (string, bool) {
		return bucket.NewAmazon(amazonRelease(v)).Name(), true
	}, less: rpmLess},
	"photon": {bucket: func(v string) (string, bool) {
		return bucket.NewPhoton(majorMinor(v)).Name(), v != ""
	}, less: rpmLess},
	"opensuse-leap": {bucket: func(v string) (string, bool) {
		return bucket.NewOpenSUSE(majorMinor(v)).Name(), v != ""
	}, less: rpmLess, unfixed: true},
	"opensuse-tumbleweed": {bucket: func(string) (string, bool) { return bucket.NewOpenSUSETumbleweed().Name(), true }, less: rpmLess, unfixed: true},
	"sles": {bucket: func(v string) (string, bool) {
		return bucket.NewSUSELinuxEnterprise(majorMinor(v)).Name(), v != ""
	}, less: rpmLess, unfixed: true},
	"azurelinux": {bucket: func(v string) (string, bool) {
		return bucket.NewAzureLinux(majorMinor(v)).Name(), v != ""
	}, less: rpmLess, unfixed: true},
	"cbl-mariner": {bucket: func(v string) (string, bool) {
		return bucket.NewMariner(majorMinor(v)).Name(), v != ""
	}, less: rpmLess, unfixed: true},
}

// amazonRelease maps os-release VERSION_ID to the DB's release names: 1, 2, 2022, 2023.
func amazonRelease(v string) string {
	f := strings.Fields(v)
	if len(f) == 0 {
		return "1"
	}
	switch m := major(f[0]); m {
	case "2", "2022", "2023":
		return m
	default:
		return "1"
	}
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// Supported reports whether OS packages of this distribution can be matched.
func Supported(os inventory.OS) bool {
	f, ok := families[os.Family]
	if !ok {
		return false
	}
	_, ok = f.bucket(os.Version)
	return ok
}
