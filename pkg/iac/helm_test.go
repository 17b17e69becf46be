package iac

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	chartutil "helm.sh/helm/v4/pkg/chart/v2/util"
)

const helmTestdata = "../../testdata/iac/helm"

var (
	privilegedPath = func(i int) []any {
		return []any{"spec", "template", "spec", "containers", i, "securityContext", "privileged"}
	}
	containerPath = func(i int, rest ...any) []any {
		return append([]any{"spec", "template", "spec", "containers", i}, rest...)
	}
)

// docByKind returns the documents of a kind, failing when there are none.
func docsByKind(t *testing.T, f File, kind string) []Document {
	t.Helper()
	var out []Document
	for _, d := range f.Docs {
		if d.Resource != nil && d.Resource.Kind == kind {
			out = append(out, d)
		}
	}
	if len(out) == 0 {
		t.Fatalf("no %s in %s; docs: %v", kind, f.Path, kinds(f))
	}
	return out
}

func kinds(f File) []string {
	var out []string
	for _, d := range f.Docs {
		out = append(out, d.Resource.Kind+"/"+d.Resource.Name)
	}
	return out
}

func assertLines(t *testing.T, d Document, path []any, start, end int) {
	t.Helper()
	s, e := d.Locate(path)
	if s != start || e != end {
		t.Errorf("%s: Locate(%v) = %d-%d, want %d-%d", d.File, path, s, e, start, end)
	}
}

