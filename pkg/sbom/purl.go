package sbom

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	packageurl "github.com/package-url/packageurl-go"

	"github.com/palisadesec/palisade/pkg/inventory"
)

// ecosystemOf maps purl types to palisade ecosystems; the purl formats are
// those of pkg/analyzer/purl.
var ecosystemOf = map[string]string{
	packageurl.TypeDebian:   inventory.EcosystemDeb,
	packageurl.TypeApk:      inventory.EcosystemAPK,
	packageurl.TypeRPM:      inventory.EcosystemRPM,
	packageurl.TypeGolang:   inventory.EcosystemGo,
	packageurl.TypeNPM:      inventory.EcosystemNpm,
	packageurl.TypePyPi:     inventory.EcosystemPip,
	packageurl.TypeMaven:    inventory.EcosystemMaven,
	packageurl.TypeGem:      inventory.EcosystemRubyGems,
	packageurl.TypeCargo:    inventory.EcosystemCargo,
	packageurl.TypeComposer: inventory.EcosystemComposer,
	packageurl.TypeNuget:    inventory.EcosystemNuGet,
}

// FromPURL rebuilds the package a purl names: the name as the ecosystem
// spells it (Go module path, npm @scope/name, Maven group:artifact, Composer
// vendor/name) and, for OS packages, the epoch, version and release apart
// and the source package from the upstream qualifier, or the binary
// package itself when there is none.
func FromPURL(purl string) (inventory.Package, error) {
	p, _, err := parsePURL(purl)
	return p, err
}

func parsePURL(s string) (inventory.Package, *inventory.OS, error) {
	u, err := packageurl.FromString(s)
	if err != nil {
		return inventory.Package{}, nil, fmt.Errorf("parsing purl %q: %w", s, err)
	}
	eco, ok := ecosystemOf[u.Type]
	if !ok {
		return inventory.Package{}, nil, fmt.Errorf("purl %q: unsupported type %q", s, u.Type)
	}
	q := u.Qualifiers.Map()
	name := u.Name
	switch u.Type {
	case packageurl.TypeGolang:
		// The parser lowercases Go module paths, but module paths are
		// case-sensitive and vulnerability data is keyed by the real one.
		name = u.Name
		if u.Namespace != "" {
			name = u.Namespace + "/" + u.Name
		}
		if raw := rawPath(s); strings.EqualFold(raw, name) {
			name = raw
		}
	case packageurl.TypeNPM, packageurl.TypeComposer:
		if u.Namespace != "" {
			name = u.Namespace + "/" + u.Name
		}
	case packageurl.TypeMaven:
		if u.Namespace != "" {
			name = u.Namespace + ":" + u.Name
		}
	}
	p, err := build(eco, name, u.Version, q)
	if err != nil {
		return inventory.Package{}, nil, fmt.Errorf("purl %q: %w", s, err)
	}
	p.PURL = s
	var distro *inventory.OS
	if inventory.IsOS(eco) && q["distro"] != "" {
		distro = parseDistro(q["distro"])
	}
	return p, distro, nil
}

// build makes a package from its ecosystem, name, version and purl
// qualifiers, splitting OS package versions as the package analyzers do.
func build(eco, name, version string, q map[string]string) (inventory.Package, error) {
	if name == "" {
		return inventory.Package{}, errors.New("no name")
	}
	if version == "" {
		return inventory.Package{}, errors.New("no version")
	}
	if _, ok := ecosystemOf[purlTypeOf(eco)]; !ok {
		return inventory.Package{}, fmt.Errorf("unsupported ecosystem %q", eco)
	}
	p := inventory.Package{Name: name, Version: version, Ecosystem: eco}
	if !inventory.IsOS(eco) {
		return p, nil
	}
	p.SrcName, p.Arch = name, q["arch"]
	epoch, version, err := splitEpoch(version, q["epoch"])
	if err != nil {
		return inventory.Package{}, err
	}
	p.Epoch, p.Version = epoch, version
	if eco != inventory.EcosystemAPK {
		// apk versions such as 1.36.1-r15 keep the -rN suffix, as the
		// apk analyzer stores them; deb and rpm split at the last '-'.
		p.Version, p.Release = splitRelease(version)
	}
	if p.Version == "" {
		return inventory.Package{}, fmt.Errorf("invalid version %q", version)
	}
	p.SrcVersion, p.SrcRelease, p.SrcEpoch = p.Version, p.Release, p.Epoch
	if up := q["upstream"]; up != "" {
		applyUpstream(&p, up)
	}
	return p, nil
}

