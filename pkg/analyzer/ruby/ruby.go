// Package ruby reads RubyGems packages from two kinds of file: the
// specifications RubyGems writes for every installed gem (GEM_HOME's
// specifications/*.gemspec, including the default gems under
// specifications/default/), which describe what an image has installed, and
// Bundler's Gemfile.lock, which describes what a source tree resolves to.
// The caller chooses which analyzer fits the target; both report gems as
// rubygems.org names them.
package ruby

import (
	"bytes"
	"cmp"
	"slices"
	"unicode"
	"unicode/utf8"

	"github.com/palisadesec/palisade/pkg/inventory"
)

// maxValueLen bounds a gem name or version; real ones are far shorter, and
// only these are copied out of the input.
const maxValueLen = 1024

// maxPackages bounds the gems one file may list; real lock files list a few
// hundred.
const maxPackages = 1 << 20

// validToken reports whether s can be a gem name or version. Neither may
// contain whitespace or control characters, and rejecting them (and
// invalid UTF-8) keeps garbage out of reports.
func validToken(s string) bool {
	if s == "" || len(s) > maxValueLen || !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.IsControl(r) || r == utf8.RuneError {
			return false
		}
	}
	return true
}

func gem(name, version, path string) inventory.Package {
	return inventory.Package{Name: name, Version: version, Ecosystem: inventory.EcosystemRubyGems, Path: path}
}

// sortPackages orders the output so that it does not depend on map order or
// on how a tool happened to write the file.
func sortPackages(pkgs []inventory.Package) {
	slices.SortFunc(pkgs, func(a, b inventory.Package) int {
		return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.Version, b.Version))
	})
}

var bom = []byte("\xef\xbb\xbf")

// blank reports whether content holds nothing but whitespace.
func blank(content []byte) bool {
	return len(bytes.TrimSpace(content)) == 0
}

// lines yields the lines of content without their line endings (LF or CRLF).
func lines(content []byte) func(yield func([]byte) bool) {
	return func(yield func([]byte) bool) {
		for len(content) > 0 {
			line, rest, _ := bytes.Cut(content, []byte("\n"))
			content = rest
			if !yield(bytes.TrimSuffix(line, []byte("\r"))) {
				return
			}
		}
	}
}
