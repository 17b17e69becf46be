package main_test

import (
	"bufio"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/palisadesec/palisade/pkg/k8s/k8stest"
	"github.com/palisadesec/palisade/pkg/testenv"
	"github.com/palisadesec/palisade/pkg/testenv/runc"
	"github.com/palisadesec/palisade/pkg/watch"
)

// watcher is a running `palisade runtime watch`.
type watcher struct {
	cmd    *exec.Cmd
	mu     sync.Mutex
	stderr strings.Builder
	lines  chan string
	done   chan struct{}
}

func startWatch(t *testing.T, args ...string) *watcher {
	t.Helper()
	w := &watcher{lines: make(chan string, 1024), done: make(chan struct{})}
	w.cmd = exec.Command(binPath, append([]string{"runtime", "watch"}, args...)...)
	w.cmd.Dir = work
	errPipe, err := w.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := w.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		defer close(w.done)
		sc := bufio.NewScanner(errPipe)
		for sc.Scan() {
			w.mu.Lock()
			w.stderr.WriteString(sc.Text() + "\n")
			w.mu.Unlock()
			select {
			case w.lines <- sc.Text():
			default:
			}
		}
	}()
	t.Cleanup(func() { _ = w.cmd.Process.Kill(); _ = w.cmd.Wait() })
	return w
}

// waitFor waits for a stderr line containing s.
func (w *watcher) waitFor(t *testing.T, s string, d time.Duration) {
	t.Helper()
	timeout := time.After(d)
	for {
		select {
		case l := <-w.lines:
			if strings.Contains(l, s) {
				return
			}
		case <-w.done:
			t.Fatalf("runtime watch ended before %q:\n%s", s, w.log())
		case <-timeout:
			t.Fatalf("no %q from runtime watch in %s:\n%s", s, d, w.log())
		}
	}
}

func (w *watcher) log() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.stderr.String()
}

// stop interrupts the watch and checks it ended cleanly.
func (w *watcher) stop(t *testing.T) {
	t.Helper()
	_ = w.cmd.Process.Signal(syscall.SIGINT)
	<-w.done
	err := w.cmd.Wait()
	if strings.Contains(w.log(), "panic:") || strings.Contains(w.log(), "goroutine ") {
		t.Fatalf("runtime watch panicked:\n%s", w.log())
	}
	if err != nil {
		t.Fatalf("runtime watch: %v\n%s", err, w.log())
	}
}

func readAlerts(t *testing.T, path string) []watch.Alert {
	t.Helper()
	as, err := watch.ReadAlerts(path)
	if err != nil && !os.IsNotExist(err) && !strings.Contains(err.Error(), "no such file") {
		t.Fatal(err)
	}
	return as
}

// runningPod creates a pod on the test node whose status names a container
// ID and an image digest, and starts a real runc container with that ID in
// the pod's kubelet-style cgroup, running a quiet loop.
func runningPod(t *testing.T, env *k8stest.Env, ctxName, ns, name string) (*runc.Container, *corev1.Pod) {
	t.Helper()
	env.CreateNamespace(t, ctxName, ns)
	pod := &corev1.Pod{
		TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "Pod"},
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns, Labels: map[string]string{"app": "web"}},
		Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "web", Image: "registry.example/shop/web:1.0"}}},
	}
	env.Apply(t, ctxName, pod)
	st := env.MarkRunning(t, ctxName, ns, name, nil)
	id := strings.TrimPrefix(st.Status.ContainerStatuses[0].ContainerID, "containerd://")
	c := runc.Start(t, id, string(st.UID), "/bin/sh", "-c", "while true; do cat /etc/hosts >/dev/null; sleep 1; done")
	return c, st
}

func hasAlert(as []watch.Alert, id string, match func(watch.Alert) bool) (watch.Alert, bool) {
	for _, a := range as {
		if a.Finding.ID == id && match(a) {
			return a, true
		}
	}
	return watch.Alert{}, false
}

