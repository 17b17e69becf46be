package osrelease

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/palisadesec/palisade/pkg/inventory"
)

const testdata = "../../../testdata/analyzer/osrelease"

func osp(family, version, name string) *inventory.OS {
	return &inventory.OS{Family: family, Version: version, Name: name}
}

// TestDetectFiles covers every fixture file: each is what the distribution
// ships (os-release, lsb-release, the *-release files, debian_version).
func TestDetectFiles(t *testing.T) {
	tests := []struct {
		file     string
		want     *inventory.OS
		priority int
	}{
		{"debian-12/etc/os-release", osp("debian", "12", "Debian GNU/Linux 12 (bookworm)"), 100},
		{"debian-12/etc/debian_version", osp("debian", "12", "Debian GNU/Linux 12"), 10},
		{"debian-sid/etc/os-release", nil, 0},
		{"debian-sid/etc/debian_version", osp("debian", "trixie/sid", "Debian GNU/Linux trixie/sid"), 10},
		{"ubuntu-22.04/etc/os-release", osp("ubuntu", "22.04", "Ubuntu 22.04.4 LTS"), 100},
		{"ubuntu-22.04/etc/lsb-release", osp("ubuntu", "22.04", "Ubuntu 22.04.4 LTS"), 40},
		{"ubuntu-22.04/etc/debian_version", osp("debian", "bookworm/sid", "Debian GNU/Linux bookworm/sid"), 10},
		{"alpine-3.19/etc/os-release", osp("alpine", "3.19.1", "Alpine Linux v3.19"), 100},
		{"alpine-3.19/etc/alpine-release", osp("alpine", "3.19.1", "Alpine Linux 3.19.1"), 50},
		{"ubi-9/etc/os-release", osp("redhat", "9.3", "Red Hat Enterprise Linux 9.3 (Plow)"), 100},
		{"ubi-9/etc/redhat-release", osp("redhat", "9.3", "Red Hat Enterprise Linux release 9.3 (Plow)"), 30},
		{"ubi-9/etc/system-release", osp("redhat", "9.3", "Red Hat Enterprise Linux release 9.3 (Plow)"), 30},
		{"centos-7/etc/os-release", osp("centos", "7", "CentOS Linux 7 (Core)"), 100},
		{"centos-7/etc/centos-release", osp("centos", "7.9.2009", "CentOS Linux release 7.9.2009 (Core)"), 50},
		{"centos-7/etc/redhat-release", osp("centos", "7.9.2009", "CentOS Linux release 7.9.2009 (Core)"), 30},
		{"centos-6/etc/redhat-release", osp("centos", "6.10", "CentOS release 6.10 (Final)"), 30},
		{"rocky-9/etc/os-release", osp("rocky", "9.3", "Rocky Linux 9.3 (Blue Onyx)"), 100},
		{"rocky-9/etc/rocky-release", osp("rocky", "9.3", "Rocky Linux release 9.3 (Blue Onyx)"), 50},
		{"alma-9/etc/os-release", osp("alma", "9.3", "AlmaLinux 9.3 (Shamrock Pampas Cat)"), 100},
		{"alma-9/etc/almalinux-release", osp("alma", "9.3", "AlmaLinux release 9.3 (Shamrock Pampas Cat)"), 50},
		{"oracle-8/etc/os-release", osp("oracle", "8.9", "Oracle Linux Server 8.9"), 100},
		{"oracle-8/etc/oracle-release", osp("oracle", "8.9", "Oracle Linux Server release 8.9"), 50},
		// Oracle Linux's redhat-release names Red Hat; it must rank below oracle-release.
		{"oracle-8/etc/redhat-release", osp("redhat", "8.9", "Red Hat Enterprise Linux release 8.9 (Ootpa)"), 30},
		{"amazon-1/etc/system-release", osp("amazon", "1", "Amazon Linux AMI release 2018.03"), 30},
		{"amazon-2/etc/os-release", osp("amazon", "2", "Amazon Linux 2"), 100},
		{"amazon-2/etc/system-release", osp("amazon", "2", "Amazon Linux release 2 (Karoo)"), 30},
		{"amazon-2023/etc/os-release", osp("amazon", "2023", "Amazon Linux 2023.3.20240108"), 100},
		{"amazon-2023/etc/system-release", osp("amazon", "2023", "Amazon Linux release 2023.3.20240108 (Amazon Linux)"), 30},
		{"photon-5/etc/os-release", osp("photon", "5.0", "VMware Photon OS/Linux"), 100},
		{"photon-5/etc/photon-release", osp("photon", "5.0", "VMware Photon OS 5.0"), 50},
		{"wolfi/etc/os-release", osp("wolfi", "20230201", "Wolfi"), 100},
		{"chainguard/etc/os-release", osp("chainguard", "20230214", "Chainguard"), 100},
		{"opensuse-leap-15.5/etc/os-release", osp("opensuse-leap", "15.5", "openSUSE Leap 15.5"), 100},
		{"opensuse-tumbleweed/usr/lib/os-release", osp("opensuse-tumbleweed", "20240101", "openSUSE Tumbleweed"), 99},
		{"opensuse-42.3/etc/SuSE-release", osp("opensuse-leap", "42.3", "openSUSE 42.3"), 50},
		{"sles-15.5/etc/os-release", osp("sles", "15.5", "SUSE Linux Enterprise Server 15 SP5"), 100},
		{"sles-12.5/etc/SuSE-release", osp("sles", "12.5", "SUSE Linux Enterprise Server 12"), 50},
		{"azurelinux-3/etc/os-release", osp("azurelinux", "3.0", "Microsoft Azure Linux 3.0"), 100},
		{"cbl-mariner-2/etc/os-release", osp("cbl-mariner", "2.0", "CBL-Mariner/Linux"), 100},
		{"fedora-39/etc/os-release", osp("fedora", "39", "Fedora Linux 39 (Container Image)"), 100},
		{"fedora-39/etc/redhat-release", osp("fedora", "39", "Fedora release 39 (Thirty Nine)"), 30},
		// Linux Mint is not a database family, and its release number must
		// not be read as Ubuntu's.
		{"linuxmint-21/etc/os-release", nil, 0},
		{"linuxmint-21/etc/lsb-release", nil, 0},
	}
	a := New()
	covered := map[string]bool{}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			covered[tt.file] = true
			content, err := os.ReadFile(filepath.Join(testdata, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			_, path, _ := strings.Cut(tt.file, "/")
			if !a.Required(path) {
				t.Fatalf("Required(%q) = false", path)
			}
			got, prio := a.Detect(path, content)
			if !equalOS(got, tt.want) || prio != tt.priority {
				t.Errorf("Detect = %+v, %d; want %+v, %d", got, prio, tt.want, tt.priority)
			}
		})
	}
	// Every fixture must be asserted, so a new file cannot go untested.
	err := filepath.WalkDir(testdata, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(testdata, p)
		if !covered[filepath.ToSlash(rel)] {
			t.Errorf("fixture %s has no test case", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestPriorityChoosesTheDistribution checks that, per image, the file with
// the highest priority names the distribution the matcher needs.
func TestPriorityChoosesTheDistribution(t *testing.T) {
	want := map[string]inventory.OS{
		"debian-12":    {Family: "debian", Version: "12"},
		"debian-sid":   {Family: "debian", Version: "trixie/sid"},
		"ubuntu-22.04": {Family: "ubuntu", Version: "22.04"},
		"oracle-8":     {Family: "oracle", Version: "8.9"},
		"centos-7":     {Family: "centos", Version: "7"},
		"amazon-1":     {Family: "amazon", Version: "1"},
		"sles-12.5":    {Family: "sles", Version: "12.5"},
	}
	a := New()
	for image, w := range want {
		var best *inventory.OS
		bestPrio := -1
		err := filepath.WalkDir(filepath.Join(testdata, image), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(filepath.Join(testdata, image), p)
			content, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			if got, prio := a.Detect(filepath.ToSlash(rel), content); got != nil && prio > bestPrio {
				best, bestPrio = got, prio
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if best == nil || best.Family != w.Family || best.Version != w.Version {
			t.Errorf("%s: chose %+v, want %s %s", image, best, w.Family, w.Version)
		}
	}
}

func TestDetectEdgeCases(t *testing.T) {
	tests := []struct {
		name, path, content string
		want                *inventory.OS
	}{
		{"crlf and single quotes", "etc/os-release", "ID='alpine'\r\nVERSION_ID='3.18.4'\r\nPRETTY_NAME='Alpine Linux v3.18'\r\n", osp("alpine", "3.18.4", "Alpine Linux v3.18")},
		{"escaped quote", "etc/os-release", "ID=ubuntu\nVERSION_ID=\"20.04\"\nPRETTY_NAME=\"Ubuntu \\\"Focal\\\"\"\n", osp("ubuntu", "20.04", `Ubuntu "Focal"`)},
		{"later assignment wins", "etc/os-release", "ID=debian\nVERSION_ID=11\nVERSION_ID=12\n", osp("debian", "12", "12")},
		{"comments and blank lines", "etc/os-release", "# generated\n\nID=fedora\n  VERSION_ID=40\n", osp("fedora", "40", "40")},
		{"unterminated quote", "etc/os-release", "ID=\"debian\nVERSION_ID=12\n", nil},
		{"uppercase id", "etc/os-release", "ID=Ubuntu\nVERSION_ID=24.04\n", osp("ubuntu", "24.04", "24.04")},
		{"unknown id", "etc/os-release", "ID=arch\nBUILD_ID=rolling\n", nil},
		{"no version", "etc/os-release", "ID=ubuntu\n", nil},
		{"rolling without version", "etc/os-release", "ID=wolfi\n", osp("wolfi", "", "")},
		{"control characters", "etc/os-release", "ID=debian\nVERSION_ID=\"1\x1b[2J\"\n", nil},
		{"amazon 2022", "etc/os-release", "ID=\"amzn\"\nVERSION_ID=\"2022\"\n", osp("amazon", "2022", "2022")},
		{"empty", "etc/os-release", "", nil},
		{"binary", "etc/os-release", "\x00\x01\x02ID\x00=", nil},
		{"alpine edge", "etc/alpine-release", "3.20.0_alpha20240329\n", osp("alpine", "3.20.0_alpha20240329", "Alpine Linux 3.20.0_alpha20240329")},
		{"alpine garbage", "etc/alpine-release", "hello world\n", nil},
		{"debian old point release", "etc/debian_version", "6.0.10\n", osp("debian", "6", "Debian GNU/Linux 6")},
		{"debian junk", "etc/debian_version", "12.x\n", nil},
		{"debian leading blank line", "etc/debian_version", "\n\n11.9\n", osp("debian", "11", "Debian GNU/Linux 11")},
		{"centos stream", "etc/centos-release", "CentOS Stream release 9\n", osp("centos", "9", "CentOS Stream release 9")},
		{"unknown rhel rebuild", "etc/redhat-release", "CloudLinux release 8.9 (Valery Rozhdestvensky)\n", nil},
		{"no release word", "etc/redhat-release", "Red Hat Enterprise Linux 9\n", nil},
		{"photon 1", "etc/photon-release", "VMware Photon Linux 1.0\n", osp("photon", "1.0", "VMware Photon Linux 1.0")},
		{"suse no version", "etc/SuSE-release", "SUSE Linux Enterprise Server 11 (x86_64)\n", nil},
		{"sles ga", "etc/SuSE-release", "SUSE Linux Enterprise Server 12 (x86_64)\nVERSION = 12\nPATCHLEVEL = 0\n", osp("sles", "12", "SUSE Linux Enterprise Server 12")},
		{"lsb without release", "etc/lsb-release", "DISTRIB_ID=Ubuntu\n", nil},
		{"not required", "etc/issue", "Debian GNU/Linux 12 \\n \\l\n", nil},
	}
	a := New()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, prio := a.Detect(tt.path, []byte(tt.content))
			if !equalOS(got, tt.want) {
				t.Errorf("Detect = %+v, want %+v", got, tt.want)
			}
			if (got == nil) != (prio == 0) {
				t.Errorf("priority %d with OS %+v", prio, got)
			}
		})
	}
}

func TestRequired(t *testing.T) {
	a := New()
	for _, p := range []string{"etc/os-release", "usr/lib/os-release", "etc/debian_version", "etc/SuSE-release", "etc/system-release"} {
		if !a.Required(p) {
			t.Errorf("Required(%q) = false", p)
		}
	}
	for _, p := range []string{"/etc/os-release", "etc/os-release.d", "etc/suse-release", "usr/etc/os-release", "etc"} {
		if a.Required(p) {
			t.Errorf("Required(%q) = true", p)
		}
	}
}

func TestLongValuesAreRejected(t *testing.T) {
	long := strings.Repeat("9", maxValue+1)
	a := New()
	if got, _ := a.Detect("etc/os-release", []byte("ID=debian\nVERSION_ID="+long+"\n")); got != nil {
		t.Errorf("got %+v for an over-long version", got)
	}
	if got, _ := a.Detect("etc/alpine-release", []byte(long)); got != nil {
		t.Errorf("got %+v for an over-long alpine-release", got)
	}
}

func equalOS(a, b *inventory.OS) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

func FuzzDetect(f *testing.F) {
	_ = filepath.WalkDir(testdata, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(testdata, p)
		_, path, _ := strings.Cut(filepath.ToSlash(rel), "/")
		if b, err := os.ReadFile(p); err == nil {
			f.Add(path, b)
		}
		return nil
	})
	f.Add("etc/os-release", []byte("ID=\"a\\"))
	f.Add("etc/SuSE-release", []byte("SUSE Linux Enterprise Server\nVERSION=1\nPATCHLEVEL=99999999999999999999\n"))
	a := New()
	f.Fuzz(func(t *testing.T, path string, content []byte) {
		got, prio := a.Detect(path, content)
		if got == nil {
			return
		}
		if prio <= 0 || !a.Required(path) {
			t.Fatalf("OS %+v with priority %d for %q", got, prio, path)
		}
		if got.Family == "" || len(got.Version) > maxValue || len(got.Name) > 2*maxValue {
			t.Fatalf("implausible OS %+v", got)
		}
	})
}
