//go:build linux

package probe

import (
	"errors"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/palisadesec/palisade/pkg/testenv"
	"github.com/palisadesec/palisade/pkg/testenv/runc"
)

// load starts the real probe, or skips (fails with CI=true) where this
// machine cannot run it.
func load(t *testing.T, opts Options) *Probe {
	t.Helper()
	if os.Geteuid() != 0 {
		testenv.Skip(t, "the eBPF probe needs root")
	}
	if _, err := os.Stat("/sys/kernel/btf/vmlinux"); err != nil {
		testenv.Skip(t, "the eBPF probe needs kernel BTF (/sys/kernel/btf/vmlinux)")
	}
	p, err := Load(opts)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

// collect hands events to see until it returns true or the time is up, and
// returns how many events it read.
func collect(t *testing.T, p *Probe, d time.Duration, see func(Event) bool) int {
	t.Helper()
	p.SetDeadline(time.Now().Add(d))
	for n := 1; ; n++ {
		e, err := p.Read()
		if errors.Is(err, os.ErrDeadlineExceeded) {
			return n - 1
		}
		if err != nil {
			t.Fatalf("Read: %v", err)
		}
		if see(e) {
			return n
		}
	}
}

func TestProbeSeesHostActivity(t *testing.T) {
	p := load(t, Options{Host: true})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	port := ln.Addr().(*net.TCPAddr).Port
	marker := "palisade-probe-" + strconv.Itoa(os.Getpid())
	// A child process does the work: the probe ignores its own process.
	script := "exec 3<>/dev/tcp/127.0.0.1/" + strconv.Itoa(port) + "; cat /etc/hostname >/dev/null; /bin/true " + marker
	cmd := exec.Command("/bin/bash", "-c", script)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("workload: %v: %s", err, out)
	}
	shell := cmd.Process.Pid
	var sawExec, sawConnect, sawOpen, sawExit bool
	n := collect(t, p, 10*time.Second, func(e Event) bool {
		switch {
		case e.Type == Exec && e.Path == "/bin/true" && len(e.Args) == 2 && e.Args[1] == marker:
			// bash execs its last command in place
			sawExec = int(e.PID) == shell && e.Comm == "true"
		case e.Type == Connect && int(e.PID) == shell && e.Port == uint16(port):
			sawConnect = e.Addr.String() == "127.0.0.1" && e.Protocol == "tcp"
		case e.Type == Open && int(e.PPID) == shell && e.Comm == "cat" && e.Path == "/etc/hostname":
			sawOpen = !e.Write()
		case e.Type == Exit && int(e.PID) == shell:
			sawExit = true
		}
		return sawExec && sawConnect && sawOpen && sawExit
	})
	if !sawExec || !sawConnect || !sawOpen || !sawExit {
		t.Fatalf("exec %v connect %v open %v exit %v in %d events", sawExec, sawConnect, sawOpen, sawExit, n)
	}
	if s := p.Stats(); s.Events < uint64(n) || s.Drops != 0 {
		t.Errorf("stats %+v after %d events", s, n)
	}
}

// Without Host, only processes in another mount namespace are reported.
func TestProbeKeepsOnlyContainers(t *testing.T) {
	p := load(t, Options{})
	if _, err := exec.LookPath("unshare"); err != nil {
		testenv.Skip(t, "unshare (util-linux) is needed")
	}
	host := "palisade-host-" + strconv.Itoa(os.Getpid())
	inner := "palisade-ns-" + strconv.Itoa(os.Getpid())
	if out, err := exec.Command("/bin/true", host).CombinedOutput(); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if out, err := exec.Command("unshare", "--mount", "--fork", "/bin/sh", "-c", "/bin/true "+inner+"; cat /etc/shadow >/dev/null; echo x > /etc/palisade-probe-test; rm -f /etc/palisade-probe-test").CombinedOutput(); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	var sawHost, sawInner, sawShadow, sawWrite bool
	collect(t, p, 3*time.Second, func(e Event) bool {
		if e.Type == Exec && len(e.Args) == 2 {
			sawHost = sawHost || e.Args[1] == host
			sawInner = sawInner || e.Args[1] == inner
		}
		if e.Type == Open && e.Path == "/etc/shadow" {
			sawShadow = true
		}
		if e.Type == Open && e.Path == "/etc/palisade-probe-test" && e.Write() {
			sawWrite = true
		}
		return false
	})
	if sawHost {
		t.Error("a host process was reported without Host")
	}
	if !sawInner || !sawShadow || !sawWrite {
		t.Errorf("namespaced exec %v, shadow read %v, /etc write %v", sawInner, sawShadow, sawWrite)
	}
}

