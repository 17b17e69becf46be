// Package dpkg reads the packages installed on Debian and Ubuntu systems from
// dpkg's status database, var/lib/dpkg/status, and from the per-package
// files distroless images write to var/lib/dpkg/status.d instead. It reports
// each installed binary package with its version split into epoch, upstream
// version and revision, and the source package it was built from, which is
// what Debian and Ubuntu advisories are keyed by.
package dpkg

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/palisadesec/palisade/pkg/inventory"
)

const (
	statusFile = "var/lib/dpkg/status"
	statusDir  = "var/lib/dpkg/status.d/"
)

// maxStanzas bounds how many paragraphs one file may hold; a real system
// has a few thousand packages, so more means the file is not a status file.
const maxStanzas = 200000

// maxValueLen bounds the fields kept from a stanza; real package names and
// versions are far shorter, and only these are copied out of the input.
const maxValueLen = 4096

// ErrNoPackages is returned for non-empty input in which no stanza names a
// package: the file is not a dpkg database.
var ErrNoPackages = errors.New("no package stanzas found")

// Analyzer reads dpkg status files.
type Analyzer struct{}

// New returns the dpkg analyzer.
func New() *Analyzer { return &Analyzer{} }

// Name is the analyzer's stable name.
func (*Analyzer) Name() string { return "dpkg" }

// Version changes whenever Parse may return something different for the same file.
func (*Analyzer) Version() int { return 1 }

// Required reports whether path is the status file or a distroless
// status.d entry; the .md5sums files next to those list file hashes.
func (*Analyzer) Required(path string) bool {
	if path == statusFile {
		return true
	}
	name, ok := strings.CutPrefix(path, statusDir)
	return ok && name != "" && !strings.Contains(name, "/") && !strings.HasSuffix(name, ".md5sums")
}

// Parse returns the installed packages listed in content, read from path.
// Malformed stanzas are skipped; input in which no stanza names a package is
// an error.
func (*Analyzer) Parse(ctx context.Context, path string, content []byte) ([]inventory.Package, error) {
	// The status file records every package dpkg knows, installed or not;
	// status.d entries exist only for installed packages and carry no Status.
	p := parser{path: path, requireStatus: path == statusFile}
	n := 0
	for line := range lines(content) {
		if err := p.line(line); err != nil {
			return nil, err
		}
		if n++; n%65536 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
	}
	if err := p.end(); err != nil {
		return nil, err
	}
	if p.wellFormed == 0 && p.sawContent {
		return nil, ErrNoPackages
	}
	return p.pkgs, nil
}

type stanza struct {
	pkg, version, arch, source, status string
	seen                               uint8 // bit per field above
	fields                             int
	bad                                bool
}

type parser struct {
	path          string
	requireStatus bool
	cur           stanza
	pkgs          []inventory.Package
	stanzas       int
	wellFormed    int
	sawContent    bool
}

func (p *parser) line(line []byte) error {
	if len(bytes.Trim(line, " \t")) == 0 {
		// deb822 separates paragraphs with empty lines; dpkg also accepts
		// lines of only blanks.
		return p.end()
	}
	p.sawContent = true
	if line[0] == ' ' || line[0] == '\t' {
		// Continuation of a multi-line field (Description, Conffiles). None
		// of the fields read here span lines, but a stanza cannot start with one.
		if p.cur.fields == 0 {
			p.cur.bad = true
		}
		return nil
	}
	name, value, ok := bytes.Cut(line, []byte(":"))
	if !ok || len(name) == 0 || bytes.ContainsAny(name, " \t") {
		p.cur.bad = true
		return nil
	}
	p.cur.fields++
	var dst *string
	var bit uint8
	switch {
	case equalFold(name, "Package"):
		dst, bit = &p.cur.pkg, 1
	case equalFold(name, "Version"):
		dst, bit = &p.cur.version, 2
	case equalFold(name, "Architecture"):
		dst, bit = &p.cur.arch, 4
	case equalFold(name, "Source"):
		dst, bit = &p.cur.source, 8
	case equalFold(name, "Status"):
		dst, bit = &p.cur.status, 16
	default:
		return nil
	}
	value = bytes.TrimSpace(value)
	if p.cur.seen&bit != 0 || len(value) > maxValueLen {
		// dpkg refuses duplicate fields; which value would it mean?
		p.cur.bad = true
		return nil
	}
	p.cur.seen |= bit
	*dst = string(value)
	return nil
}

