package baseline

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"
)

const (
	// FileName is the store's file inside the state directory.
	FileName = "models.db"
	// SchemaVersion is the layout of the store and of exports.
	SchemaVersion = 1

	bucketModels = "models"
	bucketMeta   = "meta"
	keySchema    = "schemaVersion"
)

// ErrClosed is returned by operations on the store after Close.
var ErrClosed = errors.New("baseline store is closed")

// ErrInUse is returned by Open when another process holds the store.
var ErrInUse = errors.New("in use by another palisade")

// corruptError marks a store that cannot be read back.
type corruptError struct{ err error }

func (e *corruptError) Error() string { return "corrupt store: " + e.err.Error() }
func (e *corruptError) Unwrap() error { return e.err }

func corrupt(format string, args ...any) error {
	return &corruptError{fmt.Errorf(format, args...)}
}

// Open loads every model of the store in dir (created 0700 if missing) and
// keeps the store open for Flush. A corrupt store is moved aside (see
// SetAside) and replaced by an empty one; a store held by another process
// is an error wrapping ErrInUse after the lock timeout.
func Open(dir string, opts ...Option) (*Baseline, error) {
	cfg := config{
		learn:        time.Hour,
		trialLimit:   3,
		idleGap:      time.Minute,
		clock:        time.Now,
		maxBehaviors: 512,
		lockTimeout:  time.Second,
	}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.trial <= 0 {
		cfg.trial = max(cfg.learn/4, 1)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("creating state dir: %w", err)
	}
	path := filepath.Join(dir, FileName)
	b := &Baseline{cfg: cfg, models: map[Key]*entry{}}

	models, err := readStore(path, cfg.lockTimeout)
	var ce *corruptError
	switch {
	case errors.Is(err, bolt.ErrTimeout):
		return nil, fmt.Errorf("state dir %s is %w", dir, ErrInUse)
	case errors.As(err, &ce):
		aside, mvErr := moveAside(path, cfg.clock())
		if mvErr != nil {
			return nil, fmt.Errorf("setting aside %s (%v): %w", path, err, mvErr)
		}
		b.setAside, b.setAsideReason = aside, err
		models = nil
	case err != nil:
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	for _, m := range models {
		b.models[m.Key] = entryFrom(m)
	}

	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: cfg.lockTimeout})
	if errors.Is(err, bolt.ErrTimeout) {
		return nil, fmt.Errorf("state dir %s is %w", dir, ErrInUse)
	} else if err != nil {
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		meta, err := tx.CreateBucketIfNotExists([]byte(bucketMeta))
		if err != nil {
			return err
		}
		if meta.Get([]byte(keySchema)) == nil {
			if err := meta.Put([]byte(keySchema), []byte(strconv.Itoa(SchemaVersion))); err != nil {
				return err
			}
		}
		_, err = tx.CreateBucketIfNotExists([]byte(bucketModels))
		return err
	})
	if err != nil {
		return nil, errors.Join(fmt.Errorf("initialising %s: %w", path, err), db.Close())
	}
	b.db = db
	return b, nil
}

// readStore validates the store at path read-only and returns its models.
// Read-only, because opening a damaged file for writing lets bbolt grow or
// rewrite it, which would destroy what is set aside for inspection.
func readStore(path string, timeout time.Duration) ([]Model, error) {
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("not a regular file")
	}
	if fi.Size() == 0 {
		return nil, corrupt("empty file")
	}
	var models []Model
	err = guard(func() error {
		db, err := bolt.Open(path, 0, &bolt.Options{ReadOnly: true, Timeout: timeout, PreLoadFreelist: true})
		if errors.Is(err, bolt.ErrTimeout) || errors.Is(err, fs.ErrPermission) {
			return err
		} else if err != nil {
			return corrupt("%w", err)
		}
		// Not deferred: after a panic bbolt may hold its internal locks
		// and Close would hang; the handle is abandoned instead.
		err = db.View(func(tx *bolt.Tx) error {
			models, err = readModels(tx, fi.Size())
			return err
		})
		return errors.Join(err, db.Close())
	})
	return models, err
}

// guard runs fn with memory faults (a read of a mapping past the end of a
// truncated file) and bbolt's consistency panics turned into corruption
// errors. SetPanicOnFault is per goroutine, so fn must read the file on
// this goroutine.
func guard(fn func() error) (err error) {
	old := debug.SetPanicOnFault(true)
	defer func() {
		debug.SetPanicOnFault(old)
		if r := recover(); r != nil {
			err = corrupt("unreadable page: %v", r)
		}
	}()
	return fn()
}