func lookup(v any, path ...any) any {
	for _, p := range path {
		switch x := v.(type) {
		case map[string]any:
			v = x[p.(string)]
		case []any:
			i := p.(int)
			if i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
	}
	return v
}

func TestLoadHelmDefaults(t *testing.T) {
	chart := filepath.Join(helmTestdata, "app")
	f := loadHelm(context.Background(), chart, nil, nil)
	if f.Err != nil || len(f.Errors) > 0 {
		t.Fatalf("Err = %v, Errors = %v", f.Err, f.Errors)
	}
	if f.Path != chart || f.Type != "helm" {
		t.Errorf("Path, Type = %q, %q", f.Path, f.Type)
	}
	// configmaps.yaml renders nothing, NOTES.txt and _helpers.tpl are not
	// objects.
	if got := kinds(f); !slices.Equal(got, []string{"Deployment/palisade-app", "Service/palisade-app"}) {
		t.Fatalf("docs = %v", got)
	}
	dep := docsByKind(t, f, "Deployment")[0]
	if want := filepath.Join(chart, "templates", "deployment.yaml"); dep.File != want {
		t.Errorf("File = %q, want %q", dep.File, want)
	}
	if dep.Source != "helm:app" || dep.Type != Kubernetes {
		t.Errorf("Source, Type = %q, %q", dep.Source, dep.Type)
	}
	if dep.StartLine != 1 || dep.EndLine != 33 {
		t.Errorf("lines = %d-%d, want 1-33", dep.StartLine, dep.EndLine)
	}
	if v := lookup(dep.Value, privilegedPath(0)...); v != false {
		t.Errorf("privileged = %v", v)
	}
	if v := lookup(dep.Value, containerPath(0, "image")...); v != "nginx:1.27" {
		t.Errorf("image = %v", v)
	}
	assertLines(t, dep, privilegedPath(0), 21, 21)
	assertLines(t, dep, containerPath(0), 18, 23)
	assertLines(t, dep, containerPath(0, "image"), 19, 19)
	assertLines(t, dep, []any{"metadata", "labels"}, 5, 6)
	assertLines(t, dep, []any{"metadata", "labels", "app.kubernetes.io/name"}, 6, 6)
	assertLines(t, dep, []any{"spec", "selector", "matchLabels"}, 10, 11)
	assertLines(t, dep, []any{"spec", "replicas"}, 8, 8)
	// Not in the object: the deepest part that is.
	assertLines(t, dep, []any{"spec", "template", "spec", "hostNetwork"}, 16, 33)
	assertLines(t, dep, containerPath(5), 17, 33)
	assertLines(t, dep, []any{"nope"}, 1, 33)

	svc := docsByKind(t, f, "Service")[0]
	if svc.Resource.Namespace != "default" {
		t.Errorf("namespace = %q", svc.Resource.Namespace)
	}
	if svc.StartLine != 3 || svc.EndLine != 10 {
		t.Errorf("service lines = %d-%d, want 3-10", svc.StartLine, svc.EndLine)
	}
	assertLines(t, svc, []any{"spec", "ports", 0, "port"}, 10, 10)
	// The header comment covers the whole object.
	if !slices.ContainsFunc(svc.Ignores, func(ig Ignore) bool {
		return ig.Suppresses("PAL-K8S-900", 3) && ig.Suppresses("PAL-K8S-900", 10)
	}) {
		t.Errorf("ignores = %+v", svc.Ignores)
	}
}

func TestLoadHelmValuesFileAndSet(t *testing.T) {
	chart := filepath.Join(helmTestdata, "app")
	f := loadHelm(context.Background(), chart,
		[]string{filepath.Join(chart, "values-prod.yaml")},
		[]string{"image.tag=1.28", "configs.alpha.key=v", "configs.beta.other=w"})
	if f.Err != nil || len(f.Errors) > 0 {
		t.Fatalf("Err = %v, Errors = %v", f.Err, f.Errors)
	}
	dep := docsByKind(t, f, "Deployment")[0]
	var names []string
	for i := range 4 {
		names = append(names, lookup(dep.Value, containerPath(i, "name")...).(string))
	}
	if !slices.Equal(names, []string{"app", "sidecar", "metrics", "logs"}) {
		t.Fatalf("containers = %v", names)
	}
	if v := lookup(dep.Value, privilegedPath(0)...); v != true {
		t.Errorf("privileged from values file = %v", v)
	}
	if v := lookup(dep.Value, containerPath(0, "image")...); v != "nginx:1.28" {
		t.Errorf("image with --set = %v", v)
	}
	assertLines(t, dep, privilegedPath(0), 21, 21)
	assertLines(t, dep, privilegedPath(1), 29, 29)
	assertLines(t, dep, containerPath(1), 26, 29)
	// Both range items point at the range body.
	assertLines(t, dep, containerPath(2, "image"), 33, 33)
	assertLines(t, dep, containerPath(3, "image"), 33, 33)
	assertLines(t, dep, containerPath(3), 32, 33)
	// The trailing comment suppresses the sidecar's finding only.
	s, _ := dep.Locate(privilegedPath(1))
	ignored := func(line int) bool {
		return slices.ContainsFunc(dep.Ignores, func(ig Ignore) bool { return ig.Suppresses("PAL-K8S-001", line) })
	}
	if !ignored(s) {
		t.Errorf("sidecar finding at line %d not suppressed: %+v", s, dep.Ignores)
	}
	if s0, _ := dep.Locate(privilegedPath(0)); ignored(s0) {
		t.Errorf("app finding at line %d suppressed", s0)
	}

	cms := docsByKind(t, f, "ConfigMap")
	if len(cms) != 2 {
		t.Fatalf("configmaps = %d", len(cms))
	}
	for _, cm := range cms {
		if want := filepath.Join(chart, "templates", "configmaps.yaml"); cm.File != want {
			t.Errorf("File = %q", cm.File)
		}
		if cm.StartLine != 3 || cm.EndLine != 8 {
			t.Errorf("%s lines = %d-%d, want 3-8", cm.Resource.Name, cm.StartLine, cm.EndLine)
		}
		assertLines(t, cm, []any{"metadata", "name"}, 6, 6)
	}
	// data comes from toYaml: the directive's line.
	assertLines(t, cms[0], []any{"data", "key"}, 8, 8)

	// --set wins over values files.
	f = loadHelm(context.Background(), chart, []string{filepath.Join(chart, "values-prod.yaml")}, []string{"privileged=false"})
	if f.Err != nil {
		t.Fatal(f.Err)
	}
	if v := lookup(docsByKind(t, f, "Deployment")[0].Value, privilegedPath(0)...); v != false {
		t.Errorf("privileged with --set = %v", v)
	}
}

func TestLoadHelmValueErrors(t *testing.T) {
	chart := filepath.Join(helmTestdata, "app")
	for name, c := range map[string]struct{ files, set []string }{
		"missing values file": {files: []string{filepath.Join(chart, "nope.yaml")}},
		"bad values file":     {files: []string{filepath.Join(chart, "templates", "deployment.yaml")}},
		"bad set":             {set: []string{"noequals"}},
	} {
		t.Run(name, func(t *testing.T) {
			f := loadHelm(context.Background(), chart, c.files, c.set)
			if f.Err == nil || len(f.Docs) > 0 {
				t.Fatalf("Err = %v, %d docs", f.Err, len(f.Docs))
			}
			if strings.Contains(f.Err.Error(), "\n") {
				t.Errorf("multi-line error %q", f.Err)
			}
		})
	}
}

func TestLoadHelmRequired(t *testing.T) {
	f := loadHelm(context.Background(), filepath.Join(helmTestdata, "required"), nil, nil)
	if f.Err == nil {
		t.Fatalf("no error; docs %v", kinds(f))
	}
	msg := f.Err.Error()
	for _, want := range []string{"helm chart required", "templates/pod.yaml", "image.repository is required"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not contain %q", msg, want)
		}
	}
	if strings.Contains(msg, "\n") || len(f.Docs) > 0 {
		t.Errorf("error %q, %d docs", msg, len(f.Docs))
	}
	// Supplying the value makes it render.
	f = loadHelm(context.Background(), filepath.Join(helmTestdata, "required"), nil, []string{"image.repository=nginx"})
	if f.Err != nil || len(f.Docs) != 1 {
		t.Fatalf("Err = %v, docs %v", f.Err, kinds(f))
	}
}

