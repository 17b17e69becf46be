package iac

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/palisadesec/palisade/pkg/finding"
)

// Bounds on what one YAML file may expand to: aliases can make a small file
// describe an enormous document ("billion laughs").
const (
	maxYAMLNodes = 2_000_000
	maxYAMLDepth = 500
)

// IgnoreAnnotation is the object annotation listing rule IDs to suppress.
const IgnoreAnnotation = "palisade.dev/ignore"

var errTooLarge = errors.New("document expands to too many nodes (alias bomb?)")

// ParseKubernetes reads a YAML or JSON file of Kubernetes objects: several
// documents, `List` kinds and CRDs included. Documents that are not objects
// (no kind) are skipped; problems with single documents are returned in
// errs and the other documents are kept. err is set when the file cannot be
// read at all.
func ParseKubernetes(path string, data []byte) (docs []Document, errs []error, err error) {
	if err := checkText(data); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	comments := ignoreComments(data)
	dec := yaml.NewDecoder(bytes.NewReader(data))
	budget := maxYAMLNodes
	for i := 1; ; i++ {
		var n yaml.Node
		if derr := dec.Decode(&n); derr != nil {
			if errors.Is(derr, io.EOF) {
				break
			}
			// The decoder cannot resynchronise after a syntax error: the
			// documents read so far are kept.
			errs = append(errs, fmt.Errorf("%s: %s", path, yamlErr(derr)))
			break
		}
		root := &n
		if root.Kind == yaml.DocumentNode {
			if len(root.Content) == 0 {
				continue
			}
			root = root.Content[0]
		}
		if root.Kind != yaml.MappingNode {
			continue
		}
		v, cerr := convert(root, &budget, 0)
		if cerr != nil {
			errs = append(errs, fmt.Errorf("%s:%d: %w", path, root.Line, cerr))
			if errors.Is(cerr, errTooLarge) {
				break
			}
			continue
		}
		obj, _ := v.(map[string]any)
		if _, ok := obj["kind"]; !ok {
			continue
		}
		ds, derr := objectDocs(path, newLineIndex(root), obj, comments, lastLine(&n))
		if derr != nil {
			errs = append(errs, derr)
		}
		docs = append(docs, ds...)
	}
	return docs, errs, nil
}

// objectDocs turns one decoded document into objects, expanding List kinds.
func objectDocs(path string, node lref, obj map[string]any, comments []commentIgnore, docEnd int) ([]Document, error) {
	kind, _ := obj["kind"].(string)
	apiVersion, _ := obj["apiVersion"].(string)
	if kind == "" || apiVersion == "" {
		return nil, fmt.Errorf("%s:%d: not a Kubernetes object: kind and apiVersion must be non-empty strings", path, node.Line())
	}
	if items, ok := obj["items"].([]any); ok && strings.HasSuffix(kind, "List") {
		itemsNode := node.Get("items")
		var out []Document
		var firstErr error
		for i, it := range items {
			m, ok := it.(map[string]any)
			if !ok || !itemsNode.ok() || itemsNode.Kind() != yaml.SequenceNode || i >= itemsNode.Len() {
				continue
			}
			item := itemsNode.Child(i)
			ds, err := objectDocs(path, item, m, comments, item.Last())
			if err != nil && firstErr == nil {
				firstErr = err
			}
			out = append(out, ds...)
		}
		return out, firstErr
	}
	d := Document{
		Type:      Kubernetes,
		File:      path,
		Value:     obj,
		Resource:  ResourceOf(obj),
		StartLine: node.Line(),
		EndLine:   max(docEnd, node.Line()),
		Locator:   NodeLocator{root: node},
	}
	d.Ignores = append(d.Ignores, annotationIgnores(obj, d.StartLine, d.EndLine)...)
	for _, c := range comments {
		switch {
		case c.header && c.next >= d.StartLine && c.next <= d.EndLine && c.next == node.FirstKeyLine():
			d.Ignores = append(d.Ignores, Ignore{IDs: c.ids, StartLine: d.StartLine, EndLine: d.EndLine, Source: "comment"})
		case c.target >= d.StartLine && c.target <= d.EndLine:
			d.Ignores = append(d.Ignores, Ignore{IDs: c.ids, StartLine: c.target, EndLine: c.target, Source: "comment"})
		}
	}
	return []Document{d}, nil
}

