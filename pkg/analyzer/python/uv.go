package python

import (
	"context"
	"fmt"
)

type uvLock struct {
	Manifest struct {
		// Members names the workspace's projects, when it has several.
		Members []string `toml:"members"`
	} `toml:"manifest"`
	Package []uvPackage `toml:"package"`
}

type uvPackage struct {
	Name    string `toml:"name"`
	Version string `toml:"version"`
	Source  struct {
		Editable  string `toml:"editable"`
		Virtual   string `toml:"virtual"`
		Directory string `toml:"directory"`
	} `toml:"source"`
	Dependencies         []uvDependency            `toml:"dependencies"`
	OptionalDependencies map[string][]uvDependency `toml:"optional-dependencies"`
}

// uvDependency names a package, and its version when the lock file holds
// several versions of it (resolutions forked by environment markers).
type uvDependency struct {
	Name    string `toml:"name"`
	Version string `toml:"version"`
}

// local reports whether p is a project of the source tree rather than a
// distribution from elsewhere: the project itself, a workspace member or a
// path dependency on a directory.
func (p *uvPackage) local() bool {
	return p.Source.Editable != "" || p.Source.Virtual != "" || p.Source.Directory != ""
}

// parseUV reads uv.lock. uv marks no package as development-only, so, as
// Trivy does, production packages are found by walking dependencies and
// optional dependencies from the roots (the project at "." and the
// workspace members); what only dependency groups (dev-dependencies) reach
// is left out. Unlike Trivy, a lock file without a root is not an error:
// every package is reported, there being nothing to tell them apart.
func parseUV(ctx context.Context, c *collector, content []byte) error {
	var lock uvLock
	if err := decodeTOML("uv.lock", content, &lock); err != nil {
		return err
	}
	if len(lock.Package) > maxPackages {
		return fmt.Errorf("more than %d packages", maxPackages)
	}
	members := make(map[string]bool, len(lock.Manifest.Members))
	for _, m := range lock.Manifest.Members {
		members[m] = true
	}
	byName := make(map[string][]int)
	byVersion := make(map[[2]string][]int)
	for i, p := range lock.Package {
		byName[p.Name] = append(byName[p.Name], i)
		byVersion[[2]string{p.Name, p.Version}] = append(byVersion[[2]string{p.Name, p.Version}], i)
	}
	prod := make([]bool, len(lock.Package))
	var queue []int
	reach := func(i int) {
		if !prod[i] {
			prod[i] = true
			queue = append(queue, i)
		}
	}
	for i, p := range lock.Package {
		if p.Source.Editable == "." || p.Source.Virtual == "." || members[p.Name] {
			reach(i)
		}
	}
	if len(queue) == 0 {
		for i := range prod {
			prod[i] = true
		}
	}
	// A dependency without a version means every version of the name; each
	// name is expanded once, or a name with many versions needed by many
	// packages would cost their product.
	expanded := make(map[string]bool)
	follow := func(deps []uvDependency) {
		for _, d := range deps {
			if d.Version != "" {
				for _, i := range byVersion[[2]string{d.Name, d.Version}] {
					reach(i)
				}
				continue
			}
			if !expanded[d.Name] {
				expanded[d.Name] = true
				for _, i := range byName[d.Name] {
					reach(i)
				}
			}
		}
	}
	for n := 0; len(queue) > 0; n++ {
		if n%4096 == 4095 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		p := &lock.Package[queue[0]]
		queue = queue[1:]
		follow(p.Dependencies)
		for _, deps := range p.OptionalDependencies {
			follow(deps)
		}
	}
	for i := range lock.Package {
		p := &lock.Package[i]
		if !prod[i] || p.local() {
			continue
		}
		if err := c.add(p.Name, p.Version); err != nil {
			return err
		}
	}
	return nil
}
