package iac

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

const kustTestdata = "../../testdata/iac/kustomize"

func docByName(t *testing.T, f File, kind, prefix string) Document {
	t.Helper()
	for _, d := range f.Docs {
		if d.Resource.Kind == kind && strings.HasPrefix(d.Resource.Name, prefix) {
			return d
		}
	}
	t.Fatalf("no %s %s* in %v", kind, prefix, kinds(f))
	return Document{}
}

// containerIndex is the index of the named container in a built workload.
func containerIndex(t *testing.T, d Document, name string) int {
	t.Helper()
	cs, _ := lookup(d.Value, "spec", "template", "spec", "containers").([]any)
	for i, c := range cs {
		if lookup(c, "name") == name {
			return i
		}
	}
	t.Fatalf("no container %q", name)
	return -1
}

func TestLoadKustomizeOverlay(t *testing.T) {
	dir := filepath.Join(kustTestdata, "overlay")
	before, err := os.ReadFile(filepath.Join(dir, "kustomization.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	f := loadKustomize(context.Background(), dir)
	if f.Err != nil || len(f.Errors) > 0 {
		t.Fatalf("Err = %v, Errors = %v", f.Err, f.Errors)
	}
	if f.Path != dir || f.Type != "kustomize" {
		t.Errorf("Path, Type = %q, %q", f.Path, f.Type)
	}
	if len(f.Docs) != 5 {
		t.Fatalf("docs = %v", kinds(f))
	}
	base := filepath.Join(kustTestdata, "base")
	for _, d := range f.Docs {
		if d.Source != "kustomize:"+dir || d.Type != Kubernetes {
			t.Errorf("%s: Source, Type = %q, %q", d.Resource.Name, d.Source, d.Type)
		}
		if lookup(d.Value, "metadata", "annotations", originAnnotation) != nil {
			t.Errorf("%s: origin annotation left in the object", d.Resource.Name)
		}
	}

	web := docByName(t, f, "Deployment", "prod-web-v1")
	if want := filepath.Join(base, "deployment.yaml"); web.File != want {
		t.Errorf("File = %q, want %q", web.File, want)
	}
	if web.StartLine != 1 || web.EndLine != 23 {
		t.Errorf("lines = %d-%d", web.StartLine, web.EndLine)
	}
	if _, ok := web.Value["metadata"].(map[string]any)["annotations"]; ok {
		t.Error("empty annotations left after removing the origin")
	}
	iw, ih, is := containerIndex(t, web, "web"), containerIndex(t, web, "helper"), containerIndex(t, web, "sidecar")
	// The patch made web privileged: not in the base file, so the finding
	// points at the container.
	if v := lookup(web.Value, privilegedPath(iw)...); v != true {
		t.Fatalf("patch not applied: privileged = %v", v)
	}
	assertLines(t, web, privilegedPath(iw), 18, 21)
	assertLines(t, web, containerPath(iw, "image"), 19, 19)
	assertLines(t, web, containerPath(iw, "ports", 0, "containerPort"), 21, 21)
	assertLines(t, web, containerPath(ih, "image"), 23, 23)
	// The sidecar only exists in the patch: the containers list.
	assertLines(t, web, privilegedPath(is), 17, 23)
	assertLines(t, web, []any{"metadata", "name"}, 4, 4)
	if !slices.ContainsFunc(web.Ignores, func(ig Ignore) bool { return ig.Suppresses("PAL-K8S-002", 23) }) {
		t.Errorf("comment ignore lost: %+v", web.Ignores)
	}

	svc := docByName(t, f, "Service", "prod-web-v1")
	if want := filepath.Join(base, "service.yaml"); svc.File != want || svc.StartLine != 2 || svc.EndLine != 10 {
		t.Errorf("service at %s:%d-%d", svc.File, svc.StartLine, svc.EndLine)
	}
	assertLines(t, svc, []any{"spec", "ports", 0, "port"}, 10, 10)

	worker := docByName(t, f, "Deployment", "prod-worker-v1")
	if want := filepath.Join(base, "service.yaml"); worker.File != want || worker.StartLine != 12 || worker.EndLine != 30 {
		t.Errorf("worker at %s:%d-%d", worker.File, worker.StartLine, worker.EndLine)
	}
	assertLines(t, worker, []any{"spec", "template", "spec", "hostNetwork"}, 27, 27)
	if !slices.ContainsFunc(worker.Ignores, func(ig Ignore) bool {
		return ig.Source == "annotation" && ig.Suppresses("PAL-K8S-003", 12) && ig.Suppresses("PAL-K8S-003", 30)
	}) {
		t.Errorf("annotation ignore = %+v", worker.Ignores)
	}

	// Generated objects point at their generator entry.
	cm := docByName(t, f, "ConfigMap", "prod-settings-v1-")
	if want := filepath.Join(dir, "kustomization.yaml"); cm.File != want || cm.StartLine != 10 || cm.EndLine != 13 {
		t.Errorf("settings at %s:%d-%d", cm.File, cm.StartLine, cm.EndLine)
	}
	if lookup(cm.Value, "data", "level") != "debug" {
		t.Errorf("data = %v", cm.Value["data"])
	}
	assertLines(t, cm, []any{"data", "level"}, 10, 13)
	bcm := docByName(t, f, "ConfigMap", "prod-base-settings-v1-")
	if want := filepath.Join(base, "kustomization.yaml"); bcm.File != want || bcm.StartLine != 7 || bcm.EndLine != 9 {
		t.Errorf("base-settings at %s:%d-%d", bcm.File, bcm.StartLine, bcm.EndLine)
	}

	after, err := os.ReadFile(filepath.Join(dir, "kustomization.yaml"))
	if err != nil || string(after) != string(before) {
		t.Error("kustomization.yaml modified")
	}
}

func TestLoadKustomizeErrors(t *testing.T) {
	for _, name := range []string{"invalid", "remote", "remote-patch", "does-not-exist", "../helm/app"} {
		t.Run(name, func(t *testing.T) {
			f := loadKustomize(context.Background(), filepath.Join(kustTestdata, name))
			if f.Err == nil || len(f.Docs) > 0 {
				t.Fatalf("Err = %v, docs %v", f.Err, kinds(f))
			}
			if strings.Contains(f.Err.Error(), "\n") {
				t.Errorf("multi-line error %q", f.Err)
			}
			if strings.HasPrefix(name, "remote") && !strings.Contains(f.Err.Error(), "not fetched") {
				t.Errorf("Err = %v", f.Err)
			}
		})
	}
	t.Run("canceled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if f := loadKustomize(ctx, filepath.Join(kustTestdata, "base")); f.Err == nil {
			t.Error("no error")
		}
	})
}