// TestRuntimeWatch: a real probe, a real kube-apiserver and real runc
// containers. The watch learns a container's normal behaviour, then alerts
// on an unexpected binary and an unexpected connection, naming the cluster,
// namespace, pod and image; under a second cluster a model that learned
// that behaviour judges it normal.
func TestRuntimeWatch(t *testing.T) {
	runc.Require(t)
	env := k8stest.Start(t)
	state := t.TempDir()
	alpha := filepath.Join(t.TempDir(), "alpha.jsonl")

	c, _ := runningPod(t, env, k8stest.ContextAlpha, "shop", "web-0")
	w := startWatch(t, "--kubeconfig", env.Kubeconfig, "--context", k8stest.ContextAlpha, "--node-name", k8stest.NodeName,
		"--learn", "4s", "--trial", "10m", "--trial-limit", "10", "--state", state, "--output", alpha, "--cri-socket", "none")
	w.waitFor(t, "probe attached", 30*time.Second)
	w.waitFor(t, "learning -> trial", 60*time.Second)
	// Unexpected: a binary the container never ran, and a connection to a
	// port it never used (nothing listens; the attempt is what counts).
	if out, err := c.Exec(t, "/bin/id"); err != nil {
		t.Fatalf("exec id: %v: %s", err, out)
	}
	_, _ = c.Exec(t, "/bin/nc", "-w", "1", "127.0.0.1", "8081")
	time.Sleep(3 * time.Second)
	w.stop(t)

	as := readAlerts(t, alpha)
	inPod := func(a watch.Alert) bool {
		return a.Cluster == k8stest.ContextAlpha && a.Namespace == "shop" && a.Pod == "web-0" && a.Container == "web" &&
			a.Image == "registry.example/shop/web:1.0" && strings.HasPrefix(a.ImageDigest, "sha256:") && a.ContainerID == c.ID &&
			a.Node == k8stest.NodeName && a.Finding.Type == "behavior" && a.Finding.Resource != nil && a.Finding.Resource.Name == "web-0"
	}
	proc, ok := hasAlert(as, "PAL-RT-100", func(a watch.Alert) bool { return inPod(a) && a.Process.Path == "/bin/id" })
	if !ok {
		t.Fatalf("no model alert for /bin/id in %s/web-0; alerts:\n%s\nlog:\n%s", "shop", dumpAlerts(as), w.log())
	}
	if proc.Behavior != "process /bin/id<-"+watch.OutsideParent || !strings.Contains(proc.Model, "alpha/shop/registry.example/shop/web@sha256:") {
		t.Errorf("alert's behaviour or model: %+v", proc)
	}
	if _, ok := hasAlert(as, "PAL-RT-101", func(a watch.Alert) bool {
		return inPod(a) && a.Event.Port == 8081 && a.Event.Address == "127.0.0.1" && a.Process.Path == "/bin/nc"
	}); !ok {
		t.Fatalf("no model alert for the connection to 127.0.0.1:8081; alerts:\n%s", dumpAlerts(as))
	}
	// Learned behaviour is quiet: the loop's cat and sleep never alert.
	for _, a := range as {
		if a.Process.Path == "/bin/cat" || a.Process.Path == "/bin/sleep" {
			t.Errorf("learned behaviour alerted: %s %s", a.Finding.ID, a.Finding.Message)
		}
	}

	// A node can start from models learned elsewhere in the cluster.
	exported := filepath.Join(t.TempDir(), "models.json")
	if r := palisade(t, nil, "runtime", "models", "export", "--state", state, "--cluster", "alpha", "--output", exported); r.code != 0 {
		t.Fatalf("models export: %d %s", r.code, r.stderr)
	}
	other := t.TempDir()
	if r := palisade(t, nil, "runtime", "models", "import", "--state", other, exported); r.code != 0 || !strings.Contains(r.stderr, "imported 1 models") {
		t.Fatalf("models import: %d %s", r.code, r.stderr)
	}
	if r := palisade(t, nil, "runtime", "models", "show", "--state", other, "alpha/shop/"); r.code != 0 || !strings.Contains(r.stdout, "r /etc/hosts") || !strings.Contains(r.stdout, `"state": "trial"`) {
		t.Errorf("imported model: %d %s %s", r.code, r.stdout, r.stderr)
	}

	// The second cluster: its model learns the same behaviour as normal.
	cb, _ := runningPod(t, env, k8stest.ContextBeta, "shop", "web-0")
	beta := filepath.Join(t.TempDir(), "beta.jsonl")
	wb := startWatch(t, "--kubeconfig", env.Kubeconfig, "--context", k8stest.ContextBeta, "--node-name", k8stest.NodeName,
		"--learn", "6s", "--trial", "10m", "--trial-limit", "10", "--state", state, "--output", beta, "--cri-socket", "none")
	wb.waitFor(t, "probe attached", 30*time.Second)
	wb.waitFor(t, "model beta/shop/", 30*time.Second)
	for i := 0; i < 2; i++ {
		if out, err := cb.Exec(t, "/bin/id"); err != nil {
			t.Fatalf("exec id: %v: %s", err, out)
		}
		_, _ = cb.Exec(t, "/bin/nc", "-w", "1", "127.0.0.1", "8081")
	}
	wb.waitFor(t, "learning -> trial", 60*time.Second)
	if out, err := cb.Exec(t, "/bin/id"); err != nil {
		t.Fatalf("exec id: %v: %s", err, out)
	}
	_, _ = cb.Exec(t, "/bin/nc", "-w", "1", "127.0.0.1", "8081")
	time.Sleep(3 * time.Second)
	wb.stop(t)
	bs := readAlerts(t, beta)
	for _, a := range bs {
		if a.Finding.ID == "PAL-RT-100" || a.Finding.ID == "PAL-RT-101" {
			t.Errorf("beta's model learned this behaviour, yet: %s %s", a.Finding.ID, a.Finding.Message)
		}
		if a.Cluster != k8stest.ContextBeta {
			t.Errorf("beta's watch raised an alert for cluster %q", a.Cluster)
		}
	}

	// Two models, one per cluster, and the report summarises per cluster.
	r := palisade(t, nil, "runtime", "models", "list", "--state", state, "--json")
	if r.code != 0 {
		t.Fatalf("models list: %d %s", r.code, r.stderr)
	}
	var models []struct {
		Key struct{ Cluster, Namespace, Repository string }
	}
	if err := json.Unmarshal([]byte(r.stdout), &models); err != nil {
		t.Fatal(err)
	}
	clusters := map[string]bool{}
	for _, m := range models {
		if m.Key.Namespace == "shop" && m.Key.Repository == "registry.example/shop/web" {
			clusters[m.Key.Cluster] = true
		}
	}
	if !clusters["alpha"] || !clusters["beta"] {
		t.Errorf("models per cluster: %v\n%s", clusters, r.stdout)
	}
	rep := palisade(t, nil, "runtime", "report", "--format", "json", alpha, beta)
	if rep.code != 0 {
		t.Fatalf("runtime report: %d %s", rep.code, rep.stderr)
	}
	jr := decode(t, rep.stdout)
	found := false
	for _, res := range jr.Results {
		if res.Cluster == "alpha" && res.Kind == "runtime" {
			for _, f := range res.Findings {
				found = found || f.ID == "PAL-RT-100"
			}
		}
	}
	if !found {
		t.Errorf("runtime report has no alpha result with PAL-RT-100:\n%s", rep.stdout)
	}
	// With the model store, the report lists what workloads connected to
	// (beta's model learned the connection to port 8081).
	rep = palisade(t, nil, "runtime", "report", "--state", state, "--format", "json", alpha, beta)
	if rep.code != 0 || !strings.Contains(rep.stdout, "shop/registry.example/shop/web -> 127.0.0.1:8081/tcp") {
		t.Errorf("runtime report --state: %d\n%s\n%s", rep.code, rep.stdout, rep.stderr)
	}
}

