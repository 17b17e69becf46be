package main

// configcorpus.go generates the `palisade scan config` benchmark corpus: a
// repository-like tree of Kubernetes manifests and a tree of Helm charts.
// Generation is deterministic (fixed seed): the same Go version always writes
// the same bytes, so figures from different runs are comparable.

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// configCorpusVersion is part of the marker of a generated corpus: bump it
// whenever the generator's output changes so that old trees are rewritten.
const configCorpusVersion = "1"

const (
	corpusFiles   = 1000
	corpusObjects = 5000
	corpusCharts  = 50
)

// corpusStats describes what the generator wrote.
type corpusStats struct {
	ManifestFiles int
	Objects       int
	Namespaces    int
	Kinds         map[string]int
	Charts        int
	ChartFiles    int
}

// corpusFile is one generated file, relative to WORK/config.
type corpusFile struct {
	path string
	data []byte
}

// writeConfigCorpus generates the corpus under dir (WORK/config) unless an
// identical one is already there, and returns what it holds.
func writeConfigCorpus(dir string) (corpusStats, error) {
	files, st := genConfigCorpus()
	h := sha256.New()
	for _, f := range files {
		fmt.Fprintf(h, "%s\x00%d\x00", f.path, len(f.data))
		h.Write(f.data)
	}
	marker := "v" + configCorpusVersion + " " + hex.EncodeToString(h.Sum(nil)) + "\n"
	markerPath := filepath.Join(dir, ".generated")
	if b, err := os.ReadFile(markerPath); err == nil && string(b) == marker {
		return st, nil
	}
	fmt.Fprintln(os.Stderr, "writing the config benchmark corpus...")
	for _, sub := range []string{"manifests", "charts"} {
		if err := os.RemoveAll(filepath.Join(dir, sub)); err != nil {
			return st, err
		}
	}
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f.path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return st, err
		}
		if err := os.WriteFile(p, f.data, 0o644); err != nil {
			return st, err
		}
	}
	return st, os.WriteFile(markerPath, []byte(marker), 0o644)
}

// genConfigCorpus builds the whole corpus in memory.
func genConfigCorpus() ([]corpusFile, corpusStats) {
	g := &manifestGen{r: rand.New(rand.NewPCG(20240611, 1)), names: map[string]bool{}}
	files, st := g.manifests()
	charts := genCharts(rand.New(rand.NewPCG(20240611, 2)))
	st.Charts = corpusCharts
	st.ChartFiles = len(charts)
	return append(files, charts...), st
}

// --- Kubernetes manifests --------------------------------------------------

type k8sObj struct {
	kind, ns, name string
	text           string
}

type manifestGen struct {
	r     *rand.Rand
	names map[string]bool // ns/kind/name already used
	objs  []k8sObj
	nss   []string
}

// yw writes YAML lines at a given indentation.
type yw struct{ b strings.Builder }

func (w *yw) l(ind int, format string, args ...any) {
	w.b.WriteString(strings.Repeat(" ", ind))
	fmt.Fprintf(&w.b, format, args...)
	w.b.WriteByte('\n')
}

func (g *manifestGen) pct(p int) bool { return g.r.IntN(100) < p }

func pick[T any](r *rand.Rand, xs ...T) T { return xs[r.IntN(len(xs))] }

func (g *manifestGen) hexs(n int) string {
	const digits = "0123456789abcdef"
	b := make([]byte, n)
	for i := range b {
		b[i] = digits[g.r.IntN(16)]
	}
	return string(b)
}

func (g *manifestGen) alnum(n int) string {
	const digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, n)
	for i := range b {
		b[i] = digits[g.r.IntN(len(digits))]
	}
	return string(b)
}

func (g *manifestGen) add(kind, ns, name string, w *yw) {
	g.objs = append(g.objs, k8sObj{kind: kind, ns: ns, name: name, text: w.b.String()})
}

// unique returns name, or name-2, name-3... not yet used for kind in ns.
func (g *manifestGen) unique(kind, ns, name string) string {
	n := name
	for i := 2; g.names[ns+"/"+kind+"/"+n]; i++ {
		n = fmt.Sprintf("%s-%d", name, i)
	}
	g.names[ns+"/"+kind+"/"+n] = true
	return n
}

var (
	teams = []string{"payments", "checkout", "search", "identity", "catalog", "orders", "billing", "shipping",
		"inventory", "notifications", "analytics", "platform", "monitoring", "logging", "ingress", "auth",
		"recommendations", "media", "chat", "fraud", "pricing", "reporting", "data", "ml", "growth",
		"support", "accounts", "ledger", "gateway", "cms", "mobile-bff", "partners", "loyalty", "tax", "risk"}
	envs       = []string{"prod", "staging", "dev", "qa"}
	appWords   = []string{"api", "worker", "frontend", "gateway", "scheduler", "indexer", "consumer", "publisher", "sync", "cache", "proxy", "backend", "web", "admin", "exporter", "controller", "webhook", "reconciler", "ingestor", "renderer"}
	registries = []string{"registry.example.com/%s", "ghcr.io/acme-corp/%s", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/%s", "eu.gcr.io/acme-prod/%s", "quay.io/acme/%s"}
	thirdParty = []string{"nginx:1.25.3", "redis:7.2.4-alpine", "postgres:15.5", "bitnami/kafka:3.6.1", "prom/statsd-exporter:v0.26.0",
		"grafana/promtail:2.9.3", "busybox", "alpine:latest", "envoyproxy/envoy:v1.28.0", "memcached:1.6.22", "docker.io/library/rabbitmq:3.12-management",
		"quay.io/prometheus/node-exporter:v1.7.0", "fluent/fluent-bit:2.2.0", "otel/opentelemetry-collector-contrib:0.91.0", "ubuntu"}
)

type secProfile int

const (
	secHardened secProfile = iota // restricted-compliant
	secPartial                    // some fields set
	secNone                       // nothing set
	secRisky                      // privileged, root, extra capabilities
)

func (g *manifestGen) profile(kind string) secProfile {
	n := g.r.IntN(100)
	risky := 4
	if kind == "DaemonSet" {
		risky = 35 // node agents: log shippers, CNI, exporters
	}
	switch {
	case n < risky:
		return secRisky
	case n < 40:
		return secHardened
	case n < 75:
		return secPartial
	}
	return secNone
}

// manifests generates the objects and packs them into files of 1-10
// documents.
func (g *manifestGen) manifests() ([]corpusFile, corpusStats) {
	nNS := 30 + g.r.IntN(31)
	seen := map[string]bool{}
	for len(g.nss) < nNS {
		ns := pick(g.r, teams...)
		if g.pct(60) {
			ns += "-" + pick(g.r, envs...)
		}
		if !seen[ns] {
			seen[ns] = true
			g.nss = append(g.nss, ns)
		}
	}
	// A few big namespaces, a long tail of small ones.
	weights := make([]int, nNS)
	total := 0
	for i := range weights {
		weights[i] = 1 + g.r.IntN(4)
		if g.pct(15) {
			weights[i] += 6 + g.r.IntN(8)
		}
		total += weights[i]
	}
	const plannedApps = 950
	for i, ns := range g.nss {
		if len(g.objs) >= corpusObjects {
			break
		}
		g.namespaceBase(ns)
		for a := 0; a < plannedApps*weights[i]/total && len(g.objs) < corpusObjects; a++ {
			g.app(ns)
		}
		if i%6 == 5 {
			g.clusterRBAC()
		}
	}
	for len(g.objs) < corpusObjects {
		g.app(g.nss[g.r.IntN(len(g.nss))])
	}
	g.objs = g.objs[:corpusObjects]

	// File sizes: 1-10 documents, corpusObjects in total.
	sizes := make([]int, corpusFiles)
	sum := 0
	for i := range sizes {
		// Many small files, some large multi-document ones.
		sizes[i] = pick(g.r, 1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10)
		sum += sizes[i]
	}
	for sum != corpusObjects {
		i := g.r.IntN(len(sizes))
		if sum < corpusObjects && sizes[i] < 10 {
			sizes[i]++
			sum++
		} else if sum > corpusObjects && sizes[i] > 1 {
			sizes[i]--
			sum--
		}
	}
	st := corpusStats{ManifestFiles: corpusFiles, Objects: corpusObjects, Namespaces: nNS, Kinds: map[string]int{}}
	var out []corpusFile
	usedPath := map[string]bool{}
	k := 0
	for _, n := range sizes {
		part := g.objs[k : k+n]
		k += n
		first := part[0]
		dir := first.ns
		if dir == "" {
			dir = "cluster"
		}
		base := first.name
		if n == 1 || first.kind == "Namespace" {
			base += "-" + strings.ToLower(first.kind)
		}
		ext := ".yaml"
		if g.pct(10) {
			ext = ".yml"
		}
		p := "manifests/" + dir + "/" + base + ext
		for i := 2; usedPath[p]; i++ {
			p = fmt.Sprintf("manifests/%s/%s-%d%s", dir, base, i, ext)
		}
		usedPath[p] = true
		var b bytes.Buffer
		if g.pct(30) {
			fmt.Fprintf(&b, "# %s: managed by platform team, do not edit by hand\n", base)
		}
		for i, o := range part {
			if i > 0 || g.pct(20) {
				b.WriteString("---\n")
			}
			b.WriteString(o.text)
			st.Kinds[o.kind]++
		}
		if g.pct(5) {
			b.WriteString("---\n")
		}
		out = append(out, corpusFile{p, b.Bytes()})
	}
	return out, st
}

func (g *manifestGen) meta(w *yw, kind, ns, name string, labels map[string]string) {
	w.l(0, "metadata:")
	w.l(2, "name: %s", name)
	if ns != "" {
		w.l(2, "namespace: %s", ns)
	}
	if len(labels) > 0 {
		w.l(2, "labels:")
		writeMap(w, 4, labels)
	}
}

func writeMap(w *yw, ind int, m map[string]string) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		w.l(ind, "%s: %s", k, m[k])
	}
}

