// Package rpm reads the packages installed on RPM-based systems (Red Hat and
// its rebuilds, Fedora, Amazon Linux, SUSE, Photon, Azure Linux) from the rpm
// database in any of its three formats: Berkeley DB (var/lib/rpm/Packages),
// rpm's own ndb (Packages.db, SUSE) and SQLite (rpmdb.sqlite, rpm 4.16 and
// later), at either var/lib/rpm or usr/lib/sysimage/rpm. Each package is
// reported with its epoch, version, release and architecture, and the source
// package named by its source RPM file.
//
// The databases come from images that may be hostile, so the readers (in
// internal/rpmdb, and the SQLite reader here) are written for that: they
// check every offset and length they follow, bound the work by the file
// size, and start no goroutines of their own. github.com/knqyf263/go-rpmdb
// v0.1.1 is not used at run time for that reason: its Berkeley DB and ndb
// readers run in goroutines, where a panic on a damaged file cannot be
// recovered and takes the process down, and a damaged overflow chain makes
// its reader loop forever. The tests check these readers against go-rpmdb
// on real databases.
package rpm

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/palisadesec/palisade/pkg/analyzer/rpm/internal/rpmdb"
	"github.com/palisadesec/palisade/pkg/inventory"
)

// maxPackages bounds how many headers one database may hold; real systems
// have a few thousand packages.
const maxPackages = 200000

var dbFiles = map[string]bool{
	"var/lib/rpm/Packages":              true,
	"var/lib/rpm/Packages.db":           true,
	"var/lib/rpm/rpmdb.sqlite":          true,
	"usr/lib/sysimage/rpm/Packages":     true,
	"usr/lib/sysimage/rpm/Packages.db":  true,
	"usr/lib/sysimage/rpm/rpmdb.sqlite": true,
}

// ErrUnknownFormat is returned for files that are none of the rpm database formats.
var ErrUnknownFormat = errors.New("not an rpm database (Berkeley DB, ndb or SQLite)")

// Analyzer reads rpm databases.
type Analyzer struct{}

// New returns the rpm analyzer.
func New() *Analyzer { return &Analyzer{} }

// Name is the analyzer's stable name.
func (*Analyzer) Name() string { return "rpm" }

// Version changes whenever Parse may return something different for the same file.
func (*Analyzer) Version() int { return 1 }

// Required reports whether path is an rpm database file.
func (*Analyzer) Required(path string) bool { return dbFiles[path] }

// Parse returns the packages in the rpm database content, read from path.
// The format is recognised from the content, not the name. A header that
// cannot be read is skipped, as rpm -qa does, unless no header can be read.
// The gpg-pubkey entries rpm keeps for imported signing keys are not packages.
func (*Analyzer) Parse(ctx context.Context, path string, content []byte) ([]inventory.Package, error) {
	var read func(context.Context, []byte, func([]byte) error) error
	switch {
	case isSQLite(content):
		read = readSQLite
	case rpmdb.IsNDB(content):
		read = rpmdb.ReadNDB
	case rpmdb.IsBDB(content):
		read = rpmdb.ReadBDB
	default:
		return nil, ErrUnknownFormat
	}
	return parseBlobs(ctx, path, func(ctx context.Context, fn func([]byte) error) error {
		return read(ctx, content, fn)
	})
}

// parseBlobs turns the header blobs a database reader yields into packages.
func parseBlobs(ctx context.Context, path string, read func(context.Context, func([]byte) error) error) ([]inventory.Package, error) {
	var (
		pkgs     []inventory.Package
		headers  int
		bad      int
		firstBad error
	)
	err := read(ctx, func(blob []byte) error {
		if headers++; headers > maxPackages {
			return fmt.Errorf("more than %d packages", maxPackages)
		}
		h, err := rpmdb.ParseHeader(blob)
		if err != nil {
			if bad++; firstBad == nil {
				firstBad = err
			}
			return nil
		}
		if h.Name == "gpg-pubkey" {
			return nil
		}
		pkgs = append(pkgs, toPackage(h, path))
		return nil
	})
	if err != nil {
		return nil, err
	}
	if bad > 0 && bad == headers {
		return nil, fmt.Errorf("none of %d package headers readable: %w", headers, firstBad)
	}
	return pkgs, nil
}

// toPackage turns a header into a package. The source package's epoch is not in
// the source RPM's file name; rpm builds binaries with their source's epoch,
// so the binary's stands in for it.
func toPackage(h rpmdb.Header, path string) inventory.Package {
	p := inventory.Package{
		Name:      h.Name,
		Version:   h.Version,
		Release:   h.Release,
		Epoch:     h.Epoch,
		Arch:      h.Arch,
		SrcEpoch:  h.Epoch,
		Ecosystem: inventory.EcosystemRPM,
		Path:      path,
	}
	if name, version, release, ok := splitSourceRPM(h.SourceRPM); ok {
		p.SrcName, p.SrcVersion, p.SrcRelease = name, version, release
	} else {
		p.SrcName, p.SrcVersion, p.SrcRelease = h.Name, h.Version, h.Release
	}
	return p
}

// splitSourceRPM splits a source RPM file name, "openssl-3.0.7-25.el9_3.src.rpm",
// into name, version and release. The version and release are the last two
// dash-separated fields, as rpm requires them to be free of dashes; the name
// may contain dashes. ok is false for "(none)" (packages built without a
// source RPM, like gpg-pubkey) and for names that do not have this form.
func splitSourceRPM(s string) (name, version, release string, ok bool) {
	base, found := strings.CutSuffix(s, ".src.rpm")
	if !found {
		if base, found = strings.CutSuffix(s, ".nosrc.rpm"); !found {
			return "", "", "", false
		}
	}
	r := strings.LastIndexByte(base, '-')
	if r <= 0 {
		return "", "", "", false
	}
	v := strings.LastIndexByte(base[:r], '-')
	if v <= 0 {
		return "", "", "", false
	}
	name, version, release = base[:v], base[v+1:r], base[r+1:]
	if version == "" || release == "" {
		return "", "", "", false
	}
	return name, version, release, true
}
