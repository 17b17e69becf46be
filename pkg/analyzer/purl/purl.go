// Package purl builds package URLs (https://github.com/package-url/purl-spec)
// for OS and language packages. The package analyzers cannot build them: an
// OS package's purl names the distribution, and a package database does not
// know which one it belongs to, so they are built once the image's OS is
// known, after the layers are merged.
package purl

import (
	"strconv"
	"strings"

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
func For(osp *inventory.OS, p inventory.Package) string {
	if lang := language(p); lang != "" || !inventory.IsOS(p.Ecosystem) {
		return lang
	}
	var os inventory.OS
	if osp != nil {
		os = *osp
	}
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

// language returns the purl of a language package, or "".
func language(p inventory.Package) string {
	if p.Name == "" || p.Version == "" {
		return ""
	}
	var typ, namespace, name = "", "", p.Name
	switch p.Ecosystem {
	case inventory.EcosystemGo:
		typ = packageurl.TypeGolang
		namespace, name = splitLast(p.Name, "/")
	case inventory.EcosystemNpm:
		typ = packageurl.TypeNPM
		if strings.HasPrefix(p.Name, "@") {
			namespace, name = splitLast(p.Name, "/")
		}
	case inventory.EcosystemPip:
		typ = packageurl.TypePyPi
		// The purl spec's pypi names are lowercase with '-' for '_'.
		name = strings.ReplaceAll(strings.ToLower(p.Name), "_", "-")
	case inventory.EcosystemMaven:
		typ = packageurl.TypeMaven
		namespace, name = splitLast(p.Name, ":")
	case inventory.EcosystemRubyGems:
		typ = packageurl.TypeGem
	case inventory.EcosystemCargo:
		typ = packageurl.TypeCargo
	case inventory.EcosystemComposer:
		typ = packageurl.TypeComposer
		namespace, name = splitLast(p.Name, "/")
	case inventory.EcosystemNuGet:
		typ = packageurl.TypeNuget
	default:
		return ""
	}
	return packageurl.NewPackageURL(typ, namespace, name, p.Version, nil, "").ToString()
}

func splitLast(s, sep string) (string, string) {
	i := strings.LastIndex(s, sep)
	if i < 0 {
		return "", s
	}
	return s[:i], s[i+len(sep):]
}
