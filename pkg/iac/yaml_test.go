package iac

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const multiDoc = `# leading comment
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: prod
  annotations:
    palisade.dev/ignore: PAL-K8S-001, PAL-K8S-014
spec:
  template:
    spec:
      containers:
        - name: app
          image: nginx:1.27
          securityContext:
            privileged: true # palisade:ignore=PAL-K8S-099
        - name: side
          image: busybox
---
# not an object: skipped
just: values
---
apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Service
    metadata: {name: svc}
    spec:
      type: NodePort
  - apiVersion: v1
    kind: ConfigMap
    metadata: {name: cm}
---
# palisade:ignore=PAL-K8S-050
apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  # palisade:ignore=PAL-K8S-002
  hostPID: true
  containers: []
`

func TestParseKubernetes(t *testing.T) {
	docs, errs, err := ParseKubernetes("m.yaml", []byte(multiDoc))
	if err != nil || len(errs) > 0 {
		t.Fatal(err, errs)
	}
	var names []string
	for _, d := range docs {
		names = append(names, d.Resource.Kind+"/"+d.Resource.Name)
	}
	if got := strings.Join(names, " "); got != "Deployment/web Service/svc ConfigMap/cm Pod/p" {
		t.Fatalf("objects: %s", got)
	}
	dep := docs[0]
	if dep.StartLine != 2 || dep.EndLine != 18 || dep.Resource.Namespace != "prod" {
		t.Errorf("deployment span %d-%d ns %q", dep.StartLine, dep.EndLine, dep.Resource.Namespace)
	}
	for _, c := range []struct {
		path       []any
		start, end int
	}{
		{[]any{"spec", "template", "spec", "containers", 0, "securityContext", "privileged"}, 16, 16},
		{[]any{"spec", "template", "spec", "containers", 1}, 17, 18},
		{[]any{"spec", "template", "spec", "containers", int64(1), "securityContext", "runAsNonRoot"}, 17, 18},
		{[]any{"spec", "template", "spec", "containers", 0, "image"}, 14, 14},
		{[]any{"spec", "nope"}, 9, 18},
		{[]any{"spec", "template", "spec", "containers", 7}, 12, 18},
	} {
		if s, e := dep.Locate(c.path); s != c.start || e != c.end {
			t.Errorf("Locate(%v) = %d-%d, want %d-%d", c.path, s, e, c.start, c.end)
		}
	}
	if s, _ := docs[1].Locate([]any{"spec", "type"}); s != 30 {
		t.Errorf("List item Service spec.type at line %d, want 30", s)
	}
	// Annotation: whole object; trailing comment: its line.
	if !suppressed(dep, "PAL-K8S-014", 13) || !suppressed(dep, "PAL-K8S-099", 16) || suppressed(dep, "PAL-K8S-099", 15) {
		t.Errorf("deployment ignores: %+v", dep.Ignores)
	}
	pod := docs[3]
	// A comment above the first key covers the document; one on its own line covers the next line.
	if !suppressed(pod, "PAL-K8S-050", pod.EndLine) || !suppressed(pod, "PAL-K8S-002", 42) || suppressed(pod, "PAL-K8S-002", 43) {
		t.Errorf("pod ignores: %+v", pod.Ignores)
	}
}

func suppressed(d Document, id string, line int) bool {
	for _, ig := range d.Ignores {
		if ig.Suppresses(id, line) {
			return true
		}
	}
	return false
}

func TestParseKubernetesValues(t *testing.T) {
	src := `apiVersion: v1
kind: Pod
metadata: {name: p}
base: &b {a: 1, b: "x"}
spec:
  <<: *b
  b: over
  n: 0x10
  f: 1.5
  t: true
  z: null
  s: "007"
`
	docs, errs, err := ParseKubernetes("p.yaml", []byte(src))
	if err != nil || len(errs) > 0 || len(docs) != 1 {
		t.Fatal(err, errs)
	}
	spec := docs[0].Value["spec"].(map[string]any)
	want := map[string]any{"a": int64(1), "b": "over", "n": int64(16), "f": 1.5, "t": true, "z": nil, "s": "007"}
	for k, v := range want {
		if spec[k] != v {
			t.Errorf("spec.%s = %#v, want %#v", k, spec[k], v)
		}
	}
}

