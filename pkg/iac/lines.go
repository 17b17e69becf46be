package iac

import (
	"sync"

	"go.yaml.in/yaml/v3"
)

// lineIndex is a compact copy of a parsed YAML document that keeps only what
// locating a field path needs: node kinds, scalar values, lines and the
// tree's shape. A yaml.Node is 152 bytes; a node here is 40 bytes plus 8 per
// child, and a document's nodes share two allocations, so keeping positions
// for every scanned object costs a fraction of keeping the parse trees.
type lineIndex struct {
	nodes []lnode
	kids  []lkid
}

type lnode struct {
	value      string
	line, last int32 // first line and last line of the node's content
	first, n   int32 // children: kids[first : first+n]
	kind       yaml.Kind
}

// lkid is one child of a node: the node it resolves to (aliases followed)
// and the line where the child itself is written (the alias, for an alias).
type lkid struct{ node, line int32 }

// lref is a node of an index; the zero value is no node.
type lref struct {
	t *lineIndex
	i int32
}

// newLineIndex copies the tree under root (a node already checked for depth
// and size by convert). Aliases point at their anchored node, which YAML
// defines before any alias to it, so the copy is linear in the source.
func newLineIndex(root *yaml.Node) lref {
	t := &lineIndex{}
	ids := map[*yaml.Node]int32{}
	var add func(n *yaml.Node) int32
	add = func(n *yaml.Node) int32 {
		n = resolve(n)
		if id, ok := ids[n]; ok {
			return id
		}
		id := int32(len(t.nodes))
		if n.Anchor != "" {
			ids[n] = id
		}
		t.nodes = append(t.nodes, lnode{value: n.Value, line: int32(n.Line), last: int32(lastLine(n)), kind: n.Kind})
		if len(n.Content) == 0 {
			return id
		}
		kids := make([]lkid, len(n.Content))
		for i, c := range n.Content {
			kids[i] = lkid{node: add(c), line: int32(c.Line)}
		}
		t.nodes[id].first, t.nodes[id].n = int32(len(t.kids)), int32(len(kids))
		t.kids = append(t.kids, kids...)
		return id
	}
	if root == nil {
		return lref{}
	}
	id := add(root)
	t.nodes = append([]lnode(nil), t.nodes...)
	t.kids = append([]lkid(nil), t.kids...)
	return lref{t: t, i: id}
}

func (r lref) ok() bool            { return r.t != nil }
func (r lref) node() *lnode        { return &r.t.nodes[r.i] }
func (r lref) Kind() yaml.Kind     { return r.node().kind }
func (r lref) Line() int           { return int(r.node().line) }
func (r lref) Last() int           { return int(r.node().last) }
func (r lref) Value() string       { return r.node().value }
func (r lref) Len() int            { return int(r.node().n) }
func (r lref) kid(i int) lkid      { return r.t.kids[int(r.node().first)+i] }
func (r lref) Child(i int) lref    { return lref{t: r.t, i: r.kid(i).node} }
func (r lref) ChildLine(i int) int { return int(r.kid(i).line) }

// FirstKeyLine is the line of a mapping's first key, or the node's line.
func (r lref) FirstKeyLine() int {
	if r.Kind() == yaml.MappingNode && r.Len() > 0 {
		return r.ChildLine(0)
	}
	return r.Line()
}

// Entry returns the line of key in mapping r and its value, or 0 and no node.
func (r lref) Entry(key string) (line int, val lref) {
	if !r.ok() || r.Kind() != yaml.MappingNode {
		return 0, lref{}
	}
	for i := 0; i+1 < r.Len(); i += 2 {
		if r.Child(i).Value() == key {
			return r.ChildLine(i), r.Child(i + 1)
		}
	}
	return 0, lref{}
}

// Get is the value of key in mapping r, or no node.
func (r lref) Get(key string) lref {
	_, v := r.Entry(key)
	return v
}

// fileLines parses a file again, once, for the locators of its compacted
// documents.
type fileLines struct {
	path string
	once sync.Once
	docs []docLines
}

type docLines struct {
	start, end int
	loc        Locator
}

func (f *fileLines) load() []docLines {
	f.once.Do(func() {
		data, err := readFileBounded(f.path, MaxFileSize)
		if err != nil {
			return
		}
		docs, _, _ := ParseKubernetes(f.path, data)
		for _, d := range docs {
			f.docs = append(f.docs, docLines{d.StartLine, d.EndLine, d.Locator})
		}
	})
	return f.docs
}

// fileLocator locates the fields of a compacted document in its file's
// second parse. If the file changed meanwhile and the document is no longer
// where it was, it locates nothing (the finding then points at the whole
// document).
type fileLocator struct {
	file       *fileLines
	start, end int
}

// Locate implements Locator.
func (l *fileLocator) Locate(path []any) (start, end int) {
	for _, d := range l.file.load() {
		if d.start == l.start && d.end == l.end && d.loc != nil {
			return d.loc.Locate(path)
		}
	}
	return 0, 0
}
