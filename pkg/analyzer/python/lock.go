package python

import (
	"context"
	"fmt"
	"path"
	"strings"

	"github.com/palisadesec/palisade/pkg/inventory"
)

// Lock reads the files a Python project pins its dependencies in. It is the
// analyzer for source trees, where nothing is installed yet; in an image the
// installed metadata (see Installed) is the better evidence.
type Lock struct{}

// NewLock returns the lock file analyzer.
func NewLock() *Lock { return &Lock{} }

// Name is the analyzer's stable name.
func (*Lock) Name() string { return "python-lock" }

// Version changes whenever Parse may return something different for the same file.
func (*Lock) Version() int { return 1 }

// Required reports whether path is poetry.lock, Pipfile.lock, uv.lock or a
// requirements*.txt (requirements.txt, requirements-dev.txt, …), unless it
// lies in an installed environment (site-packages, dist-packages) or in
// node_modules, where such files come with what was installed and describe
// how it was built, not what this tree pins.
func (*Lock) Required(p string) bool {
	if !isLockName(path.Base(p)) {
		return false
	}
	return !hasSegment(p, "site-packages") && !hasSegment(p, "dist-packages") && !hasSegment(p, "node_modules")
}

func isLockName(base string) bool {
	switch base {
	case "poetry.lock", "Pipfile.lock", "uv.lock":
		return true
	}
	return isRequirements(base)
}

func isRequirements(base string) bool {
	return strings.HasPrefix(base, "requirements") && strings.HasSuffix(base, ".txt") && len(base) >= len("requirements.txt")
}

// Parse returns the distributions the file at path pins, by its base name.
func (*Lock) Parse(ctx context.Context, p string, content []byte) ([]inventory.Package, error) {
	c := newCollector(p)
	var err error
	switch base := path.Base(p); {
	case base == "poetry.lock":
		err = parsePoetry(c, content)
	case base == "Pipfile.lock":
		err = parsePipfileLock(c, content)
	case base == "uv.lock":
		err = parseUV(ctx, c, content)
	case isRequirements(base):
		err = parseRequirements(ctx, c, content)
	default:
		return nil, fmt.Errorf("%s: not a lock file this analyzer reads", base)
	}
	if err != nil {
		return nil, err
	}
	return c.result(), nil
}
