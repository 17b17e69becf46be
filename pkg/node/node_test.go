package node

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/palisadesec/palisade/pkg/finding"
	"github.com/palisadesec/palisade/pkg/testenv"
)

var update = flag.Bool("update", false, "rewrite golden files")

const fixtures = "../../testdata/node"

// hostTree copies testdata/node/<name>/root into a temp dir and applies
// <name>/modes.txt ("path mode uid:gid"); every other file becomes 0644 and
// every directory 0755, all owned by 0:0. Owners need root.
func hostTree(t testing.TB, name string) string {
	t.Helper()
	if os.Geteuid() != 0 {
		testenv.Skip(t, "node fixtures need root to chown files (running as uid %d)", os.Geteuid())
	}
	src := filepath.Join(fixtures, name, "root")
	dst := filepath.Join(t.TempDir(), "root")
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			if err := os.MkdirAll(target, 0o755); err != nil {
				return err
			}
			return os.Chmod(target, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if err := os.WriteFile(target, b, 0o644); err != nil {
			return err
		}
		return os.Chmod(target, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := filepath.WalkDir(dst, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(p, 0, 0)
	}); err != nil {
		t.Fatal(err)
	}
	spec, err := os.ReadFile(filepath.Join(fixtures, name, "modes.txt"))
	if err != nil {
		t.Fatal(err)
	}
	s := bufio.NewScanner(bytes.NewReader(spec))
	for line := 1; s.Scan(); line++ {
		f := strings.Fields(s.Text())
		if len(f) == 0 || strings.HasPrefix(f[0], "#") {
			continue
		}
		if len(f) != 3 {
			t.Fatalf("%s/modes.txt:%d: want path mode uid:gid", name, line)
		}
		mode, err1 := strconv.ParseUint(f[1], 8, 32)
		u, g, _ := strings.Cut(f[2], ":")
		uid, err2 := strconv.Atoi(u)
		gid, err3 := strconv.Atoi(g)
		if err1 != nil || err2 != nil || err3 != nil {
			t.Fatalf("%s/modes.txt:%d: bad mode or owner", name, line)
		}
		p := filepath.Join(dst, filepath.FromSlash(f[0]))
		if err := os.Chmod(p, fs.FileMode(mode)); err != nil {
			t.Fatalf("%s/modes.txt:%d: %v", name, line, err)
		}
		if err := os.Chown(p, uid, gid); err != nil {
			t.Fatalf("%s/modes.txt:%d: %v", name, line, err)
		}
	}
	return dst
}

func run(t testing.TB, opts Options) *Report {
	t.Helper()
	r, err := Run(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func byID(t testing.TB, r *Report, id string) CheckResult {
	t.Helper()
	for _, c := range r.Results {
		if c.ID == id {
			return c
		}
	}
	t.Fatalf("no result for check %s in %s", id, r.Benchmark)
	return CheckResult{}
}

func wantStatus(t testing.TB, r *Report, id string, want Status, sourceContains string) CheckResult {
	t.Helper()
	c := byID(t, r, id)
	if c.Status != want {
		t.Errorf("%s %s: status %s, want %s (expected %q, actual %q, source %q)", r.Benchmark, id, c.Status, want, c.Expected, c.Actual, c.Source)
	}
	if sourceContains != "" && !strings.Contains(c.Source, sourceContains) {
		t.Errorf("%s %s: source %q, want it to contain %q", r.Benchmark, id, c.Source, sourceContains)
	}
	return c
}

// golden is what the golden files hold for one fixture.
type golden struct {
	Counts   map[Status]int    `json:"counts"`
	Report   *Report           `json:"report"`
	Findings []finding.Finding `json:"findings"`
}

func TestGolden(t *testing.T) {
	for _, name := range []string{"control-plane-pass", "control-plane-fail", "worker-pass", "worker-fail", "kubelet-malformed", "empty", "eks-worker"} {
		t.Run(name, func(t *testing.T) {
			root := hostTree(t, name)
			r := run(t, Options{Root: root, NodeName: name, Cluster: "fixture"})
			got, err := json.MarshalIndent(golden{Counts: r.Counts(), Report: r, Findings: r.Findings()}, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			path := filepath.Join(fixtures, name, "report.golden.json")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("report differs from %s (run with -update to accept):\n%s", path, got)
			}
		})
	}
}

func TestControlPlanePass(t *testing.T) {
	r := run(t, Options{Root: hostTree(t, "control-plane-pass")})
	if r.Benchmark != "cis-1.10" || r.KubeVersion != "1.30" {
		t.Errorf("benchmark %s for Kubernetes %q, want cis-1.10 for 1.30 (from the manifests' image tags)", r.Benchmark, r.KubeVersion)
	}
	for _, c := range r.Results {
		switch {
		case c.Status == StatusFail:
			t.Errorf("%s failed: expected %q, actual %q (%s)", c.ID, c.Expected, c.Actual, c.Source)
		case c.Status == StatusWarn && !c.Manual:
			t.Errorf("%s undecided: %q", c.ID, c.Actual)
		}
		if want := "cis-k8s-1.10:" + c.ID; len(c.Compliance) != 1 || c.Compliance[0] != want {
			t.Errorf("%s: compliance %v, want %s", c.ID, c.Compliance, want)
		}
	}
	if len(r.Errors) > 0 {
		t.Errorf("errors: %v", r.Errors)
	}
	for comp, how := range r.Components {
		if !strings.HasPrefix(how, "process ") {
			t.Errorf("component %s found as %q, want its process", comp, how)
		}
	}
	// The live process is preferred to the manifest, and the manifest is
	// still checked as a file.
	wantStatus(t, r, "1.2.1", StatusPass, "/proc/101/cmdline")
	wantStatus(t, r, "1.1.1", StatusPass, "/etc/kubernetes/manifests/kube-apiserver.yaml")
	c := wantStatus(t, r, "1.1.12", StatusPass, "/var/lib/etcd")
	if c.Actual != "owner etcd:etcd" {
		t.Errorf("1.1.12 actual %q: owner names come from the root's /etc/passwd and /etc/group", c.Actual)
	}
	wantStatus(t, r, "4.2.1", StatusPass, "/var/lib/kubelet/config.yaml")
	if n := len(r.Findings()); n != r.Counts()[StatusWarn] {
		t.Errorf("%d findings, want one per WARN (%d)", n, r.Counts()[StatusWarn])
	}
}

func TestControlPlaneFail(t *testing.T) {
	r := run(t, Options{Root: hostTree(t, "control-plane-fail")})
	// Two API servers: 101 is secure but for profiling, 111 is insecure.
	// Every instance is checked and the worst result wins.
	if got := r.Components["apiserver"]; got != "processes 101, 111" {
		t.Errorf("apiserver found as %q", got)
	}
	wantStatus(t, r, "1.2.1", StatusFail, "/proc/111/cmdline") // bare boolean --anonymous-auth
	wantStatus(t, r, "1.2.15", StatusFail, "/proc/101/cmdline")
	wantStatus(t, r, "1.2.6", StatusFail, "/proc/111/cmdline") // "--authorization-mode AlwaysAllow"
	wantStatus(t, r, "1.2.2", StatusFail, "/proc/111/cmdline")
	wantStatus(t, r, "1.2.5", StatusFail, "/proc/111/cmdline")
	wantStatus(t, r, "1.2.10", StatusFail, "/proc/111/cmdline") // first of two repeated flags
	wantStatus(t, r, "1.2.12", StatusFail, "")
	wantStatus(t, r, "1.2.17", StatusFail, "")
	wantStatus(t, r, "1.2.21", StatusFail, "")
	wantStatus(t, r, "1.2.29", StatusFail, "")
	// Only a static pod manifest for the controller manager.
	if got := r.Components["controller-manager"]; got != "manifest /etc/kubernetes/manifests/kube-controller-manager.yaml" {
		t.Errorf("controller-manager found as %q", got)
	}
	wantStatus(t, r, "1.3.2", StatusFail, "/etc/kubernetes/manifests/kube-controller-manager.yaml")
	wantStatus(t, r, "1.3.6", StatusFail, "")
	wantStatus(t, r, "1.3.7", StatusFail, "")
	wantStatus(t, r, "1.4.1", StatusFail, "/proc/103/cmdline") // absent, default true
	wantStatus(t, r, "1.4.2", StatusPass, "")
	wantStatus(t, r, "2.2", StatusFail, "")
	wantStatus(t, r, "2.3", StatusFail, "")
	wantStatus(t, r, "2.6", StatusFail, "")
	wantStatus(t, r, "1.1.1", StatusFail, "kube-apiserver.yaml")
	wantStatus(t, r, "1.1.7", StatusFail, "etcd.yaml")
	wantStatus(t, r, "1.1.11", StatusFail, "/var/lib/etcd")
	if c := wantStatus(t, r, "1.1.12", StatusFail, "/var/lib/etcd"); !strings.Contains(c.Actual, "owner root:root") {
		t.Errorf("1.1.12 actual %q", c.Actual)
	}
	if c := wantStatus(t, r, "1.1.19", StatusFail, "/etc/kubernetes/pki/ca.key"); !strings.Contains(c.Actual, "owner 1000:1000") {
		t.Errorf("1.1.19 actual %q: an owner unknown to /etc/passwd shows as numbers", c.Actual)
	}
	wantStatus(t, r, "1.1.21", StatusFail, "/etc/kubernetes/pki/ca.key")
	wantStatus(t, r, "1.1.13", StatusFail, "/etc/kubernetes/admin.conf")
	wantStatus(t, r, "4.1.9", StatusFail, "/var/lib/kubelet/config.yaml")
	// kubelet: config file values, and a flag overriding the file.
	wantStatus(t, r, "4.2.1", StatusFail, "/var/lib/kubelet/config.yaml")
	wantStatus(t, r, "4.2.4", StatusFail, "/var/lib/kubelet/config.yaml")
	wantStatus(t, r, "4.2.5", StatusFail, "/var/lib/kubelet/config.yaml")
	wantStatus(t, r, "4.2.6", StatusFail, "/var/lib/kubelet/config.yaml")
	wantStatus(t, r, "4.2.7", StatusFail, "/proc/105/cmdline")
	wantStatus(t, r, "4.2.10", StatusFail, "/proc/105/cmdline")

	sev := map[string]finding.Severity{}
	for _, f := range r.Findings() {
		sev[f.ID] = f.Severity
		if f.Type != finding.TypeMisconfiguration || len(f.Compliance) != 1 || !strings.HasPrefix(f.Compliance[0], "cis-k8s-1.10:") {
			t.Errorf("finding %+v", f)
		}
	}
	for id, want := range map[string]finding.Severity{
		"PAL-CIS-1.10-1.2.1":  finding.SeverityHigh,
		"PAL-CIS-1.10-1.2.15": finding.SeverityMedium,
		"PAL-CIS-1.10-1.1.1":  finding.SeverityLow,
		"PAL-CIS-1.10-4.2.4":  finding.SeverityHigh,
		"PAL-CIS-1.10-3.1.1":  finding.SeverityUnknown, // manual
	} {
		if got, ok := sev[id]; !ok || got != want {
			t.Errorf("finding %s: severity %v (present %v), want %v", id, got, ok, want)
		}
	}
}

func TestWorkerNodes(t *testing.T) {
	r := run(t, Options{Root: hostTree(t, "worker-pass")})
	for _, c := range r.Results {
		if strings.HasPrefix(c.ID, "1.") || strings.HasPrefix(c.ID, "2.") || strings.HasPrefix(c.ID, "3.") {
			if c.Status != StatusNotApplicable {
				t.Errorf("%s on a worker: %s, want NOT_APPLICABLE", c.ID, c.Status)
			}
			continue
		}
		if c.Status != StatusPass {
			t.Errorf("%s: %s (expected %q, actual %q)", c.ID, c.Status, c.Expected, c.Actual)
		}
	}

	r = run(t, Options{Root: hostTree(t, "worker-fail")})
	for id, src := range map[string]string{
		"4.1.2":  "10-kubeadm.conf", // owner daemon:daemon
		"4.1.3":  "/var/lib/kube-proxy/kubeconfig.conf",
		"4.1.5":  "/etc/kubernetes/kubelet.conf",
		"4.1.9":  "/var/lib/kubelet/config.yaml",
		"4.1.10": "/var/lib/kubelet/config.yaml",
		"4.2.1":  "/proc/300/cmdline", // --anonymous-auth=true beats the file's false
		"4.2.2":  "/proc/300/cmdline",
		"4.2.3":  "/var/lib/kubelet/config.yaml", // neither flag nor setting
		"4.2.4":  "/proc/300/cmdline",            // "--read-only-port 10255"
		"4.2.5":  "/proc/300/cmdline",
		"4.2.11": "/proc/300/cmdline", // key inside --feature-gates
		"4.2.13": "/var/lib/kubelet/config.yaml",
		"4.3.1":  "/proc/310/cmdline",
	} {
		wantStatus(t, r, id, StatusFail, src)
	}
	if c := byID(t, r, "4.1.2"); !strings.Contains(c.Actual, "owner daemon:daemon") {
		t.Errorf("4.1.2 actual %q", c.Actual)
	}
}

func TestMalformedKubeletConfig(t *testing.T) {
	r := run(t, Options{Root: hostTree(t, "kubelet-malformed")})
	if len(r.Errors) == 0 || !strings.Contains(strings.Join(r.Errors, "\n"), "/var/lib/kubelet/config.yaml") {
		t.Fatalf("errors %v: want the malformed kubelet config named", r.Errors)
	}
	for _, id := range []string{"4.2.1", "4.2.2", "4.2.3", "4.2.4", "4.2.5", "4.2.6", "4.2.10", "4.2.12"} {
		c := wantStatus(t, r, id, StatusWarn, "/var/lib/kubelet/config.yaml")
		if !strings.Contains(c.Actual, "cannot read the kubelet config") {
			t.Errorf("%s actual %q: want the reason", id, c.Actual)
		}
	}
	// Flag-only checks are still decided, and the file checks still see the file.
	wantStatus(t, r, "4.2.7", StatusPass, "/proc/300/cmdline")
	wantStatus(t, r, "4.1.9", StatusPass, "/var/lib/kubelet/config.yaml")
	for _, f := range r.Findings() {
		if f.Severity != finding.SeverityUnknown || (f.Status != FindingManual && f.Status != FindingUnverified) {
			t.Errorf("finding %s: severity %v status %q", f.ID, f.Severity, f.Status)
		}
	}
}

func TestEmptyNode(t *testing.T) {
	r := run(t, Options{Root: hostTree(t, "empty")})
	for _, c := range r.Results {
		if c.Status != StatusNotApplicable {
			t.Errorf("%s: %s on a node without Kubernetes", c.ID, c.Status)
		}
	}
	if n := len(r.Findings()); n != 0 {
		t.Errorf("%d findings on an empty node", n)
	}
	if got := r.Counts(); got[StatusNotApplicable] != len(r.Results) {
		t.Errorf("counts %v", got)
	}
}

func TestManagedPlatformDetection(t *testing.T) {
	root := hostTree(t, "eks-worker")
	r := run(t, Options{Root: root})
	if r.Benchmark != "eks-1.5" {
		t.Fatalf("benchmark %s, want eks-1.5 from /etc/eks", r.Benchmark)
	}
	c := wantStatus(t, r, "3.2.1", StatusPass, "/etc/kubernetes/kubelet/kubelet-config.json")
	if c.Compliance[0] != "cis-eks-1.5:3.2.1" {
		t.Errorf("compliance %v", c.Compliance)
	}
	wantStatus(t, r, "3.2.6", StatusPass, "kubelet-config.json")
	wantStatus(t, r, "3.1.1", StatusPass, "/var/lib/kubelet/kubeconfig") // 644 is allowed here
	// An explicit benchmark wins over the hint.
	if r := run(t, Options{Root: root, Benchmark: "cis-1.9"}); r.Benchmark != "cis-1.9" {
		t.Errorf("benchmark %s", r.Benchmark)
	}
}

func TestBenchmarkSelection(t *testing.T) {
	root := t.TempDir()
	for v, want := range map[string]string{"": "cis-1.10", "1.27": "cis-1.9", "1.28": "cis-1.9", "v1.29.3": "cis-1.10", "1.33": "cis-1.10", "1.24": "cis-1.9"} {
		r := run(t, Options{Root: root, KubeVersion: v})
		if r.Benchmark != want {
			t.Errorf("KubeVersion %q: %s, want %s", v, r.Benchmark, want)
		}
		if v == "1.24" && len(r.Errors) == 0 {
			t.Errorf("KubeVersion 1.24: want a note that no benchmark covers it")
		}
	}
	if _, err := Run(context.Background(), Options{Root: root, Benchmark: "cis-0.1"}); err == nil {
		t.Error("unknown benchmark: no error")
	}
	if _, err := Run(context.Background(), Options{Root: filepath.Join(root, "missing")}); err == nil {
		t.Error("missing root: no error")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Run(ctx, Options{Root: root}); err == nil {
		t.Error("cancelled context: no error")
	}
}

func TestBenchmarkData(t *testing.T) {
	bs, err := benchmarks()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"aks-1.5", "cis-1.10", "cis-1.9", "eks-1.5", "gke-1.6"}
	if got := Benchmarks(); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("Benchmarks() = %v", got)
	}
	for _, n := range want {
		b := bs[n]
		seen := map[string]bool{}
		audited := 0
		for _, c := range b.Checks {
			if seen[c.ID] {
				t.Errorf("%s: duplicate check %s", n, c.ID)
			}
			seen[c.ID] = true
			if c.Audit != nil {
				audited++
			}
			if b.Platform != "" && c.Component != "kubelet" && c.Component != "proxy" {
				t.Errorf("%s %s: managed benchmarks assess worker nodes only, not %s", n, c.ID, c.Component)
			}
		}
		t.Logf("%s: %d checks, %d with an automated audit", n, len(b.Checks), audited)
		if b.Platform == "" && audited < 85 {
			t.Errorf("%s: only %d audited checks", n, audited)
		}
	}
	// Inherited checks carry the inheriting benchmark's compliance prefix.
	r := run(t, Options{Root: t.TempDir(), Benchmark: "cis-1.9"})
	if c := byID(t, r, "1.2.1"); c.Compliance[0] != "cis-k8s-1.9:1.2.1" {
		t.Errorf("compliance %v", c.Compliance)
	}
	for _, id := range []string{"1.2.30", "4.3.1"} {
		for _, c := range r.Results {
			if c.ID == id {
				t.Errorf("cis-1.9 has %s, which cis-1.10 added", id)
			}
		}
	}
}

func TestSymlinksStayInsideRoot(t *testing.T) {
	root := hostTree(t, "worker-pass")
	// An absolute link target resolves inside the root, not on this machine.
	real := filepath.Join(root, "srv", "kubelet.conf")
	if err := os.MkdirAll(filepath.Dir(real), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(real, []byte("x"), 0o640); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(root, "etc", "kubernetes", "kubelet.conf")
	os.Remove(link)
	if err := os.Symlink("/srv/kubelet.conf", link); err != nil {
		t.Fatal(err)
	}
	// A loop where the kubelet config should be: WARN with the reason.
	cfg := filepath.Join(root, "var", "lib", "kubelet", "config.yaml")
	os.Remove(cfg)
	if err := os.Symlink("/var/lib/kubelet/config.yaml", cfg); err != nil {
		t.Fatal(err)
	}
	r := run(t, Options{Root: root})
	if c := wantStatus(t, r, "4.1.5", StatusFail, "/etc/kubernetes/kubelet.conf"); !strings.Contains(c.Actual, "mode 640") {
		t.Errorf("4.1.5 actual %q: want the link target's mode", c.Actual)
	}
	if c := wantStatus(t, r, "4.2.1", StatusWarn, "/var/lib/kubelet/config.yaml"); !strings.Contains(c.Actual, "symbolic links") {
		t.Errorf("4.2.1 actual %q", c.Actual)
	}
	if c := wantStatus(t, r, "4.1.9", StatusWarn, "/var/lib/kubelet/config.yaml"); c.Actual == "" {
		t.Error("4.1.9: no reason")
	}
	if len(r.Errors) == 0 {
		t.Error("no errors recorded")
	}
}

func TestParseFlags(t *testing.T) {
	fs := parseFlags([]string{"--a=1", "--b", "2", "--c", "--d=x,y", "--d", "z", "pos", "-e=5", "--g=RotateKubeletServerCertificate=false,X=true", "--", "--h=1"})
	for name, want := range map[string]string{"--a": "1", "--b": "2", "--c": "true", "--d": "z", "--e": "5"} {
		if got, ok := fs.last(name); !ok || got != want {
			t.Errorf("%s = %q, %v; want %q", name, got, ok, want)
		}
	}
	if l, _ := fs.list("--d"); strings.Join(l, "|") != "x|y|z" {
		t.Errorf("--d list %v", l)
	}
	if v, ok := fs.mapKey("--g", "RotateKubeletServerCertificate"); !ok || v != "false" {
		t.Errorf("mapKey = %q, %v", v, ok)
	}
	if _, ok := fs.last("--h"); ok {
		t.Error("flags after -- are not flags")
	}
	for _, tc := range []struct {
		argv []string
		comp string
	}{
		{[]string{"/usr/local/bin/kube-apiserver", "--x"}, "apiserver"},
		{[]string{"/hyperkube", "kube-apiserver", "--x"}, "apiserver"},
		{[]string{"hyperkube", "kubelet"}, "kubelet"},
		{[]string{"/usr/bin/etcd"}, "etcd"},
		{[]string{"apiserver"}, ""}, // short names only under hyperkube
		{[]string{"/bin/bash", "kube-apiserver"}, ""},
		{[]string{"kube-apiserver-proxy"}, ""},
	} {
		if got, _ := componentOf(tc.argv); got != tc.comp {
			t.Errorf("componentOf(%q) = %q, want %q", tc.argv, got, tc.comp)
		}
	}
	if got := parseCmdline([]byte("kube-proxy --v=2 --config=/x\x00")); len(got) != 3 {
		t.Errorf("rewritten argv: %q", got)
	}
}

func TestParseKubeletConfig(t *testing.T) {
	m, err := parseKubeletConfig([]byte(`{"kind":"KubeletConfiguration","readOnlyPort":0,"authentication":{"anonymous":{"enabled":false}},"tlsCipherSuites":["A","B"]}`))
	if err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]string{"readOnlyPort": "0", "authentication.anonymous.enabled": "false", "tlsCipherSuites": "A,B"} {
		if got, ok := lookup(m, k); !ok || got != want {
			t.Errorf("%s = %q, %v; want %q", k, got, ok, want)
		}
	}
	for _, bad := range []string{"- a\n- b\n", "kind: Pod\n", "a: [\n", "42"} {
		if _, err := parseKubeletConfig([]byte(bad)); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

func TestResultWrapper(t *testing.T) {
	r := run(t, Options{Root: hostTree(t, "worker-fail"), NodeName: "node-1", Cluster: "prod"})
	res := r.Result()
	if res.Target != "node-1" || res.Kind != finding.KindNode || res.Cluster != "prod" || len(res.Findings) == 0 {
		t.Fatalf("result %+v", res)
	}
	if res.Findings[0].Severity != finding.SeverityHigh {
		t.Errorf("findings not sorted most severe first: %v", res.Findings[0])
	}
}

func FuzzParseKubeletConfig(f *testing.F) {
	for _, s := range []string{"kind: KubeletConfiguration\nreadOnlyPort: 0\n", "{}", "a: [", "authentication: {anonymous: {enabled: true}}", "- x"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := parseKubeletConfig(b)
		if err == nil {
			for _, k := range []string{"readOnlyPort", "authentication.anonymous.enabled", "featureGates.RotateKubeletServerCertificate", "tlsCipherSuites"} {
				lookup(m, k)
			}
		}
	})
}

func FuzzParseCmdline(f *testing.F) {
	for _, s := range []string{"kube-apiserver\x00--a=b\x00--c\x00d\x00", "hyperkube\x00kubelet\x00--x\x00", "etcd --data-dir /x", "\x00\x00", "-\x00--\x00---=\x00"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		argv := parseCmdline(b)
		_, args := componentOf(argv)
		fs := parseFlags(argv)
		fs.last("--a")
		fs.list("--a")
		fs.mapKey("--feature-gates", "X")
		parseFlags(args)
	})
}

func BenchmarkRunControlPlane(b *testing.B) {
	root := hostTree(b, "control-plane-pass")
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Run(ctx, Options{Root: root}); err != nil {
			b.Fatal(err)
		}
	}
}