// Without the Kubernetes API the watch still alerts, with what it knows:
// the container ID, the cluster and node names.
func TestRuntimeWatchWithoutAPI(t *testing.T) {
	runc.Require(t)
	env := k8stest.Start(t)
	c := runc.Start(t, runc.NewID(), "5f0c7a5e-aaaa-4bbb-8ccc-000000000002", "/bin/sleep", "600")
	out := filepath.Join(t.TempDir(), "alerts.jsonl")
	// A user's own runtime rule, loaded with --rules beside the bundled ones.
	custom := t.TempDir()
	rule := `# METADATA
# title: Identity lookup in a container
# description: Someone ran id in a container.
# custom:
#   id: ACME-RT-1
#   severity: LOW
#   input: runtime
#   events: [exec]
#   remediation: Ask who it was.
package palisade.runtime.acme_id_lookup

deny contains {"msg": sprintf("id run in %s", [input.container.id])} if {
	input.process.name == "id"
	input.container
}
`
	if err := os.WriteFile(filepath.Join(custom, "id.rego"), []byte(rule), 0o644); err != nil {
		t.Fatal(err)
	}
	w := startWatch(t, "--kubeconfig", env.Kubeconfig, "--context", k8stest.ContextDown, "--node-name", "node-x",
		"--learn", "0", "--output", out, "--cri-socket", "none", "--rules", custom)
	w.waitFor(t, "probe attached", 60*time.Second)
	if !strings.Contains(w.log(), "not listed") {
		t.Errorf("no word about the unreachable API:\n%s", w.log())
	}
	if o, err := c.Exec(t, "/bin/sh", "-c", "cat /etc/shadow"); err != nil {
		t.Fatalf("exec: %v: %s", err, o)
	}
	if o, err := c.Exec(t, "/bin/id"); err != nil {
		t.Fatalf("exec: %v: %s", err, o)
	}
	time.Sleep(2 * time.Second)
	w.stop(t)
	as := readAlerts(t, out)
	if _, ok := hasAlert(as, "ACME-RT-1", func(a watch.Alert) bool { return a.ContainerID == c.ID && a.Finding.Severity.String() == "LOW" }); !ok {
		t.Errorf("the custom rule did not alert:\n%s", dumpAlerts(as))
	}
	if _, ok := hasAlert(as, "PAL-RT-001", func(a watch.Alert) bool {
		return a.ContainerID == c.ID && a.Cluster == k8stest.ContextDown && a.Node == "node-x" && a.Pod == "" && a.Process.Path == "/bin/sh"
	}); !ok {
		t.Errorf("no shell alert carrying the container ID:\n%s", dumpAlerts(as))
	}
	if _, ok := hasAlert(as, "PAL-RT-006", func(a watch.Alert) bool { return a.ContainerID == c.ID && a.Event.File == "/etc/shadow" }); !ok {
		t.Errorf("no alert for reading /etc/shadow:\n%s", dumpAlerts(as))
	}
}

