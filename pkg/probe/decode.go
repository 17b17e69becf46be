package probe

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"net/netip"
	"strings"
	"time"
)

// Event layout written by bpf/probe.bpf.c (the C header asserts the same
// numbers at compile time).
const (
	headerSize = 296
	execSize   = headerSize + 8 + pathLen + argsLen
	exitSize   = headerSize + 8
	netSize    = headerSize + 24
	openSize   = headerSize + 8 + pathLen
	credSize   = headerSize + 48

	offComm     = 56
	offCgParent = 72
	offCgLeaf   = 168
	commLen     = 16
	cgParentLen = 96
	cgLeafLen   = 128
	pathLen     = 256
	argsLen     = 512
)

var le = binary.LittleEndian

// recordSizes is each event type's record size (indexed by Type; 0 for no
// type), looked up once per event without allocating.
var recordSizes = [...]int{Exec: execSize, Exit: exitSize, Connect: netSize, Accept: netSize, Listen: netSize,
	Open: openSize, Setuid: credSize, Capset: credSize, Setns: credSize, Unshare: credSize}

// decode turns one ring buffer record into an Event. boot is the wall-clock
// time of boot, to turn the kernel's boot-time nanoseconds into a time.
// Records come from the kernel, but a wrong size must be an error, never a
// panic: a mismatched object would otherwise crash the node agent.
func decode(b []byte, boot time.Time) (Event, error) {
	if len(b) < headerSize {
		return Event{}, fmt.Errorf("probe record of %d bytes is shorter than its header", len(b))
	}
	t := Type(le.Uint32(b[24:]))
	e := Event{
		Type:     t,
		Time:     boot.Add(time.Duration(le.Uint64(b[0:]))),
		CgroupID: le.Uint64(b[8:]),
		MntNS:    le.Uint64(b[16:]),
		PID:      le.Uint32(b[28:]),
		TID:      le.Uint32(b[32:]),
		PPID:     le.Uint32(b[36:]),
		UID:      le.Uint32(b[40:]),
		GID:      le.Uint32(b[44:]),
		NSPID:    le.Uint32(b[48:]),
		Comm:     cstring(b[offComm : offComm+commLen]),
	}
	parent, leaf := cstring(b[offCgParent:offCgParent+cgParentLen]), cstring(b[offCgLeaf:offCgLeaf+cgLeafLen])
	switch {
	case leaf == "" || leaf == "/":
		e.Cgroup = "/"
	case parent == "" || parent == "/":
		e.Cgroup = "/" + leaf
	default:
		e.Cgroup = parent + "/" + leaf
	}
	var want int
	if int(t) < len(recordSizes) {
		want = recordSizes[t]
	}
	if want == 0 {
		return Event{}, fmt.Errorf("probe record has unknown type %d", t)
	}
	if len(b) < want {
		return Event{}, fmt.Errorf("probe %s record of %d bytes, want %d", t, len(b), want)
	}
	p := b[headerSize:]
	switch t {
	case Exec:
		n := int(le.Uint32(p[0:]))
		e.StdinSocket, e.StdoutSocket = p[4] != 0, p[5] != 0
		e.Path = cstring(p[8 : 8+pathLen])
		args := p[8+pathLen : 8+pathLen+argsLen]
		if n > len(args) {
			n = len(args)
		}
		e.Args = splitArgs(args[:n])
	case Exit:
		status := int32(le.Uint32(p[0:]))
		e.ExitCode, e.Signal = int(status>>8)&0xff, int(status&0x7f)
	case Connect, Accept, Listen:
		family, proto := le.Uint16(p[0:]), le.Uint16(p[2:])
		e.Port = le.Uint16(p[4:])
		switch proto {
		case 6:
			e.Protocol = "tcp"
		case 17:
			e.Protocol = "udp"
		case 0:
			e.Protocol = ""
		default:
			e.Protocol = fmt.Sprintf("ip-%d", proto)
		}
		if t == Listen && e.Protocol == "" {
			e.Protocol = "tcp"
		}
		switch family {
		case 2:
			e.Addr = netip.AddrFrom4([4]byte(p[8:12]))
		case 10:
			e.Addr = netip.AddrFrom16([16]byte(p[8:24])).Unmap()
		default:
			return Event{}, fmt.Errorf("probe %s record has address family %d", t, family)
		}
	case Open:
		e.Flags = le.Uint32(p[0:])
		e.Path = cstring(p[8 : 8+pathLen])
	case Setuid, Capset, Setns, Unshare:
		e.RUID, e.EUID, e.SUID = int64(le.Uint64(p[0:])), int64(le.Uint64(p[8:])), int64(le.Uint64(p[16:]))
		e.CapEffective, e.CapPermitted = le.Uint64(p[24:]), le.Uint64(p[32:])
		e.NSFlags = le.Uint64(p[40:])
	}
	return e, nil
}

func cstring(b []byte) string {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		b = b[:i]
	}
	return strings.ToValidUTF8(string(b), "\uFFFD")
}

// splitArgs splits the NUL-separated argv copied from the process; the copy
// is bounded, so the last argument may be cut short.
func splitArgs(b []byte) []string {
	b = bytes.TrimRight(b, "\x00")
	if len(b) == 0 {
		return nil
	}
	parts := bytes.Split(b, []byte{0})
	out := make([]string, len(parts))
	for i, p := range parts {
		out[i] = strings.ToValidUTF8(string(p), "\uFFFD")
	}
	return out
}

// Namespace flag names of setns/unshare (CLONE_NEW*).
var nsFlags = []struct {
	bit  uint64
	name string
}{
	{0x00020000, "mnt"}, {0x02000000, "cgroup"}, {0x04000000, "uts"}, {0x08000000, "ipc"},
	{0x10000000, "user"}, {0x20000000, "pid"}, {0x40000000, "net"}, {0x00000080, "time"},
}

// NamespaceNames names the namespaces in CLONE_NEW* flags ("mnt", "pid", ...).
// Zero (setns with nstype 0) means "any": it is reported as ["any"].
func NamespaceNames(flags uint64) []string {
	if flags == 0 {
		return []string{"any"}
	}
	var out []string
	for _, f := range nsFlags {
		if flags&f.bit != 0 {
			out = append(out, f.name)
		}
	}
	return out
}

var capNames = []string{
	"CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
	"CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE",
	"CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER",
	"CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT",
	"CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME",
	"CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL",
	"CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM",
	"CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE",
}

// CapabilityNames names the capabilities set in a capability mask.
func CapabilityNames(mask uint64) []string {
	var out []string
	for i := 0; i < 64; i++ {
		if mask&(1<<uint(i)) == 0 {
			continue
		}
		if i < len(capNames) {
			out = append(out, capNames[i])
		} else {
			out = append(out, fmt.Sprintf("CAP_%d", i))
		}
	}
	return out
}
