package main_test

import (
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// configTree copies testdata/config into the working directory once, so
// that paths in reports are relative and stable.
func configTree(t *testing.T) string {
	t.Helper()
	dst := filepath.Join(work, "config")
	if _, err := os.Stat(dst); err == nil {
		return "config"
	}
	if err := os.CopyFS(dst, os.DirFS(filepath.Join(testdata, "config"))); err != nil {
		t.Fatal(err)
	}
	return "config"
}

type configReport struct {
	Results []struct {
		Target   string   `json:"target"`
		Kind     string   `json:"kind"`
		Errors   []string `json:"errors"`
		Findings []struct {
			ID       string `json:"id"`
			Severity string `json:"severity"`
			Message  string `json:"message"`
			Location struct {
				Path      string `json:"path"`
				StartLine int    `json:"startLine"`
			} `json:"location"`
		} `json:"findings"`
		Suppressed []struct {
			ID          string `json:"id"`
			Suppression struct {
				Kind string `json:"kind"`
			} `json:"suppression"`
		} `json:"suppressed"`
	} `json:"results"`
}

func TestScanConfigReport(t *testing.T) {
	dir := configTree(t)
	r := palisade(t, nil, "scan", "config", "--format", "json", dir+"/repo")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if !strings.Contains(r.stderr, "broken.yaml") {
		t.Errorf("per-file error not on stderr: %q", r.stderr)
	}
	var rep configReport
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatal(err)
	}
	found := map[string]bool{}
	var targets []string
	for _, res := range rep.Results {
		targets = append(targets, res.Target)
		if res.Kind != "config" {
			t.Errorf("%s: kind %q", res.Target, res.Kind)
		}
		for _, f := range res.Findings {
			found[f.ID+"@"+f.Location.Path+":"+strconv.Itoa(f.Location.StartLine)] = true
		}
		if strings.HasSuffix(res.Target, "broken.yaml") && len(res.Errors) != 1 {
			t.Errorf("broken.yaml errors: %v", res.Errors)
		}
	}
	if got := strings.Join(targets, " "); got != "config/repo/chart config/repo/docker/Dockerfile config/repo/k8s/broken.yaml config/repo/k8s/rbac.yaml config/repo/k8s/web.yaml" {
		t.Errorf("targets %s", got)
	}
	for _, want := range []string{
		"PAL-K8S-001@config/repo/k8s/web.yaml:32",                    // privileged: true
		"PAL-K8S-054@config/repo/k8s/web.yaml:51",                    // type: NodePort
		"PAL-K8S-114@config/repo/k8s/web.yaml:32",                    // privileged and exposed (cross-object)
		"PAL-K8S-084@config/repo/k8s/rbac.yaml:10",                   // pods/exec
		"PAL-DF-017@config/repo/docker/Dockerfile:6",                 // EXPOSE 22
		"PAL-DF-001@config/repo/docker/Dockerfile:1",                 // no USER
		"PAL-K8S-048@config/repo/chart/templates/deployment.yaml:15", // Helm: template line of image
		"PAL-K8S-013@config/repo/chart/templates/deployment.yaml:14", // Helm: the container
	} {
		if !found[want] {
			t.Errorf("missing finding %s", want)
		}
	}
	suppressed := suppressedKinds(rep)
	for id, kind := range map[string]string{"PAL-K8S-066": "annotation", "PAL-K8S-050": "comment", "PAL-DF-007": "comment"} {
		if suppressed[id] != kind {
			t.Errorf("%s suppressed by %q, want %q (all: %v)", id, suppressed[id], kind, suppressed)
		}
	}
	for k := range found {
		if strings.HasPrefix(k, "PAL-K8S-050@") || strings.HasPrefix(k, "PAL-DF-007@") || strings.HasPrefix(k, "PAL-K8S-066@") {
			t.Errorf("suppressed finding reported: %s", k)
		}
	}
	// The ignore file moves findings to suppressed, too.
	ign := filepath.Join(work, "config.ignore")
	os.WriteFile(ign, []byte("PAL-K8S-001\n"), 0o644)
	r = palisade(t, nil, "scan", "config", "--format", "json", "--ignorefile", ign, dir+"/repo/k8s/web.yaml")
	var ignored configReport
	if err := json.Unmarshal([]byte(r.stdout), &ignored); err != nil || len(ignored.Results) != 1 {
		t.Fatalf("exit %d: %v\n%s", r.code, err, r.stderr)
	}
	for _, f := range ignored.Results[0].Findings {
		if f.ID == "PAL-K8S-001" {
			t.Errorf("PAL-K8S-001 still reported with the ignore file")
		}
	}
	if kinds := suppressedKinds(ignored); kinds["PAL-K8S-001"] != "ignorefile" {
		t.Errorf("PAL-K8S-001 not suppressed by the ignore file: %v", kinds)
	}
}

