package npm

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
)

// maxLockDepth bounds the nesting of lockfileVersion 1 "dependencies"; npm 5
// and 6 hoisted packages, so real files nest a handful of levels.
const maxLockDepth = 256

type packageLock struct {
	LockfileVersion int `json:"lockfileVersion"`
	// Packages is keyed by install path ("node_modules/a/node_modules/b");
	// npm 7 and later write it (lockfileVersion 2 and 3).
	Packages map[string]lockPackage `json:"packages"`
	// Dependencies is the tree npm 5 and 6 wrote (lockfileVersion 1), kept
	// next to Packages in lockfileVersion 2 for older npm.
	Dependencies map[string]lockDependency `json:"dependencies"`
}

type lockPackage struct {
	// Name is set only when it differs from the directory: for aliases
	// (node_modules/alias holding the real package) and workspace members.
	Name    string `json:"name"`
	Version string `json:"version"`
	Dev     bool   `json:"dev"`
	Link    bool   `json:"link"`
}

type lockDependency struct {
	Version      string                    `json:"version"`
	Dev          bool                      `json:"dev"`
	Dependencies map[string]lockDependency `json:"dependencies"`
}

// parsePackageLock reads package-lock.json and npm-shrinkwrap.json. Entries
// marked "dev" are left out: npm sets it only on packages nothing but
// devDependencies need, and npm install --omit=dev does not install them.
// ("devOptional" packages are needed in production on some platforms and
// stay.)
func parsePackageLock(ctx context.Context, c *collector, content []byte) error {
	if len(content) > maxStructuredSize {
		return fmt.Errorf("file larger than %d bytes", maxStructuredSize)
	}
	var lock packageLock
	if err := json.Unmarshal(content, &lock); err != nil {
		return fmt.Errorf("decoding package-lock.json: %w", err)
	}
	if lock.LockfileVersion >= 2 || len(lock.Dependencies) == 0 {
		return lockPackages(ctx, c, lock.Packages)
	}
	return lockDependencies(ctx, c, lock.Dependencies, 0)
}

func lockPackages(ctx context.Context, c *collector, packages map[string]lockPackage) error {
	n := 0
	for p, pkg := range packages {
		if n++; n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		// "" is the project itself; paths outside node_modules are its
		// workspace members, and links point at them (or at other local
		// directories): all code of the project, not registry packages.
		// Dependencies installed under a member's own node_modules
		// ("packages/a/node_modules/b") are kept.
		i := strings.LastIndex("/"+p, "/node_modules/")
		if i < 0 || pkg.Link || pkg.Dev {
			continue
		}
		name := pkg.Name
		if name == "" {
			name = p[i+len("node_modules/"):]
		}
		if err := c.add(name, pkg.Version); err != nil {
			return err
		}
	}
	return nil
}

func lockDependencies(ctx context.Context, c *collector, deps map[string]lockDependency, depth int) error {
	if depth >= maxLockDepth {
		return fmt.Errorf("dependencies nested more than %d deep", maxLockDepth)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	for name, dep := range deps {
		version := dep.Version
		// An alias records the real package in its version:
		// "my-lodash": {"version": "npm:lodash@4.17.21"}.
		if spec, ok := strings.CutPrefix(version, "npm:"); ok {
			if target, v, ok := splitSpec(spec); ok {
				name, version = target, v
			}
		}
		// Local ("file:…") and git versions fail validVersion, but what
		// they depend on was installed from the registry all the same.
		if !dep.Dev {
			if err := c.add(name, version); err != nil {
				return err
			}
		}
		if err := lockDependencies(ctx, c, dep.Dependencies, depth+1); err != nil {
			return err
		}
	}
	return nil
}
