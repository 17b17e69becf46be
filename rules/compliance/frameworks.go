// Package frameworks embeds the compliance framework mappings that
// pkg/compliance assesses reports against: one YAML file per framework
// version, named after it (see README.md in this directory for the format).
package frameworks

import (
	"embed"
	"io/fs"
)

//go:embed *.yaml
var files embed.FS

// FS returns the framework files: <framework>.yaml at the top level.
func FS() fs.FS { return files }
