package sbom

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/palisadesec/palisade/pkg/inventory"
)

func decodeFile(t *testing.T, name string) *Document {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "..", "testdata", "sbom", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return doc
}

func byName(doc *Document) map[string]inventory.Package {
	m := map[string]inventory.Package{}
	for _, p := range doc.Packages {
		m[p.Name] = p
	}
	return m
}

// Other tools' BOMs: Syft-style upstream qualifiers, epochs in the version,
// Trivy properties, components that are not packages.
func TestDecodeCycloneDXJSON(t *testing.T) {
	doc := decodeFile(t, "alpine.cdx.json")
	if doc.Format != FormatCycloneDXJSON || doc.SpecVersion != "1.5" || doc.Target != "alpine:3.19" {
		t.Errorf("document %+v", doc)
	}
	if doc.OS == nil || *doc.OS != (inventory.OS{Family: "alpine", Version: "3.19.1"}) {
		t.Errorf("OS = %+v", doc.OS)
	}
	// The file and the GitHub action are not scannable packages.
	if len(doc.Packages) != 3 || doc.Skipped != 2 {
		t.Fatalf("%d packages, %d skipped: %+v", len(doc.Packages), doc.Skipped, doc.Packages)
	}
	pkgs := byName(doc)
	want := inventory.Package{Name: "ssl_client", Version: "1.36.1-r15", Arch: "x86_64", SrcName: "busybox", SrcVersion: "1.36.1-r15",
		Ecosystem: "apk", PURL: "pkg:apk/alpine/ssl_client@1.36.1-r15?arch=x86_64&upstream=busybox&distro=alpine-3.19.1"}
	if got := pkgs["ssl_client"]; got != want {
		t.Errorf("ssl_client:\n got %+v\nwant %+v", got, want)
	}
	if got := pkgs["busybox"].SrcName; got != "busybox" {
		t.Errorf("busybox source %q, want itself", got)
	}
	// Module paths keep their case; the Trivy file path property is read.
	g, ok := pkgs["github.com/Masterminds/semver/v3"]
	if !ok || g.Ecosystem != "go" || g.Version != "v3.2.1" || g.Path != "usr/local/bin/tool" || g.SrcName != "" {
		t.Errorf("go module %+v (all: %+v)", g, pkgs)
	}
}

func TestDecodeCycloneDXXML(t *testing.T) {
	doc := decodeFile(t, "debian.cdx.xml")
	if doc.Format != FormatCycloneDXXML || doc.SpecVersion != "1.5" || doc.Target != "debian:12" {
		t.Errorf("document %+v", doc)
	}
	// No operating-system component: the distro qualifier names it.
	if doc.OS == nil || *doc.OS != (inventory.OS{Family: "debian", Version: "12"}) {
		t.Errorf("OS = %+v", doc.OS)
	}
	if doc.Skipped != 1 {
		t.Errorf("%d skipped, want 1", doc.Skipped)
	}
	pkgs := byName(doc)
	for name, want := range map[string]inventory.Package{
		"bsdutils": {Name: "bsdutils", Epoch: 1, Version: "2.38.1", Release: "5+deb12u1", Arch: "amd64",
			SrcName: "util-linux", SrcEpoch: 0, SrcVersion: "2.38.1", SrcRelease: "5+deb12u1", Ecosystem: "deb"},
		"libc6": {Name: "libc6", Version: "2.36", Release: "9+deb12u4", Arch: "amd64", SrcName: "glibc", SrcVersion: "2.36", SrcRelease: "9+deb12u4",
			Ecosystem: "deb", Path: "var/lib/dpkg/status", Layer: "sha256:1111"},
		"libc-bin": {Name: "libc-bin", Version: "2.36", Release: "9+deb12u4", Arch: "amd64", SrcName: "glibc", SrcVersion: "2.36", SrcRelease: "9+deb12u4", Ecosystem: "deb"},
		"requests": {Name: "requests", Version: "2.31.0", Ecosystem: "pip"},
	} {
		got := pkgs[name]
		got.PURL = ""
		if got != want {
			t.Errorf("%s:\n got %+v\nwant %+v", name, got, want)
		}
	}
}

