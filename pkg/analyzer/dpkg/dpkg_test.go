package dpkg

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/palisadesec/palisade/pkg/inventory"
)

const testdata = "../../../testdata/analyzer/dpkg"

func deb(name string, epoch int, version, release, arch, srcName string, srcEpoch int, srcVersion, srcRelease, path string) inventory.Package {
	return inventory.Package{
		Name: name, Epoch: epoch, Version: version, Release: release, Arch: arch,
		SrcName: srcName, SrcEpoch: srcEpoch, SrcVersion: srcVersion, SrcRelease: srcRelease,
		Ecosystem: inventory.EcosystemDeb, Path: path,
	}
}

// TestParseFixtures reads an excerpt of a real Debian 12 status file and real
// distroless-style status.d entries.
func TestParseFixtures(t *testing.T) {
	const status = "var/lib/dpkg/status"
	tests := []struct {
		fixture, path string
		want          []inventory.Package
	}{
		{
			fixture: "status",
			path:    status,
			want: []inventory.Package{
				// adduser is "deinstall ok config-files": only its conffiles remain.
				deb("base-files", 0, "12.4+deb12u11", "", "amd64", "base-files", 0, "12.4+deb12u11", "", status),
				// A binNMU: the source version in parentheses differs from the binary's.
				deb("bash", 0, "5.2.15", "2+b8", "amd64", "bash", 0, "5.2.15", "2", status),
				// The binary has an epoch its source package does not.
				deb("bsdutils", 1, "2.38.1", "5+deb12u3", "amd64", "util-linux", 0, "2.38.1", "5+deb12u3", status),
				// A native source package (no revision) building an epoch'd binary.
				deb("cpp", 4, "12.2.0", "3", "amd64", "gcc-defaults", 0, "1.203", "", status),
				deb("debconf", 0, "1.5.82", "", "all", "debconf", 0, "1.5.82", "", status),
				// Source without a version: the source version is the binary's.
				deb("libssl3", 0, "3.0.19", "1~deb12u2", "amd64", "openssl", 0, "3.0.19", "1~deb12u2", status),
			},
		},
		{
			fixture: "status.d/libssl3",
			path:    "var/lib/dpkg/status.d/libssl3",
			want: []inventory.Package{
				deb("libssl3", 0, "3.0.19", "1~deb12u2", "amd64", "openssl", 0, "3.0.19", "1~deb12u2", "var/lib/dpkg/status.d/libssl3"),
			},
		},
		{
			fixture: "status.d/base-files",
			path:    "var/lib/dpkg/status.d/base-files",
			want: []inventory.Package{
				deb("base-files", 0, "12.4+deb12u11", "", "amd64", "base-files", 0, "12.4+deb12u11", "", "var/lib/dpkg/status.d/base-files"),
			},
		},
	}
	a := New()
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			content, err := os.ReadFile(filepath.Join(testdata, tt.fixture))
			if err != nil {
				t.Fatal(err)
			}
			if !a.Required(tt.path) {
				t.Fatalf("Required(%q) = false", tt.path)
			}
			got, err := a.Parse(context.Background(), tt.path, content)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got\n%s\nwant\n%s", dump(got), dump(tt.want))
			}
			// The same file with CRLF line endings must parse the same.
			crlf := strings.ReplaceAll(string(content), "\n", "\r\n")
			got, err = a.Parse(context.Background(), tt.path, []byte(crlf))
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("CRLF: got %v, %v", dump(got), err)
			}
		})
	}
}

