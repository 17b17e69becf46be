// Package npm reads the JavaScript packages a file system holds. Two
// analyzers are provided because the caller decides which evidence to trust:
// PackageJSON reads the package.json of each package installed under
// node_modules, which is what an image really contains, and Lock reads the
// lock files of npm (package-lock.json, npm-shrinkwrap.json), Yarn (classic
// and Berry yarn.lock) and pnpm (pnpm-lock.yaml), which is what a source tree
// would install. Packages are reported under their real name, not an alias,
// and only with a semver version: workspace members and linked or local
// directories are the project's own code and skipped, and a git or tarball
// dependency is kept with the version its package.json declares in npm and
// pnpm lock files and skipped in yarn.lock, as in Trivy. Packages a lock file
// marks as needed only for development are skipped, as Trivy's default
// output does.
package npm

import (
	"strings"

	"github.com/palisadesec/palisade/pkg/analyzer/pkgset"
	"github.com/palisadesec/palisade/pkg/inventory"
)

const (
	// maxPackages bounds the packages one file may describe; the largest
	// real monorepo lock files list a few tens of thousands.
	maxPackages = 200000
	// maxNameLen is npm's own limit on package names.
	maxNameLen = 214
	// maxVersionLen bounds versions; semver sets no limit, but npm's
	// registry has no version anywhere near this long.
	maxVersionLen = 256
	// maxStructuredSize bounds the lock files decoded into a tree (JSON and
	// YAML), which costs several times the file's size in memory.
	maxStructuredSize = 64 << 20
)

// validName reports whether s can be an npm package name: npm rejects
// whitespace and names over 214 characters, and a scope needs a name after it.
func validName(s string) bool {
	if s == "" || len(s) > maxNameLen || s[0] == '.' || s[0] == '_' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c == 0x7f {
			return false
		}
	}
	if scope, name, ok := strings.Cut(s, "/"); ok {
		return len(scope) > 1 && scope[0] == '@' && name != "" && !strings.Contains(name, "/")
	}
	return s[0] != '@'
}

// validVersion reports whether s looks like a semver version as the registry
// serves it. Lock files also record tarball URLs, paths and git references
// where the version goes; those start with something other than a digit or
// contain characters semver does not allow.
func validVersion(s string) bool {
	if s == "" || len(s) > maxVersionLen || s[0] < '0' || s[0] > '9' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '.' || c == '-' || c == '+') {
			return false
		}
	}
	return true
}

// collector gathers the packages of one file, once each, dropping
// implausible names and versions.
type collector struct{ set *pkgset.Set }

func newCollector(path string) *collector {
	return &collector{set: pkgset.New(inventory.EcosystemNpm, path, maxPackages)}
}

func (c *collector) add(name, version string) error {
	if !validName(name) || !validVersion(version) {
		return nil
	}
	return c.set.Add(name, version)
}

func (c *collector) result() []inventory.Package { return c.set.Packages() }

// splitSpec splits "name@rest" where name may be scoped ("@scope/name@rest").
// ok is false when there is no "@" after the name.
func splitSpec(s string) (name, rest string, ok bool) {
	from := 0
	if strings.HasPrefix(s, "@") {
		from = 1
	}
	i := strings.IndexByte(s[from:], '@')
	if i < 0 {
		return s, "", false
	}
	return s[:from+i], s[from+i+1:], true
}

// hasSegment reports whether the slash-separated path has the segment seg.
func hasSegment(path, seg string) bool {
	for part := range strings.SplitSeq(path, "/") {
		if part == seg {
			return true
		}
	}
	return false
}
