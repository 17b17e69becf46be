package main_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	authv1 "k8s.io/api/authentication/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"

	"github.com/palisadesec/palisade/pkg/k8s/k8stest"
)

type clusterReport struct {
	Results []struct {
		Target   string         `json:"target"`
		Kind     string         `json:"kind"`
		Cluster  string         `json:"cluster"`
		Errors   []string       `json:"errors"`
		Metadata map[string]any `json:"metadata"`
		Findings []struct {
			ID       string `json:"id"`
			Severity string `json:"severity"`
			Message  string `json:"message"`
			Resource struct {
				Kind, Namespace, Name string
			} `json:"resource"`
			Location *struct{ Path string } `json:"location"`
		} `json:"findings"`
	} `json:"results"`
}

// ownedWorkload applies the shop fixtures and, as the controllers of a real
// cluster would, a ReplicaSet owned by the Deployment and a running Pod
// owned by the ReplicaSet.
func ownedWorkload(t *testing.T, env *k8stest.Env, ctx string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(testdata, "cluster", "shop.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var dep *unstructured.Unstructured
	for _, o := range env.ApplyYAML(t, ctx, string(data)) {
		if o.GetKind() == "Deployment" {
			dep = o
		}
	}
	tmpl, _, _ := unstructured.NestedMap(dep.Object, "spec", "template")
	owner := func(kind, name, uid string) []any {
		return []any{map[string]any{"apiVersion": "apps/v1", "kind": kind, "name": name, "uid": uid, "controller": true}}
	}
	rs := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "apps/v1", "kind": "ReplicaSet",
		"metadata": map[string]any{"name": "web-5d4f", "namespace": "shop", "ownerReferences": owner("Deployment", "web", string(dep.GetUID()))},
		"spec":     map[string]any{"replicas": int64(1), "selector": map[string]any{"matchLabels": map[string]any{"app": "web"}}, "template": tmpl},
	}}
	rsOut := env.Apply(t, ctx, rs)[0]
	podSpec, _, _ := unstructured.NestedMap(tmpl, "spec")
	pod := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "v1", "kind": "Pod",
		"metadata": map[string]any{"name": "web-5d4f-x2k9p", "namespace": "shop", "labels": map[string]any{"app": "web"}, "ownerReferences": owner("ReplicaSet", "web-5d4f", string(rsOut.GetUID()))},
		"spec":     podSpec,
	}}
	env.Apply(t, ctx, pod)
	env.MarkRunning(t, ctx, "shop", "web-5d4f-x2k9p", nil)
}

