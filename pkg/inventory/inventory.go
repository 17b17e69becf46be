// Package inventory describes what a scanned artefact contains: its operating
// system and its installed packages, each tied to the layer and file it came from.
package inventory

import "strconv"

// OS identifies an operating system distribution and release.
type OS struct {
	Family  string `json:"family"`
	Version string `json:"version"`
	Name    string `json:"name,omitempty"`
}

// Ecosystems of OS packages.
const (
	EcosystemDeb = "deb"
	EcosystemAPK = "apk"
	EcosystemRPM = "rpm"
)

// Ecosystems of language packages, named as trivy-db names them.
const (
	EcosystemGo       = "go"
	EcosystemNpm      = "npm"
	EcosystemPip      = "pip"
	EcosystemMaven    = "maven"
	EcosystemRubyGems = "rubygems"
	EcosystemCargo    = "cargo"
	EcosystemComposer = "composer"
	EcosystemNuGet    = "nuget"
)

// IsOS reports whether packages of the ecosystem are OS packages, matched
// against the distribution's advisories.
func IsOS(ecosystem string) bool {
	return ecosystem == EcosystemDeb || ecosystem == EcosystemAPK || ecosystem == EcosystemRPM
}

// Package is one installed package.
type Package struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	Release string `json:"release,omitempty"`
	Epoch   int    `json:"epoch,omitempty"`
	Arch    string `json:"arch,omitempty"`

	SrcName    string `json:"srcName,omitempty"`
	SrcVersion string `json:"srcVersion,omitempty"`
	SrcRelease string `json:"srcRelease,omitempty"`
	SrcEpoch   int    `json:"srcEpoch,omitempty"`

	Ecosystem string `json:"ecosystem"`
	PURL      string `json:"purl,omitempty"`
	// Layer is the diffID of the layer that introduced this version.
	Layer string `json:"layer,omitempty"`
	// Path is the package database file the package was read from.
	Path string `json:"path,omitempty"`
}

// FullVersion renders epoch:version-release as the package manager would.
func (p Package) FullVersion() string {
	return formatVersion(p.Epoch, p.Version, p.Release)
}

// FullSrcVersion renders the source package's epoch:version-release.
func (p Package) FullSrcVersion() string {
	if p.SrcVersion == "" {
		return p.FullVersion()
	}
	return formatVersion(p.SrcEpoch, p.SrcVersion, p.SrcRelease)
}

func formatVersion(epoch int, version, release string) string {
	v := version
	if release != "" {
		v += "-" + release
	}
	if epoch != 0 {
		v = strconv.Itoa(epoch) + ":" + v
	}
	return v
}

// Inventory is everything found in a target.
type Inventory struct {
	OS       *OS       `json:"os,omitempty"`
	Packages []Package `json:"packages"`
}