// writeKust writes a directory tree from name → content.
func writeKust(t *testing.T, files map[string]string) string {
	t.Helper()
	return writeChart(t, files)
}

func TestLoadKustomizeRefusesRemote(t *testing.T) {
	cm := "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n"
	cases := map[string]map[string]string{
		"https resource":     {"kustomization.yaml": "resources:\n- https://example.com/cm.yaml\n"},
		"git ssh base":       {"kustomization.yaml": "resources:\n- git@github.com:org/repo.git//dir\n"},
		"file git":           {"kustomization.yaml": "resources:\n- file:///tmp/repo.git\n"},
		"forced git":         {"kustomization.yaml": "components:\n- git::https://example.com/repo.git\n"},
		"bases":              {"kustomization.yaml": "bases:\n- github.com/org/repo/dir\n"},
		"generator file":     {"kustomization.yaml": "resources:\n- cm.yaml\nconfigMapGenerator:\n- name: x\n  files:\n  - k=https://example.com/f\n", "cm.yaml": cm},
		"env file":           {"kustomization.yaml": "secretGenerator:\n- name: x\n  envs:\n  - https://example.com/.env\n"},
		"json6902":           {"kustomization.yaml": "resources:\n- cm.yaml\npatchesJson6902:\n- target: {kind: ConfigMap, name: cm}\n  path: https://example.com/p.json\n", "cm.yaml": cm},
		"openapi":            {"kustomization.yaml": "resources:\n- cm.yaml\nopenapi:\n  path: https://example.com/schema.json\n", "cm.yaml": cm},
		"transformer file":   {"kustomization.yaml": "resources:\n- cm.yaml\ntransformers:\n- t.yaml\n", "cm.yaml": cm, "t.yaml": "apiVersion: builtin\nkind: PatchTransformer\nmetadata:\n  name: p\npath: https://example.com/p.yaml\n"},
		"inline transformer": {"kustomization.yaml": "resources:\n- cm.yaml\ntransformers:\n- |\n  apiVersion: builtin\n  kind: ReplacementTransformer\n  metadata:\n    name: r\n  replacements:\n  - path: https://example.com/r.yaml\n", "cm.yaml": cm},
		"nested base":        {"kustomization.yaml": "resources:\n- sub\n", "sub/kustomization.yaml": "resources:\n- https://example.com/x.yaml\n"},
	}
	for name, files := range cases {
		t.Run(name, func(t *testing.T) {
			f := loadKustomize(context.Background(), writeKust(t, files))
			if f.Err == nil || !strings.Contains(f.Err.Error(), "not fetched") {
				t.Errorf("Err = %v, docs %v", f.Err, kinds(f))
			}
		})
	}
	// Local files whose names merely look odd are fine.
	f := loadKustomize(context.Background(), writeKust(t, map[string]string{
		"kustomization.yaml": "resources:\n- user@host.yaml\ncommonAnnotations:\n  docs: https://example.com/docs\n",
		"user@host.yaml":     cm,
	}))
	if f.Err != nil || len(f.Docs) != 1 {
		t.Errorf("Err = %v, docs %v", f.Err, kinds(f))
	}
}

