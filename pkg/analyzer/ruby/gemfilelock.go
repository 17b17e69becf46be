package ruby

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/palisadesec/palisade/pkg/analyzer/pkgset"
	"github.com/palisadesec/palisade/pkg/inventory"
)

// ErrNotLockfile is returned for non-empty input with none of the sections
// Bundler writes.
var ErrNotLockfile = errors.New("no Gemfile.lock sections found")

// GemfileLock reads Bundler's Gemfile.lock; use it for source trees, where
// nothing is installed yet.
type GemfileLock struct{}

// NewGemfileLock returns the analyzer for Gemfile.lock files.
func NewGemfileLock() *GemfileLock { return &GemfileLock{} }

// Name is the analyzer's stable name.
func (*GemfileLock) Name() string { return "gemfile-lock" }

// Version changes whenever Parse may return something different for the same file.
func (*GemfileLock) Version() int { return 1 }

// Required reports whether path is a file named Gemfile.lock.
func (*GemfileLock) Required(path string) bool {
	return path == "Gemfile.lock" || strings.HasSuffix(path, "/Gemfile.lock")
}

// Parse returns the gems resolved in the specs of every source section
// (GEM, GIT, PATH and PLUGIN SOURCE), as Trivy does, sorted by name and
// version. A gem locked for several platforms is reported once, with the
// platform suffix dropped from its version.
func (*GemfileLock) Parse(ctx context.Context, path string, content []byte) ([]inventory.Package, error) {
	content = bytes.TrimPrefix(content, bom)
	var (
		pkgs                      []inventory.Package
		seen                      = map[[2]string]bool{}
		source, specs, isLockfile bool
	)
	n := 0
	for line := range lines(content) {
		if n++; n%65536 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		indent := len(line) - len(bytes.TrimLeft(line, " "))
		if indent == len(line) {
			continue
		}
		// Bundler indents with spaces only; anything else is not its output.
		if line[indent] == '\t' {
			continue
		}
		// Sections start at column 0, their fields at 2, resolved gems at 4;
		// the requirements each gem has of others follow it at 6.
		switch indent {
		case 0:
			section := string(bytes.TrimSpace(line))
			source = sourceSections[section]
			isLockfile = isLockfile || source || otherSections[section]
			specs = false
		case 2:
			specs = source && string(bytes.TrimSpace(line)) == "specs:"
		case 4:
			if !specs {
				continue
			}
			name, version, ok := specEntry(string(line[indent:]))
			if !ok || seen[[2]string{name, version}] {
				continue
			}
			if len(pkgs) == maxPackages {
				return nil, fmt.Errorf("more than %d gems", maxPackages)
			}
			seen[[2]string{name, version}] = true
			pkgs = append(pkgs, gem(name, version, path))
		}
	}
	if !isLockfile && !blank(content) {
		return nil, ErrNotLockfile
	}
	pkgset.Sort(pkgs)
	return pkgs, nil
}

// sourceSections are the sections whose specs list resolved gems.
var sourceSections = map[string]bool{"GEM": true, "GIT": true, "PATH": true, "PLUGIN SOURCE": true}

// otherSections are the rest of what Bundler writes; a lock file of an
// empty Gemfile may have only these.
var otherSections = map[string]bool{
	"PLATFORMS": true, "DEPENDENCIES": true, "RUBY VERSION": true,
	"BUNDLED WITH": true, "CHECKSUMS": true,
}

// specEntry splits "name (version)" or "name (version-platform)". RubyGems
// turns a hyphen in a version into ".pre.", so the first hyphen in a locked
// version starts the platform.
func specEntry(s string) (name, version string, ok bool) {
	f := strings.Fields(s)
	if len(f) != 2 || len(f[1]) < 2 || f[1][0] != '(' || f[1][len(f[1])-1] != ')' {
		return "", "", false
	}
	name = f[0]
	version, _, _ = strings.Cut(f[1][1:len(f[1])-1], "-")
	if !pkgset.ValidToken(name) || !pkgset.ValidToken(version) || strings.ContainsAny(name+version, "()") {
		return "", "", false
	}
	return name, version, true
}
