// Package dotnet reads NuGet packages from three kinds of file: the
// APP.deps.json the .NET SDK writes next to a built application, which
// describes what a published image runs, and the packages.lock.json and
// packages.config of NuGet projects, which describe what a source tree
// resolves to. The caller chooses which analyzers fit the target (Trivy
// runs all three on images and source trees alike); all report packages
// under the names and versions NuGet gives them.
package dotnet

import (
	"bytes"
	"context"
	"strings"

	"github.com/palisadesec/palisade/pkg/analyzer/pkgset"
	"github.com/palisadesec/palisade/pkg/inventory"
)

// maxPackages bounds the packages one file may list; real applications
// have a few hundred.
const maxPackages = 1 << 20

// collector keeps each name and version once: lock files repeat packages
// for every target framework.
type collector struct {
	set *pkgset.Set
	n   int
}

func newCollector(path string) *collector {
	return &collector{set: pkgset.New(inventory.EcosystemNuGet, path, maxPackages)}
}

func (c *collector) add(ctx context.Context, name, version string) error {
	if c.n++; c.n%65536 == 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	if !pkgset.ValidToken(name) || !pkgset.ValidToken(version) {
		return nil
	}
	return c.set.Add(name, version)
}

func (c *collector) sorted() []inventory.Package { return c.set.Packages() }

// baseName returns what follows the last slash of a relative path.
func baseName(path string) string {
	return path[strings.LastIndexByte(path, '/')+1:]
}

var bom = []byte("\xef\xbb\xbf")

// trimInput drops the byte order mark some Windows tools write, which JSON
// decoders reject.
func trimInput(content []byte) []byte {
	return bytes.TrimPrefix(content, bom)
}

func blank(content []byte) bool {
	return len(bytes.TrimSpace(content)) == 0
}
