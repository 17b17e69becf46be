// Package cargo reports Rust crates from Cargo.lock files and from Rust
// executables built with cargo-auditable, which embeds the dependency tree
// as zlib-compressed JSON in a ".dep-v0" section of the ELF, Mach-O or PE
// file. A lock file yields every crate it lists, the workspace's own
// included, as trivy reports them; an executable yields the crates compiled
// into it, leaving out build-time-only ones (build scripts and proc
// macros).
package cargo

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/palisadesec/palisade/pkg/analyzer/gobinary"
	"github.com/palisadesec/palisade/pkg/inventory"
)

const lockName = "Cargo.lock"

// Analyzer reads Cargo.lock files and cargo-auditable executables.
type Analyzer struct{}

// New returns the Cargo analyzer.
func New() *Analyzer { return &Analyzer{} }

// Name is the analyzer's stable name.
func (*Analyzer) Name() string { return "cargo" }

// Version changes whenever Parse may return something different for the same file.
func (*Analyzer) Version() int { return 1 }

// Required reports whether path is a Cargo.lock or may be an executable,
// by the rule gobinary.LikelyExecutable documents. A file both analyzers
// want is read once by the layer walk.
func (*Analyzer) Required(path string) bool {
	return isLock(path) || gobinary.LikelyExecutable(path)
}

func isLock(path string) bool {
	return path == lockName || strings.HasSuffix(path, "/"+lockName)
}

// Parse returns the crates listed in the Cargo.lock or embedded in the
// executable content, read from path. Files that are neither yield no
// packages and no error.
func (*Analyzer) Parse(ctx context.Context, path string, content []byte) ([]inventory.Package, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var (
		crates []crate
		err    error
	)
	if isLock(path) {
		crates, err = parseLock(content)
	} else {
		crates, err = parseExecutable(content)
	}
	if err != nil || len(crates) == 0 {
		return nil, err
	}
	return packages(crates, path), nil
}

// crate is one package as the two sources record it.
type crate struct{ name, version string }

// packages sorts and deduplicates crates: a lock file lists a crate once
// per source (registry, git), which the inventory does not distinguish.
func packages(crates []crate, path string) []inventory.Package {
	slices.SortFunc(crates, func(a, b crate) int {
		return cmp.Or(strings.Compare(a.name, b.name), strings.Compare(a.version, b.version))
	})
	crates = slices.Compact(crates)
	pkgs := make([]inventory.Package, 0, len(crates))
	for _, c := range crates {
		pkgs = append(pkgs, inventory.Package{Name: c.name, Version: c.version, Ecosystem: inventory.EcosystemCargo, Path: path})
	}
	return pkgs
}
