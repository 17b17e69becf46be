package vulndb

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"time"

	bolt "go.etcd.io/bbolt"
)

// errFault marks a panic recovered while reading a bbolt file: a memory
// fault on a truncated mapping or one of bbolt's own consistency panics.
var errFault = errors.New("unreadable page")

// guard runs fn with faults on the mmap turned into recoverable panics, and
// turns those and bbolt's panics into errors. SetPanicOnFault is per
// goroutine, so fn must not hand mmap reads to other goroutines.
func guard(fn func() error) (err error) {
	old := debug.SetPanicOnFault(true)
	defer func() {
		debug.SetPanicOnFault(old)
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %v", errFault, r)
		}
	}()
	return fn()
}

// checkBolt validates a bbolt file without writing to it. The quick check
// (meta pages, file long enough for the page count the meta claims, a
// vulnerability bucket) is cheap enough for every Open; full additionally
// visits every bucket, key and value, which Update does once per download.
// bbolt's own tx.Check is not used because it reads the file on a goroutine
// of its own, where a fault cannot be recovered.
func checkBolt(path string, timeout time.Duration, full bool) error {
	fi, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("checking vulnerability database: %w", err)
	}
	if fi.Size() == 0 {
		return corrupt(path, errors.New("empty file"))
	}
	err = guard(func() error {
		bdb, err := bolt.Open(path, 0o444, &bolt.Options{ReadOnly: true, Timeout: timeout})
		if err != nil {
			return err
		}
		// Not deferred: after a panic bbolt may still hold its internal
		// locks and Close would hang, so the handle is abandoned instead.
		err = bdb.View(func(tx *bolt.Tx) error {
			if tx.Size() > fi.Size() {
				return fmt.Errorf("truncated: %d bytes, header says %d", fi.Size(), tx.Size())
			}
			if tx.Bucket([]byte(vulnerabilityBucket)) == nil {
				return fmt.Errorf("no %q bucket", vulnerabilityBucket)
			}
			if !full {
				return nil
			}
			var acc byte
			err := tx.ForEach(func(_ []byte, b *bolt.Bucket) error { return walk(b, &acc) })
			runtime.KeepAlive(acc)
			return err
		})
		return errors.Join(err, bdb.Close())
	})
	switch {
	case errors.Is(err, bolt.ErrTimeout):
		return fmt.Errorf("opening %s: locked by another process: %w", path, err)
	case err != nil:
		return corrupt(path, err)
	}
	return nil
}

// walk touches every key and the last byte of every value below b, so each
// reachable page, overflow pages included, is read once; acc only keeps the
// compiler from dropping the reads.
func walk(b *bolt.Bucket, acc *byte) error {
	return b.ForEach(func(k, v []byte) error {
		if v == nil {
			if sub := b.Bucket(k); sub != nil {
				return walk(sub, acc)
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
