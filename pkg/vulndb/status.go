package vulndb

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"

	trivydb "github.com/aquasecurity/trivy-db/pkg/db"
	"github.com/aquasecurity/trivy-db/pkg/metadata"
)

// Status describes a database on disk, for `palisade db status`.
type Status struct {
	// Dir is the database directory and Path its trivy.db file.
	Dir  string
	Path string
	// Size is the size of trivy.db in bytes.
	Size int64
	// Metadata is metadata.json; HasMetadata is false when the file is absent.
	Metadata    metadata.Metadata
	HasMetadata bool
}

// Stat describes the database at path (a directory, a trivy.db file, or ""
// for DefaultDir) without opening it. A missing trivy.db yields an error
// wrapping ErrNoDatabase; an unreadable metadata.json yields an error along
// with the rest of the Status.
func Stat(path string) (Status, error) {
	loc, err := locate(path)
	if err != nil {
		return Status{}, err
	}
	st := Status{Dir: loc.dir, Path: loc.file}
	fi, err := os.Stat(loc.file)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return st, notFound(loc.file)
	case err != nil:
		return st, fmt.Errorf("inspecting vulnerability database: %w", err)
	}
	st.Size = fi.Size()
	m, err := readMetadata(loc.dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return st, nil
	case err != nil:
		return st, fmt.Errorf("%w: %w", ErrCorrupt, err)
	}
	st.Metadata, st.HasMetadata = m, true
	return st, nil
}

// Age is how long ago the database was built (UpdatedAt), or 0 if unknown.
func (s Status) Age(now time.Time) time.Duration {
	if s.Metadata.UpdatedAt.IsZero() {
		return 0
	}
	return now.Sub(s.Metadata.UpdatedAt)
}

// Stale reports whether the database should be replaced at now, and why.
// Without metadata.json freshness is unknown and Stale is false.
func (s Status) Stale(now time.Time) (bool, string) {
	switch m := s.Metadata; {
	case !s.HasMetadata:
		return false, "no metadata.json: freshness unknown"
	case m.Version != trivydb.SchemaVersion:
		return true, fmt.Sprintf("schema %d, want %d", m.Version, trivydb.SchemaVersion)
	case m.NextUpdate.IsZero():
		return false, "no NextUpdate in metadata.json: freshness unknown"
	case now.After(m.NextUpdate):
		return true, fmt.Sprintf("next update was due at %s", m.NextUpdate.UTC().Format(time.RFC3339))
	default:
		return false, fmt.Sprintf("up to date until %s", m.NextUpdate.UTC().Format(time.RFC3339))
	}
}

// NeedsUpdate reports whether the managed database directory dir ("" for
// DefaultDir) should be downloaded again at now: when it is missing, lacks or
// has unreadable metadata.json, has another schema, is past NextUpdate, or
// fails the quick validity check Open does. err is only for failures to
// inspect it, such as permissions or a lock held too long.
func NeedsUpdate(dir string, now time.Time, opts ...Option) (bool, string, error) {
	o := newOptions(opts)
	st, err := Stat(dir)
	switch {
	case errors.Is(err, ErrNoDatabase):
		return true, "no database at " + st.Path, nil
	case errors.Is(err, ErrCorrupt):
		return true, err.Error(), nil
	case err != nil:
		return false, "", err
	case !st.HasMetadata:
		return true, "no metadata.json in " + st.Dir, nil
	}
	stale, why := st.Stale(now)
	if stale {
		return true, why, nil
	}
	if err := checkBolt(st.Path, o.openTimeout, false); err != nil {
		if errors.Is(err, ErrCorrupt) {
			return true, err.Error(), nil
		}
		return false, "", err
	}
	return false, why, nil
}