func appLabels(name, team string) map[string]string {
	return map[string]string{
		"app.kubernetes.io/name":       name,
		"app.kubernetes.io/part-of":    team,
		"app.kubernetes.io/managed-by": "kustomize",
	}
}

func (g *manifestGen) namespaceBase(ns string) {
	w := &yw{}
	w.l(0, "apiVersion: v1")
	w.l(0, "kind: Namespace")
	labels := map[string]string{"kubernetes.io/metadata.name": ns, "team": strings.SplitN(ns, "-", 2)[0]}
	switch n := g.r.IntN(10); {
	case n < 4:
		labels["pod-security.kubernetes.io/enforce"] = "restricted"
		labels["pod-security.kubernetes.io/enforce-version"] = "latest"
	case n < 7:
		labels["pod-security.kubernetes.io/enforce"] = "baseline"
		labels["pod-security.kubernetes.io/warn"] = "restricted"
	}
	g.meta(w, "Namespace", "", g.unique("Namespace", "", ns), labels)
	g.add("Namespace", "", ns, w)

	if g.pct(60) {
		w := &yw{}
		name := g.unique("NetworkPolicy", ns, "default-deny-all")
		w.l(0, "apiVersion: networking.k8s.io/v1")
		w.l(0, "kind: NetworkPolicy")
		g.meta(w, "NetworkPolicy", ns, name, nil)
		w.l(0, "spec:")
		w.l(2, "podSelector: {}")
		w.l(2, "policyTypes:")
		w.l(4, "- Ingress")
		if g.pct(50) {
			w.l(4, "- Egress")
		}
		g.add("NetworkPolicy", ns, name, w)
	}
	if g.pct(50) {
		role := g.unique("Role", ns, "developer")
		w := &yw{}
		w.l(0, "apiVersion: rbac.authorization.k8s.io/v1")
		w.l(0, "kind: Role")
		g.meta(w, "Role", ns, role, nil)
		w.l(0, "rules:")
		w.l(2, "- apiGroups: [\"\", \"apps\", \"batch\"]")
		w.l(4, "resources: [\"pods\", \"pods/log\", \"deployments\", \"jobs\", \"configmaps\", \"services\"]")
		w.l(4, "verbs: [\"get\", \"list\", \"watch\"]")
		if g.pct(30) {
			w.l(2, "- apiGroups: [\"\"]")
			w.l(4, "resources: [\"pods/exec\", \"pods/portforward\"]")
			w.l(4, "verbs: [\"create\"]")
		}
		g.add("Role", ns, role, w)
		rb := g.unique("RoleBinding", ns, "developers")
		w = &yw{}
		w.l(0, "apiVersion: rbac.authorization.k8s.io/v1")
		w.l(0, "kind: RoleBinding")
		g.meta(w, "RoleBinding", ns, rb, nil)
		w.l(0, "roleRef:")
		w.l(2, "apiGroup: rbac.authorization.k8s.io")
		w.l(2, "kind: Role")
		w.l(2, "name: %s", role)
		w.l(0, "subjects:")
		w.l(2, "- kind: Group")
		w.l(4, "apiGroup: rbac.authorization.k8s.io")
		w.l(4, "name: team-%s", strings.SplitN(ns, "-", 2)[0])
		g.add("RoleBinding", ns, rb, w)
	}
}

// clusterRBAC writes an operator-style ClusterRole and its binding.
func (g *manifestGen) clusterRBAC() {
	ns := g.nss[g.r.IntN(len(g.nss))]
	name := g.unique("ClusterRole", "", pick(g.r, "cert-manager", "external-dns", "argo-rollouts", "metrics-reader", "velero", "cluster-autoscaler", "node-problem-detector", "ci-deployer", "kube-state-metrics"))
	w := &yw{}
	w.l(0, "apiVersion: rbac.authorization.k8s.io/v1")
	w.l(0, "kind: ClusterRole")
	g.meta(w, "ClusterRole", "", name, map[string]string{"app.kubernetes.io/name": name})
	w.l(0, "rules:")
	switch g.r.IntN(4) {
	case 0:
		w.l(2, "- apiGroups: [\"*\"]")
		w.l(4, "resources: [\"*\"]")
		w.l(4, "verbs: [\"*\"]")
	case 1:
		w.l(2, "- apiGroups: [\"\"]")
		w.l(4, "resources: [\"secrets\"]")
		w.l(4, "verbs: [\"get\", \"list\", \"watch\", \"create\", \"update\"]")
		fallthrough
	default:
		w.l(2, "- apiGroups: [\"\"]")
		w.l(4, "resources: [\"nodes\", \"pods\", \"services\", \"endpoints\"]")
		w.l(4, "verbs: [\"get\", \"list\", \"watch\"]")
		w.l(2, "- apiGroups: [\"apps\"]")
		w.l(4, "resources: [\"deployments\", \"replicasets\"]")
		w.l(4, "verbs: [\"get\", \"list\", \"watch\", \"patch\"]")
	}
	g.add("ClusterRole", "", name, w)
	crb := g.unique("ClusterRoleBinding", "", name)
	w = &yw{}
	w.l(0, "apiVersion: rbac.authorization.k8s.io/v1")
	w.l(0, "kind: ClusterRoleBinding")
	g.meta(w, "ClusterRoleBinding", "", crb, nil)
	w.l(0, "roleRef:")
	w.l(2, "apiGroup: rbac.authorization.k8s.io")
	w.l(2, "kind: ClusterRole")
	if g.pct(15) {
		w.l(2, "name: cluster-admin")
	} else {
		w.l(2, "name: %s", name)
	}
	w.l(0, "subjects:")
	w.l(2, "- kind: ServiceAccount")
	w.l(4, "name: %s", name)
	w.l(4, "namespace: %s", ns)
	g.add("ClusterRoleBinding", "", crb, w)
}

type appSpec struct {
	ns, name, team, kind string
	image                string
	prof                 secProfile
	port                 int
	sa                   string
	configMap            string
	service              string
}

