// Package vulndb manages palisade's local copy of the trivy-db vulnerability
// database: it downloads and verifies the OCI artifact, swaps it into place
// atomically, reports its freshness, opens it read-only for matching, and
// builds small databases in the same format from YAML for tests and demos.
package vulndb

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	trivydb "github.com/aquasecurity/trivy-db/pkg/db"
	"github.com/aquasecurity/trivy-db/pkg/metadata"
	"github.com/aquasecurity/trivy-db/pkg/types"
	bolt "go.etcd.io/bbolt"
)

const (
	// DBFile and MetadataFile are the two files of a database directory.
	DBFile       = "trivy.db"
	MetadataFile = "metadata.json"

	vulnerabilityBucket = "vulnerability"
	maxMetadataSize     = 1 << 20
)

var (
	// ErrNoDatabase is wrapped when there is no database file at the path.
	ErrNoDatabase = errors.New("vulnerability database not found")
	// ErrSchema is wrapped when metadata.json names a schema other than
	// trivy-db's SchemaVersion.
	ErrSchema = errors.New("unsupported DB schema")
	// ErrCorrupt is wrapped when the database files exist but are unusable.
	ErrCorrupt = errors.New("vulnerability database corrupted")
	// ErrNotFound is wrapped by DB.Vulnerability when the ID has no record;
	// trivy-db legitimately has advisories whose ID has no record, so callers
	// should treat it as "no details", not as a failure.
	ErrNotFound = errors.New("not found")
	// ErrClosed is returned by reads on a closed DB.
	ErrClosed = errors.New("vulnerability database closed")
	// ErrBusy is wrapped when a different database is already open in this
	// process; trivy-db reads through one package-level handle.
	ErrBusy = errors.New("another vulnerability database is open")
)

// DefaultDir returns <user cache dir>/palisade/db.
func DefaultDir() (string, error) {
	c, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("locating the default DB directory: %w", err)
	}
	return filepath.Join(c, "palisade", "db"), nil
}

// location is where a database lives on disk.
type location struct {
	dir  string
	file string
	// direct means the caller named trivy.db itself, so metadata.json next
	// to it is optional.
	direct bool
}

// locate resolves a --db argument, which may name the directory or the
// trivy.db file inside it; "" means DefaultDir.
func locate(path string) (location, error) {
	if path == "" {
		d, err := DefaultDir()
		if err != nil {
			return location{}, err
		}
		path = d
	}
	path = filepath.Clean(path)
	fi, err := os.Stat(path)
	switch {
	case err == nil && fi.IsDir():
		return location{dir: path, file: filepath.Join(path, DBFile)}, nil
	case err == nil:
		// trivy-db's Init derives the file name from the directory, so any
		// other name could not be opened through it.
		if filepath.Base(path) != DBFile {
			return location{}, fmt.Errorf("%s: the database file must be named %s", path, DBFile)
		}
		return location{dir: filepath.Dir(path), file: path, direct: true}, nil
	case errors.Is(err, fs.ErrNotExist):
		if filepath.Base(path) == DBFile {
			return location{dir: filepath.Dir(path), file: path, direct: true}, nil
		}
		return location{dir: path, file: filepath.Join(path, DBFile)}, nil
	default:
		return location{}, fmt.Errorf("locating vulnerability database: %w", err)
	}
}

func notFound(path string) error {
	return fmt.Errorf("%w at %s: run `palisade db update` or pass --db", ErrNoDatabase, path)
}

func corrupt(path string, cause error) error {
	msg := strings.Join(strings.Fields(cause.Error()), " ")
	return fmt.Errorf("%w: %s: %s", ErrCorrupt, path, msg)
}

// withHint tells the user how to get out of a broken database.
func withHint(err error) error {
	if errors.Is(err, ErrCorrupt) || errors.Is(err, ErrSchema) {
		return fmt.Errorf("%w: run `palisade db update`", err)
	}
	return err
}

// readMetadata reads dir/metadata.json. It tolerates any content: garbage
// yields an error, never a panic.
func readMetadata(dir string) (metadata.Metadata, error) {
	p := metadata.Path(dir)
	f, err := os.Open(p)
	if err != nil {
		return metadata.Metadata{}, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxMetadataSize+1))
	if err != nil {
		return metadata.Metadata{}, fmt.Errorf("reading %s: %w", p, err)
	}
	if len(data) > maxMetadataSize {
		return metadata.Metadata{}, fmt.Errorf("parsing %s: larger than %d bytes", p, maxMetadataSize)
	}
	return parseMetadata(p, data)
}

func parseMetadata(name string, data []byte) (metadata.Metadata, error) {
	var m metadata.Metadata
	if err := json.Unmarshal(data, &m); err != nil {
		return metadata.Metadata{}, fmt.Errorf("parsing %s: %w", name, err)
	}
	return m, nil
}

func checkSchema(name string, m metadata.Metadata) error {
	if m.Version != trivydb.SchemaVersion {
		return fmt.Errorf("%w %d in %s (want %d)",
			ErrSchema, m.Version, name, trivydb.SchemaVersion)
	}
	return nil
}

// loadMetadata applies Open's rules: metadata.json is required next to a
// database directory and optional next to a directly named trivy.db.
func loadMetadata(loc location) (metadata.Metadata, error) {
	m, err := readMetadata(loc.dir)
	switch {
	case errors.Is(err, fs.ErrNotExist) && loc.direct:
		return metadata.Metadata{}, nil
	case errors.Is(err, fs.ErrNotExist):
		return metadata.Metadata{}, fmt.Errorf("%w: %s is missing",
			ErrCorrupt, metadata.Path(loc.dir))
	case err != nil:
		return metadata.Metadata{}, fmt.Errorf("%w: %w", ErrCorrupt, err)
	}
	if err := checkSchema(metadata.Path(loc.dir), m); err != nil {
		return metadata.Metadata{}, err
	}
	return m, nil
}

