//go:build windows

package vulndb

import (
	"errors"
	"os"

	"golang.org/x/sys/windows"
)

// tryLock uses LockFileEx, which Windows drops when the holder dies, so a
// crashed update never leaves a lock behind.
func tryLock(path string) (unlock func() error, ok bool, err error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, false, err
	}
	h := windows.Handle(f.Fd())
	err = windows.LockFileEx(h, windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY,
		0, 1, 0, new(windows.Overlapped))
	if errors.Is(err, windows.ERROR_LOCK_VIOLATION) {
		f.Close()
		return nil, false, nil
	}
	if err != nil {
		f.Close()
		return nil, false, err
	}
	return func() error {
		uerr := windows.UnlockFileEx(h, 0, 1, 0, new(windows.Overlapped))
		return errors.Join(uerr, f.Close())
	}, true, nil
}
