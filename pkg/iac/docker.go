package iac

import (
	"github.com/palisadesec/palisade/pkg/iac/dockerfile"
)

// ParseDockerfile reads one Dockerfile into a document for the dockerfile
// rules; findings carry the lines of the instruction they concern.
func ParseDockerfile(path string, data []byte) (Document, error) {
	f, err := dockerfile.Parse(path, data)
	if err != nil {
		return Document{}, err
	}
	d := Document{Type: Dockerfile, File: path, Value: f.Input, StartLine: 1, EndLine: max(f.Lines, 1)}
	for _, ig := range f.Ignores {
		d.Ignores = append(d.Ignores, Ignore{IDs: ig.IDs, StartLine: ig.StartLine, EndLine: ig.EndLine, Source: "comment"})
	}
	return d, nil
}