func TestParseStanzas(t *testing.T) {
	const status = "var/lib/dpkg/status"
	pkg := func(name, version, release string) inventory.Package {
		return deb(name, 0, version, release, "amd64", name, 0, version, release, status)
	}
	tests := []struct {
		name, path, content string
		want                []inventory.Package
		wantErr             error
	}{
		{
			name:    "empty",
			content: "",
		},
		{
			name:    "only blank lines",
			content: "\n \n\t\n",
		},
		{
			name:    "no trailing newline",
			content: "Package: a\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1.0-1",
			want:    []inventory.Package{pkg("a", "1.0", "1")},
		},
		{
			name:    "whitespace-only separator and extra blank lines",
			content: "\n\nPackage: a\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1-1\n \t\nPackage: b\nStatus: hold ok installed\nArchitecture: amd64\nVersion: 2-2\n\n\n",
			want:    []inventory.Package{pkg("a", "1", "1"), pkg("b", "2", "2")},
		},
		{
			name:    "field names are case-insensitive and values trimmed",
			content: "package:   a  \nSTATUS: install ok installed\narchitecture: amd64\nversion:1.0-1\n",
			want:    []inventory.Package{pkg("a", "1.0", "1")},
		},
		{
			name:    "not installed states are skipped",
			content: "Package: a\nStatus: install reinstreq half-installed\nArchitecture: amd64\nVersion: 1-1\n\nPackage: b\nStatus: purge ok not-installed\nArchitecture: amd64\nVersion: 1-1\n\nPackage: c\nStatus: deinstall ok config-files\nArchitecture: amd64\nVersion: 1-1\n\nPackage: d\nStatus: install ok unpacked\nArchitecture: amd64\nVersion: 1-1\n\nPackage: e\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1-1\n",
			want:    []inventory.Package{pkg("e", "1", "1")},
		},
		{
			name:    "missing status in the status file",
			content: "Package: a\nArchitecture: amd64\nVersion: 1-1\n",
		},
		{
			name:    "status.d keeps stanzas without status but honours one that is there",
			path:    "var/lib/dpkg/status.d/a",
			content: "Package: a\nArchitecture: amd64\nVersion: 1-1\n\nPackage: b\nStatus: deinstall ok config-files\nArchitecture: amd64\nVersion: 1-1\n",
			want:    []inventory.Package{deb("a", 0, "1", "1", "amd64", "a", 0, "1", "1", "var/lib/dpkg/status.d/a")},
		},
		{
			name: "malformed stanzas are skipped",
			content: "Package: a\nthis line has no colon\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1-1\n\n" +
				" continuation first\nPackage: b\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1-1\n\n" +
				"Package: c\nPackage: c2\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1-1\n\n" +
				"Status: install ok installed\nVersion: 1-1\n\n" +
				"Package: e\nStatus: install ok installed\nArchitecture: amd64\nVersion: x:1-1\n\n" +
				"Package: f\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1-\n\n" +
				"Package: g\nStatus: install ok installed\nArchitecture: amd64\n\n" +
				"Package: h h\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1-1\n\n" +
				"Package: ok\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1-1\n",
			want: []inventory.Package{pkg("ok", "1", "1")},
		},
		{
			name:    "continuation lines of multi-line fields",
			content: "Package: a\nStatus: install ok installed\nConffiles:\n /etc/a 0123\n /etc/b 4567\nArchitecture: amd64\nDescription: short\n long line one\n .\n\tline two\nVersion: 1.0-1\n",
			want:    []inventory.Package{pkg("a", "1.0", "1")},
		},
		{
			name:    "hyphens in upstream version and colons after the epoch",
			content: "Package: a\nStatus: install ok installed\nArchitecture: amd64\nVersion: 2:1.0-rc1:x-3ubuntu1\n",
			want:    []inventory.Package{deb("a", 2, "1.0-rc1:x", "3ubuntu1", "amd64", "a", 2, "1.0-rc1:x", "3ubuntu1", status)},
		},
		{
			name:    "source version with epoch and missing architecture",
			content: "Package: a\nStatus: install ok installed\nSource: src (1:2.0-1)\nVersion: 2.0-1+b1\n",
			want:    []inventory.Package{deb("a", 0, "2.0", "1+b1", "", "src", 1, "2.0", "1", status)},
		},
		{
			name:    "unparseable source version falls back to the binary's",
			content: "Package: a\nStatus: install ok installed\nArchitecture: amd64\nSource: src (:)\nVersion: 2.0-1\n",
			want:    []inventory.Package{deb("a", 0, "2.0", "1", "amd64", "src", 0, "2.0", "1", status)},
		},
		{
			name:    "all stanzas not installed is not an error",
			content: "Package: a\nStatus: deinstall ok config-files\nVersion: 1-1\n",
		},
		{
			name:    "binary garbage",
			content: "\x7fELF\x02\x01\x01\x00\x00\x00\n\x00\x00",
			wantErr: ErrNoPackages,
		},
		{
			name:    "text that is not a status file",
			content: "<html>\n<body>hello</body>\n</html>\n",
			wantErr: ErrNoPackages,
		},
	}
	a := New()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := tt.path
			if path == "" {
				path = status
			}
			got, err := a.Parse(context.Background(), path, []byte(tt.content))
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got\n%s\nwant\n%s", dump(got), dump(tt.want))
			}
		})
	}
}

