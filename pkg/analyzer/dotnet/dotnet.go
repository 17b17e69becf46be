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
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/palisadesec/palisade/pkg/inventory"
)

// maxValueLen bounds a package name or version; real ones are far shorter.
const maxValueLen = 1024

// maxPackages bounds the packages one file may list; real applications
// have a few hundred.
const maxPackages = 1 << 20

// collector keeps each name and version once: lock files repeat packages
// for every target framework.
type collector struct {
	path string
	pkgs []inventory.Package
	seen map[[2]string]bool
	n    int
}

func (c *collector) add(ctx context.Context, name, version string) error {
	if c.n++; c.n%65536 == 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	key := [2]string{name, version}
	if !validToken(name) || !validToken(version) || c.seen[key] {
		return nil
	}
	if len(c.pkgs) == maxPackages {
		return fmt.Errorf("more than %d packages", maxPackages)
	}
	if c.seen == nil {
		c.seen = map[[2]string]bool{}
	}
	c.seen[key] = true
	c.pkgs = append(c.pkgs, inventory.Package{Name: name, Version: version, Ecosystem: inventory.EcosystemNuGet, Path: c.path})
	return nil
}

// sorted orders the output, which would otherwise follow Go's map order.
func (c *collector) sorted() []inventory.Package {
	slices.SortFunc(c.pkgs, func(a, b inventory.Package) int {
		return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.Version, b.Version))
	})
	return c.pkgs
}

// validToken reports whether s can be a package name or version. Neither
// may contain whitespace or control characters; rejecting them, and the
// replacement character decoding leaves for invalid UTF-8, keeps garbage
// out of reports.
func validToken(s string) bool {
	if s == "" || len(s) > maxValueLen {
		return false
	}
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.IsControl(r) || r == utf8.RuneError {
			return false
		}
	}
	return true
}

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