// end closes the current stanza, if any, and keeps its package when it is
// well formed and installed.
func (p *parser) end() error {
	s := p.cur
	p.cur = stanza{}
	if s.fields == 0 && !s.bad {
		return nil
	}
	p.stanzas++
	if p.stanzas > maxStanzas {
		return fmt.Errorf("more than %d stanzas", maxStanzas)
	}
	if s.bad || s.pkg == "" || strings.ContainsAny(s.pkg, " \t") {
		return nil
	}
	p.wellFormed++
	if s.status != "" || p.requireStatus {
		if !installed(s.status) {
			return nil
		}
	}
	epoch, version, release, ok := parseVersion(s.version)
	if !ok {
		return nil
	}
	pkg := inventory.Package{
		Name:       s.pkg,
		Version:    version,
		Release:    release,
		Epoch:      epoch,
		Arch:       s.arch,
		SrcName:    s.pkg,
		SrcVersion: version,
		SrcRelease: release,
		SrcEpoch:   epoch,
		Ecosystem:  inventory.EcosystemDeb,
		Path:       p.path,
	}
	if s.source != "" {
		name, srcVersion := parseSource(s.source)
		pkg.SrcName = name
		// A source version that does not parse is ignored rather than
		// fatal: the binary's version is then the best estimate, which is
		// also what dpkg assumes when Source has no version.
		if e, v, r, ok := parseVersion(srcVersion); ok {
			pkg.SrcEpoch, pkg.SrcVersion, pkg.SrcRelease = e, v, r
		}
	}
	p.pkgs = append(p.pkgs, pkg)
	return nil
}

// installed reports whether a Status value ("want flag status") says the
// package is fully installed; config-files, half-installed and the like
// leave no complete package on disk.
func installed(status string) bool {
	f := strings.Fields(status)
	return len(f) == 3 && f[2] == "installed"
}

// parseSource splits "name" or "name (version)".
func parseSource(s string) (name, version string) {
	name, rest, _ := strings.Cut(s, " ")
	rest = strings.TrimSpace(rest)
	if strings.HasPrefix(rest, "(") && strings.HasSuffix(rest, ")") {
		version = strings.TrimSpace(rest[1 : len(rest)-1])
	}
	return name, version
}

// parseVersion splits a Debian version "[epoch:]upstream[-revision]". The
// revision is everything after the last hyphen, as dpkg defines it. ok is
// false for versions dpkg would reject: a non-numeric epoch, an empty
// upstream version or revision, or whitespace and control characters.
func parseVersion(s string) (epoch int, version, release string, ok bool) {
	if s == "" || strings.IndexFunc(s, func(r rune) bool { return r <= ' ' || r == 0x7f }) >= 0 {
		return 0, "", "", false
	}
	rest := s
	if e, r, found := strings.Cut(s, ":"); found {
		n, err := strconv.ParseInt(e, 10, 32)
		if err != nil || n < 0 || e[0] == '+' {
			return 0, "", "", false
		}
		epoch, rest = int(n), r
	}
	version = rest
	if i := strings.LastIndexByte(rest, '-'); i >= 0 {
		version, release = rest[:i], rest[i+1:]
		if release == "" {
			return 0, "", "", false
		}
	}
	if version == "" {
		return 0, "", "", false
	}
	return epoch, version, release, true
}

// equalFold compares a field name with an ASCII name, as dpkg matches
// field names case-insensitively.
func equalFold(b []byte, s string) bool {
	return len(b) == len(s) && strings.EqualFold(string(b), s)
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
