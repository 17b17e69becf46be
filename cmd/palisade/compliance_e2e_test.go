package main_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

type complianceDoc struct {
	Frameworks []struct {
		Framework, Cluster string
		Controls           []struct {
			ID, Status string
			Failing    []struct{ Resource, Rule, Target string }
		}
	}
}

func controlStatus(t *testing.T, doc complianceDoc, fw, cluster, id string) string {
	t.Helper()
	for _, f := range doc.Frameworks {
		if f.Framework != fw || f.Cluster != cluster {
			continue
		}
		for _, c := range f.Controls {
			if c.ID == id {
				return c.Status
			}
		}
	}
	return "(absent)"
}

// Compliance views from real scans: what a scan evaluated passes or fails,
// what no scan looked at is NOT ASSESSED, never PASS.
func TestComplianceFromScans(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	manifest := write("deploy.yaml", `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      hostPID: true
      containers:
        - name: web
          image: nginx:1.27
          securityContext: {privileged: true}
`)
	cfg := palisade(t, nil, "scan", "config", "--format", "json", manifest)
	if cfg.code != 0 {
		t.Fatalf("scan config: %d %s", cfg.code, cfg.stderr)
	}
	cfgReport := write("config.json", cfg.stdout)

	// Only a manifest was scanned: the node checks are not assessed, the
	// workload controls are, and hostPID fails 5.2.3.
	r := palisade(t, nil, "compliance", "--framework", "cis-k8s-1.10", "--format", "json", cfgReport)
	if r.code != 0 {
		t.Fatalf("compliance: %d %s", r.code, r.stderr)
	}
	var doc complianceDoc
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatal(err)
	}
	if st := controlStatus(t, doc, "cis-k8s-1.10", "", "5.2.3"); st != "FAIL" {
		t.Errorf("5.2.3 (hostPID) is %s, want FAIL", st)
	}
	if st := controlStatus(t, doc, "cis-k8s-1.10", "", "1.2.1"); st != "NOT ASSESSED" {
		t.Errorf("1.2.1 (API server flag) without a node scan is %s, want NOT ASSESSED", st)
	}

	// A node scan of a failing control plane assesses section 1.
	root := t.TempDir()
	copyTree(t, filepath.Join(testdata, "node", "control-plane-fail", "root"), root)
	nodeRun := palisade(t, nil, "scan", "node", "--root", root, "--node-name", "cp-1", "--format", "json")
	if nodeRun.code != 0 {
		t.Fatalf("scan node: %d %s", nodeRun.code, nodeRun.stderr)
	}
	nodeReport := write("node.json", nodeRun.stdout)
	r = palisade(t, nil, "compliance", "--framework", "cis-k8s-1.10", "--framework", "nist-800-190", "--format", "json", "--fail-on-control", cfgReport, nodeReport)
	if r.code != 1 {
		t.Errorf("--fail-on-control with failing controls: exit %d %s", r.code, r.stderr)
	}
	doc = complianceDoc{}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatal(err)
	}
	if st := controlStatus(t, doc, "cis-k8s-1.10", "", "1.2.1"); st != "FAIL" {
		t.Errorf("1.2.1 after a node scan is %s, want FAIL", st)
	}
	if len(doc.Frameworks) < 2 {
		t.Errorf("frameworks assessed: %d", len(doc.Frameworks))
	}
	table := palisade(t, nil, "compliance", "--framework", "cis-k8s-1.10", cfgReport, nodeReport)
	if table.code != 0 || !strings.Contains(table.stdout, "NOT ASSESSED") || !strings.Contains(table.stdout, "FAIL") {
		t.Errorf("table: %d\n%s", table.code, table.stdout)
	}
	// --compliance on a scan summarises in the report itself.
	sc := palisade(t, nil, "scan", "config", "--compliance", "cis-k8s-1.10", "--format", "json", manifest)
	var withSummary struct {
		Compliance []struct {
			Framework string
			Counts    map[string]int
			Failing   []struct {
				ID        string
				Resources []string
			}
		}
	}
	if err := json.Unmarshal([]byte(sc.stdout), &withSummary); err != nil || sc.code != 0 {
		t.Fatalf("scan config --compliance: %d %v %s", sc.code, err, sc.stderr)
	}
	failed := ""
	if len(withSummary.Compliance) == 1 {
		for _, f := range withSummary.Compliance[0].Failing {
			if f.ID == "5.2.3" {
				failed = strings.Join(f.Resources, " ")
			}
		}
	}
	if !strings.Contains(failed, "shop/Deployment/web") || withSummary.Compliance[0].Counts["NOT ASSESSED"] == 0 {
		t.Errorf("compliance summary: %+v", withSummary.Compliance)
	}
	// A severity filter hides findings from the report, not from compliance.
	sc = palisade(t, nil, "scan", "config", "--compliance", "cis-k8s-1.10", "--severity", "LOW", "--format", "json", manifest)
	if !strings.Contains(sc.stdout, `"5.2.3"`) {
		t.Errorf("--severity LOW made 5.2.3 (hostPID, HIGH) stop failing:\n%s", sc.stdout)
	}
	if r := palisade(t, nil, "compliance", "--framework", "no-such-framework", cfgReport); r.code != 2 || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
		t.Errorf("unknown framework: exit %d %q", r.code, r.stderr)
	}
}