func TestProbeMissingBTF(t *testing.T) {
	if os.Geteuid() != 0 {
		testenv.Skip(t, "the eBPF probe needs root")
	}
	_, err := Load(Options{BTFPath: t.TempDir() + "/vmlinux"})
	if err == nil || !strings.Contains(err.Error(), "kernel BTF not found") || strings.Contains(err.Error(), "\n") {
		t.Fatalf("want one line about missing BTF, got %v", err)
	}
}

// A real runc container in kubelet's cgroup layout: the probe reports its
// processes with the cgroup tail that names the pod and the container.
func TestProbeRuncContainer(t *testing.T) {
	runc.Require(t)
	p := load(t, Options{})
	id, pod := runc.NewID(), "8d9f1c2a-1111-4222-8333-944455556666"
	c := runc.Start(t, id, pod, "/bin/sleep", "60")
	if out, err := c.Exec(t, "/bin/cat", "/var/run/secrets/kubernetes.io/serviceaccount/token"); err != nil {
		t.Fatalf("exec: %v: %s", err, out)
	}
	want := "pod" + pod + "/" + id
	var sawExec, sawOpen bool
	collect(t, p, 5*time.Second, func(e Event) bool {
		if e.Cgroup != want {
			return false
		}
		if e.Type == Exec && e.Path == "/bin/sleep" && e.NSPID != 1 {
			t.Errorf("the container's first process has pid %d in its namespace, want 1", e.NSPID)
		}
		// runc exec joins the container's pid namespace: not its first process.
		sawExec = sawExec || (e.Type == Exec && e.Path == "/bin/cat" && e.NSPID > 1)
		sawOpen = sawOpen || (e.Type == Open && e.Path == "/var/run/secrets/kubernetes.io/serviceaccount/token")
		return sawExec && sawOpen
	})
	if !sawExec || !sawOpen {
		t.Fatalf("container events with cgroup %s: exec %v open %v", want, sawExec, sawOpen)
	}
}

// A shell whose stdin and stdout are a TCP connection (a reverse shell) is
// flagged; one on a Unix socket pair is not.
func TestProbeExecStdioSockets(t *testing.T) {
	p := load(t, Options{Host: true})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		c, err := ln.Accept()
		if err == nil {
			time.Sleep(time.Second)
			c.Close()
		}
	}()
	marker := "palisade-stdio-" + strconv.Itoa(os.Getpid())
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	// bash redirects stdio to /dev/tcp, then execs true with it.
	if out, err := exec.Command("/bin/bash", "-c", "exec 0<>/dev/tcp/127.0.0.1/"+port+" 1>&0; exec /bin/true "+marker+"-tcp").CombinedOutput(); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	unixCmd := exec.Command("/bin/true", marker+"-unix")
	pair, err := net.ListenUnix("unix", &net.UnixAddr{Name: t.TempDir() + "/s", Net: "unix"})
	if err != nil {
		t.Fatal(err)
	}
	defer pair.Close()
	conn, err := net.Dial("unix", pair.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	f, _ := conn.(*net.UnixConn).File()
	unixCmd.Stdin, unixCmd.Stdout = f, f
	if err := unixCmd.Run(); err != nil {
		t.Fatal(err)
	}
	var tcp, unixSock *Event
	collect(t, p, 5*time.Second, func(e Event) bool {
		if e.Type == Exec && len(e.Args) == 2 {
			e := e
			switch e.Args[1] {
			case marker + "-tcp":
				tcp = &e
			case marker + "-unix":
				unixSock = &e
			}
		}
		return tcp != nil && unixSock != nil
	})
	if tcp == nil || unixSock == nil {
		t.Fatalf("execs seen: tcp %v unix %v", tcp != nil, unixSock != nil)
	}
	if !tcp.StdinSocket || !tcp.StdoutSocket {
		t.Errorf("stdio on TCP not flagged: %+v", tcp)
	}
	if unixSock.StdinSocket || unixSock.StdoutSocket {
		t.Errorf("stdio on a Unix socket flagged: %+v", unixSock)
	}
}