func TestLoadKustomizeNoExecPlugins(t *testing.T) {
	dir := writeKust(t, map[string]string{
		"kustomization.yaml": "generators:\n- gen.yaml\n",
		"gen.yaml": `apiVersion: example.com/v1
kind: Executable
metadata:
  name: gen
  annotations:
    config.kubernetes.io/function: |
      exec:
        path: ./gen.sh
`,
		"gen.sh": "#!/bin/sh\ntouch \"$(dirname \"$0\")/ran\"\n",
	})
	if err := os.Chmod(filepath.Join(dir, "gen.sh"), 0o755); err != nil {
		t.Fatal(err)
	}
	f := loadKustomize(context.Background(), dir)
	if f.Err == nil {
		t.Errorf("exec plugin accepted: docs %v", kinds(f))
	}
	if _, err := os.Stat(filepath.Join(dir, "ran")); err == nil {
		t.Error("exec plugin ran")
	}
	f = loadKustomize(context.Background(), writeKust(t, map[string]string{
		"kustomization.yaml": "helmCharts:\n- name: x\n  repo: https://charts.example.com\n  version: 1.0.0\n",
	}))
	if f.Err == nil {
		t.Errorf("helm inflation accepted: docs %v", kinds(f))
	}
}

func TestLoadKustomizeBuildMetadataKept(t *testing.T) {
	dir := writeKust(t, map[string]string{
		"kustomization.yml": "buildMetadata: [managedByLabel]\nnamespace: team\nresources:\n- cms.yaml\n",
		"cms.yaml":          "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n  annotations:\n    keep: me\ndata:\n  k: v\n",
	})
	f := loadKustomize(context.Background(), dir)
	if f.Err != nil || len(f.Docs) != 2 {
		t.Fatalf("Err = %v, docs %v", f.Err, kinds(f))
	}
	b := docByName(t, f, "ConfigMap", "b")
	if b.File != filepath.Join(dir, "cms.yaml") || b.StartLine != 6 || b.Resource.Namespace != "team" {
		t.Errorf("b at %s:%d ns %q", b.File, b.StartLine, b.Resource.Namespace)
	}
	if lookup(b.Value, "metadata", "labels", "app.kubernetes.io/managed-by") == nil {
		t.Errorf("user's buildMetadata lost: %v", b.Value["metadata"])
	}
	if ann := lookup(b.Value, "metadata", "annotations").(map[string]any); len(ann) != 1 || ann["keep"] != "me" {
		t.Errorf("annotations = %v", ann)
	}
	assertLines(t, b, []any{"data", "k"}, 13, 13)
}

