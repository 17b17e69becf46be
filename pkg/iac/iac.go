// Package iac turns configuration files (Kubernetes YAML and JSON, Helm charts,
// Kustomize directories and Dockerfiles) into policy input documents that keep
// their file and line positions, so that a rule's finding can point at the
// offending field rather than at the whole file.
package iac

import (
	"github.com/palisadesec/palisade/pkg/finding"
)

// InputType says which rules a document is evaluated against.
type InputType string

// Input types, matching the `custom.input` of rule metadata.
const (
	Kubernetes InputType = "kubernetes"
	Dockerfile InputType = "dockerfile"
)

// MaxFileSize bounds what is read of one configuration file.
const MaxFileSize = 20 << 20

// Document is one policy input taken from a file.
type Document struct {
	Type InputType
	// File is the path findings point at: the file as the user named it, or
	// the chart template or Kustomize resource the object came from.
	File string
	// Source names what produced the document when it is not the file
	// itself: "helm:CHART" or "kustomize:DIR".
	Source string
	// Value is the input document as JSON-like Go values.
	Value map[string]any
	// Resource identifies a Kubernetes object; nil for Dockerfiles.
	Resource *finding.Resource
	// StartLine and EndLine span the document in File.
	StartLine, EndLine int
	// Locator maps field paths to lines; nil means the whole document.
	Locator Locator
	// Ignores are the suppressions written in the file or on the object.
	Ignores []Ignore
}

// Locator maps a field path inside a document (keys and indexes) to the
// lines of the deepest part of it that exists.
type Locator interface {
	Locate(path []any) (start, end int)
}

// Locate returns the lines a finding with the given field path points at.
func (d *Document) Locate(path []any) (start, end int) {
	if d.Locator != nil && len(path) > 0 {
		if s, e := d.Locator.Locate(path); s > 0 {
			return s, max(e, s)
		}
	}
	return d.StartLine, d.EndLine
}

// Compact drops what the file's documents keep only to locate fields, when
// it can be had again: the positions of a plain YAML file are rebuilt from
// the file, once for all its documents, the first time Locate needs them.
// A scan that has already placed the findings of its per-object rules
// compacts files to keep memory bounded while it holds every object for
// cross-object rules.
func (f *File) Compact() {
	var shared *fileLines
	for i := range f.Docs {
		d := &f.Docs[i]
		if _, ok := d.Locator.(NodeLocator); ok {
			if shared == nil {
				shared = &fileLines{path: d.File}
			}
			d.Locator = &fileLocator{file: shared, start: d.StartLine, end: d.EndLine}
		}
	}
}

// Preload re-reads now the positions of a compacted document (see
// Compact), so that many documents can be prepared in parallel before their
// findings are placed. It is safe for concurrent use.
func (d *Document) Preload() {
	if l, ok := d.Locator.(*fileLocator); ok {
		l.file.load()
	}
}

// Ignore suppresses rule IDs on a span of lines of a file.
type Ignore struct {
	IDs []string
	// StartLine and EndLine bound the lines whose findings are suppressed.
	StartLine, EndLine int
	// Source is "annotation" or "comment".
	Source string
}

// Suppresses reports whether the ignore covers rule id at line.
func (ig Ignore) Suppresses(id string, line int) bool {
	if line < ig.StartLine || line > ig.EndLine {
		return false
	}
	for _, x := range ig.IDs {
		if x == id || x == "*" {
			return true
		}
	}
	return false
}

// File is everything taken from one configuration file (or chart, or
// Kustomize directory).
type File struct {
	// Path is the file or directory as found.
	Path string
	// Type is the kind of input: "kubernetes", "dockerfile", "helm" or "kustomize".
	Type string
	Docs []Document
	// Errors are per-document problems; the other documents are still scanned.
	Errors []error
	// Err is set when nothing of the file could be read.
	Err error
}