func TestParseKubernetesBadInput(t *testing.T) {
	bomb := "a: &a [x,x,x,x,x,x,x,x,x,x]\n"
	prev := "a"
	for _, n := range []string{"b", "c", "d", "e", "f", "g", "h"} {
		bomb += n + ": &" + n + " [" + strings.Repeat("*"+prev+",", 9) + "*" + prev + "]\n"
		prev = n
	}
	bomb = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n" + indent(bomb)
	cases := map[string]struct {
		data    string
		fileErr string
		docErr  string
	}{
		"binary":       {data: "apiVersion: v1\x00\x01", fileErr: "binary file"},
		"non-utf8":     {data: "apiVersion: v1\nkind: \xff\xfe\n", fileErr: "UTF-8"},
		"syntax":       {data: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: [unclosed\n", docErr: "p.yaml"},
		"alias bomb":   {data: bomb, docErr: "too many nodes"},
		"no version":   {data: "kind: Pod\nmetadata: {name: x}\n", docErr: "not a Kubernetes object"},
		"kind not str": {data: "apiVersion: v1\nkind: [Pod]\n", docErr: "not a Kubernetes object"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, errs, err := ParseKubernetes("p.yaml", []byte(c.data))
			if c.fileErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.fileErr) {
					t.Fatalf("err = %v, want %q", err, c.fileErr)
				}
				return
			}
			if err != nil || len(errs) == 0 || !strings.Contains(errs[0].Error(), c.docErr) {
				t.Fatalf("err = %v, errs = %v, want %q", err, errs, c.docErr)
			}
		})
	}
	big := strings.Repeat("#", MaxFileSize+1)
	if _, _, err := ParseKubernetes("big.yaml", []byte(big)); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("big file: %v", err)
	}
}

func indent(s string) string {
	var b strings.Builder
	for _, l := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
		b.WriteString("  " + l + "\n")
	}
	return b.String()
}

func TestParseKubernetesKeepsDocumentsBeforeAnError(t *testing.T) {
	src := "apiVersion: v1\nkind: Pod\nmetadata: {name: ok}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: [\n"
	docs, errs, err := ParseKubernetes("p.yaml", []byte(src))
	if err != nil || len(docs) != 1 || len(errs) != 1 {
		t.Fatalf("docs %d errs %v err %v", len(docs), errs, err)
	}
	if !strings.HasPrefix(errs[0].Error(), "p.yaml:") || strings.Contains(errs[0].Error(), "\n") {
		t.Errorf("error not one line with the file: %q", errs[0])
	}
}

func TestLoadWalksAndSkips(t *testing.T) {
	dir := t.TempDir()
	write := func(rel, data string) {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	pod := "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n"
	write("a/pod.yaml", pod)
	write("a/values.yml", "replicas: 3\n")
	write("a/notes.txt", "hello")
	write("b/skip/pod.yaml", pod)
	write(".git/pod.yaml", pod)
	write("c/Dockerfile", "FROM alpine:3.20\nUSER app\n")
	write("c/broken.json", "{\"apiVersion\": \"v1\", \"kind\": ")
	files := Load(context.Background(), []string{dir, filepath.Join(dir, "missing")}, WithSkip(func(rel string, isDir bool) bool {
		return isDir && strings.HasSuffix(rel, "skip")
	}))
	var got []string
	for _, f := range files {
		rel, _ := filepath.Rel(dir, f.Path)
		s := filepath.ToSlash(rel) + ":" + f.Type
		if f.Err != nil || len(f.Errors) > 0 {
			s += ":error"
		}
		got = append(got, s)
	}
	want := "a/pod.yaml:kubernetes c/Dockerfile:dockerfile c/broken.json:kubernetes:error missing::error"
	if strings.Join(got, " ") != want {
		t.Errorf("loaded %q\nwant   %q", strings.Join(got, " "), want)
	}
}

func FuzzParseKubernetes(f *testing.F) {
	f.Add([]byte(multiDoc))
	f.Add([]byte("apiVersion: v1\nkind: List\nitems: [{apiVersion: v1, kind: Pod, metadata: {name: a}}]\n"))
	f.Add([]byte("a: &a [1]\nb: *a\napiVersion: v1\nkind: X\n<<: {c: 1}\n"))
	f.Add([]byte(`{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		docs, _, err := ParseKubernetes("f.yaml", data)
		if err != nil {
			return
		}
		for _, d := range docs {
			if d.StartLine < 1 || d.EndLine < d.StartLine {
				t.Fatalf("bad span %d-%d", d.StartLine, d.EndLine)
			}
			s, e := d.Locate([]any{"spec", "containers", 0, "securityContext"})
			if s < 1 || e < s {
				t.Fatalf("bad location %d-%d", s, e)
			}
		}
	})
}
