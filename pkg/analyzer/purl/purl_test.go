package purl

import (
	"testing"

	"github.com/palisadesec/palisade/pkg/inventory"
)

func TestFor(t *testing.T) {
	cases := []struct {
		os   inventory.OS
		p    inventory.Package
		want string
	}{
		{inventory.OS{Family: "debian", Version: "12"}, inventory.Package{Name: "libssl3", Version: "3.0.11", Release: "1~deb12u2", Arch: "amd64", Ecosystem: "deb"},
			"pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12"},
		{inventory.OS{Family: "debian", Version: "12"}, inventory.Package{Name: "zlib1g", Epoch: 1, Version: "1.2.13.dfsg", Release: "1", Arch: "amd64", Ecosystem: "deb"},
			"pkg:deb/debian/zlib1g@1.2.13.dfsg-1?arch=amd64&distro=debian-12&epoch=1"},
		{inventory.OS{Family: "alpine", Version: "3.19.1"}, inventory.Package{Name: "busybox", Version: "1.36.1-r15", Arch: "x86_64", Ecosystem: "apk"},
			"pkg:apk/alpine/busybox@1.36.1-r15?arch=x86_64&distro=alpine-3.19.1"},
		{inventory.OS{Family: "rocky", Version: "9.3"}, inventory.Package{Name: "openssl-libs", Epoch: 1, Version: "3.0.7", Release: "25.el9_3", Arch: "x86_64", Ecosystem: "rpm"},
			"pkg:rpm/rocky/openssl-libs@3.0.7-25.el9_3?arch=x86_64&distro=rocky-9.3&epoch=1"},
		{inventory.OS{Family: "debian"}, inventory.Package{Name: "x", Version: "1", Ecosystem: "cocoapods"}, ""},
	}
	for _, tc := range cases {
		if got := For(&tc.os, tc.p); got != tc.want {
			t.Errorf("For(%s) = %q, want %q", tc.p.Name, got, tc.want)
		}
	}
}

func TestLanguage(t *testing.T) {
	cases := []struct {
		p    inventory.Package
		want string
	}{
		{inventory.Package{Name: "golang.org/x/net", Version: "v0.17.0", Ecosystem: "go"}, "pkg:golang/golang.org/x/net@v0.17.0"},
		{inventory.Package{Name: "@babel/core", Version: "7.23.0", Ecosystem: "npm"}, "pkg:npm/%40babel/core@7.23.0"},
		{inventory.Package{Name: "lodash", Version: "4.17.20", Ecosystem: "npm"}, "pkg:npm/lodash@4.17.20"},
		{inventory.Package{Name: "Django_Rest", Version: "1.0", Ecosystem: "pip"}, "pkg:pypi/django-rest@1.0"},
		{inventory.Package{Name: "org.apache.logging.log4j:log4j-core", Version: "2.14.1", Ecosystem: "maven"}, "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"},
		{inventory.Package{Name: "rack", Version: "2.2.3", Ecosystem: "rubygems"}, "pkg:gem/rack@2.2.3"},
		{inventory.Package{Name: "tokio", Version: "1.0.0", Ecosystem: "cargo"}, "pkg:cargo/tokio@1.0.0"},
		{inventory.Package{Name: "guzzlehttp/guzzle", Version: "7.4.0", Ecosystem: "composer"}, "pkg:composer/guzzlehttp/guzzle@7.4.0"},
		{inventory.Package{Name: "Newtonsoft.Json", Version: "12.0.1", Ecosystem: "nuget"}, "pkg:nuget/Newtonsoft.Json@12.0.1"},
	}
	for _, tc := range cases {
		if got := For(nil, tc.p); got != tc.want {
			t.Errorf("For(%s) = %q, want %q", tc.p.Name, got, tc.want)
		}
	}
}
