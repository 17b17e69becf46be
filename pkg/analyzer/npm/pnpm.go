package npm

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// maxPnpmDocuments bounds the YAML documents read from one pnpm-lock.yaml;
// pnpm 11 writes two (the package manager's own environment, then the project).
const maxPnpmDocuments = 8

// pnpmLock holds what is read from one YAML document of pnpm-lock.yaml.
type pnpmLock struct {
	// LockfileVersion is the raw scalar: a number (5.4) before version 6, a
	// string ('6.0', '9.0') since.
	LockfileVersion string
	Importers       []pnpmImporter
	Packages        map[string]*pnpmPackage
	Snapshots       map[string]*pnpmSnapshot
}

// pnpmImporter is one workspace project. Only lockfile version 9 needs its
// dependencies, to tell production packages from development ones.
type pnpmImporter struct {
	// Dependencies holds the resolved versions of dependencies and
	// optionalDependencies by name.
	Dependencies map[string]string
	// environment is set for the document pnpm 11 keeps the package
	// manager's own installation in (configDependencies and
	// packageManagerDependencies).
	environment bool
}

type pnpmPackage struct {
	// Name and Version are written for packages whose key does not say
	// them: git, tarball and local dependencies.
	Name, Version string
	Dev           bool
	Directory     bool
}

type pnpmSnapshot struct {
	// Dependencies holds dependencies and optionalDependencies by name.
	Dependencies map[string]string
}

// parsePnpmLock reads pnpm-lock.yaml: lockfile versions 5.x (pnpm 7 and
// earlier, keys "/name/1.0.0_peer@2"), 6.x (pnpm 8, "/name@1.0.0(peer@2)")
// and 9.x (pnpm 9 and later, "name@1.0.0" with a snapshots section).
//
// Each document is parsed into YAML nodes and read from those: decoding
// into Go values checks mappings for duplicate keys in quadratic time,
// which a lock file with tens of thousands of packages turns into minutes.
func parsePnpmLock(ctx context.Context, c *collector, content []byte) error {
	if len(content) > maxStructuredSize {
		return fmt.Errorf("file larger than %d bytes", maxStructuredSize)
	}
	dec := yaml.NewDecoder(bytes.NewReader(content))
	for range maxPnpmDocuments {
		var doc yaml.Node
		if err := dec.Decode(&doc); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return fmt.Errorf("decoding pnpm-lock.yaml: %w", err)
		}
		lock, err := readPnpmLock(ctx, &doc)
		if err != nil {
			return fmt.Errorf("reading pnpm-lock.yaml: %w", err)
		}
		if lock.isEnvironment() {
			continue
		}
		version, err := strconv.ParseFloat(lock.LockfileVersion, 64)
		switch {
		case err != nil:
			return nil
		case version >= 9:
			return pnpmSnapshots(ctx, c, lock)
		default:
			return pnpmPackages(ctx, c, lock, version)
		}
	}
	return fmt.Errorf("more than %d YAML documents", maxPnpmDocuments)
}

func (l *pnpmLock) isEnvironment() bool {
	for _, imp := range l.Importers {
		if imp.environment {
			return true
		}
	}
	return false
}

// pnpmPackages reads lockfile versions 5 and 6, whose packages carry a dev
// flag: true for packages only development needs, false for those only
// production needs, and absent for both.
func pnpmPackages(ctx context.Context, c *collector, lock *pnpmLock, version float64) error {
	n := 0
	for key, pkg := range lock.Packages {
		if n++; n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		var name, v string
		if pkg != nil {
			if pkg.Dev || pkg.Directory {
				continue
			}
			name, v = pkg.Name, pkg.Version
		}
		if name == "" || v == "" {
			keyName, keyVersion := pnpmLegacyKey(key, version)
			name, v = cmp.Or(name, keyName), cmp.Or(v, keyVersion)
		}
		if err := c.add(name, v); err != nil {
			return err
		}
	}
	return nil
}

// pnpmLegacyKey splits a version 5 or 6 package key. It starts with "/" for
// the default registry or with another registry's host, and ends with the
// peer dependencies the package was resolved with, after "_" in version 5
// and in parentheses in version 6.
func pnpmLegacyKey(key string, version float64) (name, v string) {
	_, rest, ok := strings.Cut(key, "/")
	if !ok {
		return "", ""
	}
	if version < 6 {
		scope := ""
		if strings.HasPrefix(rest, "@") {
			var ok bool
			if scope, rest, ok = strings.Cut(rest, "/"); !ok {
				return "", ""
			}
			scope += "/"
		}
		name, v, _ = strings.Cut(rest, "/")
		v, _, _ = strings.Cut(v, "_")
		return scope + name, v
	}
	name, v, _ = splitSpec(rest)
	v, _, _ = strings.Cut(v, "(")
	return name, v
}

// pnpmSnapshots reads lockfile version 9, which has no dev flag: production
// packages are those reachable from the importers' dependencies and
// optionalDependencies through the snapshots, which record what each
// package instance was resolved with. (Trivy counts importers' optional
// dependencies as development ones; pnpm installs them in production.)
func pnpmSnapshots(ctx context.Context, c *collector, lock *pnpmLock) error {
	prod := make(map[string]bool)
	var queue []string
	reach := func(name, ref string) {
		if key := pnpmSnapshotKey(name, ref); key != "" && !prod[key] {
			prod[key] = true
			queue = append(queue, key)
		}
	}
	for _, imp := range lock.Importers {
		for name, ref := range imp.Dependencies {
			reach(name, ref)
		}
	}
	for n := 0; len(queue) > 0; n++ {
		if n%4096 == 4095 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		snap := lock.Snapshots[queue[0]]
		queue = queue[1:]
		if snap == nil {
			continue
		}
		for name, ref := range snap.Dependencies {
			reach(name, ref)
		}
	}
	// Without importers nothing tells development from production.
	all := len(lock.Importers) == 0
	for key := range lock.Snapshots {
		if !all && !prod[key] {
			continue
		}
		name, v, ok := splitSpec(key)
		if !ok {
			continue
		}
		v, _, _ = strings.Cut(v, "(")
		// Git and tarball dependencies are keyed by URL; their package
		// entry says which version the URL held.
		if pkg := lock.Packages[name+"@"+v]; pkg != nil {
			if pkg.Directory {
				continue
			}
			v = cmp.Or(pkg.Version, v)
		}
		if err := c.add(name, v); err != nil {
			return err
		}
	}
	return nil
}

// pnpmSnapshotKey returns the snapshot a dependency resolved to: name@ref,
// or ref itself for an alias, whose ref names the real package
// ("string-width@4.2.3"). Links to workspace directories have no snapshot.
func pnpmSnapshotKey(name, ref string) string {
	if ref == "" || strings.HasPrefix(ref, "link:") {
		return ""
	}
	base, _, _ := strings.Cut(ref, "(")
	if target, _, ok := splitSpec(base); ok && validName(target) {
		return ref
	}
	return name + "@" + ref
}
