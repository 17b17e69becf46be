package purl

import (
	"testing"

	"github.com/palisadesec/palisade/pkg/inventory"
)

func TestForEdgeCases(t *testing.T) {
	tests := []struct {
		name string
		os   inventory.OS
		p    inventory.Package
		want string
	}{
		{
			name: "ubuntu namespace",
			os:   inventory.OS{Family: "ubuntu", Version: "22.04"},
			p:    inventory.Package{Name: "libc6", Version: "2.35", Release: "0ubuntu3.6", Arch: "amd64", Ecosystem: inventory.EcosystemDeb},
			want: "pkg:deb/ubuntu/libc6@2.35-0ubuntu3.6?arch=amd64&distro=ubuntu-22.04",
		},
		{
			name: "native deb version",
			os:   inventory.OS{Family: "debian", Version: "12"},
			p:    inventory.Package{Name: "base-files", Version: "12.4+deb12u5", Arch: "amd64", Ecosystem: inventory.EcosystemDeb},
			want: "pkg:deb/debian/base-files@12.4%2Bdeb12u5?arch=amd64&distro=debian-12",
		},
		{
			name: "unknown OS keeps the family default and no distro",
			p:    inventory.Package{Name: "musl", Version: "1.2.4-r2", Arch: "x86_64", Ecosystem: inventory.EcosystemAPK},
			want: "pkg:apk/alpine/musl@1.2.4-r2?arch=x86_64",
		},
		{
			name: "unknown OS for rpm has no namespace",
			p:    inventory.Package{Name: "bash", Version: "5.1.8", Release: "6.el9", Arch: "x86_64", Ecosystem: inventory.EcosystemRPM},
			want: "pkg:rpm/bash@5.1.8-6.el9?arch=x86_64",
		},
		{
			name: "rolling distribution without a version",
			os:   inventory.OS{Family: "wolfi"},
			p:    inventory.Package{Name: "glibc", Version: "2.39-r1", Arch: "x86_64", Ecosystem: inventory.EcosystemAPK},
			want: "pkg:apk/wolfi/glibc@2.39-r1?arch=x86_64&distro=wolfi",
		},
		{
			name: "no arch",
			os:   inventory.OS{Family: "amazon", Version: "2023"},
			p:    inventory.Package{Name: "gpg-pubkey", Version: "d832c631", Release: "6515c85e", Ecosystem: inventory.EcosystemRPM},
			want: "pkg:rpm/amazon/gpg-pubkey@d832c631-6515c85e?distro=amazon-2023",
		},
		{
			name: "no name",
			os:   inventory.OS{Family: "debian", Version: "12"},
			p:    inventory.Package{Version: "1", Ecosystem: inventory.EcosystemDeb},
			want: "",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := For(&tt.os, tt.p); got != tt.want {
				t.Errorf("For = %q, want %q", got, tt.want)
			}
		})
	}
}
