// Package apk reads the packages installed on Alpine, Wolfi and Chainguard
// systems from apk's database, lib/apk/db/installed. Each package is reported
// with its whole apk version ("1.2.3-r4", compared as one string by apk) and
// its origin, the source package Alpine's advisories are keyed by.
package apk

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"github.com/palisadesec/palisade/pkg/inventory"
)

const installedFile = "lib/apk/db/installed"

// maxPackages bounds how many records one database may hold; real systems
// have hundreds, so more means the file is not an apk database.
const maxPackages = 200000

// maxValueLen bounds the values kept from a record; only these are copied
// out of the input.
const maxValueLen = 4096

// ErrNoPackages is returned for non-empty input in which no record names a
// package: the file is not an apk database.
var ErrNoPackages = errors.New("no package records found")

// Analyzer reads apk's installed database.
type Analyzer struct{}

// New returns the apk analyzer.
func New() *Analyzer { return &Analyzer{} }

// Name is the analyzer's stable name.
func (*Analyzer) Name() string { return "apk" }

// Version changes whenever Parse may return something different for the same file.
func (*Analyzer) Version() int { return 1 }

// Required reports whether path is apk's installed database.
func (*Analyzer) Required(path string) bool { return path == installedFile }

type record struct {
	name, version, arch, origin string
	seen                        uint8 // bit per field above
	lines                       int
	bad                         bool
}

// Parse returns the packages recorded in content, read from path. Records
// that are malformed or lack a name or version are skipped; input in which
// no record names a package is an error.
func (*Analyzer) Parse(ctx context.Context, path string, content []byte) ([]inventory.Package, error) {
	var (
		pkgs       []inventory.Package
		cur        record
		records    int
		wellFormed int
		sawContent bool
		n          int
	)
	end := func() error {
		r := cur
		cur = record{}
		if r.lines == 0 {
			return nil
		}
		if records++; records > maxPackages {
			return fmt.Errorf("more than %d records", maxPackages)
		}
		if r.bad || r.name == "" {
			return nil
		}
		wellFormed++
		if r.version == "" {
			return nil
		}
		src := r.origin
		if src == "" {
			src = r.name
		}
		pkgs = append(pkgs, inventory.Package{
			Name:       r.name,
			Version:    r.version,
			Arch:       r.arch,
			SrcName:    src,
			SrcVersion: r.version,
			Ecosystem:  inventory.EcosystemAPK,
			Path:       path,
		})
		return nil
	}
	for line := range lines(content) {
		if n++; n%65536 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		if len(bytes.TrimSpace(line)) == 0 {
			if err := end(); err != nil {
				return nil, err
			}
			continue
		}
		sawContent = true
		cur.lines++
		// Every line apk writes is one letter, a colon and a value; anything
		// else means the record is damaged and its fields cannot be trusted.
		if len(line) < 2 || line[1] != ':' {
			cur.bad = true
			continue
		}
		var dst *string
		var bit uint8
		switch line[0] {
		case 'P':
			dst, bit = &cur.name, 1
		case 'V':
			dst, bit = &cur.version, 2
		case 'A':
			dst, bit = &cur.arch, 4
		case 'o':
			dst, bit = &cur.origin, 8
		default:
			continue
		}
		value := bytes.TrimSpace(line[2:])
		// A repeated field means a missing separator between two records.
		if cur.seen&bit != 0 || len(value) > maxValueLen || bytes.ContainsFunc(value, isSpaceOrControl) {
			cur.bad = true
			continue
		}
		cur.seen |= bit
		*dst = string(value)
	}
	if err := end(); err != nil {
		return nil, err
	}
	if wellFormed == 0 && sawContent {
		return nil, ErrNoPackages
	}
	return pkgs, nil
}

func isSpaceOrControl(r rune) bool { return r <= ' ' || r == 0x7f }

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
