package probe

import (
	"encoding/binary"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/palisadesec/palisade/pkg/testenv"
)

func record(t Type, size int) []byte {
	b := make([]byte, size)
	binary.LittleEndian.PutUint64(b[0:], uint64(3*time.Second))
	binary.LittleEndian.PutUint32(b[24:], uint32(t))
	binary.LittleEndian.PutUint32(b[28:], 42)
	binary.LittleEndian.PutUint32(b[36:], 7)
	copy(b[offComm:], "curl\x00")
	copy(b[offCgParent:], "pod1234\x00")
	copy(b[offCgLeaf:], "abcdef\x00")
	return b
}

func TestDecode(t *testing.T) {
	boot := time.Unix(1000, 0)
	ex := record(Exec, execSize)
	binary.LittleEndian.PutUint32(ex[headerSize:], 11)
	ex[headerSize+4] = 1
	copy(ex[headerSize+8:], "/usr/bin/curl\x00")
	copy(ex[headerSize+8+pathLen:], "curl\x00-s\x00x\x00")
	e, err := decode(ex, boot)
	if err != nil {
		t.Fatal(err)
	}
	if e.Type != Exec || e.PID != 42 || e.PPID != 7 || e.Comm != "curl" || e.Cgroup != "pod1234/abcdef" ||
		e.Path != "/usr/bin/curl" || len(e.Args) != 3 || e.Args[2] != "x" || !e.StdinSocket || e.StdoutSocket ||
		!e.Time.Equal(boot.Add(3*time.Second)) {
		t.Fatalf("exec decoded as %+v", e)
	}

	n := record(Connect, netSize)
	binary.LittleEndian.PutUint16(n[headerSize:], 10)
	binary.LittleEndian.PutUint16(n[headerSize+2:], 17)
	binary.LittleEndian.PutUint16(n[headerSize+4:], 53)
	a := netip.MustParseAddr("2001:db8::1").As16()
	copy(n[headerSize+8:], a[:])
	if e, err = decode(n, boot); err != nil || e.Addr.String() != "2001:db8::1" || e.Port != 53 || e.Protocol != "udp" {
		t.Fatalf("connect decoded as %+v, %v", e, err)
	}
	// IPv4-mapped IPv6 addresses are reported as IPv4.
	m := netip.MustParseAddr("::ffff:10.0.0.1").As16()
	copy(n[headerSize+8:], m[:])
	if e, _ = decode(n, boot); e.Addr.String() != "10.0.0.1" {
		t.Fatalf("mapped address decoded as %s", e.Addr)
	}

	o := record(Open, openSize)
	binary.LittleEndian.PutUint32(o[headerSize:], 0x241)
	copy(o[headerSize+8:], "/etc/passwd\x00")
	if e, err = decode(o, boot); err != nil || e.Path != "/etc/passwd" || !e.Write() {
		t.Fatalf("open decoded as %+v, %v", e, err)
	}

	c := record(Setns, credSize)
	binary.LittleEndian.PutUint64(c[headerSize+40:], 0x20000|0x40000000)
	if e, err = decode(c, boot); err != nil || len(NamespaceNames(e.NSFlags)) != 2 {
		t.Fatalf("setns decoded as %+v, %v", e, err)
	}
	x := record(Exit, exitSize)
	binary.LittleEndian.PutUint32(x[headerSize:], 3<<8)
	if e, err = decode(x, boot); err != nil || e.ExitCode != 3 {
		t.Fatalf("exit decoded as %+v, %v", e, err)
	}

	for _, bad := range [][]byte{nil, ex[:100], ex[:headerSize+10], record(99, 400)} {
		if _, err := decode(bad, boot); err == nil {
			t.Errorf("decode(%d bytes) succeeded", len(bad))
		}
	}
	if got := CapabilityNames(1<<21 | 1<<39); len(got) != 2 || got[0] != "CAP_SYS_ADMIN" || got[1] != "CAP_BPF" {
		t.Errorf("CapabilityNames = %v", got)
	}
}

func FuzzDecode(f *testing.F) {
	f.Add(record(Exec, execSize))
	f.Add(record(Connect, netSize))
	f.Add(record(Open, openSize))
	f.Add([]byte{1, 2, 3})
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = decode(b, time.Unix(0, 0))
	})
}

// The committed objects must be what the C sources compile to.
func TestGeneratedObjectsUpToDate(t *testing.T) {
	if _, err := exec.LookPath("clang"); err != nil {
		testenv.Skip(t, "clang is needed to check the generated eBPF objects (make deps installs it)")
	}
	// The same command as gen.go's, from the same directory (the object's
	// debug info names the source file), writing elsewhere.
	dir := t.TempDir()
	cmd := exec.Command("go", "run", "github.com/cilium/ebpf/cmd/bpf2go", "-cc", "clang", "-cflags", "-O2 -g -Wall -Werror",
		"-target", "amd64,arm64", "-go-package", "probe", "-tags", "linux", "-output-dir", dir, "probe", "bpf/probe.bpf.c", "--", "-I./bpf")
	cmd.Env = append(os.Environ(), "GOPACKAGE=probe")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("bpf2go: %v: %s", err, out)
	}
	for _, f := range []string{"probe_x86_bpfel.o", "probe_arm64_bpfel.o"} {
		want, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Errorf("%s is stale: run go generate ./pkg/probe (make generate-bpf)", f)
		}
	}
}
