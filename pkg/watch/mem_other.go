//go:build !linux

package watch

import "runtime/debug"

// ReleaseStartupMemory returns freed heap to the system; elsewhere than
// Linux there is nothing more to release.
func ReleaseStartupMemory() int64 {
	debug.FreeOSMemory()
	return 0
}

// ResidentBytes is not measured elsewhere than Linux.
func ResidentBytes() int64 { return 0 }