// ObjectDocument is a live Kubernetes object (read from an API server) as a
// policy input: no file, no lines; its ignore annotation applies.
func ObjectDocument(source string, obj map[string]any) Document {
	return Document{
		Type:     Kubernetes,
		Source:   source,
		Value:    obj,
		Resource: ResourceOf(obj),
		Ignores:  annotationIgnores(obj, 0, 0),
	}
}

// ResourceOf identifies a Kubernetes object.
func ResourceOf(obj map[string]any) *finding.Resource {
	r := &finding.Resource{}
	r.APIVersion, _ = obj["apiVersion"].(string)
	r.Kind, _ = obj["kind"].(string)
	if md, ok := obj["metadata"].(map[string]any); ok {
		r.Name, _ = md["name"].(string)
		r.Namespace, _ = md["namespace"].(string)
	}
	return r
}

func annotationIgnores(obj map[string]any, start, end int) []Ignore {
	md, _ := obj["metadata"].(map[string]any)
	ann, _ := md["annotations"].(map[string]any)
	v, _ := ann[IgnoreAnnotation].(string)
	ids := splitIDs(v)
	if len(ids) == 0 {
		return nil
	}
	return []Ignore{{IDs: ids, StartLine: start, EndLine: end, Source: "annotation"}}
}

func splitIDs(s string) []string {
	var ids []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' }) {
		ids = append(ids, strings.TrimSpace(p))
	}
	return ids
}

// commentIgnore is a `# palisade:ignore=ID,...` comment: target is the line
// it suppresses; header is set for a comment on a line of its own, whose
// target is the next line holding content (next).
type commentIgnore struct {
	ids          []string
	target, next int
	header       bool
}

var ignoreRe = regexp.MustCompile(`(?:^|\s)#\s*palisade:ignore=([A-Za-z0-9_.*,-]+)`)

// ignoreComments finds suppression comments by line; they are matched to
// documents afterwards.
func ignoreComments(data []byte) []commentIgnore {
	if !bytes.Contains(data, []byte("palisade:ignore=")) {
		return nil
	}
	lines := strings.Split(string(data), "\n")
	var out []commentIgnore
	for i, l := range lines {
		m := ignoreRe.FindStringSubmatchIndex(l)
		if m == nil {
			continue
		}
		ids := splitIDs(l[m[2]:m[3]])
		own := strings.TrimSpace(l[:m[0]]) == ""
		c := commentIgnore{ids: ids, target: i + 1}
		if own {
			c.header = true
			c.target, c.next = 0, 0
			for j := i + 1; j < len(lines); j++ {
				t := strings.TrimSpace(lines[j])
				if t == "" || strings.HasPrefix(t, "#") || t == "---" {
					continue
				}
				c.target, c.next = j+1, j+1
				break
			}
		}
		out = append(out, c)
	}
	return out
}

func checkText(data []byte) error {
	if len(data) > MaxFileSize {
		return fmt.Errorf("file is larger than %d MiB", MaxFileSize>>20)
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return errors.New("binary file (NUL bytes), not YAML or JSON")
	}
	if !utf8.Valid(data) {
		return errors.New("not valid UTF-8")
	}
	return nil
}

// yamlErr turns the YAML library's messages into one line.
func yamlErr(err error) string {
	s := strings.TrimPrefix(err.Error(), "yaml: ")
	return strings.Join(strings.Fields(s), " ")
}

// convert builds Go values from a node, expanding aliases and merge keys
// within the budget.
func convert(n *yaml.Node, budget *int, depth int) (any, error) {
	*budget--
	if *budget < 0 {
		return nil, errTooLarge
	}
	if depth > maxYAMLDepth {
		return nil, errors.New("document nested too deeply")
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, nil
		}
		return convert(n.Content[0], budget, depth+1)
	case yaml.AliasNode:
		if n.Alias == nil {
			return nil, errors.New("unknown alias")
		}
		return convert(n.Alias, budget, depth+1)
	case yaml.SequenceNode:
		out := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			v, err := convert(c, budget, depth+1)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	case yaml.MappingNode:
		out := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Tag == "!!merge" || (k.Kind == yaml.ScalarNode && k.Value == "<<" && k.Tag != "!!str") {
				if err := merge(out, v, budget, depth); err != nil {
					return nil, err
				}
				continue
			}
			key, err := keyString(k)
			if err != nil {
				return nil, err
			}
			val, err := convert(v, budget, depth+1)
			if err != nil {
				return nil, err
			}
			out[key] = val
		}
		return out, nil
	case yaml.ScalarNode:
		return scalar(n)
	}
	return nil, fmt.Errorf("line %d: unsupported YAML node", n.Line)
}

