package trust

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/palisadesec/palisade/pkg/finding"
	"sigs.k8s.io/yaml"
)

const (
	dA = "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	dB = "sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
	// dAPI is the digest pinned in testdata/policy.yaml.
	dAPI = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
)

func loadPolicy(t *testing.T) *Policy {
	t.Helper()
	p, err := Load(filepath.Join("testdata", "policy.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func loadObjects(t *testing.T, file string) []map[string]any {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", file))
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]any
	for _, doc := range strings.Split(string(data), "\n---\n") {
		var m map[string]any
		if err := yaml.Unmarshal([]byte(doc), &m); err != nil {
			t.Fatal(err)
		}
		out = append(out, m)
	}
	return out
}

func mustParse(t *testing.T, doc string) *Policy {
	t.Helper()
	p, err := Parse([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestParseImage(t *testing.T) {
	tests := []struct{ in, want string }{
		{"nginx", "index.docker.io/library/nginx:latest"},
		{"nginx:1.27", "index.docker.io/library/nginx:1.27"},
		{"library/nginx", "index.docker.io/library/nginx:latest"},
		{"docker.io/nginx", "index.docker.io/library/nginx:latest"},
		{"docker.io/library/nginx:latest", "index.docker.io/library/nginx:latest"},
		{"index.docker.io/library/nginx", "index.docker.io/library/nginx:latest"},
		{"registry-1.docker.io/nginx", "index.docker.io/library/nginx:latest"},
		{"DOCKER.IO/library/nginx", "index.docker.io/library/nginx:latest"},
		{"bitnami/redis:7", "index.docker.io/bitnami/redis:7"},
		{"Registry.Example.com/team/app:V1", "registry.example.com/team/app:V1"},
		{"localhost:5000/app", "localhost:5000/app:latest"},
		{"localhost/app:1", "localhost/app:1"},
		{"  nginx  ", "index.docker.io/library/nginx:latest"},
		{"nginx@" + dA, "index.docker.io/library/nginx@" + dA},
		{"nginx:1.27@" + dA, "index.docker.io/library/nginx:1.27@" + dA},
		{"ghcr.io/acme/api@" + dA, "ghcr.io/acme/api@" + dA},
		{"quay.io/a/b/c/d:x", "quay.io/a/b/c/d:x"},
	}
	for _, tt := range tests {
		img, err := ParseImage(tt.in)
		if err != nil {
			t.Errorf("ParseImage(%q): %v", tt.in, err)
			continue
		}
		if got := img.String(); got != tt.want {
			t.Errorf("ParseImage(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
	for _, bad := range []string{"", "   ", "Nginx", "nginx:", "nginx@sha256:abc", "nginx@@" + dA, "http://nginx", "a b", strings.Repeat("a", 2000)} {
		if img, err := ParseImage(bad); err == nil {
			t.Errorf("ParseImage(%q) = %s, want error", bad, img)
		}
	}
}

func TestParseImageID(t *testing.T) {
	tests := []struct{ in, want string }{
		{"docker-pullable://registry.example.com/app@" + dA, dA},
		{"docker.io/library/nginx@" + dA, dA},
		{dA, dA},
		{"docker://" + dB, dB},
		{"", ""},
		{"sha256:short", ""},
		{"registry.example.com/app:1", ""},
		{"nginx@md5:abcd", ""},
	}
	for _, tt := range tests {
		if got := ParseImageID(tt.in); got != tt.want {
			t.Errorf("ParseImageID(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPatternMatch(t *testing.T) {
	tests := []struct {
		pattern, image, running string
		want                    bool
	}{
		// normalisation: Docker Hub spellings are one registry
		{"nginx", "docker.io/library/nginx:1.0", "", true},
		{"docker.io/library/nginx", "nginx", "", true},
		{"index.docker.io/library/nginx", "nginx:2", "", true},
		{"docker.io/nginx", "library/nginx", "", true},
		{"registry-1.docker.io/library/nginx", "nginx", "", true},
		{"nginx", "bitnami/nginx", "", false},
		{"nginx", "quay.io/library/nginx", "", false},
		{"Registry.Example.com/app", "registry.example.com/app", "", true},
		// * within a segment, ** across
		{"registry.example.com/team/*", "registry.example.com/team/app:1", "", true},
		{"registry.example.com/team/*", "registry.example.com/team/sub/app:1", "", false},
		{"registry.example.com/team/**", "registry.example.com/team/sub/app:1", "", true},
		{"registry.example.com/**", "registry.example.com/x", "", true},
		{"registry.example.com/**", "registry.example.com.evil.io/x", "", false},
		{"*.example.com/team/*", "eu.example.com/team/app", "", true},
		{"*.example.com/team/*", "example.com/team/app", "", false},
		{"{quay.io,ghcr.io}/acme/*", "ghcr.io/acme/api", "", true},
		{"*/app", "quay.io/app", "", true},
		{"*/app", "app", "", false}, // Docker Hub app is library/app
		{"**/app", "app", "", true},
		{"**/app", "quay.io/deep/path/app:1", "", true},
		{"**", "anything.io/x/y/z@" + dA, "", true},
		{"*", "nginx", "", true},
		{"*", "bitnami/nginx", "", false},
		{"bitnami/*", "bitnami/redis", "", true},
		{"team-*/app", "team-a/app", "", true},
		{"docker.io/*/nginx", "bitnami/nginx", "", true},
		{"localhost:5000/*", "localhost:5000/app:1", "", true},
		{"localhost:5000/*", "localhost:5001/app:1", "", false},
		// tags
		{"nginx:1.27*", "nginx:1.27.3", "", true},
		{"nginx:1.27*", "nginx:1.28", "", false},
		{"nginx:1.27*", "nginx", "", false},
		{"nginx:latest", "nginx", "", true},
		{"nginx:{1.26,1.27}.*", "nginx:1.26.0", "", true},
		{"nginx:1.27*", "nginx@" + dA, "", false}, // digest-only reference has no tag
		{"nginx:1.27*", "nginx:1.27.3@" + dA, "", true},
		{"nginx", "nginx@" + dA, "", true},
		// digests
		{"ghcr.io/acme/api@" + dA, "ghcr.io/acme/api@" + dA, "", true},
		{"ghcr.io/acme/api@" + dA, "ghcr.io/acme/api@" + dB, "", false},
		{"ghcr.io/acme/api@" + dA, "ghcr.io/acme/api:v1", "", false},
		{"ghcr.io/acme/api@" + dA, "ghcr.io/acme/api:v1", dA, true},
		{"ghcr.io/acme/api@" + dA, "ghcr.io/acme/api:v1", "docker-pullable://ghcr.io/acme/api@" + dA, true},
		{"ghcr.io/acme/api@" + dA, "ghcr.io/acme/api:v1", dB, false},
		{"ghcr.io/acme/api@" + dA, "ghcr.io/acme/other:v1", dA, false},
		{"ghcr.io/acme/api:v9@" + dA, "ghcr.io/acme/api:v1", dA, true}, // digest decides
		{"ghcr.io/acme/*@" + dA, "ghcr.io/acme/x@" + dA, "", true},
		{"ghcr.io/acme/api", "ghcr.io/acme/api:v1", dB, true},
		// escaped glob characters
		{`registry.example.com/a\*b`, "registry.example.com/ab", "", false},
	}
	for _, tt := range tests {
		pat, err := parsePattern(tt.pattern)
		if err != nil {
			t.Errorf("parsePattern(%q): %v", tt.pattern, err)
			continue
		}
		img, err := ParseImage(tt.image)
		if err != nil {
			t.Errorf("ParseImage(%q): %v", tt.image, err)
			continue
		}
		if got := pat.match(img, ParseImageID(tt.running)); got != tt.want {
			t.Errorf("pattern %q (%s) vs image %s running %q = %v, want %v", tt.pattern, pat.repo, img, tt.running, got, tt.want)
		}
	}
}

func TestCheckScopes(t *testing.T) {
	p := loadPolicy(t)
	tests := []struct {
		name               string
		cluster, ns, image string
		digest             string
		trusted, judged    bool
		rule               string
		effect             Effect
		groups, matched    []string
		reasonContains     string
	}{
		{name: "platform image in prod kube-system", cluster: "prod-eu", ns: "kube-system", image: "registry.example.com/platform/dns:1",
			trusted: true, judged: true, groups: []string{"platform"}, matched: []string{"platform"}},
		{name: "nginx tag glob via docker.io pattern", cluster: "staging", ns: "ingress-nginx", image: "nginx:1.27.2",
			trusted: true, judged: true, groups: []string{"platform"}, matched: []string{"platform"}},
		{name: "nginx wrong tag", cluster: "staging", ns: "ingress-nginx", image: "nginx:1.25",
			judged: true, rule: RuleOutside, effect: EffectBlock, groups: []string{"platform"}, reasonContains: `no trust group for cluster "staging" namespace "ingress-nginx"`},
		{name: "digest pinned by status", cluster: "prod-1", ns: "kube-system", image: "ghcr.io/acme/api:v2", digest: "docker-pullable://ghcr.io/acme/api@" + dAPI,
			trusted: true, judged: true, groups: []string{"platform"}, matched: []string{"platform"}},
		{name: "digest unknown", cluster: "prod-1", ns: "kube-system", image: "ghcr.io/acme/api:v2",
			judged: true, rule: RuleOutside, effect: EffectBlock, groups: []string{"platform"}},
		{name: "unscoped namespace not judged", cluster: "prod-1", ns: "monitoring", image: "evil/miner",
			trusted: true, reasonContains: "no trust group applies"},
		{name: "unscoped cluster not judged", cluster: "qa", ns: "kube-system", image: "evil/miner", trusted: true},
		{name: "empty cluster not judged", cluster: "", ns: "kube-system", image: "evil/miner", trusted: true},
		{name: "apps image in team ns", cluster: "dev", ns: "team-x", image: "registry.example.com/apps/a/b/c:1",
			trusted: true, judged: true, groups: []string{"apps"}, matched: []string{"apps"}},
		{name: "redis any tag", cluster: "dev", ns: "team-x", image: "docker.io/library/redis:7",
			trusted: true, judged: true, groups: []string{"apps"}, matched: []string{"apps"}},
		{name: "platform image in team ns: elsewhere", cluster: "prod-1", ns: "team-a", image: "registry.example.com/platform/dns:1",
			judged: true, rule: RuleElsewhere, effect: EffectAlert, groups: []string{"apps"}, matched: []string{"platform"},
			reasonContains: `is trusted only in clusters [prod-*, staging], namespaces [kube-system, ingress-*] (group "platform"); not in cluster "prod-1" namespace "team-a"`},
		{name: "apps image in dev kube-system: not judged", cluster: "dev", ns: "kube-system", image: "registry.example.com/platform/x", trusted: true},
		{name: "unknown image in team ns", cluster: "prod-1", ns: "team-a", image: "quay.io/evil/miner:1",
			judged: true, rule: RuleOutside, effect: EffectAlert, groups: []string{"apps"}, reasonContains: `groups considered: "apps"`},
		{name: "sandbox trusts everything", cluster: "dev", ns: "sandbox", image: "quay.io/evil/miner:1",
			trusted: true, judged: true, groups: []string{"dev-anything"}, matched: []string{"dev-anything"}},
		{name: "invalid image judged", cluster: "dev", ns: "team-a", image: "Not Valid",
			judged: true, rule: RuleOutside, effect: EffectAlert, groups: []string{"apps"}, reasonContains: "invalid image reference"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := p.Check(tt.cluster, tt.ns, tt.image, tt.digest)
			if v.Trusted != tt.trusted || v.Judged != tt.judged || v.Rule != tt.rule || v.Effect != tt.effect {
				t.Fatalf("got trusted=%v judged=%v rule=%q effect=%q (%s)", v.Trusted, v.Judged, v.Rule, v.Effect, v.Reason)
			}
			if !slices.Equal(v.Groups, tt.groups) || !slices.Equal(v.Matched, tt.matched) {
				t.Errorf("groups=%v matched=%v, want %v %v", v.Groups, v.Matched, tt.groups, tt.matched)
			}
			if !strings.Contains(v.Reason, tt.reasonContains) || strings.Contains(v.Reason, "\n") {
				t.Errorf("reason %q does not contain %q", v.Reason, tt.reasonContains)
			}
		})
	}
}

func TestRequireGroupAndDefaultEffect(t *testing.T) {
	base := `apiVersion: palisade.dev/v1
kind: TrustPolicy
%s
groups:
  - name: web
    images: ["registry.example.com/web/*"]
    clusters: [prod]
    namespaces: [web]
  - name: sys
    images: ["registry.example.com/sys/*"]
    namespaces: [kube-system]
    effect: alert
`
	doc := func(head string) string { return strings.Replace(base, "%s", head, 1) }
	tests := []struct {
		head, cluster, ns, image string
		judged, trusted          bool
		rule                     string
		effect                   Effect
	}{
		// without requireGroup an uncovered namespace is not judged
		{"", "prod", "other", "evil", false, true, "", ""},
		{"requireGroup: true", "prod", "other", "evil", true, false, RuleOutside, EffectAlert},
		{"requireGroup: true\ndefaultEffect: block", "prod", "other", "evil", true, false, RuleOutside, EffectBlock},
		{"requireGroup: true\ndefaultEffect: block", "prod", "other", "registry.example.com/web/app", true, false, RuleElsewhere, EffectBlock},
		// group without effect inherits defaultEffect
		{"defaultEffect: block", "prod", "web", "evil", true, false, RuleOutside, EffectBlock},
		{"", "prod", "web", "evil", true, false, RuleOutside, EffectAlert},
		// group with its own effect keeps it
		{"defaultEffect: block", "dev", "kube-system", "evil", true, false, RuleOutside, EffectAlert},
		// two groups apply: the strictest effect wins
		{"defaultEffect: block", "prod", "kube-system", "evil", true, false, RuleOutside, EffectAlert},
		{"requireGroup: true", "prod", "web", "registry.example.com/web/x:1", true, true, "", ""},
	}
	for i, tt := range tests {
		p := mustParse(t, doc(tt.head))
		v := p.Check(tt.cluster, tt.ns, tt.image, "")
		if v.Judged != tt.judged || v.Trusted != tt.trusted || v.Rule != tt.rule || v.Effect != tt.effect {
			t.Errorf("%d %q %s/%s %s: got judged=%v trusted=%v rule=%q effect=%q (%s)", i, tt.head, tt.cluster, tt.ns, tt.image, v.Judged, v.Trusted, v.Rule, v.Effect, v.Reason)
		}
	}
	// strictest effect among applying groups
	p := mustParse(t, `apiVersion: palisade.dev/v1
kind: TrustPolicy
groups:
  - {name: a, images: [x], effect: alert}
  - {name: b, images: [y], namespaces: [prod], effect: block}
`)
	if v := p.Check("c", "prod", "z", ""); v.Effect != EffectBlock || !slices.Equal(v.Groups, []string{"a", "b"}) {
		t.Errorf("got %+v", v)
	}
	if v := p.Check("c", "dev", "z", ""); v.Effect != EffectAlert {
		t.Errorf("got %+v", v)
	}
	// Verdict.Image is normalised even when the image is not judged
	if v := mustParse(t, "apiVersion: palisade.dev/v1\nkind: TrustPolicy\n").Check("c", "n", "nginx", ""); v.Judged || !v.Trusted || v.Image != "index.docker.io/library/nginx:latest" {
		t.Errorf("got %+v", v)
	}
}

func TestContainerImages(t *testing.T) {
	objs := loadObjects(t, "workloads.yaml")
	type row struct {
		container, field, image, digest, path string
	}
	want := map[string][]row{
		"Pod/web": {
			{"app", "containers", "registry.example.com/apps/web:1.0", "sha256:2222222222222222222222222222222222222222222222222222222222222222", "spec.containers[0].image"},
			{"proxy", "containers", "ghcr.io/acme/api:v2", dAPI, "spec.containers[1].image"},
			{"init", "initContainers", "busybox:1.36", "sha256:1111111111111111111111111111111111111111111111111111111111111111", "spec.initContainers[0].image"},
			{"debug", "ephemeralContainers", "registry.example.com/apps/tools/debug:latest", "", "spec.ephemeralContainers[0].image"},
		},
		"Deployment/api": {
			{"api", "containers", "registry.example.com/apps/api:2.0", "", "spec.template.spec.containers[0].image"},
			{"sidecar", "containers", "nginx:1.27.1", "", "spec.template.spec.containers[1].image"},
		},
		"StatefulSet/db": {
			{"redis", "containers", "redis:7", "", "spec.template.spec.containers[0].image"},
			{"perms", "initContainers", "busybox", "", "spec.template.spec.initContainers[0].image"},
		},
		"DaemonSet/ingress":        {{"controller", "containers", "registry.example.com/platform/ingress:1.9", "", "spec.template.spec.containers[0].image"}},
		"ReplicaSet/rs":            {{"c", "containers", "quay.io/other/thing:1", "", "spec.template.spec.containers[0].image"}},
		"ReplicationController/rc": {{"c", "containers", "registry.example.com/apps/legacy:0.1", "", "spec.template.spec.containers[0].image"}},
		"Job/migrate":              {{"migrate", "containers", "registry.example.com/apps/migrate@sha256:3333333333333333333333333333333333333333333333333333333333333333", "", "spec.template.spec.containers[0].image"}},
		"CronJob/backup": {
			{"backup", "containers", "registry.example.com/platform/backup:3", "", "spec.jobTemplate.spec.template.spec.containers[0].image"},
			{"prep", "initContainers", "alpine:3.20", "", "spec.jobTemplate.spec.template.spec.initContainers[0].image"},
		},
		"PodTemplate/tmpl": {{"t", "containers", "registry.example.com/apps/tmpl:1", "", "template.spec.containers[0].image"}},
		"ConfigMap/cm":     nil,
	}
	for _, obj := range objs {
		r := resourceOf(obj)
		key := r.Kind + "/" + r.Name
		w, ok := want[key]
		if !ok {
			t.Fatalf("unexpected object %s", key)
		}
		delete(want, key)
		var got []row
		for _, ci := range ContainerImages(obj) {
			got = append(got, row{ci.Container, ci.Field, ci.Image, ci.Digest, PathString(ci.Path)})
		}
		if !reflect.DeepEqual(got, w) {
			t.Errorf("%s:\n got %v\nwant %v", key, got, w)
		}
	}
	if len(want) > 0 {
		t.Errorf("objects not seen: %v", want)
	}
	// the path is made of keys and indices
	ci := ContainerImages(objs[1])[1]
	if !reflect.DeepEqual(ci.Path, []any{"spec", "template", "spec", "containers", 1, "image"}) {
		t.Errorf("path %#v", ci.Path)
	}
	// a custom kind with a pod template, and malformed objects
	custom := map[string]any{"kind": "Rollout", "spec": map[string]any{"template": map[string]any{"spec": map[string]any{
		"containers": []any{map[string]any{"name": "a", "image": "x"}, "junk", map[string]any{"name": "noimage"}, map[string]any{"name": "b", "image": 7}},
	}}}}
	if got := ContainerImages(custom); len(got) != 1 || got[0].Image != "x" {
		t.Errorf("custom kind: %+v", got)
	}
	for _, o := range []map[string]any{nil, {}, {"kind": "Pod"}, {"kind": "Pod", "spec": "x"}, {"kind": "Pod", "spec": map[string]any{"containers": "x"}},
		{"kind": "Pod", "spec": map[string]any{"containers": []any{map[string]any{"name": "a", "image": "x"}}}, "status": map[string]any{"containerStatuses": []any{"x", map[string]any{"name": 1}}}}} {
		_ = ContainerImages(o)
	}
}

func TestFindings(t *testing.T) {
	p := loadPolicy(t)
	objs := loadObjects(t, "workloads.yaml")
	// wrap part of them in a List, as kubectl get -o yaml does
	list := map[string]any{"apiVersion": "v1", "kind": "List", "items": []any{objs[4], objs[5]}}
	objs = append(append(objs[:4:4], list), objs[6:]...)
	got := Findings(p, "prod-eu", objs)
	type row struct{ id, sev, res, container, path string }
	var rows []row
	for _, m := range got {
		f := m.Finding()
		if f.Type != finding.TypeTrust || f.Title == "" || f.Remediation == "" || !strings.Contains(f.Message, m.Verdict.Reason) {
			t.Errorf("finding %+v", f)
		}
		rows = append(rows, row{f.ID, f.Severity.String(), f.Resource.Kind + "/" + f.Resource.Namespace + "/" + f.Resource.Name, m.Container, PathString(m.Path)})
	}
	want := []row{
		// team-a: group apps applies (alert); proxy runs the digest that
		// platform pins, but platform does not apply to team-a
		{RuleElsewhere, "MEDIUM", "Pod/team-a/web", "proxy", "spec.containers[1].image"},
		{RuleOutside, "MEDIUM", "Pod/team-a/web", "init", "spec.initContainers[0].image"},
		// team-b: nginx:1.27.1 is trusted by platform, which does not apply here
		{RuleElsewhere, "MEDIUM", "Deployment/team-b/api", "sidecar", "spec.template.spec.containers[1].image"},
		{RuleOutside, "MEDIUM", "StatefulSet/team-b/db", "perms", "spec.template.spec.initContainers[0].image"},
		// team-c: quay.io not trusted
		{RuleOutside, "MEDIUM", "ReplicaSet/team-c/rs", "c", "spec.template.spec.containers[0].image"},
		// kube-system: platform applies (block)
		{RuleOutside, "HIGH", "CronJob/kube-system/backup", "prep", "spec.jobTemplate.spec.template.spec.initContainers[0].image"},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("findings:\n got %v\nwant %v", rows, want)
	}
	// The pod's proxy runs the pinned digest: with the status digest it
	// would be trusted in kube-system.
	v := p.Check("prod-eu", "kube-system", "ghcr.io/acme/api:v2", ContainerImages(objs[0])[1].Digest)
	if !v.Trusted {
		t.Errorf("status digest not used: %+v", v)
	}
	if f := Findings(p, "qa", objs); len(f) != 0 {
		t.Errorf("cluster qa is in no group's scope, want no findings, got %d", len(f))
	}
}

func TestLearnMarshalParse(t *testing.T) {
	objs := loadObjects(t, "workloads.yaml")
	p := Learn("prod-eu", objs)
	data, err := p.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	want := `apiVersion: palisade.dev/v1
kind: TrustPolicy
defaultEffect: alert
groups:
  - name: ghcr.io/acme
    images:
      - ghcr.io/acme/*
    clusters:
      - prod-eu
    namespaces:
      - team-a
    effect: alert
  - name: index.docker.io/library
    images:
      - index.docker.io/library/*
    clusters:
      - prod-eu
    namespaces:
      - kube-system
      - team-a
      - team-b
    effect: alert
  - name: quay.io/other
    images:
      - quay.io/other/*
    clusters:
      - prod-eu
    namespaces:
      - team-c
    effect: alert
  - name: registry.example.com/apps
    images:
      - registry.example.com/apps/*
    clusters:
      - prod-eu
    namespaces:
      - default
      - team-a
      - team-b
      - team-c
    effect: alert
  - name: registry.example.com/apps/tools
    images:
      - registry.example.com/apps/tools/*
    clusters:
      - prod-eu
    namespaces:
      - team-a
    effect: alert
  - name: registry.example.com/platform
    images:
      - registry.example.com/platform/*
    clusters:
      - prod-eu
    namespaces:
      - ingress-nginx
      - kube-system
    effect: alert
`
	if string(data) != want {
		t.Errorf("Marshal:\n%s\nwant:\n%s", data, want)
	}
	q, err := Parse(data)
	if err != nil {
		t.Fatalf("Parse(Marshal(Learn)): %v", err)
	}
	q.compiled, p.compiled = nil, nil
	if !reflect.DeepEqual(p, q) {
		t.Errorf("round trip:\n%+v\n%+v", p, q)
	}
	// everything learned is trusted where it runs, nothing elsewhere
	if f := Findings(q, "prod-eu", objs); len(f) != 0 {
		t.Errorf("learned policy reports %d findings, first %+v", len(f), f[0].Verdict)
	}
	if v := q.Check("prod-eu", "team-c", "registry.example.com/platform/ingress:1.9", ""); v.Rule != RuleElsewhere {
		t.Errorf("got %+v", v)
	}
	// determinism
	again, _ := Learn("prod-eu", objs).Marshal()
	if string(again) != string(data) {
		t.Error("Learn is not deterministic")
	}
	// an empty cluster learns no cluster scope; an empty input no groups
	if g := Learn("", objs).Groups[0]; g.Clusters != nil {
		t.Errorf("clusters %v", g.Clusters)
	}
	empty, _ := Learn("x", nil).Marshal()
	if _, err := Parse(empty); err != nil {
		t.Errorf("empty learned policy: %v\n%s", err, empty)
	}
	// cluster names with glob characters are escaped
	odd := Learn("arn:aws:eks:eu:1:cluster/[prod]", objs[:1])
	if v := odd.Check("arn:aws:eks:eu:1:cluster/[prod]", "team-a", "ghcr.io/acme/api:v2", ""); !v.Trusted || !v.Judged {
		t.Errorf("escaped cluster: %+v", v)
	}
	if v := odd.Check("arn:aws:eks:eu:1:cluster/p", "team-a", "ghcr.io/acme/api:v2", ""); v.Judged {
		t.Errorf("escaped cluster matched as glob: %+v", v)
	}
}

func TestMarshalParseRoundTrip(t *testing.T) {
	p := loadPolicy(t)
	data, err := p.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	q, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	q.compiled, p.compiled = nil, nil
	if !reflect.DeepEqual(p, q) {
		t.Errorf("round trip:\n%+v\n%+v", p, q)
	}
	// a hand-built policy without apiVersion/kind marshals to a valid file
	hand := &Policy{Groups: []Group{{Name: "a", Images: []string{"x"}}}}
	data, err = hand.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Parse(data); err != nil {
		t.Errorf("%v\n%s", err, data)
	}
	if err := hand.Validate(); err == nil {
		t.Error("Validate accepted a policy without apiVersion")
	}
	// Check on an invalid hand-built policy fails closed
	if v := hand.Check("c", "n", "x", ""); v.Trusted || v.Effect != EffectBlock {
		t.Errorf("invalid policy: %+v", v)
	}
	hand.APIVersion, hand.Kind = APIVersion, Kind
	if err := hand.Validate(); err != nil {
		t.Fatal(err)
	}
	if v := hand.Check("c", "n", "x", ""); !v.Trusted {
		t.Errorf("%+v", v)
	}
}

func TestMerge(t *testing.T) {
	objs := loadObjects(t, "workloads.yaml")
	prod := Learn("prod", objs[:2]) // Pod web (team-a), Deployment api (team-b)
	dev := Learn("dev", objs[2:4])  // StatefulSet db (team-b), DaemonSet (ingress-nginx)
	m := Merge(prod, dev)
	byName := map[string]Group{}
	var names []string
	for _, g := range m.Groups {
		byName[g.Name] = g
		names = append(names, g.Name)
	}
	wantNames := []string{"ghcr.io/acme", "index.docker.io/library", "registry.example.com/apps", "registry.example.com/apps/tools", "registry.example.com/platform"}
	if !slices.Equal(names, wantNames) {
		t.Errorf("names %v", names)
	}
	lib := byName["index.docker.io/library"]
	if !slices.Equal(lib.Clusters, []string{"dev", "prod"}) || !slices.Equal(lib.Namespaces, []string{"team-a", "team-b"}) || !slices.Equal(lib.Images, []string{"index.docker.io/library/*"}) {
		t.Errorf("merged group %+v", lib)
	}
	if g := byName["registry.example.com/platform"]; !slices.Equal(g.Clusters, []string{"dev"}) {
		t.Errorf("dev-only group %+v", g)
	}
	// merged policy trusts what runs in both clusters
	if f := Findings(m, "prod", objs[:2]); len(f) != 0 {
		t.Errorf("prod findings %v", f)
	}
	if f := Findings(m, "dev", objs[2:4]); len(f) != 0 {
		t.Errorf("dev findings %v", f)
	}
	// the dev-only platform image is reported in prod as trusted elsewhere
	if v := m.Check("prod", "team-a", "registry.example.com/platform/ingress:1.9", ""); v.Rule != RuleElsewhere {
		t.Errorf("%+v", v)
	}
	// round trip
	data, err := m.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Parse(data); err != nil {
		t.Fatal(err)
	}
	// inputs are not modified
	if g := prod.Groups[1]; !slices.Equal(g.Clusters, []string{"prod"}) {
		t.Errorf("input modified: %+v", g)
	}

	// empty scope (every) absorbs, effects: stricter, defaults made explicit
	a := mustParse(t, `apiVersion: palisade.dev/v1
kind: TrustPolicy
defaultEffect: block
groups:
  - {name: g, images: [x], clusters: [c1]}
  - {name: only-a, images: [y]}
`)
	b := mustParse(t, `apiVersion: palisade.dev/v1
kind: TrustPolicy
requireGroup: true
groups:
  - {name: g, images: [x, z], namespaces: [n1], effect: alert}
  - {name: only-b, images: [w]}
`)
	m = Merge(a, b)
	want := &Policy{APIVersion: APIVersion, Kind: Kind, DefaultEffect: EffectBlock, RequireGroup: true, Groups: []Group{
		{Name: "g", Images: []string{"x", "z"}, Clusters: nil, Namespaces: nil, Effect: EffectBlock},
		{Name: "only-a", Images: []string{"y"}, Effect: EffectBlock},
		{Name: "only-b", Images: []string{"w"}, Effect: EffectAlert},
	}}
	m.compiled = nil
	if !reflect.DeepEqual(m, want) {
		t.Errorf("Merge:\n got %+v\nwant %+v", m, want)
	}
	if m := Merge(nil, nil); len(m.Groups) != 0 {
		t.Errorf("%+v", m)
	}
	if m := Merge(nil, b); len(m.Groups) != 2 || !m.RequireGroup {
		t.Errorf("%+v", m)
	}
}

func TestParseErrors(t *testing.T) {
	head := "apiVersion: palisade.dev/v1\nkind: TrustPolicy\n"
	tests := []struct{ doc, want string }{
		{"", "trust policy: empty document"},
		{"  \n# only a comment\n", "trust policy: empty document"},
		{"apiVersion: v2\nkind: TrustPolicy\n", `trust policy: line 1: apiVersion "v2" is not supported (want palisade.dev/v1)`},
		{"kind: TrustPolicy\n", `trust policy: apiVersion "" is not supported (want palisade.dev/v1)`},
		{"apiVersion: palisade.dev/v1\nkind: Policy\n", `trust policy: line 2: kind "Policy" is not supported (want TrustPolicy)`},
		{head + "unknown: 1\n", `trust policy: line 3: unknown field "unknown"`},
		{head + "groups:\n  - name: a\n    images: [x]\n    image: [y]\n", `trust policy: line 6: unknown field "image"`},
		{head + "kind: TrustPolicy\n", `trust policy: line 3: mapping key "kind" already defined at line 2`},
		{head + "defaultEffect: deny\n", `trust policy: line 3: defaultEffect "deny" is invalid (want alert or block)`},
		{head + "requireGroup: maybe\n", "trust policy: line 3: cannot unmarshal !!str `maybe` into bool"},
		{head + "groups: {}\n", "trust policy: line 3: cannot unmarshal !!map into []trust.Group"},
		{head + "groups:\n  - images: [x]\n", `trust policy: line 4: group 1: empty group name`},
		{head + "groups:\n  - name: \" a\"\n    images: [x]\n", `trust policy: line 4: group 1: group name " a" has leading or trailing space`},
		{head + "groups:\n  - name: \"a\\tb\"\n    images: [x]\n", `group name "a\tb" has a control character`},
		{head + "groups:\n  - name: a\n    images: [x]\n  - name: a\n    images: [y]\n", `trust policy: line 6: group "a": duplicate group name (also group 1)`},
		{head + "groups:\n  - name: a\n", `trust policy: line 4: group "a": no images`},
		{head + "groups:\n  - name: a\n    images: [x]\n    effect: Block\n", `trust policy: line 6: group "a": effect "Block" is invalid (want alert or block)`},
		{head + "groups:\n  - name: a\n    images:\n      - ok\n      - \"Registry.io/Team/App\"\n", `trust policy: line 7: group "a": image pattern "Registry.io/Team/App": repository must be lower case`},
		{head + "groups:\n  - name: a\n    images: [\"\"]\n", `group "a": image pattern "": empty pattern`},
		{head + "groups:\n  - name: a\n    images: [\"x@sha256:123\"]\n", `image pattern "x@sha256:123": invalid digest "sha256:123"`},
		{head + "groups:\n  - name: a\n    images: [\"x:\"]\n", `image pattern "x:": empty tag after ':'`},
		{head + "groups:\n  - name: a\n    images: [\"quay.io\"]\n", `image pattern "quay.io": names only a registry host; write "quay.io/**" to trust every repository in it`},
		{head + "groups:\n  - name: a\n    images: [\"*.example.com\"]\n", `image pattern "*.example.com": names only a registry host; write "*.example.com/**"`},
		{head + "groups:\n  - name: a\n    images: [\"https://quay.io/x\"]\n", `must not contain a URL scheme`},
		{head + "groups:\n  - name: a\n    images: [\"quay.io//x\"]\n", `empty path segment`},
		{head + "groups:\n  - name: a\n    images: [\"quay.io/x[\"]\n", `image pattern "quay.io/x[": invalid glob`},
		{head + "groups:\n  - name: a\n    images: [\"quay.io/x:v{1\"]\n", `invalid glob in tag "v{1"`},
		{head + "groups:\n  - name: a\n    images: [\"quay.io/x y\"]\n", `invalid character ' ' in repository`},
		{head + "groups:\n  - name: a\n    images: [\"quay.io/x:v 1\"]\n", `invalid character ' ' in tag`},
		{head + "groups:\n  - name: a\n    images: [x]\n    clusters: [\"prod-[\"]\n", `trust policy: line 6: group "a": invalid cluster glob "prod-["`},
		{head + "groups:\n  - name: a\n    images: [x]\n    namespaces:\n      - ok\n      - \"\"\n", `trust policy: line 8: group "a": empty namespace glob`},
		{head + "---\n" + head, "trust policy: line 3: more than one YAML document"},
		{"a: [", "trust policy: line 1: did not find expected node content"},
		{"- 1\n", "trust policy: line 1: cannot unmarshal !!seq into trust.Policy"},
	}
	for _, tt := range tests {
		_, err := Parse([]byte(tt.doc))
		if err == nil {
			t.Errorf("Parse(%q): no error, want %q", tt.doc, tt.want)
			continue
		}
		msg := err.Error()
		if !strings.Contains(msg, tt.want) {
			t.Errorf("Parse(%q):\n got %s\nwant %s", tt.doc, msg, tt.want)
		}
		if strings.Contains(msg, "\n") {
			t.Errorf("Parse(%q): multi-line error %q", tt.doc, msg)
		}
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.yaml")
	if err := os.WriteFile(big, []byte("apiVersion: palisade.dev/v1\nkind: TrustPolicy\n#"+strings.Repeat("x", MaxPolicySize)), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(big); err == nil || !strings.Contains(err.Error(), "big.yaml: larger than 1048576 bytes") {
		t.Errorf("big file: %v", err)
	}
	if _, err := Load(filepath.Join(dir, "missing.yaml")); err == nil || !strings.Contains(err.Error(), "missing.yaml") {
		t.Errorf("missing file: %v", err)
	}
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("apiVersion: x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(bad); err == nil || !strings.HasPrefix(err.Error(), "trust policy "+bad+": line 1: apiVersion") {
		t.Errorf("bad file: %v", err)
	}
}

func TestParseErrorTruncated(t *testing.T) {
	doc := "apiVersion: palisade.dev/v1\nkind: TrustPolicy\ngroups:\n  - {name: a, images: [x], namespaces: [[1], [2], [3], [4], [5]]}\n"
	_, err := Parse([]byte(doc))
	if err == nil || !strings.HasSuffix(err.Error(), "; and 2 more errors") {
		t.Errorf("got %v", err)
	}
}