// purlTypeOf is the inverse of ecosystemOf.
func purlTypeOf(eco string) string {
	for t, e := range ecosystemOf {
		if e == eco {
			return t
		}
	}
	return ""
}

// splitEpoch takes the epoch from the qualifier, as palisade and the purl
// spec put it, or from an "N:" prefix of the version, as some tools do.
func splitEpoch(version, qualifier string) (int, string, error) {
	if qualifier != "" {
		e, err := strconv.ParseUint(qualifier, 10, 31)
		if err != nil {
			return 0, "", fmt.Errorf("invalid epoch %q", qualifier)
		}
		return int(e), version, nil
	}
	if i := strings.IndexByte(version, ':'); i > 0 {
		if e, err := strconv.ParseUint(version[:i], 10, 31); err == nil {
			return int(e), version[i+1:], nil
		}
	}
	return 0, version, nil
}

func splitRelease(v string) (version, release string) {
	if i := strings.LastIndexByte(v, '-'); i >= 0 {
		return v[:i], v[i+1:]
	}
	return v, ""
}

// applyUpstream reads the source package from the upstream qualifier in the
// forms other tools write it: "glibc", "glibc@2.36-9" (deb, apk) or
// "openssl-3.0.7-25.el9_3.src.rpm" (rpm).
func applyUpstream(p *inventory.Package, up string) {
	if p.Ecosystem == inventory.EcosystemRPM {
		if base, ok := strings.CutSuffix(up, ".src.rpm"); ok {
			rest, release := splitRelease(base)
			name, version := splitRelease(rest)
			if name != "" && version != "" && release != "" {
				p.SrcName, p.SrcVersion, p.SrcRelease = name, version, release
			}
			return
		}
	}
	name, version, ok := strings.Cut(up, "@")
	if name == "" {
		return
	}
	p.SrcName = name
	if !ok || version == "" {
		return
	}
	epoch, version, err := splitEpoch(version, "")
	if err != nil {
		return
	}
	p.SrcEpoch, p.SrcVersion, p.SrcRelease = epoch, version, ""
	if p.Ecosystem != inventory.EcosystemAPK {
		p.SrcVersion, p.SrcRelease = splitRelease(version)
	}
}

// parseDistro reads a distro qualifier such as "debian-12", "ubuntu-22.04"
// or "opensuse-leap-15.5": the version starts at the first '-' followed by
// a digit.
func parseDistro(s string) *inventory.OS {
	for i := 0; i+1 < len(s); i++ {
		if s[i] == '-' && s[i+1] >= '0' && s[i+1] <= '9' {
			return &inventory.OS{Family: normalizeFamily(s[:i]), Version: s[i+1:]}
		}
	}
	return &inventory.OS{Family: normalizeFamily(s)}
}

// rawPath returns the namespace/name of a purl with the case it was
// written in; the caller checks it against the parsed one.
func rawPath(s string) string {
	s = s[strings.IndexByte(s, ':')+1:]
	s = strings.TrimLeft(s, "/")
	s = s[strings.IndexByte(s, '/')+1:]
	if i := strings.IndexAny(s, "?#"); i >= 0 {
		s = s[:i]
	}
	if i := strings.LastIndexByte(s, '@'); i >= 0 {
		s = s[:i]
	}
	segs := strings.Split(strings.Trim(s, "/"), "/")
	for i, seg := range segs {
		if d, err := url.PathUnescape(seg); err == nil {
			segs[i] = d
		}
	}
	return strings.Join(segs, "/")
}