// merge applies a `<<` merge key: explicit keys win over merged ones.
func merge(out map[string]any, v *yaml.Node, budget *int, depth int) error {
	srcs := []*yaml.Node{v}
	if resolve(v).Kind == yaml.SequenceNode {
		srcs = resolve(v).Content
	}
	for _, s := range srcs {
		m, err := convert(s, budget, depth+1)
		if err != nil {
			return err
		}
		mm, ok := m.(map[string]any)
		if !ok {
			return fmt.Errorf("line %d: merge key needs a mapping", v.Line)
		}
		for k, x := range mm {
			if _, exists := out[k]; !exists {
				out[k] = x
			}
		}
	}
	return nil
}

func keyString(k *yaml.Node) (string, error) {
	k = resolve(k)
	if k.Kind != yaml.ScalarNode {
		return "", fmt.Errorf("line %d: mapping key is not a scalar", k.Line)
	}
	return k.Value, nil
}

func scalar(n *yaml.Node) (any, error) {
	switch n.ShortTag() {
	case "!!str", "!!binary", "!!timestamp":
		return n.Value, nil
	case "!!null":
		return nil, nil
	case "!!bool":
		var b bool
		if err := n.Decode(&b); err != nil {
			return nil, fmt.Errorf("line %d: %s", n.Line, yamlErr(err))
		}
		return b, nil
	case "!!int":
		if i, err := strconv.ParseInt(strings.ReplaceAll(n.Value, "_", ""), 0, 64); err == nil {
			return i, nil
		}
		var i int64
		if err := n.Decode(&i); err == nil {
			return i, nil
		}
		var f float64
		if err := n.Decode(&f); err != nil {
			return nil, fmt.Errorf("line %d: %s", n.Line, yamlErr(err))
		}
		return f, nil
	case "!!float":
		var f float64
		if err := n.Decode(&f); err != nil {
			return nil, fmt.Errorf("line %d: %s", n.Line, yamlErr(err))
		}
		if math.IsInf(f, 0) || math.IsNaN(f) {
			return n.Value, nil
		}
		return f, nil
	}
	// Custom tags (!Ref, !!set ...) are kept as their text.
	return n.Value, nil
}

func resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && n.Alias != nil && i < 100; i++ {
		n = n.Alias
	}
	return n
}

// lastLine is the last line a node's content reaches (aliases not followed).
func lastLine(n *yaml.Node) int {
	l := n.Line
	for _, c := range n.Content {
		l = max(l, lastLine(c))
	}
	if n.Kind == yaml.ScalarNode && (n.Style&(yaml.LiteralStyle|yaml.FoldedStyle)) != 0 {
		l += max(strings.Count(strings.TrimRight(n.Value, "\n"), "\n")+1, 0)
	}
	return l
}

// NodeLocator locates field paths in a parsed YAML object.
type NodeLocator struct {
	root lref
}

// Locate walks path from the root; a mapping entry points at its key's line,
// a sequence item at its first line. A path that leaves the file stops at
// the deepest part found.
func (l NodeLocator) Locate(path []any) (start, end int) {
	return locatePath(l.root, path, nil)
}

// locatePath walks path from root. item, when set, picks the item of a
// sequence for path[i] (no node stops the walk there); without it items are
// taken by index.
func locatePath(n lref, path []any, item func(seq lref, i int) lref) (start, end int) {
	if !n.ok() {
		return 0, 0
	}
	start, end = n.Line(), n.Last()
	for i, p := range path {
		var next lref
		line := 0
		switch n.Kind() {
		case yaml.MappingNode:
			key, ok := p.(string)
			if !ok {
				return start, end
			}
			line, next = n.Entry(key)
		case yaml.SequenceNode:
			if item != nil {
				next = item(n, i)
			} else if idx, ok := toIndex(p); ok && idx >= 0 && idx < n.Len() {
				next = n.Child(idx)
			}
			if next.ok() {
				line = next.Line()
			}
		}
		if !next.ok() {
			return start, end
		}
		n = next
		start, end = line, max(line, next.Last())
	}
	return start, end
}

func toIndex(p any) (int, bool) {
	switch v := p.(type) {
	case int:
		return v, true
	case int64:
		return int(v), true
	case float64:
		return int(v), v == math.Trunc(v)
	case interface{ Int64() (int64, error) }:
		i, err := v.Int64()
		return int(i), err == nil
	}
	return 0, false
}