func (g *manifestGen) image(name string) string {
	if g.pct(18) {
		return pick(g.r, thirdParty...)
	}
	repo := fmt.Sprintf(pick(g.r, registries...), name)
	switch n := g.r.IntN(100); {
	case n < 8:
		return repo + ":latest"
	case n < 11:
		return repo
	case n < 22:
		return repo + "@sha256:" + g.hexs(64)
	case n < 30:
		return fmt.Sprintf("%s:main-%s", repo, g.hexs(7))
	}
	return fmt.Sprintf("%s:%d.%d.%d", repo, 1+g.r.IntN(4), g.r.IntN(30), g.r.IntN(12))
}

// app writes a workload and the objects that usually come with it.
func (g *manifestGen) app(ns string) {
	team := strings.SplitN(ns, "-", 2)[0]
	a := &appSpec{ns: ns, team: team}
	switch n := g.r.IntN(100); {
	case n < 62:
		a.kind = "Deployment"
	case n < 72:
		a.kind = "StatefulSet"
	case n < 77:
		a.kind = "DaemonSet"
	case n < 90:
		a.kind = "CronJob"
	default:
		a.kind = "Job"
	}
	word := pick(g.r, appWords...)
	switch a.kind {
	case "StatefulSet":
		word = pick(g.r, "db", "redis", "kafka", "zookeeper", "elasticsearch", "etcd", "rabbitmq", "postgres")
	case "DaemonSet":
		word = pick(g.r, "node-agent", "log-shipper", "node-exporter", "csi-node", "falco", "dns-cache")
	case "CronJob", "Job":
		word = pick(g.r, "backup", "cleanup", "report", "migrate", "reindex", "sync", "rotate-keys", "export")
	}
	a.name = g.unique("app", ns, team+"-"+word)
	a.image = g.image(team + "-" + word)
	a.prof = g.profile(a.kind)
	a.port = pick(g.r, 8080, 8080, 8080, 3000, 9090, 8000, 5000, 80, 443, 6379, 5432)
	batch := a.kind == "CronJob" || a.kind == "Job"

	if !batch && g.pct(80) || batch && g.pct(50) {
		a.sa = g.unique("ServiceAccount", ns, a.name)
		w := &yw{}
		w.l(0, "apiVersion: v1")
		w.l(0, "kind: ServiceAccount")
		g.meta(w, "ServiceAccount", ns, a.sa, appLabels(a.name, team))
		if g.pct(20) {
			w.l(2, "annotations:")
			w.l(4, "eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/%s", a.sa)
		}
		if a.prof == secHardened || g.pct(20) {
			w.l(0, "automountServiceAccountToken: false")
		}
		g.add("ServiceAccount", ns, a.sa, w)
	}
	if g.pct(70) {
		a.configMap = g.unique("ConfigMap", ns, a.name+"-config")
		w := &yw{}
		w.l(0, "apiVersion: v1")
		w.l(0, "kind: ConfigMap")
		g.meta(w, "ConfigMap", ns, a.configMap, appLabels(a.name, team))
		w.l(0, "data:")
		w.l(2, "LOG_LEVEL: %s", pick(g.r, "info", "debug", "warn"))
		w.l(2, "HTTP_PORT: \"%d\"", a.port)
		w.l(2, "UPSTREAM_URL: http://%s-api.%s.svc.cluster.local:8080", team, ns)
		if g.pct(5) {
			w.l(2, "DATABASE_URL: postgres://%s:%s@db.%s.svc:5432/%s", team, g.alnum(16), ns, team)
		}
		if g.pct(40) {
			w.l(2, "config.yaml: |")
			w.l(4, "server:")
			w.l(6, "port: %d", a.port)
			w.l(6, "readTimeout: 30s")
			w.l(4, "features:")
			for i := 0; i < 1+g.r.IntN(6); i++ {
				w.l(6, "flag%d: %v", i, g.pct(50))
			}
		}
		g.add("ConfigMap", ns, a.configMap, w)
	}
	if g.pct(4) {
		name := g.unique("Secret", ns, a.name+"-credentials")
		w := &yw{}
		w.l(0, "apiVersion: v1")
		w.l(0, "kind: Secret")
		g.meta(w, "Secret", ns, name, nil)
		w.l(0, "type: Opaque")
		w.l(0, "stringData:")
		w.l(2, "username: %s", team)
		w.l(2, "password: %s", g.alnum(24))
		g.add("Secret", ns, name, w)
	}
	g.workload(a)
	if !batch && g.pct(90) {
		g.service(a)
	}
	if a.kind == "Deployment" && a.service != "" && g.pct(35) {
		g.ingress(a)
	}
	if a.kind == "Deployment" && g.pct(35) {
		name := g.unique("HorizontalPodAutoscaler", ns, a.name)
		w := &yw{}
		w.l(0, "apiVersion: autoscaling/v2")
		w.l(0, "kind: HorizontalPodAutoscaler")
		g.meta(w, "HorizontalPodAutoscaler", ns, name, appLabels(a.name, team))
		w.l(0, "spec:")
		w.l(2, "scaleTargetRef:")
		w.l(4, "apiVersion: apps/v1")
		w.l(4, "kind: Deployment")
		w.l(4, "name: %s", a.name)
		w.l(2, "minReplicas: %d", 2+g.r.IntN(2))
		w.l(2, "maxReplicas: %d", 5+g.r.IntN(20))
		w.l(2, "metrics:")
		w.l(4, "- type: Resource")
		w.l(6, "resource:")
		w.l(8, "name: cpu")
		w.l(8, "target:")
		w.l(10, "type: Utilization")
		w.l(10, "averageUtilization: %d", pick(g.r, 60, 70, 75, 80))
		g.add("HorizontalPodAutoscaler", ns, name, w)
	}
	if (a.kind == "Deployment" || a.kind == "StatefulSet") && g.pct(40) {
		name := g.unique("PodDisruptionBudget", ns, a.name)
		w := &yw{}
		w.l(0, "apiVersion: policy/v1")
		w.l(0, "kind: PodDisruptionBudget")
		g.meta(w, "PodDisruptionBudget", ns, name, appLabels(a.name, team))
		w.l(0, "spec:")
		if g.pct(50) {
			w.l(2, "minAvailable: %d", 1+g.r.IntN(2))
		} else {
			w.l(2, "maxUnavailable: %s", pick(g.r, "1", "25%"))
		}
		w.l(2, "selector:")
		w.l(4, "matchLabels:")
		w.l(6, "app.kubernetes.io/name: %s", a.name)
		g.add("PodDisruptionBudget", ns, name, w)
	}
	if !batch && g.pct(40) {
		name := g.unique("NetworkPolicy", ns, a.name)
		w := &yw{}
		w.l(0, "apiVersion: networking.k8s.io/v1")
		w.l(0, "kind: NetworkPolicy")
		g.meta(w, "NetworkPolicy", ns, name, nil)
		w.l(0, "spec:")
		w.l(2, "podSelector:")
		w.l(4, "matchLabels:")
		w.l(6, "app.kubernetes.io/name: %s", a.name)
		w.l(2, "policyTypes: [Ingress]")
		w.l(2, "ingress:")
		if g.pct(10) {
			w.l(4, "- {}")
		} else {
			w.l(4, "- from:")
			w.l(8, "- namespaceSelector:")
			w.l(12, "matchLabels:")
			w.l(14, "kubernetes.io/metadata.name: %s", pick(g.r, "ingress-nginx", ns, "monitoring"))
			if g.pct(30) {
				w.l(8, "- ipBlock:")
				w.l(12, "cidr: 10.%d.0.0/16", g.r.IntN(255))
			}
			w.l(6, "ports:")
			w.l(8, "- protocol: TCP")
			w.l(10, "port: %d", a.port)
		}
		g.add("NetworkPolicy", ns, name, w)
	}
	if a.sa != "" && g.pct(20) {
		role := g.unique("Role", ns, a.name)
		w := &yw{}
		w.l(0, "apiVersion: rbac.authorization.k8s.io/v1")
		w.l(0, "kind: Role")
		g.meta(w, "Role", ns, role, appLabels(a.name, team))
		w.l(0, "rules:")
		switch g.r.IntN(6) {
		case 0:
			w.l(2, "- apiGroups: [\"\"]")
			w.l(4, "resources: [\"secrets\"]")
			w.l(4, "verbs: [\"get\", \"list\", \"watch\"]")
		case 1:
			w.l(2, "- apiGroups: [\"*\"]")
			w.l(4, "resources: [\"*\"]")
			w.l(4, "verbs: [\"*\"]")
		default:
			w.l(2, "- apiGroups: [\"\"]")
			w.l(4, "resources: [\"configmaps\"]")
			w.l(4, "resourceNames: [\"%s-leader\"]", a.name)
			w.l(4, "verbs: [\"get\", \"update\"]")
			w.l(2, "- apiGroups: [\"coordination.k8s.io\"]")
			w.l(4, "resources: [\"leases\"]")
			w.l(4, "verbs: [\"get\", \"create\", \"update\"]")
		}
		g.add("Role", ns, role, w)
		rb := g.unique("RoleBinding", ns, a.name)
		w = &yw{}
		w.l(0, "apiVersion: rbac.authorization.k8s.io/v1")
		w.l(0, "kind: RoleBinding")
		g.meta(w, "RoleBinding", ns, rb, appLabels(a.name, team))
		w.l(0, "roleRef:")
		w.l(2, "apiGroup: rbac.authorization.k8s.io")
		w.l(2, "kind: Role")
		w.l(2, "name: %s", role)
		w.l(0, "subjects:")
		w.l(2, "- kind: ServiceAccount")
		w.l(4, "name: %s", a.sa)
		w.l(4, "namespace: %s", ns)
		g.add("RoleBinding", ns, rb, w)
	}
}

