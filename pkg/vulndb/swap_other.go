//go:build !linux

package vulndb

import "errors"

func exchange(_, _ string) error {
	return errors.New("atomic exchange not supported")
}
