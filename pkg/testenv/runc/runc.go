// Package runc starts real containers for tests: Debian's runc running a
// busybox root file system, placed in a cgroup laid out as kubelet lays out
// a pod's containers, so a process's cgroup leads to a container ID and a
// pod UID as it would on a node.
package runc

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/palisadesec/palisade/pkg/testenv"
)

// Container is a running container.
type Container struct {
	ID     string // 64 hex characters, like containerd's
	PodUID string
	Pid    int // the container's first process, as seen from the host
	state  string
}

// Tools are the busybox applets linked into every container's /bin.
var Tools = []string{"sh", "true", "sleep", "cat", "echo", "nc", "wget", "id", "ls", "env", "touch", "rm", "mkdir"}

// Require skips (fails with CI=true) unless runc, busybox and root are here.
func Require(t testing.TB) {
	t.Helper()
	if os.Geteuid() != 0 {
		testenv.Skip(t, "real containers need root")
	}
	for _, bin := range []string{"runc", "busybox"} {
		if _, err := exec.LookPath(bin); err != nil {
			testenv.Skip(t, "%s is needed for real containers (make deps installs runc and busybox-static)", bin)
		}
	}
}

// NewID returns a random 64-hex container ID.
func NewID() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// Start runs args as the container's first process in a busybox root file
// system, in the cgroup kubepods/burstable/pod<podUID>/<id> (kubelet's
// cgroupfs layout), and removes it when the test ends.
func Start(t testing.TB, id, podUID string, args ...string) *Container {
	t.Helper()
	return StartWith(t, id, podUID, nil, args...)
}

// StartWith is Start with extra files in the root file system: files maps
// a path in the container to a file on the host to copy there.
func StartWith(t testing.TB, id, podUID string, files map[string]string, args ...string) *Container {
	t.Helper()
	Require(t)
	bundle := t.TempDir()
	rootfs := filepath.Join(bundle, "rootfs")
	for _, d := range []string{"bin", "etc", "tmp", "proc", "dev", "sys", "var/run/secrets/kubernetes.io/serviceaccount"} {
		if err := os.MkdirAll(filepath.Join(rootfs, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	bb, err := exec.LookPath("busybox")
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(bb)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(rootfs, "bin/busybox"), data, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, tool := range Tools {
		if err := os.Symlink("busybox", filepath.Join(rootfs, "bin", tool)); err != nil {
			t.Fatal(err)
		}
	}
	for name, content := range map[string]string{
		"etc/passwd": "root:x:0:0:root:/root:/bin/sh\n",
		"etc/shadow": "root:*:19000:0:99999:7:::\n",
		"etc/hosts":  "127.0.0.1 localhost\n",
		"var/run/secrets/kubernetes.io/serviceaccount/token": "not-a-real-token\n",
	} {
		if err := os.WriteFile(filepath.Join(rootfs, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for in, host := range files {
		data, err := os.ReadFile(host)
		if err != nil {
			t.Fatal(err)
		}
		dst := filepath.Join(rootfs, in)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, data, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if out, err := exec.Command("runc", "spec", "--bundle", bundle).CombinedOutput(); err != nil {
		t.Fatalf("runc spec: %v: %s", err, out)
	}
	cfgPath := filepath.Join(bundle, "config.json")
	var cfg map[string]any
	raw, err := os.ReadFile(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &cfg); err != nil {
		t.Fatal(err)
	}
	proc := cfg["process"].(map[string]any)
	proc["args"] = args
	proc["terminal"] = false
	cfg["root"] = map[string]any{"path": "rootfs", "readonly": false}
	linux := cfg["linux"].(map[string]any)
	linux["cgroupsPath"] = "/kubepods/burstable/pod" + podUID + "/" + id
	if raw, err = json.Marshal(cfg); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cfgPath, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	state := filepath.Join(bundle, "state")
	pidFile := filepath.Join(bundle, "pid")
	devnull, err := os.OpenFile(os.DevNull, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer devnull.Close()
	// The container inherits runc's stdio: files, not pipes, or Run would
	// wait for the container to end.
	logPath := filepath.Join(bundle, "stdio.log")
	logf, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	defer logf.Close()
	cmd := exec.Command("runc", "--root", state, "run", "--detach", "--pid-file", pidFile, "--bundle", bundle, id)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = devnull, logf, logf
	if err := cmd.Run(); err != nil {
		out, _ := os.ReadFile(logPath)
		t.Fatalf("runc run: %v: %s", err, out)
	}
	c := &Container{ID: id, PodUID: podUID, state: state}
	t.Cleanup(func() {
		_ = exec.Command("runc", "--root", state, "delete", "--force", id).Run()
		// the cgroup directories runc made stay behind in v1 hierarchies
		removeCgroups("/kubepods/burstable/pod" + podUID)
	})
	b, err := os.ReadFile(pidFile)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fmt.Sscan(strings.TrimSpace(string(b)), &c.Pid); err != nil {
		t.Fatalf("runc pid file: %v", err)
	}
	return c
}

// Exec runs args in the container and returns its combined output.
func (c *Container) Exec(t testing.TB, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command("runc", append([]string{"--root", c.state, "exec", c.ID}, args...)...)
	done := make(chan struct{})
	var out []byte
	var err error
	go func() { out, err = cmd.CombinedOutput(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Minute):
		_ = cmd.Process.Kill()
		<-done
		return string(out), fmt.Errorf("runc exec %v timed out", args)
	}
	return string(out), err
}

func removeCgroups(rel string) {
	mounts, _ := filepath.Glob("/sys/fs/cgroup/*")
	mounts = append(mounts, "/sys/fs/cgroup")
	for _, m := range mounts {
		dir := filepath.Join(m, rel)
		if _, err := os.Stat(dir); err != nil {
			continue
		}
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if e.IsDir() {
				_ = os.Remove(filepath.Join(dir, e.Name()))
			}
		}
		_ = os.Remove(dir)
	}
}
