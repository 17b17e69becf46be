package npm

import (
	"context"
	"fmt"
	"path"

	"github.com/palisadesec/palisade/pkg/inventory"
)

// Lock reads npm, Yarn and pnpm lock files. It is the analyzer for source
// trees, where nothing is installed yet; in an image the installed
// package.json files (see PackageJSON) are the better evidence.
type Lock struct{}

// NewLock returns the lock file analyzer.
func NewLock() *Lock { return &Lock{} }

// Name is the analyzer's stable name.
func (*Lock) Name() string { return "npm-lock" }

// Version changes whenever Parse may return something different for the same file.
func (*Lock) Version() int { return 1 }

// Required reports whether path is package-lock.json, npm-shrinkwrap.json,
// yarn.lock or pnpm-lock.yaml outside node_modules. Published packages carry
// their authors' lock files, which describe the author's tree, not what was
// installed here; Yarn Berry's .yarn directory holds cached copies likewise.
func (*Lock) Required(p string) bool {
	switch path.Base(p) {
	case "package-lock.json", "npm-shrinkwrap.json", "pnpm-lock.yaml":
		return !hasSegment(p, "node_modules")
	case "yarn.lock":
		return !hasSegment(p, "node_modules") && !hasSegment(p, ".yarn")
	}
	return false
}

// Parse returns the packages the lock file at path pins, by its base name.
func (*Lock) Parse(ctx context.Context, p string, content []byte) ([]inventory.Package, error) {
	c := newCollector(p)
	var err error
	switch base := path.Base(p); base {
	case "package-lock.json", "npm-shrinkwrap.json":
		err = parsePackageLock(ctx, c, content)
	case "yarn.lock":
		err = parseYarnLock(ctx, c, content)
	case "pnpm-lock.yaml":
		err = parsePnpmLock(ctx, c, content)
	default:
		return nil, fmt.Errorf("%s: not a lock file this analyzer reads", base)
	}
	if err != nil {
		return nil, err
	}
	return c.result(), nil
}
