package main_test

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/palisadesec/palisade/pkg/testenv"
)

// copyTree copies a fixture host tree (modes as git checks them out: the
// flag and kubelet-config checks do not depend on them).
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	if out, err := exec.Command("cp", "-a", src+"/.", dst).CombinedOutput(); err != nil {
		t.Fatalf("cp: %v: %s", err, out)
	}
}

func TestScanNode(t *testing.T) {
	root := t.TempDir()
	copyTree(t, filepath.Join(testdata, "node", "worker-fail", "root"), root)
	r := palisade(t, nil, "scan", "node", "--root", root, "--node-name", "worker-1", "--cluster", "prod", "--format", "json")
	if r.code != 0 {
		t.Fatalf("scan node: %d %s", r.code, r.stderr)
	}
	jr := decode(t, r.stdout)
	if len(jr.Results) != 1 || jr.Results[0].Kind != "node" || jr.Results[0].Target != "worker-1" || jr.Results[0].Cluster != "prod" {
		t.Fatalf("results: %+v", jr.Results)
	}
	res := jr.Results[0]
	ids := map[string]string{}
	for _, f := range res.Findings {
		ids[f.ID] = f.Severity
	}
	// The kubelet accepts anonymous requests and serves the read-only port.
	for _, id := range []string{"PAL-CIS-1.10-4.2.1", "PAL-CIS-1.10-4.2.4"} {
		if ids[id] != "HIGH" {
			t.Errorf("%s: severity %q, want a HIGH finding (findings %v)", id, ids[id], ids)
		}
	}
	if res.Metadata["benchmark"] != "cis-1.10" || res.Metadata["checks"] == nil {
		t.Errorf("metadata %v", res.Metadata)
	}
	// Control-plane checks on a worker are not applicable, never passing.
	for _, c := range res.Metadata["checks"].([]any) {
		m := c.(map[string]any)
		if strings.HasPrefix(m["id"].(string), "1.2.") && m["status"] != "NOT_APPLICABLE" {
			t.Errorf("API server check %v on a worker: %v", m["id"], m["status"])
		}
	}
	if r := palisade(t, nil, "scan", "node", "--root", root, "--fail-on", "HIGH"); r.code != 1 || !strings.Contains(r.stdout, "CIS benchmark cis-1.10:") {
		t.Errorf("--fail-on HIGH: exit %d, table:\n%s", r.code, r.stdout)
	}

	// --packages: the host's packages in a second result of the same report.
	_, db := fixtures(t)
	unpack(t, root)
	r = palisade(t, nil, "scan", "node", "--root", root, "--node-name", "worker-1", "--packages", "--db", db, "--skip-db-update", "--format", "json")
	if r.code != 0 {
		t.Fatalf("scan node --packages: %d %s", r.code, r.stderr)
	}
	jr = decode(t, r.stdout)
	if len(jr.Results) != 2 || jr.Results[1].Target != "worker-1 (host packages)" || jr.Results[1].OS == nil || len(jr.Results[1].Findings) == 0 {
		t.Errorf("packages result: %+v", jr.Results)
	}

	for _, args := range [][]string{
		{"scan", "node", "--root", filepath.Join(root, "missing")},
		{"scan", "node", "--root", root, "--benchmark", "cis-0.1"},
	} {
		if r := palisade(t, nil, args...); r.code != 2 || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
			t.Errorf("%v: exit %d, stderr %q", args, r.code, r.stderr)
		}
	}
}

// A file the scan may not read makes its checks WARN with the reason,
// never PASS.
func TestScanNodeUnreadable(t *testing.T) {
	if os.Geteuid() != 0 {
		testenv.Skip(t, "switching users needs root")
	}
	bin := unprivilegedCopy(t)
	dir, err := os.MkdirTemp("", "palisade-node-*")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	copyTree(t, filepath.Join(testdata, "node", "worker-fail", "root"), dir)
	if out, err := exec.Command("chmod", "-R", "a+rX", dir).CombinedOutput(); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	cfg := filepath.Join(dir, "var", "lib", "kubelet", "config.yaml")
	if err := os.Chown(cfg, 0, 0); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(cfg, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "scan", "node", "--root", dir, "--format", "json")
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	// What could not be assessed is an error (exit 2), after the report.
	out, err := cmd.Output()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 2 {
		t.Fatalf("scan node as nobody: %v, want exit 2", err)
	}
	jr := decode(t, string(out))
	warned := false
	for _, c := range jr.Results[0].Metadata["checks"].([]any) {
		m := c.(map[string]any)
		if m["id"] == "4.2.3" { // decided by the config file alone (4.2.1 is decided by a flag here)
			warned = m["status"] == "WARN"
		}
	}
	if !warned || !strings.Contains(strings.Join(jr.Results[0].Errors, " "), "permission denied") {
		t.Errorf("unreadable kubelet config: 4.2.3 WARN %v, errors %v", warned, jr.Results[0].Errors)
	}
}

// deploy/scan-node passes palisade's own checks but for the images to pin.
func TestScanNodeDeployScansClean(t *testing.T) {
	r := palisade(t, nil, "scan", "config", "--format", "json", filepath.Join(testdata, "..", "deploy", "scan-node"))
	if r.code != 0 {
		t.Fatalf("scan config deploy/scan-node: %d %s", r.code, r.stderr)
	}
	for _, res := range decode(t, r.stdout).Results {
		for _, f := range res.Findings {
			if f.ID != "PAL-K8S-048" {
				t.Errorf("deploy/scan-node: unexpected %s", f.ID)
			}
		}
	}
}

// applyModes sets the modes and owners a fixture's modes.txt lists (git
// keeps neither), as on the node the fixture stands for.
func applyModes(t *testing.T, fixture, root string) {
	t.Helper()
	if os.Geteuid() != 0 {
		testenv.Skip(t, "setting owners needs root")
	}
	data, err := os.ReadFile(filepath.Join(fixture, "modes.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) != 3 || strings.HasPrefix(f[0], "#") {
			continue
		}
		p := filepath.Join(root, f[0])
		mode, err := strconv.ParseUint(f[1], 8, 32)
		if err != nil {
			t.Fatalf("modes.txt: %q: %v", line, err)
		}
		uid, gid, _ := strings.Cut(f[2], ":")
		u, _ := strconv.Atoi(uid)
		g, _ := strconv.Atoi(gid)
		if err := os.Chmod(p, os.FileMode(mode)); err != nil {
			t.Fatal(err)
		}
		if err := os.Chown(p, u, g); err != nil {
			t.Fatal(err)
		}
	}
}

// The human and machine outputs of scan node on a failing kubeadm
// control-plane node.
func TestScanNodeGolden(t *testing.T) {
	fixture := filepath.Join(testdata, "node", "control-plane-fail")
	root := t.TempDir()
	copyTree(t, filepath.Join(fixture, "root"), root)
	applyModes(t, fixture, root)
	for _, format := range []string{"table", "json", "sarif"} {
		r := palisade(t, nil, "scan", "node", "--root", root, "--node-name", "cp-1", "--cluster", "prod", "-f", format)
		if r.code != 0 {
			t.Fatalf("%s: exit %d\n%s", format, r.code, r.stderr)
		}
		got := normalize(strings.ReplaceAll(r.stdout, root, "ROOT"))
		golden := filepath.Join(testdata, "golden", "scan-node."+format)
		if *update {
			if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatal(err)
		}
		if got != string(want) {
			t.Errorf("%s output differs from %s (run with -update to accept):\n%s", format, golden, got)
		}
	}
}
