package scan_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/palisadesec/palisade/pkg/iac"
	"github.com/palisadesec/palisade/pkg/policy"
	"github.com/palisadesec/palisade/pkg/scan"
	"github.com/palisadesec/palisade/rules"
)

// BenchmarkConfigScan loads and scans a small repository-like tree of
// manifests (100 files, 500 objects in 10 namespaces) with the bundled
// rules, as `palisade scan config` does; the rules are compiled once. The
// full-size measurement (1,000 files, 5,000 objects, Helm charts, the
// binary's wall time and peak RSS) is `go run ./hack/bench -only config`.
func BenchmarkConfigScan(b *testing.B) {
	ctx := context.Background()
	eng, err := policy.Load(ctx, []policy.Source{{Name: "rules", FS: rules.FS(), Bundled: true}})
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	const files, perFile = 100, 5
	for i := 0; i < files; i++ {
		p := filepath.Join(dir, fmt.Sprintf("ns-%d", i%10), fmt.Sprintf("app-%03d.yaml", i))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(benchManifest(i)), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	scanner := scan.NewConfigScanner(eng)
	scanOnce := func() (objs, finds int) {
		loaded := iac.Load(ctx, []string{dir})
		results, err := scanner.Scan(ctx, loaded)
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range results {
			if len(r.Errors) > 0 {
				b.Fatalf("%s: %v", r.Target, r.Errors)
			}
			finds += len(r.Findings)
		}
		for _, f := range loaded {
			objs += len(f.Docs)
		}
		return objs, finds
	}
	objs, finds := scanOnce()
	if objs != files*perFile || finds == 0 {
		b.Fatalf("scanned %d objects with %d findings, want %d objects and some findings", objs, finds, files*perFile)
	}
	for b.Loop() {
		scanOnce()
	}
	b.ReportMetric(float64(objs)*float64(b.N)/b.Elapsed().Seconds(), "objects/s")
	b.ReportMetric(float64(finds), "findings/op")
}

// benchManifest is file i of the benchmark tree: an application's
// Deployment with its Service, ConfigMap, ServiceAccount and one more
// object, with security settings that vary from hardened to risky.
func benchManifest(i int) string {
	name, ns := fmt.Sprintf("app-%03d", i), fmt.Sprintf("ns-%d", i%10)
	var pod, ctr string
	switch i % 4 {
	case 0: // hardened
		pod = `
      automountServiceAccountToken: false
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
        fsGroup: 10001
        seccompProfile: {type: RuntimeDefault}`
		ctr = `
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities: {drop: ["ALL"]}`
	case 1: // partial
		ctr = `
          securityContext:
            allowPrivilegeEscalation: false
            runAsUser: 1000`
	case 2: // nothing set
	case 3: // risky
		pod = `
      hostPID: true`
		ctr = `
          securityContext:
            privileged: true
            capabilities: {add: ["SYS_ADMIN"]}`
	}
	image := fmt.Sprintf("registry.example.com/team/%s:1.%d.0", name, i%7)
	if i%9 == 0 {
		image = "nginx:latest"
	}
	env := `
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef: {name: ` + name + `-db, key: password}`
	if i%13 == 0 {
		env += `
            - name: API_TOKEN
              value: "tok_3f9a1c0d5e7b2a4c6e8f0a1b3c5d7e9f"`
	}
	vols := `
        - name: config
          configMap: {name: ` + name + `-config}
        - name: tmp
          emptyDir: {}`
	if i%10 == 3 {
		vols += `
        - name: docker
          hostPath: {path: /var/run/docker.sock}`
	}
	var extra string
	switch i % 5 {
	case 0:
		extra = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: NAME, namespace: NS}
spec:
  ingressClassName: nginx
  rules:
    - host: NAME.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend: {service: {name: NAME, port: {number: 80}}}
`
		if i%10 == 0 {
			extra += "  tls:\n    - hosts: [NAME.example.com]\n      secretName: NAME-tls\n"
		}
	case 1:
		extra = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: NAME, namespace: NS}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: NAME}
  minReplicas: 2
  maxReplicas: 10
  metrics:
    - type: Resource
      resource: {name: cpu, target: {type: Utilization, averageUtilization: 75}}
`
	case 2:
		extra = `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: NAME, namespace: NS}
spec:
  minAvailable: 1
  selector: {matchLabels: {app: NAME}}
`
	case 3:
		extra = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: NAME, namespace: NS}
spec:
  podSelector: {matchLabels: {app: NAME}}
  policyTypes: [Ingress]
  ingress:
    - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress-nginx}}}]
`
	case 4:
		extra = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: NAME, namespace: NS}
rules:
  - apiGroups: [""]
    resources: ["secrets", "configmaps"]
    verbs: ["get", "list", "watch"]
`
	}
	doc := `apiVersion: apps/v1
kind: Deployment
metadata:
  name: NAME
  namespace: NS
  labels: {app: NAME, team: NS}
spec:
  replicas: 2
  selector:
    matchLabels: {app: NAME}
  template:
    metadata:
      labels: {app: NAME}
    spec:
      serviceAccountName: NAME` + pod + `
      containers:
        - name: app
          image: ` + image + `
          ports: [{name: http, containerPort: 8080}]
          env:
            - name: LOG_LEVEL
              value: info` + env + `
          resources:
            requests: {cpu: 100m, memory: 128Mi}
            limits: {cpu: 500m, memory: 256Mi}
          livenessProbe: {httpGet: {path: /healthz, port: http}}
          readinessProbe: {httpGet: {path: /readyz, port: http}}` + ctr + `
          volumeMounts:
            - {name: config, mountPath: /etc/NAME, readOnly: true}
            - {name: tmp, mountPath: /tmp}
        - name: sidecar
          image: envoyproxy/envoy:v1.28.0
      volumes:` + vols + `
---
apiVersion: v1
kind: Service
metadata: {name: NAME, namespace: NS}
spec:
  type: ` + []string{"ClusterIP", "ClusterIP", "NodePort", "LoadBalancer"}[i%4] + `
  selector: {app: NAME}
  ports: [{name: http, port: 80, targetPort: http}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: NAME-config, namespace: NS}
data:
  LOG_LEVEL: info
  UPSTREAM: http://api.NS.svc:8080
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: NAME, namespace: NS}
---
` + extra
	return strings.NewReplacer("NAME", name, "NS", ns).Replace(doc)
}