func TestScanCluster(t *testing.T) {
	env := k8stest.Start(t)
	ownedWorkload(t, env, "alpha")
	ownedWorkload(t, env, "beta")

	// A second context reaching alpha: the cluster is scanned once.
	cfg, err := clientcmd.LoadFromFile(env.Kubeconfig)
	if err != nil {
		t.Fatal(err)
	}
	alias := *cfg.Contexts["alpha"]
	cfg.Contexts["alpha-again"] = &alias
	// A context whose token the server does not know.
	cfg.AuthInfos["stranger"] = &clientcmdapi.AuthInfo{Token: "not-a-known-token"}
	cfg.Contexts["alpha-stranger"] = &clientcmdapi.Context{Cluster: cfg.Contexts["alpha"].Cluster, AuthInfo: "stranger"}
	kc := filepath.Join(t.TempDir(), "kubeconfig")
	if err := clientcmd.WriteToFile(*cfg, kc); err != nil {
		t.Fatal(err)
	}

	t.Run("two clusters, attributed findings", func(t *testing.T) {
		r := palisade(t, nil, "scan", "cluster", "--kubeconfig", kc, "--context", "alpha", "--context", "beta", "--context", "alpha-again", "-f", "json")
		if r.code != 0 {
			t.Fatalf("exit %d\n%s", r.code, r.stderr)
		}
		if !strings.Contains(r.stderr, "alpha-again reaches the same cluster as alpha") {
			t.Errorf("alias not recognised:\n%s", r.stderr)
		}
		var rep clusterReport
		if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
			t.Fatal(err)
		}
		if len(rep.Results) != 2 {
			t.Fatalf("%d results, want one per cluster", len(rep.Results))
		}
		uids := map[string]bool{}
		for _, res := range rep.Results {
			if res.Kind != "cluster" || res.Cluster != res.Target || len(res.Errors) > 0 {
				t.Errorf("result %s: kind %s cluster %s errors %v", res.Target, res.Kind, res.Cluster, res.Errors)
			}
			uid, _ := res.Metadata["uid"].(string)
			uids[uid] = true
			if v, _ := res.Metadata["version"].(string); v != "v1.34.4" {
				t.Errorf("%s: version %q", res.Cluster, v)
			}
			if res.Cluster == "alpha" {
				ctxs, _ := res.Metadata["contexts"].([]any)
				if len(ctxs) != 2 {
					t.Errorf("alpha contexts %v", res.Metadata["contexts"])
				}
			}
			var privileged []string
			for _, f := range res.Findings {
				if f.Location != nil {
					t.Errorf("%s: cluster finding with a file location: %+v", res.Cluster, f)
				}
				if f.Resource.Kind == "Pod" || f.Resource.Kind == "ReplicaSet" {
					t.Errorf("%s: finding on an owned %s: %s %s", res.Cluster, f.Resource.Kind, f.ID, f.Message)
				}
				if f.ID == "PAL-K8S-001" {
					privileged = append(privileged, f.Resource.Kind+"/"+f.Resource.Namespace+"/"+f.Resource.Name)
				}
			}
			if !slices.Equal(privileged, []string{"Deployment/shop/web"}) {
				t.Errorf("%s: privileged findings on %v, want the Deployment once", res.Cluster, privileged)
			}
			exposed, _ := res.Metadata["exposed"].([]any)
			if len(exposed) != 1 || exposed[0] != "Service shop/web (NodePort)" {
				t.Errorf("%s: exposed %v", res.Cluster, exposed)
			}
		}
		if len(uids) != 2 || uids[""] {
			t.Errorf("cluster UIDs %v, want two distinct", uids)
		}
	})

	t.Run("golden per cluster", func(t *testing.T) {
		// What varies between runs: ports, UIDs, the time.
		mask := func(s string) string {
			s = regexp.MustCompile(`https://127\.0\.0\.1:\d+`).ReplaceAllString(s, "https://127.0.0.1:PORT")
			s = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`).ReplaceAllString(s, "UID")
			return normalize(s)
		}
		for _, format := range []string{"table", "json", "sarif"} {
			r := palisade(t, nil, "scan", "cluster", "--kubeconfig", kc, "--context", "alpha", "--context", "beta", "--cluster-name", "beta=staging", "-f", format)
			if r.code != 0 {
				t.Fatalf("%s: exit %d\n%s", format, r.code, r.stderr)
			}
			got := mask(r.stdout)
			golden := filepath.Join(testdata, "golden", "scan-cluster."+format)
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
	})

	t.Run("the shipped read-only ClusterRole assesses everything", func(t *testing.T) {
		data, err := os.ReadFile(filepath.Join(testdata, "..", "deploy", "scan-cluster", "rbac.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		env.ApplyYAML(t, "beta", string(data))
		cs := env.Client(t, "beta")
		tok, err := cs.CoreV1().ServiceAccounts("palisade").CreateToken(context.Background(), "palisade-scanner", &authv1.TokenRequest{}, metav1.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		sa := clientcmdapi.NewConfig()
		beta := cfg.Contexts["beta"]
		sa.Clusters["beta"] = cfg.Clusters[beta.Cluster]
		sa.AuthInfos["scanner"] = &clientcmdapi.AuthInfo{Token: tok.Status.Token}
		sa.Contexts["scanner"] = &clientcmdapi.Context{Cluster: "beta", AuthInfo: "scanner"}
		sa.CurrentContext = "scanner"
		skc := filepath.Join(t.TempDir(), "scanner.kubeconfig")
		if err := clientcmd.WriteToFile(*sa, skc); err != nil {
			t.Fatal(err)
		}
		r := palisade(t, nil, "scan", "cluster", "--kubeconfig", skc, "-f", "json")
		if r.code != 0 {
			t.Fatalf("exit %d\n%s", r.code, r.stderr)
		}
		var rep clusterReport
		if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
			t.Fatal(err)
		}
		res := rep.Results[0]
		if len(res.Errors) > 0 || res.Metadata["uid"] == nil {
			t.Errorf("errors %v, uid %v", res.Errors, res.Metadata["uid"])
		}
		// And it cannot change anything.
		if _, err := clientForToken(t, env, tok.Status.Token).CoreV1().Namespaces().Create(context.Background(), &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "x"}}, metav1.CreateOptions{}); err == nil {
			t.Error("the scanner's service account can create namespaces")
		}
	})

	t.Run("paging gives the same result", func(t *testing.T) {
		var outs []string
		for _, size := range []string{"1", "500"} {
			r := palisade(t, nil, "scan", "cluster", "--kubeconfig", kc, "--context", "alpha", "--page-size", size, "-f", "json")
			if r.code != 0 {
				t.Fatalf("page size %s: exit %d\n%s", size, r.code, r.stderr)
			}
			outs = append(outs, normalize(r.stdout))
		}
		if outs[0] != outs[1] || !strings.Contains(outs[0], "PAL-K8S-001") {
			t.Errorf("one object per page and 500 per page differ:\n%s\n%s", outs[0], outs[1])
		}
	})

	t.Run("forbidden resources are not assessed", func(t *testing.T) {
		r := palisade(t, nil, "scan", "cluster", "--kubeconfig", kc, "--context", "alpha-restricted", "-f", "json")
		if r.code != 2 {
			t.Fatalf("exit %d, want 2 (partial assessment)\n%s", r.code, r.stderr)
		}
		var rep clusterReport
		if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
			t.Fatal(err)
		}
		res := rep.Results[0]
		joined := strings.Join(res.Errors, "\n")
		for _, want := range []string{"not assessed: secrets: forbidden", "not assessed: roles.rbac.authorization.k8s.io: forbidden", "not assessed: clusterroles.rbac.authorization.k8s.io: forbidden"} {
			if !strings.Contains(joined, want) {
				t.Errorf("errors lack %q:\n%s", want, joined)
			}
		}
		found := false
		for _, f := range res.Findings {
			found = found || (f.ID == "PAL-K8S-001" && f.Resource.Name == "web")
		}
		if !found {
			t.Error("what could be read was not scanned: no privileged finding on the Deployment")
		}
	})

	t.Run("an unreachable cluster does not stop the others", func(t *testing.T) {
		r := palisade(t, nil, "scan", "cluster", "--kubeconfig", kc, "--context", "down", "--context", "beta", "--context", "alpha-stranger", "--request-timeout", "5s", "-f", "json")
		if r.code != 2 {
			t.Fatalf("exit %d, want 2\n%s", r.code, r.stderr)
		}
		var rep clusterReport
		if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
			t.Fatal(err)
		}
		if len(rep.Results) != 3 {
			t.Fatalf("%d results", len(rep.Results))
		}
		for _, res := range rep.Results {
			switch res.Cluster {
			case "alpha-stranger":
				if len(res.Errors) != 1 || !strings.Contains(res.Errors[0], "credentials refused: unauthorized") {
					t.Errorf("alpha-stranger: errors %v", res.Errors)
				}
			case "down":
				if len(res.Errors) != 1 || !strings.Contains(res.Errors[0], "cluster unreachable") {
					t.Errorf("down: errors %v", res.Errors)
				}
			case "beta":
				if len(res.Errors) > 0 || len(res.Findings) == 0 {
					t.Errorf("beta: errors %v, %d findings", res.Errors, len(res.Findings))
				}
			}
		}
		if strings.Count(r.stderr, "\n") > 8 || !strings.Contains(r.stderr, "down") {
			t.Errorf("stderr:\n%s", r.stderr)
		}
	})

	t.Run("table", func(t *testing.T) {
		r := palisade(t, nil, "scan", "cluster", "--kubeconfig", kc, "--context", "beta", "--cluster-name", "staging")
		if r.code != 0 {
			t.Fatalf("exit %d\n%s", r.code, r.stderr)
		}
		for _, want := range []string{"Cluster staging (beta, v1.34.4, https://127.0.0.1:", "Riskiest namespaces", "shop: risk ", "Exposed outside the cluster (1):\n  Service shop/web (NodePort)", "Privileged workloads (1):\n  Deployment shop/web", "PAL-K8S-001"} {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("table lacks %q:\n%s", want, r.stdout)
			}
		}
	})

	t.Run("trust learn, then scan with the policy", func(t *testing.T) {
		pol := filepath.Join(t.TempDir(), "trust.yaml")
		r := palisade(t, nil, "trust", "learn", "--kubeconfig", kc, "--context", "alpha", "--output", pol)
		if r.code != 0 {
			t.Fatalf("learn: exit %d\n%s", r.code, r.stderr)
		}
		data, err := os.ReadFile(pol)
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"registry.example.com/shop/*", "alpha", "shop"} {
			if !strings.Contains(string(data), want) {
				t.Errorf("learned policy lacks %q:\n%s", want, data)
			}
		}
		if r := palisade(t, nil, "trust", "check", pol); r.code != 0 || !strings.Contains(r.stdout, "valid") {
			t.Fatalf("check: %d %s %s", r.code, r.stdout, r.stderr)
		}
		// alpha runs what was learned there; beta runs the same image,
		// trusted only in alpha: one finding, on the Deployment.
		r = palisade(t, nil, "scan", "cluster", "--kubeconfig", kc, "--context", "alpha", "--context", "beta", "--trust", pol, "-f", "json")
		if r.code != 0 {
			t.Fatalf("exit %d\n%s", r.code, r.stderr)
		}
		var rep clusterReport
		if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
			t.Fatal(err)
		}
		got := map[string][]string{}
		for _, res := range rep.Results {
			for _, f := range res.Findings {
				if strings.HasPrefix(f.ID, "PAL-TRUST") {
					got[res.Cluster] = append(got[res.Cluster], f.ID+" "+f.Resource.Kind+"/"+f.Resource.Name+" "+f.Message)
				}
			}
		}
		if len(got["alpha"]) != 0 || len(got["beta"]) != 1 || !strings.HasPrefix(got["beta"][0], "PAL-TRUST-002 Deployment/web") {
			t.Errorf("trust findings %v", got)
		}
		// The same policy on manifests judged for cluster beta.
		r = palisade(t, nil, "scan", "config", "--trust", pol, "--trust-cluster", "beta", "-f", "json", filepath.Join(testdata, "cluster", "shop.yaml"))
		if r.code != 0 || !strings.Contains(r.stdout, "PAL-TRUST-002") {
			t.Errorf("scan config --trust: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
		}
		if r := palisade(t, nil, "scan", "config", "--trust-cluster", "beta", filepath.Join(testdata, "cluster", "shop.yaml")); r.code != 2 || !strings.Contains(r.stderr, "--trust-cluster needs --trust") {
			t.Errorf("--trust-cluster alone: exit %d, stderr %q", r.code, r.stderr)
		}
		bad := filepath.Join(t.TempDir(), "bad.yaml")
		os.WriteFile(bad, []byte("apiVersion: palisade.dev/v1\nkind: TrustPolicy\ngroups: [{name: x, images: [\"Bad//ref\"]}]\n"), 0o644)
		if r := palisade(t, nil, "scan", "cluster", "--kubeconfig", kc, "--context", "alpha", "--trust", bad); r.code != 2 || strings.Count(strings.TrimSpace(r.stderr), "\n") > 0 {
			t.Errorf("bad policy: exit %d, stderr %q", r.code, r.stderr)
		}
	})

	t.Run("scan images running in the clusters", func(t *testing.T) {
		_, db := fixtures(t)
		host, ref, digest := serveDebian(t, "shop/debian:12")
		pod := &unstructured.Unstructured{Object: map[string]any{
			"apiVersion": "v1", "kind": "Pod",
			"metadata": map[string]any{"name": "batch-runner", "namespace": "shop"},
			"spec":     map[string]any{"containers": []any{map[string]any{"name": "main", "image": ref}}},
		}}
		env.Apply(t, "alpha", pod)
		env.MarkRunning(t, "alpha", "shop", "batch-runner", map[string]string{"main": "docker-pullable://" + host + "/shop/debian@" + digest.String()})

		r := palisade(t, []string{"DOCKER_CONFIG=" + t.TempDir()}, "scan", "cluster", "--kubeconfig", kc, "--context", "alpha", "--context", "beta",
			"--scan-images", "--insecure", "--db", db, "--cache-dir", t.TempDir(), "-f", "json")
		// The fixture Deployment's image (registry.example.com) cannot be
		// pulled: reported per cluster, the rest still scanned, exit 2.
		if r.code != 2 {
			t.Fatalf("exit %d, want 2\n%s", r.code, r.stderr)
		}
		var rep clusterReport
		if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
			t.Fatal(err)
		}
		var images []string
		for _, res := range rep.Results {
			if res.Kind != "image" {
				continue
			}
			wl, _ := res.Metadata["workloads"].([]any)
			line := res.Cluster + " " + res.Target
			switch {
			case strings.Contains(res.Target, "/shop/debian@sha256:"):
				if len(res.Findings) != 14 || len(wl) != 1 || wl[0] != "shop/Pod/batch-runner (container main)" {
					t.Errorf("%s: %d findings, workloads %v, errors %v", line, len(res.Findings), wl, res.Errors)
				}
			case strings.HasPrefix(res.Target, "registry.example.com/shop/web@sha256:"):
				if len(res.Errors) != 1 || len(wl) != 1 || wl[0] != "shop/Deployment/web (container web)" {
					t.Errorf("%s: errors %v, workloads %v", line, res.Errors, wl)
				}
			default:
				t.Errorf("unexpected image result %s", line)
			}
			images = append(images, line)
		}
		slices.Sort(images)
		if len(images) != 3 || !strings.HasPrefix(images[0], "alpha "+host) || !strings.HasPrefix(images[1], "alpha registry.example.com") || !strings.HasPrefix(images[2], "beta registry.example.com") {
			t.Errorf("image results %v", images)
		}
	})
}

func clientForToken(t *testing.T, env *k8stest.Env, token string) kubernetes.Interface {
	t.Helper()
	c := env.RESTConfig(t, "beta")
	c.BearerToken, c.BearerTokenFile = token, ""
	c.Username, c.Password = "", ""
	c.CertData, c.KeyData, c.CertFile, c.KeyFile = nil, nil, "", ""
	cs, err := kubernetes.NewForConfig(c)
	if err != nil {
		t.Fatal(err)
	}
	return cs
}
