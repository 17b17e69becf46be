// Package python reads the Python distributions a file system holds. Two
// analyzers are provided because the caller decides which evidence to trust:
// Installed reads the metadata pip and setuptools leave next to installed
// packages (*.dist-info/METADATA, *.egg-info), which is what an image really
// contains, and Lock reads what a source tree pins (poetry.lock,
// Pipfile.lock, uv.lock and requirements*.txt). Names are reported as the
// file writes them, not normalised. Distributions a lock file marks as
// needed only for development are skipped, as Trivy's default output does,
// and so are the tree's own projects (the root, workspace members,
// dependencies on a directory), against which no advisory can be matched.
package python

import (
	"strings"
	"unicode/utf16"

	"github.com/palisadesec/palisade/pkg/analyzer/pkgset"
	"github.com/palisadesec/palisade/pkg/inventory"
)

const (
	// maxPackages bounds the distributions one file may describe; real
	// environments hold a few thousand at most.
	maxPackages = 200000
	// maxNameLen and maxVersionLen bound what is kept; PyPI's longest
	// names and versions are far shorter.
	maxNameLen    = 256
	maxVersionLen = 256
	// maxStructuredSize bounds the lock files decoded into a tree (JSON and
	// TOML), which costs several times the file's size in memory; real ones
	// are a few megabytes.
	maxStructuredSize = 32 << 20
)

// validName reports whether s is a distribution name as PEP 508 defines it:
// ASCII letters, digits, ".", "_" and "-", starting and ending with a
// letter or digit.
func validName(s string) bool {
	if s == "" || len(s) > maxNameLen || !isAlnum(s[0]) || !isAlnum(s[len(s)-1]) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !isAlnum(c) && c != '.' && c != '_' && c != '-' {
			return false
		}
	}
	return true
}

// validVersion reports whether s can be a PEP 440 version, public or local
// ("1!2.0.post1+ubuntu1"): the characters those use, and at least one digit.
// It rejects wildcards, ranges and the "UNKNOWN" old tools wrote.
func validVersion(s string) bool {
	if s == "" || len(s) > maxVersionLen {
		return false
	}
	digit := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		digit = digit || c >= '0' && c <= '9'
		if !isAlnum(c) && !strings.ContainsRune(".!+_-", rune(c)) {
			return false
		}
	}
	return digit
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// collector gathers the distributions of one file, once each, dropping
// implausible names and versions.
type collector struct{ set *pkgset.Set }

func newCollector(path string) *collector {
	return &collector{set: pkgset.New(inventory.EcosystemPip, path, maxPackages)}
}

func (c *collector) add(name, version string) error {
	if !validName(name) || !validVersion(version) {
		return nil
	}
	return c.set.Add(name, version)
}

func (c *collector) result() []inventory.Package { return c.set.Packages() }

// text decodes content as the UTF-8 it should be, dropping a byte order
// mark, or as UTF-16 when a byte order mark says so: Windows tools write
// requirements files that way.
func text(content []byte) string {
	var big bool
	switch {
	case len(content) >= 3 && content[0] == 0xef && content[1] == 0xbb && content[2] == 0xbf:
		return string(content[3:])
	case len(content) >= 2 && content[0] == 0xff && content[1] == 0xfe:
	case len(content) >= 2 && content[0] == 0xfe && content[1] == 0xff:
		big = true
	default:
		return string(content)
	}
	units := make([]uint16, 0, len(content)/2-1)
	for i := 2; i+1 < len(content); i += 2 {
		if big {
			units = append(units, uint16(content[i])<<8|uint16(content[i+1]))
		} else {
			units = append(units, uint16(content[i+1])<<8|uint16(content[i]))
		}
	}
	return string(utf16.Decode(units))
}

// lines yields the lines of s without their line endings (LF or CRLF).
func lines(s string) func(yield func(string) bool) {
	return func(yield func(string) bool) {
		for len(s) > 0 {
			line, rest, _ := strings.Cut(s, "\n")
			s = rest
			if !yield(strings.TrimSuffix(line, "\r")) {
				return
			}
		}
	}
}

// hasSegment reports whether the slash-separated path has the segment seg.
func hasSegment(path, seg string) bool {
	for part := range strings.SplitSeq(path, "/") {
		if part == seg {
			return true
		}
	}
	return false
}
