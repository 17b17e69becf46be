package npm

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/palisadesec/palisade/pkg/inventory"
)

// PackageJSON reads the package.json of packages installed under
// node_modules. It is the analyzer for images, where what was installed is
// on disk; a package.json outside node_modules describes a project, whose
// own name and version say nothing about what it depends on.
type PackageJSON struct{}

// NewPackageJSON returns the analyzer of installed package.json files.
func NewPackageJSON() *PackageJSON { return &PackageJSON{} }

// Name is the analyzer's stable name.
func (*PackageJSON) Name() string { return "npm-installed" }

// Version changes whenever Parse may return something different for the same file.
func (*PackageJSON) Version() int { return 1 }

// Required reports whether path is the package.json at the root of a package
// directory under node_modules: node_modules/name/package.json or
// node_modules/@scope/name/package.json, at any depth. Packages also ship
// package.json files in subdirectories (rxjs/ajax/package.json) that only
// steer module resolution and carry no version; and directories such as
// node_modules/.pnpm or .cache are package managers' own.
func (*PackageJSON) Required(path string) bool {
	dir, ok := strings.CutSuffix(path, "/package.json")
	if !ok {
		return false
	}
	i := strings.LastIndex("/"+dir, "/node_modules/")
	if i < 0 {
		return false
	}
	rest := dir[i+len("node_modules/"):]
	scope, name, scoped := strings.Cut(rest, "/")
	if !scoped {
		return rest != "" && rest[0] != '.' && rest[0] != '@'
	}
	return len(scope) > 1 && scope[0] == '@' && name != "" && name[0] != '.' && !strings.Contains(name, "/")
}

// Parse returns the package content describes, or none when it lacks a
// usable name or version (packages installed from git may have neither).
// Content that is not a JSON object is an error.
func (*PackageJSON) Parse(_ context.Context, path string, content []byte) ([]inventory.Package, error) {
	var manifest struct {
		Name    json.RawMessage `json:"name"`
		Version json.RawMessage `json:"version"`
	}
	// npm tolerates a byte order mark, which some editors write.
	content = bytes.TrimPrefix(content, []byte("\xef\xbb\xbf"))
	if err := json.Unmarshal(content, &manifest); err != nil {
		return nil, fmt.Errorf("decoding package.json: %w", err)
	}
	var name, version string
	// A field of another type is not an error: the file is still a package
	// manifest, just not one this package can be identified by.
	if json.Unmarshal(manifest.Name, &name) != nil || json.Unmarshal(manifest.Version, &version) != nil {
		return nil, nil
	}
	c := newCollector(path)
	if err := c.add(name, version); err != nil {
		return nil, err
	}
	return c.result(), nil
}
