// Package probe is Palisade's node-side eBPF probe: tracepoint programs
// (pkg/probe/bpf) report process, network, file, privilege and namespace
// events through a ring buffer, filtered in the kernel to container
// processes. It runs on Linux only; elsewhere Load returns ErrNotSupported.
package probe

import (
	"errors"
	"net/netip"
	"time"
)

// ErrNotSupported is returned by Load on systems without eBPF support.
var ErrNotSupported = errors.New("the runtime probe needs Linux with eBPF")

// Type is the kind of an event.
type Type uint8

// Event types. The numbers are shared with the C side (bpf/probe.h).
const (
	Exec    Type = 1  // a process executed a binary
	Exit    Type = 2  // a process (thread group) exited
	Connect Type = 3  // outbound connect(2) to an IPv4/IPv6 address
	Accept  Type = 4  // an inbound connection accepted
	Listen  Type = 5  // a TCP socket started listening
	Open    Type = 6  // a file under a watched prefix was opened
	Setuid  Type = 7  // setuid/setreuid/setresuid
	Capset  Type = 8  // capset(2)
	Setns   Type = 9  // setns(2)
	Unshare Type = 10 // unshare(2)
)

var typeNames = map[Type]string{
	Exec: "exec", Exit: "exit", Connect: "connect", Accept: "accept", Listen: "listen",
	Open: "open", Setuid: "setuid", Capset: "capset", Setns: "setns", Unshare: "unshare",
}

func (t Type) String() string {
	if s, ok := typeNames[t]; ok {
		return s
	}
	return "unknown"
}

// ParseType returns the type named s ("exec", "connect", ...).
func ParseType(s string) (Type, bool) {
	for t, n := range typeNames {
		if n == s {
			return t, true
		}
	}
	return 0, false
}

// Event is one decoded probe event. Fields that do not apply to the event's
// type are zero.
type Event struct {
	Type Type
	Time time.Time
	// The acting process (thread group) and its parent.
	PID, TID, PPID uint32
	UID, GID       uint32
	// NSPID is the pid inside the process's own pid namespace: 1 for a
	// container's first process.
	NSPID uint32
	Comm  string
	// Cgroup is the tail of the process's cgroup path as read in the kernel:
	// "<parent>/<leaf>", e.g. "pod<uid>/<container-id>" (cgroupfs driver) or
	// "kubepods-burstable-pod<uid>.slice/cri-containerd-<id>.scope" (systemd).
	// For cgroup v2 it is read from the default hierarchy, on v1 from the
	// memory controller's.
	Cgroup   string
	CgroupID uint64
	// MntNS is the inode of the process's mount namespace.
	MntNS uint64

	// Exec: the binary path, argv (bounded), and whether stdin/stdout are
	// TCP/UDP sockets (Unix sockets do not count).
	Path         string
	Args         []string
	StdinSocket  bool
	StdoutSocket bool

	// Exit: the exit code (status >> 8) and signal.
	ExitCode int
	Signal   int

	// Connect, Accept, Listen: transport ("tcp", "udp") and an address and
	// port: the destination (Connect), the peer's address and the local port
	// it reached (Accept), the local address and port (Listen).
	Protocol string
	Addr     netip.Addr
	Port     uint16

	// Open: the file path (Path) and the open flags.
	Flags uint32

	// Setuid: the requested real/effective/saved uids (-1 = unchanged).
	// Capset: the requested effective and permitted capability sets.
	// Setns/Unshare: the namespace flags (CLONE_NEW*).
	RUID, EUID, SUID int64
	CapEffective     uint64
	CapPermitted     uint64
	NSFlags          uint64
}

// Write reports whether an Open event asked for write access (O_WRONLY,
// O_RDWR, O_CREAT or O_TRUNC).
func (e *Event) Write() bool {
	const oWronly, oRdwr, oCreat, oTrunc = 0x1, 0x2, 0x40, 0x200
	return e.Flags&(oWronly|oRdwr|oCreat|oTrunc) != 0
}

// Stats counts what the probe saw and lost.
type Stats struct {
	// Events is how many events were read from the ring buffer.
	Events uint64 `json:"events"`
	// Drops is how many events the kernel could not queue (ring buffer full).
	Drops uint64 `json:"drops"`
}