func TestLoadHelmDependencies(t *testing.T) {
	chart := filepath.Join(helmTestdata, "deps")
	f := loadHelm(context.Background(), chart, nil, nil)
	if f.Err != nil {
		t.Fatal(f.Err)
	}
	if len(f.Errors) != 1 || !strings.Contains(f.Errors[0].Error(), `"redis"`) {
		t.Errorf("Errors = %v, want the missing redis dependency", f.Errors)
	}
	pod := docsByKind(t, f, "Pod")[0]
	if want := filepath.Join(chart, "charts", "lib", "templates", "pod.yaml"); pod.File != want {
		t.Errorf("File = %q, want %q", pod.File, want)
	}
	if pod.Source != "helm:deps" {
		t.Errorf("Source = %q", pod.Source)
	}
	// The parent's values reach the subchart.
	if v := lookup(pod.Value, "spec", "hostNetwork"); v != true {
		t.Errorf("hostNetwork = %v", v)
	}
	assertLines(t, pod, []any{"spec", "hostNetwork"}, 6, 6)
	docsByKind(t, f, "ServiceAccount")
}

// tgz writes a gzipped tar of files (name → content) to path.
func tgz(t *testing.T, path string, names []string, files map[string][]byte) {
	t.Helper()
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	for _, n := range names {
		data := files[n]
		if err := tw.WriteHeader(&tar.Header{Name: n, Mode: 0o644, Size: int64(len(data)), Typeflag: tar.TypeReg, ModTime: time.Unix(0, 0)}); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write(data); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := gz.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// dirFiles reads a directory tree as archive entries under prefix, leaving
// out what skip matches.
func dirFiles(t *testing.T, dir, prefix string, skip func(rel string) bool) ([]string, map[string][]byte) {
	t.Helper()
	var names []string
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if skip != nil && skip(rel) {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		n := prefix + "/" + rel
		names = append(names, n)
		files[n] = data
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return names, files
}

func TestLoadHelmArchive(t *testing.T) {
	tmp := t.TempDir()
	archive := filepath.Join(tmp, "app-0.1.0.tgz")
	names, files := dirFiles(t, filepath.Join(helmTestdata, "app"), "app", nil)
	tgz(t, archive, names, files)
	if !isChartArchive(archive) {
		t.Fatal("isChartArchive = false")
	}
	f := loadHelm(context.Background(), archive, nil, []string{"privileged=true"})
	if f.Err != nil || len(f.Errors) > 0 {
		t.Fatalf("Err = %v, Errors = %v", f.Err, f.Errors)
	}
	if f.Path != archive {
		t.Errorf("Path = %q", f.Path)
	}
	dep := docsByKind(t, f, "Deployment")[0]
	if want := filepath.Join(archive, "app", "templates", "deployment.yaml"); dep.File != want {
		t.Errorf("File = %q, want %q", dep.File, want)
	}
	if v := lookup(dep.Value, privilegedPath(0)...); v != true {
		t.Errorf("privileged = %v", v)
	}
	assertLines(t, dep, privilegedPath(0), 21, 21)

	// A chart archive with its dependency as a nested archive.
	libNames, libFiles := dirFiles(t, filepath.Join(helmTestdata, "deps", "charts", "lib"), "lib", nil)
	libTgz := filepath.Join(tmp, "lib.tgz")
	tgz(t, libTgz, libNames, libFiles)
	libData, err := os.ReadFile(libTgz)
	if err != nil {
		t.Fatal(err)
	}
	depNames, depFiles := dirFiles(t, filepath.Join(helmTestdata, "deps"), "deps", func(rel string) bool {
		return strings.HasPrefix(rel, "charts/")
	})
	depNames = append(depNames, "deps/charts/lib-0.1.0.tgz")
	depFiles["deps/charts/lib-0.1.0.tgz"] = libData
	depsArchive := filepath.Join(tmp, "deps-0.1.0.tar.gz")
	tgz(t, depsArchive, depNames, depFiles)
	if !isChartArchive(depsArchive) {
		t.Fatal("isChartArchive(.tar.gz) = false")
	}
	f = loadHelm(context.Background(), depsArchive, nil, nil)
	if f.Err != nil {
		t.Fatal(f.Err)
	}
	pod := docsByKind(t, f, "Pod")[0]
	if want := filepath.Join(depsArchive, "deps", "charts", "lib-0.1.0.tgz", "lib", "templates", "pod.yaml"); pod.File != want {
		t.Errorf("File = %q, want %q", pod.File, want)
	}
	assertLines(t, pod, []any{"spec", "hostNetwork"}, 6, 6)
}

func TestIsChartArchive(t *testing.T) {
	tmp := t.TempDir()
	chartYAML := []byte("apiVersion: v2\nname: x\nversion: 1.0.0\n")
	cases := map[string]struct {
		name  string
		names []string
		want  bool
	}{
		"chart":           {"x.tgz", []string{"x/values.yaml", "x/Chart.yaml"}, true},
		"tar.gz":          {"x.tar.gz", []string{"x/Chart.yaml"}, true},
		"upper case":      {"X.TGZ", []string{"x/Chart.yaml"}, true},
		"no Chart.yaml":   {"y.tgz", []string{"y/values.yaml"}, false},
		"too deep":        {"z.tgz", []string{"a/b/Chart.yaml"}, false},
		"top level":       {"t.tgz", []string{"Chart.yaml"}, false},
		"other extension": {"x.zip", []string{"x/Chart.yaml"}, false},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			p := filepath.Join(tmp, name+"-"+c.name)
			files := map[string][]byte{}
			for _, n := range c.names {
				files[n] = chartYAML
			}
			tgz(t, p, c.names, files)
			if got := isChartArchive(p); got != c.want {
				t.Errorf("isChartArchive = %v, want %v", got, c.want)
			}
		})
	}
	notGzip := filepath.Join(tmp, "plain.tgz")
	if err := os.WriteFile(notGzip, []byte("hello"), 0o644); err != nil {
		t.Fatal(err)
	}
	if isChartArchive(notGzip) || isChartArchive(filepath.Join(tmp, "missing.tgz")) || isChartArchive(tmp) {
		t.Error("non-archives reported as charts")
	}
}

// writeChart writes a chart directory from name → content.
func writeChart(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for n, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(n))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const chartYAMLv2 = "apiVersion: v2\nname: c\nversion: 0.1.0\n"

func TestLoadHelmProblems(t *testing.T) {
	t.Run("no Chart.yaml", func(t *testing.T) {
		f := loadHelm(context.Background(), writeChart(t, map[string]string{"values.yaml": "a: 1\n"}), nil, nil)
		if f.Err == nil {
			t.Error("no error")
		}
	})
	t.Run("bad Chart.yaml", func(t *testing.T) {
		f := loadHelm(context.Background(), writeChart(t, map[string]string{"Chart.yaml": "name: [\n"}), nil, nil)
		if f.Err == nil {
			t.Error("no error")
		}
	})
	t.Run("template syntax error", func(t *testing.T) {
		f := loadHelm(context.Background(), writeChart(t, map[string]string{
			"Chart.yaml":            chartYAMLv2,
			"templates/broken.yaml": "kind: {{ .Values.x \n",
		}), nil, nil)
		if f.Err == nil || !strings.Contains(f.Err.Error(), "templates/broken.yaml") || strings.Contains(f.Err.Error(), "\n") {
			t.Errorf("Err = %v", f.Err)
		}
	})
	t.Run("rendered YAML invalid", func(t *testing.T) {
		f := loadHelm(context.Background(), writeChart(t, map[string]string{
			"Chart.yaml":          chartYAMLv2,
			"templates/bad.yaml":  "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: [\n",
			"templates/good.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: good\n",
			"templates/notes.txt": "just: [text\n",
			"templates/list.yaml": "- a\n- b\n",
		}), nil, nil)
		if f.Err != nil || len(f.Errors) != 1 || !strings.Contains(f.Errors[0].Error(), "bad.yaml") {
			t.Errorf("Err = %v, Errors = %v", f.Err, f.Errors)
		}
		if got := kinds(f); !slices.Equal(got, []string{"ConfigMap/good"}) {
			t.Errorf("docs = %v", got)
		}
	})
	t.Run("library chart", func(t *testing.T) {
		f := loadHelm(context.Background(), writeChart(t, map[string]string{
			"Chart.yaml":         chartYAMLv2 + "type: library\n",
			"templates/_lib.tpl": `{{ define "x" }}a: b{{ end }}`,
		}), nil, nil)
		if f.Err != nil || len(f.Docs) > 0 {
			t.Errorf("Err = %v, docs %v", f.Err, kinds(f))
		}
	})
	t.Run("helmignore", func(t *testing.T) {
		f := loadHelm(context.Background(), writeChart(t, map[string]string{
			"Chart.yaml":          chartYAMLv2,
			".helmignore":         "templates/skip.yaml\n",
			"templates/skip.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: skipped\n",
			"templates/keep.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: kept\n",
		}), nil, nil)
		if got := kinds(f); f.Err != nil || !slices.Equal(got, []string{"ConfigMap/kept"}) {
			t.Errorf("Err = %v, docs %v", f.Err, got)
		}
	})
	t.Run("rendered too large", func(t *testing.T) {
		f := loadHelm(context.Background(), writeChart(t, map[string]string{
			"Chart.yaml":         chartYAMLv2,
			"templates/big.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\n# {{ repeat 21000000 \"a\" }}\n",
		}), nil, nil)
		if f.Err == nil || !strings.Contains(f.Err.Error(), "MiB") || len(f.Docs) > 0 {
			t.Errorf("Err = %v", f.Err)
		}
	})
	t.Run("chart too large", func(t *testing.T) {
		dir := writeChart(t, map[string]string{"Chart.yaml": chartYAMLv2})
		big := filepath.Join(dir, "big.bin")
		if err := os.WriteFile(big, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Truncate(big, maxChartSize+1); err != nil {
			t.Fatal(err)
		}
		f := loadHelm(context.Background(), dir, nil, nil)
		if f.Err == nil || !strings.Contains(f.Err.Error(), "larger than") {
			t.Errorf("Err = %v", f.Err)
		}
	})
	t.Run("archive bomb", func(t *testing.T) {
		p := filepath.Join(t.TempDir(), "bomb.tgz")
		tgz(t, p, []string{"c/Chart.yaml", "c/zeros"}, map[string][]byte{
			"c/Chart.yaml": []byte(chartYAMLv2),
			"c/zeros":      make([]byte, maxChartSize+1),
		})
		f := loadHelm(context.Background(), p, nil, nil)
		if f.Err == nil || !strings.Contains(f.Err.Error(), "larger than") {
			t.Errorf("Err = %v", f.Err)
		}
	})
	t.Run("archive escapes", func(t *testing.T) {
		p := filepath.Join(t.TempDir(), "evil.tgz")
		tgz(t, p, []string{"c/Chart.yaml", "c/../../etc/x"}, map[string][]byte{"c/Chart.yaml": []byte(chartYAMLv2)})
		if f := loadHelm(context.Background(), p, nil, nil); f.Err == nil {
			t.Error("no error")
		}
	})
	t.Run("not an archive", func(t *testing.T) {
		p := filepath.Join(t.TempDir(), "x.tgz")
		if err := os.WriteFile(p, []byte("not gzip"), 0o644); err != nil {
			t.Fatal(err)
		}
		if f := loadHelm(context.Background(), p, nil, nil); f.Err == nil {
			t.Error("no error")
		}
	})
	t.Run("symlink loop", func(t *testing.T) {
		dir := writeChart(t, map[string]string{
			"Chart.yaml":        chartYAMLv2,
			"templates/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n",
		})
		if err := os.Symlink("..", filepath.Join(dir, "templates", "loop")); err != nil {
			t.Fatal(err)
		}
		f := loadHelm(context.Background(), dir, nil, nil)
		if f.Err != nil || len(f.Docs) != 1 {
			t.Errorf("Err = %v, docs %v", f.Err, kinds(f))
		}
	})
	t.Run("canceled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if f := loadHelm(ctx, filepath.Join(helmTestdata, "app"), nil, nil); f.Err == nil {
			t.Error("no error")
		}
	})
}