func TestLoadKustomizeOutputBound(t *testing.T) {
	defer func(n int) { maxKustomizeOutput = n }(maxKustomizeOutput)
	maxKustomizeOutput = 1 << 20
	// A base of 0.6 MiB included twice.
	big := "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  k: " + strings.Repeat("a", 600<<10) + "\n"
	dir := writeKust(t, map[string]string{
		"base/kustomization.yaml": "resources:\n- cm.yaml\n",
		"base/cm.yaml":            big,
		"a/kustomization.yaml":    "namePrefix: a-\nresources:\n- ../base\n",
		"b/kustomization.yaml":    "namePrefix: b-\nresources:\n- ../base\n",
		"kustomization.yaml":      "resources:\n- a\n- b\n",
	})
	f := loadKustomize(context.Background(), dir)
	if f.Err == nil || !strings.Contains(f.Err.Error(), "larger than") || len(f.Docs) > 0 {
		t.Errorf("Err = %v, %d docs", f.Err, len(f.Docs))
	}
	f = loadKustomize(context.Background(), filepath.Join(dir, "a"))
	if f.Err != nil || len(f.Docs) != 1 {
		t.Errorf("one base: Err = %v, %d docs", f.Err, len(f.Docs))
	}
}

func TestWithOriginAnnotations(t *testing.T) {
	buildMetadata := func(t *testing.T, data []byte) []string {
		t.Helper()
		var v struct {
			BuildMetadata []string `yaml:"buildMetadata"`
		}
		if err := yaml.Unmarshal(data, &v); err != nil {
			t.Fatal(err)
		}
		return v.BuildMetadata
	}
	for in, want := range map[string][]string{
		"resources: [a.yaml]\n":                                   {"originAnnotations"},
		"buildMetadata: [managedByLabel]\n":                       {"managedByLabel", "originAnnotations"},
		"buildMetadata:\n":                                        {"originAnnotations"},
		"buildMetadata: [originAnnotations]\n":                    {"originAnnotations"},
		"# comment\nbuildMetadata:\n  - transformerAnnotations\n": {"transformerAnnotations", "originAnnotations"},
	} {
		if got := buildMetadata(t, withOriginAnnotations([]byte(in))); !slices.Equal(got, want) {
			t.Errorf("%q: buildMetadata = %v, want %v", in, got, want)
		}
	}
	for _, in := range []string{"", "- a\n", "buildMetadata: x\n", "a: [\n"} {
		if got := string(withOriginAnnotations([]byte(in))); got != in {
			t.Errorf("%q changed to %q", in, got)
		}
	}
}

func TestMatchOriginal(t *testing.T) {
	docs, _, err := ParseKubernetes("f.yaml", []byte("apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web-admin\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: other\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		nth  int
		want string
	}{
		{"web", 0, "web"},
		{"p-web-admin-s", 0, "web-admin"},
		{"p-web-s", 1, "web"},
		{"renamed", 2, "other"},
		{"renamed", 9, "other"},
	} {
		if got := matchOriginal(docs, "Service", c.name, c.nth); got == nil || got.Resource.Name != c.want {
			t.Errorf("matchOriginal(%q, %d) = %v, want %s", c.name, c.nth, got, c.want)
		}
	}
	if matchOriginal(docs, "Pod", "web", 0) != nil {
		t.Error("matched across kinds")
	}
}
