package vulndb

import "golang.org/x/sys/unix"

// exchange swaps two paths in one step, so readers never see the database
// directory missing. Filesystems without RENAME_EXCHANGE return an error and
// the caller falls back to two renames.
func exchange(a, b string) error {
	return unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
}