func TestHelmLocatorTemplateShapes(t *testing.T) {
	tmpl := `{{- /*
a multi-line comment
kind: Secret
*/ -}}
apiVersion: v1
kind: Pod
metadata:
  name: {{ .Values.name }}
  annotations:
{{ toYaml .Values.annotations | indent 4 }}
spec:
  containers:
  - name: a
    image: x
  - name: b
    image: y
    args:
    - one
    - two
  volumes:
  {{- range .Values.volumes }}
  - name: {{ . }}
    emptyDir: {}
  {{- end }}
`
	rendered := `apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    a: b
spec:
  containers:
  - name: a
    image: x
  - name: b
    image: y
    args:
    - one
    - two
  volumes:
  - name: v1
    emptyDir: {}
  - name: v2
    emptyDir: {}
`
	docs := helmDocsFor(t, tmpl, rendered)
	d := docs[0]
	if d.StartLine != 5 || d.EndLine != 23 {
		t.Errorf("lines = %d-%d", d.StartLine, d.EndLine)
	}
	assertLines(t, d, []any{"metadata", "annotations", "a"}, 10, 10)
	assertLines(t, d, []any{"spec", "containers", 1, "image"}, 16, 16)
	assertLines(t, d, []any{"spec", "containers", 1, "args", 1}, 19, 19)
	assertLines(t, d, []any{"spec", "containers", 0}, 13, 14)
	assertLines(t, d, []any{"spec", "volumes", 1, "emptyDir"}, 23, 23)
}

