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

	"github.com/palisadesec/palisade/pkg/inventory"
)

// maxPackages bounds the gems one file may list; real lock files list a few
// hundred.
const maxPackages = 1 << 20

func gem(name, version, path string) inventory.Package {
	return inventory.Package{Name: name, Version: version, Ecosystem: inventory.EcosystemRubyGems, Path: path}
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