// Privilege and namespace changes: setpriv switches uids (setres*uid) and
// capability sets (capset); unshare creates namespaces.
func TestProbeCredentialAndNamespaceEvents(t *testing.T) {
	for _, tool := range []string{"setpriv", "unshare"} {
		if _, err := exec.LookPath(tool); err != nil {
			testenv.Skip(t, "%s (util-linux) is needed", tool)
		}
	}
	p := load(t, Options{Host: true})
	if out, err := exec.Command("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all", "/bin/true").CombinedOutput(); err != nil {
		t.Fatalf("setpriv: %v: %s", err, out)
	}
	if out, err := exec.Command("unshare", "--uts", "--ipc", "/bin/true").CombinedOutput(); err != nil {
		t.Fatalf("unshare: %v: %s", err, out)
	}
	var setuid, capset, unshare bool
	collect(t, p, 5*time.Second, func(e Event) bool {
		switch {
		case e.Type == Setuid && e.Comm == "setpriv" && (e.EUID == 65534 || e.RUID == 65534):
			setuid = true
		case e.Type == Capset && e.Comm == "setpriv":
			capset = true
		case e.Type == Unshare && e.Comm == "unshare":
			names := NamespaceNames(e.NSFlags)
			unshare = strings.Contains(strings.Join(names, ","), "uts") && strings.Contains(strings.Join(names, ","), "ipc")
		}
		return setuid && capset && unshare
	})
	if !setuid || !capset || !unshare {
		t.Fatalf("setuid %v capset %v unshare %v", setuid, capset, unshare)
	}
}

// A listener and the connection it accepts: listen reports the local port,
// accept the peer's address and the local port it reached.
func TestProbeListenAccept(t *testing.T) {
	if _, err := exec.LookPath("busybox"); err != nil {
		testenv.Skip(t, "busybox is needed (make deps)")
	}
	p := load(t, Options{Host: true})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	nc := exec.Command("busybox", "nc", "-l", "-p", strconv.Itoa(port))
	if err := nc.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = nc.Process.Kill(); _ = nc.Wait() }()
	var c net.Conn
	for i := 0; i < 50; i++ {
		if c, err = net.Dial("tcp", "127.0.0.1:"+strconv.Itoa(port)); err == nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var listen, accept bool
	collect(t, p, 5*time.Second, func(e Event) bool {
		if int(e.PID) != nc.Process.Pid {
			return false
		}
		switch e.Type {
		case Listen:
			listen = e.Port == uint16(port) && e.Protocol == "tcp"
		case Accept:
			accept = e.Port == uint16(port) && e.Addr.String() == "127.0.0.1"
		}
		return listen && accept
	})
	if !listen || !accept {
		t.Fatalf("listen %v accept %v", listen, accept)
	}
}

func TestCheckLockdown(t *testing.T) {
	dir := t.TempDir()
	for content, refused := range map[string]bool{
		"none integrity [confidentiality]\n": true,
		"none [integrity] confidentiality\n": false,
		"[none] integrity confidentiality\n": false,
	} {
		f := filepath.Join(dir, "lockdown")
		if err := os.WriteFile(f, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		err := checkLockdown(f)
		if (err != nil) != refused {
			t.Errorf("lockdown %q: %v", content, err)
		}
	}
	if err := checkLockdown(filepath.Join(dir, "absent")); err != nil {
		t.Errorf("no lockdown LSM: %v", err)
	}
}