// helmDocsFor maps a rendered template onto its source.
func helmDocsFor(t *testing.T, tmpl, rendered string) []Document {
	t.Helper()
	docs, errs := helmDocs("c", "c/templates/x.yaml", rendered, &tmplFile{path: "x.yaml", data: []byte(tmpl)})
	if len(errs) > 0 || len(docs) == 0 {
		t.Fatalf("errs %v, %d docs", errs, len(docs))
	}
	return docs
}

func TestHelmLocatorDocuments(t *testing.T) {
	tmpl := `apiVersion: v1
kind: ServiceAccount
metadata:
  name: sa
---
# palisade:ignore=X-1
apiVersion: v1
kind: ConfigMap
metadata:
  name: one
---
apiVersion: v1
kind: {{ .Values.kind }}
metadata:
  name: dyn
`
	rendered := "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: sa\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: one\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: dyn\n"
	docs := helmDocsFor(t, tmpl, rendered)
	if len(docs) != 3 {
		t.Fatalf("%d docs", len(docs))
	}
	want := [][2]int{{1, 4}, {7, 10}, {12, 15}}
	for i, d := range docs {
		if d.StartLine != want[i][0] || d.EndLine != want[i][1] {
			t.Errorf("doc %d lines = %d-%d, want %v", i, d.StartLine, d.EndLine, want[i])
		}
	}
	assertLines(t, docs[2], []any{"metadata", "name"}, 15, 15)
	if len(docs[1].Ignores) != 1 || !docs[1].Ignores[0].Suppresses("X-1", 9) || len(docs[0].Ignores) > 0 {
		t.Errorf("ignores = %+v / %+v", docs[0].Ignores, docs[1].Ignores)
	}
}