func (g *manifestGen) workload(a *appSpec) {
	w := &yw{}
	labels := appLabels(a.name, a.team)
	switch a.kind {
	case "CronJob":
		if g.pct(3) {
			w.l(0, "apiVersion: batch/v1beta1")
		} else {
			w.l(0, "apiVersion: batch/v1")
		}
	case "Job":
		w.l(0, "apiVersion: batch/v1")
	default:
		w.l(0, "apiVersion: apps/v1")
	}
	w.l(0, "kind: %s", a.kind)
	g.meta(w, a.kind, a.ns, a.name, labels)
	if g.pct(25) {
		w.l(2, "annotations:")
		w.l(4, "reloader.stakater.com/auto: \"true\"")
	}
	w.l(0, "spec:")
	podInd := 4 // indentation of the pod template's keys
	switch a.kind {
	case "Deployment", "StatefulSet":
		if a.kind == "StatefulSet" {
			w.l(2, "serviceName: %s-headless", a.name)
		}
		w.l(2, "replicas: %d", pick(g.r, 1, 2, 2, 3, 3, 5))
		w.l(2, "revisionHistoryLimit: %d", pick(g.r, 3, 5, 10))
		if a.kind == "Deployment" && g.pct(60) {
			w.l(2, "strategy:")
			w.l(4, "type: RollingUpdate")
			w.l(4, "rollingUpdate:")
			w.l(6, "maxSurge: 25%%")
			w.l(6, "maxUnavailable: 0")
		}
		fallthrough
	case "DaemonSet":
		w.l(2, "selector:")
		w.l(4, "matchLabels:")
		w.l(6, "app.kubernetes.io/name: %s", a.name)
		w.l(2, "template:")
	case "CronJob":
		w.l(2, "schedule: \"%d %d * * *\"", g.r.IntN(60), g.r.IntN(24))
		w.l(2, "concurrencyPolicy: Forbid")
		w.l(2, "successfulJobsHistoryLimit: 3")
		w.l(2, "failedJobsHistoryLimit: 1")
		w.l(2, "jobTemplate:")
		w.l(4, "spec:")
		w.l(6, "backoffLimit: %d", g.r.IntN(6))
		w.l(6, "template:")
		podInd = 8
	case "Job":
		w.l(2, "backoffLimit: %d", g.r.IntN(6))
		w.l(2, "ttlSecondsAfterFinished: 3600")
		w.l(2, "template:")
	}
	w.l(podInd, "metadata:")
	w.l(podInd+2, "labels:")
	writeMap(w, podInd+4, map[string]string{"app.kubernetes.io/name": a.name, "app.kubernetes.io/part-of": a.team})
	if g.pct(40) {
		w.l(podInd+2, "annotations:")
		w.l(podInd+4, "prometheus.io/scrape: \"true\"")
		w.l(podInd+4, "prometheus.io/port: \"%d\"", a.port)
		if a.prof == secHardened && g.pct(30) {
			w.l(podInd+4, "container.apparmor.security.beta.kubernetes.io/app: runtime/default")
		}
	}
	w.l(podInd, "spec:")
	g.podSpec(w, podInd+2, a)
	if a.kind == "StatefulSet" {
		w.l(2, "volumeClaimTemplates:")
		w.l(4, "- metadata:")
		w.l(8, "name: data")
		w.l(6, "spec:")
		w.l(8, "accessModes: [\"ReadWriteOnce\"]")
		w.l(8, "storageClassName: %s", pick(g.r, "gp3", "standard", "premium-rwo"))
		w.l(8, "resources:")
		w.l(10, "requests:")
		w.l(12, "storage: %dGi", pick(g.r, 10, 20, 50, 100))
	}
	g.add(a.kind, a.ns, a.name, w)
}

// podSpec writes the keys of a pod spec at indentation ind.
// podVolume is a volume of a pod and where the main container mounts it.
type podVolume struct{ name, mount string }

