package probe

import (
	"fmt"
	"strings"
)

// Watch says which opens below a file prefix are reported.
type Watch uint8

// Values of Prefix.Watch (the numbers are the kernel map's values).
const (
	Skip   Watch = 0 // nothing below the prefix (carves a path out of a wider prefix)
	All    Watch = 1 // every open
	Writes Watch = 2 // opens for writing (O_WRONLY, O_RDWR, O_CREAT, O_TRUNC)
)

// Prefix is one watched file prefix. The longest matching prefix decides.
type Prefix struct {
	Path  string
	Watch Watch
}

// MaxPrefixLen is the longest prefix the kernel filter compares.
const MaxPrefixLen = 64

// DefaultPrefixes are the sensitive places watched when Options.Prefixes is
// empty: reads and writes of credentials and configuration, writes to
// binaries, libraries and the kernel's tunables. /proc/<pid>/mem is always
// watched (a separate check in the kernel).
var DefaultPrefixes = []Prefix{
	{"/etc/", All},
	{"/etc/ld.so.cache", Skip}, // read by every dynamically linked exec
	{"/root/", All},
	{"/var/run/secrets/", All},
	{"/run/secrets/", All},
	{"/proc/kcore", All},
	{"/dev/mem", All},
	{"/usr/", Writes},
	{"/bin/", Writes},
	{"/sbin/", Writes},
	{"/lib/", Writes},
	{"/lib64/", Writes},
	{"/boot/", Writes},
	{"/proc/sys/", Writes},
	{"/sys/fs/cgroup/", Writes},
	{"/var/spool/cron/", Writes},
}

// ParsePrefix parses "PATH" (all opens), "w:PATH" (writes only) or
// "-:PATH" (skip) as given on the command line.
func ParsePrefix(s string) (Prefix, error) {
	p := Prefix{Path: s, Watch: All}
	switch {
	case strings.HasPrefix(s, "w:"):
		p = Prefix{Path: s[2:], Watch: Writes}
	case strings.HasPrefix(s, "-:"):
		p = Prefix{Path: s[2:], Watch: Skip}
	}
	if !strings.HasPrefix(p.Path, "/") {
		return Prefix{}, fmt.Errorf("file prefix %q must be an absolute path", s)
	}
	if len(p.Path) > MaxPrefixLen {
		return Prefix{}, fmt.Errorf("file prefix %q is longer than %d bytes", s, MaxPrefixLen)
	}
	return p, nil
}

// Options configures the probe.
type Options struct {
	// Host reports host processes too; by default only processes in a mount
	// namespace other than the host's (containers) are reported.
	Host bool
	// Prefixes are the watched file prefixes; DefaultPrefixes when empty.
	Prefixes []Prefix
	// BTFPath is the kernel's BTF; /sys/kernel/btf/vmlinux when empty.
	BTFPath string
	// RingBufferSize is the ring buffer's size in bytes (a power of two);
	// 16 MiB (the object's own) when zero.
	RingBufferSize int
}