// FuzzHelmLineMap checks that mapping rendered lines onto any template
// never panics and stays within the template.
func FuzzHelmLineMap(f *testing.F) {
	dep, _ := os.ReadFile(filepath.Join(helmTestdata, "app", "templates", "deployment.yaml"))
	f.Add(string(dep), "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          securityContext:\n            privileged: true\n")
	f.Add("{{ range }}\n---\nkind: A\n- - x\n  y:\n{{", "apiVersion: v1\nkind: A\nitems: [1, 2]\n---\napiVersion: v1\nkind: B\n")
	f.Add("", "apiVersion: v1\nkind: A\nx:\n- - a\n  - b\n")
	f.Fuzz(func(t *testing.T, tmpl, rendered string) {
		if len(tmpl) > 1<<16 || len(rendered) > 1<<16 {
			return
		}
		docs, _ := helmDocs("c", "c/templates/x.yaml", rendered, &tmplFile{path: "x.yaml", data: []byte(tmpl)})
		nlines := strings.Count(tmpl, "\n") + 1
		for _, d := range docs {
			check := func(path []any, s, e int) {
				if s < 1 || e < s || e > nlines {
					t.Fatalf("Locate(%v) = %d-%d outside 1-%d", path, s, e, nlines)
				}
			}
			check(nil, d.StartLine, d.EndLine)
			hl, ok := d.Locator.(*helmLocator)
			if !ok {
				continue
			}
			n := 0
			var walk func(node lref, path []any)
			walk = func(node lref, path []any) {
				n++
				if n > 200 || len(path) > 20 {
					return
				}
				s, e := d.Locate(path)
				check(path, s, e)
				switch node.Kind() {
				case yaml.MappingNode:
					for i := 0; i+1 < node.Len(); i += 2 {
						walk(node.Child(i+1), append(slices.Clip(path), node.Child(i).Value()))
					}
				case yaml.SequenceNode:
					for i := range node.Len() {
						walk(node.Child(i), append(slices.Clip(path), i))
					}
				}
			}
			walk(hl.root, []any{})
			s, e := d.Locate([]any{"spec", -1, 1.5, "x"})
			check(nil, s, e)
		}
	})
}