func (g *manifestGen) podSpec(w *yw, ind int, a *appSpec) {
	batch := a.kind == "CronJob" || a.kind == "Job"
	if batch {
		w.l(ind, "restartPolicy: %s", pick(g.r, "OnFailure", "Never"))
	}
	if a.sa != "" {
		w.l(ind, "serviceAccountName: %s", a.sa)
	}
	if a.prof == secHardened {
		w.l(ind, "automountServiceAccountToken: false")
	}
	if a.kind == "DaemonSet" && a.prof == secRisky {
		if g.pct(60) {
			w.l(ind, "hostNetwork: true")
			w.l(ind, "dnsPolicy: ClusterFirstWithHostNet")
		}
		if g.pct(40) {
			w.l(ind, "hostPID: true")
		}
	} else if a.prof == secRisky && g.pct(15) {
		w.l(ind, "hostIPC: true")
	}
	if g.pct(20) {
		w.l(ind, "imagePullSecrets:")
		w.l(ind+2, "- name: regcred")
	}
	if g.pct(15) {
		w.l(ind, "priorityClassName: %s", pick(g.r, "high-priority", "system-node-critical", "batch-low"))
	}
	if !batch && g.pct(80) {
		w.l(ind, "terminationGracePeriodSeconds: %d", pick(g.r, 30, 30, 60, 120))
	}
	switch a.prof {
	case secHardened:
		w.l(ind, "securityContext:")
		w.l(ind+2, "runAsNonRoot: true")
		w.l(ind+2, "runAsUser: %d", pick(g.r, 10001, 65532, 1000))
		w.l(ind+2, "runAsGroup: %d", pick(g.r, 10001, 65532, 1000))
		w.l(ind+2, "fsGroup: %d", pick(g.r, 10001, 65532, 1000))
		w.l(ind+2, "seccompProfile:")
		w.l(ind+4, "type: RuntimeDefault")
	case secPartial:
		if g.pct(60) {
			w.l(ind, "securityContext:")
			w.l(ind+2, "fsGroup: 2000")
			if g.pct(50) {
				w.l(ind+2, "runAsNonRoot: true")
			}
		}
	case secRisky:
		if g.pct(50) {
			w.l(ind, "securityContext:")
			w.l(ind+2, "runAsUser: 0")
		}
	}
	if g.pct(25) {
		w.l(ind, "nodeSelector:")
		w.l(ind+2, "kubernetes.io/os: linux")
		if g.pct(50) {
			w.l(ind+2, "node.kubernetes.io/instance-type: %s", pick(g.r, "m5.xlarge", "c6i.2xlarge", "n2-standard-4"))
		}
	}
	if a.kind == "DaemonSet" || g.pct(10) {
		w.l(ind, "tolerations:")
		w.l(ind+2, "- operator: Exists")
		w.l(ind+4, "effect: NoSchedule")
	}
	if !batch && a.kind != "DaemonSet" && g.pct(30) {
		w.l(ind, "affinity:")
		w.l(ind+2, "podAntiAffinity:")
		w.l(ind+4, "preferredDuringSchedulingIgnoredDuringExecution:")
		w.l(ind+6, "- weight: 100")
		w.l(ind+8, "podAffinityTerm:")
		w.l(ind+10, "topologyKey: kubernetes.io/hostname")
		w.l(ind+10, "labelSelector:")
		w.l(ind+12, "matchLabels:")
		w.l(ind+14, "app.kubernetes.io/name: %s", a.name)
	}

	// Volumes first (the containers mount them).
	type vol = podVolume
	var vols []vol
	var vw yw
	if a.configMap != "" && g.pct(60) {
		vols = append(vols, vol{"config", "/etc/" + a.name})
		vw.l(ind+2, "- name: config")
		vw.l(ind+4, "configMap:")
		vw.l(ind+6, "name: %s", a.configMap)
	}
	if a.prof == secHardened || g.pct(30) {
		vols = append(vols, vol{"tmp", "/tmp"})
		vw.l(ind+2, "- name: tmp")
		if g.pct(50) {
			vw.l(ind+4, "emptyDir:")
			vw.l(ind+6, "sizeLimit: %dMi", pick(g.r, 64, 128, 512))
		} else {
			vw.l(ind+4, "emptyDir: {}")
		}
	}
	if a.kind == "DaemonSet" || a.prof == secRisky && g.pct(40) || g.pct(3) {
		p := pick(g.r, "/var/log", "/var/lib/docker/containers", "/proc", "/sys", "/var/run/docker.sock", "/etc/kubernetes", "/")
		vols = append(vols, vol{"host", "/host" + strings.TrimSuffix(p, "/")})
		vw.l(ind+2, "- name: host")
		vw.l(ind+4, "hostPath:")
		vw.l(ind+6, "path: %s", p)
		if g.pct(50) {
			vw.l(ind+6, "type: %s", pick(g.r, "Directory", "DirectoryOrCreate", "Socket"))
		}
	}
	if g.pct(15) {
		vols = append(vols, vol{"tls", "/etc/tls"})
		vw.l(ind+2, "- name: tls")
		vw.l(ind+4, "secret:")
		vw.l(ind+6, "secretName: %s-tls", a.name)
		vw.l(ind+6, "defaultMode: 0400")
	}
	if a.kind == "StatefulSet" {
		vols = append(vols, vol{"data", "/var/lib/" + a.name})
	}

	if g.pct(15) {
		w.l(ind, "initContainers:")
		w.l(ind+2, "- name: init")
		w.l(ind+4, "image: %s", pick(g.r, "busybox:1.36", "alpine:3.19", a.image))
		w.l(ind+4, "command: [\"sh\", \"-c\", \"until nc -z db 5432; do sleep 2; done\"]")
		if a.prof == secHardened {
			g.containerSecurity(w, ind+4, a.prof)
		}
	}
	w.l(ind, "containers:")
	n := 1
	if r := g.r.IntN(100); r < 22 {
		n = 2
	} else if r < 28 {
		n = 3
	}
	for c := 0; c < n; c++ {
		name, image := "app", a.image
		if c > 0 {
			name = pick(g.r, "envoy", "log-forwarder", "metrics", "cloud-sql-proxy", "vault-agent", "oauth2-proxy")
			image = pick(g.r, "envoyproxy/envoy:v1.28.0", "fluent/fluent-bit:2.2.0", "prom/statsd-exporter:v0.26.0",
				"gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.8.1", "hashicorp/vault:1.15", "quay.io/oauth2-proxy/oauth2-proxy:latest")
			name = fmt.Sprintf("%s-%d", name, c)
		}
		g.container(w, ind+2, a, name, image, c == 0, vols)
	}
	if vw.b.Len() > 0 {
		w.l(ind, "volumes:")
		w.b.WriteString(vw.b.String())
	}
}

func (g *manifestGen) container(w *yw, ind int, a *appSpec, name, image string, main bool, vols []podVolume) {
	batch := a.kind == "CronJob" || a.kind == "Job"
	w.l(ind, "- name: %s", name)
	w.l(ind+2, "image: %s", image)
	if g.pct(60) {
		w.l(ind+2, "imagePullPolicy: %s", pick(g.r, "IfNotPresent", "IfNotPresent", "Always"))
	}
	if batch && main {
		w.l(ind+2, "command: [\"/bin/%s\"]", a.name)
		w.l(ind+2, "args:")
		w.l(ind+4, "- --namespace=%s", a.ns)
		w.l(ind+4, "- --dry-run=false")
	} else if g.pct(30) {
		w.l(ind+2, "args: [\"--port=%d\", \"--log-format=json\"]", a.port)
	}
	if main && !batch {
		w.l(ind+2, "ports:")
		w.l(ind+4, "- name: http")
		w.l(ind+6, "containerPort: %d", a.port)
		w.l(ind+6, "protocol: TCP")
		if a.kind == "DaemonSet" && g.pct(50) {
			w.l(ind+6, "hostPort: %d", a.port)
		}
		if g.pct(30) {
			w.l(ind+4, "- name: metrics")
			w.l(ind+6, "containerPort: 9102")
		}
	}
	if main || g.pct(30) {
		w.l(ind+2, "env:")
		w.l(ind+4, "- name: POD_NAME")
		w.l(ind+6, "valueFrom:")
		w.l(ind+8, "fieldRef:")
		w.l(ind+10, "fieldPath: metadata.name")
		w.l(ind+4, "- name: ENVIRONMENT")
		w.l(ind+6, "value: %s", pick(g.r, "production", "staging", "development"))
		if g.pct(45) {
			w.l(ind+4, "- name: DB_PASSWORD")
			w.l(ind+6, "valueFrom:")
			w.l(ind+8, "secretKeyRef:")
			w.l(ind+10, "name: %s-db", a.name)
			w.l(ind+10, "key: password")
		}
		if g.pct(20) {
			w.l(ind+4, "- name: REDIS_HOST")
			w.l(ind+6, "value: redis.%s.svc.cluster.local", a.ns)
		}
		if g.pct(4) {
			switch g.r.IntN(4) {
			case 0:
				w.l(ind+4, "- name: API_TOKEN")
				w.l(ind+6, "value: \"tok_%s\"", g.hexs(32))
			case 1:
				w.l(ind+4, "- name: AWS_SECRET_ACCESS_KEY")
				w.l(ind+6, "value: %s", g.alnum(40))
			case 2:
				w.l(ind+4, "- name: DB_PASSWORD")
				w.l(ind+6, "value: \"%s\"", g.alnum(14))
			default:
				w.l(ind+4, "- name: JWT_SECRET")
				w.l(ind+6, "value: %s", g.alnum(32))
			}
		}
		if main && a.configMap != "" && g.pct(50) {
			w.l(ind+2, "envFrom:")
			w.l(ind+4, "- configMapRef:")
			w.l(ind+8, "name: %s", a.configMap)
		}
	}
	// Resources: most set them, some partly, some not at all.
	switch n := g.r.IntN(100); {
	case n < 55:
		w.l(ind+2, "resources:")
		w.l(ind+4, "requests:")
		w.l(ind+6, "cpu: %s", pick(g.r, "50m", "100m", "250m", "500m", "1"))
		w.l(ind+6, "memory: %s", pick(g.r, "64Mi", "128Mi", "256Mi", "512Mi", "1Gi"))
		w.l(ind+4, "limits:")
		w.l(ind+6, "cpu: %s", pick(g.r, "200m", "500m", "1", "2"))
		w.l(ind+6, "memory: %s", pick(g.r, "128Mi", "256Mi", "512Mi", "1Gi", "2Gi"))
		if g.pct(20) {
			w.l(ind+6, "ephemeral-storage: 1Gi")
		}
	case n < 80:
		w.l(ind+2, "resources:")
		w.l(ind+4, "requests:")
		w.l(ind+6, "cpu: %s", pick(g.r, "100m", "250m"))
		w.l(ind+6, "memory: %s", pick(g.r, "128Mi", "256Mi"))
		if g.pct(50) {
			w.l(ind+4, "limits:")
			w.l(ind+6, "memory: %s", pick(g.r, "256Mi", "512Mi"))
		}
	case n < 90:
		w.l(ind+2, "resources: {}")
	}
	if main && !batch && g.pct(75) {
		for _, probe := range []string{"livenessProbe", "readinessProbe"} {
			w.l(ind+2, "%s:", probe)
			if g.pct(80) {
				w.l(ind+4, "httpGet:")
				w.l(ind+6, "path: %s", pick(g.r, "/healthz", "/readyz", "/health", "/actuator/health"))
				w.l(ind+6, "port: http")
			} else {
				w.l(ind+4, "tcpSocket:")
				w.l(ind+6, "port: %d", a.port)
			}
			w.l(ind+4, "initialDelaySeconds: %d", pick(g.r, 5, 10, 15, 30))
			w.l(ind+4, "periodSeconds: %d", pick(g.r, 10, 15, 20))
			if g.pct(40) {
				w.l(ind+4, "failureThreshold: 3")
			}
		}
		if g.pct(15) {
			w.l(ind+2, "startupProbe:")
			w.l(ind+4, "httpGet: {path: /healthz, port: http}")
			w.l(ind+4, "failureThreshold: 30")
		}
	}
	g.containerSecurity(w, ind+2, a.prof)
	if main && len(vols) > 0 {
		w.l(ind+2, "volumeMounts:")
		for _, v := range vols {
			w.l(ind+4, "- name: %s", v.name)
			w.l(ind+6, "mountPath: %s", v.mount)
			if v.name == "config" || v.name == "tls" || (v.name == "host" && g.pct(50)) {
				w.l(ind+6, "readOnly: true")
			}
		}
	}
}

