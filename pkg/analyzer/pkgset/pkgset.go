// Package pkgset is what the language analyzers share: the plausibility
// check for names and versions read from untrusted files, and a bounded set
// that keeps each package of a file once and returns them in a stable order.
package pkgset

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/palisadesec/palisade/pkg/inventory"
)

// MaxValueLen bounds a package name or version; real ones are far shorter.
const MaxValueLen = 1024

// ValidToken reports whether s can be a package name or version. Neither
// may contain whitespace or control characters; rejecting them, and the
// replacement character that decoding leaves for invalid UTF-8, keeps
// garbage out of reports.
func ValidToken(s string) bool {
	if s == "" || len(s) > MaxValueLen {
		return false
	}
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.IsControl(r) || r == utf8.RuneError {
			return false
		}
	}
	return true
}

// Set collects the packages of one file, each name and version once: lock
// files repeat packages (per target framework, per nested install).
type Set struct {
	ecosystem, path string
	max             int
	seen            map[[2]string]struct{}
	pkgs            []inventory.Package
}

// New returns an empty set for a file of the ecosystem, holding at most max
// packages.
func New(ecosystem, path string, max int) *Set {
	return &Set{ecosystem: ecosystem, path: path, max: max, seen: map[[2]string]struct{}{}}
}

// Add records name and version; a repeat is ignored, and going past the
// bound is an error (the file is not what it claims to be).
func (s *Set) Add(name, version string) error {
	if _, ok := s.seen[[2]string{name, version}]; ok {
		return nil
	}
	if len(s.pkgs) >= s.max {
		return fmt.Errorf("more than %d packages", s.max)
	}
	// Cloned so that a package does not keep the whole file it was sliced
	// from alive.
	name, version = strings.Clone(name), strings.Clone(version)
	s.seen[[2]string{name, version}] = struct{}{}
	s.pkgs = append(s.pkgs, inventory.Package{Name: name, Version: version, Ecosystem: s.ecosystem, Path: s.path})
	return nil
}

// Packages returns the packages sorted by name and version, so that output
// does not depend on map order or on how a tool happened to write the file.
func (s *Set) Packages() []inventory.Package {
	Sort(s.pkgs)
	return s.pkgs
}

// Sort orders packages by name, then version.
func Sort(pkgs []inventory.Package) {
	slices.SortFunc(pkgs, func(a, b inventory.Package) int {
		return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.Version, b.Version))
	})
}