// TestLoadHelmScaffold maps findings onto the chart `helm create` writes,
// checking the text of the lines found.
func TestLoadHelmScaffold(t *testing.T) {
	p, err := chartutil.Create("scaf", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	f := loadHelm(context.Background(), p, nil, []string{"securityContext.privileged=true", "autoscaling.enabled=true", "ingress.enabled=true"})
	if f.Err != nil || len(f.Errors) > 0 {
		t.Fatalf("Err = %v, Errors = %v", f.Err, f.Errors)
	}
	check := func(kind string, path []any, want string) {
		t.Helper()
		d := docsByKind(t, f, kind)[0]
		src, err := os.ReadFile(d.File)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(string(src), "\n")
		s, e := d.Locate(path)
		if s < d.StartLine || e > d.EndLine || s > e {
			t.Errorf("%s %v: lines %d-%d outside %d-%d", kind, path, s, e, d.StartLine, d.EndLine)
			return
		}
		if got := strings.TrimSpace(lines[s-1]); !strings.HasPrefix(got, want) {
			t.Errorf("%s %v: line %d is %q, want %q...", kind, path, s, got, want)
		}
	}
	check("Deployment", []any{"metadata", "name"}, "name:")
	check("Deployment", []any{"metadata", "labels", "helm.sh/chart"}, `{{- include "scaf.labels"`)
	check("Deployment", containerPath(0, "image"), "image:")
	check("Deployment", containerPath(0, "ports", 0, "containerPort"), "containerPort:")
	// securityContext comes from toYaml.
	check("Deployment", privilegedPath(0), "{{- toYaml . | nindent 12 }}")
	check("Deployment", []any{"spec", "template", "spec", "serviceAccountName"}, "serviceAccountName:")
	check("Deployment", []any{"spec", "template", "spec", "hostNetwork"}, "spec:")
	check("Service", []any{"spec", "ports", 0, "targetPort"}, "targetPort:")
	check("HorizontalPodAutoscaler", []any{"spec", "maxReplicas"}, "maxReplicas:")
	check("Ingress", []any{"spec", "rules", 0, "http", "paths", 0, "backend"}, "backend:")
	check("Pod", []any{"spec", "containers", 0, "image"}, "image:")
}