func (g *manifestGen) containerSecurity(w *yw, ind int, p secProfile) {
	switch p {
	case secHardened:
		w.l(ind, "securityContext:")
		w.l(ind+2, "allowPrivilegeEscalation: false")
		w.l(ind+2, "readOnlyRootFilesystem: true")
		w.l(ind+2, "runAsNonRoot: true")
		if g.pct(50) {
			w.l(ind+2, "runAsUser: 10001")
		}
		w.l(ind+2, "capabilities:")
		w.l(ind+4, "drop: [\"ALL\"]")
		if g.pct(40) {
			w.l(ind+2, "seccompProfile:")
			w.l(ind+4, "type: RuntimeDefault")
		}
	case secPartial:
		w.l(ind, "securityContext:")
		if g.pct(70) {
			w.l(ind+2, "allowPrivilegeEscalation: false")
		}
		if g.pct(40) {
			w.l(ind+2, "readOnlyRootFilesystem: true")
		}
		if g.pct(50) {
			w.l(ind+2, "runAsNonRoot: true")
		} else {
			w.l(ind+2, "runAsUser: %d", pick(g.r, 1000, 1001, 999))
		}
		if g.pct(30) {
			w.l(ind+2, "capabilities:")
			w.l(ind+4, "drop: [\"NET_RAW\"]")
		}
	case secRisky:
		w.l(ind, "securityContext:")
		switch g.r.IntN(4) {
		case 0:
			w.l(ind+2, "privileged: true")
		case 1:
			w.l(ind+2, "capabilities:")
			w.l(ind+4, "add: [\"%s\"]", pick(g.r, "SYS_ADMIN", "NET_ADMIN", "SYS_PTRACE", "NET_RAW"))
		case 2:
			w.l(ind+2, "runAsUser: 0")
			w.l(ind+2, "allowPrivilegeEscalation: true")
		default:
			w.l(ind+2, "privileged: true")
			w.l(ind+2, "runAsUser: 0")
			w.l(ind+2, "capabilities:")
			w.l(ind+4, "add: [\"SYS_ADMIN\", \"NET_ADMIN\"]")
		}
	}
}

func (g *manifestGen) service(a *appSpec) {
	typ := "ClusterIP"
	switch n := g.r.IntN(100); {
	case a.kind == "StatefulSet":
		typ = "headless"
	case n < 10:
		typ = "NodePort"
	case n < 20:
		typ = "LoadBalancer"
	case n < 22:
		typ = "ExternalName"
	}
	name := a.name
	if typ == "headless" {
		name += "-headless"
	}
	a.service = g.unique("Service", a.ns, name)
	w := &yw{}
	w.l(0, "apiVersion: v1")
	w.l(0, "kind: Service")
	g.meta(w, "Service", a.ns, a.service, appLabels(a.name, a.team))
	if typ == "LoadBalancer" {
		w.l(2, "annotations:")
		if g.pct(50) {
			w.l(4, "service.beta.kubernetes.io/aws-load-balancer-type: nlb")
			w.l(4, "service.beta.kubernetes.io/aws-load-balancer-internal: \"%v\"", g.pct(60))
		} else {
			w.l(4, "networking.gke.io/load-balancer-type: Internal")
		}
	}
	w.l(0, "spec:")
	switch typ {
	case "headless":
		w.l(2, "clusterIP: None")
	case "ExternalName":
		w.l(2, "type: ExternalName")
		w.l(2, "externalName: %s.%s.internal.example.com", a.name, a.team)
		g.add("Service", a.ns, a.service, w)
		return
	case "ClusterIP":
		if g.pct(40) {
			w.l(2, "type: ClusterIP")
		}
	default:
		w.l(2, "type: %s", typ)
		if typ == "LoadBalancer" && g.pct(40) {
			w.l(2, "loadBalancerSourceRanges:")
			w.l(4, "- 10.0.0.0/8")
		}
		if g.pct(30) {
			w.l(2, "externalTrafficPolicy: Local")
		}
	}
	w.l(2, "selector:")
	w.l(4, "app.kubernetes.io/name: %s", a.name)
	w.l(2, "ports:")
	w.l(4, "- name: http")
	w.l(6, "port: %d", pick(g.r, 80, 8080, a.port))
	w.l(6, "targetPort: http")
	w.l(6, "protocol: TCP")
	if typ == "NodePort" && g.pct(50) {
		w.l(6, "nodePort: %d", 30000+g.r.IntN(2768))
	}
	g.add("Service", a.ns, a.service, w)
}