func TestDecodeSPDX(t *testing.T) {
	doc := decodeFile(t, "rhel.spdx.json")
	if doc.Format != FormatSPDXJSON || doc.SpecVersion != "SPDX-2.2" || doc.Target != "registry.access.redhat.com/ubi9:9.3" {
		t.Errorf("document %+v", doc)
	}
	// os-release's "rhel" is the "redhat" family.
	if doc.OS == nil || *doc.OS != (inventory.OS{Family: "redhat", Version: "9.3"}) {
		t.Errorf("OS = %+v", doc.OS)
	}
	if len(doc.Packages) != 2 || doc.Skipped != 1 {
		t.Fatalf("%d packages, %d skipped: %+v", len(doc.Packages), doc.Skipped, doc.Packages)
	}
	pkgs := byName(doc)
	want := inventory.Package{Name: "openssl-libs", Epoch: 1, Version: "3.0.7", Release: "25.el9_3", Arch: "x86_64",
		SrcName: "openssl", SrcEpoch: 1, SrcVersion: "3.0.7", SrcRelease: "25.el9_3", Ecosystem: "rpm"}
	got := pkgs["openssl-libs"]
	got.PURL = ""
	if got != want {
		t.Errorf("openssl-libs:\n got %+v\nwant %+v", got, want)
	}
	if b := pkgs["bash"]; b.SrcName != "bash" || b.Path != "var/lib/rpm/rpmdb.sqlite" || b.FullVersion() != "5.1.8-6.el9_1" {
		t.Errorf("bash %+v", b)
	}
}

func TestFromPURL(t *testing.T) {
	for _, tc := range []struct {
		purl string
		want inventory.Package
	}{
		{"pkg:npm/%40angular/core@16.0.0", inventory.Package{Name: "@angular/core", Version: "16.0.0", Ecosystem: "npm"}},
		{"pkg:maven/org.yaml/snakeyaml@1.33", inventory.Package{Name: "org.yaml:snakeyaml", Version: "1.33", Ecosystem: "maven"}},
		{"pkg:composer/laravel/framework@10.0.0", inventory.Package{Name: "laravel/framework", Version: "10.0.0", Ecosystem: "composer"}},
		{"pkg:gem/rails@7.0.4", inventory.Package{Name: "rails", Version: "7.0.4", Ecosystem: "rubygems"}},
		{"pkg:cargo/time@0.1.44", inventory.Package{Name: "time", Version: "0.1.44", Ecosystem: "cargo"}},
		{"pkg:nuget/System.Text.Json@6.0.0", inventory.Package{Name: "System.Text.Json", Version: "6.0.0", Ecosystem: "nuget"}},
		{"pkg:golang/golang.org/x/net@v0.17.0", inventory.Package{Name: "golang.org/x/net", Version: "v0.17.0", Ecosystem: "go"}},
		{"pkg:golang/stdlib@v1.21.0", inventory.Package{Name: "stdlib", Version: "v1.21.0", Ecosystem: "go"}},
		{"pkg:deb/ubuntu/zlib1g@1:1.2.13.dfsg-1ubuntu4?distro=ubuntu-23.04", inventory.Package{Name: "zlib1g", Epoch: 1, Version: "1.2.13.dfsg",
			Release: "1ubuntu4", SrcName: "zlib1g", SrcEpoch: 1, SrcVersion: "1.2.13.dfsg", SrcRelease: "1ubuntu4", Ecosystem: "deb"}},
		{"pkg:deb/debian/base-files@12.4%2Bdeb12u5", inventory.Package{Name: "base-files", Version: "12.4+deb12u5", SrcName: "base-files",
			SrcVersion: "12.4+deb12u5", Ecosystem: "deb"}},
	} {
		got, err := FromPURL(tc.purl)
		if err != nil {
			t.Errorf("%s: %v", tc.purl, err)
			continue
		}
		tc.want.PURL = tc.purl
		if got != tc.want {
			t.Errorf("%s:\n got %+v\nwant %+v", tc.purl, got, tc.want)
		}
	}
	for _, bad := range []string{"", "not a purl", "pkg:npm/left-pad", "pkg:github/a/b@1", "pkg:rpm/redhat/bash@5.1?epoch=x", "pkg:deb/debian/x@-1"} {
		if p, err := FromPURL(bad); err == nil {
			t.Errorf("%q accepted: %+v", bad, p)
		}
	}
}

func TestParseDistro(t *testing.T) {
	for in, want := range map[string]inventory.OS{
		"debian-12":          {Family: "debian", Version: "12"},
		"ubuntu-22.04":       {Family: "ubuntu", Version: "22.04"},
		"opensuse-leap-15.5": {Family: "opensuse-leap", Version: "15.5"},
		"amzn-2023":          {Family: "amazon", Version: "2023"},
		"wolfi":              {Family: "wolfi"},
	} {
		if got := parseDistro(in); *got != want {
			t.Errorf("%s: got %+v, want %+v", in, *got, want)
		}
	}
}