func readModels(tx *bolt.Tx, fileSize int64) ([]Model, error) {
	if tx.Size() > fileSize {
		return nil, corrupt("truncated: %d bytes, header says %d", fileSize, tx.Size())
	}
	// Touch every page reachable from the root on this goroutine first:
	// tx.Check reads on a goroutine of its own, where a fault could not be
	// recovered.
	var acc byte
	if err := tx.ForEach(func(_ []byte, bk *bolt.Bucket) error { return touch(bk, &acc) }); err != nil {
		return nil, err
	}
	meta, mb := tx.Bucket([]byte(bucketMeta)), tx.Bucket([]byte(bucketModels))
	if meta == nil {
		empty := true
		tx.ForEach(func([]byte, *bolt.Bucket) error { empty = false; return nil })
		if empty {
			// Initialised by bbolt, never by us: a crash during the first Open.
			return nil, checkTx(tx)
		}
		return nil, corrupt("no %q bucket", bucketMeta)
	}
	if v := meta.Get([]byte(keySchema)); string(v) != strconv.Itoa(SchemaVersion) {
		return nil, corrupt("schema version %.20q, want %d", v, SchemaVersion)
	}
	if mb == nil {
		return nil, corrupt("no %q bucket", bucketModels)
	}
	var models []Model
	err := mb.ForEach(func(k, v []byte) error {
		if v == nil {
			return corrupt("unexpected bucket %.40q in %q", k, bucketModels)
		}
		var m Model
		if err := json.Unmarshal(v, &m); err != nil {
			return corrupt("model %.80q: %v", k, err)
		}
		if err := validateModel(&m, 0, -1); err != nil {
			return corrupt("model %.80q: %v", k, err)
		}
		if !bytes.Equal(k, storeKey(m.Key)) {
			return corrupt("model %.80q stored under another key", k)
		}
		models = append(models, m)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return models, checkTx(tx)
}

// checkTx runs bbolt's own consistency check (double frees, unreachable
// or doubly referenced pages).
func checkTx(tx *bolt.Tx) error {
	var first error
	for err := range tx.Check() {
		if first == nil {
			first = err
		}
	}
	if first != nil {
		return corrupt("%w", first)
	}
	return nil
}

// touch reads every key and value under bk so that a bad page faults here.
func touch(bk *bolt.Bucket, acc *byte) error {
	return bk.ForEach(func(k, v []byte) error {
		if v == nil {
			if sub := bk.Bucket(k); sub != nil {
				return touch(sub, acc)
			}
			return nil
		}
		if len(k) > 0 {
			*acc ^= k[len(k)-1]
		}
		if len(v) > 0 {
			*acc ^= v[len(v)-1]
		}
		return nil
	})
}

// moveAside renames a corrupt store to models.db.corrupt-<unix time>,
// adding a counter if that name is taken.
func moveAside(path string, now time.Time) (string, error) {
	base := path + ".corrupt-" + strconv.FormatInt(now.Unix(), 10)
	name := base
	for i := 1; ; i++ {
		if _, err := os.Lstat(name); errors.Is(err, fs.ErrNotExist) {
			break
		} else if i > 100 {
			return "", fmt.Errorf("no free name for %s", base)
		}
		name = base + "." + strconv.Itoa(i)
	}
	if err := os.Rename(path, name); err != nil {
		return "", err
	}
	return name, nil
}

// storeKey is the bbolt key of a model: a JSON array of the key's fields,
// unambiguous whatever characters they hold.
func storeKey(k Key) []byte {
	b, _ := json.Marshal([4]string{k.Cluster, k.Namespace, k.Repository, k.Digest})
	return b
}

// Flush writes the models changed since the last Flush.
func (b *Baseline) Flush() error {
	b.io.Lock()
	defer b.io.Unlock()
	return b.flushLocked()
}

// flushLocked is Flush with b.io held. The snapshot is taken under b.mu and
// written without it, so Observe is blocked only for the copy.
func (b *Baseline) flushLocked() error {
	if b.db == nil {
		return ErrClosed
	}
	b.mu.Lock()
	snaps := make([]Model, 0, len(b.dirty))
	for _, k := range b.dirty {
		if e, ok := b.models[k]; ok && e.dirty {
			e.dirty = false
			snaps = append(snaps, e.snapshot())
		}
	}
	clear(b.dirty)
	b.dirty = b.dirty[:0]
	b.mu.Unlock()
	if len(snaps) == 0 {
		return nil
	}
	err := b.db.Update(func(tx *bolt.Tx) error {
		bk := tx.Bucket([]byte(bucketModels))
		for _, m := range snaps {
			v, err := json.Marshal(m)
			if err != nil {
				return fmt.Errorf("encoding model %s: %w", shortKey(m.Key), err)
			}
			if err := bk.Put(storeKey(m.Key), v); err != nil {
				return fmt.Errorf("storing model %s: %w", shortKey(m.Key), err)
			}
		}
		return nil
	})
	if err != nil {
		// Try again on the next Flush.
		b.mu.Lock()
		for _, m := range snaps {
			if e, ok := b.models[m.Key]; ok {
				b.markDirty(e)
			}
		}
		b.mu.Unlock()
		return fmt.Errorf("saving baseline models: %w", err)
	}
	return nil
}

// Close flushes and closes the store. Later calls return nil; the models
// stay readable in memory but are no longer saved.
func (b *Baseline) Close() error {
	b.io.Lock()
	defer b.io.Unlock()
	if b.db == nil {
		return nil
	}
	err := b.flushLocked()
	err = errors.Join(err, b.db.Close())
	b.db = nil
	return err
}

// Delete removes key's model from memory and from the store, reporting
// whether it existed.
func (b *Baseline) Delete(key Key) (bool, error) {
	b.io.Lock()
	defer b.io.Unlock()
	if b.db == nil {
		return false, ErrClosed
	}
	b.mu.Lock()
	_, ok := b.models[key]
	b.mu.Unlock()
	if !ok {
		return false, nil
	}
	err := b.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte(bucketModels)).Delete(storeKey(key))
	})
	if err != nil {
		return false, fmt.Errorf("deleting model %s: %w", shortKey(key), err)
	}
	b.mu.Lock()
	delete(b.models, key)
	b.mu.Unlock()
	return true, nil
}