func (g *manifestGen) ingress(a *appSpec) {
	name := g.unique("Ingress", a.ns, a.name)
	host := fmt.Sprintf("%s.%s.example.com", strings.TrimPrefix(a.name, a.team+"-"), a.team)
	w := &yw{}
	w.l(0, "apiVersion: networking.k8s.io/v1")
	w.l(0, "kind: Ingress")
	g.meta(w, "Ingress", a.ns, name, appLabels(a.name, a.team))
	w.l(2, "annotations:")
	tls := g.pct(60)
	if tls {
		w.l(4, "cert-manager.io/cluster-issuer: letsencrypt-prod")
	}
	w.l(4, "nginx.ingress.kubernetes.io/proxy-body-size: %s", pick(g.r, "1m", "10m", "50m"))
	if g.pct(4) {
		w.l(4, "nginx.ingress.kubernetes.io/configuration-snippet: |")
		w.l(6, "more_set_headers \"X-Frame-Options: DENY\";")
	}
	if g.pct(20) {
		w.l(4, "nginx.ingress.kubernetes.io/ssl-redirect: \"%v\"", tls)
	}
	w.l(0, "spec:")
	w.l(2, "ingressClassName: %s", pick(g.r, "nginx", "nginx", "internal", "alb"))
	if tls {
		w.l(2, "tls:")
		w.l(4, "- hosts:")
		w.l(8, "- %s", host)
		w.l(6, "secretName: %s-tls", a.name)
	}
	w.l(2, "rules:")
	w.l(4, "- host: %s", host)
	w.l(6, "http:")
	w.l(8, "paths:")
	for _, p := range []string{"/", "/api"}[:1+g.r.IntN(2)] {
		w.l(10, "- path: %s", p)
		w.l(12, "pathType: Prefix")
		w.l(12, "backend:")
		w.l(14, "service:")
		w.l(16, "name: %s", a.service)
		w.l(16, "port:")
		w.l(18, "name: http")
	}
	g.add("Ingress", a.ns, name, w)
}

// --- Helm charts -----------------------------------------------------------

var chartGroups = []string{"platform", "apps", "data", "observability", "edge"}

// genCharts writes corpusCharts charts shaped like `helm create` output, as
// real repositories have them, each with its own values.
func genCharts(r *rand.Rand) []corpusFile {
	g := &manifestGen{r: r, names: map[string]bool{}}
	var out []corpusFile
	for i := 0; i < corpusCharts; i++ {
		name := g.unique("chart", "", pick(r, teams...)+"-"+pick(r, appWords...))
		dir := fmt.Sprintf("charts/%s/%s/", chartGroups[i%len(chartGroups)], name)
		add := func(p, s string) {
			out = append(out, corpusFile{dir + p, []byte(strings.ReplaceAll(s, "CHART", name))})
		}
		add("Chart.yaml", fmt.Sprintf("apiVersion: v2\nname: CHART\ndescription: A Helm chart for the CHART service\ntype: application\nversion: 0.%d.%d\nappVersion: \"%d.%d.%d\"\nmaintainers:\n  - name: team-%s\n", r.IntN(20), r.IntN(10), 1+r.IntN(3), r.IntN(20), r.IntN(10), strings.SplitN(name, "-", 2)[0]))
		add(".helmignore", ".git/\n*.swp\n*.bak\n*.tmp\n.vscode/\n")
		add("values.yaml", g.chartValues(name))
		add("templates/_helpers.tpl", helpersTpl)
		add("templates/deployment.yaml", deploymentTpl)
		add("templates/service.yaml", serviceTpl)
		add("templates/ingress.yaml", ingressTpl)
		add("templates/serviceaccount.yaml", serviceAccountTpl)
		add("templates/configmap.yaml", configMapTpl)
		if i%2 == 0 {
			add("templates/hpa.yaml", hpaTpl)
		}
		add("templates/NOTES.txt", notesTpl)
	}
	return out
}

func (g *manifestGen) chartValues(name string) string {
	w := &yw{}
	w.l(0, "# Default values for %s.", name)
	w.l(0, "replicaCount: %d", pick(g.r, 1, 2, 3))
	w.l(0, "")
	w.l(0, "image:")
	w.l(2, "repository: %s", fmt.Sprintf(pick(g.r, registries...), name))
	w.l(2, "pullPolicy: %s", pick(g.r, "IfNotPresent", "Always"))
	w.l(2, "# Overrides the image tag whose default is the chart appVersion.")
	w.l(2, "tag: %q", pick(g.r, "", "", "latest", "2.4.1", "main"))
	w.l(0, "")
	w.l(0, "imagePullSecrets: []")
	w.l(0, "nameOverride: \"\"")
	w.l(0, "fullnameOverride: \"\"")
	w.l(0, "")
	w.l(0, "serviceAccount:")
	w.l(2, "create: %v", g.pct(70))
	w.l(2, "automount: %v", g.pct(50))
	w.l(2, "annotations: {}")
	w.l(2, "name: \"\"")
	w.l(0, "")
	w.l(0, "podAnnotations: {}")
	w.l(0, "podLabels: {}")
	w.l(0, "")
	prof := g.profile("Deployment")
	switch prof {
	case secHardened:
		w.l(0, "podSecurityContext:")
		w.l(2, "runAsNonRoot: true")
		w.l(2, "runAsUser: 10001")
		w.l(2, "fsGroup: 10001")
		w.l(2, "seccompProfile:")
		w.l(4, "type: RuntimeDefault")
		w.l(0, "")
		w.l(0, "securityContext:")
		w.l(2, "allowPrivilegeEscalation: false")
		w.l(2, "readOnlyRootFilesystem: true")
		w.l(2, "runAsNonRoot: true")
		w.l(2, "capabilities:")
		w.l(4, "drop:")
		w.l(4, "- ALL")
	case secPartial:
		w.l(0, "podSecurityContext:")
		w.l(2, "fsGroup: 2000")
		w.l(0, "")
		w.l(0, "securityContext:")
		w.l(2, "runAsUser: 1000")
		w.l(2, "allowPrivilegeEscalation: false")
	case secNone:
		w.l(0, "podSecurityContext: {}")
		w.l(0, "  # fsGroup: 2000")
		w.l(0, "")
		w.l(0, "securityContext: {}")
		w.l(0, "  # capabilities:")
		w.l(0, "  #   drop:")
		w.l(0, "  #   - ALL")
		w.l(0, "  # readOnlyRootFilesystem: true")
	default:
		w.l(0, "podSecurityContext: {}")
		w.l(0, "")
		w.l(0, "securityContext:")
		w.l(2, "privileged: true")
		w.l(2, "runAsUser: 0")
	}
	w.l(0, "")
	w.l(0, "service:")
	w.l(2, "type: %s", pick(g.r, "ClusterIP", "ClusterIP", "ClusterIP", "NodePort", "LoadBalancer"))
	w.l(2, "port: %d", pick(g.r, 80, 8080, 3000))
	w.l(0, "")
	w.l(0, "ingress:")
	w.l(2, "enabled: %v", g.pct(60))
	w.l(2, "className: %q", pick(g.r, "", "nginx"))
	w.l(2, "annotations:")
	w.l(4, "nginx.ingress.kubernetes.io/proxy-body-size: 8m")
	w.l(2, "hosts:")
	w.l(4, "- host: %s.example.com", name)
	w.l(6, "paths:")
	w.l(8, "- path: /")
	w.l(10, "pathType: ImplementationSpecific")
	if g.pct(60) {
		w.l(2, "tls:")
		w.l(4, "- secretName: %s-tls", name)
		w.l(6, "hosts:")
		w.l(8, "- %s.example.com", name)
	} else {
		w.l(2, "tls: []")
	}
	w.l(0, "")
	if g.pct(65) {
		w.l(0, "resources:")
		w.l(2, "limits:")
		w.l(4, "cpu: %s", pick(g.r, "500m", "1"))
		w.l(4, "memory: %s", pick(g.r, "256Mi", "512Mi"))
		w.l(2, "requests:")
		w.l(4, "cpu: 100m")
		w.l(4, "memory: 128Mi")
	} else {
		w.l(0, "resources: {}")
	}
	w.l(0, "")
	w.l(0, "livenessProbe:")
	w.l(2, "httpGet:")
	w.l(4, "path: /")
	w.l(4, "port: http")
	w.l(0, "readinessProbe:")
	w.l(2, "httpGet:")
	w.l(4, "path: /")
	w.l(4, "port: http")
	w.l(0, "")
	w.l(0, "autoscaling:")
	w.l(2, "enabled: %v", g.pct(40))
	w.l(2, "minReplicas: 1")
	w.l(2, "maxReplicas: %d", pick(g.r, 5, 10, 100))
	w.l(2, "targetCPUUtilizationPercentage: 80")
	w.l(0, "")
	w.l(0, "env:")
	w.l(2, "LOG_LEVEL: info")
	w.l(2, "METRICS_ENABLED: \"true\"")
	if g.pct(8) {
		w.l(2, "API_KEY: %s", g.alnum(32))
	}
	w.l(0, "")
	w.l(0, "existingSecret: %s", pick(g.r, `""`, name+"-secrets"))
	w.l(0, "")
	w.l(0, "config:")
	w.l(2, "app.properties: |")
	w.l(4, "server.port=8080")
	w.l(4, "cache.ttl=%ds", pick(g.r, 30, 60, 300))
	w.l(2, "feature-flags.json: '{\"newCheckout\": %v}'", g.pct(50))
	w.l(0, "")
	w.l(0, "volumes:")
	w.l(0, "- name: tmp")
	w.l(2, "emptyDir: {}")
	if g.pct(10) {
		w.l(0, "- name: docker-sock")
		w.l(2, "hostPath:")
		w.l(4, "path: /var/run/docker.sock")
	}
	w.l(0, "")
	w.l(0, "volumeMounts:")
	w.l(0, "- name: tmp")
	w.l(2, "mountPath: /tmp")
	w.l(0, "")
	if g.pct(25) {
		w.l(0, "sidecars:")
		w.l(2, "- name: log-forwarder")
		w.l(4, "image: fluent/fluent-bit:2.2.0")
		w.l(4, "resources:")
		w.l(6, "limits: {memory: 64Mi}")
	} else {
		w.l(0, "sidecars: []")
	}
	w.l(0, "")
	w.l(0, "nodeSelector: {}")
	w.l(0, "tolerations: []")
	w.l(0, "affinity: {}")
	return w.b.String()
}