func TestDecodeRejects(t *testing.T) {
	for name, tc := range map[string]struct {
		in   string
		want string
	}{
		"empty":          {"", "empty input"},
		"whitespace":     {" \n\t", "empty input"},
		"binary":         {"\x00\x01\x02garbage", "neither JSON nor XML"},
		"text":           {"hello world", "neither JSON nor XML"},
		"bad JSON":       {`{"bomFormat": "CycloneDX",`, "invalid JSON"},
		"JSON array":     {`[1,2,3]`, "not an object"},
		"JSON string":    {`{"bomFormat": 1}`, "not an object"},
		"other JSON":     {`{"name": "x"}`, "neither bomFormat nor spdxVersion"},
		"other bom":      {`{"bomFormat": "SWID"}`, `unknown bomFormat "SWID"`},
		"SPDX 3":         {`{"spdxVersion": "SPDX-3.0"}`, `unsupported SPDX version "SPDX-3.0"`},
		"HTML":           {`<html><body>hi</body></html>`, "not a CycloneDX BOM"},
		"other XML ns":   {`<bom xmlns="http://example.com/bom"/>`, "not a CycloneDX BOM"},
		"bad XML":        {`<bom xmlns="http://cyclonedx.org/schema/bom/1.5"><components><component>`, "decoding CycloneDX BOM"},
		"bad spec":       {`{"bomFormat": "CycloneDX", "specVersion": "9.9"}`, "decoding CycloneDX BOM"},
		"bad components": {`{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": {}}`, "decoding CycloneDX BOM"},
		"bad packages":   {`{"spdxVersion": "SPDX-2.3", "packages": "x"}`, "decoding SPDX document"},
	} {
		_, err := Decode(strings.NewReader(tc.in))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", name, err, tc.want)
		}
	}
	// Format errors can be told apart from I/O errors.
	if _, err := Decode(strings.NewReader("hello")); !errors.Is(err, ErrUnknownFormat) {
		t.Errorf("error %v is not ErrUnknownFormat", err)
	}
}

// endless yields bytes forever, counting how many were read.
type endless struct{ n int64 }

func (e *endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = ' '
	}
	e.n += int64(len(p))
	return len(p), nil
}

func TestDecodeLimits(t *testing.T) {
	lim := limits{size: 4096, components: 3}
	src := &endless{}
	_, err := decode(src, lim)
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("endless input: %v", err)
	}
	if src.n > 2*lim.size+64<<10 {
		t.Errorf("read %d bytes for a limit of %d", src.n, lim.size)
	}
	const comp = `{"type":"library","name":"x","version":"1","purl":"pkg:npm/x@1"}`
	for name, in := range map[string]string{
		"flat":   `{"bomFormat":"CycloneDX","specVersion":"1.6","components":[` + strings.Repeat(comp+",", 3) + comp + `]}`,
		"nested": `{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"type":"library","name":"a","components":[{"type":"library","name":"b","components":[` + comp + `,` + comp + `]}]}]}`,
		"spdx":   `{"spdxVersion":"SPDX-2.3","packages":[` + strings.Repeat(`{"SPDXID":"SPDXRef-a","name":"a"},`, 3) + `{"SPDXID":"SPDXRef-a","name":"a"}]}`,
	} {
		if _, err := decode(strings.NewReader(in), lim); !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "more than 3") {
			t.Errorf("%s: %v", name, err)
		}
	}
	// Exactly at the limits is fine.
	in := `{"bomFormat":"CycloneDX","specVersion":"1.6","components":[` + strings.Repeat(comp+",", 2) + comp + `]}`
	if doc, err := decode(strings.NewReader(in), limits{size: int64(len(in)), components: 3}); err != nil || len(doc.Packages) != 3 {
		t.Errorf("at the limits: %v", err)
	}
}

func TestDecodeReadError(t *testing.T) {
	boom := errors.New("boom")
	if _, err := Decode(io.MultiReader(strings.NewReader("{"), errReader{boom})); !errors.Is(err, boom) {
		t.Errorf("error %v does not wrap the read error", err)
	}
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// A UTF-8 byte order mark, which some Windows tools write, is not garbage.
func TestDecodeByteOrderMark(t *testing.T) {
	in := "\xef\xbb\xbf" + `{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"type":"library","name":"x","version":"1","purl":"pkg:npm/x@1"}]}`
	doc, err := Decode(bytes.NewReader([]byte(in)))
	if err != nil || len(doc.Packages) != 1 {
		t.Fatalf("%v %+v", err, doc)
	}
}
