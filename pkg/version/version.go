// Package version holds the build identity stamped in by -ldflags at release
// time (see the Makefile and .goreleaser.yaml).
package version

import "runtime/debug"

// Set with -ldflags "-X github.com/palisadesec/palisade/pkg/version.Version=...".
var (
	Version = "dev"
	Commit  = ""
	Date    = ""
)

// Info returns version, commit and date, falling back to the VCS stamp the
// Go toolchain records when the ldflags were not set.
func Info() (ver, commit, date string) {
	ver, commit, date = Version, Commit, Date
	if commit == "" {
		if bi, ok := debug.ReadBuildInfo(); ok {
			for _, s := range bi.Settings {
				switch s.Key {
				case "vcs.revision":
					commit = s.Value
				case "vcs.time":
					if date == "" {
						date = s.Value
					}
				}
			}
		}
	}
	if commit == "" {
		commit = "unknown"
	}
	if date == "" {
		date = "unknown"
	}
	return ver, commit, date
}