// The templates are those of `helm create` (Helm 3.14), plus a ConfigMap,
// env and sidecars as charts in the wild add them. CHART is the chart name.
const helpersTpl = `{{/*
Expand the name of the chart.
*/}}
{{- define "CHART.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Create a default fully qualified app name.
We truncate at 63 chars because some Kubernetes name fields are limited to this (by the DNS naming spec).
If release name contains chart name it will be used as a full name.
*/}}
{{- define "CHART.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Create chart name and version as used by the chart label.
*/}}
{{- define "CHART.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Common labels
*/}}
{{- define "CHART.labels" -}}
helm.sh/chart: {{ include "CHART.chart" . }}
{{ include "CHART.selectorLabels" . }}
{{- if .Chart.AppVersion }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/*
Selector labels
*/}}
{{- define "CHART.selectorLabels" -}}
app.kubernetes.io/name: {{ include "CHART.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Create the name of the service account to use
*/}}
{{- define "CHART.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "CHART.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}
`

const deploymentTpl = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "CHART.fullname" . }}
  labels:
    {{- include "CHART.labels" . | nindent 4 }}
spec:
  {{- if not .Values.autoscaling.enabled }}
  replicas: {{ .Values.replicaCount }}
  {{- end }}
  selector:
    matchLabels:
      {{- include "CHART.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      annotations:
        checksum/config: {{ include (print $.Template.BasePath "/configmap.yaml") . | sha256sum }}
        {{- with .Values.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      labels:
        {{- include "CHART.labels" . | nindent 8 }}
        {{- with .Values.podLabels }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      {{- with .Values.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      serviceAccountName: {{ include "CHART.serviceAccountName" . }}
      securityContext:
        {{- toYaml .Values.podSecurityContext | nindent 8 }}
      containers:
        - name: {{ .Chart.Name }}
          securityContext:
            {{- toYaml .Values.securityContext | nindent 12 }}
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
          imagePullPolicy: {{ .Values.image.pullPolicy }}
          ports:
            - name: http
              containerPort: {{ .Values.service.port }}
              protocol: TCP
          env:
            {{- range $key, $value := .Values.env }}
            - name: {{ $key }}
              value: {{ $value | quote }}
            {{- end }}
            {{- if .Values.existingSecret }}
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: {{ .Values.existingSecret }}
                  key: db-password
            {{- end }}
          envFrom:
            - configMapRef:
                name: {{ include "CHART.fullname" . }}
          livenessProbe:
            {{- toYaml .Values.livenessProbe | nindent 12 }}
          readinessProbe:
            {{- toYaml .Values.readinessProbe | nindent 12 }}
          resources:
            {{- toYaml .Values.resources | nindent 12 }}
          {{- with .Values.volumeMounts }}
          volumeMounts:
            {{- toYaml . | nindent 12 }}
          {{- end }}
        {{- range .Values.sidecars }}
        - name: {{ .name }}
          image: {{ .image | quote }}
          {{- with .resources }}
          resources:
            {{- toYaml . | nindent 12 }}
          {{- end }}
        {{- end }}
      {{- with .Values.volumes }}
      volumes:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .Values.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .Values.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .Values.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
`

const serviceTpl = `apiVersion: v1
kind: Service
metadata:
  name: {{ include "CHART.fullname" . }}
  labels:
    {{- include "CHART.labels" . | nindent 4 }}
spec:
  type: {{ .Values.service.type }}
  ports:
    - port: {{ .Values.service.port }}
      targetPort: http
      protocol: TCP
      name: http
  selector:
    {{- include "CHART.selectorLabels" . | nindent 4 }}
`

const ingressTpl = `{{- if .Values.ingress.enabled -}}
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: {{ include "CHART.fullname" . }}
  labels:
    {{- include "CHART.labels" . | nindent 4 }}
  {{- with .Values.ingress.annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
spec:
  {{- with .Values.ingress.className }}
  ingressClassName: {{ . }}
  {{- end }}
  {{- if .Values.ingress.tls }}
  tls:
    {{- range .Values.ingress.tls }}
    - hosts:
        {{- range .hosts }}
        - {{ . | quote }}
        {{- end }}
      secretName: {{ .secretName }}
    {{- end }}
  {{- end }}
  rules:
    {{- range .Values.ingress.hosts }}
    - host: {{ .host | quote }}
      http:
        paths:
          {{- range .paths }}
          - path: {{ .path }}
            {{- with .pathType }}
            pathType: {{ . }}
            {{- end }}
            backend:
              service:
                name: {{ include "CHART.fullname" $ }}
                port:
                  number: {{ $.Values.service.port }}
          {{- end }}
    {{- end }}
{{- end }}
`

const serviceAccountTpl = `{{- if .Values.serviceAccount.create -}}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ include "CHART.serviceAccountName" . }}
  labels:
    {{- include "CHART.labels" . | nindent 4 }}
  {{- with .Values.serviceAccount.annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
automountServiceAccountToken: {{ .Values.serviceAccount.automount }}
{{- end }}
`

const configMapTpl = `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "CHART.fullname" . }}
  labels:
    {{- include "CHART.labels" . | nindent 4 }}
data:
  RELEASE_NAMESPACE: {{ .Release.Namespace | quote }}
  {{- range $name, $content := .Values.config }}
  {{ $name }}: |
    {{- $content | nindent 4 }}
  {{- end }}
`

const hpaTpl = `{{- if .Values.autoscaling.enabled }}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "CHART.fullname" . }}
  labels:
    {{- include "CHART.labels" . | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "CHART.fullname" . }}
  minReplicas: {{ .Values.autoscaling.minReplicas }}
  maxReplicas: {{ .Values.autoscaling.maxReplicas }}
  metrics:
    {{- if .Values.autoscaling.targetCPUUtilizationPercentage }}
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ .Values.autoscaling.targetCPUUtilizationPercentage }}
    {{- end }}
{{- end }}
`

const notesTpl = `1. Get the application URL by running these commands:
{{- if .Values.ingress.enabled }}
{{- range $host := .Values.ingress.hosts }}
  http{{ if $.Values.ingress.tls }}s{{ end }}://{{ $host.host }}
{{- end }}
{{- else }}
  kubectl --namespace {{ .Release.Namespace }} port-forward svc/{{ include "CHART.fullname" . }} 8080:{{ .Values.service.port }}
{{- end }}
`
