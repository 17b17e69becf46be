package node

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/palisadesec/palisade/pkg/k8s/k8stest"
)

// TestLiveAPIServer runs the engine on this machine's real /proc while the
// k8stest clusters run: two real kube-apiserver and two etcd processes whose
// flags are known (pkg/k8s/k8stest/env.go).
func TestLiveAPIServer(t *testing.T) {
	env := k8stest.Start(t)
	// The pids of our two API servers: their --cert-dir is under each
	// cluster's temp dir.
	var ours []int
	for _, c := range []*k8stest.Cluster{env.Alpha, env.Beta} {
		pid := findProcess(t, "kube-apiserver", filepath.Join(c.Dir, "certs"))
		if pid == 0 {
			t.Fatalf("no kube-apiserver process for %s in /proc", c.Name)
		}
		ours = append(ours, pid)
	}

	r, err := Run(context.Background(), Options{Root: "/", Benchmark: "cis-1.10"})
	if err != nil {
		t.Fatal(err)
	}
	how := r.Components["apiserver"]
	for _, pid := range ours {
		if !strings.Contains(how, strconv.Itoa(pid)) {
			t.Errorf("apiserver found as %q, want it to list pid %d", how, pid)
		}
	}
	if !strings.HasPrefix(r.Components["etcd"], "process") {
		t.Errorf("etcd found as %q", r.Components["etcd"])
	}
	// Every API server on the host is checked and the worst result wins, so
	// these hold as long as every kube-apiserver here is a k8stest one.
	wantStatus(t, r, "1.2.6", StatusPass, "/proc/")  // --authorization-mode RBAC (as two words)
	wantStatus(t, r, "1.2.8", StatusPass, "/proc/")  // ... includes RBAC
	wantStatus(t, r, "1.2.7", StatusFail, "/proc/")  // ... but not Node
	wantStatus(t, r, "1.2.15", StatusPass, "/proc/") // --profiling=false
	wantStatus(t, r, "1.2.2", StatusFail, "/proc/")  // --token-auth-file is set
	wantStatus(t, r, "1.2.22", StatusPass, "/proc/") // --service-account-key-file
	c := wantStatus(t, r, "1.2.1", StatusFail, "/proc/")
	if c.Actual != "--anonymous-auth not set (default true)" {
		t.Errorf("1.2.1 actual %q", c.Actual)
	}
	// etcd runs without TLS in the test env.
	wantStatus(t, r, "2.1", StatusFail, "/proc/")
	wantStatus(t, r, "2.2", StatusFail, "/proc/")
	// No static pod manifests here: the manifest file checks do not apply.
	if _, err := os.Stat("/etc/kubernetes/manifests/kube-apiserver.yaml"); os.IsNotExist(err) {
		wantStatus(t, r, "1.1.1", StatusNotApplicable, "")
	}
	// No kubelet on this machine.
	if r.Components["kubelet"] == "" {
		wantStatus(t, r, "4.2.1", StatusNotApplicable, "")
	}
}

// findProcess returns the pid of a process whose argv[0] base name is bin
// and whose command line contains marker.
func findProcess(t *testing.T, bin, marker string) int {
	t.Helper()
	ents, err := os.ReadDir("/proc")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		if err != nil || len(b) == 0 {
			continue
		}
		argv := bytes.Split(bytes.TrimRight(b, "\x00"), []byte{0})
		if filepath.Base(string(argv[0])) == bin && bytes.Contains(b, []byte(marker)) {
			return pid
		}
	}
	return 0
}
