package iac

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"go.yaml.in/yaml/v3"
)

// allPaths lists every field path of a document's line index.
func allPaths(n lref, path []any, out *[][]any) {
	*out = append(*out, slices.Clone(path))
	switch n.Kind() {
	case yaml.MappingNode:
		for i := 0; i+1 < n.Len(); i += 2 {
			allPaths(n.Child(i+1), append(slices.Clip(path), n.Child(i).Value()), out)
		}
	case yaml.SequenceNode:
		for i := range n.Len() {
			allPaths(n.Child(i), append(slices.Clip(path), i), out)
		}
	}
}

// TestCompactLocatesTheSame: a compacted file's documents locate every
// field path where the parsed ones did, by parsing the file again once; a
// file changed meanwhile makes them point at the whole document instead of
// at wrong lines.
func TestCompactLocatesTheSame(t *testing.T) {
	p := filepath.Join(t.TempDir(), "m.yaml")
	if err := os.WriteFile(p, []byte(multiDoc), 0o644); err != nil {
		t.Fatal(err)
	}
	docs, errs, err := ParseKubernetes(p, []byte(multiDoc))
	if err != nil || len(errs) > 0 {
		t.Fatal(err, errs)
	}
	f := File{Path: p, Docs: slices.Clone(docs)}
	f.Compact()
	checked := 0
	for i, d := range docs {
		if _, ok := f.Docs[i].Locator.(*fileLocator); !ok {
			t.Fatalf("doc %d not compacted: %T", i, f.Docs[i].Locator)
		}
		var paths [][]any
		allPaths(d.Locator.(NodeLocator).root, nil, &paths)
		paths = append(paths, []any{"spec", "missing", 3})
		for _, path := range paths {
			s1, e1 := d.Locate(path)
			s2, e2 := f.Docs[i].Locate(path)
			if s1 != s2 || e1 != e2 {
				t.Errorf("doc %d %v: compacted %d-%d, parsed %d-%d", i, path, s2, e2, s1, e1)
			}
			checked++
		}
	}
	if checked < 40 {
		t.Fatalf("only %d paths checked", checked)
	}
	// The shared second parse happened once; a new compaction of a changed
	// file falls back to the document's own lines.
	if err := os.WriteFile(p, []byte("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	g := File{Path: p, Docs: slices.Clone(docs)}
	g.Compact()
	path := []any{"spec", "template", "spec", "containers", 0, "image"}
	if s, e := g.Docs[0].Locate(path); s != docs[0].StartLine || e != docs[0].EndLine {
		t.Errorf("changed file: %d-%d, want the document %d-%d", s, e, docs[0].StartLine, docs[0].EndLine)
	}
	if s, _ := f.Docs[0].Locate(path); s != 14 {
		t.Errorf("first compaction re-read the file: line %d, want 14", s)
	}
}

// TestLineIndexAliases: aliases point at their anchored node (the alias's
// own line is kept for the entry), and a document full of aliases is
// indexed without expanding them.
func TestLineIndexAliases(t *testing.T) {
	src := `apiVersion: v1
kind: Pod
metadata:
  name: a
spec:
  base: &b
    x: 1
    y:
      - 2
  copy: *b
`
	docs, errs, err := ParseKubernetes("a.yaml", []byte(src))
	if err != nil || len(errs) > 0 || len(docs) != 1 {
		t.Fatal(err, errs, len(docs))
	}
	d := docs[0]
	for _, c := range []struct {
		path       []any
		start, end int
	}{
		{[]any{"spec", "copy"}, 10, 10},
		{[]any{"spec", "copy", "y", 0}, 9, 9},
		{[]any{"spec", "base", "y"}, 8, 9},
	} {
		if s, e := d.Locate(c.path); s != c.start || e != c.end {
			t.Errorf("Locate(%v) = %d-%d, want %d-%d", c.path, s, e, c.start, c.end)
		}
	}
	idx := d.Locator.(NodeLocator).root.t
	if len(idx.nodes) > 20 {
		t.Errorf("%d nodes indexed: aliases were expanded", len(idx.nodes))
	}
}