func TestParseVersion(t *testing.T) {
	tests := []struct {
		in               string
		epoch            int
		version, release string
		ok               bool
	}{
		{"1.0", 0, "1.0", "", true},
		{"1.0-1", 0, "1.0", "1", true},
		{"0:1.0-1", 0, "1.0", "1", true},
		{"1:2.38.1-5+deb12u3", 1, "2.38.1", "5+deb12u3", true},
		{"1.2-3-4", 0, "1.2-3", "4", true},
		{"3.0.11-1~deb12u2", 0, "3.0.11", "1~deb12u2", true},
		{"", 0, "", "", false},
		{":1.0", 0, "", "", false},
		{"a:1.0", 0, "", "", false},
		{"-1:1.0", 0, "", "", false},
		{"+1:1.0", 0, "", "", false},
		{"99999999999:1.0", 0, "", "", false},
		{"1:", 0, "", "", false},
		{"1.0-", 0, "", "", false},
		{"-1", 0, "", "", false},
		{"1.0 -1", 0, "", "", false},
		{"1.0\x00", 0, "", "", false},
	}
	for _, tt := range tests {
		e, v, r, ok := parseVersion(tt.in)
		if e != tt.epoch || v != tt.version || r != tt.release || ok != tt.ok {
			t.Errorf("parseVersion(%q) = %d, %q, %q, %v", tt.in, e, v, r, ok)
		}
	}
}

func TestRequired(t *testing.T) {
	a := New()
	entries, err := os.ReadDir(filepath.Join(testdata, "status.d"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		p := "var/lib/dpkg/status.d/" + e.Name()
		if want := !strings.HasSuffix(e.Name(), ".md5sums"); a.Required(p) != want {
			t.Errorf("Required(%q) = %v", p, !want)
		}
	}
	for _, p := range []string{"var/lib/dpkg/status-old", "var/lib/dpkg/status.d", "var/lib/dpkg/status.d/", "var/lib/dpkg/status.d/a/b", "var/lib/dpkg/available", "/var/lib/dpkg/status"} {
		if a.Required(p) {
			t.Errorf("Required(%q) = true", p)
		}
	}
}

func TestTooManyStanzas(t *testing.T) {
	var b strings.Builder
	for range maxStanzas + 1 {
		b.WriteString("Package: a\n\n")
	}
	if _, err := New().Parse(context.Background(), "var/lib/dpkg/status", []byte(b.String())); err == nil {
		t.Fatal("no error for too many stanzas")
	}
}

func TestOverlongValueIsMalformed(t *testing.T) {
	content := "Package: a\nStatus: install ok installed\nVersion: 1." + strings.Repeat("0", maxValueLen) + "\n\nPackage: b\nStatus: install ok installed\nVersion: 1\n"
	got, err := New().Parse(context.Background(), "var/lib/dpkg/status", []byte(content))
	if err != nil || len(got) != 1 || got[0].Name != "b" {
		t.Fatalf("got %v, %v", dump(got), err)
	}
}

func TestCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	content := strings.Repeat("Package: a\nStatus: install ok installed\nVersion: 1\n\n", 70000)
	if _, err := New().Parse(ctx, "var/lib/dpkg/status", []byte(content)); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
}

func dump(pkgs []inventory.Package) string {
	var b strings.Builder
	for _, p := range pkgs {
		b.WriteString("  ")
		b.WriteString(strings.Join([]string{p.Name, p.FullVersion(), p.Arch, p.SrcName, p.FullSrcVersion(), p.Path}, " | "))
		b.WriteString("\n")
	}
	return b.String()
}

func FuzzParse(f *testing.F) {
	for _, name := range []string{"status", "status.d/libssl3", "status.d/base-files"} {
		if b, err := os.ReadFile(filepath.Join(testdata, name)); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("Package: a\r\nStatus: install ok installed\r\nVersion: 1:2-3\r\nSource: b (4:5-6)\r\n\r\n"))
	f.Add([]byte(" x\nPackage:\n:\n\n\n"))
	a := New()
	f.Fuzz(func(t *testing.T, content []byte) {
		for _, path := range []string{"var/lib/dpkg/status", "var/lib/dpkg/status.d/x"} {
			pkgs, err := a.Parse(context.Background(), path, content)
			if err != nil {
				if pkgs != nil {
					t.Fatal("packages returned with an error")
				}
				continue
			}
			for _, p := range pkgs {
				if p.Name == "" || p.Version == "" || p.SrcName == "" || p.SrcVersion == "" || p.Ecosystem != inventory.EcosystemDeb || p.Path != path {
					t.Fatalf("incomplete package %+v", p)
				}
				if p.Epoch < 0 || p.SrcEpoch < 0 {
					t.Fatalf("negative epoch %+v", p)
				}
			}
		}
	})
}
