// Package purl builds package URLs (https://github.com/package-url/purl-spec)
// for OS packages. The package analyzers cannot build them: a purl names the
// distribution, and a package database does not know which one it belongs
// to, so they are built once the image's OS is known, after the layers are
// merged.
package purl

import (
	"strconv"

	packageurl "github.com/package-url/packageurl-go"

	"github.com/palisadesec/palisade/pkg/inventory"
)

// defaultNamespace names the distribution when the OS is unknown, for the
// ecosystems that belong to one distribution family. RPM is used too widely
// to guess.
var defaultNamespace = map[string]string{
	inventory.EcosystemDeb: "debian",
	inventory.EcosystemAPK: "alpine",
}

var purlType = map[string]string{
	inventory.EcosystemDeb: packageurl.TypeDebian,
	inventory.EcosystemAPK: packageurl.TypeApk,
	inventory.EcosystemRPM: packageurl.TypeRPM,
}

// For returns the purl of an OS package installed on os, such as
// pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12, or ""
// for ecosystems other than deb, apk and rpm. The namespace is the OS family;
// the version is version-release, with a non-zero epoch in the epoch
// qualifier as the purl spec has it for rpm (and as scanners do for deb); the
// distro qualifier is family-version.
func For(os inventory.OS, p inventory.Package) string {
	typ, ok := purlType[p.Ecosystem]
	if !ok || p.Name == "" {
		return ""
	}
	namespace := os.Family
	if namespace == "" {
		namespace = defaultNamespace[p.Ecosystem]
	}
	version := p.Version
	if p.Release != "" {
		version += "-" + p.Release
	}
	// Qualifiers in key order, as the canonical form wants them.
	var q packageurl.Qualifiers
	if p.Arch != "" {
		q = append(q, packageurl.Qualifier{Key: "arch", Value: p.Arch})
	}
	if os.Family != "" {
		distro := os.Family
		if os.Version != "" {
			distro += "-" + os.Version
		}
		q = append(q, packageurl.Qualifier{Key: "distro", Value: distro})
	}
	if p.Epoch != 0 {
		q = append(q, packageurl.Qualifier{Key: "epoch", Value: strconv.Itoa(p.Epoch)})
	}
	return packageurl.NewPackageURL(typ, namespace, p.Name, version, q, "").ToString()
}
