package python

import (
	"context"
	"errors"
	"path"
	"strings"

	"github.com/palisadesec/palisade/pkg/inventory"
)

// ErrNoMetadata is returned for a metadata file without both a Name and a
// Version header.
var ErrNoMetadata = errors.New("no Name and Version in package metadata")

// Installed reads the core metadata of installed distributions. It is the
// analyzer for images, where what was installed is on disk.
type Installed struct{}

// NewInstalled returns the analyzer of installed distributions' metadata.
func NewInstalled() *Installed { return &Installed{} }

// Name is the analyzer's stable name.
func (*Installed) Name() string { return "python-installed" }

// Version changes whenever Parse may return something different for the same file.
func (*Installed) Version() int { return 1 }

// Required reports whether path is core metadata in one of the layouts
// installers leave: NAME-VER.dist-info/METADATA (wheels, pip), and for
// setuptools' eggs NAME-VER.egg-info/PKG-INFO, a NAME-VER.egg-info file
// holding the same (distutils, Debian's python3-* packages), or
// EGG-INFO/PKG-INFO inside an unzipped .egg.
func (*Installed) Required(p string) bool {
	dir, base := path.Split(p)
	dir = path.Base(strings.TrimSuffix(dir, "/"))
	switch {
	case base == "METADATA":
		return len(dir) > len(".dist-info") && strings.HasSuffix(dir, ".dist-info")
	case base == "PKG-INFO":
		return dir == "EGG-INFO" || len(dir) > len(".egg-info") && strings.HasSuffix(dir, ".egg-info")
	}
	return len(base) > len(".egg-info") && strings.HasSuffix(base, ".egg-info")
}

// Parse returns the distribution the metadata at path describes. The format
// is RFC 822 headers followed by the description; only the Name and Version
// headers are read, and the body is not, since a description may quote
// headers of its own.
func (*Installed) Parse(_ context.Context, p string, content []byte) ([]inventory.Package, error) {
	var name, version string
	var haveName, haveVersion bool
	for line := range lines(text(content)) {
		if strings.TrimSpace(line) == "" {
			break
		}
		// Continuation lines (of Description, License, Classifier…) and
		// lines that are not headers are not Name or Version.
		field, value, ok := strings.Cut(line, ":")
		if !ok || line[0] == ' ' || line[0] == '\t' {
			continue
		}
		// Metadata 2.x allows repeating only multiple-use fields; should a
		// file repeat Name or Version anyway, the first one counts.
		switch {
		case !haveName && strings.EqualFold(field, "Name"):
			name, haveName = strings.TrimSpace(value), true
		case !haveVersion && strings.EqualFold(field, "Version"):
			version, haveVersion = strings.TrimSpace(value), true
		}
		if haveName && haveVersion {
			break
		}
	}
	if name == "" || version == "" {
		return nil, ErrNoMetadata
	}
	c := newCollector(p)
	if err := c.add(name, version); err != nil {
		return nil, err
	}
	return c.result(), nil
}
