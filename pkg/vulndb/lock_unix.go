//go:build unix

package vulndb

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// tryLock uses flock, which the kernel drops when the holder dies, so a
// crashed update never leaves a lock behind.
func tryLock(path string) (unlock func() error, ok bool, err error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, false, err
	}
	err = unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
	if errors.Is(err, unix.EWOULDBLOCK) || errors.Is(err, unix.EINTR) {
		f.Close()
		return nil, false, nil
	}
	if err != nil {
		f.Close()
		return nil, false, err
	}
	return func() error {
		uerr := unix.Flock(int(f.Fd()), unix.LOCK_UN)
		return errors.Join(uerr, f.Close())
	}, true, nil
}
