package imagetest

import (
	"path/filepath"

	v1 "github.com/google/go-containerregistry/pkg/v1"
)

// Debian12 is the repository's two-layer Debian 12 fixture image: layer one
// installs a real package set (dpkg status from a Debian 12 system with some
// older versions), layer two upgrades OpenSSL, as `apt-get upgrade` would.
// testdata is the path of the repository's testdata directory.
func Debian12(testdata string) (v1.Image, error) {
	dir := filepath.Join(testdata, "images", "debian12")
	l1, err := ReadFiles(map[string]string{
		"usr/lib/os-release":  filepath.Join(dir, "os-release"),
		"etc/debian_version":  filepath.Join(dir, "debian_version"),
		"var/lib/dpkg/status": filepath.Join(dir, "status.layer1"),
	})
	if err != nil {
		return nil, err
	}
	l2, err := ReadFiles(map[string]string{"var/lib/dpkg/status": filepath.Join(dir, "status.layer2")})
	if err != nil {
		return nil, err
	}
	return Image("amd64",
		Layer{Files: l1, Symlinks: map[string]string{"etc/os-release": "../usr/lib/os-release"}},
		Layer{Files: l2},
	)
}
