package dotnet

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"strings"

	"github.com/palisadesec/palisade/pkg/inventory"
)

// ErrNotLockfile is returned for JSON without the dependencies of a
// packages.lock.json.
var ErrNotLockfile = errors.New("no dependencies section found")

// PackagesLock reads NuGet's packages.lock.json; use it for source trees.
type PackagesLock struct{}

// NewPackagesLock returns the analyzer for packages.lock.json files.
func NewPackagesLock() *PackagesLock { return &PackagesLock{} }

// Name is the analyzer's stable name.
func (*PackagesLock) Name() string { return "nuget-lock" }

// Version changes whenever Parse may return something different for the same file.
func (*PackagesLock) Version() int { return 1 }

// Required reports whether path names a packages.lock.json.
func (*PackagesLock) Required(path string) bool { return baseName(path) == "packages.lock.json" }

// Parse returns the resolved packages of every target framework, each name
// and version once, sorted. Entries of type Project are other projects of
// the solution, not packages. Input holding only whitespace yields nothing.
func (*PackagesLock) Parse(ctx context.Context, path string, content []byte) ([]inventory.Package, error) {
	content = trimInput(content)
	if blank(content) {
		return nil, nil
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var lock struct {
		Dependencies *map[string]map[string]struct {
			Type     string `json:"type"`
			Resolved string `json:"resolved"`
		} `json:"dependencies"`
	}
	if err := json.Unmarshal(content, &lock); err != nil {
		return nil, fmt.Errorf("decoding packages.lock.json: %w", err)
	}
	if lock.Dependencies == nil {
		return nil, ErrNotLockfile
	}
	c := newCollector(path)
	for _, deps := range *lock.Dependencies {
		for name, dep := range deps {
			if strings.EqualFold(dep.Type, "Project") {
				continue
			}
			if err := c.add(ctx, name, dep.Resolved); err != nil {
				return nil, err
			}
		}
	}
	return c.sorted(), nil
}

// PackagesConfig reads the packages.config of NuGet projects that predate
// PackageReference; use it for source trees.
type PackagesConfig struct{}

// NewPackagesConfig returns the analyzer for packages.config files.
func NewPackagesConfig() *PackagesConfig { return &PackagesConfig{} }

// Name is the analyzer's stable name.
func (*PackagesConfig) Name() string { return "nuget-config" }

// Version changes whenever Parse may return something different for the same file.
func (*PackagesConfig) Version() int { return 1 }

// Required reports whether path names a packages.config.
func (*PackagesConfig) Required(path string) bool { return baseName(path) == "packages.config" }

// Parse returns the packages the file lists, sorted by name and version.
// Packages marked developmentDependency="true" (analyzers, build tools)
// are not part of the built application and, as in Trivy, are left out.
// Input holding only whitespace yields nothing.
func (*PackagesConfig) Parse(ctx context.Context, path string, content []byte) ([]inventory.Package, error) {
	content = trimInput(content)
	if blank(content) {
		return nil, nil
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var doc struct {
		XMLName  xml.Name `xml:"packages"`
		Packages []struct {
			ID      string `xml:"id,attr"`
			Version string `xml:"version,attr"`
			// A string, since a value other than true or false would
			// otherwise fail the whole file.
			Dev string `xml:"developmentDependency,attr"`
		} `xml:"package"`
	}
	if err := xml.Unmarshal(content, &doc); err != nil {
		return nil, fmt.Errorf("decoding packages.config: %w", err)
	}
	c := newCollector(path)
	for _, p := range doc.Packages {
		if strings.EqualFold(strings.TrimSpace(p.Dev), "true") {
			continue
		}
		if err := c.add(ctx, strings.TrimSpace(p.ID), strings.TrimSpace(p.Version)); err != nil {
			return nil, err
		}
	}
	return c.sorted(), nil
}
