// Package php reads Composer packages from two kinds of file: the
// vendor/composer/installed.json Composer writes when it installs packages,
// which describes what an image has installed (in both the Composer 1 and
// the Composer 2 layout), and composer.lock, which describes what a source
// tree resolves to. The caller chooses which analyzer fits the target; both
// report packages and versions exactly as Composer writes them.
package php

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/palisadesec/palisade/pkg/analyzer/pkgset"
	"github.com/palisadesec/palisade/pkg/inventory"
)

// maxPackages bounds the packages one file may list; real projects have a
// few hundred.
const maxPackages = 1 << 20

// ErrNoPackageList is returned for JSON that lacks the list of packages
// that defines the file kind.
var ErrNoPackageList = errors.New("no packages list found")

// ComposerLock reads composer.lock; use it for source trees, where nothing
// is installed yet.
type ComposerLock struct {
	dev bool
}

// NewComposerLock returns the analyzer for composer.lock that reports the
// packages of "packages" only. Trivy marks those of "packages-dev" as
// development dependencies and leaves them out of reports by default;
// this analyzer leaves them out altogether.
func NewComposerLock() *ComposerLock { return &ComposerLock{} }

// NewComposerLockWithDev returns the analyzer for composer.lock that also
// reports "packages-dev", as Trivy does with --include-dev-deps.
func NewComposerLockWithDev() *ComposerLock { return &ComposerLock{dev: true} }

// Name is the analyzer's stable name; the two variants differ so that
// their results are never cached under the same key.
func (a *ComposerLock) Name() string {
	if a.dev {
		return "composer-lock-dev"
	}
	return "composer-lock"
}

// Version changes whenever Parse may return something different for the same file.
func (*ComposerLock) Version() int { return 1 }

// Required reports whether path is a composer.lock outside any vendor
// directory: locks inside vendor belong to installed packages' own
// development and were not used to install anything, which is why Trivy
// skips them too.
func (*ComposerLock) Required(path string) bool {
	if path != "composer.lock" && !strings.HasSuffix(path, "/composer.lock") {
		return false
	}
	return !strings.HasPrefix(path, "vendor/") && !strings.Contains(path, "/vendor/")
}

// Parse returns the locked packages, sorted by name. A package listed in
// both "packages" and "packages-dev" is a production package. Input holding
// only whitespace yields nothing.
func (a *ComposerLock) Parse(ctx context.Context, path string, content []byte) ([]inventory.Package, error) {
	content = bytes.TrimPrefix(content, bom)
	if blank(content) {
		return nil, nil
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var lock struct {
		Packages    *[]entry `json:"packages"`
		PackagesDev *[]entry `json:"packages-dev"`
	}
	if err := json.Unmarshal(content, &lock); err != nil {
		return nil, fmt.Errorf("decoding composer.lock: %w", err)
	}
	if lock.Packages == nil && lock.PackagesDev == nil {
		return nil, ErrNoPackageList
	}
	var c collector
	if lock.Packages != nil {
		if err := c.add(ctx, *lock.Packages, path); err != nil {
			return nil, err
		}
	}
	if a.dev && lock.PackagesDev != nil {
		if err := c.add(ctx, *lock.PackagesDev, path); err != nil {
			return nil, err
		}
	}
	return c.sorted(), nil
}

// InstalledJSON reads the installed.json Composer keeps in its vendor
// directory; use it for images and installed file systems.
type InstalledJSON struct{}

// NewInstalledJSON returns the analyzer for vendor/composer/installed.json.
func NewInstalledJSON() *InstalledJSON { return &InstalledJSON{} }

// Name is the analyzer's stable name.
func (*InstalledJSON) Name() string { return "composer-installed" }

// Version changes whenever Parse may return something different for the same file.
func (*InstalledJSON) Version() int { return 1 }

// Required reports whether path is composer/installed.json inside a vendor
// directory. The vendor directory's own name is configurable (vendor-dir),
// so only the composer/installed.json part is fixed.
func (*InstalledJSON) Required(path string) bool {
	return path == "composer/installed.json" || strings.HasSuffix(path, "/composer/installed.json")
}

// Parse returns the installed packages, sorted by name. Packages installed
// for development are reported too: they are on disk, and Trivy reports
// them as well. Input holding only whitespace yields nothing.
func (*InstalledJSON) Parse(ctx context.Context, path string, content []byte) ([]inventory.Package, error) {
	content = bytes.TrimPrefix(content, bom)
	if blank(content) {
		return nil, nil
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var entries []entry
	// Composer 1 wrote a bare array of packages; Composer 2 wraps it in an
	// object with the dev flags beside it.
	if trimmed := bytes.TrimLeft(content, " \t\r\n"); len(trimmed) > 0 && trimmed[0] == '[' {
		if err := json.Unmarshal(content, &entries); err != nil {
			return nil, fmt.Errorf("decoding installed.json: %w", err)
		}
	} else {
		var v2 struct {
			Packages *[]entry `json:"packages"`
		}
		if err := json.Unmarshal(content, &v2); err != nil {
			return nil, fmt.Errorf("decoding installed.json: %w", err)
		}
		if v2.Packages == nil {
			return nil, ErrNoPackageList
		}
		entries = *v2.Packages
	}
	var c collector
	if err := c.add(ctx, entries, path); err != nil {
		return nil, err
	}
	return c.sorted(), nil
}

// entry is one package of a lock or installed file. Both files hold
// complete package descriptions; only the name and version are read.
type entry struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// collector keeps the first occurrence of each package name, as Composer
// installs one version of a package per project.
type collector struct {
	pkgs []inventory.Package
	seen map[string]bool
}

func (c *collector) add(ctx context.Context, entries []entry, path string) error {
	if c.seen == nil {
		c.seen = map[string]bool{}
	}
	for i, e := range entries {
		if i%65536 == 65535 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if !pkgset.ValidToken(e.Name) || !pkgset.ValidToken(e.Version) || c.seen[e.Name] {
			continue
		}
		if len(c.pkgs) == maxPackages {
			return fmt.Errorf("more than %d packages", maxPackages)
		}
		c.seen[e.Name] = true
		c.pkgs = append(c.pkgs, inventory.Package{
			Name:      e.Name,
			Version:   e.Version,
			Ecosystem: inventory.EcosystemComposer,
			Path:      path,
		})
	}
	return nil
}

// sorted orders the output so that it does not depend on how Composer
// happened to write the file.
func (c *collector) sorted() []inventory.Package {
	pkgset.Sort(c.pkgs)
	return c.pkgs
}

var bom = []byte("\xef\xbb\xbf")

func blank(content []byte) bool {
	return len(bytes.TrimSpace(content)) == 0
}