func dumpAlerts(as []watch.Alert) string {
	var b strings.Builder
	for _, a := range as {
		b.WriteString(a.Finding.ID + " " + a.Cluster + " " + a.Namespace + "/" + a.Pod + " " + a.Process.Path + " " + a.Finding.Message + "\n")
	}
	return b.String()
}

// The runtime commands' bad input: one line on stderr, exit 2, and what
// could be reported still is.
func TestRuntimeBadInput(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.jsonl")
	if err := os.WriteFile(good, []byte(`{"time":"2026-01-01T00:00:00Z","cluster":"prod","namespace":"shop","pod":"web-0","process":{"pid":1,"uid":0},"event":{"type":"exec"},"finding":{"id":"PAL-RT-001","type":"behavior","severity":"MEDIUM","message":"shell"}}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.jsonl")
	if err := os.WriteFile(bad, []byte("{\"finding\":{\"id\":\"X\"}}\nnot json\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := palisade(t, nil, "runtime", "report", "--format", "json", good, bad)
	if r.code != 2 || !strings.Contains(r.stderr, "bad.jsonl:2") || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
		t.Errorf("report with a bad file: exit %d, stderr %q", r.code, r.stderr)
	}
	if jr := decode(t, r.stdout); len(jr.Results) == 0 {
		t.Errorf("the good file's alerts were lost: %s", r.stdout)
	}

	// A corrupt model store is set aside and a new one started.
	state := t.TempDir()
	if err := os.WriteFile(filepath.Join(state, "models.db"), []byte("this is not a bolt file, not at all, and it is long enough to look like one maybe"), 0o600); err != nil {
		t.Fatal(err)
	}
	r = palisade(t, nil, "runtime", "models", "list", "--state", state, "--json")
	if r.code != 0 || !strings.Contains(r.stderr, "was corrupt") || strings.TrimSpace(r.stdout) != "[]" {
		t.Errorf("corrupt store: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	if m, _ := filepath.Glob(filepath.Join(state, "models.db.corrupt-*")); len(m) != 1 {
		t.Errorf("the corrupt store was not kept aside: %v", m)
	}
	garbage := filepath.Join(dir, "models.json")
	if err := os.WriteFile(garbage, []byte(`{"schemaVersion":1,"models":[{"key":{}}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if r = palisade(t, nil, "runtime", "models", "import", "--state", state, garbage); r.code != 2 || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
		t.Errorf("importing garbage: exit %d, stderr %q", r.code, r.stderr)
	}
	if r = palisade(t, nil, "runtime", "models", "show", "--state", state, "nothing"); r.code != 2 || !strings.Contains(r.stderr, "no model matches") {
		t.Errorf("show of a missing model: exit %d, stderr %q", r.code, r.stderr)
	}
	for _, args := range [][]string{
		{"runtime", "watch", "--watch-file", "relative/path"},
		{"runtime", "watch", "--format", "xml"},
		{"runtime", "watch", "--trial-limit", "0"},
		{"runtime", "watch", "--rules", filepath.Join(dir, "missing")},
	} {
		if r = palisade(t, nil, args...); r.code != 2 || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
			t.Errorf("%v: exit %d, stderr %q", args, r.code, r.stderr)
		}
	}
}

// Without the privileges eBPF needs, the watch says so in one line.
func TestRuntimeWatchUnprivileged(t *testing.T) {
	if os.Geteuid() != 0 {
		testenv.Skip(t, "dropping privileges needs root")
	}
	bin := unprivilegedCopy(t)
	cmd := exec.Command(bin, "runtime", "watch", "--no-kube", "--learn", "0", "--duration", "1s")
	cmd.Dir = filepath.Dir(bin)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 2 {
		t.Fatalf("unprivileged watch: %v: %s", err, out)
	}
	if !strings.Contains(string(out), "needs CAP_BPF") || strings.Count(strings.TrimSpace(string(out)), "\n") != 0 {
		t.Errorf("unprivileged watch said %q", out)
	}
}

// unprivilegedCopy returns a copy of the binary another user may run (the
// test binary's directory is private).
func unprivilegedCopy(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "palisade-unpriv-*")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(binPath)
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "palisade")
	if err := os.WriteFile(bin, data, 0o755); err != nil {
		t.Fatal(err)
	}
	return bin
}

// deploy/runtime passes palisade's own checks but for the image to pin.
func TestRuntimeDeployScansClean(t *testing.T) {
	r := palisade(t, nil, "scan", "config", "--format", "json", filepath.Join(testdata, "..", "deploy", "runtime"))
	if r.code != 0 {
		t.Fatalf("scan config deploy/runtime: %d %s", r.code, r.stderr)
	}
	var ids []string
	for _, res := range decode(t, r.stdout).Results {
		for _, f := range res.Findings {
			ids = append(ids, f.ID)
		}
	}
	if len(ids) != 1 || ids[0] != "PAL-K8S-048" {
		t.Errorf("deploy/runtime findings %v, want only PAL-K8S-048 (pin the image)", ids)
	}
}