func suppressedKinds(rep configReport) map[string]string {
	out := map[string]string{}
	for _, res := range rep.Results {
		for _, s := range res.Suppressed {
			out[s.ID] = s.Suppression.Kind
		}
	}
	return out
}

func TestScanConfigExitCodes(t *testing.T) {
	dir := configTree(t)
	for _, c := range []struct {
		name string
		args []string
		code int
		err  string
	}{
		{"findings without fail-on", []string{dir + "/repo/k8s/web.yaml"}, 0, ""},
		{"fail-on high", []string{"--fail-on", "HIGH", dir + "/repo/k8s/rbac.yaml"}, 1, ""},
		{"fail-on critical", []string{"--fail-on", "CRITICAL", dir + "/repo/k8s/rbac.yaml"}, 0, ""},
		{"only a broken file", []string{dir + "/repo/k8s/broken.yaml"}, 2, "nothing could be scanned"},
		{"missing path", []string{dir + "/nope"}, 2, "no such file"},
		{"not config", []string{dir + "/repo/k8s/workflow.yml"}, 0, "no Kubernetes manifest"},
		{"rule syntax error", []string{"--rules", dir + "/rules-bad", dir + "/repo/k8s"}, 2, "rules-bad/broken.rego:13"},
		{"rule reaching the network", []string{"--rules", dir + "/rules-net", dir + "/repo/k8s"}, 2, "undefined function http.send"},
		{"sbom format", []string{"--format", "cyclonedx", dir + "/repo"}, 2, "SBOM"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := palisade(t, nil, append([]string{"scan", "config"}, c.args...)...)
			if r.code != c.code || !strings.Contains(r.stderr, c.err) {
				t.Fatalf("exit %d, stderr %q; want %d and %q", r.code, r.stderr, c.code, c.err)
			}
			if c.code == 2 && strings.Count(strings.TrimSpace(r.stderr), "\n") > 0 && c.err != "nothing could be scanned" {
				t.Errorf("error is not one line: %q", r.stderr)
			}
		})
	}
}

// Bad files in a tree are reported one by one while the rest is scanned.
func TestScanConfigBadFilesInATree(t *testing.T) {
	dir := filepath.Join(work, "badtree")
	os.MkdirAll(dir, 0o755)
	files := map[string]string{
		"binary.yaml": "apiVersion: v1\x00\x01\x02",
		"latin1.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: caf\xe9}\n",
		"bomb.yaml":   "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\na: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]\n",
		"Dockerfile":  "FROM alpine:3.20\nFROBNICATE\n",
		"good.yaml":   "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostPID: true\n  containers: [{name: c, image: busybox:1.36}]\n",
	}
	for name, data := range files {
		os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644)
	}
	big := filepath.Join(dir, "big.yaml")
	f, _ := os.Create(big)
	f.Truncate(100 << 20)
	f.Close()
	r := palisade(t, nil, "scan", "config", "--format", "json", dir)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, want := range []string{"binary file", "UTF-8", "too many nodes", "larger than 20 MiB", "Dockerfile:2"} {
		if !strings.Contains(r.stdout, want) || !strings.Contains(r.stderr, want) {
			t.Errorf("%q not reported in the JSON and on stderr:\n%s", want, r.stderr)
		}
	}
	if !strings.Contains(r.stdout, `"id": "PAL-K8S-002"`) {
		t.Errorf("the good file was not scanned")
	}
}