// global guards trivy-db's package-level bbolt handle, which every
// db.Config{} read goes through: only one file can be open per process, so
// Opens of the same file share it and an Open of another file is refused.
var global struct {
	sync.Mutex
	file string
	info os.FileInfo
	refs int
	// broken is set by the first read that faults: bbolt may then hold its
	// internal locks forever, so the handle must not be used or closed again.
	broken atomic.Pointer[error]
}

// DB is a read-only trivy-db database. Its reads are safe for concurrent use.
type DB struct {
	mu     sync.RWMutex
	closed bool
	file   string
	meta   metadata.Metadata
}

// Open opens the database at path read-only. path is a directory holding
// trivy.db and metadata.json, or a trivy.db file, in which case metadata.json
// next to it is optional and Metadata is zero without it; "" means
// DefaultDir. The file is validated before trivy-db sees it, because
// trivy-db deletes files it fails to open. Only one database file can be open
// per process at a time (see ErrBusy).
func Open(path string, opts ...Option) (*DB, error) {
	o := newOptions(opts)
	loc, err := locate(path)
	if err != nil {
		return nil, err
	}
	fi, err := os.Stat(loc.file)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, notFound(loc.file)
	case err != nil:
		return nil, fmt.Errorf("opening vulnerability database: %w", err)
	case !fi.Mode().IsRegular():
		return nil, fmt.Errorf("%s: not a regular file", loc.file)
	}
	meta, err := loadMetadata(loc)
	if err != nil {
		return nil, withHint(err)
	}
	if err := checkBolt(loc.file, o.openTimeout, false); err != nil {
		return nil, withHint(err)
	}

	global.Lock()
	defer global.Unlock()
	if global.refs > 0 {
		if !os.SameFile(global.info, fi) {
			return nil, fmt.Errorf("opening %s: %w (%s)", loc.file, ErrBusy, global.file)
		}
		global.refs++
		return &DB{file: loc.file, meta: meta}, nil
	}
	err = trivydb.Init(loc.dir, trivydb.WithBoltOptions(&bolt.Options{
		ReadOnly: true,
		Timeout:  o.openTimeout,
	}))
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", loc.file, err)
	}
	global.file, global.info, global.refs = loc.file, fi, 1
	return &DB{file: loc.file, meta: meta}, nil
}

// Metadata returns the contents of metadata.json as read by Open.
func (d *DB) Metadata() metadata.Metadata { return d.meta }

// Path returns the trivy.db file path.
func (d *DB) Path() string { return d.file }

// Close releases the database. It is safe to call more than once.
func (d *DB) Close() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return nil
	}
	d.closed = true
	global.Lock()
	defer global.Unlock()
	global.refs--
	if global.refs > 0 {
		return nil
	}
	global.file, global.info = "", nil
	if global.broken.Swap(nil) != nil {
		return nil
	}
	if err := trivydb.Close(); err != nil {
		return fmt.Errorf("closing %s: %w", d.file, err)
	}
	return nil
}

// read runs fn while d is known to stay open, turning faults from a file
// damaged after Open into errors.
func (d *DB) read(fn func() error) error {
	d.mu.RLock()
	defer d.mu.RUnlock()
	if d.closed {
		return ErrClosed
	}
	if broken := global.broken.Load(); broken != nil {
		return withHint(corrupt(d.file, *broken))
	}
	if err := guard(fn); err != nil {
		if errors.Is(err, errFault) {
			global.broken.CompareAndSwap(nil, &err)
			return withHint(corrupt(d.file, err))
		}
		return err
	}
	return nil
}

// Advisories returns the advisories for pkgName in bucket (e.g. "debian 12",
// keyed by source package there), sorted by vulnerability ID. A bucket or
// package without advisories yields nil and no error.
func (d *DB) Advisories(bucket, pkgName string) ([]types.Advisory, error) {
	var advs []types.Advisory
	err := d.read(func() error {
		var err error
		advs, err = trivydb.Config{}.GetAdvisories(bucket, pkgName)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("reading advisories for %s in %q: %w", pkgName, bucket, err)
	}
	// GetAdvisories walks a map; stable order keeps reports reproducible.
	slices.SortFunc(advs, func(a, b types.Advisory) int {
		return strings.Compare(a.VulnerabilityID, b.VulnerabilityID)
	})
	return advs, nil
}

// Vulnerability returns the details of a vulnerability ID; an ID without a
// record yields an error wrapping ErrNotFound.
func (d *DB) Vulnerability(id string) (types.Vulnerability, error) {
	var v types.Vulnerability
	// Not db.Config{}.GetVulnerability: it panics when the bucket is missing
	// and its error does not tell "no record" from "bad record".
	err := d.read(func() error {
		return trivydb.Config{}.Connection().View(func(tx *bolt.Tx) error {
			b := tx.Bucket([]byte(vulnerabilityBucket))
			if b == nil {
				return ErrNotFound
			}
			raw := b.Get([]byte(id))
			if raw == nil {
				return ErrNotFound
			}
			return json.Unmarshal(raw, &v)
		})
	})
	if err != nil {
		return types.Vulnerability{}, fmt.Errorf("reading vulnerability %s: %w", id, err)
	}
	return v, nil
}