func TestScanConfigCustomRules(t *testing.T) {
	dir := configTree(t)
	r := palisade(t, nil, "scan", "config", "--format", "json", "--rules", dir+"/rules-ok", dir+"/repo/k8s/web.yaml")
	if r.code != 0 || !strings.Contains(r.stdout, `"id": "ACME-001"`) || !strings.Contains(r.stdout, "Deployment \\\"web\\\" has no team label") {
		t.Fatalf("custom rule not applied: exit %d\n%s\n%s", r.code, r.stderr, r.stdout)
	}
	r = palisade(t, nil, "rules", "test", dir+"/rules-ok")
	if r.code != 0 || !strings.Contains(r.stdout, "2 passed, 0 failed") {
		t.Fatalf("rules test: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// A failing test exits 1 and names the test.
	failing := filepath.Join(work, "rules-failing")
	os.CopyFS(failing, os.DirFS(filepath.Join(testdata, "config", "rules-ok")))
	os.WriteFile(filepath.Join(failing, "extra_test.rego"), []byte("package extra_test\n\ntest_wrong if {\n\t1 == 2\n}\n"), 0o644)
	r = palisade(t, nil, "rules", "test", failing)
	if r.code != 1 || !strings.Contains(r.stdout, "FAIL") || !strings.Contains(r.stdout, "test_wrong") {
		t.Fatalf("failing rules test: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = palisade(t, nil, "rules", "show", "ACME-001", "--rules", dir+"/rules-ok")
	if r.code != 0 || !strings.Contains(r.stdout, "Workload without a team label") || !strings.Contains(r.stdout, "package palisade.kubernetes.acme_team_label") {
		t.Fatalf("rules show: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

func TestRulesListAndShow(t *testing.T) {
	r := palisade(t, nil, "rules", "list", "--format", "json")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var rules []struct {
		ID, Input  string
		Compliance []string
	}
	if err := json.Unmarshal([]byte(r.stdout), &rules); err != nil {
		t.Fatal(err)
	}
	k8s, df := 0, 0
	for _, x := range rules {
		switch {
		case strings.HasPrefix(x.ID, "PAL-K8S-"):
			k8s++
		case strings.HasPrefix(x.ID, "PAL-DF-"):
			df++
		}
	}
	if k8s < 100 || df < 25 {
		t.Errorf("bundled rules: %d Kubernetes, %d Dockerfile; want at least 100 and 25", k8s, df)
	}
	r = palisade(t, nil, "rules", "show", "pal-k8s-001")
	for _, want := range []string{"PAL-K8S-001  Privileged container", "cis-k8s-1.10:5.2.2", "deny contains"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("rules show lacks %q:\n%s", want, r.stdout)
		}
	}
	if r := palisade(t, nil, "rules", "show", "NOPE-1"); r.code != 2 {
		t.Errorf("unknown rule: exit %d", r.code)
	}
}

func TestScanConfigFormatsGolden(t *testing.T) {
	dir := configTree(t)
	for _, format := range []string{"table", "json", "sarif", "junit"} {
		t.Run(format, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "report")
			r := palisade(t, nil, "scan", "config", "--format", format, "--output", out, dir+"/repo/k8s", dir+"/repo/docker")
			if r.code != 0 || r.stdout != "" {
				t.Fatalf("exit %d stdout %q stderr %s", r.code, r.stdout, r.stderr)
			}
			b, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			if format == "junit" {
				var v any
				if err := xml.Unmarshal(b, &v); err != nil {
					t.Fatalf("junit is not XML: %v", err)
				}
			}
			got := normalize(string(b))
			golden := filepath.Join(testdata, "golden", "scan-config."+format)
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./cmd/palisade -update)", err)
			}
			if got != string(want) {
				t.Errorf("%s output differs from %s (run with -update to accept):\n%s", format, golden, got)
			}
		})
	}
}

// --helm-set and --helm-values reach the chart's rendering.
func TestScanConfigHelmValues(t *testing.T) {
	dir := configTree(t)
	values := filepath.Join(work, "hostnet-values.yaml")
	os.WriteFile(values, []byte("hostNetwork: true\n"), 0o644)
	for _, c := range []struct {
		args []string
		want bool
	}{
		{nil, false},
		{[]string{"--helm-set", "hostNetwork=true"}, true},
		{[]string{"--helm-values", values}, true},
	} {
		args := append(append([]string{"scan", "config", "--format", "json"}, c.args...), dir+"/repo/chart")
		r := palisade(t, nil, args...)
		if got := strings.Contains(r.stdout, `"id": "PAL-K8S-004"`); r.code != 0 || got != c.want {
			t.Errorf("%v: exit %d, host network finding %v, want %v\n%s", c.args, r.code, got, c.want, r.stderr)
		}
	}
}
